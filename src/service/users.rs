//! Staff users and their passwords (argon2id).

use crate::db::users::{self, NewUser, User};
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
