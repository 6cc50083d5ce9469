//! The snapshot the app publishes for the wall displays (overdue board, call display).
//!
//! sled allows one process per database, so the displays never open it: after every change
//! the app writes `snapshot.json` (to a temporary name, then renamed, so a reader never sees
//! half a file). Personal data is masked before it is written.

pub use crate::domain::board::BoardEntry;
use crate::domain::board::{entry, on_board, Names};
use crate::domain::case::{Case, CaseNo, Status};
use crate::domain::queue::{Call, Queue, QueueConfig};
use crate::store::Store;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const FILE: &str = "snapshot.json";
pub const VERSION: u32 = 1;

/// At most this many clocks go to the wall (the most urgent: the due-date index is read
/// from its start, so the cost does not grow with the number of cases).
pub const MAX_ENTRIES: usize = 2000;
/// The last calls shown on the call display.
pub const MAX_CALLS: usize = 8;

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
    /// The most urgent running clocks (overdue first) and the paused ones, masked.
    pub entries: Vec<BoardEntry>,
    /// More clocks were running than [`MAX_ENTRIES`].
    pub truncated: bool,
    pub queue: QueueView,
}

/// The clocks of the board as read from the store.
pub struct Entries {
    pub entries: Vec<BoardEntry>,
    /// More clocks were running than [`MAX_ENTRIES`].
    pub truncated: bool,
    pub open: u64,
    pub paused: u64,
}

/// Reads the head of the due-date index (the most urgent clocks first), the paused cases
/// and the open count from the status index: the cost follows the open cases, not the
/// number of cases ever registered.
pub fn entries(store: &dyn Store, prefix: &str, names: Names) -> crate::store::Result<Entries> {
    let mut entries = Vec::new();
    // Each case is read once: a case with several clocks, or paused with a clock in the
    // due index, is decoded a single time.
    let mut cases: HashMap<CaseNo, Option<Case>> = HashMap::new();
    fn read<'a>(
        store: &dyn Store,
        cases: &'a mut HashMap<CaseNo, Option<Case>>,
        no: CaseNo,
    ) -> crate::store::Result<Option<&'a Case>> {
        let case = match cases.entry(no) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => v.insert(store.get_case(no)?),
        };
        Ok(case.as_ref())
    }
    let due = store.due_list(MAX_ENTRIES + 1)?;
    let truncated = due.len() > MAX_ENTRIES;
    for d in due.iter().take(MAX_ENTRIES) {
        if let Some(case) = read(store, &mut cases, d.no)? {
            if on_board(d.kind) {
                entries.extend(entry(case, d.kind, d.no.display(prefix), names));
            }
        }
    }
    let paused = store.by_status(Status::Paused, MAX_ENTRIES)?;
    for no in &paused {
        if let Some(case) = read(store, &mut cases, *no)? {
            let kinds = case.life().pause.map(|(left, _)| left).unwrap_or_default();
            for (kind, _) in kinds.into_iter().filter(|(k, _)| on_board(*k)) {
                entries.extend(entry(case, kind, no.display(prefix), names));
            }
        }
    }
    let mut open = 0u64;
    for s in Status::ALL.into_iter().filter(|s| s.is_open()) {
        open += store.by_status(s, usize::MAX)?.len() as u64;
    }
    Ok(Entries {
        entries,
        truncated,
        open,
        paused: paused.len() as u64,
    })
}

/// Builds the snapshot from the store (masked) and the queue's calls and waiting counts.
pub fn build(
    store: &dyn Store,
    queue: Option<(&Queue, &QueueConfig)>,
    unit_name: &str,
    prefix: &str,
    now: NaiveDateTime,
) -> crate::store::Result<Snapshot> {
    let found = entries(store, prefix, Names::Masked)?;
    let queue = match queue {
        Some((q, cfg)) => QueueView {
            day: Some(q.day),
            calls: q
                .calls
                .iter()
                .rev()
                .take(MAX_CALLS)
                .rev()
                .cloned()
                .collect(),
            waiting: cfg
                .kinds
                .iter()
                .map(|k| WaitingKind {
                    letter: k.letter,
                    name: k.name.clone(),
                    waiting: q
                        .waiting(cfg, now)
                        .iter()
                        .filter(|t| t.letter == k.letter)
                        .count() as u32,
                })
                .collect(),
        },
        None => QueueView::default(),
    };
    Ok(Snapshot {
        version: VERSION,
        written_at: now,
        unit_name: unit_name.to_string(),
        open_cases: found.open,
        paused_cases: found.paused,
        entries: found.entries,
        truncated: found.truncated,
        queue,
    })
}

/// How old the snapshot is, in whole minutes (negative clocks count as fresh).
pub fn age_minutes(s: &Snapshot, now: NaiveDateTime) -> i64 {
    (now - s.written_at).num_minutes().max(0)
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
