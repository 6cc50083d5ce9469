//! Any text into the ID-number parser and its helpers.
#![no_main]

use chuangkou::domain::idcard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let _ = idcard::parse(&text, today);
    let _ = idcard::check_digit(&text);
    let _ = idcard::mask(&text);
});
