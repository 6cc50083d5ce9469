//! The board's source, `due_list(N)` (running clocks in due-date order, from the due-date
//! index), over 1,000,000 cases against the same call over 1,000 cases. Goal: ≤ 2×.
//!
//! Both data sets are generated once into `target/bench-data/` by the demo generator (cases
//! at every stage of their life, so only the open ones are in the index).

mod common;

use chuangkou::store::{SledStore, Store};

const GROUP: &str = "board";
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
    c.final_summary();
    common::report_group(GROUP, &big_name, "baseline_due_list_1000", Some(2.0));
}
