//! Answers: one row per answer, updated in place when the same link is answered again.

use super::schema::{responses, surveys};
use crate::domain::ids::{AccountId, ContactId, InvitationId, ResponseId, SurveyId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = responses)]
pub struct Response {
    pub id: ResponseId,
    pub survey_id: SurveyId,
    pub invitation_id: Option<InvitationId>,
    pub contact_id: Option<ContactId>,
    pub account_id: Option<AccountId>,
    pub score: Option<i16>,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub contact_ok: bool,
    pub locale: String,
    pub answered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = responses)]
pub struct NewResponse<'a> {
    pub survey_id: SurveyId,
    pub invitation_id: Option<InvitationId>,
    pub contact_id: Option<ContactId>,
    pub account_id: Option<AccountId>,
    pub score: Option<i16>,
    pub reason: Option<&'a str>,
    pub comment: Option<&'a str>,
    pub contact_ok: bool,
    pub locale: &'a str,
    pub answered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The fingerprint of the analyser that produced the terms stored with it.
    pub analyzed_with: Option<&'a str>,
}

/// Stores an answer. On an invitation that was answered before, the same row is updated
/// (the unique invitation_id makes two simultaneous posts end in one row, the later one winning).
pub fn upsert(conn: &mut PgConnection, response: &NewResponse) -> QueryResult<Response> {
    let insert = diesel::insert_into(responses::table).values(response);
    if response.invitation_id.is_none() {
        return insert.returning(Response::as_returning()).get_result(conn);
    }
    insert
        .on_conflict(responses::invitation_id)
        .do_update()
        .set((
            responses::score.eq(response.score),
            responses::reason.eq(response.reason),
            responses::comment.eq(response.comment),
            responses::contact_ok.eq(response.contact_ok),
            responses::locale.eq(response.locale),
            responses::updated_at.eq(response.updated_at),
            responses::analyzed_with.eq(response.analyzed_with),
        ))
        .returning(Response::as_returning())
        .get_result(conn)
}

pub fn find_by_invitation(conn: &mut PgConnection, invitation: InvitationId) -> QueryResult<Option<Response>> {
    responses::table
        .filter(responses::invitation_id.eq(invitation))
        .select(Response::as_select())
        .first(conn)
        .optional()
}

/// The contact's latest score before `before` on any survey of `kind`, other than the answer on `except`.
pub fn previous_score(
    conn: &mut PgConnection,
    contact: ContactId,
    kind: &str,
    before: DateTime<Utc>,
    except: Option<InvitationId>,
) -> QueryResult<Option<i16>> {
    let mut query = responses::table
        .inner_join(surveys::table)
        .filter(responses::contact_id.eq(contact))
        .filter(surveys::kind.eq(kind))
        .filter(responses::answered_at.lt(before))
        .filter(responses::score.is_not_null())
        .into_boxed();
    if let Some(invitation) = except {
        query = query.filter(responses::invitation_id.is_distinct_from(invitation));
    }
    Ok(query.order(responses::answered_at.desc()).select(responses::score).first(conn).optional()?.flatten())
}

/// An answer with its survey, and its account and contact when it has them.
pub type AnswerInContext = (Response, super::surveys::Survey, Option<super::accounts::Account>, Option<super::contacts::Contact>);

pub fn find_with_context(conn: &mut PgConnection, id: ResponseId) -> QueryResult<Option<AnswerInContext>> {
    use super::schema::{accounts, contacts};
    responses::table
        .inner_join(surveys::table)
        .left_join(accounts::table)
        .left_join(contacts::table)
        .filter(responses::id.eq(id))
        .select((
            Response::as_select(),
            super::surveys::Survey::as_select(),
            Option::<super::accounts::Account>::as_select(),
            Option::<super::contacts::Contact>::as_select(),
        ))
        .first(conn)
        .optional()
}

/// An account's latest answers, newest first: (answer, survey kind, contact email).
pub fn recent_for_account(
    conn: &mut PgConnection,
    account: AccountId,
    limit: i64,
) -> QueryResult<Vec<(Response, String, Option<String>)>> {
    use super::schema::contacts;
    responses::table
        .inner_join(surveys::table)
        .left_join(contacts::table)
        .filter(responses::account_id.eq(account))
        .order((responses::answered_at.desc(), responses::id.desc()))
        .limit(limit)
        .select((Response::as_select(), surveys::kind, contacts::email.nullable()))
        .load(conn)
}

/// One answer of a drill-down list or export.
#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct ListedAnswer {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub response_id: i64,
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub answered_at: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Int2>)]
    pub score: Option<i16>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub reason: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub comment: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub account_external_id: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub account_name: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub contact_email: Option<String>,
}

/// How many of the group's answers a report's scope holds.
pub fn count_in_scope(conn: &mut PgConnection, scope: &super::report_scope::Scope) -> QueryResult<i64> {
    let sql = format!("WITH {} SELECT count(*) AS n FROM scoped WHERE in_group", super::report_scope::SCOPED);
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    super::report_scope::bind_scope(sql, scope).get_result::<Count>(conn).map(|count| count.n)
}

/// The group's answers in a report's scope, newest first; `before` continues a listing.
pub fn in_scope(
    conn: &mut PgConnection,
    scope: &super::report_scope::Scope,
    before: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> QueryResult<Vec<ListedAnswer>> {
    use diesel::sql_types::{BigInt, Nullable, Timestamptz};
    let sql = format!(
        "WITH {}
         SELECT r.id AS response_id, r.answered_at, r.score, r.reason, r.comment,
                a.external_id AS account_external_id, a.name AS account_name, c.email AS contact_email
         FROM scoped s
         JOIN responses r ON r.id = s.id
         LEFT JOIN accounts a ON a.id = r.account_id
         LEFT JOIN contacts c ON c.id = r.contact_id
         WHERE s.in_group AND ($11::timestamptz IS NULL OR (r.answered_at, r.id) < ($11, $12))
         ORDER BY r.answered_at DESC, r.id DESC
         LIMIT $13",
        super::report_scope::SCOPED
    );
    super::report_scope::bind_scope(sql, scope)
        .bind::<Nullable<Timestamptz>, _>(before.map(|(at, _)| at))
        .bind::<BigInt, _>(before.map_or(0, |(_, id)| id))
        .bind::<BigInt, _>(limit)
        .load(conn)
}
