//! A throw-away PostgreSQL server for the tests: one per test binary, on 127.0.0.1 and a free
//! port, `trust` authentication, its files in a temporary directory. Each test gets its own
//! database from [`fresh_db`], so tests run in parallel.
//!
//! Found in `CHUANGKOU_PG_BIN` when set, else through PATH, then `/usr/lib/postgresql/*/bin`. Without PostgreSQL the tests that
//! need it are skipped with a printed reason, except when `CI` is set: there they fail.
//!
//! The server accepts TLS (`ssl = on`) with the certificate in `tests/fixtures/tls/`, issued by
//! the test CA there for `localhost` and 127.0.0.1; connections choose with `sslmode`.
//!
//! As root (initdb refuses root) the server runs as `nobody`. A watchdog shell stops the
//! server and removes its directory as soon as the test process is gone, also after a crash
//! or a kill, so no test run leaves a server behind.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

pub struct Server {
    pub port: u16,
    dir: PathBuf,
    /// Serialises CREATE DATABASE (they copy template1 and collide when run at once).
    admin: Mutex<()>,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(0);

fn bin_dir() -> Option<PathBuf> {
    // A chosen installation (a given version, or a path with none to try the skip).
    if let Some(dir) = std::env::var_os("CHUANGKOU_PG_BIN").map(PathBuf::from) {
        return dir.join("initdb").is_file().then_some(dir);
    }
    if let Ok(path) = std::env::var("PATH") {
        for d in std::env::split_paths(&path) {
            if d.join("initdb").is_file() && d.join("pg_ctl").is_file() {
                return Some(d);
            }
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    found.sort();
    found.pop()
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// `cmd` run as `nobody` when we are root, else as ourselves.
fn as_server_user(bin: &Path, args: &[&str]) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(bin).args(args);
        c
    } else {
        let mut c = Command::new(bin);
        c.args(args);
        c
    }
}

fn run(mut c: Command, what: &str) -> Result<(), String> {
    let out = c
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn start(bin: &Path) -> Result<Server, String> {
    let dir = tempfile::Builder::new()
        .prefix("chuangkou-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    if is_root() {
        // nobody:nogroup
        std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).map_err(|e| e.to_string())?;
    }
    let data = dir.join("data");
    let data_s = data.to_str().ok_or("temp path is not UTF-8")?;
    run(
        as_server_user(
            &bin.join("initdb"),
            &[
                "-D",
                data_s,
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
        ),
        "initdb",
    )?;
    // Stop the server and remove its files once this process is gone, however it ends.
    let pg_ctl = bin.join("pg_ctl");
    let stop = if is_root() {
        format!(
            "runuser -u nobody -- {} -D {data_s} stop -m immediate",
            pg_ctl.display()
        )
    } else {
        format!("{} -D {data_s} stop -m immediate", pg_ctl.display())
    };
    // TLS: the server's certificate and key, the key readable by the server user alone.
    let fixtures = tls_fixtures();
    for f in ["server.crt", "server.key"] {
        let to = dir.join(f);
        std::fs::copy(fixtures.join(f), &to).map_err(|e| format!("{f}: {e}"))?;
        std::fs::set_permissions(&to, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .map_err(|e| e.to_string())?;
        if is_root() {
            std::os::unix::fs::chown(&to, Some(65534), Some(65534)).map_err(|e| e.to_string())?;
        }
    }
    let mut last = String::new();
    for _ in 0..5 {
        let port = free_port()?;
        let opts = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c ssl=on -c ssl_cert_file={d}/server.crt -c ssl_key_file={d}/server.key",
            dir.display(),
            d = dir.display()
        );
        let log = dir.join("server.log");
        let started = run(
            as_server_user(
                &pg_ctl,
                &[
                    "-D",
                    data_s,
                    "-l",
                    log.to_str().ok_or("temp path is not UTF-8")?,
                    "-o",
                    &opts,
                    "-w",
                    "-t",
                    "30",
                    "start",
                ],
            ),
            "pg_ctl start",
        );
        match started {
            Ok(()) => {
                let watchdog = format!(
                    "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
                    pid = std::process::id(),
                    dir = dir.display()
                );
                Command::new("sh")
                    .args(["-c", &watchdog])
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .map_err(|e| format!("watchdog: {e}"))?;
                return Ok(Server {
                    port,
                    dir,
                    admin: Mutex::new(()),
                });
            }
            Err(e) => {
                last = format!("{e}\n{}", std::fs::read_to_string(&log).unwrap_or_default());
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Err(last)
}

/// The test server, started on first use; `None` (after printing why) when PostgreSQL is not
/// installed and `CI` is not set.
pub fn server() -> Option<&'static Server> {
    let s = SERVER.get_or_init(|| match bin_dir() {
        None => Err(
            "no PostgreSQL binaries (initdb, pg_ctl) in CHUANGKOU_PG_BIN, PATH or /usr/lib/postgresql/*/bin".into(),
        ),
        Some(bin) => start(&bin).map_err(|e| format!("PostgreSQL did not start: {e}")),
    });
    match s {
        Ok(s) => Some(s),
        Err(e) if e.starts_with("no PostgreSQL") && std::env::var_os("CI").is_none() => {
            eprintln!("skipped: {e} (install the postgresql package to run this test)");
            None
        }
        Err(e) => panic!("{e}"),
    }
}

impl Server {
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// A new, empty database; its URL.
    pub fn fresh_db(&self) -> String {
        let name = format!(
            "t_{}_{}",
            std::process::id(),
            NEXT_DB.fetch_add(1, Ordering::SeqCst)
        );
        let _one_at_a_time = self.admin.lock().unwrap_or_else(|p| p.into_inner());
        let mut c = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("connect to the test server");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        self.url(&name)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The test certificates: `ca.crt` (the CA that issued `server.crt`), `other-ca.crt`.
pub fn tls_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls")
}

/// A new database on the test server, or `None` when the test is to be skipped.
pub fn fresh_db() -> Option<String> {
    server().map(|s| s.fresh_db())
}
