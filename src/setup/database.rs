//! Step 4: the database named in DATABASE_URL exists (created through the `postgres`
//! maintenance database with the same credentials).

use std::time::Duration;

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::{PgConnection, RunQueryDsl};

use super::postgres::{self, PgUrl, Probe};
use super::SetupError;

const CREATE_ATTEMPTS: u32 = 5;

/// Create the database named in `database_url` if it does not exist. Another process
/// creating it at the same moment is fine. Cheap when it exists (one connection).
pub fn ensure_database_exists(database_url: &str) -> Result<(), SetupError> {
    let pg = PgUrl::parse(database_url)?;
    let database = pg.database();
    match postgres::connect(&pg) {
        Ok(mut conn) => {
            warn_unless_utf8(&mut conn, &database);
            tracing::info!("database {database} exists");
            Ok(())
        }
        Err(Probe::DatabaseMissing) => {
            create(&pg, &database)?;
            match postgres::connect(&pg) {
                Ok(_) => Ok(()),
                Err(probe) => Err(connect_error(&pg, probe)),
            }
        }
        Err(probe) => Err(connect_error(&pg, probe)),
    }
}

fn connect_error(pg: &PgUrl, probe: Probe) -> SetupError {
    let target = pg.redacted();
    match probe {
        Probe::AuthFailed(detail) => SetupError::AccessDenied {
            target,
            detail,
            fix: "Fix the user or password in DATABASE_URL, or unset it and run `sudo koe setup`, which creates a login role for koe."
                .to_string(),
        },
        Probe::Unreachable(detail) | Probe::Starting(detail) => SetupError::PostgresUnreachable {
            target,
            detail,
            fix: "Start PostgreSQL (`sudo koe setup` starts a local Debian cluster), or fix the host and port in DATABASE_URL."
                .to_string(),
        },
        Probe::Ready | Probe::DatabaseMissing => SetupError::Postgres {
            target,
            detail: "the database disappeared while koe was creating it".to_string(),
        },
        Probe::Other(detail) => SetupError::Postgres { target, detail },
    }
}

/// `"name"` with inner quotes doubled.
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The CREATE DATABASE statement. koe stores Japanese text, so when template1 is not
/// UTF8 (a cluster made under a C/POSIX locale) the database is made UTF8 from template0.
pub(crate) fn create_sql(database: &str, template1_encoding: Option<&str>) -> String {
    match template1_encoding {
        Some(enc) if !enc.eq_ignore_ascii_case("UTF8") => format!(
            "CREATE DATABASE {} WITH TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
            quote_ident(database)
        ),
        _ => format!("CREATE DATABASE {}", quote_ident(database)),
    }
}

/// Whether a CREATE DATABASE error means someone else created it first.
pub(crate) fn is_already_exists(kind: Option<&DatabaseErrorKind>, message: &str) -> bool {
    matches!(kind, Some(DatabaseErrorKind::UniqueViolation)) || message.contains("already exists")
}

fn create(pg: &PgUrl, database: &str) -> Result<(), SetupError> {
    let target = pg.redacted();
    let mut conn = maintenance_connection(pg)?;
    let encoding = template1_encoding(&mut conn);
    let sql = create_sql(database, encoding.as_deref());
    tracing::info!("creating database {database}");
    let mut attempt = 0;
    loop {
        attempt += 1;
        match diesel::sql_query(sql.as_str()).execute(&mut conn) {
            Ok(_) => {
                tracing::info!("created database {database}");
                return Ok(());
            }
            Err(DieselError::DatabaseError(kind, info)) => {
                let message = info.message().to_string();
                if is_already_exists(Some(&kind), &message) {
                    tracing::info!("database {database} was just created by another process");
                    return Ok(());
                }
                // CREATE DATABASE copies a template and fails while another session is
                // connected to it (for example another process creating a database).
                if message.contains("is being accessed by other users") && attempt < CREATE_ATTEMPTS
                {
                    std::thread::sleep(Duration::from_millis(500 * u64::from(attempt)));
                    continue;
                }
                let fix = if message.contains("permission denied") {
                    format!(
                        "The role in DATABASE_URL may not create databases. Create it as an administrator:\n    sudo -u postgres createdb -p {} -O {} {}",
                        pg.port(),
                        pg.user().unwrap_or_else(|| "USER".to_string()),
                        super::system::shell_quote(database)
                    )
                } else {
                    "Fix the cause above, then run `koe setup` again.".to_string()
                };
                return Err(SetupError::CreateDatabase {
                    database: database.to_string(),
                    target,
                    detail: message,
                    fix,
                });
            }
            Err(other) => {
                return Err(SetupError::CreateDatabase {
                    database: database.to_string(),
                    target,
                    detail: other.to_string(),
                    fix: "Fix the cause above, then run `koe setup` again.".to_string(),
                })
            }
        }
    }
}

/// A connection to the `postgres` maintenance database (or `template1` where it was dropped).
fn maintenance_connection(pg: &PgUrl) -> Result<PgConnection, SetupError> {
    let mut last = None;
    for name in ["postgres", "template1"] {
        let maintenance = pg.with_database(name);
        match postgres::connect(&maintenance) {
            Ok(conn) => return Ok(conn),
            Err(Probe::DatabaseMissing) => last = Some(maintenance),
            Err(probe) => return Err(connect_error(&maintenance, probe)),
        }
    }
    Err(SetupError::CreateDatabase {
        database: pg.database(),
        target: last.map(|m| m.redacted()).unwrap_or_else(|| pg.redacted()),
        detail: "neither the `postgres` nor the `template1` database exists to connect to"
            .to_string(),
        fix: format!(
            "Create the database as an administrator:\n    sudo -u postgres createdb -p {} {}",
            pg.port(),
            super::system::shell_quote(&pg.database())
        ),
    })
}

#[derive(diesel::QueryableByName)]
struct Encoding {
    #[diesel(sql_type = diesel::sql_types::Text)]
    encoding: String,
}

fn template1_encoding(conn: &mut PgConnection) -> Option<String> {
    diesel::sql_query(
        "SELECT pg_catalog.pg_encoding_to_char(encoding) AS encoding FROM pg_catalog.pg_database WHERE datname = 'template1'",
    )
    .get_result::<Encoding>(conn)
    .ok()
    .map(|e| e.encoding)
}

fn warn_unless_utf8(conn: &mut PgConnection, database: &str) {
    let encoding = diesel::sql_query(
        "SELECT pg_catalog.pg_encoding_to_char(encoding) AS encoding FROM pg_catalog.pg_database WHERE datname = current_database()",
    )
    .get_result::<Encoding>(conn)
    .ok()
    .map(|e| e.encoding);
    if let Some(encoding) = encoding.filter(|e| e != "UTF8") {
        tracing::warn!(
            "database {database} uses encoding {encoding}; koe stores Japanese text and needs UTF8. \
             Recreate it with: CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
            quote_ident(database)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("koe"), "\"koe\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn create_statement_insists_on_utf8() {
        assert_eq!(create_sql("koe", Some("UTF8")), "CREATE DATABASE \"koe\"");
        assert_eq!(create_sql("koe", None), "CREATE DATABASE \"koe\"");
        assert_eq!(
            create_sql("koe", Some("SQL_ASCII")),
            "CREATE DATABASE \"koe\" WITH TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        );
    }

    #[test]
    fn concurrent_creation_counts_as_success() {
        assert!(is_already_exists(None, "database \"koe\" already exists"));
        assert!(is_already_exists(
            Some(&DatabaseErrorKind::UniqueViolation),
            "duplicate key value violates unique constraint \"pg_database_datname_index\""
        ));
        assert!(!is_already_exists(
            Some(&DatabaseErrorKind::Unknown),
            "permission denied to create database"
        ));
    }
}
