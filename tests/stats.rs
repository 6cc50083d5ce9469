//! Statistics: period parsing, figures of a small hand-built data set (every expected number
//! worked out by hand below), the report command's CSV / XLSX / text output.

use chrono::{NaiveDate, NaiveDateTime};
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use chuangkou::domain::life::{Actor, OpinionKind, RouteMode, Satisfaction, Step};
use chuangkou::domain::policy::Policy;
use chuangkou::domain::stats::{
    DeptTally, Granularity, Options, Period, Rate, Stats, Tally, NOT_ROUTED,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

// ---------------------------------------------------------------------------------------
// Periods

#[test]
fn periods_parse_with_their_days_and_labels() {
    let cases = [
        ("2026-W47", "2026-11-16", "2026-11-22", "2026年第47周"),
        ("2026-W01", "2025-12-29", "2026-01-04", "2026年第1周"),
        ("2026-W53", "2026-12-28", "2027-01-03", "2026年第53周"),
        ("2026-11", "2026-11-01", "2026-11-30", "2026年11月"),
        ("2026-02", "2026-02-01", "2026-02-28", "2026年2月"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024年2月"),
        ("2026-Q3", "2026-07-01", "2026-09-30", "2026年第三季度"),
        ("2026-Q4", "2026-10-01", "2026-12-31", "2026年第四季度"),
        ("2026-H1", "2026-01-01", "2026-06-30", "2026年上半年"),
        ("2026-H2", "2026-07-01", "2026-12-31", "2026年下半年"),
        ("2026", "2026-01-01", "2026-12-31", "2026年"),
        (
            "2026-11-01..2026-11-30",
            "2026-11-01",
            "2026-11-30",
            "2026年11月1日至2026年11月30日",
        ),
    ];
    for (text, first, last, label) in cases {
        let per = p(text);
        assert_eq!(per.first_day(), d(first), "{text}");
        assert_eq!(per.last_day(), d(last), "{text}");
        assert_eq!(per.label(), label, "{text}");
        assert_eq!(per.to_string(), text, "{text}");
        assert_eq!(p(&per.to_string()), per);
    }
    // Written loosely: lower case, spaces, one-digit month.
    assert_eq!(p(" 2026-w47 "), p("2026-W47"));
    assert_eq!(
        p("2026-q3"),
        Period::Quarter {
            year: 2026,
            quarter: 3
        }
    );
    assert_eq!(
        p("2026-3"),
        Period::Month {
            year: 2026,
            month: 3
        }
    );
}

#[test]
fn bad_periods_are_named_in_chinese() {
    for bad in [
        "",
        "abc",
        "26-11",
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-H3",
        "2026-W00",
        "2025-W53",
        "2026-11-30..2026-11-01",
        "2026-11-01..",
        "2026-11-31",
    ] {
        let e = Period::parse(bad).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("统计期间"), "{bad}: {msg}");
        assert!(msg.contains("2026-W47（周）"), "{bad}: {msg}");
    }
    let e = Period::parse("2025-W53").unwrap_err();
    assert!(e.reason.contains("2025 年没有第 53 周"), "{}", e.reason);
}

#[test]
fn previous_and_next_periods() {
    assert_eq!(p("2026-11").previous(), p("2026-10"));
    assert_eq!(p("2026-01").previous(), p("2025-12"));
    assert_eq!(p("2026-12").next(), p("2027-01"));
    assert_eq!(p("2026-W01").previous(), p("2025-W52"));
    assert_eq!(p("2026-W53").next(), p("2027-W01"));
    assert_eq!(p("2026-Q1").previous(), p("2025-Q4"));
    assert_eq!(p("2026-Q3").previous(), p("2026-Q2"));
    assert_eq!(p("2026-H1").previous(), p("2025-H2"));
    assert_eq!(p("2026-H2").previous(), p("2026-H1"));
    assert_eq!(p("2026").previous(), p("2025"));
    // A range: the same number of days just before / after.
    assert_eq!(
        p("2026-11-01..2026-11-30").previous(),
        p("2026-10-02..2026-10-31")
    );
    assert_eq!(
        p("2026-11-01..2026-11-30").next(),
        p("2026-12-01..2026-12-30")
    );
    for g in Granularity::ALL {
        let per = Period::containing(g, d("2026-01-01"));
        assert!(per.contains(d("2026-01-01")), "{per}");
        assert_eq!(per.next().previous(), per);
        assert_eq!(g.next().prev(), g);
    }
    assert_eq!(
        Period::containing(Granularity::Week, d("2026-01-01")),
        p("2026-W01")
    );
    assert_eq!(Granularity::Year.next(), Granularity::Week);
}

// ---------------------------------------------------------------------------------------
// The hand-built data set (national policy, 2026 calendar; today 2026-12-10).
//
// A  reg 09-30 劳动和社会保障/申诉求决 城东街道 甲 走访 1人; 受理 10-08 (due 10-15);
//    open, handling due 12-07.
// B  reg 11-02 劳动和社会保障/申诉求决 城东街道 甲 走访 1人; 受理 11-03 (due 11-17); 交办
//    区人社局 11-04; 意见 11-20; 送达 11-21; 评价 满意/满意 11-21; 办结 11-23.
//    Handling due 2027-01-04 (2027 has no calendar: flagged). 17 handling days.
// C  reg 11-05 城乡建设/申诉求决 西湖村 乙 走访 8人 (集体访); 受理 11-06 (due 11-20); 协调
//    区住建局 11-09; 重复访 11-16 6人 by 乙; open.
// D  reg 11-10 环境保护/建议意见 "城南\n工业园" 甲 来信 1人; 不予受理 told 11-30 (due 11-25:
//    late).
// E  reg 10-12 劳动和社会保障/申诉求决 城东街道 乙 走访 2人; 受理 10-13 (due 10-27); 交办
//    区人社局 10-14; 延期 30 天 approved 11-10 (handling due 12-14 → 2027-01-13); 意见 11-25;
//    送达 11-26; 评价 不满意/基本满意 11-26; 办结 11-27; 复查申请 12-01. 43 handling days.
// F  reg 10-20 国土资源/申诉求决 西湖村 甲 电话 1人; 受理 10-21 (due 11-04); 转送
//    区自然资源局 10-22; 延期 20 天 approved 11-12; 重复访 11-18 1人 by 甲; open.
// G  reg 08-20 民政/申诉求决 城东街道 乙 走访 1人; 受理 08-21 (due 09-04); 交办 区民政局
//    08-24; open, handling due 10-20: overdue from 10-21.
// H  reg 11-27 城乡建设/检举控告 西湖村 乙 走访 5人 (集体访 at the threshold); open.
// I  reg 11-03 教育/建议意见 城北 甲 网上 1人; 受理 11-04; 暂停 11-10 (听证); open.
// J  reg 12-02 其他/建议意见 城东街道 甲 走访 1人; open.

/// `spec`: date|people|category|purpose|place|clerk|mode (mode as labelled: 走访, 来信…).
fn open(seq: u32, spec: &str) -> Case {
    let f: Vec<&str> = spec.split('|').collect();
    let reg = Registration {
        visitor: Visitor {
            name: format!("来访人{seq}"),
            ..Default::default()
        },
        place: f[4].into(),
        people: f[1].parse().unwrap(),
        category: f[2].into(),
        purpose: f[3].into(),
        matter: "诉求".into(),
        opinion: String::new(),
        mode: VisitMode::from_label(f[6]).unwrap(),
        clerk: f[5].into(),
        at: at(f[0]),
        ticket: None,
    };
    Case::open(
        CaseNo::new(2026, seq),
        reg,
        Policy::national_2022(),
        &WorkCalendar::builtin(),
    )
}

fn step(c: &mut Case, s: Step, date: &str) {
    let desc = format!("{s:?}");
    c.apply(
        s,
        &Actor::everyone("科长"),
        at(date),
        &WorkCalendar::builtin(),
    )
    .unwrap_or_else(|e| panic!("{desc}: {e}"));
}

fn accept(c: &mut Case, date: &str) {
    step(c, Step::Accept { told: d(date) }, date);
}

fn route(c: &mut Case, mode: RouteMode, lead: &str, date: &str) {
    let co = if mode == RouteMode::Coordinate {
        vec!["区自然资源局".to_string()]
    } else {
        vec![]
    };
    step(
        c,
        Step::Route {
            mode,
            lead: lead.into(),
            co,
            slip: 1,
        },
        date,
    );
}

fn extend(c: &mut Case, days: u32, date: &str) {
    step(
        c,
        Step::RequestExtension {
            reason: "需现场核查".into(),
            days,
        },
        date,
    );
    step(c, Step::ApproveExtension, date);
}

/// Opinion, delivery, evaluation and closure.
fn finish(
    c: &mut Case,
    opinion: &str,
    delivered: &str,
    about_case: Satisfaction,
    about_clerk: Satisfaction,
    closed: &str,
) {
    step(
        c,
        Step::Opinion {
            kind: OpinionKind::Support,
            date: d(opinion),
        },
        opinion,
    );
    step(c, Step::Delivered { date: d(delivered) }, delivered);
    step(
        c,
        Step::Evaluate {
            case: about_case,
            clerk: about_clerk,
        },
        delivered,
    );
    step(
        c,
        Step::Close {
            override_reason: None,
        },
        closed,
    );
}

pub fn data_set() -> Vec<Case> {
    let mut a = open(1, "2026-09-30|1|劳动和社会保障|申诉求决|城东街道|甲|走访");
    accept(&mut a, "2026-10-08");

    let mut b = open(2, "2026-11-02|1|劳动和社会保障|申诉求决|城东街道|甲|走访");
    accept(&mut b, "2026-11-03");
    route(&mut b, RouteMode::Assign, "区人社局", "2026-11-04");
    finish(
        &mut b,
        "2026-11-20",
        "2026-11-21",
        Satisfaction::Satisfied,
        Satisfaction::Satisfied,
        "2026-11-23",
    );

    let mut c = open(3, "2026-11-05|8|城乡建设|申诉求决|西湖村|乙|走访");
    accept(&mut c, "2026-11-06");
    route(&mut c, RouteMode::Coordinate, "区住建局", "2026-11-09");
    c.add_repeat_visit(at("2026-11-16"), "乙", 6, "催办", None);

    let mut dd = open(4, "2026-11-10|1|环境保护|建议意见|城南\n工业园|甲|来信");
    step(
        &mut dd,
        Step::Reject {
            reason: "属法院管辖".into(),
            redirect: "区人民法院".into(),
            told: d("2026-11-30"),
        },
        "2026-11-30",
    );

    let mut e = open(5, "2026-10-12|2|劳动和社会保障|申诉求决|城东街道|乙|走访");
    accept(&mut e, "2026-10-13");
    route(&mut e, RouteMode::Assign, "区人社局", "2026-10-14");
    extend(&mut e, 30, "2026-11-10");
    finish(
        &mut e,
        "2026-11-25",
        "2026-11-26",
        Satisfaction::Unsatisfied,
        Satisfaction::Basically,
        "2026-11-27",
    );
    step(
        &mut e,
        Step::RequestReview {
            date: d("2026-12-01"),
            late_override: None,
        },
        "2026-12-01",
    );

    let mut f = open(6, "2026-10-20|1|国土资源|申诉求决|西湖村|甲|电话");
    accept(&mut f, "2026-10-21");
    route(&mut f, RouteMode::Transfer, "区自然资源局", "2026-10-22");
    extend(&mut f, 20, "2026-11-12");
    f.add_repeat_visit(at("2026-11-18"), "甲", 1, "询问进度", None);

    let mut g = open(7, "2026-08-20|1|民政|申诉求决|城东街道|乙|走访");
    accept(&mut g, "2026-08-21");
    route(&mut g, RouteMode::Assign, "区民政局", "2026-08-24");

    let h = open(8, "2026-11-27|5|城乡建设|检举控告|西湖村|乙|走访");

    let mut i = open(9, "2026-11-03|1|教育|建议意见|城北|甲|网上");
    accept(&mut i, "2026-11-04");
    step(
        &mut i,
        Step::Pause {
            reason: "听证".into(),
            left: vec![],
            from: None,
        },
        "2026-11-10",
    );

    let j = open(10, "2026-12-02|1|其他|建议意见|城东街道|甲|走访");
    vec![a, b, c, dd, e, f, g, h, i, j]
}

fn today() -> NaiveDate {
    d("2026-12-10")
}

fn stats(period: &str) -> Stats {
    let cases = data_set();
    Stats::compute(p(period), cases.iter(), &WorkCalendar::builtin(), today())
}

fn t(cases: u64, batches: u64, people: u64) -> Tally {
    Tally {
        cases,
        batches,
        people,
    }
}

fn row<T: Copy>(table: &[(String, T)], k: &str) -> T {
    table
        .iter()
        .find(|(name, _)| name == k)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| {
            panic!(
                "no row {k:?} in {:?}",
                table.iter().map(|r| &r.0).collect::<Vec<_>>()
            )
        })
}

fn names<T>(table: &[(String, T)]) -> Vec<&str> {
    table.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn november_by_hand() {
    let s = stats("2026-11");
    assert_eq!(s.as_of, d("2026-11-30"));
    // Visits in November: B 1, C 8, C again 6, D 1, F again 1, H 5, I 1.
    assert_eq!(s.total, t(5, 7, 23));
    assert_eq!(s.first, t(5, 5, 16));
    assert_eq!(s.repeat, t(0, 2, 7));
    // 5 people or more: C 8, C again 6, H 5.
    assert_eq!(s.collective, t(2, 3, 19));

    assert_eq!(
        names(&s.by_category),
        ["城乡建设", "劳动和社会保障", "国土资源", "教育", "环境保护"]
    );
    assert_eq!(row(&s.by_category, "城乡建设"), t(2, 3, 19));
    assert_eq!(row(&s.by_category, "国土资源"), t(0, 1, 1));
    assert_eq!(row(&s.by_purpose, "申诉求决"), t(2, 4, 16));
    assert_eq!(row(&s.by_purpose, "建议意见"), t(2, 2, 2));
    assert_eq!(row(&s.by_purpose, "检举控告"), t(1, 1, 5));
    assert_eq!(row(&s.by_mode, "走访"), t(3, 5, 21));
    assert_eq!(row(&s.by_mode, "来信"), t(1, 1, 1));
    assert_eq!(row(&s.by_mode, "网上"), t(1, 1, 1));
    assert_eq!(s.by_mode.len(), 3);
    assert_eq!(row(&s.by_place, "西湖村"), t(2, 4, 20));
    assert_eq!(row(&s.by_place, "城南\n工业园"), t(1, 1, 1));
    assert_eq!(row(&s.by_clerk, "甲"), t(3, 4, 4));
    assert_eq!(row(&s.by_clerk, "乙"), t(2, 3, 19));

    // Decided in November: B, C, I in time; D refused on 11-30, due 11-25.
    assert_eq!(s.timely_acceptance, Rate::new(3, 4));
    // Closed in November: B and E, both before their handling deadline.
    assert_eq!(s.on_time_closure, Rate::new(2, 2));
    // E's review request came on 12-01, after the end of November.
    assert_eq!(s.one_time_resolution, Rate::new(2, 2));
    // B 满意, E 不满意 with the result; about the clerk 满意 and 基本满意.
    assert_eq!(s.satisfaction, Rate::new(1, 2));
    assert_eq!(s.clerk_satisfaction, Rate::new(2, 2));
    // B 17 days, E 43 days.
    assert_eq!(s.handling_days, Rate::new(60, 2));
    assert_eq!(s.average_handling_days(), Some(30.0));

    // On 11-30: A, C, F, G, H, I open; G overdue since 10-21; F extended.
    assert_eq!((s.open, s.overdue, s.extended), (6, 1, 1));

    assert_eq!(
        names(&s.by_department),
        [
            "区人社局",
            NOT_ROUTED,
            "区住建局",
            "区民政局",
            "区自然资源局"
        ]
    );
    let dept = |routed, closed, closed_on_time, open, overdue| DeptTally {
        routed,
        closed,
        closed_on_time,
        open,
        overdue,
    };
    assert_eq!(row(&s.by_department, "区人社局"), dept(1, 2, 2, 0, 0));
    assert_eq!(row(&s.by_department, NOT_ROUTED), dept(0, 0, 0, 3, 0));
    assert_eq!(row(&s.by_department, "区住建局"), dept(1, 0, 0, 1, 0));
    assert_eq!(row(&s.by_department, "区民政局"), dept(0, 0, 0, 1, 1));

    // Handling deadlines of B, C, E (extension), F (extension) and I fall in 2027.
    assert_eq!(s.calendar_incomplete_cases, 5);
    assert!(s.years_without_calendar.is_empty());
}

#[test]
fn october_by_hand() {
    let s = stats("2026-10");
    assert_eq!(s.total, t(2, 2, 3));
    assert_eq!(s.repeat, t(0, 0, 0));
    assert_eq!(s.timely_acceptance, Rate::new(3, 3));
    assert_eq!(s.on_time_closure, Rate::new(0, 0));
    assert_eq!(s.on_time_closure.percent(), "—");
    assert_eq!(s.average_handling_days(), None);
    // A, E, F, G open on 10-31; G overdue; F's extension only came on 11-12.
    assert_eq!((s.open, s.overdue, s.extended), (4, 1, 0));
}

#[test]
fn quarter_boundary_registration_in_q3_acceptance_in_q4() {
    let q3 = stats("2026-Q3");
    // G (08-20) and A (09-30).
    assert_eq!(q3.total, t(2, 2, 2));
    // Only G was decided in Q3; A's acceptance on 10-08 belongs to Q4.
    assert_eq!(q3.timely_acceptance, Rate::new(1, 1));
    // On 09-30 G is not overdue yet (due 10-20), A waits for acceptance.
    assert_eq!((q3.open, q3.overdue, q3.extended), (2, 0, 0));

    let q4 = stats("2026-Q4");
    assert_eq!(q4.as_of, today());
    assert_eq!(q4.total, t(8, 10, 27));
    assert_eq!(q4.first, t(8, 8, 20));
    // A, E, F, B, C, I in time, D late.
    assert_eq!(q4.timely_acceptance, Rate::new(6, 7));
    assert_eq!(q4.on_time_closure, Rate::new(2, 2));
    // By 12-10 E has asked for review.
    assert_eq!(q4.one_time_resolution, Rate::new(1, 2));
    // Open on 12-10: A C E(复查中) F G H I J; A (due 12-07) and G overdue; E and F extended.
    assert_eq!((q4.open, q4.overdue, q4.extended), (8, 2, 2));
}

#[test]
fn collective_threshold_is_a_setting() {
    let cases = data_set();
    let s = Stats::compute_with(
        p("2026-11"),
        cases.iter(),
        &WorkCalendar::builtin(),
        today(),
        Options { collective_min: 6 },
    );
    // H (5 people) is no longer collective.
    assert_eq!(s.collective, t(1, 2, 14));
}

#[test]
fn a_period_still_running_counts_up_to_today_and_flags_missing_calendars() {
    let cases = data_set();
    let s = Stats::compute(
        p("2026-12"),
        cases.iter(),
        &WorkCalendar::builtin(),
        today(),
    );
    assert_eq!(s.as_of, today());
    assert_eq!(s.total, t(1, 1, 1));
    let y = Stats::compute(p("2027"), cases.iter(), &WorkCalendar::builtin(), today());
    assert_eq!(y.years_without_calendar, vec![2027]);
    assert_eq!(y.total, t(0, 0, 0));
    let w = Stats::compute(
        p("2026-W53"),
        cases.iter(),
        &WorkCalendar::builtin(),
        today(),
    );
    assert_eq!(w.years_without_calendar, vec![2027]);
}

// ---------------------------------------------------------------------------------------
// The report: CSV, GBK, Excel re-read cell by cell, and the real binary.

use calamine::{Data, Reader, Xlsx};
use chuangkou::report::{self, Encoding};

const UNIT: &str = "某区信访局";

fn nov_oct() -> (Stats, Stats) {
    (stats("2026-11"), stats("2026-10"))
}

#[test]
fn csv_has_a_bom_and_quotes_multi_line_text() {
    let (nov, _) = nov_oct();
    let text = report::render_csv("某区\"窗口\",一科", &nov).unwrap();
    let (bytes, lossy) = report::encode(&text, Encoding::Utf8, true);
    assert!(!lossy);
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    // A field with a line break, a quote or a comma is quoted, quotes doubled.
    assert!(text.contains("\"城南\n工业园\",1,1,1\n"), "{text}");
    assert!(
        text.starts_with("\"某区\"\"窗口\"\",一科 信访统计 2026年11月"),
        "{text}"
    );
    // Read back: the multi-line place stays one field of its row.
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..]);
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert!(rows.contains(&vec![
        "城南\n工业园".to_string(),
        "1".into(),
        "1".into(),
        "1".into()
    ]));
    assert!(rows.contains(&vec![
        "及时受理率".to_string(),
        "3".into(),
        "4".into(),
        "75.0%".into()
    ]));
    // No comparison columns in CSV; an empty rate is an empty cell.
    assert!(rows.contains(&vec!["项目".to_string(), "本期".into()]));
    let (gbk, lossy) = report::encode(&text, Encoding::Gbk, true);
    assert!(!lossy);
    assert_ne!(&gbk[..3], &[0xEF, 0xBB, 0xBF]);
    let (back, _, bad) = encoding_rs::GBK.decode(&gbk);
    assert!(!bad);
    assert_eq!(back, text);
}

fn cell(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
    match range.get_value((r, c)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => format!("{i}"),
        Some(other) => format!("{other:?}"),
    }
}

/// The rows from the header down, each cell as text (numbers as Excel stores them).
fn table(wb: &mut Xlsx<std::io::Cursor<Vec<u8>>>, sheet: &str, head: u32) -> Vec<String> {
    let range = wb.worksheet_range(sheet).unwrap();
    let (_, last_col) = range.end().unwrap();
    (head..=range.end().unwrap().0)
        .map(|r| {
            (0..=last_col)
                .map(|c| cell(&range, r, c))
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

#[test]
fn excel_workbook_cell_by_cell() {
    let (nov, oct) = nov_oct();
    let bytes = report::render_xlsx(UNIT, &nov, Some(&oct)).unwrap();
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "总表",
            "比率",
            "按问题分类",
            "按信访目的",
            "按来访方式",
            "按事发地",
            "按接待人员",
            "按承办单位"
        ]
    );
    let range = wb.worksheet_range("总表").unwrap();
    assert_eq!(
        cell(&range, 0, 0),
        "某区信访局 信访统计 2026年11月（2026-11-01 至 2026-11-30）"
    );
    assert_eq!(
        cell(&range, 1, 0),
        "对比上期：2026年10月（2026-10-01 至 2026-10-31）；期末数字截至 2026-11-30"
    );
    assert!(cell(&range, 2, 0).contains("有 5 件案件的期限落在没有日历数据的年份"));
    // Three title lines, a blank row, then the header on row 4.
    assert_eq!(
        table(&mut wb, "总表", 4),
        [
            "项目|本期|上期|增减",
            "新登记件数|5|2|3",
            "批次合计|7|2|5",
            "人次合计|23|3|20",
            "初访批次|5|2|3",
            "初访人次|16|3|13",
            "重复访批次|2|0|2",
            "重复访人次|7|0|7",
            "集体访批次|3|0|3",
            "集体访人次|19|0|19",
            "期末在办件数|6|4|2",
            "期末超期件数|1|1|0",
            "期末延期件数|1|0|1",
        ]
    );
    assert_eq!(
        table(&mut wb, "比率", 4),
        [
            "指标|本期分子|本期分母|本期比率|上期分子|上期分母|上期比率|增减",
            "及时受理率|3|4|0.75|3|3|1|-25",
            "按期办结率|2|2|1|0|0||",
            "满意率（办理结果）|1|2|0.5|0|0||",
            "满意率（接待人员）|2|2|1|0|0||",
            "一次性化解率|2|2|1|0|0||",
            "平均办理天数|60|2|30|0|0||",
        ]
    );
    assert_eq!(
        table(&mut wb, "按问题分类", 4),
        [
            "问题分类|新登记件数|批次|人次|上期批次",
            "城乡建设|2|3|19|0",
            "劳动和社会保障|1|1|1|1",
            "国土资源|0|1|1|1",
            "教育|1|1|1|0",
            "环境保护|1|1|1|0",
            "合计|5|7|23|2",
        ]
    );
    let places = table(&mut wb, "按事发地", 4);
    assert!(
        places.contains(&"城南\n工业园|1|1|1|0".to_string()),
        "{places:?}"
    );
    let depts = table(&mut wb, "按承办单位", 4);
    assert_eq!(
        depts[..3],
        [
            "承办单位|交办转送次数|办结件数|按期办结件数|按期办结率|期末在办|期末超期",
            "区人社局|1|2|2|1|0|0",
            "（未交办）|0|0|0||3|0",
        ]
    );
}

#[test]
fn text_report_compares_and_aligns() {
    let (nov, oct) = nov_oct();
    let txt = report::render_txt(UNIT, &nov, Some(&oct));
    assert!(txt.starts_with("某区信访局 信访统计 2026年11月"), "{txt}");
    assert!(
        txt.contains(
            "及时受理率                 3         4     75.0%         3         3    100.0%  -25.0"
        ),
        "{txt}"
    );
    assert!(
        txt.contains(
            "按期办结率                 2         2    100.0%         0         0         —      —"
        ),
        "{txt}"
    );
    // The multi-line place is kept on one line.
    assert!(txt.contains("城南 工业园"), "{txt}");
}

// The real binary on demo data.

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(BIN)
        .arg("--data")
        .arg(dir)
        .args(["--now", "2026-12-05T10:00"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn cli_report_writes_an_excel_file_and_refuses_bad_periods() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["demo", "--cases", "120"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("f.xlsx");
    let out_s = out.to_str().unwrap();
    let o = run(
        dir.path(),
        &[
            "report", "--period", "2026-11", "--format", "xlsx", "--out", out_s,
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("已生成2026年11月统计报表"), "{err}");
    let mut wb: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names().len(), 8);
    let range = wb.worksheet_range("总表").unwrap();
    assert!(cell(&range, 0, 0).starts_with("信访接待窗口 信访统计 2026年11月"));
    let head = (0..10).find(|r| cell(&range, *r, 0) == "项目").unwrap();
    let batches: f64 = cell(&range, head + 2, 1).parse().unwrap();
    assert!(batches > 0.0, "no November visits in the demo data");
    // The category table adds up to the same batches.
    let cats = wb.worksheet_range("按问题分类").unwrap();
    let total_row = (0..60).find(|r| cell(&cats, *r, 0) == "合计").unwrap();
    assert_eq!(cell(&cats, total_row, 2), cell(&range, head + 2, 1));
    assert!(!dir.path().join("f.tmp-report").exists());

    // CSV to standard output starts with a BOM.
    let o = run(
        dir.path(),
        &["report", "--period", "2026-11", "--format", "csv"],
    );
    assert!(o.status.success());
    assert!(o.stdout.starts_with(&[0xEF, 0xBB, 0xBF]));

    for bad in ["2026-13", "下个月", "2026-W54"] {
        let o = run(dir.path(), &["report", "--period", bad]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains("统计期间") && err.contains(bad), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = run(
        dir.path(),
        &["report", "--period", "2026-11", "--format", "xlsx"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--out"));
}
