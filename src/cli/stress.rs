//! `chuangkou stress-save --count N --tag T` (hidden): saves cases one by one through the
//! same store call as the registration form, and prints `SAVED <year> <seq> <tag> <i>` only
//! after each save has returned (and so is durable). The crash-safety test kills this
//! process at random moments and then checks that every printed case survived intact.

use super::Opened;
use crate::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use std::io::Write;
use std::process::ExitCode;

/// The name a stress case carries, so a reader can tell which run and step wrote it.
pub fn name(tag: &str, i: u32) -> String {
    format!("压测{tag}之{i}")
}

/// The matter of a stress case: long enough to span pages, derived from tag and step.
pub fn matter(tag: &str, i: u32) -> String {
    format!("第{i}号压测记录，批次{tag}。").repeat(1 + (i % 7) as usize * 10)
}

pub fn run(o: &Opened, count: u32, tag: &str) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let policy = o.policy.clone();
    let cal = &o.calendar;
    let build = |no: CaseNo, reg: Registration| Case::open(no, reg, policy.clone(), cal);
    for i in 0..count {
        let reg = Registration {
            visitor: Visitor {
                name: name(tag, i),
                phone: format!("1390000{:04}", i % 10_000),
                ..Default::default()
            },
            place: String::new(),
            people: 1,
            category: "劳动和社会保障".into(),
            purpose: "申诉求决".into(),
            matter: matter(tag, i),
            opinion: String::new(),
            mode: VisitMode::Visit,
            clerk: "压测".into(),
            at: o.clock.now(),
            ticket: None,
        };
        let case = o.store.create_case(reg, &build)?;
        writeln!(out, "SAVED {} {} {tag} {i}", case.no.year, case.no.seq)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
