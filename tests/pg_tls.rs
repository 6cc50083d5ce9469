//! Encrypted connections to PostgreSQL (rustls, pure Rust) with libpq's `sslmode` meanings.
//! The test server has TLS on with `tests/fixtures/tls/server.crt`, issued by `ca.crt` for
//! `localhost` and 127.0.0.1; `other-ca.crt` issued nothing the server has.

mod support;

use chuangkou::store::{PgStore, Store};

/// `url` (one test database) with `params` added to its query.
fn with(url: &str, params: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{params}")
}

fn ca(name: &str) -> String {
    support::pg::tls_fixtures()
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Whether the connections to `url`'s database are encrypted, as the server sees them: the
/// store's own connection is the only one to its test database.
fn encrypted(url: &str) -> Vec<bool> {
    let server = support::pg::server().unwrap();
    let db = url.rsplit('/').next().unwrap().split('?').next().unwrap();
    let mut admin = postgres::Client::connect(&server.url("postgres"), postgres::NoTls).unwrap();
    admin
        .query(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = $1",
            &[&db],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn connect_err(url: &str) -> String {
    match PgStore::connect(url) {
        Ok(_) => panic!("connected to {url}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn verify_full_checks_the_certificate_and_encrypts() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let tls = with(
        &url,
        &format!("sslmode=verify-full&sslrootcert={}", ca("ca.crt")),
    );
    let store = PgStore::connect(&tls).unwrap();
    assert_eq!(store.count().unwrap(), 0);
    assert_eq!(encrypted(&url), vec![true]);
    // The store works over it: a number is taken and the next one follows.
    let first = store.next_number("tls", 2026).unwrap();
    assert_eq!(store.next_number("tls", 2026).unwrap(), first + 1);
}

#[test]
fn a_certificate_from_another_authority_is_refused() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    for mode in ["verify-full", "verify-ca", "require"] {
        let err = connect_err(&with(
            &url,
            &format!("sslmode={mode}&sslrootcert={}", ca("other-ca.crt")),
        ));
        assert!(err.contains("服务器证书未通过验证"), "{mode}: {err}");
    }
}

#[test]
fn verify_full_checks_the_host_name_and_verify_ca_does_not() {
    let Some(server) = support::pg::server() else {
        return;
    };
    let url = server.fresh_db();
    let db = url.rsplit('/').next().unwrap();
    // The certificate names localhost and 127.0.0.1, not db.example; the address is the same.
    let elsewhere = format!(
        "postgres://postgres@db.example:{}/{db}?hostaddr=127.0.0.1&sslrootcert={}",
        server.port,
        ca("ca.crt")
    );
    let err = connect_err(&with(&elsewhere, "sslmode=verify-full"));
    assert!(err.contains("服务器证书未通过验证"), "{err}");
    let store = PgStore::connect(&with(&elsewhere, "sslmode=verify-ca")).unwrap();
    assert_eq!(store.count().unwrap(), 0);
    assert_eq!(encrypted(&url), vec![true]);
    // By name, the certificate's own host passes verify-full.
    let by_name = format!(
        "postgres://postgres@localhost:{}/{db}?sslmode=verify-full&sslrootcert={}",
        server.port,
        ca("ca.crt")
    );
    drop(store);
    PgStore::connect(&by_name).unwrap();
}

#[test]
fn require_without_a_root_encrypts_without_checking() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let store = PgStore::connect(&with(&url, "sslmode=require")).unwrap();
    assert_eq!(store.count().unwrap(), 0);
    assert_eq!(encrypted(&url), vec![true]);
}

#[test]
fn without_sslmode_or_with_disable_the_connection_is_plain() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    for u in [url.clone(), with(&url, "sslmode=disable")] {
        let store = PgStore::connect(&u).unwrap();
        assert_eq!(store.count().unwrap(), 0);
        assert_eq!(encrypted(&url), vec![false], "{u}");
    }
}

#[test]
fn tls_settings_that_cannot_work_are_explained_before_connecting() {
    // Nothing listens on port 1: each of these is refused before any connection is tried.
    let url = "postgres://clerk:secret@127.0.0.1:1/xf";
    let err = connect_err(&with(url, "sslmode=verify-full"));
    assert!(err.contains("sslrootcert"), "{err}");
    let err = connect_err(&with(
        url,
        "sslmode=require&sslrootcert=/nonexistent/ca.crt",
    ));
    assert!(err.contains("无法读取根证书"), "{err}");
    let err = connect_err(&with(url, "sslmode=strict"));
    assert!(err.contains("sslmode=strict"), "{err}");
    assert!(!err.contains("secret"), "{err}");
}
