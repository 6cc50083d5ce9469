//! Building the overdue board over 1,000,000 cases against the same over 1,000 cases.
//! Goal: ≤ 2×. Two groups:
//! - `board`: the board's source, `due_list(N)` (running clocks in due-date order, from the
//!   due-date index);
//! - `board_build`: the real board, `publish::build` (masked names; it calls
//!   `publish::entries`: the head of the due index, the cases behind it, the paused cases and
//!   the open count), as the app writes it for the wall displays after every change.
//!
//! - `board_history`: the same real board over an office's long history — 999,000 closed
//!   cases from the twenty years before plus the 1,000 demo cases — against the 1,000 alone:
//!   what the issue means by the cost following the open cases, not the cases ever registered.
//!
//! The demo data sets are generated once into `target/bench-data/` by the demo generator
//! (cases at every stage of their life; a quarter stay open, so the 1M demo set has 245k
//! running cases and the board over it has more to show, not only more history).

mod common;

use chuangkou::store::{SledStore, Store};
use criterion::SamplingMode;

const GROUP: &str = "board";
const BUILD_GROUP: &str = "board_build";
const HISTORY_GROUP: &str = "board_history";
/// Rows of the board's first screen (the home screen asks for 30).
const ROWS: usize = 30;

fn main() {
    let big_cases: u32 = std::env::var("BOARD_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let small = common::data_set(1_000);
    let big = common::data_set(big_cases);
    let small = SledStore::open(&small, common::APP_CACHE).unwrap();
    let big = SledStore::open(&big, common::APP_CACHE).unwrap();
    println!(
        "due index: {} entries of {} cases (1k set: {} of {})",
        big.due_list(usize::MAX).unwrap().len(),
        big.count().unwrap(),
        small.due_list(usize::MAX).unwrap().len(),
        small.count().unwrap()
    );
    let mut c = common::criterion();
    let mut g = c.benchmark_group(GROUP);
    let big_name = format!("due_list_{big_cases}");
    g.bench_function(&big_name, |b| b.iter(|| big.due_list(ROWS).unwrap().len()));
    g.bench_function("baseline_due_list_1000", |b| {
        b.iter(|| small.due_list(ROWS).unwrap().len())
    });
    g.finish();

    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .unwrap();
    let build = |store: &SledStore| {
        let s = chuangkou::publish::build(store, None, "信访局", "XF", now).unwrap();
        (s.entries.len(), s.open_cases)
    };
    println!(
        "board build: {:?} (entries, open cases) of {big_cases}; {:?} of 1000",
        build(&big),
        build(&small)
    );
    let mut g = c.benchmark_group(BUILD_GROUP);
    // Up to a second per build on the big set: the same iterations in every sample.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    let big_build = format!("publish_build_{big_cases}");
    g.bench_function(&big_build, |b| b.iter(|| build(&big)));
    g.bench_function("baseline_publish_build_1000", |b| b.iter(|| build(&small)));
    g.finish();

    let history_cases: u32 = std::env::var("BOARD_HISTORY_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let history = SledStore::open(&common::history_set(history_cases), common::APP_CACHE).unwrap();
    println!(
        "history: {:?} (entries, open cases) of {} cases",
        build(&history),
        history.count().unwrap()
    );
    let mut g = c.benchmark_group(HISTORY_GROUP);
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    let history_build = format!("publish_build_history_{history_cases}");
    g.bench_function(&history_build, |b| b.iter(|| build(&history)));
    g.bench_function("baseline_publish_build_1000", |b| b.iter(|| build(&small)));
    g.finish();
    c.final_summary();
    common::report_group(GROUP, &big_name, "baseline_due_list_1000", Some(2.0));
    common::report_group(
        BUILD_GROUP,
        &big_build,
        "baseline_publish_build_1000",
        Some(2.0),
    );
    common::report_group(
        HISTORY_GROUP,
        &history_build,
        "baseline_publish_build_1000",
        Some(2.0),
    );
}
