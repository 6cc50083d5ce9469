//! `chuangkou report --period P`: a period's statistics to the screen or a file.

use super::Opened;
use crate::domain::stats::{Options, Period};
use crate::report::{compute, encode, render_csv, render_txt, render_xlsx, write_file};
use crate::report::{Encoding, ReportFormat};
use anyhow::anyhow;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// What `chuangkou report` was asked for.
pub struct Request<'a> {
    pub period: Period,
    pub format: ReportFormat,
    pub out: Option<&'a Path>,
    pub encoding: Encoding,
    pub opts: Options,
}

pub fn run(o: &Opened, req: Request) -> anyhow::Result<ExitCode> {
    if req.format == ReportFormat::Xlsx && req.out.is_none() {
        return Err(anyhow!(
            "Excel 格式须用 --out 指定文件，例如 --out {}统计.xlsx",
            req.period.label()
        ));
    }
    let (cur, prev) = compute(
        o.store.as_ref(),
        &o.calendar,
        o.clock.today(),
        req.period,
        req.opts,
    )?;
    let unit = o.config.unit_name.as_str();
    let (bytes, lossy) = match req.format {
        ReportFormat::Txt => encode(&render_txt(unit, &cur, Some(&prev)), req.encoding, false),
        ReportFormat::Csv => encode(&render_csv(unit, &cur)?, req.encoding, true),
        ReportFormat::Xlsx => (render_xlsx(unit, &cur, Some(&prev))?, false),
    };
    if lossy {
        eprintln!("注意：部分字符无法用 GBK 表示，已写成 &#编号; 的形式；如需原样显示请用 --encoding utf8。");
    }
    match req.out {
        Some(path) => {
            write_file(path, &bytes)?;
            eprintln!("已生成{}统计报表：{}", cur.period.label(), path.display());
            if let Some(w) = cur.calendar_warning() {
                eprintln!("{w}");
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
