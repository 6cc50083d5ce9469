//! Cases in PostgreSQL: allocation, saves with a version check, the look-ups and `check`.

use super::counted::counted_until;
use super::{pg_err, PgStore};
use crate::domain::case::{Case, CaseNo, CaseSummary, Registration, Status};
use crate::store::codec::{decode_case, decode_summary, encode_case, encode_summary};
use crate::store::sled_store::{clock_code, clock_from_code, phone_digits, seq_key};
use crate::store::{Changes, CheckReport, DueEntry, DumpSink, Result, Store, StoreError};
use postgres::{GenericClient, Statement};
use std::collections::BTreeMap;

/// Rows fetched per round trip when walking all cases (the lock is released in between).
const BATCH: i64 = 500;

pub(super) fn counter_key(raw: Vec<u8>) -> String {
    String::from_utf8_lossy(&raw).into_owned()
}

pub(super) fn no_of(year: i32, seq: i64) -> CaseNo {
    CaseNo::new(year, seq as u32)
}

pub(super) fn decode_err(no: CaseNo, e: impl std::fmt::Display) -> StoreError {
    StoreError::Decode {
        case: no.to_string(),
        reason: e.to_string(),
    }
}

/// The statements that write a case, prepared once per transaction.
pub(super) struct Writer {
    insert: Statement,
    clock: Statement,
    history: Statement,
}

impl Writer {
    pub(super) fn prepare(tx: &mut impl GenericClient) -> Result<Self> {
        Ok(Self {
            insert: tx
                .prepare(
                    "INSERT INTO cases (year, seq, version, record, summary, name, id_number, phone, status, registered, counted_until)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .map_err(pg_err)?,
            clock: tx
                .prepare(
                    "INSERT INTO case_clocks (year, seq, kind, due) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING",
                )
                .map_err(pg_err)?,
            history: tx
                .prepare(
                    "INSERT INTO case_history (year, seq, version, record) VALUES ($1, $2, $3, $4)",
                )
                .map_err(pg_err)?,
        })
    }

    fn clocks_and_history(
        &self,
        tx: &mut impl GenericClient,
        case: &Case,
        record: &[u8],
    ) -> Result<()> {
        let (year, seq) = (case.no.year, case.no.seq as i64);
        for c in case.running_clocks() {
            let kind = clock_code(c.kind) as i16;
            tx.execute(&self.clock, &[&year, &seq, &kind, &c.due.date])
                .map_err(pg_err)?;
        }
        tx.execute(&self.history, &[&year, &seq, &(case.rev as i64), &record])
            .map_err(pg_err)?;
        Ok(())
    }

    /// Inserts a new case with its clocks and its first history entry.
    fn insert(&self, tx: &mut impl GenericClient, case: &Case) -> Result<()> {
        self.insert_raw(tx, case, &encode_case(case))
    }

    /// Inserts `case` stored as `record` (its encoding, kept byte for byte by a restore).
    pub(super) fn insert_raw(
        &self,
        tx: &mut impl GenericClient,
        case: &Case,
        record: &[u8],
    ) -> Result<()> {
        let summary = encode_summary(&case.summary());
        let v = &case.reg.visitor;
        let (year, seq) = (case.no.year, case.no.seq as i64);
        tx.execute(
            &self.insert,
            &[
                &year,
                &seq,
                &(case.rev as i64),
                &record,
                &summary,
                &v.name,
                &v.id_number,
                &phone_digits(&v.phone),
                &(case.status.code() as i16),
                &case.reg.at,
                &counted_until(case),
            ],
        )
        .map_err(|e| match e.as_db_error() {
            Some(db) if db.code() == &postgres::error::SqlState::UNIQUE_VIOLATION => {
                StoreError::Db(format!("案件编号 {} 已存在，计数器与数据不一致", case.no))
            }
            _ => pg_err(e),
        })?;
        self.clocks_and_history(tx, case, record)
    }
}

/// Tells the other counters, when the transaction commits, that cases changed.
fn notify_cases(tx: &mut impl GenericClient) -> Result<()> {
    tx.execute("SELECT pg_notify($1, '')", &[&super::CASES_CHANNEL])
        .map_err(pg_err)?;
    Ok(())
}

/// Adds `count` to a counter, creating it at 0 first; returns the new value. The row stays
/// locked until the transaction ends, so concurrent takers queue up behind it.
fn bump(client: &mut impl GenericClient, key: &str, count: i64) -> Result<i64> {
    client
        .query_one(
            "INSERT INTO counters (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = counters.value + EXCLUDED.value
             RETURNING value",
            &[&key, &count],
        )
        .map(|r| r.get(0))
        .map_err(pg_err)
}

impl PgStore {
    fn summaries_where(&self, sql: &str, arg: &str) -> Result<Vec<CaseSummary>> {
        let rows = self.client()?.query(sql, &[&arg]).map_err(pg_err)?;
        rows.iter()
            .map(|r| {
                let no = no_of(r.get(0), r.get(1));
                decode_summary(r.get(2)).map_err(|e| decode_err(no, e))
            })
            .collect()
    }

    /// Walks the cases in case-number order (or newest first), `BATCH` rows per query, the
    /// connection free between batches. `columns` are selected after year and seq; `f` gets
    /// the number and the row and says whether to go on.
    pub(super) fn walk(
        &self,
        columns: &str,
        newest_first: bool,
        f: &mut dyn FnMut(CaseNo, &postgres::Row) -> Result<bool>,
    ) -> Result<()> {
        let sql = if newest_first {
            format!(
                "SELECT year, seq, {columns} FROM cases WHERE (year, seq) < ($1, $2)
                 ORDER BY year DESC, seq DESC LIMIT $3"
            )
        } else {
            format!(
                "SELECT year, seq, {columns} FROM cases WHERE (year, seq) > ($1, $2)
                 ORDER BY year, seq LIMIT $3"
            )
        };
        let mut after: (i32, i64) = if newest_first {
            (i32::MAX, i64::MAX)
        } else {
            (i32::MIN, i64::MIN)
        };
        loop {
            let rows = self
                .client()?
                .query(&sql, &[&after.0, &after.1, &BATCH])
                .map_err(pg_err)?;
            for r in &rows {
                after = (r.get(0), r.get(1));
                if !f(no_of(after.0, after.1), r)? {
                    return Ok(());
                }
            }
            if (rows.len() as i64) < BATCH {
                return Ok(());
            }
        }
    }
}

impl Store for PgStore {
    fn create_case(
        &self,
        reg: Registration,
        build: &dyn Fn(CaseNo, Registration) -> Case,
    ) -> Result<Case> {
        let year = chrono::Datelike::year(&reg.at.date());
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(pg_err)?;
        let seq = bump(&mut tx, &counter_key(seq_key(year)), 1)?;
        let no = no_of(year, seq);
        let mut case = build(no, reg);
        case.no = no;
        case.rev = 1;
        Writer::prepare(&mut tx)?.insert(&mut tx, &case)?;
        notify_cases(&mut tx)?;
        tx.commit().map_err(pg_err)?;
        Ok(case)
    }

    fn create_many(
        &self,
        drafts: &[Registration],
        build: &dyn Fn(CaseNo, usize) -> Case,
    ) -> Result<Vec<CaseNo>> {
        let mut per_year: BTreeMap<i32, i64> = BTreeMap::new();
        for reg in drafts {
            *per_year
                .entry(chrono::Datelike::year(&reg.at.date()))
                .or_default() += 1;
        }
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(pg_err)?;
        // Reserve each year's block at once: the next number of the year is `first`.
        let mut next: BTreeMap<i32, i64> = BTreeMap::new();
        for (year, n) in &per_year {
            let last = bump(&mut tx, &counter_key(seq_key(*year)), *n)?;
            next.insert(*year, last - n + 1);
        }
        let writer = Writer::prepare(&mut tx)?;
        let mut nos = Vec::with_capacity(drafts.len());
        for (i, reg) in drafts.iter().enumerate() {
            let year = chrono::Datelike::year(&reg.at.date());
            let seq = next.get_mut(&year).map(|s| {
                *s += 1;
                *s - 1
            });
            let no = no_of(year, seq.unwrap_or_default());
            let mut case = build(no, i);
            case.no = no;
            case.rev = 1;
            writer.insert(&mut tx, &case)?;
            nos.push(no);
        }
        notify_cases(&mut tx)?;
        tx.commit().map_err(pg_err)?;
        Ok(nos)
    }

    fn save_case(&self, case: &Case) -> Result<u64> {
        let (year, seq) = (case.no.year, case.no.seq as i64);
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(pg_err)?;
        let current: i64 = match tx
            .query_opt(
                "SELECT version FROM cases WHERE year = $1 AND seq = $2 FOR UPDATE",
                &[&year, &seq],
            )
            .map_err(pg_err)?
        {
            Some(r) => r.get(0),
            None => return Err(StoreError::NotFound(case.no.to_string())),
        };
        if current as u64 != case.rev {
            return Err(StoreError::Conflict {
                case: case.no.to_string(),
                current: current as u64,
                yours: case.rev,
            });
        }
        let mut new = case.clone();
        new.rev = current as u64 + 1;
        let record = encode_case(&new);
        let summary = encode_summary(&new.summary());
        let v = &new.reg.visitor;
        tx.execute(
            "UPDATE cases SET version = $3, record = $4, summary = $5, name = $6, id_number = $7,
                 phone = $8, status = $9, registered = $10, counted_until = $11, saved_at = now()
             WHERE year = $1 AND seq = $2",
            &[
                &year,
                &seq,
                &(new.rev as i64),
                &record,
                &summary,
                &v.name,
                &v.id_number,
                &phone_digits(&v.phone),
                &(new.status.code() as i16),
                &new.reg.at,
                &counted_until(&new),
            ],
        )
        .map_err(pg_err)?;
        tx.execute(
            "DELETE FROM case_clocks WHERE year = $1 AND seq = $2",
            &[&year, &seq],
        )
        .map_err(pg_err)?;
        Writer::prepare(&mut tx)?.clocks_and_history(&mut tx, &new, &record)?;
        notify_cases(&mut tx)?;
        tx.commit().map_err(pg_err)?;
        Ok(new.rev)
    }

    fn get_case(&self, no: CaseNo) -> Result<Option<Case>> {
        let row = self
            .client()?
            .query_opt(
                "SELECT record FROM cases WHERE year = $1 AND seq = $2",
                &[&no.year, &(no.seq as i64)],
            )
            .map_err(pg_err)?;
        match row {
            None => Ok(None),
            Some(r) => decode_case(r.get(0))
                .map(Some)
                .map_err(|e| decode_err(no, e)),
        }
    }

    fn find_by_id_number(&self, id: &str) -> Result<Vec<CaseSummary>> {
        if id.is_empty() {
            return Ok(Vec::new());
        }
        self.summaries_where(
            "SELECT year, seq, summary FROM cases WHERE id_number = $1 AND id_number <> ''
             ORDER BY year DESC, seq DESC",
            id,
        )
    }

    fn find_by_phone(&self, phone: &str) -> Result<Vec<CaseSummary>> {
        let d = phone_digits(phone);
        if d.len() < 5 {
            return Ok(Vec::new());
        }
        self.summaries_where(
            "SELECT year, seq, summary FROM cases WHERE phone = $1 AND phone <> ''
             ORDER BY year DESC, seq DESC",
            &d,
        )
    }

    fn recent(&self, before: Option<CaseNo>, limit: usize) -> Result<Vec<CaseSummary>> {
        let (year, seq) = match before {
            Some(b) => (b.year, b.seq as i64),
            None => (i32::MAX, i64::MAX),
        };
        let rows = self
            .client()?
            .query(
                "SELECT year, seq, summary FROM cases WHERE (year, seq) < ($1, $2)
                 ORDER BY year DESC, seq DESC LIMIT $3",
                &[&year, &seq, &(limit.min(i64::MAX as usize) as i64)],
            )
            .map_err(pg_err)?;
        rows.iter()
            .map(|r| {
                let no = no_of(r.get(0), r.get(1));
                decode_summary(r.get(2)).map_err(|e| decode_err(no, e))
            })
            .collect()
    }

    fn search(&self, query: &str, prefix: &str, limit: usize) -> Result<Vec<CaseSummary>> {
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        self.walk("summary", true, &mut |_, row| {
            // A damaged summary is skipped here; `check` reports it.
            if let Ok(s) = decode_summary(row.get(2)) {
                if s.matches(query, prefix) {
                    out.push(s);
                }
            }
            Ok(out.len() < limit)
        })?;
        Ok(out)
    }

    fn due_list(&self, limit: usize) -> Result<Vec<DueEntry>> {
        let rows = self
            .client()?
            .query(
                "SELECT due, year, seq, kind FROM case_clocks
                 ORDER BY due, year, seq, kind LIMIT $1",
                &[&(limit.min(i64::MAX as usize) as i64)],
            )
            .map_err(pg_err)?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let kind = clock_from_code(r.get::<_, i16>(3) as u8)?;
                Some(DueEntry {
                    due: r.get(0),
                    kind,
                    no: no_of(r.get(1), r.get(2)),
                })
            })
            .collect())
    }

    fn by_status(&self, status: Status, limit: usize) -> Result<Vec<CaseNo>> {
        let rows = self
            .client()?
            .query(
                "SELECT year, seq FROM cases WHERE status = $1
                 ORDER BY year DESC, seq DESC LIMIT $2",
                &[
                    &(status.code() as i16),
                    &(limit.min(i64::MAX as usize) as i64),
                ],
            )
            .map_err(pg_err)?;
        Ok(rows.iter().map(|r| no_of(r.get(0), r.get(1))).collect())
    }

    fn summary(&self, no: CaseNo) -> Result<Option<CaseSummary>> {
        let row = self
            .client()?
            .query_opt(
                "SELECT summary FROM cases WHERE year = $1 AND seq = $2",
                &[&no.year, &(no.seq as i64)],
            )
            .map_err(pg_err)?;
        match row {
            None => Ok(None),
            Some(r) => decode_summary(r.get(0))
                .map(Some)
                .map_err(|e| decode_err(no, e)),
        }
    }

    fn count(&self) -> Result<u64> {
        let n: i64 = self
            .client()?
            .query_one("SELECT count(*) FROM cases", &[])
            .map_err(pg_err)?
            .get(0);
        Ok(n as u64)
    }

    fn take_numbers(&self, series: &str, year: i32, count: u32) -> Result<u32> {
        let n = count.max(1) as i64;
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(pg_err)?;
        let last = bump(&mut tx, &format!("num:{series}:{year}"), n)?;
        tx.commit().map_err(pg_err)?;
        Ok((last - n + 1) as u32)
    }

    fn for_each_case(&self, f: &mut dyn FnMut(Result<Case>) -> bool) -> Result<()> {
        self.walk("record", false, &mut |no, row| {
            Ok(f(decode_case(row.get(2)).map_err(|e| decode_err(no, e))))
        })
    }

    fn for_each_case_counted_since(
        &self,
        since: chrono::NaiveDate,
        f: &mut dyn FnMut(Result<Case>) -> bool,
    ) -> Result<()> {
        self.counted_since(since, f) // in counted.rs
    }

    fn check(&self) -> Result<CheckReport> {
        self.check_all() // in rest.rs
    }

    fn flush(&self) -> Result<()> {
        // Every write is a committed transaction: durable already.
        Ok(())
    }

    fn dump(&self, sink: &mut DumpSink<'_>) -> Result<()> {
        self.dump_trees(sink) // in rest.rs
    }

    fn is_shared(&self) -> bool {
        true
    }

    fn changes_by_others(&self) -> Result<Changes> {
        self.notified() // in rest.rs
    }
}
