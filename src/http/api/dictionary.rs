//! `/api/v1/dictionary/words`: the product and feature names admins add to the analyser.

use super::ApiClient;
use crate::db::custom_words::CustomWord;
use crate::http::errors::{ApiError, ErrorEnvelope};
use crate::http::AppState;
use crate::service::dictionary::{self, WordInput};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A custom word of the analyser.
#[derive(Debug, Serialize, ToSchema)]
pub struct Word {
    word: String,
    created_at: DateTime<Utc>,
}

impl From<CustomWord> for Word {
    fn from(word: CustomWord) -> Word {
        Word { word: word.word, created_at: word.created_at }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WordList {
    /// Alphabetically.
    words: Vec<Word>,
}

/// The custom words of the analyser.
#[utoipa::path(get, path = "/dictionary/words", responses((status = 200, description = "The words", body = WordList)))]
pub async fn list(state: web::Data<AppState>, _client: ApiClient) -> Result<HttpResponse, ApiError> {
    let words = state.db(dictionary::words).await?;
    Ok(HttpResponse::Ok().json(WordList { words: words.into_iter().map(Word::from).collect() }))
}

/// Add a custom word: the next answer this process records uses it, other processes within
/// their poll interval.
#[utoipa::path(post, path = "/dictionary/words", request_body = WordInput, responses(
    (status = 201, description = "The word", body = Word),
    (status = 409, description = "`duplicate_word`: another spelling of it is there already (ＡＰＩ for API)", body = ErrorEnvelope),
))]
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
    Ok(HttpResponse::Created().json(Word::from(word)))
}

/// Remove a custom word, given in any spelling that analyses the same.
#[utoipa::path(delete, path = "/dictionary/words/{word}", params(("word" = String, Path)), responses((status = 204, description = "Removed")))]
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
