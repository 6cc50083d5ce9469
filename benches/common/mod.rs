//! Shared by the benches: the fixed clock, the generated data sets under
//! `target/bench-data/` (made once, reused while present) and the ratio printout.
#![allow(dead_code)]

use chuangkou::cli::{clock_from, demo, Opened};
use chuangkou::config::Config;
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::policy::Policy;
use chuangkou::store::{SledStore, Store};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Every data set is generated as of this moment (and the app is run at it).
pub const NOW: &str = "2026-11-25T09:30";
/// The page cache the app uses by default (`cache_mib = 8`).
pub const APP_CACHE: u64 = 8 * 1024 * 1024;
/// Seed of the demo generator.
pub const SEED: u64 = 2026;

pub fn bench_data_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-data")
}

/// The `complete` marker to write once `dir` is generated; None when a complete one is
/// there. A directory without its marker (an interrupted run) is removed first.
fn to_generate(dir: &std::path::Path) -> Option<PathBuf> {
    let marker = dir.join("complete");
    if marker.is_file() {
        return None;
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    Some(marker)
}

/// A data directory holding `cases` realistic demo cases, generated on first use. A
/// directory without its `complete` marker (an interrupted run) is made again.
pub fn data_set(cases: u32) -> PathBuf {
    let dir = bench_data_root().join(format!("cases-{cases}"));
    let Some(marker) = to_generate(&dir) else {
        return dir;
    };
    eprintln!("generating {cases} cases into {} …", dir.display());
    let start = Instant::now();
    // A generous cache while generating: only the reading side is measured.
    let store = SledStore::open(&dir, 256 * 1024 * 1024).unwrap();
    let disk_of = store.db_handle();
    let opened = Opened {
        store: Box::new(store),
        config: Config::default(),
        calendar: WorkCalendar::builtin(),
        policy: Policy::national_2022(),
        clock: clock_from(Some(NOW)).unwrap(),
        dir: dir.clone(),
    };
    let written = demo::generate(&opened, cases, SEED).unwrap();
    opened.store.flush().unwrap();
    let took = start.elapsed();
    let disk = disk_of.size_on_disk().unwrap_or(0);
    drop(disk_of);
    drop(opened);
    std::fs::write(
        &marker,
        format!(
            "cases={written}\nseconds={:.1}\nsize_on_disk={disk}\n",
            took.as_secs_f64()
        ),
    )
    .unwrap();
    eprintln!("generated {written} cases in {:.1} s", took.as_secs_f64());
    dir
}

/// An office's long history: `total - 1000` cases registered over the twenty years before
/// 2026, each taken through acceptance, routing, opinion, delivery, evaluation and closure
/// (so none has a running clock), then the same 1,000 demo cases as [`data_set`]`(1000)`
/// on top. The board over this set has what the board over the 1,000 has; only the history
/// behind it grew. Generated on first use, like [`data_set`].
pub fn history_set(total: u32) -> PathBuf {
    use chuangkou::domain::case::{Case, Registration};
    use chuangkou::domain::life::{Actor, OpinionKind, RouteMode, Satisfaction, Step};
    let dir = bench_data_root().join(format!("history-{total}"));
    let Some(marker) = to_generate(&dir) else {
        return dir;
    };
    eprintln!(
        "generating a history of {total} cases into {} …",
        dir.display()
    );
    let start = Instant::now();
    let store = SledStore::open(&dir, 256 * 1024 * 1024).unwrap();
    let calendar = WorkCalendar::builtin();
    let policy = Policy::national_2022();
    let old = total.saturating_sub(1000);
    let first = chrono::NaiveDate::from_ymd_opt(2006, 1, 1).unwrap();
    let span_days = 20 * 365;
    let actor = Actor::everyone("张丽");
    for block in (0..old).collect::<Vec<_>>().chunks(2000) {
        let regs: Vec<Registration> = block
            .iter()
            .map(|&i| {
                let mut r = registration(i);
                let day = first + chrono::Duration::days(i as i64 * span_days / old.max(1) as i64);
                r.at = day.and_hms_opt(9, 30, 0).unwrap();
                r
            })
            .collect();
        let build = |no, k: usize| {
            let mut c = Case::open(no, regs[k].clone(), policy.clone(), &calendar);
            let d0 = regs[k].at.date();
            let at = |days: i64| {
                (d0 + chrono::Duration::days(days))
                    .and_hms_opt(10, 0, 0)
                    .unwrap()
            };
            let steps = [
                (Step::Accept { told: at(2).date() }, 2),
                (
                    Step::Route {
                        mode: RouteMode::Assign,
                        lead: "区人社局".into(),
                        co: Vec::new(),
                        slip: block[k] + 1,
                    },
                    3,
                ),
                (
                    Step::Opinion {
                        kind: OpinionKind::Support,
                        date: at(30).date(),
                    },
                    30,
                ),
                (
                    Step::Delivered {
                        date: at(32).date(),
                    },
                    32,
                ),
                (
                    Step::Evaluate {
                        case: Satisfaction::Satisfied,
                        clerk: Satisfaction::Satisfied,
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
                c.apply(step, &actor, at(days), &calendar).unwrap();
            }
            c
        };
        store.create_many(&regs, &build).unwrap();
    }
    let opened = Opened {
        store: Box::new(store),
        config: Config::default(),
        calendar: WorkCalendar::builtin(),
        policy: Policy::national_2022(),
        clock: clock_from(Some(NOW)).unwrap(),
        dir: dir.clone(),
    };
    demo::generate(&opened, 1000, SEED).unwrap();
    opened.store.flush().unwrap();
    let took = start.elapsed();
    drop(opened);
    std::fs::write(
        &marker,
        format!("cases={total}\nseconds={:.1}\n", took.as_secs_f64()),
    )
    .unwrap();
    eprintln!(
        "generated a history of {total} cases in {:.1} s",
        took.as_secs_f64()
    );
    dir
}

/// The app's environment on `dir` as the benches run it: sled with the app's default cache,
/// the fixed clock at [`NOW`], the built-in calendar and the national policy.
pub fn app_env(dir: &std::path::Path) -> chuangkou::ui::app::Env {
    use chuangkou::domain::clock::{parse_now, FixedClock};
    let clock = FixedClock::new(parse_now(NOW).unwrap());
    chuangkou::ui::app::Env {
        store: Box::new(SledStore::open(dir, APP_CACHE).unwrap()),
        clock: std::sync::Arc::new(clock),
        calendar: WorkCalendar::builtin(),
        policy: Policy::national_2022(),
        config: Config::default(),
        keymap: chuangkou::ui::keymap::Keymap::default(),
        data_dir: dir.to_path_buf(),
    }
}

/// Prints `subject / baseline` as the figure the benchmark reports, and appends it to
/// `target/bench-data/ratios.txt` for BENCHMARKS.md.
pub fn report_ratio(name: &str, subject: Duration, baseline: Duration, goal: Option<f64>) {
    let ratio = subject.as_secs_f64() / baseline.as_secs_f64().max(1e-12);
    let verdict = match goal {
        Some(g) if ratio <= g => format!(" (goal ≤ {g}×: met)"),
        Some(g) => format!(" (goal ≤ {g}×: MISSED by {:.2}×)", ratio / g),
        None => String::new(),
    };
    // Two significant digits also for ratios far below 1 (an index against a full pass).
    let places = if ratio > 0.0 && ratio < 0.1 {
        (1.0 - ratio.log10().floor()) as usize
    } else {
        2
    };
    let line = format!(
        "RATIO {name}: {ratio:.places$}× — subject {:.1} µs / baseline {:.1} µs{verdict}",
        subject.as_secs_f64() * 1e6,
        baseline.as_secs_f64() * 1e6,
    );
    println!("{line}");
    let _ = std::fs::create_dir_all(bench_data_root());
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(bench_data_root().join("ratios.txt"))
    {
        use std::io::Write;
        let _ = writeln!(f, "{line}");
    }
}

/// Criterion configured to write under `target/bench-data/criterion`, so the ratio can be
/// read back from its estimates; command-line options (`--measurement-time` …) apply.
pub fn criterion() -> criterion::Criterion {
    criterion::Criterion::default()
        .output_directory(&bench_data_root().join("criterion"))
        .configure_from_args()
}

/// Criterion's estimate of one iteration of `group/function` from this run, if it ran: the
/// slope of its linear fit (the figure criterion prints), else the median.
pub fn criterion_estimate(group: &str, function: &str) -> Option<Duration> {
    let path = bench_data_root()
        .join("criterion")
        .join(group)
        .join(function)
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    // Not the mean: a shared machine adds outliers that would move it.
    let ns = ["slope", "median"]
        .iter()
        .find_map(|k| v.get(*k)?.get("point_estimate")?.as_f64())?;
    Some(Duration::from_secs_f64(ns / 1e9))
}

/// Reports `subject / baseline` from criterion's estimates of one group.
pub fn report_group(group: &str, subject: &str, baseline: &str, goal: Option<f64>) {
    match (
        criterion_estimate(group, subject),
        criterion_estimate(group, baseline),
    ) {
        (Some(s), Some(b)) => report_ratio(&format!("{group}: {subject} / {baseline}"), s, b, goal),
        _ => println!("RATIO {group}: not measured in this run (filtered out?)"),
    }
}

/// A realistic registration of about 600 encoded bytes.
pub fn registration(i: u32) -> chuangkou::domain::case::Registration {
    use chuangkou::domain::case::{Registration, VisitMode, Visitor};
    use chuangkou::domain::idcard::Sex;
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .unwrap();
    Registration {
        visitor: Visitor {
            name: "张建国".into(),
            sex: Some(Sex::Male),
            birth: chrono::NaiveDate::from_ymd_opt(1968, 3, 14),
            age: None,
            ethnicity: "汉族".into(),
            id_number: "65230219680314301X".into(),
            id_override: None,
            address: "新疆阜康市博格达路118号3单元502室".into(),
            phone: format!("1389{:07}", i % 10_000_000),
            occupation: "务工人员".into(),
        },
        place: "阜康市".into(),
        people: 1,
        category: "劳动和社会保障".into(),
        purpose: "申诉求决".into(),
        matter: "反映在某建筑工地务工期间被拖欠工资约38000元，多次向包工头和项目部讨要未果，\
                 项目部称工程款尚未结算，请求劳动监察部门协调支付拖欠的工资，并依法处理欠薪行为。"
            .into(),
        opinion: "建议转区人社局劳动保障监察大队办理".into(),
        mode: VisitMode::Visit,
        clerk: "张丽".into(),
        at,
        ticket: None,
    }
}
