//! Starting on a store of 100,000 cases: `SledStore::open` with the app's page cache, then
//! `App::new` (queue, accounts, the home screen's lists) and its first 80×24 frame, against
//! bare sled opening the same directory with the same cache and reading the first 20 keys of
//! the due-date index. Goal: ≤ 1.2×.
//!
//! The data set is generated once into `target/bench-data/cases-100000/` (see
//! `common::data_set`).

mod common;

use chuangkou::ui::app::App;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::Path;

const GROUP: &str = "startup";
const CASES: u32 = 100_000;

/// Opens the store, builds the app and draws its first frame; everything is dropped (and
/// sled's lock released) before returning.
fn app_first_frame(dir: &Path) -> u16 {
    let mut app = App::new(common::app_env(dir));
    app.resize(80, 24);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| app.draw(f)).unwrap().area.width
}

/// The floor: sled itself opening the directory and reading the first screen of the due
/// index.
fn bare_sled(dir: &Path) -> usize {
    let db = sled::Config::new()
        .path(dir.join("db"))
        .cache_capacity(common::APP_CACHE)
        .open()
        .unwrap();
    let due = db.open_tree("idx_due").unwrap();
    due.iter().take(20).map(|r| r.unwrap().0.len()).sum()
}

fn main() {
    let dir = common::data_set(CASES);
    let mut c = common::criterion();
    let mut g = c.benchmark_group(GROUP);
    g.sample_size(10);
    g.bench_function("app_open_first_frame", |b| b.iter(|| app_first_frame(&dir)));
    g.bench_function("baseline_sled_open_due20", |b| b.iter(|| bare_sled(&dir)));
    g.finish();
    c.final_summary();
    common::report_group(
        GROUP,
        "app_open_first_frame",
        "baseline_sled_open_due20",
        Some(1.2),
    );
}
