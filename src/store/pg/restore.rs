//! Filling an empty PostgreSQL database from dumped records: `chuangkou restore --db` (a
//! backup file) and `chuangkou migrate --from sled` (a data directory's sled store).
//!
//! The records are the sled trees of [`crate::store::Store::dump`]. Cases, counters, the
//! queue and accounts are written; summaries and index trees are derived data and are rebuilt
//! from the cases (and counted only). Everything is one transaction: a failed restore leaves
//! the database empty.

use super::cases::Writer;
use super::{pg_err, redact, PgStore};
use crate::domain::case::CaseNo;
use crate::store::codec::decode_case;
use crate::store::sled_store::STORE_VERSION;
use crate::store::{CheckReport, Restore, Result, Store, StoreError};
use std::collections::BTreeMap;

/// A restore in progress into an empty database (see [`PgStore::begin_restore`]).
pub struct PgRestore {
    store: PgStore,
    writer: Writer,
    counts: BTreeMap<String, u64>,
}

impl PgStore {
    /// Starts a restore into the database at `url`, which must hold no cases, counters,
    /// queue or accounts: a restore never writes over data.
    pub fn begin_restore(url: &str) -> Result<PgRestore> {
        let store = PgStore::connect(url)?;
        let writer = {
            let mut c = store.client()?;
            let used: bool = c
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM cases) OR EXISTS (SELECT 1 FROM counters)
                         OR EXISTS (SELECT 1 FROM queue) OR EXISTS (SELECT 1 FROM accounts)",
                    &[],
                )
                .map_err(pg_err)?
                .get(0);
            if used {
                return Err(StoreError::Db(format!(
                    "数据库 {} 已有数据，未恢复，未写入任何数据。请恢复到一个新建的空数据库",
                    redact(url)
                )));
            }
            c.batch_execute("BEGIN").map_err(pg_err)?;
            Writer::prepare(&mut *c)?
        };
        Ok(PgRestore {
            store,
            writer,
            counts: BTreeMap::new(),
        })
    }
}

fn bad(tree: &str, key: &[u8], why: &str) -> StoreError {
    StoreError::Db(format!("备份中 {tree} 表的记录 {key:?} 无法恢复：{why}"))
}

fn u32_of(tree: &str, key: &[u8], value: &[u8]) -> Result<u32> {
    <[u8; 4]>::try_from(value)
        .map(u32::from_be_bytes)
        .map_err(|_| bad(tree, key, "不是 4 字节的数"))
}

impl Restore for PgRestore {
    fn put(&mut self, tree: &str, key: &[u8], value: &[u8]) -> Result<()> {
        *self.counts.entry(tree.to_string()).or_default() += 1;
        let mut c = self.store.client()?;
        let text = |k: &[u8]| {
            std::str::from_utf8(k)
                .map(str::to_string)
                .map_err(|_| bad(tree, key, "键不是 UTF-8 文字"))
        };
        match tree {
            "cases" => {
                let no = CaseNo::from_key(key).ok_or_else(|| bad(tree, key, "键不是案件编号"))?;
                let case = decode_case(value).map_err(|e| StoreError::Decode {
                    case: no.to_string(),
                    reason: e.to_string(),
                })?;
                if case.no != no {
                    return Err(bad(tree, key, &format!("记录中的编号为 {}", case.no)));
                }
                self.writer.insert_raw(&mut *c, &case, value)?;
            }
            // A kept count of sled's (backups of some versions carry it): derived, not needed.
            "meta" if key == crate::store::sled_store::COUNT_KEY => {}
            "meta" => {
                let k = text(key)?;
                let v = u32_of(tree, key, value)?;
                if k == "store_version" {
                    if v > STORE_VERSION {
                        return Err(StoreError::Db(format!(
                            "备份的数据格式版本为 {v}，本程序支持到 {STORE_VERSION}：请升级程序"
                        )));
                    }
                } else {
                    c.execute(
                        "INSERT INTO counters (key, value) VALUES ($1, $2)",
                        &[&k, &(v as i64)],
                    )
                    .map_err(pg_err)?;
                }
            }
            "queue" => {
                c.execute(
                    "INSERT INTO queue (key, record) VALUES ($1, $2)",
                    &[&text(key)?, &value],
                )
                .map_err(pg_err)?;
            }
            "accounts" => {
                c.execute(
                    "INSERT INTO accounts (name, record) VALUES ($1, $2)",
                    &[&text(key)?, &value],
                )
                .map_err(pg_err)?;
            }
            // Derived from the cases; rebuilt by the inserts above.
            "summaries" | "idx_id" | "idx_phone" | "idx_due" | "idx_status" | "idx_active" => {}
            other => {
                return Err(StoreError::Db(format!(
                    "备份中有本程序不认识的表 {other}：请用制作备份的程序版本恢复"
                )))
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<CheckReport> {
        let this = *self;
        this.store
            .client()?
            .batch_execute("COMMIT")
            .map_err(pg_err)?;
        let cases = this.store.count()?;
        let want = this.counts.get("cases").copied().unwrap_or(0);
        if cases != want {
            return Err(StoreError::Db(format!(
                "恢复后有 {cases} 件案件，备份中有 {want} 件"
            )));
        }
        let summaries = this.counts.get("summaries").copied().unwrap_or(want);
        let mut report = this.store.check()?;
        if summaries != want {
            report.problems.push(format!(
                "备份中列表摘要 {summaries} 条，案件 {want} 件，不一致（已按案件重建）"
            ));
        }
        Ok(report)
    }
}
