//! `chuangkou export`: every case as JSON (for checking clocks from outside) or CSV (opens
//! in Excel: UTF-8 with BOM, ID numbers kept as text).

use super::Opened;
use crate::domain::case::{Case, Status};
use crate::domain::policy::ClockKind;
use crate::store::Store;
use anyhow::Context as _;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

/// One case in the JSON export.
#[derive(Debug, Serialize)]
pub struct CaseJson {
    pub case_no: String,
    pub registered: String,
    pub registered_at: String,
    pub status: String,
    pub name: String,
    pub sex: Option<String>,
    pub birth: Option<String>,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub people: u32,
    pub mode: String,
    pub category: String,
    pub purpose: String,
    pub matter: String,
    pub clerk: String,
    pub policy: String,
    pub visits: usize,
    pub repeat_visits: usize,
    pub accept_due: Option<String>,
    /// The handling deadline in force: after an approved extension, the extended one.
    pub handle_due: Option<String>,
    pub extended: bool,
    pub paused: bool,
    pub supervision_due: Option<String>,
    pub review_due: Option<String>,
    pub re_review_due: Option<String>,
    pub department: Option<String>,
    pub calendar_incomplete: bool,
    pub history: Vec<EventJson>,
}

/// One entry of a case's history.
#[derive(Debug, Serialize)]
pub struct EventJson {
    pub at: String,
    pub actor: String,
    pub what: String,
    pub note: String,
}

fn date(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub fn case_json(c: &Case, prefix: &str) -> CaseJson {
    let v = &c.reg.visitor;
    CaseJson {
        case_no: c.no.display(prefix),
        registered: c.reg.at.format("%Y-%m-%d").to_string(),
        registered_at: c.reg.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        status: c.status.label().to_string(),
        name: v.name.clone(),
        sex: v.sex.map(|s| s.label().to_string()),
        birth: date(v.birth),
        id_number: v.id_number.clone(),
        phone: v.phone.clone(),
        address: v.address.clone(),
        people: c.reg.people,
        mode: c.reg.mode.label().to_string(),
        category: c.reg.category.clone(),
        purpose: c.reg.purpose.clone(),
        matter: c.reg.matter.clone(),
        clerk: c.reg.clerk.clone(),
        policy: c.policy.id.clone(),
        visits: c.visits.len(),
        repeat_visits: c.repeat_visits(),
        accept_due: date(c.due(ClockKind::Acceptance).map(|d| d.date)),
        handle_due: date(
            c.due(ClockKind::Extension)
                .or(c.due(ClockKind::Handling))
                .map(|d| d.date),
        ),
        extended: c.due(ClockKind::Extension).is_some(),
        paused: c.status == Status::Paused,
        supervision_due: date(c.due(ClockKind::Supervision).map(|d| d.date)),
        review_due: date(c.due(ClockKind::ReviewDecision).map(|d| d.date)),
        re_review_due: date(c.due(ClockKind::ReReviewDecision).map(|d| d.date)),
        department: c.life().department().map(str::to_string),
        calendar_incomplete: c.clocks.iter().any(|k| k.due.calendar_incomplete),
        history: c
            .history
            .iter()
            .map(|e| EventJson {
                at: e.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                actor: e.actor.clone(),
                what: e.kind.label().to_string(),
                note: e.note.clone(),
            })
            .collect(),
    }
}

pub const CSV_HEADER: [&str; 18] = [
    "案件编号",
    "登记日期",
    "状态",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "联系电话",
    "住址",
    "人数",
    "来访方式",
    "问题分类",
    "信访目的",
    "主要诉求",
    "登记人",
    "来访次数",
    "受理期限",
    "办理期限",
];

/// Writes all cases; returns how many.
pub fn write(o: &Opened, format: Format, out: &mut dyn Write) -> anyhow::Result<u64> {
    let prefix = o.config.case_prefix.clone();
    let mut n = 0u64;
    let mut failure: Option<anyhow::Error> = None;
    match format {
        Format::Json => {
            out.write_all(b"[")?;
            o.store.for_each_case(&mut |r| {
                let step = (|| -> anyhow::Result<()> {
                    let c = r?;
                    if n > 0 {
                        out.write_all(b",")?;
                    }
                    out.write_all(b"\n")?;
                    serde_json::to_writer(&mut *out, &case_json(&c, &prefix))?;
                    n += 1;
                    Ok(())
                })();
                if let Err(e) = step {
                    failure = Some(e);
                    return false;
                }
                true
            })?;
            out.write_all(b"\n]\n")?;
        }
        Format::Csv => {
            out.write_all("\u{feff}".as_bytes())?;
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(CSV_HEADER)?;
            o.store.for_each_case(&mut |r| {
                let step = (|| -> anyhow::Result<()> {
                    let c = r?;
                    let j = case_json(&c, &prefix);
                    // A leading tab keeps Excel from turning ID and phone numbers into numbers.
                    let text = |s: &str| {
                        if s.is_empty() {
                            String::new()
                        } else {
                            format!("\t{s}")
                        }
                    };
                    w.write_record([
                        j.case_no,
                        j.registered,
                        j.status,
                        j.name,
                        j.sex.unwrap_or_default(),
                        j.birth.unwrap_or_default(),
                        text(&j.id_number),
                        text(&j.phone),
                        j.address,
                        j.people.to_string(),
                        j.mode,
                        j.category,
                        j.purpose,
                        j.matter,
                        j.clerk,
                        j.visits.to_string(),
                        j.accept_due.unwrap_or_default(),
                        j.handle_due.unwrap_or_default(),
                    ])?;
                    n += 1;
                    Ok(())
                })();
                if let Err(e) = step {
                    failure = Some(e);
                    return false;
                }
                true
            })?;
            w.flush()?;
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    out.flush()?;
    Ok(n)
}

pub fn run(o: &Opened, format: Format, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    match out {
        Some(path) => {
            let tmp = path.with_extension("tmp-export");
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(&tmp)
                    .with_context(|| format!("无法写入 {}", tmp.display()))?,
            );
            let n = write(o, format, &mut f)?;
            f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path)?;
            eprintln!("已导出 {n} 件案件到 {}", path.display());
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(o, format, &mut lock)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
