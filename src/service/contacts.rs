//! Creating and updating the people surveys go to.

use crate::db::accounts;
use crate::db::contacts::{self, Contact, ContactUpsert};
use crate::domain::email::Email;
use crate::domain::fields;
use crate::error::AppError;
use diesel::prelude::*;
use serde::Deserialize;

/// `POST /api/v1/contacts`: a person at an account, created or updated by `email`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ContactInput {
    /// The `external_id` of an account koe has.
    pub account_external_id: String,
    pub email: String,
    pub name: Option<String>,
    #[schema(schema_with = super::schema::locale)]
    pub locale: Option<String>,
}

/// Inserts or updates the contact with this email; true when it is new.
pub fn upsert(conn: &mut PgConnection, input: &ContactInput) -> Result<(Contact, bool), AppError> {
    let external_id = fields::required("account_external_id", &input.account_external_id, 200)?;
    let email = Email::parse(&input.email).ok_or_else(|| AppError::invalid("invalid_email", "email", "email is not an email address"))?;
    let name = fields::optional("name", input.name.as_deref(), 200)?;
    let locale = match input.locale.as_deref().map(str::trim).filter(|locale| !locale.is_empty()) {
        None => "ja",
        Some(text) => koe_views::Lang::from_code(text)
            .ok_or_else(|| AppError::invalid("unsupported_locale", "locale", "locale must be ja or en"))?
            .code(),
    };
    conn.transaction(|conn| {
        let account = accounts::find_by_external_id(conn, external_id)?.ok_or_else(|| {
            AppError::invalid("unknown_account", "account_external_id", format!("no account has the external id {external_id}"))
        })?;
        let contact = ContactUpsert { account_id: account.id, email: email.as_str(), name, locale };
        Ok(contacts::upsert(conn, &contact)?)
    })
}
