use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn accept_due(start: NaiveDate) -> Due {
    let p = Policy::national_2022();
    due_date(
        &WorkCalendar::builtin(),
        start,
        p.rule(ClockKind::Acceptance).unwrap(),
    )
}

#[test]
fn national_policy_is_the_default_and_complete() {
    let p = Policy::national_2022();
    assert_eq!(p.id, "national-2022");
    assert_eq!(p.clocks.len(), ClockKind::ALL.len());
    assert_eq!(
        p.rule(ClockKind::Acceptance),
        Some(ClockRule {
            days: 15,
            unit: DayUnit::Calendar,
            roll_over: true
        })
    );
    assert_eq!(p.rule(ClockKind::Handling).map(|r| r.days), Some(60));
    assert_eq!((p.max_extensions, p.extension_cap_days), (1, 30));
}

#[test]
fn adjusted_saturday_stays() {
    // 2026-02-14 is a Saturday that is a 调休 working day.
    assert_eq!(
        accept_due(d(2026, 1, 30)),
        Due {
            date: d(2026, 2, 14),
            calendar_incomplete: false
        }
    );
}

#[test]
fn spring_festival_rolls_over() {
    assert_eq!(
        accept_due(d(2026, 2, 5)),
        Due {
            date: d(2026, 2, 24),
            calendar_incomplete: false
        }
    );
}

#[test]
fn ordinary_weekend_rolls_to_monday() {
    // 2026-11-10 + 15 = Wed 11-25; 2026-11-14 + 15 = Sun 11-29 → Mon 11-30.
    assert_eq!(accept_due(d(2026, 11, 10)).date, d(2026, 11, 25));
    assert_eq!(accept_due(d(2026, 11, 14)).date, d(2026, 11, 30));
}

#[test]
fn due_in_a_year_without_calendar_is_flagged() {
    let due = accept_due(d(2026, 12, 20));
    assert_eq!(due.date, d(2027, 1, 4));
    assert!(due.calendar_incomplete);
}

#[test]
fn working_day_unit_and_no_roll_over() {
    let cal = WorkCalendar::builtin();
    let working = ClockRule {
        days: 15,
        unit: DayUnit::Working,
        roll_over: true,
    };
    // 15 working days from Wed 2026-09-16 (9-20 is an adjusted Sunday; National Day week off).
    assert_eq!(
        due_date(&cal, d(2026, 9, 16), working).date,
        d(2026, 10, 13)
    );
    let plain = ClockRule {
        days: 15,
        unit: DayUnit::Calendar,
        roll_over: false,
    };
    assert_eq!(due_date(&cal, d(2026, 2, 5), plain).date, d(2026, 2, 20));
}

#[test]
fn presets_parse_and_office_files_override() {
    let ids: Vec<String> = Policy::presets().into_iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        [
            "national-2022",
            "seed000-district-window",
            "seed003-municipal"
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let text = BUILTIN[0]
        .1
        .replace("handling = { days = 60", "handling = { days = 45");
    std::fs::write(dir.path().join("mine.toml"), text).unwrap();
    let all = Policy::load_dir(dir.path()).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].rule(ClockKind::Handling).unwrap().days, 45);
}

#[test]
fn bad_policy_files_are_explained() {
    let err = Policy::parse("id = \"x\"\nname = \"x\"\nsource = \"x\"\nmax_extensions = 1\nextension_cap_days = 30\n[clocks]\nhandling = { days = 60, unit = \"calendar\", roll_over = true }\n", "x.toml")
        .unwrap_err()
        .to_string();
    assert!(err.contains("x.toml") && err.contains("受理"), "{err}");
    let err = Policy::parse("id = 1", "y.toml").unwrap_err().to_string();
    assert!(err.contains("y.toml"), "{err}");
}
