//! Invitations: one survey, one contact, one unguessable link.

use super::accounts::Account;
use super::contacts::Contact;
use super::responses::Response;
use super::schema::{accounts, contacts, invitations, responses, surveys};
use super::surveys::Survey;
use crate::domain::ids::{AccountId, ContactId, InvitationId, SurveyId};
use chrono::{DateTime, Utc};
use diesel::dsl::AsSelect;
use diesel::pg::Pg;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: InvitationId,
    pub survey_id: SurveyId,
    pub contact_id: ContactId,
    pub token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub opened_at: Option<DateTime<Utc>>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub by_email: bool,
}

impl Invitation {
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at <= now
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = invitations)]
pub struct NewInvitation<'a> {
    pub survey_id: SurveyId,
    pub contact_id: ContactId,
    pub token: &'a str,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub by_email: bool,
}

pub fn insert(conn: &mut PgConnection, invitation: &NewInvitation) -> QueryResult<Invitation> {
    diesel::insert_into(invitations::table)
        .values(invitation)
        .returning(Invitation::as_returning())
        .get_result(conn)
}

/// The invitation behind a link, with its survey and contact.
/// An invitation with everything its form and its answer need.
pub type InvitationLink = (Invitation, Survey, Contact, Account, Option<Response>);

/// The invitation behind a link, with the answer given on it so far, in one query.
pub fn find_by_token(conn: &mut PgConnection, token: &str) -> QueryResult<Option<InvitationLink>> {
    by_token(token).first(conn).optional()
}

/// The invitations behind several links, as [`find_by_token`] finds each, in one query: the
/// rows of unknown tokens are missing, and their order is not that of `tokens`.
pub fn find_by_tokens(conn: &mut PgConnection, tokens: &[&str]) -> QueryResult<Vec<InvitationLink>> {
    by_tokens(tokens).load(conn)
}

/// The SQL of [`find_by_token`], its token `$1` and its row limit `$2`, for a benchmark to run
/// as koe does.
pub fn find_by_token_sql() -> String {
    let sql = diesel::debug_query::<Pg, _>(&by_token("").limit(1)).to_string();
    // Debug output ends with the bound values, after a comment marker.
    sql.split(" -- binds:").next().unwrap_or_default().to_owned()
}

/// The columns of an [`InvitationLink`].
type LinkColumns = (AsSelect<Invitation, Pg>, AsSelect<Survey, Pg>, AsSelect<Contact, Pg>, AsSelect<Account, Pg>, AsSelect<Option<Response>, Pg>);

#[diesel::dsl::auto_type]
fn links() -> _ {
    let link: LinkColumns = (
        Invitation::as_select(),
        Survey::as_select(),
        Contact::as_select(),
        Account::as_select(),
        Option::<Response>::as_select(),
    );
    invitations::table
        .inner_join(surveys::table)
        .inner_join(contacts::table.inner_join(accounts::table))
        .left_join(responses::table)
        .select(link)
}

#[diesel::dsl::auto_type(no_type_alias)]
fn by_token<'a>(token: &'a str) -> _ {
    links().filter(invitations::token.eq(token))
}

#[diesel::dsl::auto_type(no_type_alias)]
fn by_tokens<'a>(tokens: &'a [&'a str]) -> _ {
    links().filter(invitations::token.eq_any(tokens))
}

pub fn find(conn: &mut PgConnection, id: InvitationId) -> QueryResult<Option<(Invitation, Survey, Contact)>> {
    invitations::table
        .inner_join(surveys::table)
        .inner_join(contacts::table)
        .filter(invitations::id.eq(id))
        .select((Invitation::as_select(), Survey::as_select(), Contact::as_select()))
        .first(conn)
        .optional()
}

/// Whether the contact holds an invitation to the survey that is neither expired nor answered.
pub fn has_open(conn: &mut PgConnection, survey: SurveyId, contact: ContactId, now: DateTime<Utc>) -> QueryResult<bool> {
    use super::schema::responses;
    diesel::select(diesel::dsl::exists(
        invitations::table
            .filter(invitations::survey_id.eq(survey))
            .filter(invitations::contact_id.eq(contact))
            .filter(invitations::expires_at.gt(now))
            .filter(diesel::dsl::not(diesel::dsl::exists(responses::table.filter(responses::invitation_id.eq(invitations::id.nullable()))))),
    ))
    .get_result(conn)
}

/// When the contact was last invited, to any survey.
pub fn contact_last_invited(conn: &mut PgConnection, contact: ContactId) -> QueryResult<Option<DateTime<Utc>>> {
    invitations::table
        .filter(invitations::contact_id.eq(contact))
        .select(diesel::dsl::max(invitations::created_at))
        .first(conn)
}

/// Invitations to the account's contacts since `since`, newest first.
pub fn account_invited_since(conn: &mut PgConnection, account: AccountId, since: DateTime<Utc>) -> QueryResult<Vec<DateTime<Utc>>> {
    invitations::table
        .inner_join(contacts::table)
        .filter(contacts::account_id.eq(account))
        .filter(invitations::created_at.gt(since))
        .order(invitations::created_at.desc())
        .select(invitations::created_at)
        .load(conn)
}

/// Records the first time each link was opened (a mail scanner's fetch counts too), `ids[i]`
/// at `at[i]`, in one statement; a link opened before keeps its first time.
pub fn mark_opened(conn: &mut PgConnection, ids: &[InvitationId], at: &[DateTime<Utc>]) -> QueryResult<usize> {
    use diesel::sql_types::{Array, BigInt, Timestamptz};
    if ids.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    super::prepared::prepared(
        "UPDATE invitations i SET opened_at = o.at
           FROM (SELECT id, min(at) AS at FROM unnest($1::bigint[], $2::timestamptz[]) AS o(id, at) GROUP BY id) o
          WHERE i.id = o.id AND i.opened_at IS NULL",
    )
    .bind::<Array<BigInt>, _>(&ids)
    .bind::<Array<Timestamptz>, _>(at)
    .execute(conn)
}

pub fn mark_sent(conn: &mut PgConnection, id: InvitationId, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(invitations::table.find(id).filter(invitations::sent_at.is_null()))
        .set(invitations::sent_at.eq(at))
        .execute(conn)
}

pub fn mark_reminded(conn: &mut PgConnection, id: InvitationId, at: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(invitations::table.find(id).filter(invitations::reminded_at.is_null()))
        .set(invitations::reminded_at.eq(at))
        .execute(conn)
}

/// Invitations sent in a period (or per week or month), and how many of them were answered.
#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct InvitationCount {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>)]
    pub period: Option<DateTime<Utc>>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub sent: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub answered: i64,
}

/// Invitations of the scope's survey created in its period, with its account filters (its
/// answer group does not apply: an unanswered invitation has no score).
pub fn counts(
    conn: &mut PgConnection,
    scope: &super::report_scope::Scope,
    interval: Option<super::scores::Interval>,
    zone: &str,
) -> QueryResult<Vec<InvitationCount>> {
    use diesel::sql_types::{Nullable, Text};
    let sql = concat!("SELECT (date_trunc($11, i.created_at AT TIME ZONE $12) AT TIME ZONE $12) AS period,
                      count(*) AS sent, count(r.id) AS answered
               FROM invitations i
               JOIN contacts c ON c.id = i.contact_id
               JOIN accounts a ON a.id = c.account_id
               LEFT JOIN users u ON u.id = a.owner_id
               LEFT JOIN responses r ON r.invitation_id = i.id
               WHERE i.survey_id = $1 AND i.created_at >= $2 AND i.created_at < $3
                 AND ", super::report_scope::account_filters!(), "
               GROUP BY 1
               ORDER BY 1");
    let scope = super::report_scope::Scope { category: None, ..scope.clone() };
    super::report_scope::bind_scope(sql.to_owned(), &scope)
        .bind::<Nullable<Text>, _>(interval.map(|interval| interval.as_str().to_owned()))
        .bind::<Text, _>(zone.to_owned())
        .load(conn)
}

/// Like [`counts`], from the daily counts: days `[from, to)` of one survey, per week or month
/// (the first day of each) or over the whole range (`None`).
#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct DailyInvitationCount {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Date>)]
    pub period: Option<chrono::NaiveDate>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub sent: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub answered: i64,
}

pub fn counts_by_day(
    conn: &mut PgConnection,
    survey_id: SurveyId,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    interval: Option<super::scores::Interval>,
) -> QueryResult<Vec<DailyInvitationCount>> {
    use diesel::sql_types::{BigInt, Date, Nullable, Text};
    diesel::sql_query(
        "SELECT date_trunc($4, day)::date AS period, sum(sent)::int8 AS sent, sum(answered)::int8 AS answered
         FROM invitation_daily
         WHERE survey_id = $1 AND day >= $2 AND day < $3
         GROUP BY 1
         HAVING sum(sent) <> 0
         ORDER BY 1",
    )
    .bind::<BigInt, _>(survey_id)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<Text>, _>(interval.map(|interval| interval.as_str().to_owned()))
    .load(conn)
}
