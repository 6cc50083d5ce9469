//! One key press to a drawn frame: a CJK character typed into the registration form's name
//! field, then the whole 80×24 screen drawn on ratatui's `TestBackend`. Compared with the
//! floor of any frame — ratatui filling every row of the same 80×24 buffer with CJK text — and
//! with a redraw of the same screen without a key.
//!
//! `KEYPRESS_PROBE=N` skips criterion: the app is set up, N characters are typed (each
//! followed by a draw) and the program exits. `scripts/callgrind.sh` counts instructions of
//! N=0 and N>0 to get the instructions of one key press.

mod common;

use chuangkou::ui::app::App;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui::Terminal;
use std::hint::black_box;
use std::time::{Duration, Instant};

const GROUP: &str = "keypress";
const CHARS: [char; 8] = ['张', '王', '建', '国', '买', '提', '阿', '丽'];

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The app on an empty store, at the registration form, with the cursor in 姓名.
fn app_at_form(dir: &std::path::Path) -> (App, Terminal<TestBackend>) {
    let mut app = App::new(common::app_env(dir));
    app.resize(80, 24);
    app.handle_event(key(KeyCode::F(2)));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    (app, term)
}

/// One key press and the frame it causes.
#[inline(never)]
fn press_and_draw(app: &mut App, term: &mut Terminal<TestBackend>, c: char) {
    app.handle_event(key(KeyCode::Char(c)));
    term.draw(|f| app.draw(f)).unwrap();
}

fn probe(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut term) = app_at_form(dir.path());
    for i in 0..n {
        press_and_draw(&mut app, &mut term, CHARS[i % CHARS.len()]);
    }
    black_box(term.backend().buffer().area);
}

fn main() {
    if let Ok(n) = std::env::var("KEYPRESS_PROBE") {
        probe(n.trim().parse().unwrap_or(0));
        return;
    }
    let mut c = common::criterion();
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut term) = app_at_form(dir.path());
    let mut g = c.benchmark_group(GROUP);
    g.bench_function("cjk_key_to_frame", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                let start = Instant::now();
                press_and_draw(&mut app, &mut term, CHARS[i as usize % CHARS.len()]);
                total += start.elapsed();
                // Keep the field short: the next press types into the same state.
                app.handle_event(key(KeyCode::Backspace));
            }
            total
        })
    });
    g.bench_function("redraw_without_key", |b| {
        b.iter(|| term.draw(|f| app.draw(f)).unwrap().area)
    });
    // The floor of any frame: every row of the 80×24 buffer written with CJK text, diffed.
    let line = "登记姓名身份证号联系电话住址".repeat(3);
    let mut bare = Terminal::new(TestBackend::new(80, 24)).unwrap();
    g.bench_function("baseline_bare_frame", |b| {
        b.iter(|| {
            bare.draw(|f| {
                let area = f.area();
                let buf = f.buffer_mut();
                for y in area.top()..area.bottom() {
                    buf.set_stringn(area.x, y, &line, area.width as usize, Style::new());
                }
            })
            .unwrap()
            .area
        })
    });
    g.finish();
    c.final_summary();
    common::report_group(GROUP, "cjk_key_to_frame", "baseline_bare_frame", None);
    common::report_group(GROUP, "redraw_without_key", "baseline_bare_frame", None);
}
