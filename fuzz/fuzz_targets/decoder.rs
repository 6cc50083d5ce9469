//! Any bytes into every record decoder: errors are fine, panics and huge allocations are not.
#![no_main]

use chuangkou::store::codec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = codec::decode_case(data);
    let _ = codec::decode_summary(data);
    let _ = codec::decode_queue(data);
    let _ = codec::decode_account(data);
});
