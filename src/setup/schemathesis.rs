//! `--test-tools`: schemathesis, which the API test runs against the OpenAPI document, in a
//! virtualenv of its own under koe's cache folder. It comes from PyPI (Debian does not package
//! it), pinned, and made with Debian's Python so that a pyenv or conda Python on PATH does
//! not decide what the tests run on.

use std::path::{Path, PathBuf};

use super::{system, SetupError};

/// The version the API test was written against; a virtualenv with another one is remade.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

const DEBIAN_PYTHON: &str = "/usr/bin/python3";

/// The virtualenv's folder.
pub fn schemathesis_venv() -> PathBuf {
    crate::config::cache_dir().join("schemathesis-venv")
}

/// The `schemathesis` program of koe's virtualenv (present after `koe setup --test-tools`).
pub fn schemathesis_program() -> PathBuf {
    schemathesis_venv().join("bin").join("schemathesis")
}

/// Makes the virtualenv with the pinned schemathesis unless it is there.
pub(crate) fn ensure_installed() -> Result<(), SetupError> {
    let venv = schemathesis_venv();
    let program = schemathesis_program();
    if installed_version(&program).as_deref() == Some(SCHEMATHESIS_VERSION) {
        tracing::info!("schemathesis {SCHEMATHESIS_VERSION} is installed in {}", venv.display());
        return Ok(());
    }
    // Another version, or a virtualenv whose Python went away with a Debian upgrade.
    if venv.exists() {
        std::fs::remove_dir_all(&venv).map_err(|source| SetupError::Venv { path: venv.clone(), source })?;
    }
    tracing::info!("installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into {}", venv.display());
    let venv_text = path_text(&venv);
    system::stream(DEBIAN_PYTHON, &["-m", "venv", &venv_text], &[])?;
    let pip = path_text(&venv.join("bin").join("pip"));
    let wanted = format!("schemathesis=={SCHEMATHESIS_VERSION}");
    system::stream(&pip, &["install", "--quiet", &wanted], &[])?;
    Ok(())
}

fn installed_version(program: &Path) -> Option<String> {
    let out = system::capture(&path_text(program), &["--version"], None).ok()?;
    // "schemathesis, version 4.32.5"
    out.success.then(|| out.stdout.trim().rsplit(' ').next().unwrap_or_default().to_owned())
}

fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
