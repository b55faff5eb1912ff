//! Staff users and their passwords (argon2id).

use crate::db::users::{self, NewUser, User};
use crate::db::{accounts, staff_sessions};
use crate::service::follow_ups;
use chrono::{DateTime, Utc};
use crate::domain::email::Email;
use crate::domain::role::Role;
use crate::error::AppError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use diesel::prelude::*;

/// Shortest password accepted (NIST SP 800-63B asks for at least 8; staff see customer data).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Adds a staff user, or resets the role and password of an existing one.
pub fn add(conn: &mut PgConnection, email: &str, display_name: &str, role: Role, password: &str) -> Result<User, AppError> {
    let email = Email::parse(email).ok_or_else(|| AppError::invalid("invalid_email", "email", "not an email address"))?;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "weak_password",
            "password",
            format!("the password must have at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    let password_hash = hash_password(password)?;
    let user = NewUser { email: email.as_str(), display_name, role: role.as_str(), password_hash: &password_hash };
    Ok(users::upsert(conn, &user)?)
}

/// An argon2id PHC string with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| AppError::Internal(format!("password hashing failed: {error}")))
}

/// What disabling a user changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disabled {
    pub email: String,
    pub sessions_ended: usize,
    pub accounts_released: usize,
    pub cases_returned: usize,
}

/// Someone leaves: they can no longer sign in, their sessions end, their accounts lose their
/// owner and their open cases go back to the shared queue (each with a history event), so
/// that no customer waits on a person who is gone. One transaction.
pub fn disable(conn: &mut PgConnection, email: &str, now: DateTime<Utc>) -> Result<Disabled, AppError> {
    let email = Email::parse(email).ok_or_else(|| AppError::invalid("invalid_email", "email", "not an email address"))?;
    conn.transaction(|conn| {
        let user = users::find_by_email(conn, email.as_str())?
            .ok_or_else(|| AppError::invalid("unknown_user", "email", format!("no staff user has the email {email}")))?;
        if !users::disable(conn, user.id, now)? {
            return Err(AppError::Conflict { code: "already_disabled", message: format!("{email} is already disabled") });
        }
        let sessions_ended = staff_sessions::delete_for_user(conn, user.id)?;
        let accounts_released = accounts::release_owner(conn, user.id)?;
        let cases_returned = follow_ups::return_to_queue(conn, user.id, now)?;
        Ok(Disabled { email: user.email, sessions_ended, accounts_released, cases_returned })
    })
}
