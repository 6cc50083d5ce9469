//! The real app on a TestBackend, driven by keys like the screen tests' harness.

use chuangkou::cli;
use chuangkou::domain::clock::Clock as _;
use chuangkou::publish;
use chuangkou::ui::wall::{WallMode, WallState};
use chuangkou::domain::clock::{parse_now, FixedClock};
use chuangkou::ui::app::{App, Env};
use chuangkou::ui::keymap::Keymap;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Cases of the demo data the screens are shown with (found after generating it).
#[derive(Debug, Clone, Default)]
pub struct Picks {
    /// A visitor seen before with an open case: name and ID number.
    pub repeat_name: String,
    pub repeat_id: String,
    /// This year's sequence number of an open case with a long history.
    pub rich_seq: u32,
    /// This year's sequence number of the case registered this morning (待受理).
    pub today_seq: u32,
}

pub struct Session {
    pub app: App,
    pub term: Terminal<TestBackend>,
    pub clock: FixedClock,
    pub dir: PathBuf,
    pub picks: Picks,
    /// Set by [`Session::wall`]: the frame is a wall display reading the app's snapshot.
    pub wall: Option<WallMode>,
}

/// The app's environment on `dir` (its config.toml, calendar and policy as the app loads
/// them), with `clock` as the time.
pub fn env(dir: &Path, clock: &FixedClock) -> anyhow::Result<Env> {
    let o = cli::open(dir, None, None)?;
    Ok(Env {
        store: o.store,
        clock: Arc::new(clock.clone()),
        calendar: o.calendar,
        policy: o.policy,
        config: o.config,
        keymap: Keymap::default(),
        data_dir: dir.to_path_buf(),
    })
}

impl Session {
    pub fn start(dir: &Path, now: &str, (w, h): (u16, u16), picks: Picks) -> anyhow::Result<Self> {
        let at = parse_now(now).ok_or_else(|| anyhow::anyhow!("bad time {now}"))?;
        let clock = FixedClock::new(at);
        let mut app = App::new(env(dir, &clock)?);
        app.resize(w, h);
        let term = Terminal::new(TestBackend::new(w, h))?;
        Ok(Self {
            app,
            term,
            clock,
            dir: dir.to_path_buf(),
            picks,
            wall: None,
        })
    }

    /// Quits and starts the app again on the same data directory.
    pub fn restart(&mut self) -> anyhow::Result<()> {
        let scratch = tempfile::tempdir()?;
        let placeholder = App::new(env(scratch.path(), &self.clock)?);
        drop(std::mem::replace(&mut self.app, placeholder));
        let size = self.app.size;
        self.app = App::new(env(&self.dir, &self.clock)?);
        self.app.resize(size.width, size.height);
        Ok(())
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.app
            .handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.app.handle_event(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
        self
    }

    /// Types text key by key.
    pub fn type_str(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    /// Text as one paste / IME commit (how Chinese arrives from an input method).
    pub fn paste(&mut self, s: &str) -> &mut Self {
        self.app.handle_event(Event::Paste(s.to_string()));
        self
    }

    pub fn minutes(&mut self, m: i64) -> &mut Self {
        self.clock.advance(chrono::Duration::minutes(m));
        self
    }

    pub fn set_time(&mut self, now: &str) -> &mut Self {
        if let Some(t) = parse_now(now) {
            self.clock.set(t);
        }
        self
    }

    /// From now on the frame is the wall display `mode` (as `chuangkou board [--queue]`
    /// shows it beside this app), reading the snapshot the app wrote.
    pub fn wall(&mut self, mode: WallMode) -> &mut Self {
        self.app.tick();
        self.wall = Some(mode);
        self
    }

    /// Draws a whole frame: the buffer and where the terminal's cursor is (if shown). The
    /// backend is cleared first (TestBackend keeps the half of a replaced wide character).
    pub fn frame(&mut self) -> anyhow::Result<(Buffer, Option<Position>)> {
        self.term.clear()?;
        match self.wall {
            Some(mode) => {
                let env = &self.app.env;
                let state = WallState {
                    mode,
                    snapshot: publish::read(&self.dir).map_err(|e| e.to_string()),
                    now: self.clock.now(),
                    page: 0,
                    page_seconds: env.config.board_page_seconds,
                    stale_minutes: env.config.board_stale_minutes,
                    soon_days: env.config.due_soon_days,
                    calendar: env.calendar.clone(),
                    self_built: false,
                };
                self.term.draw(|f| state.draw(f))?;
            }
            None => {
                let app = &self.app;
                self.term.draw(|f| app.draw(f))?;
            }
        }
        let backend = self.term.backend();
        let cursor = backend.cursor_visible().then(|| backend.cursor_position());
        Ok((backend.buffer().clone(), cursor))
    }

    /// The screen as text (wide characters once), to find where the cursor is.
    pub fn text(&mut self) -> String {
        let Ok((buf, _)) = self.frame() else {
            return String::new();
        };
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut x = 0;
            while x < buf.area.width {
                let sym = buf[(x, y)].symbol();
                out.push_str(sym);
                x += (unicode_width::UnicodeWidthStr::width(sym) as u16).max(1);
            }
            out.push('\n');
        }
        out
    }

    /// The text of the row the cursor is on.
    pub fn cursor_row(&mut self) -> String {
        let Ok((_, Some(p))) = self.frame() else {
            return String::new();
        };
        self.text()
            .lines()
            .nth(p.y as usize)
            .unwrap_or("")
            .to_string()
    }

    /// Tabs forward until the cursor is on the row labelled `label` (at most 30 fields).
    pub fn tab_to(&mut self, label: &str) -> &mut Self {
        for _ in 0..30 {
            if self.cursor_row().contains(label) {
                break;
            }
            self.key(KeyCode::Tab);
        }
        self
    }
}
