//! PLACEHOLDER until the analyser lands: splits on white space.
use std::path::{Path, PathBuf};
#[derive(Debug, thiserror::Error)]
pub enum TextError { #[error("{0}")] Other(String) }
pub struct Analyzer;
impl Analyzer {
    pub fn load(_dict_dir: &Path, _extra_words: &[String]) -> Result<Analyzer, TextError> { Ok(Analyzer) }
    pub fn terms(&self, comment: &str) -> Vec<String> {
        let mut terms: Vec<String> = Vec::new();
        for word in comment.split_whitespace() { if !terms.iter().any(|t| t == word) { terms.push(word.to_owned()); } }
        terms
    }
}
pub fn default_ipadic_source() -> PathBuf { PathBuf::from("/usr/share/mecab/dic/ipadic") }
pub fn ensure_dictionary(_source: &Path, _out: &Path) -> Result<(), TextError> { Ok(()) }
pub fn build_dictionary(_source: &Path, _out: &Path) -> Result<(), TextError> { Ok(()) }
