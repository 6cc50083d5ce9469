//! `chuangkou backup FILE`, `chuangkou restore FILE --data DIR [--force]`, and the automatic
//! backup at the start of the app.
//!
//! A restore never writes over data and never deletes any: it fills a new directory beside
//! the target, checks it, and only then puts it in place — moving existing data aside to
//! `DIR.before-restore-<time>` when `--force` is given.

use super::Opened;
use crate::backup::{self, Entry};
use crate::config::Config;
use crate::store::{CheckReport, Restore, SledStore};
use anyhow::anyhow;
use chrono::NaiveDateTime;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Prints a check report as `chuangkou check` does; the exit code says whether it passed.
pub fn print_check(r: &CheckReport) -> ExitCode {
    if r.is_ok() {
        println!("检查通过：{} 件案件，记录与索引一致。", r.cases);
        ExitCode::SUCCESS
    } else {
        println!(
            "发现 {} 个问题（共 {} 件案件）：",
            r.problems.len(),
            r.cases
        );
        for p in &r.problems {
            println!("  - {p}");
        }
        println!("请用最近的备份恢复：chuangkou restore 备份文件 --data 新目录");
        ExitCode::from(1)
    }
}

/// Sizes as people read them.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} 字节"),
    }
}

pub(super) fn describe(s: &backup::Summary) -> String {
    format!(
        "{} 件案件，共 {} 条记录，配置文件 {} 个，{}",
        s.cases(),
        s.records(),
        s.files.len(),
        human_size(s.bytes)
    )
}

/// The automatic backup at the start of the app. A failure is reported on stderr and the app
/// carries on: a missing backup must not keep the counter closed.
pub fn at_start(o: &Opened) {
    match backup::daily(
        o.store.as_ref(),
        &o.dir,
        o.clock.today(),
        o.config.backup_keep,
    ) {
        Ok(_) => {}
        Err(e) => eprintln!(
            "提示：今日自动备份失败：{e}。程序照常运行；请检查磁盘空间，或关闭程序后运行 `chuangkou backup 备份文件` 手动备份。"
        ),
    }
}

/// `chuangkou backup FILE`.
/// With `shared` (a PostgreSQL URL) the cases come from that database; the configuration
/// files from `dir` as always.
pub fn run_backup(
    dir: &Path,
    shared: Option<&str>,
    file: &Path,
    now: NaiveDateTime,
) -> anyhow::Result<ExitCode> {
    if let Some(url) = shared {
        let store = crate::store::PgStore::connect(url)?;
        return finish_backup(&store, dir, file, now);
    }
    // Like `check`: a backup must not create a database where there is none.
    if !dir.join("db").join("db").is_file() {
        return Err(anyhow!(
            "数据目录 {} 中没有数据库（缺少 db/db 文件），没有可备份的数据。请确认 --data 指向正确的目录。",
            dir.display()
        ));
    }
    let cache = Config::load(dir)
        .map(|c| c.cache_bytes())
        .unwrap_or_else(|_| Config::default().cache_bytes());
    let store = SledStore::open(dir, cache)?;
    finish_backup(&store, dir, file, now)
}

fn finish_backup(
    store: &dyn crate::store::Store,
    dir: &Path,
    file: &Path,
    now: NaiveDateTime,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let s = backup::write_file(store, dir, file, now)?;
    println!(
        "已备份到 {}：{}，用时 {:.1} 秒。",
        file.display(),
        describe(&s),
        started.elapsed().as_secs_f64()
    );
    println!(
        "校验和（SHA-256）：{}。恢复：chuangkou restore {} --data 新目录",
        s.checksum,
        file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `DIR` + suffix, beside `DIR`, not yet taken.
fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let mut name = dir.as_os_str().to_owned();
        name.push(suffix);
        if n > 1 {
            name.push(format!("-{n}"));
        }
        let p = PathBuf::from(name);
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}

fn is_empty_dir(dir: &Path) -> anyhow::Result<bool> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| anyhow!("无法读取目录 {}：{e}", dir.display()))?
        .next()
        .is_none())
}

/// Whether another process (a running app) holds the store of `dir`.
fn in_use(dir: &Path) -> bool {
    use fs2::FileExt;
    let Ok(f) = std::fs::File::open(dir.join("db").join("db")) else {
        return false;
    };
    match f.try_lock_exclusive() {
        Ok(()) => {
            let _ = FileExt::unlock(&f);
            false
        }
        Err(_) => true,
    }
}

/// `chuangkou restore FILE --data DIR [--force]`.
pub fn run_restore(
    dir: &Path,
    file: &Path,
    force: bool,
    now: NaiveDateTime,
) -> anyhow::Result<ExitCode> {
    // `a/b/`, `a/b` and `.` name one directory; the siblings go beside it, not inside.
    let dir: PathBuf = match std::fs::canonicalize(dir) {
        Ok(full) => full,
        Err(_) => dir.components().collect(),
    };
    let started = Instant::now();
    let summary = backup::verify(file)?;
    println!(
        "备份文件 {} 完好：制作于 {}（程序版本 {}），{}。",
        file.display(),
        summary.header.created.replace('T', " "),
        summary.header.program,
        describe(&summary)
    );
    let occupied = dir.exists() && !is_empty_dir(&dir)?;
    if occupied && !force {
        return Err(anyhow!(
            "数据目录 {} 已有数据，未恢复，未写入任何数据。请恢复到一个新目录（--data 新目录）；如确要以备份取代现有数据，请加 --force（现有目录会改名为 {}.before-restore-时间 保留，不会删除）。",
            dir.display(),
            dir.display()
        ));
    }
    if occupied && in_use(&dir) {
        return Err(anyhow!(
            "数据目录 {} 正被另一个窗口程序使用，未恢复。请先关闭该程序。",
            dir.display()
        ));
    }
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let staging = sibling(&dir, &format!(".restoring-{stamp}"));
    let report = match fill(&staging, file) {
        Ok(r) => r,
        Err(e) => {
            // Only our own half-filled copy, made from the backup: removing it loses nothing.
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if !report.is_ok() {
        print_check(&report);
        println!(
            "备份中的数据本身有问题，未放到 {}。恢复出的数据保留在 {}，请交技术人员查看，或换用另一份备份。",
            dir.display(),
            staging.display()
        );
        return Ok(ExitCode::from(1));
    }
    if occupied {
        let aside = sibling(&dir, &format!(".before-restore-{stamp}"));
        std::fs::rename(&dir, &aside).map_err(|e| {
            anyhow!(
                "无法把现有数据目录 {} 改名为 {}：{e}。恢复出的数据在 {}。",
                dir.display(),
                aside.display(),
                staging.display()
            )
        })?;
        println!(
            "原数据目录已改名保留为 {}（其中的 backups、notices 等文件仍在那里）。",
            aside.display()
        );
    } else if dir.exists() {
        // An empty directory: removing it loses nothing, and lets the rename below take its place.
        std::fs::remove_dir(&dir).map_err(|e| anyhow!("无法使用目录 {}：{e}", dir.display()))?;
    }
    std::fs::rename(&staging, &dir).map_err(|e| {
        anyhow!(
            "无法把恢复出的数据 {} 改名为 {}：{e}",
            staging.display(),
            dir.display()
        )
    })?;
    println!(
        "已从备份恢复到 {}，用时 {:.1} 秒。",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    // A backup of a counter on the shared database carries its database_url along.
    if let Ok(c) = Config::load(&dir) {
        if !c.database_url.trim().is_empty() {
            println!(
                "注意：恢复出的 config.toml 设置了 database_url（{}），该目录启动时会连接那个共用数据库，而不是恢复出的本机数据。如要使用恢复出的数据，请删去 config.toml 中的 database_url 一行。",
                crate::store::pg::redact(c.database_url.trim())
            );
        }
    }
    Ok(print_check(&report))
}

/// Writes every record and configuration file of `file` into the new directory `staging`
/// and checks the result.
fn fill(staging: &Path, file: &Path) -> anyhow::Result<CheckReport> {
    let mut target: Box<dyn Restore> = Box::new(SledStore::begin_restore(
        staging,
        Config::default().cache_bytes(),
    )?);
    backup::read(file, &mut |entry| match entry {
        Entry::Record { tree, key, value } => Ok(target.put(tree, key, value)?),
        Entry::File { path, content } => backup::restore_config_file(staging, path, content),
    })?;
    Ok(target.finish()?)
}
