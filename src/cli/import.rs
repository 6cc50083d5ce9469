//! `chuangkou import FILE`: the office's Excel ledger saved as CSV. Every bad row is
//! reported by line number and reason, and nothing is imported unless every row is good.

use super::Opened;
use crate::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use crate::domain::catalog;
use crate::domain::idcard::{self, CheckResult};
use crate::store::Store;
use anyhow::{anyhow, Context as _};
use chrono::NaiveDate;
use std::path::Path;
use std::process::ExitCode;

/// Columns the ledger must have (受理日期 is optional).
pub const REQUIRED: [&str; 9] = [
    "登记日期",
    "姓名",
    "身份证号",
    "联系电话",
    "住址",
    "人数",
    "问题分类",
    "信访目的",
    "主要诉求",
];

/// Turns file bytes into text: UTF-8 (with or without BOM), else GBK.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            "UTF-8（带 BOM）",
        );
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "UTF-8");
    }
    let (text, _, _) = encoding_rs::GBK.decode(bytes);
    (text.into_owned(), "GBK")
}

/// Dates as offices type them: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let cleaned: String = s
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim();
    NaiveDate::parse_from_str(cleaned, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(cleaned, "%Y%m%d"))
        .ok()
        .filter(|d| chrono::Datelike::year(d) >= 1990)
}

/// A row that passed every check, ready to become a case.
#[derive(Debug, Clone)]
pub struct GoodRow {
    pub line: usize,
    pub reg: Registration,
    pub accepted: Option<NaiveDate>,
    pub warning: Option<String>,
}

/// Parses and checks the whole file. Returns the good rows, or every problem found.
pub fn parse(text: &str, today: NaiveDate, clerk: &str) -> Result<Vec<GoodRow>, Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim().trim_start_matches('\u{feff}').to_string())
            .collect(),
        Err(e) => return Err(vec![format!("第 1 行（表头）无法读取：{e}")]),
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|n| col(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(vec![format!(
            "第 1 行（表头）缺少列：{}。需要的列：{}，可选列：受理日期",
            missing.join("、"),
            REQUIRED.join("、")
        )]);
    }
    let accepted_col = col("受理日期");
    let mut good = Vec::new();
    let mut errors = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("第 {line} 行：无法读取（{e}）"));
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |name: &str| {
            col(name)
                .and_then(|c| rec.get(c))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let mut why: Vec<String> = Vec::new();
        let date = parse_date(&get("登记日期"));
        if date.is_none() {
            why.push(format!("登记日期“{}”无效", get("登记日期")));
        }
        if let Some(d) = date {
            if d > today {
                why.push(format!("登记日期 {d} 晚于今天"));
            }
        }
        let name = get("姓名");
        if name.is_empty() {
            why.push("姓名为空".into());
        }
        let mut warning = None;
        let mut visitor = Visitor {
            name,
            address: get("住址"),
            phone: get("联系电话"),
            ..Default::default()
        };
        let id = get("身份证号");
        if !id.is_empty() {
            match idcard::parse(&id, today) {
                Ok(info) => {
                    if let CheckResult::BadCheckDigit { expected, found } = info.check {
                        let note = format!("导入自旧台账：校验位应为 {expected}，台账为 {found}");
                        warning = Some(note.clone());
                        visitor.id_override = Some(note);
                    }
                    visitor.sex = Some(info.sex);
                    visitor.birth = Some(info.birth);
                    visitor.id_number = info.normalized;
                }
                Err(e) => why.push(format!("身份证号：{e}")),
            }
        }
        let people = match get("人数").as_str() {
            "" => 1,
            s => match s.parse::<u32>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    why.push(format!("人数“{s}”无效"));
                    1
                }
            },
        };
        let category_text = get("问题分类");
        let category = catalog::find_label(catalog::categories(), &category_text).or_else(|| {
            catalog::categories()
                .iter()
                .find(|e| e.code == category_text)
        });
        if category.is_none() {
            why.push(format!("问题分类“{category_text}”不在分类表中"));
        }
        let purpose_text = get("信访目的");
        let purpose = if purpose_text.is_empty() {
            Some(String::new())
        } else {
            catalog::find_label(catalog::purposes(), &purpose_text).map(|e| e.label.to_string())
        };
        if purpose.is_none() {
            why.push(format!("信访目的“{purpose_text}”不在列表中"));
        }
        let matter = get("主要诉求");
        if matter.is_empty() {
            why.push("主要诉求为空".into());
        }
        let accepted = match accepted_col.and_then(|c| rec.get(c)).map(str::trim) {
            None | Some("") => None,
            Some(s) => match parse_date(s) {
                Some(a) if date.is_some_and(|d| a >= d) => Some(a),
                Some(a) => {
                    why.push(format!("受理日期 {a} 早于登记日期"));
                    None
                }
                None => {
                    why.push(format!("受理日期“{s}”无效"));
                    None
                }
            },
        };
        if !why.is_empty() {
            errors.push(format!("第 {line} 行：{}", why.join("；")));
            continue;
        }
        let (Some(date), Some(category), Some(purpose)) = (date, category, purpose) else {
            continue;
        };
        good.push(GoodRow {
            line,
            reg: Registration {
                visitor,
                place: String::new(),
                people,
                category: category.label.to_string(),
                purpose,
                matter,
                opinion: String::new(),
                mode: VisitMode::Visit,
                clerk: clerk.to_string(),
                at: date.and_hms_opt(9, 0, 0).unwrap_or_default(),
                ticket: None,
            },
            accepted,
            warning,
        });
    }
    if errors.is_empty() {
        Ok(good)
    } else {
        Err(errors)
    }
}

/// Checked rows with the encoding found, or every problem with the encoding found.
pub type Parsed = Result<(Vec<GoodRow>, &'static str), (Vec<String>, &'static str)>;

/// The whole pure path from file bytes to checked rows (no store, no file system):
/// decodes the text, then [`parse`]s it. Returns the rows and the encoding found, or every
/// problem, each starting with its line number.
pub fn parse_rows(bytes: &[u8], today: NaiveDate, clerk: &str) -> Parsed {
    let (text, encoding) = decode_text(bytes);
    match parse(&text, today, clerk) {
        Ok(rows) => Ok((rows, encoding)),
        Err(errors) => Err((errors, encoding)),
    }
}

pub fn run(o: &Opened, file: &Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("无法读取 {}", file.display()))?;
    let today = o.clock.today();
    let clerk = format!("{}（导入）", o.config.default_clerk);
    let (rows, encoding) = match parse_rows(&bytes, today, &clerk) {
        Ok(parsed) => parsed,
        Err((errors, encoding)) => {
            eprintln!(
                "{}（{encoding}）有 {} 处问题，未导入任何案件：",
                file.display(),
                errors.len()
            );
            for e in &errors {
                eprintln!("  {e}");
            }
            return Ok(ExitCode::from(1));
        }
    };
    if rows.is_empty() {
        return Err(anyhow!("{} 没有数据行", file.display()));
    }
    for r in &rows {
        if let Some(w) = &r.warning {
            eprintln!("提示：第 {} 行 {w}（已保留并记录）", r.line);
        }
    }
    let regs: Vec<Registration> = rows.iter().map(|r| r.reg.clone()).collect();
    let policy = o.policy.clone();
    let cal = &o.calendar;
    let build = |no: CaseNo, i: usize| {
        let mut c = Case::open(no, regs[i].clone(), policy.clone(), cal);
        if let Some(a) = rows[i].accepted {
            c.record_acceptance(a, "导入", cal);
        }
        c
    };
    let nos = o.store.create_many(&regs, &build)?;
    println!(
        "已导入 {} 件案件（{encoding}），编号 {} 至 {}",
        nos.len(),
        nos.first()
            .map(|n| n.display(&o.config.case_prefix))
            .unwrap_or_default(),
        nos.last()
            .map(|n| n.display(&o.config.case_prefix))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}
