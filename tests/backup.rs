//! Backups through the real binary: a round trip keeps every case byte for byte (JSON export
//! compared), a damaged or cut file is refused before anything is written, a restore never
//! writes over data without --force and never deletes any, and the daily backup is made once
//! a day and pruned.

use chrono::NaiveDate;
use chuangkou::backup::{self, BackupError};
use chuangkou::store::{AccountStore, SledStore, Store};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");
const NOW: &str = "2026-03-02T10:00";

fn run(dir: &Path, args: &[&str]) -> Output {
    run_input(dir, args, "")
}

fn run_input(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(dir)
        .args(["--now", NOW])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output, what: &str) -> String {
    assert!(o.status.success(), "{what}: {}", text(&o));
    assert!(!text(&o).contains("panicked"), "{what}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn export(dir: &Path) -> String {
    ok(run(dir, &["export", "--format", "json"]), "export")
}

/// A data directory with `n` demo cases, a staff account, a queue day and a config file.
fn populated(dir: &Path, n: u32) {
    ok(run(dir, &["demo", "--cases", &n.to_string()]), "demo cases");
    ok(
        run_input(
            dir,
            &["user", "add", "张三", "--role", "clerk", "--password-stdin"],
            "mima-1234\n",
        ),
        "user add",
    );
    std::fs::write(
        dir.join("config.toml"),
        "unit_name = \"某区信访局\"\nbackup_keep = 7\n",
    )
    .unwrap();
}

/// A populated directory and its backup, made once per test binary.
struct Template {
    dir: PathBuf,
    file: PathBuf,
    export: String,
    users: String,
}

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("ck-backup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dir = root.join("data");
        populated(&dir, 2000);
        let file = root.join("full.ckb");
        let out = ok(run(&dir, &["backup", file.to_str().unwrap()]), "backup");
        assert!(out.contains("2000 件案件"), "{out}");
        assert!(out.contains("校验和"), "{out}");
        Template {
            export: export(&dir),
            users: ok(run(&dir, &["user", "list"]), "user list"),
            dir,
            file,
        }
    })
}

/// A refusal: non-zero exit, no panic, the message names the problem, and nothing was made.
fn assert_refused(o: &Output, what: &str, target: &Path, label: &str) {
    let all = text(o);
    assert!(!o.status.success(), "{label}: succeeded: {all}");
    assert!(!all.contains("panicked"), "{label}: {all}");
    assert!(all.contains(what), "{label}: no {what:?} in: {all}");
    assert!(all.contains("未写入任何数据"), "{label}: {all}");
    assert!(!target.exists(), "{label}: the target was created");
    let parent = target.parent().unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(parent)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("restoring"))
        .collect();
    assert!(leftovers.is_empty(), "{label}: staging left behind");
}

#[test]
fn round_trip_keeps_every_case_account_and_setting() {
    let t = template();
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("restored");
    let o = run(&target, &["restore", t.file.to_str().unwrap()]);
    let out = ok(o, "restore");
    assert!(out.contains("检查通过：2000 件案件"), "{out}");
    assert_eq!(export(&target), t.export, "export differs after restore");
    assert_eq!(ok(run(&target, &["user", "list"]), "users"), t.users);
    assert_eq!(
        std::fs::read_to_string(target.join("config.toml")).unwrap(),
        std::fs::read_to_string(t.dir.join("config.toml")).unwrap()
    );
    let check = ok(run(&target, &["check"]), "check");
    assert!(check.contains("检查通过"), "{check}");
    // The restored store takes new cases after the old ones: the sequence came along.
    let before = SledStore::open(&target, 4 << 20).unwrap();
    assert_eq!(before.count().unwrap(), 2000);
    assert_eq!(before.accounts().unwrap().len(), 1);
    let dump_count = {
        let mut n = 0u64;
        before
            .dump(&mut |_, _, _| {
                n += 1;
                Ok(())
            })
            .unwrap();
        n
    };
    assert_eq!(dump_count, backup::verify(&t.file).unwrap().records());
}

#[test]
fn backup_of_the_restored_copy_is_identical() {
    // Same records, same configuration, same creation time: the same bytes.
    let t = template();
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("restored");
    ok(
        run(&target, &["restore", t.file.to_str().unwrap()]),
        "restore",
    );
    let again = work.path().join("again.ckb");
    ok(run(&target, &["backup", again.to_str().unwrap()]), "backup");
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&t.file).unwrap()
    );
}

#[test]
#[ignore = "10,000 cases: about a minute in a debug build"]
fn round_trip_ten_thousand_cases() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data");
    populated(&dir, 10_000);
    let file = work.path().join("big.ckb");
    let started = std::time::Instant::now();
    let out = ok(run(&dir, &["backup", file.to_str().unwrap()]), "backup");
    let backup_time = started.elapsed();
    let size = std::fs::metadata(&file).unwrap().len();
    let target = work.path().join("restored");
    let started = std::time::Instant::now();
    let restored = ok(
        run(&target, &["restore", file.to_str().unwrap()]),
        "restore",
    );
    let restore_time = started.elapsed();
    assert!(restored.contains("检查通过：10000 件案件"), "{restored}");
    assert_eq!(export(&target), export(&dir));
    eprintln!(
        "10,000 cases: backup {size} bytes in {backup_time:?}, restore in {restore_time:?}\n{out}"
    );
}

fn flipped(at: usize) -> tempfile::TempDir {
    flipped_with(at, 0x01)
}

fn flipped_with(at: usize, mask: u8) -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(&template().file).unwrap();
    bytes[at] ^= mask;
    std::fs::write(work.path().join("b.ckb"), bytes).unwrap();
    work
}

#[test]
fn one_flipped_byte_is_refused() {
    let len = std::fs::metadata(&template().file).unwrap().len() as usize;
    // In a record, in the header text, in the count, in the length, in the checksum.
    for at in [len / 2, len / 3, 30, len - 50, len - 40, len - 1] {
        let work = flipped(at);
        let target = work.path().join("restored");
        let file = work.path().join("b.ckb");
        let o = run(&target, &["restore", file.to_str().unwrap()]);
        assert_refused(&o, "备份文件", &target, &format!("flip at {at}"));
        let all = text(&o);
        assert!(
            all.contains("损坏") || all.contains("不完整"),
            "flip at {at}: {all}"
        );
    }
    // A flip in the middle is named as a checksum failure.
    let work = flipped(len / 2);
    let file = work.path().join("b.ckb");
    let o = run(&work.path().join("r"), &["restore", file.to_str().unwrap()]);
    assert!(text(&o).contains("校验和不符"), "{}", text(&o));
}

#[test]
fn flipped_version_byte_reads_as_damage_not_as_newer() {
    // Version 1 becomes 0, 3 or 0x81.
    for mask in [0x01, 0x02, 0x80] {
        let work = flipped_with(19, mask);
        let target = work.path().join("restored");
        let file = work.path().join("b.ckb");
        let o = run(&target, &["restore", file.to_str().unwrap()]);
        assert_refused(&o, "校验和不符", &target, &format!("version ^ {mask}"));
    }
}

#[test]
fn truncated_file_is_refused() {
    let full = std::fs::read(&template().file).unwrap();
    for keep in [full.len() - 1, full.len() / 2, 100, 10] {
        let work = tempfile::tempdir().unwrap();
        let file = work.path().join("cut.ckb");
        std::fs::write(&file, &full[..keep]).unwrap();
        let target = work.path().join("restored");
        let o = run(&target, &["restore", file.to_str().unwrap()]);
        assert_refused(&o, "不完整", &target, &format!("cut to {keep}"));
    }
}

#[test]
fn empty_and_foreign_files_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("restored");
    let empty = work.path().join("empty.ckb");
    std::fs::write(&empty, b"").unwrap();
    let o = run(&target, &["restore", empty.to_str().unwrap()]);
    assert_refused(&o, "空文件", &target, "empty");
    let csv = work.path().join("ledger.csv");
    std::fs::write(&csv, "登记日期,姓名\n2026-03-01,张三\n".repeat(10)).unwrap();
    let o = run(&target, &["restore", csv.to_str().unwrap()]);
    assert_refused(&o, "不是窗口程序的备份文件", &target, "csv");
}

/// A copy of the template backup with another format version and a correct checksum.
fn with_version(version: u32) -> Vec<u8> {
    let mut bytes = std::fs::read(&template().file).unwrap();
    bytes[16..20].copy_from_slice(&version.to_be_bytes());
    let body = bytes.len() - 32;
    let digest = Sha256::digest(&bytes[..body]);
    bytes[body..].copy_from_slice(&digest);
    bytes
}

#[test]
fn newer_format_is_refused_with_upgrade_advice() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("new.ckb");
    std::fs::write(&file, with_version(backup::FORMAT_VERSION + 1)).unwrap();
    let target = work.path().join("restored");
    let o = run(&target, &["restore", file.to_str().unwrap()]);
    assert_refused(&o, "比本程序新", &target, "newer format");
    assert!(matches!(
        backup::verify(&file),
        Err(BackupError::TooNew { found, .. }) if found == backup::FORMAT_VERSION + 1
    ));
    // Sanity: the same rewrite with the current version is accepted.
    std::fs::write(&file, with_version(backup::FORMAT_VERSION)).unwrap();
    assert!(backup::verify(&file).is_ok());
}

#[test]
fn restore_over_data_needs_force_and_keeps_the_old_data() {
    let t = template();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("office");
    ok(run(&dir, &["demo", "--cases", "20", "--seed", "7"]), "demo");
    let old_export = export(&dir);
    let file = t.file.to_str().unwrap();

    let o = run(&dir, &["restore", file]);
    assert!(!o.status.success());
    let all = text(&o);
    assert!(all.contains("已有数据") && all.contains("--force"), "{all}");
    assert_eq!(export(&dir), old_export, "refused restore changed the data");

    let out = ok(run(&dir, &["restore", file, "--force"]), "restore --force");
    assert!(out.contains("检查通过：2000 件案件"), "{out}");
    assert!(out.contains("before-restore"), "{out}");
    assert_eq!(export(&dir), t.export);
    let aside: Vec<PathBuf> = std::fs::read_dir(work.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy()
                .contains("office.before-restore-20260302-100000")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(export(&aside[0]), old_export, "old data not kept intact");

    // A second forced restore in the same second keeps both older directories.
    ok(run(&dir, &["restore", file, "--force"]), "second restore");
    let kept = std::fs::read_dir(work.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().contains("before-restore"))
        })
        .count();
    assert_eq!(kept, 2);
}

#[test]
fn restore_into_an_empty_directory_is_allowed() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("empty");
    std::fs::create_dir(&dir).unwrap();
    let out = ok(
        run(&dir, &["restore", template().file.to_str().unwrap()]),
        "restore",
    );
    assert!(out.contains("检查通过"), "{out}");
}

#[test]
fn restore_refuses_a_directory_in_use() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("busy");
    let store = SledStore::open(&dir, 1 << 20).unwrap();
    let o = run(
        &dir,
        &["restore", template().file.to_str().unwrap(), "--force"],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("正被另一个窗口程序使用"), "{}", text(&o));
    drop(store);
}

#[test]
fn backup_refuses_to_overwrite_or_to_invent_a_database() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("x.ckb");
    std::fs::write(&file, b"keep me").unwrap();
    let o = run(&template().dir, &["backup", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(text(&o).contains("已存在"), "{}", text(&o));
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");

    let nothing = work.path().join("nothing");
    let o = run(
        &nothing,
        &["backup", work.path().join("y.ckb").to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("没有数据库"), "{}", text(&o));
    assert!(!nothing.join("db").exists());
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

#[test]
fn daily_backup_once_a_day_and_pruned() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    ok(run(dir, &["demo", "--cases", "30"]), "demo");
    let store = SledStore::open(dir, 1 << 20).unwrap();
    let backups = dir.join(backup::BACKUP_DIR);
    std::fs::create_dir_all(&backups).unwrap();
    // Neither a manual backup nor a foreign file is ever pruned.
    std::fs::write(backups.join("manual-20260101-090000.ckb"), b"x").unwrap();
    std::fs::write(backups.join("notes.txt"), b"x").unwrap();

    let first = backup::daily(&store, dir, day(2), 3).unwrap();
    assert_eq!(first, Some(backups.join("chuangkou-2026-03-02.ckb")));
    let s = backup::verify(first.as_ref().unwrap()).unwrap();
    assert_eq!(s.cases(), 30);
    // Second start the same day: nothing new.
    assert_eq!(backup::daily(&store, dir, day(2), 3).unwrap(), None);
    for d in 3..=6 {
        assert!(backup::daily(&store, dir, day(d), 3).unwrap().is_some());
    }
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "chuangkou-2026-03-04.ckb",
            "chuangkou-2026-03-05.ckb",
            "chuangkou-2026-03-06.ckb",
            "manual-20260101-090000.ckb",
            "notes.txt"
        ]
    );
    // The on-demand backup for the app's key.
    let (path, summary) =
        backup::backup_now(&store, dir, day(6).and_hms_opt(15, 30, 0).unwrap()).unwrap();
    assert!(
        path.ends_with("backups/manual-20260306-153000.ckb"),
        "{path:?}"
    );
    assert_eq!(summary.cases(), 30);
}

#[test]
fn the_app_makes_the_daily_backup_at_start() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    ok(run(dir, &["demo", "--cases", "5"]), "demo");
    // Without a terminal the app stops right after opening the store: the backup is made.
    let o = run(dir, &[]);
    assert!(!text(&o).contains("panicked"), "{}", text(&o));
    let file = dir.join("backups").join("chuangkou-2026-03-02.ckb");
    assert_eq!(backup::verify(&file).unwrap().cases(), 5);
    let restored = work.path().join("r");
    ok(
        run(&restored, &["restore", file.to_str().unwrap()]),
        "restore",
    );
    assert_eq!(export(&restored), export(dir));
}
