//! Creating and updating accounts from the CRM.

use crate::db::accounts::{self, Account, AccountUpsert};
use crate::db::users;
use crate::domain::email::Email;
use crate::domain::fields;
use crate::error::AppError;
use diesel::prelude::*;
use serde::Deserialize;

/// `POST /api/v1/accounts`: an account from the CRM, created or updated by `external_id`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AccountInput {
    /// The CRM's id of the account (at most 200 characters).
    pub external_id: String,
    pub name: String,
    /// A staff user's email: the account's owner, who gets its follow-ups.
    pub owner_email: Option<String>,
    pub segment: Option<String>,
    pub plan: Option<String>,
    /// Monthly recurring revenue, in yen; default 0.
    #[schema(minimum = 0)]
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

/// Accounts on one page of the staff list.
pub const PAGE_SIZE: i64 = 50;
/// Answers shown on an account's page: years of a busy account's history, never unbounded.
const MAX_ANSWERS: i64 = 500;

/// One page of the accounts list, and what its filter menus offer.
#[derive(Debug, Clone)]
pub struct AccountList {
    pub rows: Vec<accounts::ListedAccount>,
    pub total: i64,
    pub options: accounts::FilterOptions,
}

/// The accounts matching `filters`, page `page` (from 1), by name.
pub fn list(conn: &mut PgConnection, filters: &accounts::ListFilters, page: i64) -> Result<AccountList, AppError> {
    let offset = (page.max(1) - 1).saturating_mul(PAGE_SIZE);
    let rows = accounts::list(conn, filters, PAGE_SIZE, offset)?;
    let total = rows.first().map_or(0, |row| row.total);
    Ok(AccountList { rows, total, options: accounts::filter_options(conn)? })
}

/// Everything an account's page shows.
#[derive(Debug, Clone)]
pub struct AccountDetail {
    pub account: accounts::ListedAccount,
    /// Newest first: (answer, survey kind, contact email).
    pub answers: Vec<(crate::db::responses::Response, String, Option<String>)>,
    pub follow_ups: Vec<crate::db::follow_ups::FollowUp>,
    /// The latest exit answer with its survey (for the reason's label).
    pub exit: Option<crate::db::responses::AnswerInContext>,
}

pub fn detail(conn: &mut PgConnection, id: crate::domain::ids::AccountId) -> Result<AccountDetail, AppError> {
    let filters = accounts::ListFilters { only: Some(id), ..accounts::ListFilters::default() };
    let account = accounts::list(conn, &filters, 1, 0)?.into_iter().next().ok_or(AppError::NotFound)?;
    let answers = crate::db::responses::recent_for_account(conn, id, MAX_ANSWERS)?;
    let exit = match answers.iter().find(|(_, kind, _)| kind == "exit") {
        Some((answer, _, _)) => crate::db::responses::find_with_context(conn, answer.id)?,
        None => None,
    };
    Ok(AccountDetail { account, answers, follow_ups: crate::db::follow_ups::for_account(conn, id)?, exit })
}
