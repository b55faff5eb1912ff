//! OpenAPI schemas of input fields that arrive as text but take only a few names: built from
//! the domain's own lists, so that the document offers exactly what the parsers accept.

use super::keywords::Mode;
use crate::db::scores::Interval;
use crate::domain::follow_up::Status;
use crate::domain::survey::SurveyKind;
use crate::domain::webhook::{Event, Format};
use std::borrow::Cow;
use utoipa::openapi::schema::{Array, ArrayBuilder, Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

fn one_of(names: impl IntoIterator<Item = &'static str>, description: &str) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)).description(Some(description)).build()
}

/// For the optional fields whose parsers take blank as absent, as an HTML form sends it.
fn blank_or_one_of<const N: usize>(names: [&'static str; N], description: &str) -> Object {
    one_of(std::iter::once("").chain(names), &format!("{description} Blank: the default."))
}

pub fn survey_kind() -> Object {
    one_of([SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Exit].map(SurveyKind::as_str), "What the survey asks.")
}

pub fn locale() -> Object {
    blank_or_one_of(koe_views::Lang::ALL.map(koe_views::Lang::code), "The language of the contact's emails and survey page; default ja.")
}

pub fn webhook_events() -> Array {
    ArrayBuilder::new()
        .items(one_of(Event::ALL.map(Event::as_str), "An event that calls the endpoint."))
        .min_items(Some(1))
        .build()
}

pub fn webhook_format() -> Object {
    one_of(
        [Format::Koe, Format::Chat].map(Format::as_str),
        "`koe` (default): the event as JSON; `chat`: a Slack-compatible `{\"text\"}` message, for follow_up.created only.",
    )
}

pub fn follow_up_status() -> Object {
    blank_or_one_of(Status::ALL.map(Status::as_str), "One status; without it, the cases still being worked on (open and contacted).")
}

pub fn keyword_mode() -> Object {
    blank_or_one_of(
        [Mode::Top, Mode::Distinctive].map(Mode::as_str),
        "`top` (default) or `distinctive` (the category against the rest; needs a category).",
    )
}

pub fn trend_interval() -> Object {
    blank_or_one_of([Interval::Week, Interval::Month].map(Interval::as_str), "`week` or `month` (default).")
}

// Query parameters named in `#[utoipa::path]` take a type, not a schema function.
impl PartialSchema for Mode {
    fn schema() -> RefOr<Schema> {
        keyword_mode().into()
    }
}

impl ToSchema for Mode {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("KeywordMode")
    }
}

impl PartialSchema for Interval {
    fn schema() -> RefOr<Schema> {
        trend_interval().into()
    }
}

impl ToSchema for Interval {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("TrendInterval")
    }
}
