//! `/staff/import`: admins upload a CRM export (accounts or contacts), check it, then import it.

use super::follow_ups::html;
use super::session::Staff;
use crate::error::AppError;
use crate::http::errors::PageError;
use crate::http::AppState;
use crate::service::import::{self, ImportError, Kind, RowProblem};
use super::upload::{read_upload, MAX_FILE_BYTES};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use koe_views::staff::{
    import_page, ImportKind, ImportOutcome, ImportPage, ImportProblem, ImportRowError, NavItem, CSRF_FIELD, DRY_RUN, IMPORT,
};


fn page(staff: &Staff, kind: ImportKind, status: StatusCode, outcome: ImportOutcome) -> HttpResponse {
    let view = ImportPage { frame: staff.frame(NavItem::Accounts), kind, max_megabytes: MAX_FILE_BYTES / (1024 * 1024), outcome };
    html(status, import_page(&view).into_string())
}

/// `GET /staff/import` (admins).
pub async fn show(staff: Staff) -> Result<HttpResponse, PageError> {
    staff.require_admin()?;
    Ok(page(&staff, ImportKind::default(), StatusCode::OK, ImportOutcome::Blank))
}

fn view_problem(problem: RowProblem) -> ImportProblem {
    match problem {
        RowProblem::Header => ImportProblem::Header,
        RowProblem::MissingColumn(column) => ImportProblem::MissingColumn(column.to_owned()),
        RowProblem::Unreadable => ImportProblem::Unreadable,
        RowProblem::NotANumber(column) => ImportProblem::NotANumber(column),
        RowProblem::Required(column) => ImportProblem::Required(column.to_owned()),
        RowProblem::TooLong(column) => ImportProblem::TooLong(column.to_owned()),
        RowProblem::InvalidCharacters(column) => ImportProblem::InvalidCharacters(column.to_owned()),
        RowProblem::InvalidEmail(column) => ImportProblem::InvalidEmail(column.to_owned()),
        RowProblem::Negative(column) => ImportProblem::Negative(column.to_owned()),
        RowProblem::UnknownOwner => ImportProblem::UnknownOwner,
        RowProblem::UnknownAccount => ImportProblem::UnknownAccount,
        RowProblem::UnsupportedLocale => ImportProblem::UnsupportedLocale,
        RowProblem::Refused(_) => ImportProblem::Refused,
    }
}

/// `POST /staff/import` (admins, multipart): `kind`, `file`, `mode` = dry run or import.
pub async fn submit(state: web::Data<AppState>, staff: Staff, payload: Multipart) -> Result<HttpResponse, PageError> {
    staff.require_admin()?;
    let lang = staff.lang;
    let upload = read_upload(payload, lang).await?;
    staff.check_csrf(upload.field(CSRF_FIELD))?;
    let (kind, view_kind) = match upload.field("kind") {
        "accounts" => (Kind::Accounts, ImportKind::Accounts),
        "contacts" => (Kind::Contacts, ImportKind::Contacts),
        _ => return Err(PageError::bad_request(lang, "unknown import kind")),
    };
    let dry_run = match upload.field("mode") {
        DRY_RUN => true,
        IMPORT => false,
        _ => return Err(PageError::bad_request(lang, "unknown import mode")),
    };
    let answer = |status, outcome| Ok(page(&staff, view_kind, status, outcome));
    if upload.too_large {
        return answer(StatusCode::PAYLOAD_TOO_LARGE, ImportOutcome::TooLarge);
    }
    if upload.file.is_empty() {
        return answer(StatusCode::UNPROCESSABLE_ENTITY, ImportOutcome::NoFile);
    }
    let Ok(text) = import::decode(&upload.file) else {
        return answer(StatusCode::UNPROCESSABLE_ENTITY, ImportOutcome::Encoding);
    };
    let result = state
        .db(move |conn| match import::run(conn, kind, &text, dry_run) {
            Ok(done) => Ok(Ok(done)),
            Err(ImportError::Rows(rows)) => Ok(Err(rows)),
            Err(ImportError::Encoding) => Err(AppError::Internal("decoded text reported as undecodable".into())),
            Err(ImportError::App(error)) => Err(error),
        })
        .await
        .map_err(|error| PageError::new(error, lang))?;
    match result {
        Ok(done) if dry_run => answer(StatusCode::OK, ImportOutcome::DryRun { created: done.created, updated: done.updated }),
        Ok(done) => {
            tracing::info!(kind = view_kind.value(), created = done.created, updated = done.updated, "import from the staff page");
            answer(StatusCode::OK, ImportOutcome::Imported { created: done.created, updated: done.updated })
        }
        Err(rows) => answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            ImportOutcome::Rows(
                rows.into_iter().map(|row| ImportRowError { line: row.line, problem: view_problem(row.problem) }).collect(),
            ),
        ),
    }
}
