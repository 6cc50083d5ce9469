//! The PostgreSQL implementation of [`Store`](super::Store): several counter PCs share one
//! database, one queue and one set of cases.
//!
//! Each case is stored as the codec's bytes (the same record sled keeps) in `cases.record`,
//! beside the columns the look-ups need (ID number, phone digits, status, registration time)
//! and a row per running clock in `case_clocks`; every saved revision is appended to
//! `case_history`, which refuses updates and deletes. Case numbers and document numbers come
//! from `counters`, whose row is locked by the same transaction that inserts the case, so two
//! counters never get the same number and a failed insert gives its number back.
//!
//! The schema is created and migrated by [`PgStore::connect`] (see [`schema`]).

mod cases;
mod counted;
mod rest;
mod restore;
pub mod schema;
pub mod tls;

use super::{Result, StoreError};
use postgres::{Client, NoTls};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tokio_postgres_rustls::MakeRustlsConnect;

pub use restore::PgRestore;
pub use schema::SCHEMA_VERSION;

/// A connection to the shared database. The app is single-threaded; the mutex only makes the
/// store `Send + Sync`. Every operation is one transaction.
pub struct PgStore {
    client: Mutex<Client>,
    url: String,
    /// This connection's server process, to tell our own notifications from others'.
    pub(super) pid: AtomicI32,
    /// The connection was made again: notifications may have been missed.
    pub(super) reconnected: AtomicBool,
    /// [`CONNECTION_ERRORS`] when this connection was last known good.
    checked: AtomicU64,
}

/// Channels of the notifications sent with every change (LISTEN/NOTIFY).
pub(super) const CASES_CHANNEL: &str = "chuangkou_cases";
pub(super) const QUEUE_CHANNEL: &str = "chuangkou_queue";

/// The connection string with any password replaced by `***`, for messages and logs.
pub fn redact(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..auth_end].rfind('@') {
            let userinfo = &rest[..at];
            if let Some(colon) = userinfo.find(':') {
                return format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &rest[at..]
                );
            }
        }
        return url.to_string();
    }
    // key=value form: password=secret
    url.split_whitespace()
        .map(|kv| {
            if kv.starts_with("password=") {
                "password=***".to_string()
            } else {
                kv.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `s` names a PostgreSQL database rather than a data directory.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

fn connect_client(url: &str) -> Result<Client> {
    let refuse = |reason: String| StoreError::Connect {
        url: redact(url),
        reason,
    };
    let target = tls::parse(url).map_err(refuse)?;
    // Parsed here first so that a wrong address is told as such, not as a failed connection.
    let _: postgres::Config = target.url.parse().map_err(|e: postgres::Error| {
        refuse(format!(
            "数据库地址无法识别（{e}），写法如 postgres://用户:密码@主机/库名"
        ))
    })?;
    let connected = match tls::client_config(&target).map_err(refuse)? {
        None => Client::connect(&target.url, NoTls),
        Some(config) => Client::connect(&target.url, MakeRustlsConnect::new(config)),
    };
    connected.map_err(|e| refuse(connect_reason(&e)))
}

/// Listens for other counters' changes; returns the server process id of the connection.
fn listen(client: &mut Client) -> Result<i32> {
    client
        .batch_execute(&format!("LISTEN {CASES_CHANNEL}; LISTEN {QUEUE_CHANNEL}"))
        .map_err(pg_err)?;
    client
        .query_one("SELECT pg_backend_pid()", &[])
        .map(|r| r.get(0))
        .map_err(pg_err)
}

/// The cause of a failed connection in words, the server's own message when it sent one.
fn connect_reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("服务器拒绝：{}（{}）", db.message(), db.code().code());
    }
    let mut text = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        let t = s.to_string();
        if !text.contains(&t) {
            text = format!("{text}: {t}");
        }
        src = s.source();
    }
    if text.contains("Connection refused") {
        format!("连接被拒绝（{text}）")
    } else if text.contains("server does not support TLS") {
        format!("服务器未开启加密连接（postgresql.conf 中 ssl = off）；请开启，或去掉地址中的 sslmode（{text}）")
    } else if text.contains("invalid peer certificate") {
        format!("服务器证书未通过验证：不是 sslrootcert 指定的根证书签发，或与主机名不符（{text}）")
    } else {
        text
    }
}

/// Errors so far that may mean a lost connection (see [`PgStore::client`]).
static CONNECTION_ERRORS: AtomicU64 = AtomicU64::new(0);

/// A database error as a [`StoreError`].
pub(super) fn pg_err(e: postgres::Error) -> StoreError {
    // Not an answer to the statement (I/O, a closed connection), or the server ending the
    // session (class 57, operator intervention; 08, connection exception).
    let lost = e.as_db_error().is_none_or(|db| {
        let code = db.code().code();
        code.starts_with("57") || code.starts_with("08")
    });
    if lost {
        CONNECTION_ERRORS.fetch_add(1, Ordering::SeqCst);
    }
    if let Some(db) = e.as_db_error() {
        return StoreError::Db(format!(
            "{}（PostgreSQL {}）",
            db.message(),
            db.code().code()
        ));
    }
    if e.is_closed() {
        return StoreError::Db(format!(
            "与数据库的连接已断开（{e}）。请确认 PostgreSQL 仍在运行，然后重试"
        ));
    }
    StoreError::Db(e.to_string())
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host/db`), creates the schema in an empty database
    /// or migrates an older one, and refuses a schema newer than this program knows.
    pub fn connect(url: &str) -> Result<Self> {
        let mut client = connect_client(url)?;
        schema::migrate(&mut client, &redact(url))?;
        let pid = listen(&mut client)?;
        Ok(Self {
            client: Mutex::new(client),
            url: url.to_string(),
            pid: AtomicI32::new(pid),
            reconnected: AtomicBool::new(false),
            checked: AtomicU64::new(CONNECTION_ERRORS.load(Ordering::SeqCst)),
        })
    }

    /// The connection string without its password.
    pub fn url(&self) -> String {
        redact(&self.url)
    }

    /// The client, reconnected first when the server closed the connection (a restart of
    /// PostgreSQL must not need a restart of every counter). After an error that may mean a
    /// lost connection (here or on another connection) it is checked with an empty query.
    pub(super) fn client(&self) -> Result<MutexGuard<'_, Client>> {
        let mut guard = self.client.lock().unwrap_or_else(|p| p.into_inner());
        let errors = CONNECTION_ERRORS.load(Ordering::SeqCst);
        let suspect = self.checked.swap(errors, Ordering::SeqCst) != errors;
        if guard.is_closed() || (suspect && guard.is_valid(Duration::from_secs(5)).is_err()) {
            let mut client = connect_client(&self.url)?;
            self.pid.store(listen(&mut client)?, Ordering::SeqCst);
            self.reconnected.store(true, Ordering::SeqCst);
            *guard = client;
        }
        Ok(guard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact("postgres://clerk:secret@db.local:5432/xf"),
            "postgres://clerk:***@db.local:5432/xf"
        );
        assert_eq!(
            redact("postgres://clerk@db.local/xf"),
            "postgres://clerk@db.local/xf"
        );
        assert_eq!(
            redact("host=db user=clerk password=secret"),
            "host=db user=clerk password=***"
        );
        assert!(is_url("postgresql://x/y"));
        assert!(!is_url("/var/lib/chuangkou"));
    }
}
