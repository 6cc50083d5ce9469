//! The activity index behind reports (`Store::for_each_case_counted_since`, sled's
//! `idx_active`): a report that reads only the cases still open or active since the earlier
//! period began has exactly the figures of a pass over every case, for every kind of period;
//! saves keep the index; a store from before the index gets it on its first report; `check`
//! notices a missing entry. The same on PostgreSQL (`cases.counted_until`, schema 2).

mod support;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chuangkou::cli::{clock_from, demo, Opened};
use chuangkou::config::Config;
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use chuangkou::domain::life::{Actor, OpinionKind, RouteMode, Satisfaction, Step};
use chuangkou::domain::policy::Policy;
use chuangkou::domain::stats::{last_counted_day, Options, Period, Stats, StatsBuilder};
use chuangkou::report;
use chuangkou::store::{PgStore, SledStore, Store};
use std::path::Path;

const NOW: &str = "2026-11-25T09:30";
const CACHE: u64 = 4 * 1024 * 1024;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-25")
}

fn at(day: NaiveDate, days: i64) -> NaiveDateTime {
    (day + Duration::days(days)).and_hms_opt(10, 0, 0).unwrap()
}

fn registration(i: u32, day: NaiveDate) -> Registration {
    Registration {
        visitor: Visitor {
            name: format!("旧案来访人{i}"),
            phone: format!("1390000{i:04}"),
            ..Default::default()
        },
        place: "城东街道".into(),
        people: 1 + i % 6,
        category: ["劳动和社会保障", "城乡建设", "农村农业"][i as usize % 3].into(),
        purpose: "申诉求决".into(),
        matter: "请求处理".into(),
        opinion: String::new(),
        mode: VisitMode::Visit,
        clerk: "王芳".into(),
        at: day.and_hms_opt(9, 30, 0).unwrap(),
        ticket: None,
    }
}

fn apply(c: &mut Case, step: Step, when: NaiveDateTime) {
    c.apply(
        step,
        &Actor::everyone("科长"),
        when,
        &WorkCalendar::builtin(),
    )
    .unwrap();
}

/// A case taken through acceptance, routing, opinion, delivery, evaluation and closure
/// within 33 days of its registration.
fn closed_case(no: CaseNo, reg: Registration) -> Case {
    let d0 = reg.at.date();
    let mut c = Case::open(no, reg, Policy::national_2022(), &WorkCalendar::builtin());
    let steps = [
        (
            Step::Accept {
                told: d0 + Duration::days(2),
            },
            2,
        ),
        (
            Step::Route {
                mode: RouteMode::Assign,
                lead: "区人社局".into(),
                co: Vec::new(),
                slip: no.seq,
            },
            3,
        ),
        (
            Step::Opinion {
                kind: OpinionKind::Support,
                date: d0 + Duration::days(30),
            },
            30,
        ),
        (
            Step::Delivered {
                date: d0 + Duration::days(32),
            },
            32,
        ),
        (
            Step::Evaluate {
                case: Satisfaction::Satisfied,
                clerk: Satisfaction::Unsatisfied,
            },
            32,
        ),
        (
            Step::Close {
                override_reason: None,
            },
            33,
        ),
    ];
    for (step, days) in steps {
        apply(&mut c, step, at(d0, days));
    }
    c
}

/// Six years of closed cases (one every nine days from 2019), a few old cases left open or
/// only accepted, then 600 demo cases over the last year (every stage, some closed, some
/// overdue).
fn fill(dir: &Path) -> Opened {
    fill_store(Box::new(SledStore::open(dir, CACHE).unwrap()), dir)
}

/// [`fill`] on any store (`dir` for the demo's side files).
fn fill_store(store: Box<dyn Store>, dir: &Path) -> Opened {
    let first = d("2019-01-07");
    let regs: Vec<Registration> = (0..250)
        .map(|i| registration(i, first + Duration::days(i as i64 * 9)))
        .collect();
    store
        .create_many(&regs, &|no, k| {
            let reg = regs[k].clone();
            if k % 50 == 7 {
                // Registered years ago and never decided: open, and overdue ever since.
                Case::open(no, reg, Policy::national_2022(), &WorkCalendar::builtin())
            } else if k % 50 == 8 {
                let d0 = reg.at.date();
                let mut c = Case::open(no, reg, Policy::national_2022(), &WorkCalendar::builtin());
                apply(&mut c, Step::Accept { told: d0 }, at(d0, 0));
                c
            } else {
                closed_case(no, reg)
            }
        })
        .unwrap();
    let o = Opened {
        store,
        config: Config::default(),
        calendar: WorkCalendar::builtin(),
        policy: Policy::national_2022(),
        clock: clock_from(Some(NOW)).unwrap(),
        dir: dir.to_path_buf(),
    };
    demo::generate(&o, 600, 11).unwrap();
    o
}

/// The figures from a pass over every case, as the report computed them before the index.
fn every_case(store: &dyn Store, period: Period) -> (Stats, Stats) {
    let cal = WorkCalendar::builtin();
    let mut cur = StatsBuilder::new(period, &cal, today(), Options::default());
    let mut prev = StatsBuilder::new(period.previous(), &cal, today(), Options::default());
    store
        .for_each_case(&mut |r| {
            let c = r.unwrap();
            cur.add(&c);
            prev.add(&c);
            true
        })
        .unwrap();
    (cur.finish(), prev.finish())
}

fn indexed(store: &dyn Store, period: Period) -> (Stats, Stats) {
    report::compute(
        store,
        &WorkCalendar::builtin(),
        today(),
        period,
        Options::default(),
    )
    .unwrap()
}

fn read_since(store: &dyn Store, since: &str) -> Vec<CaseNo> {
    let mut out = Vec::new();
    store
        .for_each_case_counted_since(d(since), &mut |r| {
            out.push(r.unwrap().no);
            true
        })
        .unwrap();
    out
}

const PERIODS: &[&str] = &[
    "2026-11",
    "2026-10",
    "2026-06",
    "2025-12",
    "2026-W48",
    "2026-W45",
    "2026-W01",
    "2026-Q4",
    "2026-Q1",
    "2025-Q4",
    "2026-H2",
    "2026-H1",
    "2026",
    "2025",
    "2021",
    "2019-03",
    "2026-11-20..2026-11-25",
    "2025-12-31..2026-01-02",
    "2020-05-01..2026-11-25",
    // Not begun yet: figures "at the end" are today's.
    "2026-12",
    "2027-Q1",
    "2027",
];

#[test]
fn the_indexed_report_has_the_figures_of_a_pass_over_every_case() {
    let tmp = tempfile::tempdir().unwrap();
    let o = fill(&tmp.path().join("data"));
    let store = o.store.as_ref();
    let total = store.count().unwrap();
    assert_eq!(total, 850);
    for text in PERIODS {
        let period = Period::parse(text).unwrap();
        let (cur, prev) = indexed(store, period);
        let (want_cur, want_prev) = every_case(store, period);
        assert_eq!(cur, want_cur, "{text}");
        assert_eq!(prev, want_prev, "{text} (previous period)");
    }
    // And the index does leave cases out: a monthly report (October and November) reads the
    // cases still open and those active since October, not the closed years behind them.
    let read = read_since(store, "2026-10-01");
    let (nov, _) = indexed(store, Period::parse("2026-11").unwrap());
    assert!(
        nov.open >= 10,
        "the old open cases and the demo's: {}",
        nov.open
    );
    assert!(read.len() as u64 >= nov.open);
    assert!(
        read.len() < 600,
        "{} of {total} cases read for a monthly report",
        read.len()
    );
    // Only the cases still open count after 2030.
    let long_ago = read_since(store, "2030-01-01");
    assert_eq!(
        long_ago.len() as u64,
        nov.open,
        "only the open cases are after 2030"
    );
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn saves_move_a_case_in_and_out_of_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    saves_move(&SledStore::open(&tmp.path().join("data"), CACHE).unwrap());
}

fn saves_move(store: &dyn Store) {
    let reg = registration(1, d("2021-03-01"));
    let no = store
        .create_case(reg, &|no, reg| {
            Case::open(no, reg, Policy::national_2022(), &WorkCalendar::builtin())
        })
        .unwrap()
        .no;
    // Open: read for any period.
    assert_eq!(read_since(store, "2026-10-01"), vec![no]);
    // Closed in 2021: left out of a 2026 report, read for a 2021 one.
    let mut c = store.get_case(no).unwrap().unwrap();
    let closed = closed_case(no, c.reg.clone());
    c.history = closed.history;
    c.clocks = closed.clocks;
    c.status = closed.status;
    store.save_case(&c).unwrap();
    let c = store.get_case(no).unwrap().unwrap();
    assert_eq!(last_counted_day(&c), Some(d("2021-04-03")));
    assert_eq!(read_since(store, "2026-10-01"), Vec::<CaseNo>::new());
    assert_eq!(read_since(store, "2021-04-03"), vec![no]);
    assert_eq!(read_since(store, "2021-04-04"), Vec::<CaseNo>::new());
    // A review asked for in 2026 (late, with a reason) opens it again: read again.
    let mut c = c;
    apply(
        &mut c,
        Step::RequestReview {
            date: d("2026-11-20"),
            late_override: Some("当事人住院，未能在期限内申请".into()),
        },
        at(d("2026-11-20"), 0),
    );
    store.save_case(&c).unwrap();
    assert_eq!(read_since(store, "2026-10-01"), vec![no]);
    assert!(store.check().unwrap().is_ok());
}

/// `open` tried until it succeeds: sled's flusher thread lets go of the directory's lock a
/// moment after the last handle is dropped, so an open right after a close can fail.
fn reopen<T, E: std::fmt::Debug>(open: impl Fn() -> Result<T, E>) -> T {
    let mut last = None;
    for _ in 0..100 {
        match open() {
            Ok(db) => return db,
            Err(e) => last = Some(e),
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("open: {last:?}");
}

/// The store's sled database opened bare.
fn raw_sled(dir: &Path) -> sled::Db {
    reopen(|| sled::open(dir.join("db")))
}

#[test]
fn a_store_from_before_the_index_gets_it_on_its_first_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let period = Period::parse("2026-11").unwrap();
    let want = {
        let o = fill(&dir);
        let want = every_case(o.store.as_ref(), period);
        drop(o);
        // Make it a version-1 store: no index, no mark, version 1.
        let db = raw_sled(&dir);
        db.open_tree("idx_active").unwrap().clear().unwrap();
        let meta = db.open_tree("meta").unwrap();
        meta.remove("idx_active_complete").unwrap();
        meta.insert("store_version", &1u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
        want
    };
    let store = reopen(|| SledStore::open(&dir, CACHE));
    // Upgraded on open (a version-1 program would not keep the index), checked without it.
    assert!(store.check().unwrap().is_ok());
    assert_eq!(
        read_since(&store, "2030-01-01").len(),
        850,
        "not built yet: every case"
    );
    // That pass built it: from now on only the open cases are after 2030.
    let open_now = read_since(&store, "2030-01-01").len();
    assert!(open_now < 400, "{open_now}");
    assert_eq!(indexed(&store, period), want);
    assert!(store.check().unwrap().is_ok());
    drop(store);
    let db = raw_sled(&dir);
    let version = db.open_tree("meta").unwrap().get("store_version").unwrap();
    assert_eq!(version.as_deref(), Some(&2u32.to_be_bytes()[..]));
}

#[test]
fn check_notices_a_missing_or_stray_index_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    drop(fill(&dir));
    {
        let db = raw_sled(&dir);
        let idx = db.open_tree("idx_active").unwrap();
        let (first, _) = idx.first().unwrap().unwrap();
        idx.remove(first).unwrap();
        db.flush().unwrap();
    }
    let store = reopen(|| SledStore::open(&dir, CACHE));
    let report = store.check().unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("idx_active")),
        "{:?}",
        report.problems
    );
}

// PostgreSQL: `cases.counted_until`.

/// A connection of its own to `url`, to change rows behind the store's back.
fn admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

#[test]
fn on_postgres_the_indexed_report_has_the_figures_of_a_pass_over_every_case() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let o = fill_store(Box::new(PgStore::connect(&url).unwrap()), tmp.path());
    let store = o.store.as_ref();
    assert_eq!(store.count().unwrap(), 850);
    for text in PERIODS {
        let period = Period::parse(text).unwrap();
        assert_eq!(indexed(store, period), every_case(store, period), "{text}");
    }
    let read = read_since(store, "2026-10-01").len();
    assert!(read < 600, "{read} of 850 cases read for a monthly report");
    assert!(store.check().unwrap().is_ok());
    // Saves move a case in and out, as on sled (an empty database of its own).
    let empty = support::pg::fresh_db().unwrap();
    saves_move(&PgStore::connect(&empty).unwrap());
}

#[test]
fn a_database_from_schema_1_is_upgraded_and_filled_in_by_its_first_report() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let period = Period::parse("2026-11").unwrap();
    let want = {
        let o = fill_store(Box::new(PgStore::connect(&url).unwrap()), tmp.path());
        every_case(o.store.as_ref(), period)
    };
    // Back to schema 1: the column and its migration gone.
    admin(&url)
        .batch_execute(
            "ALTER TABLE cases DROP COLUMN counted_until;
             DELETE FROM schema_version WHERE version = 2;",
        )
        .unwrap();
    let store = PgStore::connect(&url).unwrap();
    let unknown = |c: &mut postgres::Client| -> i64 {
        c.query_one(
            "SELECT count(*) FROM cases WHERE counted_until IS NULL",
            &[],
        )
        .unwrap()
        .get(0)
    };
    let mut a = admin(&url);
    assert_eq!(unknown(&mut a), 850, "migrated: the column is there, empty");
    assert!(
        store.check().unwrap().is_ok(),
        "an empty column is no fault"
    );
    assert_eq!(
        read_since(&store, "2030-01-01").len(),
        850,
        "not known yet: every case is read"
    );
    assert_eq!(unknown(&mut a), 0, "that pass filled the column in");
    let open_now = read_since(&store, "2030-01-01").len();
    assert!(open_now < 400, "{open_now}");
    assert_eq!(indexed(&store, period), want);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn on_postgres_check_notices_a_wrong_activity_date() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let o = fill_store(Box::new(PgStore::connect(&url).unwrap()), tmp.path());
    admin(&url)
        .execute(
            "UPDATE cases SET counted_until = DATE '2000-01-01' WHERE year = 2019 AND seq = 1",
            &[],
        )
        .unwrap();
    let report = o.store.check().unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("counted_until")),
        "{:?}",
        report.problems
    );
}
