//! Backup files on disk: writing one safely, the daily automatic backup and its pruning, and
//! the on-demand backup for the app's key.

use super::{
    config_path_ok, io_err, verify, BackupError, Summary, Writer, BACKUP_DIR, CONFIG_DIRS,
};
use crate::config::Config;
use crate::store::{Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

/// The configuration files of a data directory, as (relative path, bytes).
pub fn config_files(data_dir: &Path) -> Result<Vec<(String, Vec<u8>)>, BackupError> {
    let mut out = Vec::new();
    let read =
        |rel: String, path: PathBuf, out: &mut Vec<(String, Vec<u8>)>| match std::fs::read(&path) {
            Ok(b) => {
                out.push((rel, b));
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err(&path)(e)),
        };
    read(Config::FILE.into(), data_dir.join(Config::FILE), &mut out)?;
    for dir in CONFIG_DIRS {
        let d = data_dir.join(dir);
        let Ok(list) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut names: Vec<String> = list
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .map(|n| format!("{dir}/{n}"))
            .filter(|rel| config_path_ok(rel))
            .collect();
        names.sort();
        for rel in names {
            let path = data_dir.join(&rel);
            read(rel, path, &mut out)?;
        }
    }
    Ok(out)
}

/// Writes a backup of `store` and the configuration of `data_dir` to `path` (through a
/// temporary file, synced and renamed, so `path` is either absent or complete), then reads it
/// back to verify it. An existing `path` is never overwritten.
///
/// Consistency: the records are read tree by tree, which is a snapshot only while nothing
/// writes to the store. That holds when this runs in the one process that has the store open
/// (sled allows one per directory) and that process does nothing else meanwhile — the
/// `backup` command, the start of the app, or the app's own backup key on its UI thread.
pub fn write_file(
    store: &dyn Store,
    data_dir: &Path,
    path: &Path,
    created: NaiveDateTime,
) -> Result<Summary, BackupError> {
    let io = io_err(path);
    if path.exists() {
        return Err(BackupError::Io {
            path: path.display().to_string(),
            source: io::Error::new(io::ErrorKind::AlreadyExists, "文件已存在，不覆盖"),
        });
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    let files = config_files(data_dir)?;
    let mut tmp_name = path.as_os_str().to_owned();
    tmp_name.push(".tmp");
    let tmp = PathBuf::from(tmp_name);
    let out = BufWriter::with_capacity(1 << 16, File::create(&tmp).map_err(io_err(&tmp))?);
    let result = (|| -> Result<(), BackupError> {
        let mut w = Writer::new(out, created, crate::store::sled_store::STORE_VERSION)
            .map_err(io_err(&tmp))?;
        let mut failed: Option<io::Error> = None;
        store.dump(&mut |tree, k, v| {
            w.record(tree, k, v).map_err(|e| {
                let msg = e.to_string();
                failed = Some(e);
                StoreError::Db(msg)
            })
        })?;
        if let Some(e) = failed {
            return Err(io_err(&tmp)(e));
        }
        for (rel, bytes) in &files {
            w.file(rel, bytes).map_err(io_err(&tmp))?;
        }
        let (out, _) = w.finish().map_err(io_err(&tmp))?;
        let file = out.into_inner().map_err(|e| io_err(&tmp)(e.into_error()))?;
        file.sync_all().map_err(io_err(&tmp))?;
        Ok(())
    })();
    if let Err(e) = result {
        // Our own unfinished temporary file: removing it loses nothing.
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(&io)?;
    verify(path)
}

/// The file name of the automatic backup of a day.
pub fn daily_name(day: NaiveDate) -> String {
    format!("chuangkou-{}.ckb", day.format("%Y-%m-%d"))
}

fn daily_date(name: &str) -> Option<NaiveDate> {
    let d = name.strip_prefix("chuangkou-")?.strip_suffix(".ckb")?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// The automatic backup at the first start of a day: writes
/// `<data_dir>/backups/chuangkou-YYYY-MM-DD.ckb` unless today's exists, then keeps only the
/// newest `keep` automatic backups (at least one). Returns the new file, if one was written.
pub fn daily(
    store: &dyn Store,
    data_dir: &Path,
    today: NaiveDate,
    keep: usize,
) -> Result<Option<PathBuf>, BackupError> {
    let dir = data_dir.join(BACKUP_DIR);
    let path = dir.join(daily_name(today));
    let written = if path.exists() {
        None
    } else {
        let created = today.and_time(chrono::Local::now().time());
        write_file(store, data_dir, &path, created)?;
        Some(path)
    };
    prune(&dir, keep)?;
    Ok(written)
}

/// Removes the oldest automatic backups (`chuangkou-YYYY-MM-DD.ckb`) beyond the newest `keep`.
/// This is the one place the program deletes a file the user might care about, and only its
/// own dated automatic backups: manual backups and any other file are never touched.
pub fn prune(dir: &Path, keep: usize) -> Result<Vec<PathBuf>, BackupError> {
    let Ok(list) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut dated: Vec<(NaiveDate, PathBuf)> = list
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            Some((daily_date(&name)?, e.path()))
        })
        .collect();
    dated.sort();
    let excess = dated.len().saturating_sub(keep.max(1));
    let mut removed = Vec::new();
    for (_, path) in dated.into_iter().take(excess) {
        std::fs::remove_file(&path).map_err(io_err(&path))?;
        removed.push(path);
    }
    Ok(removed)
}

/// An on-demand backup (the app's backup key): `<data_dir>/backups/manual-YYYYMMDD-HHMMSS.ckb`.
/// Never pruned automatically.
pub fn backup_now(
    store: &dyn Store,
    data_dir: &Path,
    now: NaiveDateTime,
) -> Result<(PathBuf, Summary), BackupError> {
    let dir = data_dir.join(BACKUP_DIR);
    let stem = format!("manual-{}", now.format("%Y%m%d-%H%M%S"));
    let mut path = dir.join(format!("{stem}.ckb"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.ckb"));
        n += 1;
    }
    let summary = write_file(store, data_dir, &path, now)?;
    Ok((path, summary))
}

/// Writes a configuration file carried by a backup (`config.toml`, `calendar/…`,
/// `policy/…`; [`super::read`] lets no other path through) into `dir`.
pub fn restore_config_file(dir: &Path, path: &str, content: &[u8]) -> Result<(), BackupError> {
    let out = dir.join(path);
    let io = |source: std::io::Error| BackupError::Io {
        path: out.display().to_string(),
        source,
    };
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(&out, content).map_err(io)
}
