//! Building IPADIC into lindera's format, and loading the result.
//!
//! Debian's mecab-ipadic ships EUC-JP sources. They are decoded to UTF-8 (with every
//! surface put into the analysis normal form, so that the dictionary and the normalised
//! comments agree on full-width letters and digits), compiled by lindera's
//! `DictionaryBuilder`, and installed atomically: the build happens in a sibling staging
//! folder, gets a completion marker last, and is renamed into place. A crash or two racing
//! processes therefore never leave a half-built dictionary where the loader looks.

use std::borrow::Cow;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Instant;

use lindera::dictionary::{Dictionary, DictionaryBuilder, Metadata, Schema};
use sha2::{Digest, Sha256};

use super::error::TextError;
use super::normalize;

/// Written last into a finished build; its contents identify how the build was made (and,
/// since koe writes it, from which sources).
const COMPLETE_MARKER: &str = "koe-complete";

/// Bump when the build recipe changes (normal form, metadata, context ids) so that
/// `ensure_dictionary` rebuilds dictionaries made by an older koe.
const BUILD_REVISION: u32 = 1;

/// Files lindera reads besides the `*.csv` word lists.
const DEFINITION_FILES: [&str; 3] = ["char.def", "unk.def", "matrix.def"];

/// IPADIC's context id for 名詞,一般 (see its left-id.def), used for koe's own nouns.
pub(crate) const GENERAL_NOUN_CONTEXT_ID: u16 = 1285;

/// Cost of koe's own nouns: low enough that the lattice always keeps them whole.
pub(crate) const USER_WORD_COST: i16 = -10000;

/// Where Debian's mecab-ipadic installs its sources.
pub fn default_ipadic_source() -> PathBuf {
    PathBuf::from("/usr/share/mecab/dic/ipadic")
}

/// Builds the dictionary into `out` unless a complete build by this koe is already there.
pub fn ensure_dictionary(source: &Path, out: &Path) -> Result<(), TextError> {
    if is_complete(out) {
        tracing::debug!(dictionary = %out.display(), "dictionary already built");
        return Ok(());
    }
    build(source, out, Replace::OnlyIncomplete)
}

/// Builds the dictionary from the IPADIC sources in `source` into `out`, replacing any
/// previous build there.
pub fn build_dictionary(source: &Path, out: &Path) -> Result<(), TextError> {
    build(source, out, Replace::Always)
}

/// What to do when `out` turns out to hold a complete build once ours is finished.
#[derive(Clone, Copy, PartialEq)]
enum Replace {
    Always,
    /// A process that raced us has just installed one: keep it, so that nobody loading it
    /// sees the folder swapped underneath.
    OnlyIncomplete,
}

fn build(source: &Path, out: &Path, replace: Replace) -> Result<(), TextError> {
    let started = Instant::now();
    check_sources(source)?;
    let staging = Staging::create(out)?;
    let utf8_sources = staging.path.join("source");
    let built = staging.path.join("dictionary");

    let source_digest = decode_sources(source, &utf8_sources)?;
    DictionaryBuilder::new(ipadic_metadata())
        .build_dictionary(&utf8_sources, &built)
        .map_err(TextError::lindera("build the IPADIC dictionary"))?;
    let marker = built.join(COMPLETE_MARKER);
    let contents = format!("{}source sha256 {source_digest}\n", marker_contents());
    fs::write(&marker, contents).map_err(TextError::io("write", &marker))?;
    if replace == Replace::OnlyIncomplete && is_complete(out) {
        tracing::info!(dictionary = %out.display(), "another process built the dictionary first");
        return Ok(());
    }
    install(&built, out, &staging.path)?;

    tracing::info!(
        source = %source.display(),
        dictionary = %out.display(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "built the IPADIC dictionary"
    );
    Ok(())
}

/// Loads a complete build, memory-mapping the connection matrix and the word index; also
/// returns the build's marker, which identifies the build (for the analyser's fingerprint).
pub(crate) fn load(dict_dir: &Path) -> Result<(Dictionary, String), TextError> {
    let marker = fs::read_to_string(dict_dir.join(COMPLETE_MARKER)).unwrap_or_default();
    if !is_complete_marker(&marker) {
        return Err(TextError::NotBuilt {
            path: dict_dir.to_path_buf(),
        });
    }
    let dictionary = lindera::dictionary::load_fs_dictionary_with_options(dict_dir, true)
        .map_err(TextError::lindera("load the dictionary"))?;
    Ok((dictionary, marker))
}

fn is_complete(dict_dir: &Path) -> bool {
    fs::read_to_string(dict_dir.join(COMPLETE_MARKER)).is_ok_and(|marker| is_complete_marker(&marker))
}

/// A build by this koe's recipe; what follows the recipe (the sources' digest) may differ.
fn is_complete_marker(marker: &str) -> bool {
    marker.starts_with(&marker_contents())
}

/// What identifies this koe's recipe for building the dictionary (lindera's format, koe's revision).
fn marker_contents() -> String {
    let format = ipadic_metadata().format_version;
    format!("lindera dictionary format {format}\nkoe build revision {BUILD_REVISION}\n")
}

/// IPADIC's layout as lindera needs it: 13 columns, UTF-8 once decoded.
fn ipadic_metadata() -> Metadata {
    let fields = [
        "surface",
        "left_context_id",
        "right_context_id",
        "cost",
        "part_of_speech",
        "part_of_speech_subcategory_1",
        "part_of_speech_subcategory_2",
        "part_of_speech_subcategory_3",
        "conjugation_type",
        "conjugation_form",
        "base_form",
        "reading",
        "pronunciation",
    ];
    let user_fields = ["surface", "part_of_speech", "reading"];
    Metadata::new(
        "ipadic".to_owned(),
        "UTF-8".to_owned(),
        USER_WORD_COST,
        GENERAL_NOUN_CONTEXT_ID,
        GENERAL_NOUN_CONTEXT_ID,
        "*".to_owned(),
        true,
        false,
        false,
        Schema::new(fields.map(str::to_owned).to_vec()),
        Schema::new(user_fields.map(str::to_owned).to_vec()),
    )
}

fn check_sources(source: &Path) -> Result<(), TextError> {
    let missing = |missing| TextError::SourceMissing {
        path: source.to_path_buf(),
        missing,
    };
    if !source.is_dir() {
        return Err(missing("the folder"));
    }
    if let Some(file) = DEFINITION_FILES
        .into_iter()
        .find(|file| !source.join(file).is_file())
    {
        return Err(missing(file));
    }
    if source_files(source)?.iter().all(|path| !is_word_list(path)) {
        return Err(missing("the *.csv word lists"));
    }
    Ok(())
}

fn source_files(source: &Path) -> Result<Vec<PathBuf>, TextError> {
    let entries = fs::read_dir(source).map_err(TextError::io("read", source))?;
    let mut files = Vec::new();
    for entry in entries {
        files.push(entry.map_err(TextError::io("read", source))?.path());
    }
    Ok(files)
}

fn is_word_list(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension == "csv")
}

/// Writes UTF-8 copies of the files lindera reads into `target`; returns the SHA-256 (hex) of
/// the sources as read (names and bytes, in name order), so that a rebuild from changed
/// sources changes the analyser's fingerprint.
fn decode_sources(source: &Path, target: &Path) -> Result<String, TextError> {
    fs::create_dir_all(target).map_err(TextError::io("create", target))?;
    let mut files = source_files(source)?;
    files.sort();
    let mut digest = Sha256::new();
    for path in files {
        let Some(name) = path.file_name() else {
            continue;
        };
        let is_definition = DEFINITION_FILES.iter().any(|file| name == *file);
        if !is_definition && !is_word_list(&path) {
            continue;
        }
        let bytes = fs::read(&path).map_err(TextError::io("read", &path))?;
        digest.update(name.as_encoded_bytes());
        digest.update((bytes.len() as u64).to_le_bytes());
        digest.update(&bytes);
        let text = encoding_rs::EUC_JP
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .ok_or_else(|| TextError::SourceEncoding { path: path.clone() })?;
        let text = if is_definition {
            text
        } else {
            Cow::Owned(normalize_surfaces(&text))
        };
        let copy = target.join(name);
        fs::write(&copy, text.as_bytes()).map_err(TextError::io("write", &copy))?;
    }
    Ok(digest
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// Puts the surface (first column) of every word-list row into the analysis normal form.
fn normalize_surfaces(word_list: &str) -> String {
    let mut out = String::with_capacity(word_list.len());
    for row in word_list.lines() {
        let Some((surface, rest)) = row.split_once(',') else {
            continue;
        };
        let surface = normalize::for_analysis(surface);
        if surface.is_empty() {
            // Lone marks such as ー normalise to nothing; an empty key matches nowhere.
            continue;
        }
        push_csv_field(&mut out, &surface);
        out.push(',');
        out.push_str(rest);
        out.push('\n');
    }
    out
}

/// Appends one CSV field, quoted when NFKC produced a comma or a quote (，→, and ＂→").
pub(crate) fn push_csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// Renames the finished build to `out`. A previous build there is first moved aside into
/// the staging folder (removed afterwards), and put back if the swap fails.
fn install(built: &Path, out: &Path, staging: &Path) -> Result<(), TextError> {
    let install_error = |source| TextError::Io {
        action: "install the dictionary into",
        path: out.to_path_buf(),
        source,
    };
    match fs::rename(built, out) {
        Ok(()) => return Ok(()),
        Err(_) if out.exists() => {}
        Err(source) => return Err(install_error(source)),
    }
    let retired = staging.join("retired");
    if let Err(source) = fs::rename(out, &retired) {
        // NotFound: a racing process moved it aside first, which frees the place for ours.
        if source.kind() != std::io::ErrorKind::NotFound {
            return Err(TextError::Io {
                action: "move aside the previous dictionary",
                path: out.to_path_buf(),
                source,
            });
        }
    }
    match fs::rename(built, out) {
        Ok(()) => Ok(()),
        // A racing process installed its build between our two renames; it is as good as ours.
        Err(_) if is_complete(out) => Ok(()),
        Err(source) => {
            if retired.exists() {
                if let Err(error) = fs::rename(&retired, out) {
                    tracing::error!(dictionary = %out.display(), %error, "cannot put the previous dictionary back");
                }
            }
            Err(install_error(source))
        }
    }
}

/// A uniquely named folder next to the target, removed when dropped (success or not).
struct Staging {
    path: PathBuf,
}

impl Staging {
    fn create(out: &Path) -> Result<Staging, TextError> {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        fs::create_dir_all(parent).map_err(TextError::io("create", parent))?;
        let mut name = OsString::from(".");
        name.push(out.file_name().unwrap_or(out.as_os_str()));
        name.push(format!(
            ".building-{}-{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        let path = parent.join(name);
        fs::create_dir(&path).map_err(TextError::io("create", &path))?;
        Ok(Staging { path })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Err(error) = fs::remove_dir_all(&self.path) {
            tracing::warn!(path = %self.path.display(), %error, "cannot remove the dictionary staging folder");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::{build_dictionary, decode_sources, ensure_dictionary, is_complete};
    use crate::text::test_support::{built_dictionary, ScratchDir};
    use crate::text::TextError;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap_or_else(|error| panic!("{error}"))
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_missing_source_is_reported_and_leaves_nothing_behind() {
        let scratch = ScratchDir::new("missing-source");
        let out = scratch.path().join("ipadic");
        let error = build_dictionary(&scratch.path().join("nowhere"), &out).err();
        assert!(
            matches!(error, Some(TextError::SourceMissing { .. })),
            "{error:?}"
        );
        assert!(error.is_some_and(|error| error.to_string().contains("mecab-ipadic")));
        assert!(entries(scratch.path()).is_empty());
    }

    #[test]
    fn a_failed_build_leaves_neither_output_nor_staging() {
        let scratch = ScratchDir::new("failed-build");
        let source = scratch.path().join("source");
        fs::create_dir(&source).unwrap_or_else(|error| panic!("{error}"));
        for file in ["char.def", "unk.def", "matrix.def"] {
            fs::write(source.join(file), "garbage\n").unwrap_or_else(|error| panic!("{error}"));
        }
        fs::write(source.join("Noun.csv"), "garbage\n").unwrap_or_else(|error| panic!("{error}"));
        let out = scratch.path().join("ipadic");

        assert!(ensure_dictionary(&source, &out).is_err());
        assert_eq!(entries(scratch.path()), ["source"]);
    }

    #[test]
    fn sources_that_are_not_euc_jp_are_rejected() {
        let scratch = ScratchDir::new("bad-encoding");
        let source = scratch.path().join("source");
        fs::create_dir(&source).unwrap_or_else(|error| panic!("{error}"));
        for file in ["char.def", "unk.def", "matrix.def"] {
            fs::write(source.join(file), "").unwrap_or_else(|error| panic!("{error}"));
        }
        fs::write(source.join("Noun.csv"), [0x8e, 0x20]).unwrap_or_else(|error| panic!("{error}"));
        let out = scratch.path().join("ipadic");

        let error = build_dictionary(&source, &out).err();
        assert!(
            matches!(error, Some(TextError::SourceEncoding { .. })),
            "{error:?}"
        );
        assert_eq!(entries(scratch.path()), ["source"]);
    }

    #[test]
    fn the_source_digest_changes_with_the_sources_only() {
        let scratch = ScratchDir::new("source-digest");
        let source = scratch.path().join("source");
        fs::create_dir(&source).unwrap_or_else(|error| panic!("{error}"));
        for file in ["char.def", "unk.def", "matrix.def"] {
            fs::write(source.join(file), "1 1\n").unwrap_or_else(|error| panic!("{error}"));
        }
        fs::write(source.join("Noun.csv"), b"koe,1285,1285,100\n").unwrap_or_else(|error| panic!("{error}"));
        let digest = |out: &str| {
            decode_sources(&source, &scratch.path().join(out)).unwrap_or_else(|error| panic!("{error}"))
        };
        let first = digest("a");
        assert_eq!(first.len(), 64);
        assert_eq!(digest("b"), first, "the same sources give the same digest");
        fs::write(source.join("Noun.csv"), b"koe,1285,1285,101\n").unwrap_or_else(|error| panic!("{error}"));
        assert_ne!(digest("c"), first);
    }

    #[test]
    fn ensure_keeps_a_complete_build() {
        let dir = built_dictionary();
        let marker = dir.join(super::COMPLETE_MARKER);
        let before = fs::metadata(&marker)
            .and_then(|metadata| metadata.modified())
            .ok();
        ensure_dictionary(Path::new("/nonexistent"), dir).unwrap_or_else(|error| panic!("{error}"));
        let after = fs::metadata(&marker)
            .and_then(|metadata| metadata.modified())
            .ok();
        assert!(before.is_some() && before == after);
    }

    #[test]
    fn racing_rebuilds_leave_one_complete_dictionary_in_place_of_the_old_one() {
        let scratch = ScratchDir::new("racing-rebuilds");
        let out = scratch.path().join("ipadic");
        fs::create_dir(&out).unwrap_or_else(|error| panic!("{error}"));
        fs::write(out.join("stale"), "from an interrupted manual copy")
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(!is_complete(&out));

        let source = crate::text::default_ipadic_source();
        let results = std::thread::scope(|scope| {
            let builders: Vec<_> = (0..2)
                .map(|_| scope.spawn(|| build_dictionary(&source, &out)))
                .collect();
            builders
                .into_iter()
                .map(|builder| builder.join().map_err(|_| "panicked"))
                .collect::<Vec<_>>()
        });

        for result in results {
            assert!(matches!(result, Ok(Ok(()))), "{result:?}");
        }
        assert!(is_complete(&out));
        assert!(!out.join("stale").exists());
        assert_eq!(entries(scratch.path()), ["ipadic"]);
    }
}
