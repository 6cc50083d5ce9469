//! The overdue board: which clocks need attention, most urgent first, and the office's
//! figures. Pure: the entries come from the store's due-date index, the date from the clock,
//! and everything that depends on "today" is computed here at draw time, so a board left
//! running recomputes its days at midnight without new data.

use super::calendar::WorkCalendar;
use super::case::Case;
use super::mask::mask_name;
use super::policy::ClockKind;
use super::urgency::{days_left, urgency, DaysLeft, Urgency};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The purpose whose cases show only their number and category (检举控告).
pub const RESTRICTED_PURPOSE: &str = "检举控告";

/// A running (or paused) clock of one case, with nothing personal beyond a name that is
/// masked unless the entry is built for the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardEntry {
    pub case_no: String,
    /// Masked (张*三) on the wall; empty for restricted cases.
    pub name: String,
    pub category: String,
    /// 受理 / 办理 / 延期 / 督办 / 复查 / 复核
    pub clock: String,
    /// Lead department once routed, else empty.
    pub department: String,
    pub due: NaiveDate,
    /// Calendar days the clock had left when it was paused; `due` is then meaningless.
    pub paused_left: Option<i64>,
    /// 检举控告: only the case number and category may be shown.
    pub restricted: bool,
    pub calendar_incomplete: bool,
}

/// Shown where a case has no department yet.
pub const NOT_ROUTED: &str = "待交办";

impl BoardEntry {
    /// The department, or 待交办 while the case has none (nothing for restricted cases).
    pub fn department_label(&self) -> &str {
        if self.department.is_empty() && !self.restricted {
            NOT_ROUTED
        } else {
            &self.department
        }
    }
}

/// Whether a clock is the office's own duty (the petitioner's windows to ask for a review
/// are not on the board).
pub fn on_board(kind: ClockKind) -> bool {
    !matches!(kind, ClockKind::ReviewRequest | ClockKind::ReReviewRequest)
}

/// How names appear: masked on the wall, in full at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    Masked,
    Full,
}

/// The board entry for one clock of `case`. Restricted cases never carry a name or a
/// department on the wall.
pub fn entry(case: &Case, kind: ClockKind, case_no: String, names: Names) -> Option<BoardEntry> {
    let restricted = case.reg.purpose == RESTRICTED_PURPOSE;
    let life = case.life();
    let paused_left = life
        .pause
        .as_ref()
        .and_then(|(left, _)| left.iter().find(|(k, _)| *k == kind).map(|(_, d)| *d));
    let due = case
        .clocks
        .iter()
        .rev()
        .find(|c| c.kind == kind)
        .map(|c| c.due)?;
    let hide = restricted && names == Names::Masked;
    let name = match names {
        _ if hide => String::new(),
        Names::Masked => mask_name(&case.reg.visitor.name),
        Names::Full => case.reg.visitor.name.clone(),
    };
    Some(BoardEntry {
        case_no,
        name,
        category: case.reg.category.clone(),
        clock: clock_label(kind).to_string(),
        department: if hide {
            String::new()
        } else {
            life.department().unwrap_or_default().to_string()
        },
        due: due.date,
        paused_left,
        restricted,
        calendar_incomplete: due.calendar_incomplete,
    })
}

/// The short clock names of the board.
pub fn clock_label(kind: ClockKind) -> &'static str {
    match kind {
        ClockKind::ReviewDecision => "复查",
        ClockKind::ReReviewDecision => "复核",
        k => k.label(),
    }
}

/// One line of the board, as of a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub entry: BoardEntry,
    /// `None` while paused.
    pub urgency: Option<Urgency>,
    pub left: DaysLeft,
}

impl Row {
    /// "逾期 3 天" / "今日到期" / "剩 2 工作日" / "暂停（剩 9 天）".
    pub fn left_text(&self) -> String {
        if let Some(d) = self.entry.paused_left {
            return format!("暂停（剩{d}天）");
        }
        crate::domain::urgency::describe_short(self.left)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DepartmentLine {
    pub name: String,
    pub open: usize,
    pub overdue: usize,
}

/// The board as of one day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Board {
    /// Cases with at least one overdue clock.
    pub overdue: usize,
    pub due_today: usize,
    pub due_soon: usize,
    pub open: u64,
    pub paused: u64,
    /// Most urgent first: overdue (longest first), due today, due soon, the rest by date,
    /// paused last.
    pub rows: Vec<Row>,
    /// Departments holding cases, most overdue first.
    pub departments: Vec<DepartmentLine>,
}

/// Sorting key: overdue by days descending, then due date, paused at the end.
fn rank(row: &Row) -> (u8, i64, NaiveDate) {
    match row.urgency {
        None => (4, 0, row.entry.due),
        Some(Urgency::Overdue(d)) => (0, -d, row.entry.due),
        Some(Urgency::DueToday) => (1, 0, row.entry.due),
        Some(Urgency::DueSoon) => (2, 0, row.entry.due),
        Some(Urgency::Normal) => (3, 0, row.entry.due),
    }
}

pub fn assemble(
    entries: &[BoardEntry],
    open: u64,
    paused: u64,
    today: NaiveDate,
    cal: &WorkCalendar,
    soon_days: u32,
) -> Board {
    let mut rows: Vec<Row> = entries
        .iter()
        .map(|e| {
            let left = days_left(cal, today, e.due);
            let urgency = match e.paused_left {
                Some(_) => None,
                None => Some(urgency(cal, today, e.due, soon_days)),
            };
            Row {
                entry: e.clone(),
                urgency,
                left,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then(a.entry.case_no.cmp(&b.entry.case_no))
    });

    let distinct = |f: &dyn Fn(&Row) -> bool| -> usize {
        rows.iter()
            .filter(|r| f(r))
            .map(|r| r.entry.case_no.as_str())
            .collect::<HashSet<_>>()
            .len()
    };
    let overdue = distinct(&|r| matches!(r.urgency, Some(Urgency::Overdue(_))));
    let due_today = distinct(&|r| r.urgency == Some(Urgency::DueToday));
    let due_soon = distinct(&|r| r.urgency == Some(Urgency::DueSoon));

    let mut depts: BTreeMap<&str, (HashSet<&str>, HashSet<&str>)> = BTreeMap::new();
    for r in rows.iter().filter(|r| !r.entry.department.is_empty()) {
        let d = depts.entry(r.entry.department.as_str()).or_default();
        d.0.insert(r.entry.case_no.as_str());
        if matches!(r.urgency, Some(Urgency::Overdue(_))) {
            d.1.insert(r.entry.case_no.as_str());
        }
    }
    let mut departments: Vec<DepartmentLine> = depts
        .into_iter()
        .map(|(name, (open, overdue))| DepartmentLine {
            name: name.to_string(),
            open: open.len(),
            overdue: overdue.len(),
        })
        .collect();
    departments.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(b.open.cmp(&a.open)));

    Board {
        overdue,
        due_today,
        due_soon,
        open,
        paused,
        rows,
        departments,
    }
}

#[cfg(test)]
mod tests;
