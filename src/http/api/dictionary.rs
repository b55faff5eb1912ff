//! `/api/v1/dictionary/words`: the product and feature names admins add to the analyser.

use super::ApiClient;
use crate::db::custom_words::CustomWord;
use crate::http::errors::ApiError;
use crate::http::AppState;
use crate::service::dictionary::{self, WordInput};
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

/// `GET /api/v1/dictionary/words`: `{words: [{word, created_at}]}`, alphabetically.
pub async fn list(state: web::Data<AppState>, _client: ApiClient) -> Result<HttpResponse, ApiError> {
    let words = state.db(dictionary::words).await?;
    Ok(HttpResponse::Ok().json(json!({ "words": words.iter().map(word_json).collect::<Vec<_>>() })))
}

/// `POST /api/v1/dictionary/words {word}`: 201; the next answer this process records uses it,
/// other processes within their poll interval.
pub async fn add(state: web::Data<AppState>, client: ApiClient, body: web::Json<WordInput>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let input = body.into_inner();
    let shared = state.analyzer.clone();
    let word = state
        .db(move |conn| {
            let word = dictionary::add(conn, &input)?;
            reload(conn, &shared);
            Ok(word)
        })
        .await?;
    Ok(HttpResponse::Created().json(word_json(&word)))
}

/// `DELETE /api/v1/dictionary/words/{word}`: 204, or 404 when there is no such word.
pub async fn remove(state: web::Data<AppState>, client: ApiClient, word: web::Path<String>) -> Result<HttpResponse, ApiError> {
    client.require_write()?;
    let word = word.into_inner();
    let shared = state.analyzer.clone();
    state
        .db(move |conn| {
            dictionary::remove(conn, &word)?;
            reload(conn, &shared);
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The change is committed either way; if this reload fails, the next poll retries it.
fn reload(conn: &mut diesel::PgConnection, shared: &crate::text::SharedAnalyzer) {
    if let Err(error) = dictionary::refresh(conn, shared) {
        tracing::warn!(%error, "cannot reload the analyser after a dictionary change; the next poll retries");
    }
}

fn word_json(word: &CustomWord) -> Value {
    json!({ "word": word.word, "created_at": word.created_at })
}
