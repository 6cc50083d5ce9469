use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn builtin_years_load() {
    let cal = WorkCalendar::builtin();
    let years: Vec<i32> = cal.years().map(|y| y.year).collect();
    assert_eq!(years, vec![2024, 2025, 2026]);
    assert!(cal.years().all(|y| y.source.contains("国务院办公厅")));
}

#[test]
fn spring_festival_2026() {
    let cal = WorkCalendar::builtin();
    assert_eq!(cal.day_kind(d(2026, 2, 14)), DayKind::AdjustedWorking);
    assert_eq!(cal.day_kind(d(2026, 2, 16)), DayKind::Holiday);
    assert_eq!(cal.holiday_name(d(2026, 2, 20)), Some("春节"));
    assert_eq!(cal.day_kind(d(2026, 2, 24)), DayKind::Working);
    assert_eq!(cal.day_kind(d(2026, 2, 28)), DayKind::AdjustedWorking);
    assert_eq!(cal.day_kind(d(2026, 3, 1)), DayKind::Weekend);
    assert_eq!(
        cal.next_working_day(d(2026, 2, 20)),
        (d(2026, 2, 24), false)
    );
}

#[test]
fn other_years_spot_checks() {
    let cal = WorkCalendar::builtin();
    assert_eq!(cal.day_kind(d(2024, 2, 4)), DayKind::AdjustedWorking);
    assert_eq!(cal.day_kind(d(2024, 9, 16)), DayKind::Holiday);
    assert_eq!(cal.day_kind(d(2025, 10, 8)), DayKind::Holiday);
    assert_eq!(cal.day_kind(d(2025, 9, 28)), DayKind::AdjustedWorking);
    assert_eq!(cal.day_kind(d(2026, 1, 4)), DayKind::AdjustedWorking);
    assert_eq!(cal.day_kind(d(2026, 10, 10)), DayKind::AdjustedWorking);
}

#[test]
fn missing_year_is_flagged_not_trusted() {
    let cal = WorkCalendar::builtin();
    assert_eq!(
        cal.day_kind(d(2027, 1, 1)),
        DayKind::Unknown { working: true }
    );
    assert_eq!(
        cal.day_kind(d(2027, 1, 2)),
        DayKind::Unknown { working: false }
    );
    let (_, incomplete) = cal.add_working_days(d(2026, 12, 20), 15);
    assert!(incomplete);
    let (_, incomplete) = cal.add_working_days(d(2026, 11, 2), 5);
    assert!(!incomplete);
    assert!(cal.working_days_between(d(2026, 12, 30), d(2027, 1, 5)).1);
}

#[test]
fn working_day_arithmetic() {
    let cal = WorkCalendar::builtin();
    // Fri 2026-09-18 + 1 working day = Sun 2026-09-20 (adjusted).
    assert_eq!(
        cal.add_working_days(d(2026, 9, 18), 1),
        (d(2026, 9, 20), false)
    );
    // National Day week: Wed 2026-09-30 + 1 → Thu 2026-10-08.
    assert_eq!(
        cal.add_working_days(d(2026, 9, 30), 1),
        (d(2026, 10, 8), false)
    );
    assert_eq!(
        cal.working_days_between(d(2026, 9, 30), d(2026, 10, 8)),
        (1, false)
    );
    assert_eq!(
        cal.working_days_between(d(2026, 10, 8), d(2026, 9, 30)),
        (-1, false)
    );
    assert_eq!(
        cal.working_days_between(d(2026, 11, 25), d(2026, 11, 25)),
        (0, false)
    );
}

#[test]
fn office_files_override_and_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("2027.toml"),
        "year = 2027\nsource = \"测试\"\nholidays = [{ name = \"元旦\", from = \"2027-01-01\", to = \"2027-01-01\" }]\nworkdays = []\n",
    )
    .unwrap();
    let cal = WorkCalendar::load_dir(dir.path()).unwrap();
    assert!(cal.has_year(2027));
    assert_eq!(cal.day_kind(d(2027, 1, 1)), DayKind::Holiday);
    std::fs::write(
        dir.path().join("2028.toml"),
        "year = 2028\nsource = \"x\"\nworkdays = [\"2027-01-01\"]\n",
    )
    .unwrap();
    let err = WorkCalendar::load_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("2028.toml") && err.contains("不在 2028 年内"),
        "{err}"
    );
}

proptest! {
    #[test]
    fn between_inverts_add(start_off in 0u64..900, n in 0u32..200) {
        let cal = WorkCalendar::builtin();
        let start = d(2024, 1, 1) + Days::new(start_off);
        let (end, _) = cal.add_working_days(start, n);
        prop_assert_eq!(cal.working_days_between(start, end).0, n as i64);
        if n > 0 {
            prop_assert!(cal.is_working_day(end));
        }
    }
}
