//! Creating and updating accounts from the CRM.

use crate::db::accounts::{self, Account, AccountUpsert};
use crate::db::users;
use crate::domain::email::Email;
use crate::domain::fields;
use crate::error::AppError;
use diesel::prelude::*;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct AccountInput {
    pub external_id: String,
    pub name: String,
    pub owner_email: Option<String>,
    pub segment: Option<String>,
    pub plan: Option<String>,
    pub mrr: Option<i64>,
}

/// An account as stored, with its owner's email.
#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub account: Account,
    pub owner_email: Option<String>,
    pub created: bool,
}

/// Inserts or updates the account with this external id.
pub fn upsert(conn: &mut PgConnection, input: &AccountInput) -> Result<AccountRecord, AppError> {
    let external_id = fields::required("external_id", &input.external_id, 200)?;
    let name = fields::required("name", &input.name, 200)?;
    let segment = fields::optional("segment", input.segment.as_deref(), 100)?;
    let plan = fields::optional("plan", input.plan.as_deref(), 100)?;
    let mrr = input.mrr.unwrap_or(0);
    if mrr < 0 {
        return Err(AppError::invalid("out_of_range", "mrr", "mrr must be zero or more"));
    }
    conn.transaction(|conn| {
        let owner = match input.owner_email.as_deref().map(str::trim).filter(|email| !email.is_empty()) {
            None => None,
            Some(text) => {
                let email = Email::parse(text)
                    .ok_or_else(|| AppError::invalid("invalid_email", "owner_email", "owner_email is not an email address"))?;
                let owner = users::find_by_email(conn, email.as_str())?.ok_or_else(|| {
                    AppError::invalid("unknown_owner", "owner_email", format!("no staff user has the email {email}"))
                })?;
                Some(owner)
            }
        };
        let owner_id = owner.as_ref().map(|owner| owner.id);
        let (account, created) = accounts::upsert(conn, &AccountUpsert { external_id, name, owner_id, segment, plan, mrr })?;
        Ok(AccountRecord { account, owner_email: owner.map(|owner| owner.email), created })
    })
}
