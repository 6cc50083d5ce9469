//! The sled implementation of [`Store`]: one embedded database per counter PC.
//!
//! Trees: `cases` (case key → versioned case record), `summaries` (case key → short form for
//! lists), `idx_id`, `idx_phone`, `idx_due`, `idx_status`, `idx_active` (index key → empty;
//! `idx_active` in `sled_active.rs`) and `meta` (schema version, per-year case sequences). A save is one transaction over all trees,
//! followed by `flush()`.

use super::codec::{decode_case, decode_summary, encode_case, encode_summary};
use super::{CheckReport, DueEntry, DumpSink, Result, Store, StoreError};
use crate::domain::case::{Case, CaseNo, CaseSummary, Registration, Status};
use crate::domain::policy::ClockKind;
use chrono::NaiveDate;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::Transactional;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Version of the store layout (trees and index keys). 2: `idx_active`, which every save must
/// keep, so a program of version 1 must not write to the store any more.
pub const STORE_VERSION: u32 = 2;
pub(super) const SEP: u8 = 0xFF; // never occurs in UTF-8, so it ends a text prefix safely
const OWNER_FILE: &str = "owner.txt";

pub struct SledStore {
    pub(super) db: sled::Db,
    pub(super) cases: sled::Tree,
    summaries: sled::Tree,
    idx_id: sled::Tree,
    idx_phone: sled::Tree,
    idx_due: sled::Tree,
    idx_status: sled::Tree,
    /// Cases by the last day they count in statistics (see `sled_active.rs`).
    pub(super) idx_active: sled::Tree,
    pub(super) meta: sled::Tree,
    /// The waiting-hall queue: `current`, and finished days under `day:YYYY-MM-DD`.
    pub(super) queue: sled::Tree,
    /// Staff accounts by name.
    pub(super) accounts: sled::Tree,
    dir: PathBuf,
}

pub(super) fn db_err(e: sled::Error) -> StoreError {
    match e {
        // A bad checksum is damage, not a passing error: say so and how to restore.
        sled::Error::Corruption { .. } => StoreError::Corrupt {
            dir: String::new(),
            detail: format!("数据库文件内容校验失败（{e}）"),
        },
        e => StoreError::Db(e.to_string()),
    }
}

/// Digits of a phone number, the form the phone index compares.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(|c| c.is_ascii_digit()).collect()
}

pub(super) fn clock_code(k: ClockKind) -> u8 {
    ClockKind::ALL.iter().position(|c| *c == k).unwrap_or(0) as u8
}

pub(super) fn clock_from_code(c: u8) -> Option<ClockKind> {
    ClockKind::ALL.get(c as usize).copied()
}

pub(super) fn date_key(d: NaiveDate) -> [u8; 4] {
    // Days since 0001-01-01 shifted to stay positive: byte order is date order.
    let n = (chrono::Datelike::num_days_from_ce(&d) as i64 + (1 << 30)) as u32;
    n.to_be_bytes()
}

fn date_from_key(k: &[u8]) -> Option<NaiveDate> {
    let b: [u8; 4] = k.get(..4)?.try_into().ok()?;
    let n = u32::from_be_bytes(b) as i64 - (1 << 30);
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
}

/// The case stored under `key`, or why it cannot be read.
pub(super) fn decode_at(key: &[u8], value: &[u8]) -> Result<Case> {
    decode_case(value).map_err(|e| StoreError::Decode {
        case: CaseNo::from_key(key)
            .map(|n| n.to_string())
            .unwrap_or_default(),
        reason: e.to_string(),
    })
}

pub(super) fn text_key(text: &str, no: CaseNo) -> Vec<u8> {
    let mut k = text.as_bytes().to_vec();
    k.push(SEP);
    k.extend_from_slice(&no.key());
    k
}

/// Every index key a case owns: (tree name, key).
pub(super) fn index_keys(case: &Case) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let v = &case.reg.visitor;
    if !v.id_number.is_empty() {
        out.push(("idx_id", text_key(&v.id_number, case.no)));
    }
    let ph = phone_digits(&v.phone);
    if !ph.is_empty() {
        out.push(("idx_phone", text_key(&ph, case.no)));
    }
    for c in case.running_clocks() {
        let mut k = date_key(c.due.date).to_vec();
        k.extend_from_slice(&case.no.key());
        k.push(clock_code(c.kind));
        out.push(("idx_due", k));
    }
    let mut k = vec![case.status.code()];
    k.extend_from_slice(&case.no.key());
    out.push(("idx_status", k));
    out.push(("idx_active", super::sled_active::active_key(case)));
    out
}

type TxTrees<'a> = (
    &'a TransactionalTree,
    &'a TransactionalTree,
    &'a TransactionalTree,
    &'a TransactionalTree,
    &'a TransactionalTree,
    &'a TransactionalTree,
    &'a TransactionalTree,
    &'a TransactionalTree,
);

fn tx_tree<'a>(t: &TxTrees<'a>, name: &str) -> &'a TransactionalTree {
    match name {
        "idx_id" => t.2,
        "idx_phone" => t.3,
        "idx_due" => t.4,
        "idx_active" => t.7,
        _ => t.5,
    }
}

type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

/// Writes `case` and its indexes, removing the indexes of `old` first.
fn write_case(t: &TxTrees<'_>, old: Option<&Case>, case: &Case) -> TxResult<()> {
    if let Some(old) = old {
        for (tree, key) in index_keys(old) {
            tx_tree(t, tree).remove(key)?;
        }
    }
    let key = case.no.key();
    t.0.insert(&key, encode_case(case))?;
    t.1.insert(&key, encode_summary(&case.summary()))?;
    for (tree, k) in index_keys(case) {
        tx_tree(t, tree).insert(k, &[] as &[u8])?;
    }
    Ok(())
}

/// Meta key of the case count: 8 bytes of count, then the key of the last case it counted.
/// `count()` trusts it only while that key is still the last one of `cases` (a store written
/// by an older version, which does not keep it, is counted again); it is an addition to the
/// store, not a format change: without it the cases are counted as before. Derived data:
/// left out of backups (`dump`), so a backup does not depend on whether it was counted.
pub(super) const COUNT_KEY: &[u8] = b"case_count";

fn count_value(n: u64, last: &[u8]) -> Vec<u8> {
    let mut v = n.to_be_bytes().to_vec();
    v.extend_from_slice(last);
    v
}

/// The count in a `case_count` value if it was taken with `last` as the last case.
fn count_if_current(v: &[u8], last: &[u8]) -> Option<u64> {
    let (n, at) = v.split_at_checked(8)?;
    (at == last).then(|| u64::from_be_bytes(n.try_into().unwrap_or([0; 8])))
}

/// In a transaction adding `added` cases whose greatest key is `last`: moves a kept count
/// on. Without one nothing is written (the next `count()` counts and keeps it). A kept count
/// is current here: `open` drops one that is not, and only this process writes meanwhile.
fn bump_count(meta: &TransactionalTree, added: u64, last: &[u8]) -> TxResult<()> {
    if let Some(v) = meta.get(COUNT_KEY)? {
        if let Some((n, kept_last)) = v.split_at_checked(8) {
            let n = u64::from_be_bytes(n.try_into().unwrap_or([0; 8])) + added;
            meta.insert(COUNT_KEY, count_value(n, last.max(kept_last)))?;
        }
    }
    Ok(())
}

pub(super) fn seq_key(year: i32) -> Vec<u8> {
    format!("seq/{year}").into_bytes()
}

fn read_u32(v: Option<sled::IVec>) -> u32 {
    v.and_then(|b| <[u8; 4]>::try_from(b.as_ref()).ok())
        .map(u32::from_be_bytes)
        .unwrap_or(0)
}

impl SledStore {
    /// Opens (or creates) the store in `dir` with a page cache of `cache_bytes`.
    pub fn open(dir: &Path, cache_bytes: u64) -> Result<Self> {
        Self::open_with(dir, cache_bytes, 30)
    }

    /// Opens without waiting when another process holds the directory (the wall displays
    /// ask "is the app running?" this way).
    pub fn open_once(dir: &Path, cache_bytes: u64) -> Result<Self> {
        Self::open_with(dir, cache_bytes, 0)
    }

    fn open_with(dir: &Path, cache_bytes: u64, lock_retries: u32) -> Result<Self> {
        let dir_s = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
            dir: dir_s.clone(),
            reason: e.to_string(),
        })?;
        let used_before = dir.join(OWNER_FILE).exists();
        if used_before {
            Self::check_files(dir)?;
        }
        // sled releases its file lock when its background flusher stops, a moment after the
        // last handle is dropped: wait briefly before calling the directory "in use".
        let mut tries = 0;
        let db = loop {
            match sled::Config::new()
                .path(dir.join("db"))
                .cache_capacity(cache_bytes)
                .open()
                .map_err(|e| Self::open_error(dir, e))
            {
                Err(StoreError::Locked { .. }) if tries < lock_retries => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => break other?,
            }
        };
        let open = |name: &str| db.open_tree(name).map_err(db_err);
        let store = Self {
            cases: open("cases")?,
            summaries: open("summaries")?,
            idx_id: open("idx_id")?,
            idx_phone: open("idx_phone")?,
            idx_due: open("idx_due")?,
            idx_status: open("idx_status")?,
            idx_active: open("idx_active")?,
            meta: open("meta")?,
            queue: open("queue")?,
            accounts: open("accounts")?,
            db,
            dir: dir.to_path_buf(),
        };
        match store.meta.get("store_version").map_err(db_err)? {
            None => {
                // `owner.txt` is written only after the version is durable, so a store that
                // was opened before and has no version (or has cases) lost its meta data.
                if used_before || !store.cases.is_empty() {
                    return Err(StoreError::Corrupt {
                        dir: dir_s,
                        detail: "数据库缺少格式版本记录，文件不完整或已被替换".into(),
                    });
                }
                store
                    .meta
                    .insert("store_version", &STORE_VERSION.to_be_bytes())
                    .map_err(db_err)?;
                store.db.flush().map_err(db_err)?;
            }
            Some(v) => {
                let found = read_u32(Some(v));
                if found > STORE_VERSION {
                    return Err(StoreError::TooNew {
                        dir: dir_s,
                        found,
                        supported: STORE_VERSION,
                    });
                }
                if found < STORE_VERSION {
                    // What version 2 added is built on first use (sled_active.rs).
                    store
                        .meta
                        .insert("store_version", &STORE_VERSION.to_be_bytes())
                        .map_err(db_err)?;
                    store.db.flush().map_err(db_err)?;
                }
            }
        }
        store.drop_stale_count()?;
        store.mark_active_index_if_empty()?;
        store.write_owner();
        Ok(store)
    }

    /// Files sled needs in a store that was opened before: without them sled would quietly
    /// start an empty database (or fail with a bare "corrupted data").
    fn check_files(dir: &Path) -> Result<()> {
        let db = dir.join("db");
        let corrupt = |detail: String| StoreError::Corrupt {
            dir: dir.display().to_string(),
            detail,
        };
        if !db.is_dir() {
            return Err(corrupt("缺少数据库目录 db".into()));
        }
        match std::fs::metadata(db.join("db")) {
            Err(_) => Err(corrupt("缺少数据库文件 db/db".into())),
            Ok(m) if m.len() == 0 => Err(corrupt("数据库文件 db/db 是空的（0 字节）".into())),
            Ok(_) => Ok(()),
        }
    }

    pub(super) fn open_error(dir: &Path, e: sled::Error) -> StoreError {
        if let sled::Error::Corruption { .. } = e {
            return StoreError::Corrupt {
                dir: dir.display().to_string(),
                detail: format!("数据库文件内容校验失败或文件不完整（{e}）"),
            };
        }
        let text = e.to_string();
        let locked = matches!(&e, sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock)
            || text.contains("lock")
            || text.contains("Resource temporarily unavailable");
        if locked {
            let holder = std::fs::read_to_string(dir.join(OWNER_FILE))
                .map(|s| s.trim().to_string())
                .unwrap_or_else(|_| "未知进程".to_string());
            StoreError::Locked {
                dir: dir.display().to_string(),
                holder,
            }
        } else {
            StoreError::Open {
                dir: dir.display().to_string(),
                reason: text,
            }
        }
    }

    /// Records who holds the directory, for the "in use" message of a second process.
    fn write_owner(&self) {
        let host = std::env::var("HOSTNAME").unwrap_or_default();
        let text = format!(
            "进程 {}{}，自 {} 起",
            std::process::id(),
            if host.is_empty() {
                String::new()
            } else {
                format!("（主机 {host}）")
            },
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
        );
        let _ = std::fs::write(self.dir.join(OWNER_FILE), text);
    }

    /// An older version may have added cases without moving the kept count on: drop it
    /// then, so that the next `count()` counts.
    fn drop_stale_count(&self) -> Result<()> {
        if let Some(v) = self.meta.get(COUNT_KEY).map_err(db_err)? {
            let last = self.cases.last().map_err(db_err)?.map(|(k, _)| k);
            if count_if_current(&v, last.as_deref().unwrap_or(&[])).is_none() {
                self.meta.remove(COUNT_KEY).map_err(db_err)?;
            }
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The sled database itself (a cheap shared handle), for benchmarks that measure it
    /// after handing the store on as a `Box<dyn Store>`. Drop it before reopening the
    /// directory.
    pub fn db_handle(&self) -> sled::Db {
        self.db.clone()
    }

    /// Bytes on disk, for benchmarks and the status line.
    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }

    fn trees(
        &self,
    ) -> (
        &sled::Tree,
        &sled::Tree,
        &sled::Tree,
        &sled::Tree,
        &sled::Tree,
        &sled::Tree,
        &sled::Tree,
        &sled::Tree,
    ) {
        (
            &self.cases,
            &self.summaries,
            &self.idx_id,
            &self.idx_phone,
            &self.idx_due,
            &self.idx_status,
            &self.meta,
            &self.idx_active,
        )
    }

    fn tx<T>(&self, f: impl Fn(&TxTrees<'_>, &TransactionalTree) -> TxResult<T>) -> Result<T> {
        let r = self.trees().transaction(|(c, s, i, p, d, st, m, a)| {
            let t: TxTrees<'_> = (c, s, i, p, d, st, m, a);
            f(&t, m)
        });
        match r {
            Ok(v) => Ok(v),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(db_err(e)),
        }
    }

    fn summaries_for(&self, tree: &sled::Tree, prefix: &[u8]) -> Result<Vec<CaseSummary>> {
        let mut p = prefix.to_vec();
        p.push(SEP);
        let mut out = Vec::new();
        for item in tree.scan_prefix(&p) {
            let (k, _) = item.map_err(db_err)?;
            if let Some(no) = k.get(p.len()..).and_then(CaseNo::from_key) {
                if let Some(s) = self.summary(no)? {
                    out.push(s);
                }
            }
        }
        out.sort_by_key(|s| std::cmp::Reverse(s.no));
        Ok(out)
    }
}

impl Store for SledStore {
    fn create_case(
        &self,
        reg: Registration,
        build: &dyn Fn(CaseNo, Registration) -> Case,
    ) -> Result<Case> {
        let year = chrono::Datelike::year(&reg.at.date());
        let case = self.tx(|t, meta| {
            let seq = read_u32(meta.get(seq_key(year))?) + 1;
            meta.insert(seq_key(year), &seq.to_be_bytes())?;
            let no = CaseNo::new(year, seq);
            if t.0.get(no.key())?.is_some() {
                return abort(StoreError::Db(format!(
                    "案件编号 {no} 已存在，计数器与数据不一致"
                )));
            }
            let mut case = build(no, reg.clone());
            case.no = no;
            case.rev = 1;
            write_case(t, None, &case)?;
            bump_count(meta, 1, &no.key())?;
            Ok(case)
        })?;
        self.flush()?;
        Ok(case)
    }

    fn create_many(
        &self,
        drafts: &[Registration],
        build: &dyn Fn(CaseNo, usize) -> Case,
    ) -> Result<Vec<CaseNo>> {
        let nos = self.tx(|t, meta| {
            let mut nos = Vec::with_capacity(drafts.len());
            let mut next: std::collections::BTreeMap<i32, u32> = Default::default();
            for (i, reg) in drafts.iter().enumerate() {
                let year = chrono::Datelike::year(&reg.at.date());
                let seq = match next.get(&year) {
                    Some(s) => *s,
                    None => read_u32(meta.get(seq_key(year))?),
                } + 1;
                next.insert(year, seq);
                let no = CaseNo::new(year, seq);
                let mut case = build(no, i);
                case.no = no;
                case.rev = 1;
                write_case(t, None, &case)?;
                nos.push(no);
            }
            for (year, seq) in &next {
                meta.insert(seq_key(*year), &seq.to_be_bytes())?;
            }
            if let Some(last) = nos.iter().max() {
                bump_count(meta, nos.len() as u64, &last.key())?;
            }
            Ok(nos)
        })?;
        self.flush()?;
        Ok(nos)
    }

    fn save_case(&self, case: &Case) -> Result<u64> {
        let rev = self.tx(|t, _| {
            let key = case.no.key();
            let old = match t.0.get(key)? {
                Some(bytes) => decode_case(&bytes).map_err(|e| {
                    ConflictableTransactionError::Abort(StoreError::Decode {
                        case: case.no.to_string(),
                        reason: e.to_string(),
                    })
                })?,
                None => return abort(StoreError::NotFound(case.no.to_string())),
            };
            if old.rev != case.rev {
                return abort(StoreError::Conflict {
                    case: case.no.to_string(),
                    current: old.rev,
                    yours: case.rev,
                });
            }
            let mut new = case.clone();
            new.rev = old.rev + 1;
            write_case(t, Some(&old), &new)?;
            Ok(new.rev)
        })?;
        self.flush()?;
        Ok(rev)
    }

    fn get_case(&self, no: CaseNo) -> Result<Option<Case>> {
        match self.cases.get(no.key()).map_err(db_err)? {
            None => Ok(None),
            Some(b) => decode_case(&b).map(Some).map_err(|e| StoreError::Decode {
                case: no.to_string(),
                reason: e.to_string(),
            }),
        }
    }

    fn find_by_id_number(&self, id: &str) -> Result<Vec<CaseSummary>> {
        if id.is_empty() {
            return Ok(Vec::new());
        }
        self.summaries_for(&self.idx_id, id.as_bytes())
    }

    fn find_by_phone(&self, phone: &str) -> Result<Vec<CaseSummary>> {
        let d = phone_digits(phone);
        if d.len() < 5 {
            return Ok(Vec::new());
        }
        self.summaries_for(&self.idx_phone, d.as_bytes())
    }

    fn recent(&self, before: Option<CaseNo>, limit: usize) -> Result<Vec<CaseSummary>> {
        let iter = match before {
            Some(b) => self.summaries.range(..b.key().to_vec()),
            None => self.summaries.iter(),
        };
        let mut out = Vec::with_capacity(limit);
        for item in iter.rev().take(limit) {
            let (k, v) = item.map_err(db_err)?;
            out.push(decode_summary(&v).map_err(|e| {
                StoreError::Decode {
                    case: CaseNo::from_key(&k)
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                    reason: e.to_string(),
                }
            })?);
        }
        Ok(out)
    }

    fn search(&self, query: &str, prefix: &str, limit: usize) -> Result<Vec<CaseSummary>> {
        let mut out = Vec::new();
        for item in self.summaries.iter().rev() {
            let (_, v) = item.map_err(db_err)?;
            // A damaged summary is skipped here; `check` reports it.
            if let Ok(s) = decode_summary(&v) {
                if s.matches(query, prefix) {
                    out.push(s);
                    if out.len() >= limit {
                        break;
                    }
                }
            }
        }
        Ok(out)
    }

    fn due_list(&self, limit: usize) -> Result<Vec<DueEntry>> {
        let mut out = Vec::with_capacity(limit.min(4096));
        for item in self.idx_due.iter().take(limit) {
            let (k, _) = item.map_err(db_err)?;
            let due = date_from_key(&k);
            let no = k.get(4..12).and_then(CaseNo::from_key);
            let kind = k.get(12).and_then(|c| clock_from_code(*c));
            if let (Some(due), Some(no), Some(kind)) = (due, no, kind) {
                out.push(DueEntry { due, kind, no });
            }
        }
        Ok(out)
    }

    fn by_status(&self, status: Status, limit: usize) -> Result<Vec<CaseNo>> {
        let mut out = Vec::new();
        for item in self
            .idx_status
            .scan_prefix([status.code()])
            .rev()
            .take(limit)
        {
            let (k, _) = item.map_err(db_err)?;
            if let Some(no) = k.get(1..9).and_then(CaseNo::from_key) {
                out.push(no);
            }
        }
        Ok(out)
    }

    fn summary(&self, no: CaseNo) -> Result<Option<CaseSummary>> {
        match self.summaries.get(no.key()).map_err(db_err)? {
            None => Ok(None),
            Some(b) => decode_summary(&b)
                .map(Some)
                .map_err(|e| StoreError::Decode {
                    case: no.to_string(),
                    reason: e.to_string(),
                }),
        }
    }

    /// From the kept count when it is current (start-up and every list page ask for it);
    /// otherwise sled counts by walking the whole tree, and the result is kept.
    fn count(&self) -> Result<u64> {
        let last = self.cases.last().map_err(db_err)?.map(|(k, _)| k);
        let last = last.as_deref().unwrap_or(&[]);
        if let Some(v) = self.meta.get(COUNT_KEY).map_err(db_err)? {
            if let Some(n) = count_if_current(&v, last) {
                return Ok(n);
            }
        }
        let n = self.cases.len() as u64;
        // Not flushed: a count lost in a crash is only counted again.
        self.meta
            .insert(COUNT_KEY, count_value(n, last))
            .map_err(db_err)?;
        Ok(n)
    }

    fn for_each_case(&self, f: &mut dyn FnMut(Result<Case>) -> bool) -> Result<()> {
        for item in self.cases.iter() {
            let (k, v) = item.map_err(db_err)?;
            if !f(decode_at(&k, &v)) {
                break;
            }
        }
        Ok(())
    }

    fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut expected: BTreeSet<(&'static str, Vec<u8>)> = BTreeSet::new();
        let mut max_seq: std::collections::BTreeMap<i32, u32> = Default::default();
        for item in self.cases.iter() {
            let (k, v) = item.map_err(db_err)?;
            report.cases += 1;
            let label = CaseNo::from_key(&k)
                .map(|n| n.to_string())
                .unwrap_or_else(|| format!("{k:?}"));
            match decode_case(&v) {
                Err(e) => report
                    .problems
                    .push(format!("案件 {label}：记录无法读取（{e}）")),
                Ok(case) => {
                    if case.no.key().as_slice() != k.as_ref() {
                        report
                            .problems
                            .push(format!("案件 {label}：记录中的编号为 {}", case.no));
                    }
                    let m = max_seq.entry(case.no.year).or_default();
                    *m = (*m).max(case.no.seq);
                    match self.summaries.get(&k).map_err(db_err)? {
                        None => report.problems.push(format!("案件 {label}：缺少列表摘要")),
                        Some(s) => match decode_summary(&s) {
                            Ok(s) if s == case.summary() => {}
                            Ok(_) => report
                                .problems
                                .push(format!("案件 {label}：列表摘要与记录不一致")),
                            Err(e) => report
                                .problems
                                .push(format!("案件 {label}：列表摘要无法读取（{e}）")),
                        },
                    }
                    for ik in index_keys(&case) {
                        expected.insert(ik);
                    }
                }
            }
        }
        let mut indexes = vec![
            ("idx_id", &self.idx_id),
            ("idx_phone", &self.idx_phone),
            ("idx_due", &self.idx_due),
            ("idx_status", &self.idx_status),
        ];
        // A store written by an older version builds it on first use (sled_active.rs).
        if self.active_index_complete()? {
            indexes.push(("idx_active", &self.idx_active));
        }
        for (name, tree) in indexes {
            let mut seen = 0usize;
            for item in tree.iter() {
                let (k, _) = item.map_err(db_err)?;
                if expected.contains(&(name, k.to_vec())) {
                    seen += 1;
                } else {
                    report
                        .problems
                        .push(format!("索引 {name} 有多余条目（{} 字节）", k.len()));
                }
            }
            let want = expected.iter().filter(|(n, _)| *n == name).count();
            if seen < want {
                report
                    .problems
                    .push(format!("索引 {name} 缺少 {} 个条目", want - seen));
            }
        }
        if self.summaries.len() as u64 != report.cases {
            report.problems.push(format!(
                "列表摘要 {} 条，案件 {} 件，不一致",
                self.summaries.len(),
                report.cases
            ));
        }
        for (year, seq) in max_seq {
            let counter = read_u32(self.meta.get(seq_key(year)).map_err(db_err)?);
            if counter < seq {
                report.problems.push(format!(
                    "{year} 年案件编号计数器为 {counter}，小于已用编号 {seq}：新案件会重复编号"
                ));
            }
        }
        Ok(report)
    }

    fn take_numbers(&self, series: &str, year: i32, count: u32) -> Result<u32> {
        let key = format!("num:{series}:{year}");
        let v = self
            .meta
            .update_and_fetch(key, |old| {
                let n = old
                    .and_then(|b| <[u8; 4]>::try_from(b).ok())
                    .map(u32::from_be_bytes)
                    .unwrap_or(0);
                Some(n.saturating_add(count.max(1)).to_be_bytes().to_vec())
            })
            .map_err(db_err)?;
        self.db.flush().map_err(db_err)?;
        Ok(read_u32(v).saturating_sub(count.max(1)) + 1)
    }

    fn for_each_case_counted_since(
        &self,
        since: NaiveDate,
        f: &mut dyn FnMut(Result<Case>) -> bool,
    ) -> Result<()> {
        self.counted_since(since, f) // in sled_active.rs
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(db_err)
    }

    fn dump(&self, sink: &mut DumpSink<'_>) -> Result<()> {
        self.dump_trees(sink) // in sled_backup.rs
    }
}
