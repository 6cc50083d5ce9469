//! Test harness: an app on a throw-away store with a fixed clock, driven by key presses,
//! rendered into ratatui's `TestBackend`.
#![allow(dead_code)]

pub mod pg;
pub mod tmux;

use chuangkou::config::Config;
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::clock::{parse_now, FixedClock};
use chuangkou::domain::policy::Policy;
use chuangkou::store::SledStore;
use chuangkou::ui::app::{App, Env};
use chuangkou::ui::keymap::Keymap;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

pub struct Harness {
    pub app: App,
    pub term: Terminal<TestBackend>,
    pub clock: FixedClock,
    pub dir: tempfile::TempDir,
}

pub fn env_at(dir: &std::path::Path, clock: FixedClock) -> Env {
    let store = SledStore::open(dir, 4 * 1024 * 1024).expect("open store");
    env_with(dir, clock, Box::new(store))
}

/// An app environment on any store (the data directory still holds config and notices).
pub fn env_with(
    dir: &std::path::Path,
    clock: FixedClock,
    store: Box<dyn chuangkou::store::Store>,
) -> Env {
    Env {
        store,
        clock: Arc::new(clock),
        calendar: WorkCalendar::builtin(),
        policy: Policy::national_2022(),
        config: Config::default(),
        keymap: Keymap::default(),
        data_dir: dir.to_path_buf(),
    }
}

impl Harness {
    /// An app on `store` instead of a sled store in the harness's directory.
    pub fn on_store(w: u16, h: u16, now: &str, store: Box<dyn chuangkou::store::Store>) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = FixedClock::new(parse_now(now).expect("valid now"));
        let mut app = App::new(env_with(dir.path(), clock.clone(), store));
        app.resize(w, h);
        let term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        Self {
            app,
            term,
            clock,
            dir,
        }
    }

    pub fn new(w: u16, h: u16, now: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = FixedClock::new(parse_now(now).expect("valid now"));
        let mut app = App::new(env_at(dir.path(), clock.clone()));
        app.publish_pending(); // as the run loop does after the first frame
        app.resize(w, h);
        let term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        Self {
            app,
            term,
            clock,
            dir,
        }
    }

    /// Quits and starts the app again on the same data directory (sled releases its lock
    /// when the old app is dropped).
    /// Registers a visitor with just a name, a category (typed as pinyin initials) and a
    /// matter, from wherever the app is; leaves the saved case on screen.
    pub fn register(&mut self, name: &str, category: &str, matter: &str) -> &mut Self {
        self.press(KeyCode::F(2));
        self.paste(name).press(KeyCode::Tab);
        for _ in 0..30 {
            let y = self.cursor().1;
            if self.row(y).contains("问题分类") {
                break;
            }
            self.press(KeyCode::Tab);
        }
        self.type_str(category)
            .press(KeyCode::Tab)
            .press(KeyCode::Tab);
        self.paste(matter);
        self.ctrl('s');
        assert!(self.screen().contains("已保存"), "{}", self.screen());
        self
    }

    pub fn restart(&mut self) -> &mut Self {
        let scratch = tempfile::tempdir().expect("tempdir");
        let placeholder = App::new(env_at(scratch.path(), self.clock.clone()));
        drop(std::mem::replace(&mut self.app, placeholder));
        let (w, h) = (self.app.size.width, self.app.size.height);
        self.app = App::new(env_at(self.dir.path(), self.clock.clone()));
        self.app.publish_pending();
        self.app.resize(w, h);
        self
    }

    pub fn press(&mut self, code: KeyCode) -> &mut Self {
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

    /// Types text key by key (as a keyboard would).
    pub fn type_str(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            self.press(KeyCode::Char(c));
        }
        self
    }

    /// Sends text as one paste / IME commit.
    pub fn paste(&mut self, s: &str) -> &mut Self {
        self.app.handle_event(Event::Paste(s.to_string()));
        self
    }

    /// Draws a whole frame. The backend is cleared first: `TestBackend` does not blank the
    /// cell behind a wide character the way a terminal does, so a diffed frame could show
    /// stale halves of earlier screens that a real terminal never shows.
    pub fn draw(&mut self) -> &mut Self {
        self.term.clear().expect("clear");
        let app = &self.app;
        self.term.draw(|f| app.draw(f)).expect("draw");
        self
    }

    /// The screen as text, one line per row, wide characters counted once.
    pub fn screen(&mut self) -> String {
        self.draw();
        buffer_text(self.term.backend().buffer())
    }

    pub fn cursor(&mut self) -> (u16, u16) {
        self.draw();
        let p = self.term.get_cursor_position().expect("cursor");
        (p.x, p.y)
    }

    /// The text of screen row `y`.
    pub fn row(&mut self, y: u16) -> String {
        self.screen()
            .lines()
            .nth(y as usize)
            .unwrap_or("")
            .to_string()
    }
}

pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x += (sym.width() as u16).max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Display column where `needle` starts in `line` (CJK = 2 columns).
pub fn col_of(line: &str, needle: &str) -> Option<u16> {
    line.find(needle).map(|i| line[..i].width() as u16)
}
