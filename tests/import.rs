//! `koe import accounts|contacts`: CRM and Excel exports, all or nothing.
#![allow(clippy::expect_used)] // a test may stop at the first thing that goes wrong

mod common;

use common::{count, TestDb};
use std::process::{Command, Output};

fn import(db: &TestDb, what: &str, content: &[u8], extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("export.csv");
    std::fs::write(&file, content).expect("write the file");
    let mut args = vec!["import", what, file.to_str().expect("path")];
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_koe")).args(&args).env("DATABASE_URL", &db.url).env("KOE_LOG", "warn").output().expect("run koe")
}

fn owner(db: &TestDb) {
    let mut conn = db.connect();
    koe::service::users::add(&mut conn, "sato@example.com", "佐藤", koe::domain::role::Role::Cs, common::STAFF_PASSWORD).expect("owner");
}

#[test]
fn a_utf8_export_with_a_byte_order_mark_is_imported_and_a_second_run_updates() {
    let db = TestDb::create();
    owner(&db);
    let csv = "\u{feff}external_id,name,owner_email,segment,plan,mrr\nA-1,株式会社あおば,sato@example.com,mid,business,120000\nA-2,\"みなと精機, 株式会社\",,enterprise,,\n";
    let first = import(&db, "accounts", csv.as_bytes(), &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("2 created"));
    let again = import(&db, "accounts", csv.as_bytes(), &[]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("2 updated"));
    assert_eq!(count(&mut db.connect(), "accounts WHERE name = 'みなと精機, 株式会社' AND owner_id IS NULL"), 1);
}

#[test]
fn a_shift_jis_export_from_excel_is_read() {
    let db = TestDb::create();
    owner(&db);
    import(&db, "accounts", "external_id,name\nA-1,株式会社あおば\n".as_bytes(), &[]);
    let text = "account_external_id,email,name,locale\r\nA-1,Yamada@Aoba.example,山田 健一,ja\r\n";
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    let done = import(&db, "contacts", &sjis, &[]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert_eq!(count(&mut db.connect(), "contacts WHERE name = '山田 健一' AND email = 'yamada@aoba.example'"), 1);
}

#[test]
fn bad_rows_are_named_by_line_and_nothing_is_written() {
    let db = TestDb::create();
    owner(&db);
    let csv = "external_id,name,owner_email,mrr\nA-1,良い会社,,1000\nA-2,,,\nA-3,所有者不明,nobody@example.com,\nA-4,負の売上,,-5\nA-5,数字でない,,たくさん\n";
    let refused = import(&db, "accounts", csv.as_bytes(), &[]);
    assert!(!refused.status.success());
    let report = String::from_utf8_lossy(&refused.stderr);
    for line in ["line 3:", "line 4:", "line 5:", "line 6:"] {
        assert!(report.contains(line), "{line} missing from {report}");
    }
    assert!(!report.contains("line 2:"), "the good row is not blamed: {report}");
    assert_eq!(count(&mut db.connect(), "accounts"), 0, "all or nothing");
}

#[test]
fn a_dry_run_counts_without_writing_and_garbage_is_refused() {
    let db = TestDb::create();
    let dry = import(&db, "accounts", "external_id,name\nA-1,株式会社あおば\n".as_bytes(), &["--dry-run"]);
    assert!(dry.status.success());
    assert!(String::from_utf8_lossy(&dry.stdout).contains("1 would be created"));
    assert_eq!(count(&mut db.connect(), "accounts"), 0);
    let binary = import(&db, "accounts", &[0xff, 0xfe, 0x00, 0x81, 0x00, 0xff], &[]);
    assert!(!binary.status.success());
    assert!(String::from_utf8_lossy(&binary.stderr).contains("neither UTF-8 nor Shift_JIS"));
}
