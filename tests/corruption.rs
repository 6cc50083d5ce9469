//! Damaged data directories: flipped bytes, a truncated file, a missing file, an emptied
//! directory, a store version from a newer program, a damaged record. `check`, `export` and
//! the app itself must stop with a clear Chinese message (what is wrong, how to restore from
//! a backup) and a non-zero exit, or — when the damage hit only stale log space — carry on
//! with every case intact. Never a panic, never a silent loss.

use chuangkou::store::sled_store::STORE_VERSION;
use chuangkou::store::{SledStore, StoreError};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");
const NOW: &str = "2026-03-02T10:00";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data")
        .arg(dir)
        .args(["--now", NOW])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A refusal: non-zero, no panic, says what is wrong (`what`) and how to get data back.
fn assert_refused(o: &Output, what: &str, label: &str) {
    let (out, err) = text(o);
    assert!(!err.contains("panicked"), "{label}: panic: {err}");
    assert!(!o.status.success(), "{label}: succeeded: {out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains(what), "{label}: no {what:?} in: {all}");
    assert!(all.contains("备份"), "{label}: no restore advice in: {all}");
}

/// A template store with demo cases, its export, made once per test binary.
fn template() -> &'static (PathBuf, String) {
    static T: OnceLock<(PathBuf, String)> = OnceLock::new();
    T.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ck-corrupt-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let o = run(&dir, &["demo", "--cases", "300"]);
        assert!(o.status.success(), "{:?}", text(&o));
        let e = run(&dir, &["export", "--format", "json"]);
        assert!(e.status.success());
        (dir, text(&e).0)
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A fresh copy of the template to damage.
fn copy() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&template().0, t.path());
    t
}

fn db_file(dir: &Path) -> PathBuf {
    dir.join("db").join("db")
}

/// Opening the store in-process: either fine or a typed error, never a panic.
fn open_in_process(dir: &Path) -> Result<SledStore, StoreError> {
    SledStore::open(dir, 2 * 1024 * 1024)
}

#[test]
fn flipped_bytes_are_reported_or_harmless() {
    let len = std::fs::metadata(db_file(&template().0)).unwrap().len();
    let mut reported = 0;
    // 24 places spread over the file, 64 flipped bytes each.
    for k in 0..24u64 {
        let off = len * k / 24 + 17;
        let d = copy();
        let mut bytes = std::fs::read(db_file(d.path())).unwrap();
        let end = (off as usize + 64).min(bytes.len());
        for b in &mut bytes[off as usize..end] {
            *b ^= 0xA5;
        }
        std::fs::write(db_file(d.path()), &bytes).unwrap();
        let label = format!("flip at {off}");
        let check = run(d.path(), &["check"]);
        if check.status.success() {
            // The damage hit stale log space: then every case must still be there, unchanged.
            let e = run(d.path(), &["export", "--format", "json"]);
            assert!(e.status.success(), "{label}: {:?}", text(&e));
            assert!(
                text(&e).0 == template().1,
                "{label}: check passed but the data changed"
            );
        } else {
            reported += 1;
            assert_refused(&check, "损坏", &label);
            let e = run(d.path(), &["export", "--format", "json"]);
            assert!(!text(&e).1.contains("panicked"), "{label}");
        }
    }
    eprintln!("{reported} of 24 flips were detected; the rest hit stale space");
}

#[test]
fn truncated_database_file() {
    for keep in [0.5, 0.05, 0.0] {
        let d = copy();
        let f = db_file(d.path());
        let len = std::fs::metadata(&f).unwrap().len();
        let file = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
        file.set_len((len as f64 * keep) as u64).unwrap();
        drop(file);
        let label = format!("truncated to {keep}");
        assert_refused(&run(d.path(), &["check"]), "损坏", &label);
        // The app itself stops before it touches the terminal.
        assert_refused(&run(d.path(), &[]), "损坏", &label);
        assert!(matches!(
            open_in_process(d.path()),
            Err(StoreError::Corrupt { .. })
        ));
    }
}

#[test]
fn missing_database_file() {
    let d = copy();
    std::fs::remove_file(db_file(d.path())).unwrap();
    assert_refused(&run(d.path(), &["check"]), "db/db", "missing db/db: check");
    assert_refused(&run(d.path(), &[]), "缺少数据库文件", "missing db/db: app");
    // Refusing must not have created an empty database in its place.
    assert!(!db_file(d.path()).exists());
    assert!(matches!(
        open_in_process(d.path()),
        Err(StoreError::Corrupt { .. })
    ));
}

#[test]
fn missing_sled_config_file_is_harmless() {
    // sled rewrites `conf` from its defaults; the data is in `db`.
    let d = copy();
    std::fs::remove_file(d.path().join("db").join("conf")).unwrap();
    let check = run(d.path(), &["check"]);
    assert!(check.status.success(), "{:?}", text(&check));
    let e = run(d.path(), &["export", "--format", "json"]);
    assert_eq!(text(&e).0, template().1);
}

#[test]
fn emptied_database_directory() {
    let d = copy();
    std::fs::remove_dir_all(d.path().join("db")).unwrap();
    std::fs::create_dir(d.path().join("db")).unwrap();
    assert_refused(
        &run(d.path(), &["check"]),
        "没有数据库",
        "emptied db/: check",
    );
    assert_refused(&run(d.path(), &[]), "缺少数据库文件", "emptied db/: app");
    assert!(matches!(
        open_in_process(d.path()),
        Err(StoreError::Corrupt { .. })
    ));
}

#[test]
fn check_of_an_empty_directory_does_not_create_a_database() {
    let d = tempfile::tempdir().unwrap();
    assert_refused(&run(d.path(), &["check"]), "没有数据库", "empty dir");
    assert!(!d.path().join("db").exists());
    // A brand-new directory is still a normal first start for the store.
    let s = open_in_process(d.path()).unwrap();
    drop(s);
    assert!(open_in_process(d.path()).is_ok());
}

#[test]
fn store_from_a_newer_program() {
    let d = copy();
    {
        let db = sled::open(d.path().join("db")).unwrap();
        let meta = db.open_tree("meta").unwrap();
        meta.insert("store_version", &(STORE_VERSION + 1).to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    for args in [&["check"][..], &[][..], &["export"][..]] {
        let o = run(d.path(), args);
        let (out, err) = text(&o);
        assert!(!o.status.success(), "{args:?}: {out}{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("更新版本") && err.contains("升级"), "{err}");
    }
    assert!(matches!(
        open_in_process(d.path()),
        Err(StoreError::TooNew { found, .. }) if found == STORE_VERSION + 1
    ));
}

#[test]
fn lost_meta_data_is_not_taken_for_a_new_store() {
    let d = copy();
    {
        let db = sled::open(d.path().join("db")).unwrap();
        db.drop_tree("meta").unwrap();
        db.flush().unwrap();
    }
    assert_refused(&run(d.path(), &["check"]), "格式版本", "meta dropped");
}

#[test]
fn damaged_and_newer_records_are_named_by_check() {
    let d = copy();
    {
        let db = sled::open(d.path().join("db")).unwrap();
        let cases = db.open_tree("cases").unwrap();
        let mut it = cases.iter();
        let (k1, v1) = it.next().unwrap().unwrap();
        let (k2, _) = it.next().unwrap().unwrap();
        // A cut record, and one written by a newer record format.
        cases.insert(&k1, &v1[..v1.len() / 2]).unwrap();
        cases.insert(&k2, &[200u8, 1, 2, 3][..]).unwrap();
        db.flush().unwrap();
    }
    let o = run(d.path(), &["check"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(!err.contains("panicked"));
    assert!(out.contains("记录无法读取"), "{out}");
    assert!(out.contains("比本程序新"), "{out}");
    assert!(out.contains("备份"), "{out}");
    // Export stops with the case named instead of writing a partial file.
    let target = d.path().join("out.json");
    let e = run(
        d.path(),
        &[
            "export",
            "--out",
            target.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(!e.status.success());
    assert!(!text(&e).1.contains("panicked"));
    assert!(!target.exists(), "a partial export was left behind");
}
