//! Storage: the [`Store`] trait the app talks to, its sled implementation (one process per
//! data directory) and its PostgreSQL implementation (several counters on one database).
//!
//! The trait is shaped for more than one backend: case-number allocation, the transaction
//! of a save and the index look-ups are operations of the store, not of the caller.

pub mod codec;
pub mod pg;
mod sled_accounts;
mod sled_active;
mod sled_backup;
mod sled_queue;
pub mod sled_store;

use crate::domain::account::Account;
use crate::domain::case::{Case, CaseNo, CaseSummary, Registration, Status};
use crate::domain::policy::ClockKind;
use crate::domain::queue::Queue;
use chrono::NaiveDate;

pub use pg::{PgRestore, PgStore};
pub use sled_backup::SledRestore;
pub use sled_store::SledStore;

/// Receives (tree, key, value) from [`Store::dump`].
pub type DumpSink<'a> = dyn FnMut(&str, &[u8], &[u8]) -> Result<()> + 'a;

/// Everything that can go wrong in storage, in words a clerk can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据目录 {dir} 正被另一个程序使用（{holder}）。同一数据目录只能由一个窗口程序打开；请先关闭它。")]
    Locked { dir: String, holder: String },
    #[error("无法打开数据目录 {dir}：{reason}。如数据已损坏，请用 `chuangkou restore 备份文件 --data 新目录` 从备份恢复。")]
    Open { dir: String, reason: String },
    /// The database files are damaged or incomplete (sled found a bad checksum, a file is
    /// missing or empty). Nothing should be written until a backup is restored.
    #[error(
        "数据库已损坏：{detail}。为免丢失更多数据，请勿继续登记。恢复方法：关闭本程序，运行 `chuangkou restore 备份文件 --data{}--force`（每日自动备份在数据目录的 backups 文件夹，按日期命名；原数据目录会改名保留，不会删除），然后运行 `chuangkou check` 核对。",
        spaced(.dir)
    )]
    Corrupt { dir: String, detail: String },
    #[error("数据目录 {dir} 由更新版本的程序创建（数据格式版本 {found}，本程序支持到 {supported}）。请升级程序。")]
    TooNew {
        dir: String,
        found: u32,
        supported: u32,
    },
    #[error("案件 {case} 的记录无法读取：{reason}")]
    Decode { case: String, reason: String },
    #[error("案件 {0} 不存在")]
    NotFound(String),
    #[error(
        "案件 {case} 已被他人修改（当前版本 {current}，您的版本 {yours}），请重新打开后再保存"
    )]
    Conflict {
        case: String,
        current: u64,
        yours: u64,
    },
    #[error("数据库错误：{0}")]
    Db(String),
    /// The PostgreSQL server cannot be reached or refuses the connection.
    #[error("无法连接数据库 {url}：{reason}。请确认 PostgreSQL 已启动、地址和用户名正确。")]
    Connect { url: String, reason: String },
    /// The PostgreSQL schema was migrated by a newer program.
    #[error("数据库 {url} 的结构版本为 {found}，本程序只支持到 {supported}：它已被更新版本的程序升级。请把本窗口的程序升级到同一版本后再连接。")]
    SchemaTooNew {
        url: String,
        found: i32,
        supported: i32,
    },
}

/// ` dir ` with spaces around it, or a placeholder when the directory is not known.
fn spaced(dir: &str) -> String {
    if dir.is_empty() {
        " 数据目录 ".to_string()
    } else {
        format!(" {dir} ")
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A running clock as seen from the due-date index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueEntry {
    pub due: NaiveDate,
    pub kind: ClockKind,
    pub no: CaseNo,
}

/// What other programs changed in a shared store since the last look
/// ([`Store::changes_by_others`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    /// A case was registered or saved.
    pub cases: bool,
    /// The waiting-hall queue changed.
    pub queue: bool,
}

impl Changes {
    pub fn any(self) -> bool {
        self.cases || self.queue
    }
}

/// The result of `check`: every record decodes and every index agrees.
#[derive(Debug, Default, Clone)]
pub struct CheckReport {
    pub cases: u64,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The waiting-hall queue: today's queue survives a restart exactly, and each finished day
/// is kept for the statistics.
pub trait QueueStore {
    /// The queue as last saved (any day; the caller rolls it to today).
    fn load_queue(&self) -> Result<Option<Queue>>;
    /// Saves the current queue; durable before returning.
    fn save_queue(&self, queue: &Queue) -> Result<()>;
    /// Keeps a finished day's queue (its tickets and their times) under its date.
    fn archive_queue(&self, queue: &Queue) -> Result<()>;
    /// A day's queue: today's current one or an archived day.
    fn queue_of_day(&self, day: NaiveDate) -> Result<Option<Queue>>;

    /// Changes the current queue in one step against the stored one: `change` gets the
    /// stored queue (`None` when there is none) and returns the queue to save, or `None` to
    /// save nothing. With several counters on one database no change is lost and no ticket
    /// number is issued twice: the shared store runs this under a lock. Returns what was saved.
    fn update_queue(
        &self,
        change: &mut dyn FnMut(Option<Queue>) -> Option<Queue>,
    ) -> Result<Option<Queue>> {
        match change(self.load_queue()?) {
            Some(q) => {
                self.save_queue(&q)?;
                Ok(Some(q))
            }
            None => Ok(None),
        }
    }
}

/// Staff accounts, by name.
pub trait AccountStore {
    /// Every account, sorted by name.
    fn accounts(&self) -> Result<Vec<Account>>;
    /// Creates or replaces an account; durable before returning.
    fn save_account(&self, account: &Account) -> Result<()>;
}

/// What the app needs from storage.
pub trait Store: QueueStore + AccountStore + Send {
    /// Registers a new case: allocates the next case number of the registration's year,
    /// builds the case with `build`, writes it with all indexes in one transaction and
    /// makes it durable before returning.
    fn create_case(
        &self,
        reg: Registration,
        build: &dyn Fn(CaseNo, Registration) -> Case,
    ) -> Result<Case>;

    /// Registers many cases in one transaction (ledger import): all or none. `build` gets
    /// the allocated number and the index of the registration in `drafts`.
    fn create_many(
        &self,
        drafts: &[Registration],
        build: &dyn Fn(CaseNo, usize) -> Case,
    ) -> Result<Vec<CaseNo>>;

    /// Saves a changed case (a new history entry, a repeat visit). Refused when the stored
    /// revision is not the one the caller read. Durable before returning; returns the new revision.
    fn save_case(&self, case: &Case) -> Result<u64>;

    fn get_case(&self, no: CaseNo) -> Result<Option<Case>>;

    /// Cases of a person by normalised ID number, newest first.
    fn find_by_id_number(&self, id: &str) -> Result<Vec<CaseSummary>>;

    /// Cases by phone number (digits only compared), newest first.
    fn find_by_phone(&self, phone: &str) -> Result<Vec<CaseSummary>>;

    /// Newest first, starting before `before` (exclusive) when given.
    fn recent(&self, before: Option<CaseNo>, limit: usize) -> Result<Vec<CaseSummary>>;

    /// Newest first, the cases whose summary matches `query`, up to `limit`.
    fn search(&self, query: &str, prefix: &str, limit: usize) -> Result<Vec<CaseSummary>>;

    /// Running clocks in due-date order, from the due-date index.
    fn due_list(&self, limit: usize) -> Result<Vec<DueEntry>>;

    /// Cases in a status, newest first, from the status index.
    fn by_status(&self, status: Status, limit: usize) -> Result<Vec<CaseNo>>;

    fn summary(&self, no: CaseNo) -> Result<Option<CaseSummary>>;

    fn count(&self) -> Result<u64>;

    /// Takes `count` consecutive numbers of a numbered document series of a year
    /// (〔2026〕15号: 交办单, 转送单, 督办单, notices…); returns the first. Never reused,
    /// durable before returning.
    fn take_numbers(&self, series: &str, year: i32, count: u32) -> Result<u32>;

    /// The next number of a document series (see [`Store::take_numbers`]).
    fn next_number(&self, series: &str, year: i32) -> Result<u32> {
        self.take_numbers(series, year, 1)
    }

    /// Every case in case-number order (export, check).
    fn for_each_case(&self, f: &mut dyn FnMut(Result<Case>) -> bool) -> Result<()>;

    /// The cases that can count in figures of periods starting on `since` or later: every
    /// case still open, and every case with a visit or history entry on or after `since`
    /// (see [`crate::domain::stats::last_counted_day`]). Other cases may be passed too; the
    /// order is unspecified. Statistics use it so that a monthly report does not read twenty
    /// years of closed cases. By default every case.
    fn for_each_case_counted_since(
        &self,
        since: NaiveDate,
        f: &mut dyn FnMut(Result<Case>) -> bool,
    ) -> Result<()> {
        let _ = since;
        self.for_each_case(f)
    }

    /// Every record decodes and every index agrees with the records.
    fn check(&self) -> Result<CheckReport>;

    /// Makes everything written so far durable.
    fn flush(&self) -> Result<()>;

    /// Hands every record of every tree to `sink` as (tree, key, value), trees by name and
    /// keys in order: the content of a backup. Stops at the first error of `sink`.
    ///
    /// Not a snapshot by itself: it is a consistent copy only while nothing else writes to the
    /// store, i.e. when called from the one process holding the store and that process does
    /// nothing else meanwhile (see `backup::write_file`).
    fn dump(&self, sink: &mut DumpSink<'_>) -> Result<()>;

    /// Whether other programs (other counters) write to this store too; the app then asks
    /// [`Store::changes_by_others`] every second to keep its screens current.
    fn is_shared(&self) -> bool {
        false
    }

    /// What other programs changed since the last call. Never blocks. A store only this
    /// program uses has nothing to report.
    fn changes_by_others(&self) -> Result<Changes> {
        Ok(Changes::default())
    }
}

/// Filling a brand-new, empty store from a backup's records (the store side of
/// `chuangkou restore`). A backend provides a constructor that refuses a non-empty target
/// (for sled: `SledStore::begin_restore`) and returns one of these.
pub trait Restore {
    /// Writes one record as it was dumped by [`Store::dump`].
    fn put(&mut self, tree: &str, key: &[u8], value: &[u8]) -> Result<()>;
    /// Makes everything durable, checks that every record arrived, opens the result as a
    /// normal store and runs [`Store::check`] on it.
    fn finish(self: Box<Self>) -> Result<CheckReport>;
}
