//! The snapshot the app publishes for the wall displays (overdue board, call display).
//!
//! sled allows one process per database, so the displays never open it: after every change
//! the app writes `snapshot.json` (to a temporary name, then renamed, so a reader never sees
//! half a file). Personal data is masked before it is written.

use crate::domain::queue::Call;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FILE: &str = "snapshot.json";
pub const VERSION: u32 = 1;

/// A running clock as the board shows it: nothing personal beyond a masked name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardEntry {
    pub case_no: String,
    /// Masked (张*三); empty for restricted cases.
    pub name: String,
    pub category: String,
    /// 受理 / 办理 / 延期 / 督办 / 复查 / 复核
    pub clock: String,
    pub department: String,
    pub due: NaiveDate,
    pub paused: bool,
    /// 检举控告: only the case number and category may be shown.
    pub restricted: bool,
    pub calendar_incomplete: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingKind {
    pub letter: char,
    pub name: String,
    pub waiting: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub day: Option<NaiveDate>,
    /// Newest last.
    pub calls: Vec<Call>,
    pub waiting: Vec<WaitingKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    pub written_at: NaiveDateTime,
    pub unit_name: String,
    pub open_cases: u64,
    pub paused_cases: u64,
    /// Running clocks due up to 60 days ahead, overdue ones included, most urgent first.
    pub entries: Vec<BoardEntry>,
    pub queue: QueueView,
}

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

/// Writes the snapshot atomically (temporary file, fsync, rename).
pub fn write(data_dir: &Path, s: &Snapshot) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = data_dir.join(format!(".{FILE}.{}.tmp", std::process::id()));
    let body = serde_json::to_vec(s).map_err(std::io::Error::other)?;
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&body)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path(data_dir))
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("还没有看板数据（{0} 不存在）：请先启动窗口程序，或用 --build 从数据库生成")]
    Missing(String),
    #[error("看板数据无法读取：{0}")]
    Bad(String),
}

pub fn read(data_dir: &Path) -> Result<Snapshot, ReadError> {
    let p = path(data_dir);
    let bytes = match std::fs::read(&p) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ReadError::Missing(p.display().to_string()))
        }
        Err(e) => return Err(ReadError::Bad(e.to_string())),
    };
    let s: Snapshot = serde_json::from_slice(&bytes).map_err(|e| ReadError::Bad(e.to_string()))?;
    if s.version > VERSION {
        return Err(ReadError::Bad(format!("数据版本 {} 比本程序新", s.version)));
    }
    Ok(s)
}

/// Modification time of the snapshot file, to re-read only on change.
pub fn modified(data_dir: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path(data_dir))
        .and_then(|m| m.modified())
        .ok()
}
