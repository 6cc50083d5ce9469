//! Statistics of the counter (weekly … yearly reports): batches and person-times, first and
//! repeat visits, collective visits, tables by category, purpose, mode, place, department and
//! clerk, the four rates the seeds name, average handling days, and the open / overdue /
//! extended counts at the end of the period.
//!
//! Pure: cases are streamed through a [`StatsBuilder`] one at a time (one pass, nothing kept
//! but the tallies). Each figure's definition is on its field and, for the office to check by
//! hand, in `docs/统计口径.md`.
//!
//! Dates: a step that carries its own date (受理告知日期, 处理意见日期…) counts on that date;
//! other steps count on the day they were recorded. "At the end of the period" means the last
//! day of the period, or today if the period has not ended; steps dated after it are ignored,
//! so a figure once reported for a finished period does not change later.

use super::calendar::WorkCalendar;
use super::case::{Case, Event, EventKind, Status};
use super::life::{Satisfaction, Step};
use super::policy::ClockKind;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

mod period;
mod replay;
pub use period::{Granularity, Period, PeriodError};
pub use replay::last_counted_day;

/// A rate kept as numerator and denominator, so it can be checked by hand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rate {
    pub num: u64,
    pub den: u64,
}

impl Rate {
    pub fn new(num: u64, den: u64) -> Self {
        Self { num, den }
    }
    /// num / den as a fraction (0.95), None when there is nothing to divide.
    pub fn ratio(&self) -> Option<f64> {
        (self.den > 0).then(|| self.num as f64 / self.den as f64)
    }
    /// `95.0%`, or `—` when the denominator is 0.
    pub fn percent(&self) -> String {
        match self.ratio() {
            Some(r) => format!("{:.1}%", r * 100.0),
            None => "—".to_string(),
        }
    }
    fn add(&mut self, hit: bool) {
        self.den += 1;
        self.num += u64::from(hit);
    }
}

/// Visits counted three ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// 登记件数: new cases (first visits) registered in the period.
    pub cases: u64,
    /// 批次: visits in the period, first and repeat; a visit of several people is one batch.
    pub batches: u64,
    /// 人次: people of those visits added up.
    pub people: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.cases += o.cases;
        self.batches += o.batches;
        self.people += o.people;
    }
}

/// One department's line (the lead department of the latest routing).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeptTally {
    /// 交办/转送次数 in the period (each routing step, a re-routing after a send-back too).
    pub routed: u64,
    /// 办结 in the period, and of those on time (see [`Stats::on_time_closure`]).
    pub closed: u64,
    pub closed_on_time: u64,
    /// 在办 and 超期 at the end of the period.
    pub open: u64,
    pub overdue: u64,
}

/// Settings that differ between offices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// A visit of at least this many people is a collective visit (集体访). DOMAIN.md: 5 or
    /// more; the seeds only cap the representatives at 5, so this is a setting.
    pub collective_min: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self { collective_min: 5 }
    }
}

/// Label for a case that was never routed to a department.
pub const NOT_ROUTED: &str = "（未交办）";
/// Label for an empty category, purpose, place or clerk.
pub const BLANK: &str = "（未填）";

/// The figures of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub period: Period,
    /// The day the end-of-period figures are taken: the period's last day, or today.
    pub as_of: NaiveDate,
    /// 合计: every visit (first and repeat) dated in the period.
    pub total: Tally,
    /// 初访: first visits, i.e. registrations of new cases.
    pub first: Tally,
    /// 重复访: further visits about a case already registered (`Visit::repeat`).
    pub repeat: Tally,
    /// 集体访: visits of at least [`Options::collective_min`] people (each one batch).
    pub collective: Tally,
    /// Tables, largest first: by 问题分类, 信访目的, 来访方式 (of the visit), 事发地,
    /// 接待人员 (the clerk who received the visit).
    pub by_category: Vec<(String, Tally)>,
    pub by_purpose: Vec<(String, Tally)>,
    pub by_mode: Vec<(String, Tally)>,
    pub by_place: Vec<(String, Tally)>,
    pub by_clerk: Vec<(String, Tally)>,
    pub by_department: Vec<(String, DeptTally)>,
    /// 及时受理率: cases whose acceptance was decided (受理, 不予受理 or 不再受理) in the
    /// period; numerator: decided on or before the acceptance clock's due date.
    pub timely_acceptance: Rate,
    /// 按期办结率: cases closed (办结) in the period; numerator: handling finished (处理意见
    /// date, or the closing date if there was no opinion) on or before the handling deadline
    /// in force then, an approved extension included.
    pub on_time_closure: Rate,
    /// 满意率: cases evaluated in the period (the latest evaluation); numerator: 满意 or 基本满意
    /// with the result.
    pub satisfaction: Rate,
    /// 接待满意率: the same about the clerk's reception.
    pub clerk_satisfaction: Rate,
    /// 一次性化解率: cases closed in the period; numerator: no repeat visit and no review
    /// request (复查申请) up to the end of the period.
    pub one_time_resolution: Rate,
    /// 平均办理天数 = num / den: calendar days from acceptance (受理告知日) to the handling
    /// finish (as in `on_time_closure`), added up over the cases closed in the period.
    pub handling_days: Rate,
    /// At the end of the period: 在办 (an open status), 超期 (open with a running clock past its
    /// due date), 延期 (open with an approved extension).
    pub open: u64,
    pub overdue: u64,
    pub extended: u64,
    /// Years of the period without holiday data, and cases counted whose deadlines were computed
    /// over such a year: the figures that depend on deadlines are then a guess.
    pub years_without_calendar: Vec<i32>,
    pub calendar_incomplete_cases: u64,
}

impl Stats {
    /// The figures of `period`, in one pass over `cases`, with the default options.
    pub fn compute<'a>(
        period: Period,
        cases: impl Iterator<Item = &'a Case>,
        cal: &WorkCalendar,
        today: NaiveDate,
    ) -> Stats {
        Self::compute_with(period, cases, cal, today, Options::default())
    }

    pub fn compute_with<'a>(
        period: Period,
        cases: impl Iterator<Item = &'a Case>,
        cal: &WorkCalendar,
        today: NaiveDate,
        opts: Options,
    ) -> Stats {
        let mut b = StatsBuilder::new(period, cal, today, opts);
        for c in cases {
            b.add(c);
        }
        b.finish()
    }

    /// 平均办理天数, None when nothing was closed.
    pub fn average_handling_days(&self) -> Option<f64> {
        self.handling_days.ratio()
    }

    /// 日历缺: deadlines over a year without holiday data were computed Mon–Fri.
    pub fn calendar_warning(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.years_without_calendar.is_empty() {
            let years: Vec<String> = self
                .years_without_calendar
                .iter()
                .map(|y| format!("{y}年"))
                .collect();
            parts.push(format!("{}没有节假日日历数据", years.join("、")));
        }
        if self.calendar_incomplete_cases > 0 {
            parts.push(format!(
                "有 {} 件案件的期限落在没有日历数据的年份",
                self.calendar_incomplete_cases
            ));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "注意：{}，期限按周一至周五推算，超期、按期等数字仅供参考；请在日历目录补充该年的放假安排。",
                parts.join("；")
            )
        })
    }
}

/// A change with its sign: `+3`, `-2.5`, `0` (`decimals` after the point).
pub fn signed(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    if s.trim_start_matches(['0', '.']).is_empty() {
        s
    } else if x > 0.0 {
        format!("+{s}")
    } else {
        format!("-{s}")
    }
}

/// Takes cases one at a time (e.g. from `Store::for_each_case`) and keeps only tallies.
pub struct StatsBuilder {
    period: Period,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
    opts: Options,
    s: Stats,
    category: BTreeMap<String, Tally>,
    purpose: BTreeMap<String, Tally>,
    mode: BTreeMap<String, Tally>,
    place: BTreeMap<String, Tally>,
    clerk: BTreeMap<String, Tally>,
    dept: BTreeMap<String, DeptTally>,
}

/// The date a history entry counts on: the step's own date if it has one, else the day it
/// was recorded.
pub fn event_date(e: &Event) -> NaiveDate {
    match &e.kind {
        EventKind::Step(s) => match s {
            Step::Accept { told } | Step::Reject { told, .. } => *told,
            Step::Receipt { date }
            | Step::Opinion { date, .. }
            | Step::Delivered { date }
            | Step::SupervisionReply { date }
            | Step::ReturnVisit { date, .. }
            | Step::RequestReview { date, .. }
            | Step::ReviewDecision { date, .. }
            | Step::RequestReReview { date, .. }
            | Step::ReReviewDecision { date, .. } => *date,
            _ => e.at.date(),
        },
        _ => e.at.date(),
    }
}

fn key(s: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        BLANK.to_string()
    } else {
        t.to_string()
    }
}

fn sorted<T: Copy>(m: BTreeMap<String, T>, weight: impl Fn(&T) -> u64) -> Vec<(String, T)> {
    let mut v: Vec<(String, T)> = m.into_iter().collect();
    // Stable sort: equal weights stay in name order.
    v.sort_by_key(|(_, t)| std::cmp::Reverse(weight(t)));
    v
}

/// What the history says about a case on one day.
#[derive(Default)]
struct Replay<'a> {
    status: Option<Status>,
    paused_from: Option<Status>,
    lead: Option<&'a str>,
    extended: bool,
    accepted: Option<NaiveDate>,
    opinion: Option<NaiveDate>,
    closed: Option<NaiveDate>,
    review_requested: bool,
    evaluation: Option<(NaiveDate, Satisfaction, Satisfaction)>,
}

impl StatsBuilder {
    pub fn new(period: Period, cal: &WorkCalendar, today: NaiveDate, opts: Options) -> Self {
        let (from, to) = (period.first_day(), period.last_day());
        let as_of = to.min(today);
        let years_without_calendar = (from.year()..=to.year())
            .filter(|y| !cal.has_year(*y))
            .collect();
        Self {
            period,
            from,
            to,
            as_of,
            opts,
            s: Stats {
                period,
                as_of,
                total: Tally::default(),
                first: Tally::default(),
                repeat: Tally::default(),
                collective: Tally::default(),
                by_category: Vec::new(),
                by_purpose: Vec::new(),
                by_mode: Vec::new(),
                by_place: Vec::new(),
                by_clerk: Vec::new(),
                by_department: Vec::new(),
                timely_acceptance: Rate::default(),
                on_time_closure: Rate::default(),
                satisfaction: Rate::default(),
                clerk_satisfaction: Rate::default(),
                one_time_resolution: Rate::default(),
                handling_days: Rate::default(),
                open: 0,
                overdue: 0,
                extended: 0,
                years_without_calendar,
                calendar_incomplete_cases: 0,
            },
            category: BTreeMap::new(),
            purpose: BTreeMap::new(),
            mode: BTreeMap::new(),
            place: BTreeMap::new(),
            clerk: BTreeMap::new(),
            dept: BTreeMap::new(),
        }
    }

    pub fn period(&self) -> Period {
        self.period
    }

    fn in_period(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to && d <= self.as_of
    }

    /// Counts one case.
    pub fn add(&mut self, case: &Case) {
        if case.reg.at.date() > self.as_of {
            return;
        }
        let mut touched = false;
        for v in &case.visits {
            if !self.in_period(v.at.date()) {
                continue;
            }
            touched = true;
            let t = Tally {
                cases: u64::from(!v.repeat),
                batches: 1,
                people: u64::from(v.people),
            };
            self.s.total += t;
            if v.repeat {
                self.s.repeat += t;
            } else {
                self.s.first += t;
            }
            if v.people >= self.opts.collective_min {
                self.s.collective += t;
            }
            *self.category.entry(key(&case.reg.category)).or_default() += t;
            *self.purpose.entry(key(&case.reg.purpose)).or_default() += t;
            *self.mode.entry(v.mode.label().to_string()).or_default() += t;
            *self.place.entry(key(&case.reg.place)).or_default() += t;
            *self.clerk.entry(key(&v.clerk)).or_default() += t;
        }

        let accept_due = case
            .clocks
            .iter()
            .find(|c| c.kind == ClockKind::Acceptance)
            .map(|c| c.due.date);
        let mut r = Replay::default();
        for e in &case.history {
            let d = event_date(e);
            if d > self.as_of {
                continue;
            }
            if let Some(s) = replay::status_after(&e.kind, &mut r.paused_from) {
                r.status = Some(s);
            }
            let mut decided = false;
            match &e.kind {
                EventKind::Accepted => {
                    decided = r.accepted.is_none();
                    r.accepted = Some(d);
                }
                EventKind::Step(step) => match step {
                    Step::Accept { .. } => {
                        decided = true;
                        r.accepted = Some(d);
                    }
                    Step::Reject { .. } | Step::NoLongerAccept { .. } => decided = true,
                    Step::Route { lead, .. } => {
                        r.lead = Some(lead.as_str());
                        if self.in_period(d) {
                            self.dept.entry(key(lead)).or_default().routed += 1;
                            touched = true;
                        }
                    }
                    Step::SendBack { .. } => r.lead = None,
                    Step::Opinion { .. } => r.opinion = Some(d),
                    Step::ApproveExtension => r.extended = true,
                    Step::Evaluate { case, clerk } => r.evaluation = Some((d, *case, *clerk)),
                    Step::Close { .. } => r.closed = Some(d),
                    Step::RequestReview { .. } => r.review_requested = true,
                    _ => {}
                },
                _ => {}
            }
            if decided && self.in_period(d) {
                touched = true;
                let timely = accept_due.is_none_or(|due| d <= due);
                self.s.timely_acceptance.add(timely);
            }
        }

        let dept_key = r.lead.map(key).unwrap_or_else(|| NOT_ROUTED.to_string());
        if let Some(closed) = r.closed.filter(|d| self.in_period(*d)) {
            touched = true;
            let finish = r.opinion.unwrap_or(closed);
            let due = case
                .clocks
                .iter()
                .rev()
                .find(|c| {
                    matches!(c.kind, ClockKind::Handling | ClockKind::Extension)
                        && c.started <= finish
                })
                .map(|c| c.due.date);
            let on_time = due.is_none_or(|due| finish <= due);
            self.s.on_time_closure.add(on_time);
            let repeat = case
                .visits
                .iter()
                .any(|v| v.repeat && v.at.date() <= self.as_of);
            self.s
                .one_time_resolution
                .add(!repeat && !r.review_requested);
            let start = r.accepted.unwrap_or(case.reg.at.date());
            self.s.handling_days.num += (finish - start).num_days().max(0) as u64;
            self.s.handling_days.den += 1;
            let dt = self.dept.entry(dept_key.clone()).or_default();
            dt.closed += 1;
            dt.closed_on_time += u64::from(on_time);
        }
        if let Some((d, about_case, about_clerk)) = r.evaluation {
            if self.in_period(d) {
                touched = true;
                let good = |s: Satisfaction| s != Satisfaction::Unsatisfied;
                self.s.satisfaction.add(good(about_case));
                self.s.clerk_satisfaction.add(good(about_clerk));
            }
        }
        let status = r.status.unwrap_or(Status::Registered);
        if status.is_open() {
            touched = true;
            let end = self.as_of;
            let overdue = case
                .clocks
                .iter()
                .any(|c| c.started <= end && c.stopped.is_none_or(|s| s > end) && c.due.date < end);
            self.s.open += 1;
            self.s.overdue += u64::from(overdue);
            self.s.extended += u64::from(r.extended);
            let dt = self.dept.entry(dept_key).or_default();
            dt.open += 1;
            dt.overdue += u64::from(overdue);
        }
        if touched && case.clocks.iter().any(|c| c.due.calendar_incomplete) {
            self.s.calendar_incomplete_cases += 1;
        }
    }

    pub fn finish(self) -> Stats {
        let mut s = self.s;
        let batches = |t: &Tally| t.batches;
        s.by_category = sorted(self.category, batches);
        s.by_purpose = sorted(self.purpose, batches);
        s.by_mode = sorted(self.mode, batches);
        s.by_place = sorted(self.place, batches);
        s.by_clerk = sorted(self.clerk, batches);
        s.by_department = sorted(self.dept, |d| d.routed + d.closed + d.open);
        s
    }
}
