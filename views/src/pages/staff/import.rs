//! The admins' CSV upload: accounts or contacts, a dry run, then the real import.
//!
//! Form contract: a `multipart/form-data` POST to [`IMPORT_PATH`] with the CSRF field, `kind`
//! ([`ImportKind::value`]), `file`, and the button pressed as `mode` ([`DRY_RUN`] or [`IMPORT`]).

use maud::{html, Markup};

use super::frame::{staff_page, StaffFrame};
use super::{CSRF_FIELD, IMPORT_PATH};
use crate::components::{error_summary, ErrorItem};
use crate::i18n::{strings, ImportStrings};

/// The `mode` of the button that checks the file without writing.
pub const DRY_RUN: &str = "dry_run";
/// The `mode` of the button that imports.
pub const IMPORT: &str = "import";

/// What the file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ImportKind {
    #[default]
    Accounts,
    Contacts,
}

impl ImportKind {
    pub const ALL: [ImportKind; 2] = [ImportKind::Accounts, ImportKind::Contacts];

    pub fn value(self) -> &'static str {
        match self {
            ImportKind::Accounts => "accounts",
            ImportKind::Contacts => "contacts",
        }
    }

    fn label(self, s: &ImportStrings) -> &'static str {
        match self {
            ImportKind::Accounts => s.kind_accounts,
            ImportKind::Contacts => s.kind_contacts,
        }
    }

    /// The columns the file has, shown as they must be typed in the header.
    fn columns(self) -> &'static str {
        match self {
            ImportKind::Accounts => "external_id, name, owner_email, segment, plan, mrr",
            ImportKind::Contacts => "account_external_id, email, name, locale",
        }
    }
}

/// Why a row cannot be imported; columns are named as in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportProblem {
    Header,
    MissingColumn(String),
    Unreadable,
    NotANumber(String),
    Required(String),
    TooLong(String),
    InvalidCharacters(String),
    InvalidEmail(String),
    Negative(String),
    UnknownOwner,
    UnknownAccount,
    UnsupportedLocale,
    Refused,
}

impl ImportProblem {
    fn text(&self, s: &ImportStrings) -> String {
        match self {
            ImportProblem::Header => s.header.to_owned(),
            ImportProblem::MissingColumn(column) => (s.missing_column)(column),
            ImportProblem::Unreadable => s.unreadable_row.to_owned(),
            ImportProblem::NotANumber(column) => (s.not_a_number)(column),
            ImportProblem::Required(column) => (s.required)(column),
            ImportProblem::TooLong(column) => (s.too_long)(column),
            ImportProblem::InvalidCharacters(column) => (s.invalid_characters)(column),
            ImportProblem::InvalidEmail(column) => (s.invalid_email)(column),
            ImportProblem::Negative(column) => (s.negative)(column),
            ImportProblem::UnknownOwner => s.unknown_owner.to_owned(),
            ImportProblem::UnknownAccount => s.unknown_account.to_owned(),
            ImportProblem::UnsupportedLocale => s.unsupported_locale.to_owned(),
            ImportProblem::Refused => s.refused.to_owned(),
        }
    }
}

/// A bad row, by its line in the file (the header is line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRowError {
    pub line: u64,
    pub problem: ImportProblem,
}

/// What the last submission came to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum ImportOutcome {
    /// Nothing submitted yet.
    #[default]
    Blank,
    DryRun { created: usize, updated: usize },
    Imported { created: usize, updated: usize },
    Rows(Vec<ImportRowError>),
    NoFile,
    TooLarge,
    Encoding,
}

/// `GET/POST /staff/import`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPage {
    pub frame: StaffFrame,
    pub kind: ImportKind,
    pub max_megabytes: usize,
    pub outcome: ImportOutcome,
}

pub fn import_page(p: &ImportPage) -> Markup {
    let s = &strings(p.frame.lang).staff.import;
    let problem = |text: String| html! { (error_summary(s.error_title, &[ErrorItem { field_id: "i-file", message: text }])) };
    let body = html! {
        h1 { (s.title) }
        p.muted { (s.lead) }
        @match &p.outcome {
            ImportOutcome::Blank => {},
            ImportOutcome::DryRun { created, updated } => p.notice role="status" { ((s.would_import)(*created, *updated)) },
            ImportOutcome::Imported { created, updated } => p.notice role="status" { ((s.imported)(*created, *updated)) },
            ImportOutcome::NoFile => (problem(s.no_file.to_owned())),
            ImportOutcome::TooLarge => (problem((s.too_large)(p.max_megabytes))),
            ImportOutcome::Encoding => (problem(s.encoding.to_owned())),
            ImportOutcome::Rows(rows) => {
                (problem((s.rows_refused)(rows.len())))
                div.table-wrap role="region" aria-labelledby="im-caption" tabindex="0" {
                    table.data.import-rows {
                        caption.vh #im-caption { (s.error_title) }
                        thead { tr { th.num scope="col" { (s.col_line) } th scope="col" { (s.col_problem) } } }
                        tbody {
                            @for row in rows {
                                tr { th.num scope="row" { (row.line) } td.wrap { (row.problem.text(s)) } }
                            }
                        }
                    }
                }
            },
        }
        form.block method="post" action=(IMPORT_PATH) enctype="multipart/form-data" {
            input type="hidden" name=(CSRF_FIELD) value=(p.frame.csrf_token);
            fieldset {
                legend.field-label { (s.kind) }
                @for kind in ImportKind::ALL {
                    label.check {
                        input type="radio" name="kind" value=(kind.value()) checked[kind == p.kind];
                        span { (kind.label(s)) " " code { (kind.columns()) } }
                    }
                }
            }
            div.field.spaced {
                label.field-label for="i-file" { (s.file) }
                p.note #i-file-hint { ((s.file_hint)(p.max_megabytes)) }
                input #i-file type="file" name="file" accept=".csv,text/csv" required aria-describedby="i-file-hint";
            }
            div.actions {
                button.button.button-secondary type="submit" name="mode" value=(DRY_RUN) { (s.dry_run) }
                " "
                button.button type="submit" name="mode" value=(IMPORT) { (s.import) }
            }
        }
    };
    staff_page(&p.frame, s.title, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::{assert_language, test_frame};
    use crate::test_support::assert_csp_clean;
    use crate::Lang;

    fn page(lang: Lang, outcome: ImportOutcome) -> ImportPage {
        ImportPage { frame: test_frame(lang), kind: ImportKind::Contacts, max_megabytes: 5, outcome }
    }

    #[test]
    fn the_form_is_multipart_with_the_csrf_field_and_both_buttons() {
        let out = import_page(&page(Lang::Ja, ImportOutcome::Blank)).into_string();
        assert_csp_clean(&out);
        assert!(out.contains("enctype=\"multipart/form-data\""));
        assert!(out.contains("<input type=\"hidden\" name=\"csrf_token\" value=\"tok-123\">"));
        assert!(out.contains("name=\"mode\" value=\"dry_run\"") && out.contains("name=\"mode\" value=\"import\""));
        assert!(out.contains("value=\"contacts\" checked"));
    }

    #[test]
    fn bad_rows_are_listed_by_line_in_the_readers_language() {
        let rows = vec![
            ImportRowError { line: 3, problem: ImportProblem::Required("name".into()) },
            ImportRowError { line: 5, problem: ImportProblem::NotANumber("mrr".into()) },
        ];
        let ja = import_page(&page(Lang::Ja, ImportOutcome::Rows(rows.clone()))).into_string();
        assert!(ja.contains("2行に問題があるため"));
        assert!(ja.contains("<th class=\"num\" scope=\"row\">3</th><td class=\"wrap\">「name」が空です。</td>"), "{ja}");
        let en = import_page(&page(Lang::En, ImportOutcome::Rows(rows))).into_string();
        assert!(en.contains("“mrr” must be a whole number."));
        for lang in Lang::ALL {
            let out = import_page(&page(lang, ImportOutcome::TooLarge)).into_string();
            let columns = [ImportKind::Accounts.columns(), ImportKind::Contacts.columns()];
            assert_language(lang, &out, &[columns[0], columns[1], "UTF-8", "Shift_JIS", "hanako@example.co.jp"], &["山田 花子"]);
        }
    }
}
