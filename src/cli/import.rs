//! `chuangkou import FILE`: the office's ledger, as an Excel workbook (`.xlsx`) or saved as
//! CSV. Every bad row is reported by line (row) number and reason, and nothing is imported
//! unless every row is good.

use super::Opened;
use crate::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use crate::domain::catalog;
use crate::domain::idcard::{self, CheckResult};
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
    parse_date_since(s, 1990)
}

/// A date as [`parse_date`] reads it, from `min_year` on (birth dates go back further).
pub fn parse_date_since(s: &str, min_year: i32) -> Option<NaiveDate> {
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
        .filter(|d| chrono::Datelike::year(d) >= min_year)
}

/// A row that passed every check, ready to become a case.
#[derive(Debug, Clone)]
pub struct GoodRow {
    pub line: usize,
    pub reg: Registration,
    pub accepted: Option<NaiveDate>,
    pub warning: Option<String>,
}

/// A ledger as rows of cell text, whatever file it came from: the header and the data rows,
/// each with the line (CSV) or row (Excel) number the clerk sees.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub header_line: usize,
    pub headers: Vec<String>,
    /// A row's cells, or why the row could not be read.
    pub rows: Vec<(usize, Result<Vec<String>, String>)>,
}

/// Parses and checks a CSV ledger. Returns the good rows, or every problem found.
pub fn parse(text: &str, today: NaiveDate, clerk: &str) -> Result<Vec<GoodRow>, Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![format!("第 1 行（表头）无法读取：{e}")]),
    };
    let rows = rdr
        .records()
        .enumerate()
        .map(|(i, rec)| {
            let cells = rec
                .map(|r| r.iter().map(str::to_string).collect())
                .map_err(|e| e.to_string());
            (i + 2, cells)
        })
        .collect();
    let sheet = Sheet {
        header_line: 1,
        headers,
        rows,
    };
    check_sheet(&sheet, today, clerk)
}

/// Checks every row of a ledger (CSV or Excel). Returns the good rows, or every problem found.
pub fn check_sheet(
    sheet: &Sheet,
    today: NaiveDate,
    clerk: &str,
) -> Result<Vec<GoodRow>, Vec<String>> {
    let hl = sheet.header_line;
    let headers: Vec<String> = sheet
        .headers
        .iter()
        .map(|s| s.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|n| col(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(vec![format!(
            "第 {hl} 行（表头）缺少列：{}。需要的列：{}，可选列：受理日期",
            missing.join("、"),
            REQUIRED.join("、")
        )]);
    }
    let accepted_col = col("受理日期");
    let mut good = Vec::new();
    let mut errors = Vec::new();
    for (line, rec) in &sheet.rows {
        let line = *line;
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
                .map(|s| s.trim())
                .unwrap_or("")
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
        } else {
            // Without an ID number, the optional 性别 and 出生日期 columns are kept.
            visitor.sex = match get("性别").as_str() {
                "" => None,
                "男" => Some(idcard::Sex::Male),
                "女" => Some(idcard::Sex::Female),
                s => {
                    why.push(format!("性别“{s}”无效（应为 男 或 女）"));
                    None
                }
            };
            visitor.birth = match get("出生日期").as_str() {
                "" => None,
                s => match parse_date_since(s, 1900).filter(|d| *d <= today) {
                    Some(d) => Some(d),
                    None => {
                        why.push(format!("出生日期“{s}”无效"));
                        None
                    }
                },
            };
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
        let accepted = match accepted_col.and_then(|c| rec.get(c)).map(|s| s.trim()) {
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
    if is_xlsx(bytes) {
        let parsed = sheet_from_xlsx(bytes).and_then(|(sheet, notes)| {
            match (check_sheet(&sheet, today, clerk), notes.is_empty()) {
                (Ok(rows), true) => Ok(rows),
                (Ok(_), false) => Err(notes),
                (Err(errors), _) => Err(merge_by_line(notes, errors)),
            }
        });
        return parsed.map(|r| (r, XLSX)).map_err(|e| (e, XLSX));
    }
    let (text, encoding) = decode_text(bytes);
    match parse(&text, today, clerk) {
        Ok(rows) => Ok((rows, encoding)),
        Err(errors) => Err((errors, encoding)),
    }
}

const XLSX: &str = "Excel 工作簿";

/// An `.xlsx` file is a ZIP archive: it starts with `PK\x03\x04`.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Problems of both lists in row order (each starts with `第 N 行`).
fn merge_by_line(a: Vec<String>, b: Vec<String>) -> Vec<String> {
    let line = |s: &String| -> usize {
        s.strip_prefix("第 ")
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let mut all: Vec<String> = a.into_iter().chain(b).collect();
    all.sort_by_key(line);
    all
}

/// Excel's name of a column: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Digits Excel keeps of a number: an ID number typed into a number cell lost the rest.
const EXCEL_DIGITS: f64 = 1e15;

/// The ledger sheet of an Excel workbook (the sheet named 台账, else the first) as a
/// [`Sheet`] with Excel's row numbers, and the cells that cannot be trusted (an ID number
/// stored as a number has lost its last digits).
pub fn sheet_from_xlsx(bytes: &[u8]) -> Result<(Sheet, Vec<String>), Vec<String>> {
    use calamine::{Data, Reader};
    let unreadable = |e: String| {
        vec![format!(
            "Excel 文件无法读取：{e}。请在 Excel 中另存为 .xlsx 后重试"
        )]
    };
    let mut book =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let names = book.sheet_names();
    let name = names
        .iter()
        .find(|n| n.trim() == "台账")
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| unreadable("工作簿中没有工作表".into()))?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| unreadable(e.to_string()))?;
    let first_row = range.start().map(|(r, _)| r as usize + 1).unwrap_or(1);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let mut notes = Vec::new();
    let rows = range.rows().enumerate().map(|(i, cells)| {
        let line = first_row + i;
        let mut out: Vec<String> = vec![String::new(); first_col];
        for (i, cell) in cells.iter().enumerate() {
            let col = first_col + i;
            out.push(match cell {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < EXCEL_DIGITS => {
                    format!("{f:.0}")
                }
                Data::Float(f) if f.abs() >= EXCEL_DIGITS => {
                    // The value itself is not shown: it is most likely an ID number.
                    notes.push(format!(
                        "第 {line} 行：{} 列是超过 15 位的数字（Excel 只保留 15 位有效数字，身份证号存成数字会丢失末几位）。请把该列设为文本格式，重新录入后再导入",
                        column_letters(col)
                    ));
                    format!("{f:.0}")
                }
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
                Data::DateTime(d) => {
                    let (y, m, day, ..) = d.to_ymd_hms_milli();
                    format!("{y:04}-{m:02}-{day:02}")
                }
                Data::Error(e) => format!("#{e:?}"),
            });
        }
        (line, out)
    });
    let all: Vec<(usize, Vec<String>)> = rows.collect();
    // The header is the first row naming ledger columns: title rows above it are skipped.
    let is_header = |cells: &[String]| {
        REQUIRED
            .iter()
            .filter(|n| cells.iter().any(|c| c.trim() == **n))
            .count()
            >= 3
    };
    let at = all
        .iter()
        .position(|(_, cells)| is_header(cells))
        .or_else(|| {
            all.iter()
                .position(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        })
        .ok_or_else(|| vec![format!("工作表“{name}”是空的")])?;
    let header_line = all[at].0;
    let headers = all[at].1.clone();
    // Notes about cells above the header (a title) do not count.
    notes.retain(|n| {
        n.strip_prefix("第 ")
            .and_then(|r| r.split(' ').next())
            .and_then(|l| l.parse::<usize>().ok())
            .is_some_and(|l| l > header_line)
    });
    let rows: Vec<(usize, Result<Vec<String>, String>)> = all
        .into_iter()
        .skip(at + 1)
        .map(|(line, cells)| (line, Ok(cells)))
        .collect();
    Ok((
        Sheet {
            header_line,
            headers,
            rows,
        },
        notes,
    ))
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

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn excel_column_names() {
        let names: Vec<String> = [0, 2, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(names, ["A", "C", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}
