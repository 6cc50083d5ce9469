//! Saving one case: `create_case` (one sled transaction over every tree, then `flush`)
//! against the floor any durable save pays: appending the same encoded bytes to a plain file
//! and `fsync`ing it. Goal: ≤ 1.5×.
//!
//! With `CHUANGKOU_BENCH_DB=postgres://…` (an empty database made for this; it is filled)
//! also `create_case` and `save_case` on PostgreSQL, against the same baseline (no goal yet:
//! a network round trip and the server's own fsync are in it). When that server accepts TLS,
//! `save_case` also over an encrypted connection (`sslmode=require`), against the plain one.

mod common;

use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::case::{Case, CaseNo, Registration};
use chuangkou::domain::policy::Policy;
use chuangkou::store::codec::encode_case;
use chuangkou::store::{SledStore, Store};
use std::io::Write;

const GROUP: &str = "save";

fn main() {
    let mut c = common::criterion();
    // Same file system as the store (not /tmp, which may be memory).
    let scratch = common::bench_data_root().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let dir = tempfile::tempdir_in(&scratch).unwrap();
    let store = SledStore::open(&dir.path().join("store"), common::APP_CACHE).unwrap();
    let policy = Policy::national_2022();
    let cal = WorkCalendar::builtin();
    let build = |no: CaseNo, reg: Registration| Case::open(no, reg, policy.clone(), &cal);
    let sample = Case::open(
        CaseNo::new(2026, 1),
        common::registration(0),
        policy.clone(),
        &cal,
    );
    let bytes = encode_case(&sample);
    println!("encoded case: {} bytes", bytes.len());
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.path().join("plain.bin"))
        .unwrap();

    let mut g = c.benchmark_group(GROUP);
    let mut i = 0u32;
    g.bench_function("create_case", |b| {
        b.iter(|| {
            i += 1;
            store.create_case(common::registration(i), &build).unwrap()
        })
    });
    g.bench_function("baseline_write_fsync", |b| {
        b.iter(|| {
            file.write_all(&bytes).unwrap();
            file.sync_all().unwrap();
        })
    });
    let pg = std::env::var("CHUANGKOU_BENCH_DB")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|url| chuangkou::store::PgStore::connect(&url).unwrap());
    if let Some(pg) = &pg {
        g.bench_function("create_case_postgres", |b| {
            b.iter(|| {
                i += 1;
                pg.create_case(common::registration(i), &build).unwrap()
            })
        });
        let mut case = pg.create_case(common::registration(0), &build).unwrap();
        g.bench_function("save_case_postgres", |b| {
            b.iter(|| {
                case.rev = pg.save_case(&case).unwrap();
            })
        });
    }
    let tls = std::env::var("CHUANGKOU_BENCH_DB")
        .ok()
        .filter(|u| !u.is_empty())
        .and_then(|url| {
            let sep = if url.contains('?') { '&' } else { '?' };
            chuangkou::store::PgStore::connect(&format!("{url}{sep}sslmode=require"))
                .map_err(|e| println!("save over TLS not measured: {e}"))
                .ok()
        });
    if let Some(tls) = &tls {
        let mut case = tls.create_case(common::registration(0), &build).unwrap();
        g.bench_function("save_case_postgres_tls", |b| {
            b.iter(|| {
                case.rev = tls.save_case(&case).unwrap();
            })
        });
    }
    g.finish();
    c.final_summary();
    common::report_group(GROUP, "create_case", "baseline_write_fsync", Some(1.5));
    if pg.is_some() {
        for subject in ["create_case_postgres", "save_case_postgres"] {
            common::report_group(GROUP, subject, "baseline_write_fsync", None);
        }
    }
    if tls.is_some() {
        common::report_group(GROUP, "save_case_postgres_tls", "save_case_postgres", None);
    }
}
