//! The wall displays: the overdue board and the call display, drawn from a snapshot at the
//! sizes of a small PC screen, a monitor and a wall TV; and the app publishing that snapshot.

mod support;

use chrono::{NaiveDate, NaiveDateTime};
use chuangkou::domain::board::BoardEntry;
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::clock::parse_now;
use chuangkou::domain::queue::Call;
use chuangkou::publish::{self, QueueView, Snapshot, WaitingKind};
use chuangkou::ui::wall::{WallMode, WallState};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use support::{buffer_text, Harness};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn t(s: &str) -> NaiveDateTime {
    parse_now(s).unwrap()
}

const DEPTS: [&str; 4] = ["区住建局", "区人社局", "区城管执法局", "街道办事处"];
const CATS: [&str; 4] = ["城乡建设", "劳动和社会保障", "农村农业", "政法"];
const NAMES: [&str; 5] = ["张*", "李*华", "欧**娜", "王*", "阿*·**提"];

/// `n` clocks spread from 12 days overdue to 40 days ahead of 2026-11-25, one paused and
/// one restricted.
fn entries(n: usize) -> Vec<BoardEntry> {
    (0..n)
        .map(|i| {
            let due = d(11, 13) + chrono::Duration::days(i as i64 * 52 / n.max(1) as i64);
            let restricted = i % 11 == 7;
            BoardEntry {
                case_no: format!("XF-2026-{:06}", 100 + i),
                name: if restricted {
                    String::new()
                } else {
                    NAMES[i % NAMES.len()].into()
                },
                category: CATS[i % CATS.len()].into(),
                clock: ["受理", "办理", "延期", "督办"][i % 4].into(),
                department: if restricted || i % 5 == 0 {
                    String::new()
                } else {
                    DEPTS[i % DEPTS.len()].into()
                },
                due,
                paused_left: (i == n / 2).then_some(9),
                restricted,
                calendar_incomplete: false,
            }
        })
        .collect()
}

fn snapshot(n: usize, written: &str) -> Snapshot {
    Snapshot {
        version: publish::VERSION,
        written_at: t(written),
        unit_name: "某某区信访局".into(),
        open_cases: 57,
        paused_cases: 1,
        entries: entries(n),
        truncated: false,
        queue: QueueView {
            day: Some(d(11, 25)),
            calls: ["V001", "A001", "A002", "B001", "A003"]
                .iter()
                .enumerate()
                .map(|(i, n)| Call {
                    number: n.to_string(),
                    counter: if i % 2 == 0 {
                        "1号窗口"
                    } else {
                        "2号窗口"
                    }
                    .into(),
                    at: t("2026-11-25T09:00") + chrono::Duration::minutes(7 * i as i64),
                    recall: false,
                })
                .collect(),
            waiting: vec![
                WaitingKind {
                    letter: 'V',
                    name: "优先".into(),
                    waiting: 1,
                },
                WaitingKind {
                    letter: 'A',
                    name: "一般来访".into(),
                    waiting: 6,
                },
            ],
        },
    }
}

fn state(mode: WallMode, snap: Snapshot, now: &str, page: usize) -> WallState {
    WallState {
        mode,
        snapshot: Ok(snap),
        now: t(now),
        page,
        page_seconds: 8,
        stale_minutes: 5,
        soon_days: 3,
        calendar: WorkCalendar::builtin(),
        self_built: false,
    }
}

fn render(s: &WallState, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| s.draw(f)).unwrap();
    buffer_text(term.backend().buffer())
}

#[test]
fn board_at_80x24() {
    let s = state(
        WallMode::Board,
        snapshot(30, "2026-11-25T10:00"),
        "2026-11-25T10:01",
        0,
    );
    let text = render(&s, 80, 24);
    assert!(
        text.contains("已逾期") && text.contains("第 1/2 页"),
        "{text}"
    );
    // Most urgent first: the oldest due date leads.
    let first = text.lines().find(|l| l.contains("XF-2026-")).unwrap();
    assert!(
        first.contains("XF-2026-000100") && first.contains("逾期12天"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn board_at_120x40_has_the_department_panel() {
    let s = state(
        WallMode::Board,
        snapshot(30, "2026-11-25T10:00"),
        "2026-11-25T10:01",
        0,
    );
    let text = render(&s, 120, 40);
    assert!(text.contains("承办单位 在办/逾期"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn board_at_240x67_uses_columns_and_big_figures() {
    let s = state(
        WallMode::Board,
        snapshot(120, "2026-11-25T10:00"),
        "2026-11-25T10:01",
        0,
    );
    let text = render(&s, 240, 67);
    // Two lists side by side: case numbers appear twice on one line.
    assert!(
        text.lines().any(|l| l.matches("XF-2026-").count() == 2),
        "{text}"
    );
    // Big digits are drawn with block characters.
    assert!(
        text.contains('█') || text.contains('▀') || text.contains('▄'),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn pages_rotate_and_wrap() {
    let snap = snapshot(30, "2026-11-25T10:00");
    let p0 = render(
        &state(WallMode::Board, snap.clone(), "2026-11-25T10:01", 0),
        80,
        24,
    );
    let p1 = render(
        &state(WallMode::Board, snap.clone(), "2026-11-25T10:01", 1),
        80,
        24,
    );
    let p2 = render(&state(WallMode::Board, snap, "2026-11-25T10:01", 2), 80, 24);
    assert!(p1.contains("第 2/2 页"), "{p1}");
    assert_ne!(p0, p1);
    assert_eq!(p0, p2, "page 3 of 2 wraps to page 1");
    assert!(!p0.contains("XF-2026-000129") && p1.contains("XF-2026-000129"));
}

#[test]
fn a_stale_snapshot_is_announced() {
    let s = state(
        WallMode::Board,
        snapshot(5, "2026-11-25T09:30"),
        "2026-11-25T10:00",
        0,
    );
    let text = render(&s, 80, 24);
    assert!(text.contains("看板数据已 30 分钟未更新"), "{text}");
    let fresh = state(
        WallMode::Board,
        snapshot(5, "2026-11-25T09:58"),
        "2026-11-25T10:00",
        0,
    );
    assert!(!render(&fresh, 80, 24).contains("未更新"));
}

#[test]
fn days_left_move_at_midnight_without_new_data() {
    let snap = snapshot(30, "2026-11-25T23:59");
    let before = render(
        &state(WallMode::Board, snap.clone(), "2026-11-25T23:59", 0),
        80,
        24,
    );
    let after = render(&state(WallMode::Board, snap, "2026-11-26T00:00", 0), 80, 24);
    assert!(
        before.contains("逾期12天") && after.contains("逾期13天"),
        "{after}"
    );
}

#[test]
fn restricted_cases_show_only_number_and_category() {
    let s = state(
        WallMode::Board,
        snapshot(30, "2026-11-25T10:00"),
        "2026-11-25T10:01",
        0,
    );
    let text = render(&s, 120, 40);
    let line = text.lines().find(|l| l.contains("XF-2026-000107")).unwrap();
    assert!(line.contains("不公开") && !line.contains("区"), "{line}");
}

#[test]
fn call_display_at_80x24_and_200x60() {
    let s = state(
        WallMode::Calls,
        snapshot(3, "2026-11-25T10:00"),
        "2026-11-25T10:01",
        0,
    );
    let small = render(&s, 80, 24);
    assert!(small.contains("请 A003 号 到 1号窗口"), "{small}");
    assert!(small.contains("A 一般来访：6"), "{small}");
    assert!(
        !small.contains("张") && !small.contains("XF-2026"),
        "no names, no cases"
    );
    insta::assert_snapshot!("calls_80x24", small);
    let big = render(&s, 200, 60);
    assert!(big.contains("最近叫号") && big.contains("B001"), "{big}");
    insta::assert_snapshot!("calls_200x60", big);
}

#[test]
fn the_app_publishes_a_masked_snapshot_after_each_change() {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    let before = publish::read(h.dir.path()).expect("written at start");
    assert!(before.entries.is_empty());
    h.register("欧阳娜娜", "ldsb", "拖欠工资");
    let snap = publish::read(h.dir.path()).unwrap();
    assert_eq!(snap.open_cases, 1);
    assert_eq!(snap.entries.len(), 1);
    let e = &snap.entries[0];
    assert_eq!((e.name.as_str(), e.clock.as_str()), ("欧**娜", "受理"));
    assert_eq!(e.due, d(12, 10));
    let raw = std::fs::read_to_string(publish::path(h.dir.path())).unwrap();
    assert!(
        !raw.contains("欧阳娜娜") && !raw.contains("拖欠工资"),
        "{raw}"
    );

    // A queue ticket taken and called shows on the call display's data.
    h.press(KeyCode::Esc).press(KeyCode::F(4));
    h.press(KeyCode::Char('a'));
    h.press(KeyCode::F(5));
    let snap = publish::read(h.dir.path()).unwrap();
    assert_eq!(
        snap.queue.calls.last().map(|c| c.number.as_str()),
        Some("A001"),
        "{:?}",
        snap.queue
    );
}
