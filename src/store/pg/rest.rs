//! The queue, accounts, `check` and `dump` of the PostgreSQL store.

use super::cases::{counter_key, no_of};
use super::counted::counted_until;
use super::{pg_err, PgStore, CASES_CHANNEL, QUEUE_CHANNEL};
use crate::domain::account::Account;
use crate::domain::case::CaseNo;
use crate::domain::queue::Queue;
use crate::store::codec::{
    decode_account, decode_case, decode_queue, encode_account, encode_queue,
};
use crate::store::sled_store::{
    clock_code, date_key, phone_digits, seq_key, text_key, STORE_VERSION,
};
use crate::store::{AccountStore, Changes, CheckReport, DumpSink, QueueStore, Result, StoreError};
use chrono::NaiveDate;
use postgres::fallible_iterator::FallibleIterator;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;

const CURRENT: &str = "current";
/// Advisory lock held while a counter changes the shared queue.
const QUEUE_LOCK: i64 = 0x0071_7565_7565;

fn day_key(day: NaiveDate) -> String {
    format!("day:{}", day.format("%Y-%m-%d"))
}

/// Tells the other counters, when the transaction commits, that the queue changed.
fn notify_queue(tx: &mut impl postgres::GenericClient) -> Result<()> {
    tx.execute("SELECT pg_notify($1, '')", &[&QUEUE_CHANNEL])
        .map_err(pg_err)?;
    Ok(())
}

impl PgStore {
    fn queue_record(&self, key: &str, what: &str) -> Result<Option<Queue>> {
        let row = self
            .client()?
            .query_opt("SELECT record FROM queue WHERE key = $1", &[&key])
            .map_err(pg_err)?;
        match row {
            None => Ok(None),
            Some(r) => decode_queue(r.get(0))
                .map(Some)
                .map_err(|e| StoreError::Decode {
                    case: what.to_string(),
                    reason: e.to_string(),
                }),
        }
    }

    fn put_queue(&self, key: &str, queue: &Queue) -> Result<()> {
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(pg_err)?;
        tx.execute(
            "INSERT INTO queue (key, record) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET record = EXCLUDED.record",
            &[&key, &encode_queue(queue)],
        )
        .map_err(pg_err)?;
        notify_queue(&mut tx)?;
        tx.commit().map_err(pg_err)
    }

    /// What other counters changed since the last call: the notifications received so far,
    /// without waiting for more; everything after a reconnect (some may have been missed).
    pub(super) fn notified(&self) -> Result<Changes> {
        let mut client = self.client()?;
        let mut out = Changes::default();
        if self.reconnected.swap(false, Ordering::SeqCst) {
            out.cases = true;
            out.queue = true;
        }
        // Notifications are read off the connection while it is in use; an empty round trip
        // reads whatever the server sent since the last one.
        client.batch_execute("").map_err(pg_err)?;
        let own = self.pid.load(Ordering::SeqCst);
        let mut notifications = client.notifications();
        let mut pending = notifications.iter();
        while let Some(n) = pending.next().map_err(pg_err)? {
            if n.process_id() == own {
                continue;
            }
            match n.channel() {
                CASES_CHANNEL => out.cases = true,
                QUEUE_CHANNEL => out.queue = true,
                _ => {}
            }
        }
        Ok(out)
    }
}

impl QueueStore for PgStore {
    fn load_queue(&self) -> Result<Option<Queue>> {
        self.queue_record(CURRENT, "排队叫号（当日）")
    }

    fn save_queue(&self, queue: &Queue) -> Result<()> {
        self.put_queue(CURRENT, queue)
    }

    fn archive_queue(&self, queue: &Queue) -> Result<()> {
        self.put_queue(&day_key(queue.day), queue)
    }

    fn queue_of_day(&self, day: NaiveDate) -> Result<Option<Queue>> {
        if let Some(q) = self.load_queue()? {
            if q.day == day {
                return Ok(Some(q));
            }
        }
        self.queue_record(&day_key(day), &format!("排队叫号（{day}）"))
    }

    fn update_queue(
        &self,
        change: &mut dyn FnMut(Option<Queue>) -> Option<Queue>,
    ) -> Result<Option<Queue>> {
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(pg_err)?;
        // The row may not exist yet, so lock the queue as a whole rather than the row.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&QUEUE_LOCK])
            .map_err(pg_err)?;
        let stored = match tx
            .query_opt("SELECT record FROM queue WHERE key = $1", &[&CURRENT])
            .map_err(pg_err)?
        {
            None => None,
            Some(r) => Some(decode_queue(r.get(0)).map_err(|e| StoreError::Decode {
                case: "排队叫号（当日）".into(),
                reason: e.to_string(),
            })?),
        };
        let Some(next) = change(stored) else {
            return Ok(None);
        };
        tx.execute(
            "INSERT INTO queue (key, record) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET record = EXCLUDED.record",
            &[&CURRENT, &encode_queue(&next)],
        )
        .map_err(pg_err)?;
        notify_queue(&mut tx)?;
        tx.commit().map_err(pg_err)?;
        Ok(Some(next))
    }
}

impl AccountStore for PgStore {
    fn accounts(&self) -> Result<Vec<Account>> {
        let rows = self
            .client()?
            .query(
                "SELECT name, record FROM accounts ORDER BY name COLLATE \"C\"",
                &[],
            )
            .map_err(pg_err)?;
        rows.iter()
            .map(|r| {
                decode_account(r.get(1)).map_err(|e| StoreError::Decode {
                    case: format!("账户 {}", r.get::<_, String>(0)),
                    reason: e.to_string(),
                })
            })
            .collect()
    }

    fn save_account(&self, account: &Account) -> Result<()> {
        self.client()?
            .execute(
                "INSERT INTO accounts (name, record) VALUES ($1, $2)
                 ON CONFLICT (name) DO UPDATE SET record = EXCLUDED.record",
                &[&account.name, &encode_account(account)],
            )
            .map_err(pg_err)?;
        Ok(())
    }
}

/// Running clocks per case as stored: (kind code, due).
type Clocks = BTreeMap<CaseNo, BTreeSet<(i16, NaiveDate)>>;

impl PgStore {
    fn clocks(&self) -> Result<Clocks> {
        let rows = self
            .client()?
            .query("SELECT year, seq, kind, due FROM case_clocks", &[])
            .map_err(pg_err)?;
        let mut out = Clocks::new();
        for r in &rows {
            out.entry(no_of(r.get(0), r.get(1)))
                .or_default()
                .insert((r.get(2), r.get(3)));
        }
        Ok(out)
    }

    fn counters(&self) -> Result<BTreeMap<String, i64>> {
        let rows = self
            .client()?
            .query("SELECT key, value FROM counters", &[])
            .map_err(pg_err)?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Every record decodes and every look-up column, clock row, history entry and counter
    /// agrees with the records (see [`crate::store::Store::check`]).
    pub(super) fn check_all(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut clocks = self.clocks()?;
        let history: BTreeMap<CaseNo, i64> = self
            .client()?
            .query(
                "SELECT year, seq, max(version) FROM case_history GROUP BY year, seq",
                &[],
            )
            .map_err(pg_err)?
            .iter()
            .map(|r| (no_of(r.get(0), r.get(1)), r.get(2)))
            .collect();
        let mut max_seq: BTreeMap<i32, u32> = BTreeMap::new();
        let problems = &mut report.problems;
        let mut cases = 0u64;
        self.walk(
            "version, record, summary, id_number, phone, status, counted_until",
            false,
            &mut |no, r| {
                cases += 1;
                let m = max_seq.entry(no.year).or_default();
                *m = (*m).max(no.seq);
                let case = match decode_case(r.get(3)) {
                    Ok(c) => c,
                    Err(e) => {
                        problems.push(format!("案件 {no}：记录无法读取（{e}）"));
                        return Ok(true);
                    }
                };
                let mut bad = |what: &str| problems.push(format!("案件 {no}：{what}"));
                if case.no != no {
                    bad(&format!("记录中的编号为 {}", case.no));
                }
                let version: i64 = r.get(2);
                if version as u64 != case.rev {
                    bad(&format!("版本列为 {version}，记录中为 {}", case.rev));
                }
                if history.get(&no) != Some(&version) {
                    bad("历史记录缺少当前版本");
                }
                match crate::store::codec::decode_summary(r.get(4)) {
                    Ok(s) if s == case.summary() => {}
                    Ok(_) => bad("列表摘要与记录不一致"),
                    Err(e) => bad(&format!("列表摘要无法读取（{e}）")),
                }
                let v = &case.reg.visitor;
                if r.get::<_, &str>(5) != v.id_number {
                    bad("身份证号索引与记录不一致");
                }
                if r.get::<_, &str>(6) != phone_digits(&v.phone) {
                    bad("电话索引与记录不一致");
                }
                if r.get::<_, i16>(7) != case.status.code() as i16 {
                    bad("状态索引与记录不一致");
                }
                // NULL: written before schema 2, filled in by the next report.
                if r.get::<_, Option<NaiveDate>>(8)
                    .is_some_and(|d| d != counted_until(&case))
                {
                    bad("统计活动日期（counted_until）与记录不一致");
                }
                let want: BTreeSet<(i16, NaiveDate)> = case
                    .running_clocks()
                    .map(|c| (clock_code(c.kind) as i16, c.due.date))
                    .collect();
                if clocks.remove(&no).unwrap_or_default() != want {
                    bad("期限索引与记录不一致");
                }
                Ok(true)
            },
        )?;
        report.cases = cases;
        for no in clocks.keys() {
            report
                .problems
                .push(format!("期限索引有多余条目（案件 {no} 不存在）"));
        }
        let counters = self.counters()?;
        for (year, seq) in max_seq {
            let counter = counters
                .get(&counter_key(seq_key(year)))
                .copied()
                .unwrap_or(0);
            if counter < seq as i64 {
                report.problems.push(format!(
                    "{year} 年案件编号计数器为 {counter}，小于已用编号 {seq}：新案件会重复编号"
                ));
            }
        }
        Ok(report)
    }

    /// The records a sled store with the same content would dump (same trees, keys and
    /// values), so a backup made here restores into sled.
    pub(super) fn dump_trees(&self, sink: &mut DumpSink<'_>) -> Result<()> {
        let mut client = self.client()?;
        let accounts = client
            .query(
                "SELECT name, record FROM accounts ORDER BY name COLLATE \"C\"",
                &[],
            )
            .map_err(pg_err)?;
        let keys = client
            .query("SELECT year, seq, id_number, phone, status FROM cases", &[])
            .map_err(pg_err)?;
        let due_rows = client
            .query(
                "SELECT due, year, seq, kind FROM case_clocks ORDER BY due, year, seq, kind",
                &[],
            )
            .map_err(pg_err)?;
        let queue = client
            .query(
                "SELECT key, record FROM queue ORDER BY key COLLATE \"C\"",
                &[],
            )
            .map_err(pg_err)?;
        drop(client);
        for r in &accounts {
            sink("accounts", r.get::<_, &str>(0).as_bytes(), r.get(1))?;
        }
        self.walk("record", false, &mut |no, r| {
            sink("cases", &no.key(), r.get(2))?;
            Ok(true)
        })?;
        let mut due = BTreeSet::new();
        for r in &due_rows {
            let mut k = date_key(r.get(0)).to_vec();
            k.extend_from_slice(&no_of(r.get(1), r.get(2)).key());
            k.push(r.get::<_, i16>(3) as u8);
            due.insert(k);
        }
        let (mut ids, mut phones, mut statuses) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for r in &keys {
            let no = no_of(r.get(0), r.get(1));
            let (id, phone): (&str, &str) = (r.get(2), r.get(3));
            if !id.is_empty() {
                ids.insert(text_key(id, no));
            }
            if !phone.is_empty() {
                phones.insert(text_key(phone, no));
            }
            let mut k = vec![r.get::<_, i16>(4) as u8];
            k.extend_from_slice(&no.key());
            statuses.insert(k);
        }
        for (tree, set) in [
            ("idx_due", due),
            ("idx_id", ids),
            ("idx_phone", phones),
            ("idx_status", statuses),
        ] {
            for k in set {
                sink(tree, &k, &[])?;
            }
        }
        let mut meta: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        meta.insert(
            b"store_version".to_vec(),
            STORE_VERSION.to_be_bytes().to_vec(),
        );
        for (k, v) in self.counters()? {
            let v = u32::try_from(v).unwrap_or(u32::MAX);
            meta.insert(k.into_bytes(), v.to_be_bytes().to_vec());
        }
        for (k, v) in &meta {
            sink("meta", k, v)?;
        }
        for r in &queue {
            sink("queue", r.get::<_, &str>(0).as_bytes(), r.get(1))?;
        }
        self.walk("summary", false, &mut |no, r| {
            sink("summaries", &no.key(), r.get(2))?;
            Ok(true)
        })
    }
}
