//! Staff sign-in, sessions and sign-out.

use crate::db::sign_in_attempts::{self, Attempter};
use crate::db::staff_sessions::{self, NewStaffSession, StaffSession};
use crate::db::users::{self, User};
use crate::domain::email::Email;
use crate::domain::sign_in::{session_expiry, throttle, ATTEMPT_WINDOW};
use crate::domain::token::{new_csrf_token, new_session_token, token_digest};
use crate::error::AppError;
use crate::service::users::hash_password;
use argon2::password_hash::PasswordHash;
use argon2::{Argon2, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::Text;
use std::sync::OnceLock;

/// A session is written back at most this often, not on every request.
const TOUCH_EVERY: Duration = Duration::minutes(1);

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Unknown email, wrong password or disabled user: deliberately indistinguishable.
    #[error("the email or the password is wrong")]
    InvalidCredentials,
    #[error("too many failed attempts; try again in {0} minutes")]
    Throttled(u32),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<diesel::result::Error> for SignInError {
    fn from(error: diesel::result::Error) -> SignInError {
        SignInError::App(error.into())
    }
}

/// A new session: the token goes into the cookie, the CSRF token into every form.
#[derive(Debug)]
pub struct SignedIn {
    pub user: User,
    pub token: String,
    pub csrf_token: String,
}

pub fn sign_in(
    conn: &mut PgConnection,
    email: &str,
    password: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn, SignInError> {
    // An address that cannot be one is still checked and counted like any other; its NULs,
    // which PostgreSQL text cannot hold, become U+FFFD, so that it still matches no one.
    let email = Email::parse(email).map(Email::into_string).unwrap_or_else(|| email.trim().to_lowercase().replace('\0', "\u{FFFD}"));
    // The inner result is the outcome; the transaction commits either way, so that a failed
    // attempt is counted.
    conn.transaction(|conn| {
        // Attempts on one account queue up here, so that parallel guesses cannot slip past the count.
        sql_query("SELECT pg_advisory_xact_lock(hashtext($1))").bind::<Text, _>(&email).execute(conn)?;
        checked_sign_in(conn, &email, password, client_ip, now)
    })?
}

fn checked_sign_in(
    conn: &mut PgConnection,
    email: &str,
    password: &str,
    client_ip: &str,
    now: DateTime<Utc>,
) -> Result<Result<SignedIn, SignInError>, diesel::result::Error> {
    let since = now - ATTEMPT_WINDOW;
    let account = sign_in_attempts::recent_failures(conn, Attempter::Email(email), since)?;
    let address = sign_in_attempts::recent_failures(conn, Attempter::Address(client_ip), since)?;
    if let Err(minutes) = throttle(account, address, now) {
        return Ok(Err(SignInError::Throttled(minutes)));
    }

    let user = users::find_by_email(conn, email)?.filter(|user| user.disabled_at.is_none());
    // Without a user, a dummy hash is checked anyway, so that timing does not tell which emails exist.
    let hash = user.as_ref().map_or_else(|| dummy_hash().to_owned(), |user| user.password_hash.clone());
    let verified = password_matches(password, &hash) && user.is_some();
    sign_in_attempts::record(conn, email, client_ip, verified, now)?;
    let user = match (verified, user) {
        (true, Some(user)) => user,
        _ => return Ok(Err(SignInError::InvalidCredentials)),
    };
    let token = new_session_token();
    let csrf_token = new_csrf_token();
    staff_sessions::insert(
        conn,
        &NewStaffSession {
            token_sha256: &token_digest(&token),
            user_id: user.id,
            csrf_token: &csrf_token,
            created_at: now,
            last_seen_at: now,
            expires_at: session_expiry(now, now),
        },
    )?;
    Ok(Ok(SignedIn { user, token, csrf_token }))
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password("not the password of anyone").unwrap_or_default())
}

/// The live session behind a cookie's token, and its user; extends it while in use.
pub fn session(conn: &mut PgConnection, token: &str, now: DateTime<Utc>) -> Result<Option<(StaffSession, User)>, AppError> {
    let digest = token_digest(token);
    let Some((session, user)) = staff_sessions::find_live(conn, &digest, now)? else {
        return Ok(None);
    };
    if now - session.last_seen_at >= TOUCH_EVERY {
        staff_sessions::touch(conn, &digest, now, session_expiry(session.created_at, now))?;
    }
    Ok(Some((session, user)))
}

pub fn sign_out(conn: &mut PgConnection, token: &str) -> Result<(), AppError> {
    staff_sessions::delete(conn, &token_digest(token))?;
    Ok(())
}

/// Why a password change was refused; all problems at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    CurrentWrong,
    TooShort,
    Mismatch,
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordChangeError {
    #[error("the password change was refused")]
    Refused(Vec<PasswordProblem>),
    #[error(transparent)]
    App(#[from] AppError),
}

/// Changes the password of the signed-in `user` (whose session token is `session_token`), and
/// ends their other sessions: whoever else knew the old password is signed out.
pub fn change_password(
    conn: &mut PgConnection,
    user: &User,
    session_token: &str,
    current: &str,
    new: &str,
    new_again: &str,
) -> Result<(), PasswordChangeError> {
    let mut problems = Vec::new();
    if !password_matches(current, &user.password_hash) {
        problems.push(PasswordProblem::CurrentWrong);
    }
    if new.chars().count() < crate::service::users::MIN_PASSWORD_CHARS {
        problems.push(PasswordProblem::TooShort);
    }
    if new != new_again {
        problems.push(PasswordProblem::Mismatch);
    }
    if !problems.is_empty() {
        return Err(PasswordChangeError::Refused(problems));
    }
    let hash = hash_password(new)?;
    conn.transaction(|conn| {
        users::set_password_hash(conn, user.id, &hash)?;
        staff_sessions::delete_others(conn, user.id, &token_digest(session_token))?;
        Ok::<_, AppError>(())
    })?;
    Ok(())
}
