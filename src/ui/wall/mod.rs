//! The wall displays: `chuangkou board` (the overdue board) and `chuangkou board --queue`
//! (the call display). Read only; they never hold the database (sled allows one process):
//! they read the snapshot the app writes after every change and once a minute, and build it
//! themselves from the database only when no app is running.

mod board;
mod calls;

use crate::domain::calendar::WorkCalendar;
use crate::domain::clock::Clock;
use crate::publish::{self, Snapshot};
use crate::ui::theme;
use chrono::{Datelike, NaiveDateTime};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WallMode {
    /// 超期督办看板
    Board,
    /// 叫号屏
    Calls,
}

/// Everything a wall display draws from. Drawing is pure; the loop below changes it.
pub struct WallState {
    pub mode: WallMode,
    pub snapshot: Result<Snapshot, String>,
    pub now: NaiveDateTime,
    /// Turned by the loop every `page_seconds`; the board takes it modulo its page count.
    pub page: usize,
    pub page_seconds: u32,
    pub stale_minutes: u32,
    pub soon_days: u32,
    pub calendar: WorkCalendar,
    /// The snapshot was built by this display from the database (no app running).
    pub self_built: bool,
}

impl WallState {
    pub fn draw(&self, frame: &mut Frame) {
        match &self.snapshot {
            Ok(s) => match self.mode {
                WallMode::Board => board::draw(self, frame, s),
                WallMode::Calls => calls::draw(self, frame, s),
            },
            Err(e) => {
                let area = frame.area();
                let lines = vec![
                    Line::from(Span::styled(" 看板暂无数据", theme::HEADER)),
                    Line::from(""),
                    Line::from(format!(" {e}")),
                    Line::from(""),
                    Line::from(Span::styled(
                        " 窗口程序运行后会自动显示；按 q 退出。",
                        theme::DIM,
                    )),
                ];
                frame.render_widget(
                    Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
                    area,
                );
            }
        }
    }

    /// Minutes since the snapshot was written, when that is longer than allowed.
    pub fn stale_for(&self) -> Option<i64> {
        let s = self.snapshot.as_ref().ok()?;
        let age = publish::age_minutes(s, self.now);
        (age >= self.stale_minutes as i64 && !self.self_built).then_some(age)
    }
}

fn title_height(state: &WallState, _snap: &Snapshot) -> u16 {
    if state.stale_for().is_some() {
        2
    } else {
        1
    }
}

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

fn draw_title(state: &WallState, frame: &mut Frame, area: Rect, snap: &Snapshot, what: &str) {
    let buf = frame.buffer_mut();
    buf.set_style(Rect::new(area.x, area.y, area.width, 1), theme::TITLE);
    buf.set_string(
        area.x,
        area.y,
        format!(" {} · {what}", snap.unit_name),
        theme::TITLE,
    );
    let n = state.now;
    let updated = if state.self_built {
        "（由数据库生成）".to_string()
    } else {
        format!("数据 {} 更新", snap.written_at.format("%H:%M"))
    };
    let right = format!(
        "{} 周{} {}  {updated} ",
        n.format("%Y-%m-%d"),
        WEEKDAYS[n.weekday().num_days_from_monday() as usize],
        n.format("%H:%M"),
    );
    let w = crate::domain::mask::width(&right) as u16;
    if w < area.width {
        buf.set_string(area.right() - w, area.y, &right, theme::TITLE);
    }
    if let Some(age) = state.stale_for() {
        let msg = format!(
            " ⚠ 看板数据已 {}未更新（窗口程序可能已关闭），以下是 {} 的数据 ",
            minutes_text(age),
            snap.written_at.format("%m-%d %H:%M")
        );
        let line = Rect::new(area.x, area.y + 1, area.width, 1);
        buf.set_style(line, theme::OVERDUE);
        buf.set_string(area.x, area.y + 1, msg, theme::OVERDUE);
    }
}

fn minutes_text(m: i64) -> String {
    match m {
        0..=59 => format!("{m} 分钟"),
        60..=1439 => format!("{} 小时 {} 分钟", m / 60, m % 60),
        _ => format!("{} 天", m / 1440),
    }
}

/// Where the display gets its data, and what it needs to rebuild it.
pub struct Source {
    pub data_dir: PathBuf,
    pub cache_bytes: u64,
    pub unit_name: String,
    pub prefix: String,
    pub clock: Arc<dyn Clock>,
    /// The shared PostgreSQL database, when the counters use one (else the data directory's).
    pub database_url: Option<String>,
    /// Ticket kinds, to show the shared queue built from PostgreSQL.
    pub queue_config: crate::domain::queue::QueueConfig,
}

impl Source {
    /// Builds the snapshot from the database when no app holds it. `None` when the app
    /// is running (the directory is locked), which is the normal case.
    fn build_from_db(&self) -> Option<Result<Snapshot, String>> {
        use crate::store::{sled_store::SledStore, PgStore, QueueStore, StoreError};
        if let Some(url) = &self.database_url {
            // A shared database is never locked: the queue is there too.
            let now = self.clock.now();
            let snap = PgStore::connect(url).and_then(|store| {
                let queue = store.load_queue()?.filter(|q| q.day == now.date());
                publish::build(
                    &store,
                    queue.as_ref().map(|q| (q, &self.queue_config)),
                    &self.unit_name,
                    &self.prefix,
                    now,
                )
            });
            return Some(snap.map_err(|e| e.to_string()));
        }
        let store = match SledStore::open_once(&self.data_dir, self.cache_bytes) {
            Ok(s) => s,
            Err(StoreError::Locked { .. }) => return None,
            Err(e) => return Some(Err(e.to_string())),
        };
        let now = self.clock.now();
        // The queue is the app's to publish; from the database only the cases are shown.
        let snap = publish::build(&store, None, &self.unit_name, &self.prefix, now);
        Some(snap.map_err(|e| e.to_string()))
    }
}

/// Runs a wall display full screen until `q`, Esc or F10.
pub fn run(mut state: WallState, source: Source, bell: bool) -> anyhow::Result<()> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("看板需要在终端中运行（标准输出不是终端）");
    }
    let mut terminal = ratatui::try_init().map_err(|e| anyhow::anyhow!("无法初始化终端：{e}"))?;
    let result = (|| -> anyhow::Result<()> {
        let mut seen: Option<SystemTime> = None;
        let mut last_build: Option<Instant> = None;
        let mut page_turned = Instant::now();
        let mut dirty = true;
        let mut last_call = None;
        loop {
            // Re-read the snapshot when its file changes.
            let modified = publish::modified(&source.data_dir);
            if modified != seen || (state.snapshot.is_err() && modified.is_some()) {
                seen = modified;
                let read = publish::read(&source.data_dir).map_err(|e| e.to_string());
                if read.is_ok() || state.snapshot.is_err() {
                    state.snapshot = read;
                    state.self_built = false;
                }
                dirty = true;
            }
            state.now = source.clock.now();
            // No app writing: build from the database, at most once a minute.
            let stale = match &state.snapshot {
                Ok(s) => publish::age_minutes(s, state.now) >= state.stale_minutes as i64,
                Err(_) => true,
            };
            if stale && last_build.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
                last_build = Some(Instant::now());
                if let Some(built) = source.build_from_db() {
                    if built.is_ok() || state.snapshot.is_err() {
                        state.self_built = built.is_ok();
                        state.snapshot = built;
                    }
                }
                dirty = true;
            }
            if page_turned.elapsed() >= Duration::from_secs(state.page_seconds.max(1) as u64) {
                page_turned = Instant::now();
                state.page = state.page.wrapping_add(1);
                dirty = state.mode == WallMode::Board || dirty;
            }
            let newest = state
                .snapshot
                .as_ref()
                .ok()
                .and_then(|s| s.queue.calls.last().cloned());
            if newest != last_call {
                if bell && last_call.is_some() && state.mode == WallMode::Calls {
                    use std::io::Write;
                    let _ = std::io::stdout().write_all(b"\x07");
                }
                last_call = newest;
            }
            if dirty {
                terminal.draw(|f| state.draw(f))?;
                dirty = false;
            }
            // Wake once a second: the clock in the title, the file check, the page timer.
            if event::poll(Duration::from_secs(1))? {
                match event::read()? {
                    Event::Key(k) if k.kind == KeyEventKind::Press => match k.code {
                        KeyCode::Char('q') | KeyCode::Esc | KeyCode::F(10) => break,
                        KeyCode::Right | KeyCode::PageDown | KeyCode::Char(' ') => {
                            state.page = state.page.wrapping_add(1);
                            page_turned = Instant::now();
                        }
                        KeyCode::Left | KeyCode::PageUp => {
                            state.page = state.page.saturating_sub(1);
                            page_turned = Instant::now();
                        }
                        _ => {}
                    },
                    Event::Resize(..) => {}
                    _ => continue,
                }
                dirty = true;
            }
            // The title shows minutes (and days left change at midnight): redraw when the
            // minute turns.
            if source.clock.now().format("%d%H%M").to_string()
                != state.now.format("%d%H%M").to_string()
            {
                dirty = true;
            }
        }
        Ok(())
    })();
    ratatui::restore();
    result
}
