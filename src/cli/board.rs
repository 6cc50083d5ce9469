//! `chuangkou board [--queue]`: the wall displays. They read the app's snapshot and never
//! hold the database, so they run beside the app on the same data directory.

use crate::config::Config;
use crate::domain::calendar::WorkCalendar;
use crate::ui::wall::{self, Source, WallMode, WallState};
use anyhow::anyhow;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    dir: &Path,
    now: Option<&str>,
    db: Option<&str>,
    queue: bool,
) -> anyhow::Result<ExitCode> {
    let config = Config::load(dir).map_err(|e| anyhow!(e))?;
    let calendar = WorkCalendar::load_dir(&dir.join("calendar")).map_err(|e| anyhow!("{e}"))?;
    let clock = super::clock_from(now)?;
    let mode = if queue {
        WallMode::Calls
    } else {
        WallMode::Board
    };
    let state = WallState {
        mode,
        snapshot: Err("正在读取看板数据…".into()),
        now: clock.now(),
        page: 0,
        page_seconds: config.board_page_seconds,
        stale_minutes: config.board_stale_minutes,
        soon_days: config.due_soon_days,
        calendar,
        self_built: false,
    };
    let source = Source {
        data_dir: dir.to_path_buf(),
        cache_bytes: config.cache_bytes(),
        unit_name: config.unit_name.clone(),
        prefix: config.case_prefix.clone(),
        clock,
        database_url: super::database_url(db, &config),
        queue_config: config.queue.clone(),
    };
    wall::run(state, source, queue && config.call_bell)?;
    Ok(ExitCode::SUCCESS)
}
