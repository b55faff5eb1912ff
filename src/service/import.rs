//! `koe import accounts|contacts FILE`: a CRM's or Excel's CSV export, all or nothing.
//!
//! The file may be UTF-8 (with or without a byte-order mark) or Shift_JIS (Excel on Japanese
//! Windows). Every row goes through the same upsert as the API, inside one transaction: one bad
//! row and nothing is written, and every bad row is named with its line number.

use super::accounts::{self, AccountInput};
use super::contacts::{self, ContactInput};
use crate::error::AppError;
use diesel::prelude::*;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Accounts,
    Contacts,
}

impl Kind {
    /// Columns without which no row can be read.
    fn required_columns(self) -> &'static [&'static str] {
        match self {
            Kind::Accounts => &["external_id", "name"],
            Kind::Contacts => &["account_external_id", "email"],
        }
    }
}

/// A row that cannot be imported, by its line in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub problem: RowProblem,
}

/// Why a row cannot be imported. Typed, so that the staff page can say it in the reader's
/// language; the English texts here are for the command line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    #[error("unreadable header")]
    Header,
    #[error("the header has no {0} column")]
    MissingColumn(&'static str),
    #[error("unreadable row (check the number of fields and the quotes)")]
    Unreadable,
    #[error("{0} must be a whole number")]
    NotANumber(String),
    #[error("{0} must not be empty")]
    Required(&'static str),
    #[error("{0} is too long")]
    TooLong(&'static str),
    #[error("{0} must not contain control characters")]
    InvalidCharacters(&'static str),
    #[error("{0} is not an email address")]
    InvalidEmail(&'static str),
    #[error("{0} must be zero or more")]
    Negative(&'static str),
    #[error("no staff user has the owner_email")]
    UnknownOwner,
    #[error("no account has the account_external_id")]
    UnknownAccount,
    #[error("locale must be ja or en")]
    UnsupportedLocale,
    /// A refusal with no typed reason (the message is the service's, in English).
    #[error("{0}")]
    Refused(String),
}

impl RowProblem {
    /// The upsert's refusal of a row, by its stable code.
    fn from_refusal(code: &str, field: &'static str, message: String) -> RowProblem {
        match code {
            "missing_field" => RowProblem::Required(field),
            "too_long" => RowProblem::TooLong(field),
            "invalid_characters" => RowProblem::InvalidCharacters(field),
            "invalid_email" => RowProblem::InvalidEmail(field),
            "out_of_range" => RowProblem::Negative(field),
            "unknown_owner" => RowProblem::UnknownOwner,
            "unknown_account" => RowProblem::UnknownAccount,
            "unsupported_locale" => RowProblem::UnsupportedLocale,
            _ => RowProblem::Refused(message),
        }
    }

    fn from_csv(error: &csv::Error, headers: &csv::StringRecord) -> RowProblem {
        match error.kind() {
            csv::ErrorKind::Deserialize { err, .. } => match (err.kind(), err.field()) {
                (csv::DeserializeErrorKind::ParseInt(_) | csv::DeserializeErrorKind::ParseFloat(_), Some(field)) => {
                    let column = usize::try_from(field).ok().and_then(|field| headers.get(field)).unwrap_or_default();
                    RowProblem::NotANumber(column.to_owned())
                }
                _ => RowProblem::Unreadable,
            },
            _ => RowProblem::Unreadable,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file is neither UTF-8 nor Shift_JIS text")]
    Encoding,
    #[error("{} rows cannot be imported; nothing was written", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    App(AppError),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub created: usize,
    pub updated: usize,
}

/// The file's text: UTF-8 (a byte-order mark dropped), else Shift_JIS, else an error.
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or(ImportError::Encoding)
}

/// Why the import transaction was rolled back.
enum Abort {
    Rows(Vec<RowError>),
    DryRun(Imported),
    App(AppError),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Abort {
        Abort::App(error.into())
    }
}

/// Reads the rows, then upserts them in one transaction; with `dry_run` the transaction is
/// rolled back, so the counts say what an import would do.
pub fn run(conn: &mut PgConnection, kind: Kind, text: &str, dry_run: bool) -> Result<Imported, ImportError> {
    let outcome = conn.transaction(|conn| {
        let imported = match kind {
            Kind::Accounts => upsert_rows(conn, kind, text, |conn, row: &AccountInput| Ok(accounts::upsert(conn, row)?.created))?,
            Kind::Contacts => upsert_rows(conn, kind, text, |conn, row: &ContactInput| Ok(contacts::upsert(conn, row)?.1))?,
        };
        if dry_run {
            return Err(Abort::DryRun(imported));
        }
        Ok(imported)
    });
    match outcome {
        Ok(imported) | Err(Abort::DryRun(imported)) => Ok(imported),
        Err(Abort::Rows(rows)) => Err(ImportError::Rows(rows)),
        Err(Abort::App(error)) => Err(ImportError::App(error)),
    }
}

/// Upserts every row (each in its own savepoint, so that one refusal does not end the
/// transaction); all refusals are collected, and any of them aborts the whole import.
fn upsert_rows<T: DeserializeOwned>(
    conn: &mut PgConnection,
    kind: Kind,
    text: &str,
    upsert: impl Fn(&mut PgConnection, &T) -> Result<bool, AppError>,
) -> Result<Imported, Abort> {
    let header_error = |problem| Abort::Rows(vec![RowError { line: 1, problem }]);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|_| header_error(RowProblem::Header))?.clone();
    // Without a required column every row would fail alike: one line says it better.
    if let Some(column) = kind.required_columns().iter().find(|column| !headers.iter().any(|header| header == **column)) {
        return Err(header_error(RowProblem::MissingColumn(column)));
    }
    let mut imported = Imported::default();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                errors.push(RowError { line, problem: RowProblem::from_csv(&error, &headers) });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let row: T = match record.deserialize(Some(&headers)) {
            Ok(row) => row,
            Err(error) => {
                errors.push(RowError { line, problem: RowProblem::from_csv(&error, &headers) });
                continue;
            }
        };
        match upsert(conn, &row) {
            Ok(true) => imported.created += 1,
            Ok(false) => imported.updated += 1,
            Err(AppError::Invalid { code, field, message }) => errors.push(RowError { line, problem: RowProblem::from_refusal(code, field, message) }),
            Err(AppError::Conflict { code, message }) => errors.push(RowError { line, problem: RowProblem::from_refusal(code, "", message) }),
            Err(other) => return Err(Abort::App(other)),
        }
    }
    if errors.is_empty() {
        Ok(imported)
    } else {
        Err(Abort::Rows(errors))
    }
}
