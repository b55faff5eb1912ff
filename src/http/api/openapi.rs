//! `GET /api/v1/openapi.json`: the OpenAPI 3 document of the JSON API.

use actix_web::HttpResponse;
use serde_json::{json, Value};

/// Query parameters every report takes.
fn report_parameters() -> Value {
    let text = |name: &str, description: &str| json!({ "name": name, "in": "query", "required": false, "description": description, "schema": { "type": "string" } });
    json!([
        { "$ref": "#/components/parameters/SurveyId" },
        text("from", "First day (YYYY-MM-DD, in the organisation's time zone) or an RFC 3339 time; default: twelve calendar months before `to`."),
        text("to", "Last day included, or an RFC 3339 time; default: now."),
        text("segment", "Only accounts in this segment."),
        text("plan", "Only accounts on this plan."),
        text("owner_email", "Only accounts owned by this staff user."),
        text("stage", "Only accounts in this lifecycle stage."),
    ])
}

fn with(mut parameters: Value, extra: Value) -> Value {
    if let (Some(list), Some(more)) = (parameters.as_array_mut(), extra.as_array()) {
        list.extend(more.iter().cloned());
    }
    parameters
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn ok(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "type": "object" } } }
    })
}

fn errors() -> Value {
    let error = json!({ "$ref": "#/components/responses/Error" });
    json!({ "400": error, "401": error, "403": error, "404": error, "409": error, "413": error, "415": error, "422": error, "429": error })
}

fn responses(code: &str, description: &str) -> Value {
    let mut all = errors();
    all[code] = ok(description);
    all
}

fn body(schema: &str) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

/// The document; a test checks that it names every route the API serves.
pub fn document() -> Value {
    let category = query("category", "promoter|passive|detractor (NPS), dissatisfied|neutral|satisfied (CSAT), or an exit reason code.", json!({ "type": "string" }));
    let limit = query("limit", "1 to 200; default 20.", json!({ "type": "integer", "minimum": 1, "maximum": 200 }));
    let term = json!({ "name": "term", "in": "path", "required": true, "schema": { "type": "string" } });
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "koe API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Voice-of-customer surveys: accounts, contacts, surveys, invitations, figures and keywords. Every request needs `Authorization: Bearer <token>` (`koe token create`); writes need a write token."
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "bearer": [] }],
        "paths": {
            "/accounts": { "post": { "summary": "Create or update an account by external_id", "requestBody": body("AccountInput"), "responses": with_ok(responses("201", "Created"), "200", "Updated") } },
            "/contacts": { "post": { "summary": "Create or update a contact by email", "requestBody": body("ContactInput"), "responses": with_ok(responses("201", "Created"), "200", "Updated") } },
            "/surveys": { "post": { "summary": "Create a survey", "requestBody": body("SurveyInput"), "responses": responses("201", "The survey, with `public_url` when it has a public link") } },
            "/surveys/{id}/invitations": { "post": {
                "summary": "Invite a contact: a personal link, emailed by koe with `send_email`. 409 `unsubscribed`; 429 `throttled_contact` or `throttled_account` with `available_at` and Retry-After.",
                "parameters": [{ "$ref": "#/components/parameters/SurveyId" }],
                "requestBody": body("InvitationInput"),
                "responses": responses("201", "`{id, token, url, expires_at, send_email}`")
            } },
            "/surveys/{id}/summary": { "get": {
                "summary": "NPS / CSAT / exit figures over a period, with n, margin of error, interval and the change since the period before",
                "parameters": report_parameters(),
                "responses": responses("200", "NPS: `{n, promoters, passives, detractors, nps, nps_margin_of_error, nps_ci_low, nps_ci_high, small_sample, previous, change}`")
            } },
            "/surveys/{id}/responses": { "get": {
                "summary": "The answers behind a figure (same period, filters and category), newest first",
                "parameters": with(report_parameters(), json!([category, limit, query("before", "The `next` of the previous page.", json!({ "type": "string" }))])),
                "responses": responses("200", "`{total, responses: [{response_id, answered_at, score, reason, comment, account_external_id, account_name, contact_email}], next}`")
            } },
            "/surveys/{id}/responses.csv": { "get": {
                "summary": "The same answers as CSV, streamed; `excel=1` adds a byte-order mark, CRLF and defuses formulas",
                "parameters": with(report_parameters(), json!([category, query("excel", "1 for Excel.", json!({ "type": "string" }))])),
                "responses": { "200": { "description": "CSV", "content": { "text/csv": {} } }, "401": { "$ref": "#/components/responses/Error" }, "404": { "$ref": "#/components/responses/Error" }, "422": { "$ref": "#/components/responses/Error" } }
            } },
            "/surveys/{id}/trend": { "get": {
                "summary": "The figures per week or month",
                "parameters": with(report_parameters(), json!([query("interval", "week or month (default).", json!({ "type": "string", "enum": ["week", "month"] }))])),
                "responses": responses("200", "`{interval, periods: [{start, n, nps, nps_margin_of_error, …}]}`")
            } },
            "/surveys/{id}/keywords": { "get": {
                "summary": "Top or distinctive keywords of a respondent group",
                "parameters": with(report_parameters(), json!([category, query("mode", "top (default) or distinctive (needs a category).", json!({ "type": "string", "enum": ["top", "distinctive"] })), limit])),
                "responses": responses("200", "`{answers, answers_with_terms, keywords: [{term, responses, share, responses_rest?, log_odds?, z?}]}`")
            } },
            "/surveys/{id}/keywords/{term}": { "get": {
                "summary": "A keyword's monthly trend and the keywords said with it",
                "parameters": with(report_parameters(), json!([term, category, limit])),
                "responses": responses("200", "`{responses, trend: [...], co_occurring: [...]}`")
            } },
            "/surveys/{id}/keywords/{term}/mentions": { "get": {
                "summary": "The answers that use a keyword, newest first, with a snippet",
                "parameters": with(report_parameters(), json!([term, category, limit, query("before", "The `next` of the previous page.", json!({ "type": "string" }))])),
                "responses": responses("200", "`{mentions: [...], next}`")
            } },
            "/churn": { "get": {
                "summary": "Customer and revenue churn by month, from the accounts",
                "parameters": [
                    query("from", "First day; default: twelve calendar months before `to`.", json!({ "type": "string" })),
                    query("to", "Last day included; default: now.", json!({ "type": "string" })),
                    query("segment", "Only accounts in this segment.", json!({ "type": "string" })),
                    query("plan", "Only accounts on this plan.", json!({ "type": "string" })),
                    query("owner_email", "Only accounts owned by this staff user.", json!({ "type": "string" }))
                ],
                "responses": responses("200", "`{months: [{start, accounts_at_start, churned, customer_churn_rate, mrr_at_start, mrr_lost, revenue_churn_rate}]}`")
            } },
            "/follow-ups": { "get": {
                "summary": "Follow-up cases (default: open and contacted), due first",
                "parameters": [query("status", "open, contacted, resolved or wont_fix.", json!({ "type": "string", "enum": ["open", "contacted", "resolved", "wont_fix"] }))],
                "responses": responses("200", "`{follow_ups: [{id, status, owner_email, account_external_id, score, comment, due_at, trigger, …}]}`")
            } },
            "/follow-ups/report": { "get": {
                "summary": "Per month and owner: cases, unfinished, overdue, median hours to first contact, closed-loop rate",
                "parameters": [
                    query("from", "First day; default: twelve calendar months before `to`.", json!({ "type": "string" })),
                    query("to", "Last day included; default: now.", json!({ "type": "string" }))
                ],
                "responses": responses("200", "`{owners_by_month: [{month, owner_email, cases, unfinished, overdue, median_hours_to_first_contact, contacted_in_time, closed_loop_rate}]}`")
            } },
            "/dictionary/words": {
                "get": { "summary": "The custom words of the analyser", "responses": responses("200", "`{words: [{word, created_at}]}`") },
                "post": { "summary": "Add a custom word (effective without a restart)", "requestBody": body("WordInput"), "responses": responses("201", "The word") }
            },
            "/dictionary/words/{word}": { "delete": {
                "summary": "Remove a custom word",
                "parameters": [{ "name": "word", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": { "204": { "description": "Removed" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" }, "404": { "$ref": "#/components/responses/Error" } }
            } },
            "/webhooks": {
                "get": { "summary": "Webhook endpoints (without their secrets)", "responses": responses("200", "`{webhooks: [{id, url, format, events, created_at, disabled_at}]}`") },
                "post": {
                    "summary": "Add an endpoint; the response carries its signing secret, shown only this once. Deliveries are POSTs with `Koe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">` and `Koe-Delivery: <id>` (the same on a retry).",
                    "requestBody": body("WebhookInput"),
                    "responses": responses("201", "The endpoint with `secret`")
                }
            },
            "/webhooks/{id}": { "delete": {
                "summary": "Stop calling an endpoint (its delivery log stays)",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "responses": { "204": { "description": "Disabled" }, "401": { "$ref": "#/components/responses/Error" }, "403": { "$ref": "#/components/responses/Error" }, "404": { "$ref": "#/components/responses/Error" } }
            } },
            "/webhooks/{id}/deliveries": { "get": {
                "summary": "An endpoint's last 100 deliveries, newest first",
                "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "responses": responses("200", "`{webhook, deliveries: [{id, event, state: pending|delivered|failed, attempts, last_status, last_error, next_attempt_at, delivered_at, created_at}]}`")
            } },
            "/openapi.json": { "get": { "summary": "This document", "security": [], "responses": { "200": { "description": "OpenAPI 3" } } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "parameters": { "SurveyId": { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } } },
            "responses": { "Error": { "description": "A refused request", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } },
            "schemas": {
                "Error": { "type": "object", "properties": { "error": { "type": "object", "required": ["code", "message"], "properties": {
                    "code": { "type": "string" }, "message": { "type": "string" }, "field": { "type": "string" },
                    "available_at": { "type": "string", "format": "date-time", "description": "429 only: when the invitation becomes possible" }
                } } } },
                "AccountInput": { "type": "object", "required": ["external_id", "name"], "properties": {
                    "external_id": { "type": "string" }, "name": { "type": "string" }, "owner_email": { "type": "string" },
                    "segment": { "type": "string" }, "plan": { "type": "string" }, "mrr": { "type": "integer", "minimum": 0 }
                } },
                "ContactInput": { "type": "object", "required": ["account_external_id", "email"], "properties": {
                    "account_external_id": { "type": "string" }, "email": { "type": "string" }, "name": { "type": "string" },
                    "locale": { "type": "string", "enum": ["ja", "en"] }
                } },
                "SurveyInput": { "type": "object", "required": ["kind", "name"], "properties": {
                    "kind": { "type": "string", "enum": ["nps", "csat", "exit"] }, "name": { "type": "string" }, "subject": { "type": "string" },
                    "question": { "type": "string" }, "comment_prompt": { "type": "string" }, "public_link": { "type": "boolean" },
                    "invitation_ttl_days": { "type": "integer", "minimum": 1, "maximum": 365 },
                    "contact_cooldown_days": { "type": "integer", "minimum": 0, "maximum": 3650, "description": "A contact invited to any survey within this many days is not invited to this one (429). Default 90; 0: no limit." },
                    "reminder_days": { "type": "integer", "minimum": 0, "maximum": 60, "description": "One reminder email this many days after an unanswered invitation. Default 3; 0: none." },
                    "reasons": { "type": "array", "items": { "type": "object", "required": ["code", "ja"], "properties": {
                        "code": { "type": "string" }, "ja": { "type": "string" }, "en": { "type": "string" }
                    } } }
                } },
                "InvitationInput": { "type": "object", "required": ["contact_email"], "additionalProperties": false, "properties": {
                    "contact_email": { "type": "string" }, "expires_in_days": { "type": "integer", "minimum": 1, "maximum": 365 },
                    "send_email": { "type": "boolean", "description": "koe emails the invitation (Japanese or English by the contact's locale) and one reminder." }
                } },
                "WordInput": { "type": "object", "required": ["word"], "properties": { "word": { "type": "string" } } },
                "WebhookInput": { "type": "object", "required": ["url", "events"], "properties": {
                    "url": { "type": "string", "format": "uri" },
                    "events": { "type": "array", "minItems": 1, "items": { "type": "string", "enum": ["response.created", "follow_up.created"] } },
                    "format": { "type": "string", "enum": ["koe", "chat"], "description": "`chat`: a Slack-compatible `{\"text\"}` message, for follow_up.created only." }
                } }
            }
        }
    })
}

fn with_ok(mut responses: Value, code: &str, description: &str) -> Value {
    responses[code] = ok(description);
    responses
}

pub async fn serve() -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "public, max-age=300")).json(document())
}
