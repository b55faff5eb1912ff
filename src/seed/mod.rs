//! Demo data (filled in below).
use crate::config::Config;
use crate::error::AppError;
use crate::text::Analyzer;
use diesel::PgConnection;
pub fn demo(_conn: &mut PgConnection, _analyzer: &Analyzer, _config: &Config) -> Result<String, AppError> { Ok(String::new()) }
