//! Debian packages koe needs, checked with dpkg-query and installed with apt-get.

use std::collections::HashSet;

use super::{system, SetupError};

/// Always needed: the database server and the IPADIC sources `koe dict build` reads.
pub(crate) const REQUIRED: &[&str] = &["postgresql", "mecab-ipadic"];
/// `--test-tools`: headless browser, its WebDriver, Japanese glyphs for its screenshots, an
/// SMTP server for the tests, and Python's venv for schemathesis's virtualenv.
pub(crate) const TEST_TOOLS: &[&str] = &["chromium", "chromium-driver", "fonts-noto-cjk", "python3-aiosmtpd", "python3-venv"];
/// `--bench-tools`: MeCab as the reference analyser, a load generator, and nginx as the
/// static-page reference of `koe bench ingest` (its pgbench comes with `postgresql`).
pub(crate) const BENCH_TOOLS: &[&str] = &["mecab", "mecab-ipadic-utf8", "wrk", "nginx-light"];

/// The packages wanted for these options, in a stable order.
pub(crate) fn wanted(test_tools: bool, bench_tools: bool) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = REQUIRED.to_vec();
    if test_tools {
        names.extend_from_slice(TEST_TOOLS);
    }
    if bench_tools {
        names.extend_from_slice(BENCH_TOOLS);
    }
    names
}

/// Install whatever of `wanted` is missing (as root), and return what was installed.
pub(crate) fn ensure_installed(wanted: &[&str], root: bool) -> Result<Vec<String>, SetupError> {
    if system::find_program("dpkg-query").is_none() {
        return Err(SetupError::NotDebian {
            packages: wanted.join(", "),
        });
    }
    let missing = missing_packages(wanted)?;
    if missing.is_empty() {
        tracing::info!(
            "the Debian packages koe needs are installed ({})",
            wanted.join(", ")
        );
        return Ok(Vec::new());
    }
    let list = missing.join(" ");
    if !root {
        return Err(SetupError::MissingPackages {
            missing: missing.join(", "),
            command: format!(
                "sudo apt-get update && sudo apt-get install -y --no-install-recommends {list}"
            ),
        });
    }
    tracing::info!("installing {list}");
    let noninteractive = [("DEBIAN_FRONTEND", "noninteractive")];
    system::stream("apt-get", &["update"], &noninteractive)?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(missing.iter().map(String::as_str));
    system::stream("apt-get", &args, &noninteractive)?;

    let still = missing_packages(wanted)?;
    if !still.is_empty() {
        return Err(SetupError::StillMissing {
            missing: still.join(", "),
        });
    }
    tracing::info!("installed {list}");
    Ok(missing)
}

/// The names in `wanted` that dpkg does not report as installed.
fn missing_packages(wanted: &[&str]) -> Result<Vec<String>, SetupError> {
    let mut args = vec!["-W", "-f=${Package}\t${Status}\n"];
    args.extend_from_slice(wanted);
    // dpkg-query exits 1 when some name is unknown to it; that only means "not installed".
    let out = system::capture("dpkg-query", &args, None)?;
    let installed = installed_from_dpkg_output(&out.stdout);
    Ok(wanted
        .iter()
        .filter(|name| !installed.contains(**name))
        .map(|name| name.to_string())
        .collect())
}

/// Parse `dpkg-query -W -f='${Package}\t${Status}\n'` output into the set of installed
/// package names (architecture qualifiers removed).
pub(crate) fn installed_from_dpkg_output(output: &str) -> HashSet<String> {
    output
        .lines()
        .filter_map(|line| {
            let (name, status) = line.split_once('\t')?;
            let name = name.trim().split(':').next()?.to_string();
            status_is_installed(status).then_some(name)
        })
        .collect()
}

/// dpkg's `${Status}` is "want error state", e.g. "install ok installed". A package is usable
/// when its state is `installed` without an error flag, whatever is wanted of it (a held
/// package, "hold ok installed", is installed too).
pub(crate) fn status_is_installed(status: &str) -> bool {
    let words: Vec<&str> = status.split_whitespace().collect();
    matches!(words.as_slice(), [_, "ok", "installed"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wanted_follows_the_options() {
        assert_eq!(wanted(false, false), vec!["postgresql", "mecab-ipadic"]);
        assert_eq!(
            wanted(true, false),
            vec![
                "postgresql",
                "mecab-ipadic",
                "chromium",
                "chromium-driver",
                "fonts-noto-cjk",
                "python3-aiosmtpd",
                "python3-venv"
            ]
        );
        assert_eq!(
            wanted(false, true),
            vec![
                "postgresql",
                "mecab-ipadic",
                "mecab",
                "mecab-ipadic-utf8",
                "wrk",
                "nginx-light"
            ]
        );
        assert_eq!(wanted(true, true).len(), 11);
    }

    #[test]
    fn status_words() {
        assert!(status_is_installed("install ok installed"));
        assert!(status_is_installed("hold ok installed"));
        assert!(!status_is_installed("deinstall ok config-files"));
        assert!(!status_is_installed("unknown ok not-installed"));
        assert!(!status_is_installed("install ok half-configured"));
        assert!(!status_is_installed("install reinstreq half-installed"));
        assert!(!status_is_installed(""));
    }

    #[test]
    fn dpkg_output_is_parsed() {
        let out = "postgresql\tinstall ok installed\n\
                   mecab-ipadic\tdeinstall ok config-files\n\
                   chromium:amd64\tinstall ok installed\n\
                   wrk\tunknown ok not-installed\n";
        let installed = installed_from_dpkg_output(out);
        assert!(installed.contains("postgresql"));
        assert!(installed.contains("chromium"));
        assert!(!installed.contains("mecab-ipadic"));
        assert!(!installed.contains("wrk"));
        assert_eq!(installed.len(), 2);
        assert!(installed_from_dpkg_output("").is_empty());
        assert!(installed_from_dpkg_output("garbage line\n").is_empty());
    }
}
