//! The statistics screen, drawn into a `TestBackend` from a state built directly.

mod support;

use chrono::{NaiveDate, NaiveDateTime};
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use chuangkou::domain::life::{Actor, Step};
use chuangkou::domain::policy::Policy;
use chuangkou::domain::stats::{Period, Stats};
use chuangkou::ui::keymap::Action;
use chuangkou::ui::screens::report::{ReportEffect, ReportViewState};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use support::buffer_text;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(9, 0, 0).unwrap()
}

fn case(seq: u32, date: &str, people: u32, category: &str) -> Case {
    let reg = Registration {
        visitor: Visitor {
            name: "王五".into(),
            ..Default::default()
        },
        place: "城东街道".into(),
        people,
        category: category.into(),
        purpose: "申诉求决".into(),
        matter: "诉求".into(),
        opinion: String::new(),
        mode: VisitMode::Visit,
        clerk: "甲".into(),
        at: at(date),
        ticket: None,
    };
    Case::open(
        CaseNo::new(2026, seq),
        reg,
        Policy::national_2022(),
        &WorkCalendar::builtin(),
    )
}

/// October: one visit accepted in time. November: three visits over two categories, one
/// collective; one accepted in time, one late (registered 11-02, due 11-17, accepted 11-20).
fn cases() -> Vec<Case> {
    let cal = WorkCalendar::builtin();
    let head = Actor::everyone("科长");
    let mut a = case(1, "2026-10-12", 1, "劳动和社会保障");
    let accept = |c: &mut Case, day: &str| {
        c.apply(Step::Accept { told: d(day) }, &head, at(day), &cal)
            .unwrap()
    };
    accept(&mut a, "2026-10-13");
    let mut b = case(2, "2026-11-02", 1, "劳动和社会保障");
    accept(&mut b, "2026-11-03");
    let mut c = case(3, "2026-11-02", 6, "城乡建设");
    accept(&mut c, "2026-11-20");
    let e = case(4, "2026-11-09", 2, "城乡建设");
    vec![a, b, c, e]
}

fn today() -> NaiveDate {
    d("2026-11-25")
}

fn compute(p: Period) -> Stats {
    Stats::compute(p, cases().iter(), &WorkCalendar::builtin(), today())
}

fn loaded(p: Period) -> ReportViewState {
    let (mut v, effect) = ReportViewState::new(p, today());
    assert_eq!(effect, ReportEffect::Load(p));
    v.loaded(compute(p), compute(p.previous()));
    v
}

fn screen(v: &ReportViewState, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| v.draw(f, f.area())).unwrap();
    buffer_text(term.backend().buffer())
}

fn line_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?}:\n{screen}"))
}

#[test]
fn main_figures_beside_the_previous_period_at_80x24() {
    let v = loaded(Period::parse("2026-11").unwrap());
    let s = screen(&v, 80, 24);
    assert!(s.contains("2026年11月") && s.contains("月报"), "{s}");
    assert!(s.contains("2026-11-01 至 2026-11-30"), "{s}");
    assert!(
        s.contains("对比上期 2026年10月；期末数字截至 2026-11-25"),
        "{s}"
    );
    // 本期 / 上期 / 增减
    let norm = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(norm(line_with(&s, "人次")).contains("人次 9 1 +8"), "{s}");
    assert!(
        norm(line_with(&s, "集体访批次")).contains("集体访批次 1 0 +1"),
        "{s}"
    );
    assert!(
        norm(line_with(&s, "及时受理率")).contains("及时受理率 50.0% 100.0% -50.0"),
        "{s}"
    );
    assert!(
        norm(line_with(&s, "按期办结率")).contains("按期办结率 — —"),
        "{s}"
    );
    assert!(
        norm(line_with(&s, "期末在办")).contains("期末在办 4 1 +3"),
        "{s}"
    );
    // The last row of the table fits.
    assert!(s.contains("期末延期"), "{s}");
    // The bar chart: 城乡建设 2 batches, then 劳动和社会保障 1, labels in full.
    let chart_a = line_with(&s, "城乡建设");
    let chart_b = line_with(&s, "劳动和社会保障");
    assert!(s.find(chart_a) < s.find(chart_b), "{s}");
    assert!(chart_a.contains('2') && chart_b.contains('1'), "{s}");
    assert!(s.contains("按问题分类（批次）"), "{s}");
    for l in s.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(l) <= 80,
            "line too wide: {l}"
        );
    }
}

#[test]
fn keys_move_between_periods_and_granularities() {
    let nov = Period::parse("2026-11").unwrap();
    let mut v = loaded(nov);
    let oct = Period::parse("2026-10").unwrap();
    assert_eq!(v.update(Action::PeriodPrev), vec![ReportEffect::Load(oct)]);
    assert_eq!(v.period, oct);
    assert!(v.stats.is_none(), "old figures are dropped");
    assert!(screen(&v, 80, 24).contains("正在统计……"));
    // Figures of a period already left are ignored.
    v.loaded(compute(nov), compute(oct));
    assert!(v.stats.is_none());
    v.loaded(compute(oct), compute(oct.previous()));
    assert_eq!(v.stats.as_ref().map(|s| s.total.batches), Some(1));

    assert_eq!(v.update(Action::PeriodNext), vec![ReportEffect::Load(nov)]);
    // December has not started on 2026-11-25.
    assert_eq!(v.update(Action::PeriodNext), vec![]);
    assert_eq!(v.period, nov);

    let mut seen = Vec::new();
    for _ in 0..5 {
        let effects = v.update(Action::PeriodCoarser);
        assert_eq!(effects, vec![ReportEffect::Load(v.period)]);
        seen.push(v.period.to_string());
    }
    assert_eq!(seen, ["2026-Q4", "2026-H2", "2026", "2026-W48", "2026-11"]);
    v.update(Action::PeriodFiner);
    assert_eq!(v.period.to_string(), "2026-W48");
    assert_eq!(v.update(Action::Back), vec![ReportEffect::Leave]);
    assert_eq!(v.update(Action::Help), vec![]);
}

#[test]
fn missing_calendar_is_said_on_screen() {
    let p = Period::parse("2027-01").unwrap();
    let (mut v, _) = ReportViewState::new(p, d("2027-01-20"));
    let cases = cases();
    let cal = WorkCalendar::builtin();
    let s = Stats::compute(p, cases.iter(), &cal, d("2027-01-20"));
    let q = Stats::compute(p.previous(), cases.iter(), &cal, d("2027-01-20"));
    v.loaded(s, q);
    let text = screen(&v, 80, 24);
    assert!(text.contains("2027年没有节假日日历数据"), "{text}");
    assert!(text.contains("本期没有来访。"), "{text}");
}

/// F7 from the running app: this month's figures from the store, PgUp to the month before,
/// Ctrl-E writes an Excel workbook that opens, and the table fits 80×24.
#[test]
fn f7_shows_this_months_figures_and_exports_excel() {
    use ratatui::crossterm::event::KeyCode;
    let mut h = support::Harness::new(80, 24, "2026-11-25T09:30");
    h.register("欧阳娜娜", "ldsb", "拖欠工资");
    h.register("李四", "cxjs", "小区违建");
    h.press(KeyCode::Esc).press(KeyCode::F(7));
    let s = h.screen();
    assert!(s.contains("统计报表") && s.contains("2026年11月"), "{s}");
    let norm = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(norm(line_with(&s, "人次")).contains("人次 2 0 +2"), "{s}");
    assert!(s.contains("期末延期"), "the table fits 80x24: {s}");
    assert!(line_with(&s, "PgUp").contains("上期"), "{s}");
    insta::assert_snapshot!("report_f7_80x24", s);

    h.press(KeyCode::PageUp);
    let s = h.screen();
    assert!(s.contains("2026年10月"), "{s}");
    assert!(norm(line_with(&s, "人次")).contains("人次 0 0 0"), "{s}");
    // Not past the month holding today.
    h.press(KeyCode::PageDown).press(KeyCode::PageDown);
    assert!(h.screen().contains("2026年11月"), "{}", h.screen());

    h.ctrl('e');
    let s = h.screen();
    assert!(s.contains("已导出"), "{s}");
    let path = h.dir.path().join("报表").join("2026年11月统计.xlsx");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert!(!book.sheet_names().is_empty());
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    let text: String = range.rows().flatten().map(|c| format!("{c} ")).collect();
    assert!(text.contains("人次"), "{text}");

    h.press(KeyCode::Esc);
    assert!(!h.screen().contains("统计报表"), "{}", h.screen());
}

/// In the real run loop a report waits for the frame that says it is being computed: a
/// first report on a large store (which builds the activity index) can take seconds.
#[test]
fn the_run_loop_shows_the_report_is_being_computed_first() {
    use ratatui::crossterm::event::KeyCode;
    let mut h = support::Harness::new(80, 24, "2026-11-25T09:30");
    h.register("欧阳娜娜", "ldsb", "拖欠工资");
    h.app.defer_slow = true;
    h.press(KeyCode::Esc).press(KeyCode::F(7));
    let s = h.screen();
    assert!(s.contains("正在统计……") && !s.contains("人次"), "{s}");
    assert!(
        h.app.run_deferred(),
        "the report was left for after the frame"
    );
    let s = h.screen();
    assert!(s.contains("人次") && !s.contains("正在统计……"), "{s}");
    assert!(!h.app.run_deferred(), "nothing left");
    // The next period too.
    h.press(KeyCode::PageUp);
    assert!(h.screen().contains("正在统计……"), "{}", h.screen());
    h.app.run_deferred();
    assert!(h.screen().contains("2026年10月"), "{}", h.screen());
}
