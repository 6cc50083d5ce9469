use super::*;
use crate::domain::case::{CaseNo, Registration, VisitMode, Visitor};
use crate::domain::life::{Actor, RouteMode, Step};
use crate::domain::policy::Policy;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn case(name: &str, purpose: &str, on: NaiveDate) -> Case {
    let reg = Registration {
        at: on.and_hms_opt(10, 0, 0).unwrap(),
        visitor: Visitor {
            name: name.into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            ..Default::default()
        },
        people: 1,
        mode: VisitMode::Visit,
        category: "城乡建设".into(),
        purpose: purpose.into(),
        matter: "小区违建".into(),
        clerk: "甲".into(),
        place: String::new(),
        opinion: String::new(),
        ticket: None,
    };
    Case::open(
        CaseNo { year: 2026, seq: 1 },
        reg,
        Policy::national_2022(),
        &WorkCalendar::builtin(),
    )
}

fn e(no: &str, due: NaiveDate, dept: &str) -> BoardEntry {
    BoardEntry {
        case_no: no.into(),
        name: "张*".into(),
        category: "城乡建设".into(),
        clock: "办理".into(),
        department: dept.into(),
        due,
        paused_left: None,
        restricted: false,
        calendar_incomplete: false,
    }
}

#[test]
fn rows_are_ordered_by_urgency_and_counted_per_case() {
    let cal = WorkCalendar::builtin();
    let today = d(2026, 9, 30);
    let mut paused = e("P", d(2026, 9, 1), "区住建局");
    paused.paused_left = Some(9);
    let entries = vec![
        e("N", d(2026, 10, 30), "区住建局"),
        // Due Thu 10-08: eight calendar days but one working day (National Day week).
        e("S", d(2026, 10, 8), "区人社局"),
        e("T", d(2026, 9, 30), ""),
        e("O1", d(2026, 9, 28), "区住建局"),
        e("O5", d(2026, 9, 25), "区住建局"),
        // A second overdue clock of the same case counts once.
        e("O5", d(2026, 9, 29), "区住建局"),
        paused,
    ];
    let b = assemble(&entries, 12, 1, today, &cal, 3);
    let order: Vec<&str> = b.rows.iter().map(|r| r.entry.case_no.as_str()).collect();
    assert_eq!(order, ["O5", "O1", "O5", "T", "S", "N", "P"]);
    assert_eq!((b.overdue, b.due_today, b.due_soon), (2, 1, 1));
    assert_eq!((b.open, b.paused), (12, 1));
    assert_eq!(b.rows[0].urgency, Some(Urgency::Overdue(5)));
    assert_eq!(b.rows[0].left_text(), "逾期5天");
    assert_eq!(b.rows[4].left_text(), "剩1工作日");
    assert_eq!(b.rows[6].urgency, None);
    assert_eq!(b.rows[6].left_text(), "暂停（剩9天）");
    assert_eq!(
        b.departments,
        vec![
            DepartmentLine {
                name: "区住建局".into(),
                open: 4,
                overdue: 2
            },
            DepartmentLine {
                name: "区人社局".into(),
                open: 1,
                overdue: 0
            },
        ]
    );
}

#[test]
fn midnight_moves_a_case_from_due_today_to_overdue() {
    let cal = WorkCalendar::builtin();
    let entries = vec![e("A", d(2026, 11, 25), "")];
    let b = assemble(&entries, 1, 0, d(2026, 11, 25), &cal, 3);
    assert_eq!(b.rows[0].urgency, Some(Urgency::DueToday));
    let b = assemble(&entries, 1, 0, d(2026, 11, 26), &cal, 3);
    assert_eq!(b.rows[0].urgency, Some(Urgency::Overdue(1)));
    assert_eq!(b.overdue, 1);
}

#[test]
fn due_soon_counts_working_days_across_a_holiday() {
    let cal = WorkCalendar::builtin();
    // Fri 2026-09-25: due Thu 10-08 is 13 calendar days but only 4 working days away
    // (09-28, 09-29, 09-30, 10-08; 10-01..07 holiday) — not soon with N = 3, soon with 4.
    let entries = vec![e("A", d(2026, 10, 8), "")];
    let b = assemble(&entries, 1, 0, d(2026, 9, 25), &cal, 3);
    assert_eq!(b.rows[0].urgency, Some(Urgency::Normal));
    let b = assemble(&entries, 1, 0, d(2026, 9, 25), &cal, 4);
    assert_eq!(b.rows[0].urgency, Some(Urgency::DueSoon));
}

#[test]
fn wall_entries_mask_names_and_hide_restricted_cases() {
    let c = case("欧阳娜娜", "申诉求决", d(2026, 11, 2));
    let w = entry(
        &c,
        ClockKind::Acceptance,
        "XF-2026-000001".into(),
        Names::Masked,
    )
    .unwrap();
    assert_eq!(w.name, "欧**娜");
    assert_eq!(w.clock, "受理");
    assert_eq!(w.due, d(2026, 11, 17));
    let full = entry(&c, ClockKind::Acceptance, "X".into(), Names::Full).unwrap();
    assert_eq!(full.name, "欧阳娜娜");
    // Nothing of the visitor but the masked name ever reaches the entry.
    let text = format!("{w:?}");
    assert!(!text.contains("1101") && !text.contains("1381") && !text.contains("违建"));

    let mut r = case("李四", RESTRICTED_PURPOSE, d(2026, 11, 2));
    let cal = WorkCalendar::builtin();
    let head = Actor::everyone("科长");
    let at = d(2026, 11, 3).and_hms_opt(9, 0, 0).unwrap();
    r.apply(
        Step::Accept {
            told: d(2026, 11, 3),
        },
        &head,
        at,
        &cal,
    )
    .unwrap();
    r.apply(
        Step::Route {
            mode: RouteMode::Assign,
            lead: "区纪委".into(),
            co: vec![],
            slip: 1,
        },
        &head,
        at,
        &cal,
    )
    .unwrap();
    let w = entry(&r, ClockKind::Handling, "X".into(), Names::Masked).unwrap();
    assert_eq!((w.name.as_str(), w.department.as_str()), ("", ""));
    assert!(w.restricted);
    assert_eq!(w.category, "城乡建设");
    let full = entry(&r, ClockKind::Handling, "X".into(), Names::Full).unwrap();
    assert_eq!(
        (full.name.as_str(), full.department.as_str()),
        ("李四", "区纪委")
    );
}

#[test]
fn masking_of_every_name_shape() {
    for (name, masked) in [
        ("张", "*"),
        ("张三", "张*"),
        ("张三丰", "张*丰"),
        ("欧阳娜娜", "欧**娜"),
        ("阿依·买买提", "阿*·**提"),
        ("John Smith", "J*** ****h"),
    ] {
        let c = case(name, "申诉求决", d(2026, 11, 2));
        let w = entry(&c, ClockKind::Acceptance, "X".into(), Names::Masked).unwrap();
        assert_eq!(w.name, masked, "{name}");
    }
}

#[test]
fn petitioner_windows_are_not_the_office_s_clocks() {
    assert!(!on_board(ClockKind::ReviewRequest));
    assert!(!on_board(ClockKind::ReReviewRequest));
    assert!(on_board(ClockKind::ReviewDecision));
    assert_eq!(clock_label(ClockKind::ReviewDecision), "复查");
    assert_eq!(clock_label(ClockKind::Extension), "延期");
}
