//! How urgent a running clock is today: the rules behind the board's colours.

use super::calendar::WorkCalendar;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Past its due date by this many calendar days.
    Overdue(i64),
    DueToday,
    /// Due within the configured number of working days.
    DueSoon,
    Normal,
}

/// Days left until a due date, in calendar and working days (negative = overdue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaysLeft {
    pub calendar: i64,
    pub working: i64,
    /// Some day in between lies in a year without calendar data.
    pub incomplete: bool,
}

pub fn days_left(cal: &WorkCalendar, today: NaiveDate, due: NaiveDate) -> DaysLeft {
    let (working, incomplete) = cal.working_days_between(today, due);
    DaysLeft {
        calendar: (due - today).num_days(),
        working,
        incomplete,
    }
}

pub fn urgency(cal: &WorkCalendar, today: NaiveDate, due: NaiveDate, soon_days: u32) -> Urgency {
    let left = days_left(cal, today, due);
    if left.calendar < 0 {
        Urgency::Overdue(-left.calendar)
    } else if left.calendar == 0 {
        Urgency::DueToday
    } else if left.working <= soon_days as i64 {
        Urgency::DueSoon
    } else {
        Urgency::Normal
    }
}

/// "剩 5 天（3 个工作日）" / "今日到期" / "逾期 2 天".
pub fn describe(left: DaysLeft) -> String {
    let mark = if left.incomplete {
        "（日历缺）"
    } else {
        ""
    };
    if left.calendar < 0 {
        format!("逾期 {} 天{mark}", -left.calendar)
    } else if left.calendar == 0 {
        "今日到期".to_string()
    } else {
        format!("剩 {} 天（{} 个工作日）{mark}", left.calendar, left.working)
    }
}

/// The compact form for narrow columns (the due date is shown beside it):
/// "剩11工作日" / "今日到期" / "逾期2天"; "?" when calendar data is missing.
pub fn describe_short(left: DaysLeft) -> String {
    let mark = if left.incomplete { "?" } else { "" };
    if left.calendar < 0 {
        format!("逾期{}天{mark}", -left.calendar)
    } else if left.calendar == 0 {
        "今日到期".to_string()
    } else {
        format!("剩{}工作日{mark}", left.working)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn colours_follow_working_days() {
        let cal = WorkCalendar::builtin();
        let today = d(2026, 9, 30);
        // Due Thu 10-08: 8 calendar days but 1 working day away (National Day week).
        assert_eq!(urgency(&cal, today, d(2026, 10, 8), 3), Urgency::DueSoon);
        assert_eq!(urgency(&cal, today, d(2026, 9, 30), 3), Urgency::DueToday);
        assert_eq!(urgency(&cal, today, d(2026, 9, 28), 3), Urgency::Overdue(2));
        assert_eq!(urgency(&cal, today, d(2026, 10, 20), 3), Urgency::Normal);
    }

    #[test]
    fn descriptions() {
        let cal = WorkCalendar::builtin();
        let left = days_left(&cal, d(2026, 9, 30), d(2026, 10, 8));
        assert_eq!(describe(left), "剩 8 天（1 个工作日）");
        assert_eq!(describe_short(left), "剩1工作日");
        assert_eq!(
            describe_short(days_left(&cal, d(2026, 10, 8), d(2026, 10, 6))),
            "逾期2天"
        );
        assert_eq!(
            describe_short(days_left(&cal, d(2026, 12, 30), d(2027, 1, 6))),
            "剩5工作日?"
        );
    }
}
