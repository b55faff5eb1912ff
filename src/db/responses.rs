//! Answers: one row per answer, updated in place when the same link is answered again.

use super::schema::{responses, surveys};
use crate::domain::ids::{AccountId, ContactId, InvitationId, ResponseId, SurveyId};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
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

#[derive(Debug)]
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

/// Stores answers in one statement, returning them in the order given. On an invitation that
/// was answered before, the same row is updated: the unique invitation_id makes two
/// simultaneous posts end in one row, the later one winning. One statement may not touch a row
/// twice, so the caller gives each invitation at most once.
pub fn upsert(conn: &mut PgConnection, rows: &[NewResponse]) -> QueryResult<Vec<Response>> {
    use super::prepared::{column, prepared};
    use diesel::sql_types::{Array, BigInt, Bool, Nullable, SmallInt, Text, Timestamptz};
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    prepared(
        "INSERT INTO responses (survey_id, invitation_id, contact_id, account_id, score, reason, comment, contact_ok, locale,
                                answered_at, updated_at, analyzed_with)
         SELECT * FROM unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[], $5::int2[], $6::text[], $7::text[], $8::bool[],
                              $9::text[], $10::timestamptz[], $11::timestamptz[], $12::text[])
         ON CONFLICT (invitation_id) DO UPDATE
            SET score = excluded.score, reason = excluded.reason, comment = excluded.comment, contact_ok = excluded.contact_ok,
                locale = excluded.locale, updated_at = excluded.updated_at, analyzed_with = excluded.analyzed_with
         RETURNING id, survey_id, invitation_id, contact_id, account_id, score, reason, comment, contact_ok, locale, answered_at, updated_at",
    )
    .bind::<Array<BigInt>, _>(column(rows, |row| row.survey_id.0))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |row| row.invitation_id.map(|id| id.0)))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |row| row.contact_id.map(|id| id.0)))
    .bind::<Array<Nullable<BigInt>>, _>(column(rows, |row| row.account_id.map(|id| id.0)))
    .bind::<Array<Nullable<SmallInt>>, _>(column(rows, |row| row.score))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |row| row.reason))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |row| row.comment))
    .bind::<Array<Bool>, _>(column(rows, |row| row.contact_ok))
    .bind::<Array<Text>, _>(column(rows, |row| row.locale))
    .bind::<Array<Timestamptz>, _>(column(rows, |row| row.answered_at))
    .bind::<Array<Timestamptz>, _>(column(rows, |row| row.updated_at))
    .bind::<Array<Nullable<Text>>, _>(column(rows, |row| row.analyzed_with))
    .load(conn)
}

pub fn find_by_invitation(conn: &mut PgConnection, invitation: InvitationId) -> QueryResult<Option<Response>> {
    responses::table
        .filter(responses::invitation_id.eq(invitation))
        .select(Response::as_select())
        .first(conn)
        .optional()
}

/// What [`previous_scores`] looks up for one answer: the contact's latest score before
/// `before`, other than the answer on `except`.
#[derive(Debug, Clone, Copy)]
pub struct EarlierScore {
    pub contact: ContactId,
    pub before: DateTime<Utc>,
    pub except: Option<InvitationId>,
}

/// For each lookup, the contact's latest score on any survey of `kind`, in one query.
pub fn previous_scores(conn: &mut PgConnection, kind: &str, lookups: &[EarlierScore]) -> QueryResult<Vec<Option<i16>>> {
    use diesel::sql_types::{Array, BigInt, Nullable, SmallInt, Text, Timestamptz};
    #[derive(QueryableByName)]
    struct Previous {
        #[diesel(sql_type = Nullable<SmallInt>)]
        score: Option<i16>,
    }
    if lookups.is_empty() {
        return Ok(Vec::new());
    }
    let contacts: Vec<i64> = lookups.iter().map(|lookup| lookup.contact.0).collect();
    let befores: Vec<DateTime<Utc>> = lookups.iter().map(|lookup| lookup.before).collect();
    let excepts: Vec<Option<i64>> = lookups.iter().map(|lookup| lookup.except.map(|invitation| invitation.0)).collect();
    let found: Vec<Previous> = super::prepared::prepared(
        "SELECT (SELECT r.score FROM responses r JOIN surveys s ON s.id = r.survey_id
                  WHERE r.contact_id = d.contact_id AND s.kind = $1 AND r.answered_at < d.before
                    AND r.score IS NOT NULL AND r.invitation_id IS DISTINCT FROM d.other_than
                  ORDER BY r.answered_at DESC LIMIT 1) AS score
           FROM unnest($2::bigint[], $3::timestamptz[], $4::bigint[]) WITH ORDINALITY AS d(contact_id, before, other_than, n)
          ORDER BY d.n",
    )
    .bind::<Text, _>(kind)
    .bind::<Array<BigInt>, _>(&contacts)
    .bind::<Array<Timestamptz>, _>(&befores)
    .bind::<Array<Nullable<BigInt>>, _>(&excepts)
    .load(conn)?;
    Ok(found.into_iter().map(|previous| previous.score).collect())
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
