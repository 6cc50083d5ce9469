//! Random sessions at the keyboard: key presses (letters, CJK, F1–F12, Tab, Enter, Esc,
//! arrows, Backspace, Ctrl-S, other Ctrl keys), pastes (CJK, emoji, combining marks, control
//! characters, 10,000-character strings) and resizes (down to 0×0) fed into the app, which is
//! drawn after every event. The app must never panic and every draw must succeed. Half the
//! sessions run on a store with demo cases, so lists, case views and step menus have content.

mod support;

use chuangkou::cli::{clock_from, demo, Opened};
use chuangkou::config::Config;
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::clock::{parse_now, FixedClock};
use chuangkou::domain::policy::Policy;
use chuangkou::store::SledStore;
use chuangkou::ui::app::App;
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const NOW: &str = "2026-11-25T09:30";

#[derive(Debug, Clone)]
enum Ev {
    Key(KeyCode, KeyModifiers),
    Release(KeyCode),
    Paste(String),
    Resize(u16, u16),
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => prop::char::range('a', 'z').prop_map(KeyCode::Char),
        2 => prop::char::range('0', '9').prop_map(KeyCode::Char),
        3 => prop::sample::select(vec!['王', '张', '国', '是', '否', '中', '。', '，', 'Ｘ', '１'])
            .prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
        4 => (1u8..=12).prop_map(KeyCode::F),
        6 => prop::sample::select(vec![
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Char(' '),
            KeyCode::Char('y'),
            KeyCode::Char('n'),
        ]),
    ]
}

/// Text as it arrives from a paste or an IME commit.
fn paste_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[一-龥，。、：；！？“”（）]{0,40}",
        "[0-9Xx０-９ \u{3000}-]{0,24}",
        "[😀-🙏👨‍👩‍👧🇨🇳\u{200d}\u{fe0f}]{0,12}",
        "([aeiou一-龥][\u{0300}-\u{036f}\u{20dd}]{0,4}){0,12}",
        "[\\x00-\\x1f\\x7f\u{85}\u{2028}\u{2029}\u{202e}\t\r\n]{0,16}",
        any::<String>(),
        (
            prop::sample::select(vec!["字", "a", "😀", "e\u{301}", "\n", "\t", "中文 "]),
            1000usize..=10_000,
        )
            .prop_map(|(s, n)| s.repeat(n).chars().take(n).collect()),
    ]
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        3 => prop::sample::select(vec![(80, 24), (10, 3), (1, 1), (0, 0), (120, 40), (40, 12), (200, 60)]),
        2 => (0u16..30, 0u16..10),
        1 => (0u16..300, 0u16..100),
    ]
}

fn event() -> impl Strategy<Value = Ev> {
    prop_oneof![
        12 => (key_code(), Just(KeyModifiers::NONE)).prop_map(|(c, m)| Ev::Key(c, m)),
        2 => Just(Ev::Key(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        1 => (prop::char::range('a', 'z'), prop::sample::select(vec![
                KeyModifiers::CONTROL,
                KeyModifiers::ALT,
                KeyModifiers::SHIFT,
            ]))
            .prop_map(|(c, m)| Ev::Key(KeyCode::Char(c), m)),
        1 => key_code().prop_map(Ev::Release),
        2 => paste_text().prop_map(Ev::Paste),
        1 => size().prop_map(|(w, h)| Ev::Resize(w, h)),
    ]
}

/// A data directory with a few demo cases at every stage, made once and copied per session.
fn seeded_template() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("data");
        let store = SledStore::open(&path, 4 * 1024 * 1024).unwrap();
        let o = Opened {
            store: Box::new(store),
            config: Config::default(),
            calendar: WorkCalendar::builtin(),
            policy: Policy::national_2022(),
            clock: clock_from(Some(NOW)).unwrap(),
            dir: path.clone(),
        };
        demo::generate(&o, 40, 7).unwrap();
        drop(o);
        (tmp, path)
    });
    path
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn run_session(seeded: bool, start: (u16, u16), events: &[Ev]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    if seeded {
        copy_dir(seeded_template(), &dir);
    }
    let clock = FixedClock::new(parse_now(NOW).unwrap());
    let mut app = App::new(support::env_at(&dir, clock));
    let (w, h) = start;
    app.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    for ev in events {
        match ev {
            Ev::Key(code, mods) => app.handle_event(Event::Key(KeyEvent::new(*code, *mods))),
            Ev::Release(code) => {
                let mut k = KeyEvent::new(*code, KeyModifiers::NONE);
                k.kind = KeyEventKind::Release;
                app.handle_event(Event::Key(k));
            }
            Ev::Paste(s) => app.handle_event(Event::Paste(s.clone())),
            Ev::Resize(w, h) => {
                term.backend_mut().resize(*w, *h);
                app.handle_event(Event::Resize(*w, *h));
            }
        }
        if app.quit {
            // F10 quits; a real terminal would be gone. Carry on as if restarted in place.
            app.quit = false;
        }
        term.draw(|f| app.draw(f)).unwrap();
    }
}

proptest! {
    // PROPTEST_CASES=2000 for a longer hunt.
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_never_panic(
        seeded in any::<bool>(),
        start in size(),
        events in prop::collection::vec(event(), 1..80),
    ) {
        run_session(seeded, start, &events);
    }
}

/// The paths random sessions reach only by luck, walked on purpose: a long paste into every
/// registration field, then tiny screens on every main view.
#[test]
fn long_pastes_and_tiny_screens_on_every_view() {
    let long: String = "中文😀e\u{301}\u{0}\t".repeat(1700);
    let mut events = vec![Ev::Key(KeyCode::F(2), KeyModifiers::NONE)];
    for _ in 0..18 {
        events.push(Ev::Paste(long.clone()));
        events.push(Ev::Key(KeyCode::Tab, KeyModifiers::NONE));
    }
    events.push(Ev::Key(KeyCode::Char('s'), KeyModifiers::CONTROL));
    for view in [3u8, 4, 9, 2] {
        events.push(Ev::Key(KeyCode::Esc, KeyModifiers::NONE));
        events.push(Ev::Key(KeyCode::Char('y'), KeyModifiers::NONE));
        events.push(Ev::Key(KeyCode::F(view), KeyModifiers::NONE));
        events.push(Ev::Key(KeyCode::Enter, KeyModifiers::NONE));
        for (w, h) in [(10, 3), (1, 1), (0, 0), (3, 10), (80, 24)] {
            events.push(Ev::Resize(w, h));
            events.push(Ev::Key(KeyCode::Down, KeyModifiers::NONE));
        }
    }
    run_session(true, (80, 24), &events);
    run_session(false, (10, 3), &events);
}
