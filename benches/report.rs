//! The monthly report: `report::compute` for November 2026 (and, as the app and the CLI do,
//! October beside it) over 1,000,000 cases, against a bare pass over the same store
//! (`for_each_case` decoding every record and only counting). Goal: about 1 s here; the
//! ratio says how much of it is the statistics rather than reading and decoding.
//!
//! `REPORT_CASES=100000` measures a smaller set. The data set is generated once into
//! `target/bench-data/` (see `common::data_set`).

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
    let dir = common::data_set(cases);
    let store = SledStore::open(&dir, common::APP_CACHE).unwrap();
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
    let report = || {
        chuangkou::report::compute(&store, &cal, today, period, Options::default())
            .unwrap()
            .0
            .first
            .cases
    };
    // One untimed pass of each, to say what is measured (and warm the page cache).
    let t = Instant::now();
    let n = bare();
    println!("bare pass: {n} cases in {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let first = report();
    println!(
        "report {}: {first} new cases, computed in {:.2} s",
        period.label(),
        t.elapsed().as_secs_f64()
    );

    let mut c = common::criterion();
    let mut g = c.benchmark_group(GROUP);
    // Seconds per iteration: the same number of iterations in every sample.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    let subject = format!("compute_month_{cases}");
    let baseline = format!("baseline_for_each_case_{cases}");
    g.bench_function(&subject, |b| b.iter(report));
    g.bench_function(&baseline, |b| b.iter(bare));
    g.finish();
    c.final_summary();
    common::report_group(GROUP, &subject, &baseline, None);
    if let Some(t) = common::criterion_estimate(GROUP, &subject) {
        let verdict = if t.as_secs_f64() <= 1.0 {
            "met"
        } else {
            "MISSED"
        };
        println!(
            "ABSOLUTE {GROUP}: {subject} {:.2} s (goal about 1 s: {verdict})",
            t.as_secs_f64()
        );
    }
}
