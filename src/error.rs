//! The one error type of koe's services; `http::errors` maps it to status codes and bodies.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("this link has expired")]
    LinkExpired,
    #[error("this survey is closed")]
    SurveyClosed,
    /// A request whose field `field` is wrong; `code` is stable for integrations.
    #[error("{field}: {message}")]
    Invalid { code: &'static str, field: &'static str, message: String },
    /// The request is well-formed but clashes with the current state.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Asking this person now would be asking too often; possible again at `available_at`.
    #[error("{message}")]
    Throttled { code: &'static str, message: String, available_at: chrono::DateTime<chrono::Utc> },
    #[error("authentication required")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    /// The database cannot be reached or is overloaded: try again shortly.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Database(DieselError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(code: &'static str, field: &'static str, message: impl Into<String>) -> AppError {
        AppError::Invalid { code, field, message: message.into() }
    }

    /// The failure of a batch (of answers written or links read together), once for each of
    /// its requests: diesel's errors cannot be cloned, and what matters downstream is only
    /// whether the database was unavailable (503) or not (500).
    pub fn for_each_of_many(&self) -> AppError {
        match self {
            AppError::Unavailable(message) => AppError::Unavailable(message.clone()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<DieselError> for AppError {
    fn from(error: DieselError) -> AppError {
        match error {
            DieselError::NotFound => AppError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, info) => {
                AppError::Unavailable(info.message().to_owned())
            }
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                AppError::Unavailable(info.message().to_owned())
            }
            other => AppError::Database(other),
        }
    }
}

impl From<crate::domain::period::PeriodError> for AppError {
    /// A period a report cannot use: the field to fix is `to` when it is `to` that is unreadable.
    fn from(error: crate::domain::period::PeriodError) -> AppError {
        use crate::domain::period::PeriodError;
        let field = match error {
            PeriodError::Unreadable(field) => field,
            PeriodError::Reversed | PeriodError::TooLong => "from",
        };
        AppError::invalid("invalid_period", field, error.to_string())
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> AppError {
        AppError::Unavailable(error.to_string())
    }
}
