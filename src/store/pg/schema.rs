//! Versioned migrations of the PostgreSQL schema, applied at connect.
//!
//! `schema_version` holds one row per applied migration. Migrations are only ever appended:
//! migration N turns schema N-1 into N, and a database whose newest row is beyond
//! [`SCHEMA_VERSION`] was migrated by a newer program and is refused.

use super::pg_err;
use crate::store::{Result, StoreError};
use postgres::Client;

/// Migration 1: cases with their look-up columns, running clocks, append-only history,
/// counters, the queue and accounts.
const M1: &str = r#"
CREATE TABLE cases (
    year integer NOT NULL,
    seq bigint NOT NULL,
    version bigint NOT NULL,
    record bytea NOT NULL,
    summary bytea NOT NULL,
    name text NOT NULL,
    id_number text NOT NULL,
    phone text NOT NULL,
    status smallint NOT NULL,
    registered timestamp NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (year, seq)
);
CREATE INDEX cases_by_id_number ON cases (id_number, year, seq) WHERE id_number <> '';
CREATE INDEX cases_by_phone ON cases (phone, year, seq) WHERE phone <> '';
CREATE INDEX cases_by_status ON cases (status, year, seq);
CREATE INDEX cases_by_registered ON cases (registered);

CREATE TABLE case_clocks (
    year integer NOT NULL,
    seq bigint NOT NULL,
    kind smallint NOT NULL,
    due date NOT NULL,
    PRIMARY KEY (year, seq, kind, due),
    FOREIGN KEY (year, seq) REFERENCES cases (year, seq) ON DELETE CASCADE
);
CREATE INDEX case_clocks_by_due ON case_clocks (due, year, seq, kind);

CREATE TABLE case_history (
    year integer NOT NULL,
    seq bigint NOT NULL,
    version bigint NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now(),
    record bytea NOT NULL,
    PRIMARY KEY (year, seq, version)
);
CREATE FUNCTION chuangkou_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '案件历史只能追加，不能修改或删除';
END
$$;
CREATE TRIGGER case_history_append_only BEFORE UPDATE OR DELETE ON case_history
    FOR EACH ROW EXECUTE FUNCTION chuangkou_append_only();

CREATE TABLE counters (
    key text PRIMARY KEY,
    value bigint NOT NULL
);

CREATE TABLE queue (
    key text PRIMARY KEY,
    record bytea NOT NULL
);

CREATE TABLE accounts (
    name text PRIMARY KEY,
    record bytea NOT NULL
);
"#;

/// Migration 2: the last day each case counts in a report
/// ([`last_counted_day`](crate::domain::stats::last_counted_day); open cases under
/// [`OPEN_DAY`](super::counted::OPEN_DAY)), so a monthly report reads the cases open or active
/// lately, not every case. NULL for rows written before it: read by every report, which fills
/// them in.
const M2: &str = r#"
ALTER TABLE cases ADD COLUMN counted_until date;
CREATE INDEX cases_by_counted_until ON cases (counted_until, year, seq);
"#;

/// Every migration, in order: index 0 is migration 1.
const MIGRATIONS: &[&str] = &[M1, M2];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Any fixed number: the advisory lock that keeps two counters starting at once from
/// migrating the same database together.
const MIGRATION_LOCK: i64 = 0x6368_7561_6e67;

/// Brings the schema up to [`SCHEMA_VERSION`] in one transaction; refuses a newer one.
pub fn migrate(client: &mut Client, url: &str) -> Result<()> {
    migrate_to(client, url, SCHEMA_VERSION)
}

/// The version recorded in the database (0 for an empty one).
pub fn current_version(client: &mut Client) -> Result<i32> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
        .map_err(pg_err)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i32> = client
        .query_one("SELECT max(version) FROM schema_version", &[])
        .map_err(pg_err)?
        .get(0);
    Ok(v.unwrap_or(0))
}

fn migrate_to(client: &mut Client, url: &str, target: i32) -> Result<()> {
    let mut tx = client.transaction().map_err(pg_err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(pg_err)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )",
    )
    .map_err(pg_err)?;
    let found: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])
        .map_err(pg_err)?
        .get(0);
    if found > target {
        return Err(StoreError::SchemaTooNew {
            url: url.to_string(),
            found,
            supported: target,
        });
    }
    for v in found + 1..=target {
        let sql = MIGRATIONS[(v - 1) as usize];
        tx.batch_execute(sql)
            .map_err(|e| StoreError::Db(format!("数据库结构升级到版本 {v} 失败：{}", pg_err(e))))?;
        tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&v])
            .map_err(pg_err)?;
    }
    tx.commit().map_err(pg_err)
}
