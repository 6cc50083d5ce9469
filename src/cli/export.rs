//! `chuangkou export`: every case as JSON (for checking clocks from outside), CSV (opens
//! in Excel: UTF-8 with BOM, ID numbers kept as text) or the full Excel ledger (台账, `.xlsx`).

use super::Opened;
use crate::domain::case::{Case, Status};
use crate::domain::policy::ClockKind;
use anyhow::Context as _;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    /// The full ledger as an Excel workbook (needs `--out`).
    Xlsx,
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
        Format::Xlsx => {
            let (bytes, count) = xlsx::ledger(o)?;
            out.write_all(&bytes)?;
            n = count;
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    out.flush()?;
    Ok(n)
}

pub fn run(o: &Opened, format: Format, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    if format == Format::Xlsx && out.is_none() {
        return Err(anyhow::anyhow!(
            "导出 Excel 台账需要指定文件：--out 台账.xlsx"
        ));
    }
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

/// The ledger (台账) as an Excel workbook.
pub mod xlsx {
    use super::{case_json, Opened};
    use chrono::{Datelike, NaiveDate};
    use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook};
    use unicode_width::UnicodeWidthStr;

    /// Columns of the ledger. The import reads the same names back.
    pub const HEADER: [&str; 25] = [
        "案件编号",
        "登记日期",
        "受理日期",
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
        "重复来访",
        "受理期限",
        "办理期限",
        "已延期",
        "承办单位",
        "督办期限",
        "复查期限",
        "复核期限",
    ];
    /// Widest a column gets (the matter column), in Excel width units.
    const MAX_WIDTH: usize = 60;

    enum Cell {
        Text(String),
        Date(Option<NaiveDate>),
        Num(f64),
    }

    fn parse_day(s: &Option<String>) -> Option<NaiveDate> {
        s.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }

    /// Returns the workbook bytes and the number of cases.
    pub fn ledger(o: &Opened) -> anyhow::Result<(Vec<u8>, u64)> {
        let prefix = o.config.case_prefix.clone();
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("台账")?;
        let head = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin);
        // "@": text. ID and phone numbers stay text, also in cells typed in later.
        let text = Format::new().set_num_format("@");
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let mut widths: Vec<usize> = HEADER.iter().map(|h| h.width()).collect();
        for (c, h) in HEADER.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &head)?;
        }
        let mut row: u32 = 0;
        let mut failure: Option<anyhow::Error> = None;
        o.store.for_each_case(&mut |r| {
            let step = (|| -> anyhow::Result<()> {
                let c = r?;
                let j = case_json(&c, &prefix);
                let accepted = c.life().accepted;
                let yes = |b: bool| Cell::Text(if b { "是" } else { "" }.into());
                let cells = [
                    Cell::Text(j.case_no),
                    Cell::Date(Some(c.reg.at.date())),
                    Cell::Date(accepted),
                    Cell::Text(j.status),
                    Cell::Text(j.name),
                    Cell::Text(j.sex.unwrap_or_default()),
                    Cell::Date(parse_day(&j.birth)),
                    Cell::Text(j.id_number),
                    Cell::Text(j.phone),
                    Cell::Text(j.address),
                    Cell::Num(j.people as f64),
                    Cell::Text(j.mode),
                    Cell::Text(j.category),
                    Cell::Text(j.purpose),
                    Cell::Text(j.matter),
                    Cell::Text(j.clerk),
                    Cell::Num(j.visits as f64),
                    Cell::Num(j.repeat_visits as f64),
                    Cell::Date(parse_day(&j.accept_due)),
                    Cell::Date(parse_day(&j.handle_due)),
                    yes(j.extended),
                    Cell::Text(j.department.unwrap_or_default()),
                    Cell::Date(parse_day(&j.supervision_due)),
                    Cell::Date(parse_day(&j.review_due)),
                    Cell::Date(parse_day(&j.re_review_due)),
                ];
                row += 1;
                for (col, cell) in cells.into_iter().enumerate() {
                    let c16 = col as u16;
                    let w = match cell {
                        Cell::Text(s) => {
                            if !s.is_empty() {
                                sheet.write_string_with_format(row, c16, &s, &text)?;
                            }
                            s.width()
                        }
                        Cell::Num(n) => {
                            sheet.write_number(row, c16, n)?;
                            4
                        }
                        Cell::Date(Some(d)) => {
                            let x = ExcelDateTime::from_ymd(
                                u16::try_from(d.year()).unwrap_or(1900),
                                d.month() as u8,
                                d.day() as u8,
                            )?;
                            sheet.write_datetime_with_format(row, c16, &x, &date)?;
                            10
                        }
                        Cell::Date(None) => 0,
                    };
                    if let Some(m) = widths.get_mut(col) {
                        *m = (*m).max(w);
                    }
                }
                Ok(())
            })();
            if let Err(e) = step {
                failure = Some(e);
                return false;
            }
            true
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
        // Widths by display width: a Chinese character is two units wide, as in Excel.
        for (col, w) in widths.iter().enumerate() {
            let w = (*w).clamp(4, MAX_WIDTH) + 2;
            sheet.set_column_width(col as u16, w as f64)?;
        }
        for col in [7u16, 8] {
            sheet.set_column_format(col, &text)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, row, (HEADER.len() - 1) as u16)?;
        Ok((book.save_to_buffer()?, row as u64))
    }
}
