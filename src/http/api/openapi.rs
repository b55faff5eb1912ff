//! `GET /api/v1/openapi.json`: the OpenAPI document of the JSON API, generated from the
//! handlers' annotations and the types they read and write, so that it cannot drift from them.

use super::{accounts, churn, contacts, dictionary, follow_ups, invitations, keywords, responses, scores, surveys, webhooks};
use crate::db::scores::Interval;
use crate::http::errors::ErrorEnvelope;
use crate::service::keywords::Mode;
use actix_web::HttpResponse;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "koe API",
        description = "Voice-of-customer surveys: accounts, contacts, surveys, invitations, figures, keywords, \
                       follow-ups and webhooks. Every request needs `Authorization: Bearer <token>` \
                       (`koe token create`); writes need a write token. Errors are `{\"error\": {\"code\", \"message\"}}`."
    ),
    servers((url = "/api/v1")),
    security(("bearer" = [])),
    paths(
        serve,
        accounts::upsert,
        contacts::upsert,
        surveys::create,
        invitations::create,
        scores::summary,
        scores::trend,
        responses::list,
        responses::export,
        keywords::report,
        keywords::detail,
        keywords::mentions,
        churn::monthly,
        follow_ups::list,
        follow_ups::report,
        dictionary::list,
        dictionary::add,
        dictionary::remove,
        webhooks::list,
        webhooks::add,
        webhooks::remove,
        webhooks::deliveries,
    ),
    components(schemas(ErrorEnvelope, Mode, Interval)),
    modifiers(&CommonResponses)
)]
struct ApiDoc;

/// The refusals every operation shares, because they come from the shared extractors rather
/// than from one handler: the bearer token (401, 403 for a read-only token on a write), the
/// JSON body (400, 413, 415, 422), the path (404) and the query (400, 422); and 500 and 503.
/// An operation that documents a status itself keeps its own description.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
        for item in openapi.paths.paths.values_mut() {
            let operations = [(&mut item.get, false), (&mut item.post, true), (&mut item.delete, true)];
            for (operation, writes) in operations {
                if let Some(operation) = operation.as_mut() {
                    add_refusals(operation, writes);
                }
            }
        }
    }
}

fn add_refusals(operation: &mut Operation, writes: bool) {
    // The document itself is public and takes no input.
    if operation.security.as_ref().is_some_and(|requirements| requirements.iter().all(is_anonymous)) {
        return;
    }
    let parameters = operation.parameters.iter().flatten().filter_map(|parameter| match parameter {
        RefOr::T(parameter) => Some(parameter.parameter_in.clone()),
        RefOr::Ref(_) => None,
    });
    let (mut in_path, mut in_query) = (false, false);
    for location in parameters {
        in_path |= matches!(location, ParameterIn::Path);
        in_query |= matches!(location, ParameterIn::Query);
    }
    let mut refusals = vec![
        ("401", "`unauthorized`: no token, or not an active one"),
        ("500", "`internal`: something went wrong on koe's side"),
        ("503", "`unavailable`: the database cannot be reached now; try again (Retry-After)"),
    ];
    if writes {
        refusals.push(("403", "`forbidden`: the token is read-only"));
    }
    if in_path {
        refusals.push(("404", "`not_found`: nothing has that id"));
    }
    if operation.request_body.is_some() {
        refusals.extend([
            ("400", "`malformed_json`"),
            ("413", "`too_large`: the body must be at most 64 KiB"),
            ("415", "`unsupported_media_type`: send Content-Type: application/json"),
            ("422", "`invalid_body` (a field of the wrong type), or a value koe refuses; `field` names it"),
        ]);
    } else if in_query {
        refusals.extend([
            ("400", "`invalid_query`: the query string cannot be read (e.g. a parameter given twice)"),
            ("422", "A parameter koe refuses; `field` names it"),
        ]);
    }
    let responses = &mut operation.responses.responses;
    for (status, description) in refusals {
        responses.entry(status.to_owned()).or_insert_with(|| refusal(description));
    }
}

fn is_anonymous(requirement: &utoipa::openapi::security::SecurityRequirement) -> bool {
    requirement == &utoipa::openapi::security::SecurityRequirement::default()
}

fn refusal(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content("application/json", utoipa::openapi::ContentBuilder::new().schema(Some(Ref::from_schema_name(ErrorEnvelope::name()))).build())
            .build(),
    )
}

/// This document (no token needed).
#[utoipa::path(get, path = "/openapi.json", security(()), responses((status = 200, description = "OpenAPI 3.1", body = Object)))]
pub async fn serve() -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "public, max-age=300")).json(ApiDoc::openapi())
}
