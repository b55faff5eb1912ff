//! Reading the admins' file uploads (multipart): every field up to its cap, so that a huge
//! upload is answered with a page rather than read into memory.

use crate::http::errors::PageError;
use actix_multipart::Multipart;
use futures_util::StreamExt;
use std::collections::HashMap;

/// Largest file accepted: a CRM export of tens of thousands of rows.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// The forms' other fields are a token, an id and a few words.
const MAX_FIELD_BYTES: usize = 1024;
/// Past this, an oversized upload is not read to its end: the connection is dropped instead.
const MAX_DRAIN_BYTES: usize = 8 * MAX_FILE_BYTES;

/// A submitted form: its text fields, and the field named `file`.
#[derive(Default)]
pub struct Upload {
    fields: HashMap<String, String>,
    pub file: Vec<u8>,
    /// The name the browser gave the file.
    pub file_name: String,
    /// A field was over its cap (and was not kept).
    pub too_large: bool,
}

impl Upload {
    /// A text field, trimmed; empty when absent.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or_default()
    }
}

pub async fn read_upload(mut payload: Multipart, lang: koe_views::Lang) -> Result<Upload, PageError> {
    let broken = |error: actix_multipart::MultipartError| PageError::bad_request(lang, error.to_string());
    let mut upload = Upload::default();
    let mut drained = 0;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(broken)?;
        let name = field.name().unwrap_or_default().to_owned();
        let cap = if name == "file" { MAX_FILE_BYTES } else { MAX_FIELD_BYTES };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(broken)?;
            if bytes.len() + chunk.len() > cap {
                upload.too_large = true;
                // Read on, so that the browser gets the answer rather than a reset connection.
                drained += chunk.len();
                if drained > MAX_DRAIN_BYTES {
                    return Err(PageError::too_large(lang));
                }
                continue;
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == "file" {
            upload.file_name = field.content_disposition().and_then(|disposition| disposition.get_filename()).unwrap_or_default().to_owned();
            upload.file = bytes;
        } else {
            upload.fields.insert(name, String::from_utf8_lossy(&bytes).trim().to_owned());
        }
    }
    Ok(upload)
}
