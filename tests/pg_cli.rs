//! The command line on a shared PostgreSQL database: `migrate --from sled`, then `check`,
//! `export`, `backup` and `restore --db` with `--db` / `CHUANGKOU_DB` / `database_url`.

mod support;

use std::path::Path;
use std::process::{Command, Output};

fn run(data: &Path, db: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chuangkou"));
    c.args(args)
        .arg("--data")
        .arg(data)
        .env("CHUANGKOU_NOW", "2026-11-25T09:00")
        .env_remove("CHUANGKOU_DB")
        .env_remove("CHUANGKOU_DATA");
    if let Some(url) = db {
        c.env("CHUANGKOU_DB", url);
    }
    c.output().unwrap()
}

fn ok(o: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{text}");
    text
}

fn json_cases(o: &Output) -> usize {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_array().map(|a| a.len()).unwrap_or(0)
}

#[test]
fn migrate_check_export_backup_and_restore_on_postgres() {
    let Some(server) = support::pg::server() else {
        return;
    };
    let url = server.fresh_db();
    let tmp = tempfile::tempdir().unwrap();
    let sled_dir = tmp.path().join("counter1");
    ok(&run(&sled_dir, None, &["demo", "--cases", "30"]));
    let sled_export = run(&sled_dir, None, &["export", "--format", "json"]);
    assert_eq!(json_cases(&sled_export), 30);

    // migrate needs a target.
    let o = run(&sled_dir, None, &["migrate"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--db"));
    let text = ok(&run(&sled_dir, Some(&url), &["migrate", "--from", "sled"]));
    assert!(text.contains("30 件案件"), "{text}");
    // A second migrate into the same database is refused.
    let o = run(&sled_dir, Some(&url), &["migrate"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("已有数据"));

    // A second counter PC: its own data directory names the database in config.toml.
    let counter2 = tmp.path().join("counter2");
    std::fs::create_dir_all(&counter2).unwrap();
    std::fs::write(
        counter2.join("config.toml"),
        format!("database_url = \"{url}\"\n"),
    )
    .unwrap();
    ok(&run(&counter2, None, &["check"]));
    let pg_export = run(&counter2, None, &["export", "--format", "json"]);
    assert_eq!(
        pg_export.stdout, sled_export.stdout,
        "same cases, same export"
    );
    assert!(!counter2.join("db").exists(), "no sled database is created");

    // Backup from PostgreSQL, restore into a new sled directory and into a new database.
    let file = tmp.path().join("b.ckb");
    ok(&run(&counter2, None, &["backup", file.to_str().unwrap()]));
    let restored = tmp.path().join("restored");
    let text = ok(&run(&restored, None, &["restore", file.to_str().unwrap()]));
    // The backup carries counter2's config.toml, which names the shared database.
    assert!(text.contains("设置了 database_url"), "{text}");
    std::fs::remove_file(restored.join("config.toml")).unwrap();
    let r = run(&restored, None, &["export", "--format", "json"]);
    assert_eq!(r.stdout, sled_export.stdout);
    ok(&run(&restored, None, &["check"]));
    let url2 = server.fresh_db();
    let counter3 = tmp.path().join("counter3");
    ok(&run(
        &counter3,
        Some(&url2),
        &["restore", file.to_str().unwrap()],
    ));
    let r = run(&counter3, Some(&url2), &["export", "--format", "json"]);
    assert_eq!(r.stdout, sled_export.stdout);
}

#[test]
fn an_unreachable_database_is_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://clerk:secret@127.0.0.1:{port}/xf");
    let o = run(tmp.path(), Some(&url), &["export"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("无法连接数据库"), "{err}");
    assert!(err.contains("请确认 PostgreSQL 已启动"), "{err}");
    assert!(!err.contains("secret"), "{err}");
}

#[test]
fn check_over_an_encrypted_connection_and_a_refused_certificate() {
    let Some(server) = support::pg::server() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let url = server.fresh_db();
    let root = |name: &str| support::pg::tls_fixtures().join(name);
    let tls = format!(
        "{url}?sslmode=verify-full&sslrootcert={}",
        root("ca.crt").display()
    );
    let text = ok(&run(tmp.path(), Some(&tls), &["check"]));
    assert!(text.contains("0 件"), "{text}");
    // Another authority's root: refused in words, the password never shown.
    let wrong = format!(
        "postgres://postgres:secret@localhost:{}/{}?sslmode=verify-full&sslrootcert={}",
        server.port,
        url.rsplit('/').next().unwrap(),
        root("other-ca.crt").display()
    );
    let o = run(tmp.path(), Some(&wrong), &["check"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("服务器证书未通过验证"), "{err}");
    assert!(!err.contains("secret"), "{err}");
    let o = run(
        tmp.path(),
        Some("postgres://x@h/db?sslmode=bogus"),
        &["check"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("sslmode=bogus 无法识别"), "{err}");
    let o = run(
        tmp.path(),
        Some("postgres://x@h/db?colour=blue"),
        &["check"],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("数据库地址无法识别"), "{err}");
}
