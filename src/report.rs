//! Statistics reports (see `docs/统计口径.md`): the figures of a period computed in one pass
//! over the store, rendered as text (to the screen or a printer), CSV (UTF-8 with BOM, or GBK
//! for old Excel) or an Excel workbook with one sheet per table. Text and Excel compare with
//! the previous period. Used by `chuangkou report` and the F7 statistics screen.

use crate::domain::calendar::WorkCalendar;
use crate::domain::stats::{signed, Options, Period, Rate, Stats, StatsBuilder, Tally};
use crate::store::Store;
use anyhow::{anyhow, Context as _};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use std::io::Write;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Txt,
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    Utf8,
    Gbk,
}

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(u64),
    /// A change: `+3`, `-2`, `0`.
    Delta(i64),
    /// A fraction shown as a percentage (0.75 → 75.0%); None when the denominator is 0.
    Pct(Option<f64>),
    /// A number with one decimal (average days).
    Dec(Option<f64>),
    /// A change with one decimal and a sign (percentage points, days).
    DecDelta(Option<f64>),
}

impl Cell {
    /// The text shown in the text report and the CSV (`empty` for a missing number).
    pub fn text(&self, empty: &str) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Delta(n) => signed(*n as f64, 0),
            Cell::Pct(Some(r)) => format!("{:.1}%", r * 100.0),
            Cell::Dec(Some(x)) => format!("{x:.1}"),
            Cell::DecDelta(Some(x)) => signed(*x, 1),
            Cell::Pct(None) | Cell::Dec(None) | Cell::DecDelta(None) => empty.to_string(),
        }
    }
}

/// A labelled figure of the stats, for a table row.
type Figure<T> = (&'static str, fn(&Stats) -> T);
/// A keyed table of the stats: sheet name, first column header, the table.
type Keyed = (
    &'static str,
    &'static str,
    fn(&Stats) -> &Vec<(String, Tally)>,
);

/// One table of the report: a sheet in Excel, a section in text and CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn delta(cur: u64, prev: u64) -> Cell {
    Cell::Delta(cur as i64 - prev as i64)
}

/// The report's tables; with `prev`, each has the previous period's figures beside.
pub fn sheets(cur: &Stats, prev: Option<&Stats>) -> Vec<Sheet> {
    let mut out = vec![summary(cur, prev), rates(cur, prev)];
    let tables: [Keyed; 5] = [
        ("按问题分类", "问题分类", |s| &s.by_category),
        ("按信访目的", "信访目的", |s| &s.by_purpose),
        ("按来访方式", "来访方式", |s| &s.by_mode),
        ("按事发地", "事发地", |s| &s.by_place),
        ("按接待人员", "接待人员", |s| &s.by_clerk),
    ];
    for (name, what, get) in tables {
        out.push(tally_sheet(name, what, get(cur), prev.map(get)));
    }
    out.push(departments(cur));
    out
}

fn summary(cur: &Stats, prev: Option<&Stats>) -> Sheet {
    let figures: [Figure<u64>; 12] = [
        ("新登记件数", |s| s.first.cases),
        ("批次合计", |s| s.total.batches),
        ("人次合计", |s| s.total.people),
        ("初访批次", |s| s.first.batches),
        ("初访人次", |s| s.first.people),
        ("重复访批次", |s| s.repeat.batches),
        ("重复访人次", |s| s.repeat.people),
        ("集体访批次", |s| s.collective.batches),
        ("集体访人次", |s| s.collective.people),
        ("期末在办件数", |s| s.open),
        ("期末超期件数", |s| s.overdue),
        ("期末延期件数", |s| s.extended),
    ];
    let mut header = vec!["项目", "本期"];
    if prev.is_some() {
        header.extend(["上期", "增减"]);
    }
    let rows = figures
        .iter()
        .map(|(label, get)| {
            let mut row = vec![text(label), Cell::Int(get(cur))];
            if let Some(p) = prev {
                row.extend([Cell::Int(get(p)), delta(get(cur), get(p))]);
            }
            row
        })
        .collect();
    Sheet {
        name: "总表",
        header,
        rows,
    }
}

fn rates(cur: &Stats, prev: Option<&Stats>) -> Sheet {
    let list: [Figure<Rate>; 6] = [
        ("及时受理率", |s| s.timely_acceptance),
        ("按期办结率", |s| s.on_time_closure),
        ("满意率（办理结果）", |s| s.satisfaction),
        ("满意率（接待人员）", |s| s.clerk_satisfaction),
        ("一次性化解率", |s| s.one_time_resolution),
        ("平均办理天数", |s| s.handling_days),
    ];
    let mut header = vec!["指标", "本期分子", "本期分母", "本期比率"];
    if prev.is_some() {
        header.extend(["上期分子", "上期分母", "上期比率", "增减"]);
    }
    let rows = list
        .iter()
        .enumerate()
        .map(|(i, (label, get))| {
            let average = i == list.len() - 1;
            let value = |r: Rate| {
                if average {
                    Cell::Dec(r.ratio())
                } else {
                    Cell::Pct(r.ratio())
                }
            };
            let r = get(cur);
            let mut row = vec![text(label), Cell::Int(r.num), Cell::Int(r.den), value(r)];
            if let Some(p) = prev {
                let q = get(p);
                let scale = if average { 1.0 } else { 100.0 };
                let change = r.ratio().zip(q.ratio()).map(|(a, b)| (a - b) * scale);
                row.extend([
                    Cell::Int(q.num),
                    Cell::Int(q.den),
                    value(q),
                    Cell::DecDelta(change),
                ]);
            }
            row
        })
        .collect();
    Sheet {
        name: "比率",
        header,
        rows,
    }
}

fn tally_sheet(
    name: &'static str,
    what: &'static str,
    cur: &[(String, Tally)],
    prev: Option<&Vec<(String, Tally)>>,
) -> Sheet {
    let mut header = vec![what, "新登记件数", "批次", "人次"];
    if prev.is_some() {
        header.push("上期批次");
    }
    let prev_batches = |k: &str| -> u64 {
        prev.and_then(|p| p.iter().find(|(n, _)| n == k))
            .map_or(0, |(_, t)| t.batches)
    };
    let line = |label: String, t: Tally, before: u64| {
        let mut row = vec![
            Cell::Text(label),
            Cell::Int(t.cases),
            Cell::Int(t.batches),
            Cell::Int(t.people),
        ];
        if prev.is_some() {
            row.push(Cell::Int(before));
        }
        row
    };
    let mut rows: Vec<Vec<Cell>> = cur
        .iter()
        .map(|(k, t)| line(k.clone(), *t, prev_batches(k)))
        .collect();
    // Keys only the previous period had, so the comparison misses nothing.
    if let Some(p) = prev {
        for (k, t) in p.iter().filter(|(k, _)| !cur.iter().any(|(n, _)| n == k)) {
            rows.push(line(k.clone(), Tally::default(), t.batches));
        }
    }
    let mut sum = Tally::default();
    cur.iter().for_each(|(_, t)| sum += *t);
    let before = prev.map_or(0, |p| p.iter().map(|(_, t)| t.batches).sum());
    rows.push(line("合计".to_string(), sum, before));
    Sheet { name, header, rows }
}

fn departments(cur: &Stats) -> Sheet {
    let header = vec![
        "承办单位",
        "交办转送次数",
        "办结件数",
        "按期办结件数",
        "按期办结率",
        "期末在办",
        "期末超期",
    ];
    let rows = cur
        .by_department
        .iter()
        .map(|(k, d)| {
            vec![
                Cell::Text(k.clone()),
                Cell::Int(d.routed),
                Cell::Int(d.closed),
                Cell::Int(d.closed_on_time),
                Cell::Pct(Rate::new(d.closed_on_time, d.closed).ratio()),
                Cell::Int(d.open),
                Cell::Int(d.overdue),
            ]
        })
        .collect();
    Sheet {
        name: "按承办单位",
        header,
        rows,
    }
}

/// The lines above every table: unit and period, comparison, and loud calendar warnings.
pub fn title_lines(unit: &str, cur: &Stats, prev: Option<&Stats>) -> Vec<String> {
    let p = cur.period;
    let mut lines = vec![format!("{unit} 信访统计 {}（{}）", p.label(), p.span())];
    let mut note = format!("期末数字截至 {}", cur.as_of);
    if let Some(q) = prev {
        note = format!(
            "对比上期：{}（{}）；{note}",
            q.period.label(),
            q.period.span()
        );
    }
    lines.push(note);
    if let Some(w) = cur.calendar_warning() {
        lines.push(w);
    }
    lines
}

fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// The plain-text report (aligned for a fixed-width font; CJK counts two columns).
pub fn render_txt(unit: &str, cur: &Stats, prev: Option<&Stats>) -> String {
    let mut out = title_lines(unit, cur, prev).join("\n");
    out.push('\n');
    for sheet in sheets(cur, prev) {
        // A line break inside a cell (a place typed over two lines) would break the columns.
        let cells: Vec<Vec<String>> =
            std::iter::once(sheet.header.iter().map(|h| h.to_string()).collect())
                .chain(sheet.rows.iter().map(|r| {
                    r.iter()
                        .map(|c| c.text("—").replace(['\r', '\n'], " "))
                        .collect()
                }))
                .collect();
        let cols = sheet.header.len();
        let widths: Vec<usize> = (0..cols)
            .map(|i| {
                cells
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| c.width()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        out.push_str(&format!("\n【{}】\n", sheet.name));
        for r in &cells {
            let line: Vec<String> = r
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let w = widths.get(i).copied().unwrap_or(0);
                    if i == 0 {
                        pad(c, w)
                    } else {
                        format!("{}{c}", " ".repeat(w.saturating_sub(c.width())))
                    }
                })
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
    }
    out
}

/// The CSV report (no comparison): each table under its name, a blank line between tables.
pub fn render_csv(unit: &str, cur: &Stats) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for line in title_lines(unit, cur, None) {
        w.write_record([line])?;
    }
    for sheet in sheets(cur, None) {
        w.write_record([""])?;
        w.write_record([format!("【{}】", sheet.name)])?;
        w.write_record(&sheet.header)?;
        for r in &sheet.rows {
            w.write_record(r.iter().map(|c| c.text("")))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| anyhow!("{}", e.error()))?;
    Ok(String::from_utf8(bytes)?)
}

/// Display width of a cell's text for an Excel column: CJK counts two, the longest line of a
/// multi-line text counts.
fn excel_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// The Excel workbook: one sheet per table, a title row with the unit and the period.
pub fn render_xlsx(unit: &str, cur: &Stats, prev: Option<&Stats>) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let title_fmt = Format::new().set_bold().set_font_size(14);
    let head_fmt = Format::new()
        .set_bold()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let pct_fmt = Format::new().set_num_format("0.0%");
    let dec_fmt = Format::new().set_num_format("0.0");
    let delta_fmt = Format::new().set_num_format("+0;-0;0");
    let dec_delta_fmt = Format::new().set_num_format("+0.0;-0.0;0.0");
    let wrap_fmt = Format::new().set_text_wrap();
    let plain_fmt = Format::new();
    let titles = title_lines(unit, cur, prev);
    for sheet in sheets(cur, prev) {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.name)?;
        for (r, line) in titles.iter().enumerate() {
            let fmt = if r == 0 { &title_fmt } else { &plain_fmt };
            ws.write_string_with_format(r as u32, 0, line, fmt)?;
        }
        let head_row = titles.len() as u32 + 1;
        let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.width()).collect();
        for (c, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(head_row, c as u16, *h, &head_fmt)?;
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            let r = head_row + 1 + i as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Text(s) if s.contains('\n') => {
                        ws.write_string_with_format(r, col, s, &wrap_fmt)?;
                    }
                    Cell::Text(s) => {
                        ws.write_string(r, col, s)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, col, *n as f64)?;
                    }
                    Cell::Delta(n) => {
                        ws.write_number_with_format(r, col, *n as f64, &delta_fmt)?;
                    }
                    Cell::Pct(Some(x)) => {
                        ws.write_number_with_format(r, col, *x, &pct_fmt)?;
                    }
                    Cell::Dec(Some(x)) => {
                        ws.write_number_with_format(r, col, *x, &dec_fmt)?;
                    }
                    Cell::DecDelta(Some(x)) => {
                        ws.write_number_with_format(r, col, *x, &dec_delta_fmt)?;
                    }
                    Cell::Pct(None) | Cell::Dec(None) | Cell::DecDelta(None) => {}
                }
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(excel_width(&cell.text("")));
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w + 2).clamp(6, 60) as f64)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// Text as bytes in the chosen encoding; true when some character had no GBK code.
pub fn encode(text: &str, encoding: Encoding, bom: bool) -> (Vec<u8>, bool) {
    match encoding {
        Encoding::Utf8 => {
            let mut v = Vec::with_capacity(text.len() + 3);
            if bom {
                v.extend_from_slice("\u{feff}".as_bytes());
            }
            v.extend_from_slice(text.as_bytes());
            (v, false)
        }
        Encoding::Gbk => {
            let (bytes, _, lossy) = encoding_rs::GBK.encode(text);
            (bytes.into_owned(), lossy)
        }
    }
}

/// The figures of `period` and the period before, in one pass over the cases that can count
/// in them: those still open and those active since the earlier period began (or today, for
/// a period in the future). The cases finished before are left unread.
pub fn compute(
    store: &dyn Store,
    calendar: &WorkCalendar,
    today: NaiveDate,
    period: Period,
    opts: Options,
) -> anyhow::Result<(Stats, Stats)> {
    let mut cur = StatsBuilder::new(period, calendar, today, opts);
    let mut prev = StatsBuilder::new(period.previous(), calendar, today, opts);
    let since = period.previous().first_day().min(today);
    let mut failure = None;
    store.for_each_case_counted_since(since, &mut |r| match r {
        Ok(c) => {
            cur.add(&c);
            prev.add(&c);
            true
        }
        Err(e) => {
            failure = Some(e);
            false
        }
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    Ok((cur.finish(), prev.finish()))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it: a reader (Excel) never
/// sees half a file.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp-report");
    let io = || format!("无法写入 {}", path.display());
    let mut f = std::fs::File::create(&tmp).with_context(io)?;
    f.write_all(bytes).with_context(io)?;
    f.sync_all().with_context(io)?;
    std::fs::rename(&tmp, path).with_context(io)?;
    Ok(())
}
