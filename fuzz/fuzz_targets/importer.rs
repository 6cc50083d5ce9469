//! Any bytes as a ledger file into the pure importer (encoding detection, CSV, row checks).
#![no_main]

use chuangkou::cli::import;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let _ = import::parse_rows(data, today, "张丽");
});
