//! The monthly report: `report::compute` for November 2026 (and, as the app and the CLI do,
//! October beside it) over 1,000,000 cases. Goal: about 1 s here.
//!
//! The report reads only the cases that can count in the two months (the activity index,
//! `Store::for_each_case_counted_since`), so its cost follows the cases open or active
//! lately, not the cases ever registered. Measured against two baselines in the same run:
//! - a bare pass over every case (`for_each_case`, decoding and counting): what the report
//!   cost before the index, and still costs on the first report of a store made before it
//!   (which builds the index; timed once and printed);
//! - the same report over the same 1,000 recent demo cases without the history behind them.
//!
//! `REPORT_SET=history` (default): `common::history_set`, an office's twenty years, 999,000
//! closed cases + 1,000 demo cases. `REPORT_SET=demo`: `common::data_set`, the demo
//! generator's cases over one year, of which a quarter stay open at any age (the worst case
//! for the index). `REPORT_CASES=100000` measures a smaller set. `REPORT_REBUILD=1` first
//! empties the index, so the first report (timed once, printed) builds it as on a store
//! written before it existed. Data sets are generated once into `target/bench-data/`.

mod common;

use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::stats::{Options, Period};
use chuangkou::store::{SledStore, Store};
use criterion::SamplingMode;
use std::time::Instant;

const GROUP: &str = "report";

fn main() {
    let cases: u32 = std::env::var("REPORT_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let set = std::env::var("REPORT_SET").unwrap_or_else(|_| "history".into());
    let dir = match set.as_str() {
        "demo" => common::data_set(cases),
        _ => common::history_set(cases),
    };
    if std::env::var_os("REPORT_REBUILD").is_some() {
        // As a store made before the activity index: the first report below builds it.
        let db = sled::open(dir.join("db")).unwrap();
        db.open_tree("idx_active").unwrap().clear().unwrap();
        db.open_tree("meta")
            .unwrap()
            .remove("idx_active_complete")
            .unwrap();
        db.flush().unwrap();
        drop(db);
        // sled's flusher thread lets go of the directory's lock a moment after the drop.
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    let store = SledStore::open(&dir, common::APP_CACHE).unwrap();
    let recent = SledStore::open(&common::data_set(1000), common::APP_CACHE).unwrap();
    let cal = WorkCalendar::builtin();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let period = Period::parse("2026-11").unwrap();

    let bare = || {
        let mut n = 0u64;
        store
            .for_each_case(&mut |r| {
                n += u64::from(r.is_ok());
                true
            })
            .unwrap();
        n
    };
    let report_on = |s: &SledStore| {
        chuangkou::report::compute(s, &cal, today, period, Options::default())
            .unwrap()
            .0
            .first
            .cases
    };
    let report = || report_on(&store);
    let report_recent = || report_on(&recent);
    // Untimed passes, to say what is measured (and warm the page cache). The first report
    // on a data set made before the index builds it.
    for (what, s) in [("", &store), ("(1,000 recent cases alone) ", &recent)] {
        let t = Instant::now();
        let first = report_on(s);
        println!(
            "first report {what}{}: {first} new cases, computed in {:.2} s",
            period.label(),
            t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let n = bare();
    println!("bare pass: {n} cases in {:.2} s", t.elapsed().as_secs_f64());
    let mut read = 0u64;
    let since = period.previous().first_day();
    store
        .for_each_case_counted_since(since, &mut |_| {
            read += 1;
            true
        })
        .unwrap();
    println!("the report reads {read} of {n} cases (open, or active since {since})");

    let mut c = common::criterion();
    let mut g = c.benchmark_group(GROUP);
    // Seconds per iteration: the same number of iterations in every sample.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    let subject = format!("compute_month_{set}_{cases}");
    let full = format!("baseline_for_each_case_{set}_{cases}");
    let alone = "baseline_compute_month_demo_1000".to_string();
    g.bench_function(&subject, |b| b.iter(report));
    g.bench_function(&alone, |b| b.iter(report_recent));
    g.bench_function(&full, |b| b.iter(bare));
    g.finish();
    c.final_summary();
    common::report_group(GROUP, &subject, &full, None);
    common::report_group(GROUP, &subject, &alone, None);
    if let Some(t) = common::criterion_estimate(GROUP, &subject) {
        let verdict = if t.as_secs_f64() <= 1.0 {
            "met"
        } else {
            "MISSED"
        };
        println!(
            "ABSOLUTE {GROUP}: {subject} {:.1} ms (goal about 1 s: {verdict})",
            t.as_secs_f64() * 1e3
        );
    }
}
