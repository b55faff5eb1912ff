//! `/staff/accounts`: every account with its latest NPS, follow-ups and activity; one account's page.

use super::responses::reason_label;
use super::session::Staff;
use super::follow_ups::{html, local, status_kind};
use crate::db::accounts::{ListFilters, ListedAccount};
use crate::db::organization;
use crate::domain::account::{days_since, Direction, DormantThreshold, STAGES};
use crate::domain::fields;
use crate::domain::follow_up::Status;
use crate::domain::ids::AccountId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::accounts::{self as service, AccountDetail, PAGE_SIZE};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use koe_views::staff::{
    account_page, accounts_page, AccountFilters, AccountFollowUp, AccountPage, AccountRow, AccountsPage, CommentView,
    ExitAnswer, NavItem, NpsDirection, ScoreKind, ScoredAnswer, TriggerKind, ACCOUNTS_PATH, FOLLOW_UPS_PATH, NO_OWNER,
};
use serde::Deserialize;

/// Longest filter value: as long as the longest stored name or segment.
const FILTER_MAX_CHARS: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    segment: String,
    #[serde(default)]
    plan: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    dormant: String,
    #[serde(default)]
    page: String,
}

/// A filter as typed, or none when blank; refused (422) when no stored value could match it,
/// as with the reports' filters.
fn chosen(field: &'static str, text: &str) -> Result<Option<String>, AppError> {
    Ok(fields::optional(field, Some(text), FILTER_MAX_CHARS)?.map(str::to_owned))
}

impl ListQuery {
    fn echo(&self) -> AccountFilters {
        AccountFilters {
            search: self.q.trim().to_owned(),
            owner: self.owner.trim().to_owned(),
            segment: self.segment.trim().to_owned(),
            plan: self.plan.trim().to_owned(),
            stage: self.stage.trim().to_owned(),
            dormant: !self.dormant.trim().is_empty(),
        }
    }

    fn filters(&self, threshold: DormantThreshold, now: DateTime<Utc>) -> Result<ListFilters, AppError> {
        let owner = chosen("owner", &self.owner)?;
        let unowned = owner.as_deref() == Some(NO_OWNER);
        Ok(ListFilters {
            search: chosen("q", &self.q)?,
            owner_email: owner.filter(|_| !unowned).map(|email| email.to_lowercase()),
            unowned,
            segment: chosen("segment", &self.segment)?,
            plan: chosen("plan", &self.plan)?,
            stage: chosen("stage", &self.stage)?,
            inactive_before: self.echo().dormant.then(|| threshold.cutoff(now)),
            only: None,
        })
    }

    /// This list's address at another page.
    fn href(&self, page: i64) -> String {
        let f = self.echo();
        let page = page.to_string();
        let pairs: Vec<(&str, &str)> = [
            ("q", f.search.as_str()),
            ("owner", &f.owner),
            ("segment", &f.segment),
            ("plan", &f.plan),
            ("stage", &f.stage),
            ("dormant", if f.dormant { "1" } else { "" }),
            ("page", &page),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect();
        format!("{ACCOUNTS_PATH}?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    }
}

fn direction(previous: Option<i16>, last: i16) -> NpsDirection {
    match Direction::between(previous, last) {
        Direction::Up => NpsDirection::Up,
        Direction::Down => NpsDirection::Down,
        Direction::Same => NpsDirection::Same,
        Direction::First => NpsDirection::First,
    }
}

fn account_href(id: AccountId) -> String {
    format!("{ACCOUNTS_PATH}/{id}")
}

fn response_href(id: impl std::fmt::Display) -> String {
    format!("/staff/responses/{id}")
}

fn row(account: ListedAccount, threshold: DormantThreshold, now: DateTime<Utc>) -> AccountRow {
    AccountRow {
        href: account_href(account.id),
        last_nps: account.last_nps.map(|score| (score, direction(account.previous_nps, score))),
        days_since_activity: days_since(account.last_activity, now),
        dormant: threshold.is_dormant(account.last_activity, now),
        name: account.name,
        external_id: account.external_id,
        owner: account.owner_email,
        segment: account.segment,
        unfinished_follow_ups: account.unfinished_follow_ups,
    }
}

/// `GET /staff/accounts?q=&owner=&segment=&plan=&stage=&dormant=1&page=`.
pub async fn list(state: web::Data<AppState>, staff: Staff, query: web::Query<ListQuery>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let threshold = DormantThreshold(state.config.dormant_days);
    let now = Utc::now();
    let page = query.page.trim().parse::<i64>().unwrap_or(1).max(1);
    let filters = query.filters(threshold, now).map_err(|error| PageError::new(error, lang))?;
    let list = state.db(move |conn| service::list(conn, &filters, page)).await.map_err(|error| PageError::new(error, lang))?;
    let pages = (list.total + PAGE_SIZE - 1) / PAGE_SIZE;
    let view = AccountsPage {
        frame: staff.frame(NavItem::Accounts),
        filters: query.echo(),
        owner_emails: list.options.owner_emails,
        segments: list.options.segments,
        plans: list.options.plans,
        stages: STAGES.to_vec(),
        rows: list.rows.into_iter().map(|account| row(account, threshold, now)).collect(),
        total: list.total,
        page,
        pages,
        previous_href: (page > 1).then(|| query.href(page - 1)),
        next_href: (page < pages).then(|| query.href(page + 1)),
        dormant_days: threshold.0,
        may_import: staff.role == Role::Admin,
    };
    Ok(html(StatusCode::OK, accounts_page(&view).into_string()))
}

fn score_kind(kind: &str) -> Option<ScoreKind> {
    match kind {
        "nps" => Some(ScoreKind::Nps),
        "csat" => Some(ScoreKind::Csat),
        _ => None,
    }
}

fn detail_page(staff: &Staff, detail: AccountDetail, threshold: DormantThreshold, zone: Tz, now: DateTime<Utc>) -> AccountPage {
    let AccountDetail { account, answers, follow_ups, exit } = detail;
    let scores = answers
        .iter()
        .rev()
        .filter_map(|(answer, kind, contact)| {
            Some(ScoredAnswer {
                href: response_href(answer.id),
                day: answer.answered_at.with_timezone(&zone).date_naive(),
                answered_at: local(answer.answered_at, zone),
                kind: score_kind(kind)?,
                score: answer.score?,
                survey: kind.to_uppercase(),
                contact: contact.clone(),
            })
        })
        .collect();
    let comments = answers
        .iter()
        .filter_map(|(answer, kind, contact)| {
            Some(CommentView {
                href: response_href(answer.id),
                answered_at: local(answer.answered_at, zone),
                score_label: answer.score.map(|score| format!("{} {score}", kind.to_uppercase())).unwrap_or_default(),
                comment: answer.comment.clone().filter(|comment| !comment.trim().is_empty())?,
                contact: contact.clone(),
            })
        })
        .collect();
    AccountPage {
        frame: staff.frame(NavItem::Accounts),
        last_activity: local(account.last_activity, zone),
        days_since_activity: days_since(account.last_activity, now),
        dormant: threshold.is_dormant(account.last_activity, now),
        dormant_days: threshold.0,
        name: account.name,
        external_id: account.external_id,
        owner: account.owner_email,
        segment: account.segment,
        plan: account.plan,
        mrr: account.mrr,
        stage: account.stage,
        scores,
        comments,
        follow_ups: follow_ups
            .into_iter()
            .map(|case| AccountFollowUp {
                href: format!("{FOLLOW_UPS_PATH}/{}", case.id),
                status: status_kind(&case.status),
                trigger: TriggerKind::from_code(&case.trigger),
                created_at: local(case.created_at, zone),
                due_at: local(case.due_at, zone),
                overdue: Status::parse(&case.status).is_some_and(|status| status.is_overdue(case.due_at, now)),
            })
            .collect(),
        exit: exit.map(|(answer, survey, _, _)| ExitAnswer {
            href: response_href(answer.id),
            answered_at: local(answer.answered_at, zone),
            reason: answer.reason.as_deref().map(|code| reason_label(&survey, code, staff.lang)),
            comment: answer.comment,
        }),
    }
}

/// `GET /staff/accounts/{id}`.
pub async fn page(state: web::Data<AppState>, staff: Staff, id: web::Path<i64>) -> Result<HttpResponse, PageError> {
    let lang = staff.lang;
    let id = AccountId(id.into_inner());
    let threshold = DormantThreshold(state.config.dormant_days);
    let (detail, zone) = state
        .db(move |conn| Ok((service::detail(conn, id)?, organization::zone(conn)?)))
        .await
        .map_err(|error| PageError::new(error, lang))?;
    Ok(html(StatusCode::OK, account_page(&detail_page(&staff, detail, threshold, zone, Utc::now())).into_string()))
}
