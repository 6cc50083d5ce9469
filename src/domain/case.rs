//! A petition case: the visitor, the matter, its clocks and its history.
//!
//! A case is created by a registration and only ever grows: every change is an [`Event`]
//! appended to its history, so the record proves who did what and when.

use super::calendar::WorkCalendar;
use super::idcard::Sex;
use super::policy::{due_date, ClockKind, Due, Policy};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Case number: year and a sequence that restarts each year. Allocated by the store,
/// unique, never reused; sorts by year then sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CaseNo {
    pub year: i32,
    pub seq: u32,
}

impl CaseNo {
    pub fn new(year: i32, seq: u32) -> Self {
        Self { year, seq }
    }

    /// Human-readable form with the office prefix, e.g. `XF-2026-000123`.
    pub fn display(&self, prefix: &str) -> String {
        if prefix.is_empty() {
            format!("{}-{:06}", self.year, self.seq)
        } else {
            format!("{}-{}-{:06}", prefix, self.year, self.seq)
        }
    }

    /// Parses what a clerk types: `XF-2026-000123`, `2026-123`, or a bare sequence (`123`)
    /// meaning the current year.
    pub fn parse(input: &str, current_year: i32) -> Option<Self> {
        let s = input.trim();
        if s.is_empty() {
            return None;
        }
        let parts: Vec<&str> = s.split('-').map(str::trim).collect();
        let num = |p: &str| -> Option<u64> {
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) || p.len() > 9 {
                None
            } else {
                p.parse().ok()
            }
        };
        let (year, seq) = match parts.as_slice() {
            [seq] => (current_year as u64, num(seq)?),
            [year, seq] => (num(year)?, num(seq)?),
            [_prefix, year, seq] => (num(year)?, num(seq)?),
            _ => return None,
        };
        if !(1900..=9999).contains(&year) || seq == 0 || seq > u32::MAX as u64 {
            return None;
        }
        Some(Self::new(year as i32, seq as u32))
    }

    /// Storage key: big-endian year and sequence, so byte order is case order.
    pub fn key(&self) -> [u8; 8] {
        let mut k = [0u8; 8];
        k[..4].copy_from_slice(&(self.year as u32).to_be_bytes());
        k[4..].copy_from_slice(&self.seq.to_be_bytes());
        k
    }

    pub fn from_key(k: &[u8]) -> Option<Self> {
        let y: [u8; 4] = k.get(..4)?.try_into().ok()?;
        let s: [u8; 4] = k.get(4..8)?.try_into().ok()?;
        Some(Self::new(
            u32::from_be_bytes(y) as i32,
            u32::from_be_bytes(s),
        ))
    }
}

impl fmt::Display for CaseNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:06}", self.year, self.seq)
    }
}

/// How the petition arrived (来访方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitMode {
    Visit,
    Letter,
    Online,
    Phone,
}

impl VisitMode {
    pub const ALL: [VisitMode; 4] = [Self::Visit, Self::Letter, Self::Online, Self::Phone];
    pub fn label(self) -> &'static str {
        match self {
            Self::Visit => "走访",
            Self::Letter => "来信",
            Self::Online => "网上",
            Self::Phone => "电话",
        }
    }
    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.label() == s.trim())
    }
}

/// The person who came (信访人). Every field but the name is optional: a visitor may refuse.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visitor {
    pub name: String,
    pub sex: Option<Sex>,
    pub birth: Option<NaiveDate>,
    /// Age as told, when no birth date is known.
    pub age: Option<u32>,
    pub ethnicity: String,
    /// Normalised ID number (upper-case X, ASCII digits), or empty.
    pub id_number: String,
    /// The clerk's reason for keeping an ID number whose check digit is wrong.
    pub id_override: Option<String>,
    pub address: String,
    pub phone: String,
    pub occupation: String,
}

/// What a clerk fills in at registration (登记).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub visitor: Visitor,
    /// 事发地
    pub place: String,
    /// 人数 (person-times of this batch)
    pub people: u32,
    /// 问题分类 label
    pub category: String,
    /// 信访目的 label
    pub purpose: String,
    /// 主要诉求
    pub matter: String,
    /// 拟办意见
    pub opinion: String,
    pub mode: VisitMode,
    /// 登记人
    pub clerk: String,
    /// 登记时间
    pub at: NaiveDateTime,
    /// Queue ticket that brought the visitor, if any (e.g. `A012`).
    pub ticket: Option<String>,
}

/// Where a case stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// 待受理: registered, acceptance decision pending.
    Registered,
    /// 办理中: accepted and being handled.
    Accepted,
    /// 不予受理 / 不再受理
    NotAccepted,
    /// 已办结
    Closed,
    /// 已归档
    Archived,
    /// 已交办/转送: with a department. (Variants below were added later; append only.)
    Routed,
    /// 已出具处理意见
    Answered,
    /// 暂停计时 (hearing, waiting for material)
    Paused,
    /// 复查中
    UnderReview,
    /// 复查已决
    Reviewed,
    /// 复核中
    UnderReReview,
    /// 不再受理 (through review, or refused again)
    NoLongerAccepted,
    /// 终结
    Terminated,
}

impl Status {
    pub const ALL: [Status; 13] = [
        Self::Registered,
        Self::Accepted,
        Self::NotAccepted,
        Self::Closed,
        Self::Archived,
        Self::Routed,
        Self::Answered,
        Self::Paused,
        Self::UnderReview,
        Self::Reviewed,
        Self::UnderReReview,
        Self::NoLongerAccepted,
        Self::Terminated,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Registered => "待受理",
            Self::Accepted => "办理中",
            Self::NotAccepted => "不予受理",
            Self::Closed => "已办结",
            Self::Archived => "已归档",
            Self::Routed => "已交办",
            Self::Answered => "已答复",
            Self::Paused => "暂停",
            Self::UnderReview => "复查中",
            Self::Reviewed => "复查已决",
            Self::UnderReReview => "复核中",
            Self::NoLongerAccepted => "不再受理",
            Self::Terminated => "已终结",
        }
    }
    pub fn code(self) -> u8 {
        match self {
            Self::Registered => 1,
            Self::Accepted => 2,
            Self::NotAccepted => 3,
            Self::Closed => 4,
            Self::Archived => 5,
            Self::Routed => 6,
            Self::Answered => 7,
            Self::Paused => 8,
            Self::UnderReview => 9,
            Self::Reviewed => 10,
            Self::UnderReReview => 11,
            Self::NoLongerAccepted => 12,
            Self::Terminated => 13,
        }
    }
    /// Still being worked on (在办): counted on the board and open for repeat visits.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Registered
                | Self::Accepted
                | Self::Routed
                | Self::Answered
                | Self::Paused
                | Self::UnderReview
                | Self::UnderReReview
        )
    }
}

/// One running or finished clock of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    pub kind: ClockKind,
    pub started: NaiveDate,
    pub due: Due,
    /// Set when the clock was met (the step it waited for happened).
    pub stopped: Option<NaiveDate>,
}

impl ClockState {
    pub fn is_running(&self) -> bool {
        self.stopped.is_none()
    }
}

/// A visit of the petitioner for this case (the first one is the registration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub at: NaiveDateTime,
    pub people: u32,
    pub clerk: String,
    pub ticket: Option<String>,
    pub mode: VisitMode,
    /// True for 重复访: the visitor came again about this open case.
    pub repeat: bool,
    pub note: String,
}

/// What happened to a case. New kinds are appended at the end only (bincode stores the
/// variant index), so old records keep decoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Registered,
    RepeatVisit,
    /// A field was corrected: field name, old value, new value.
    Corrected {
        field: String,
        old: String,
        new: String,
    },
    Note,
    Accepted,
    /// A step of the case's life (see [`super::life`]).
    Step(super::life::Step),
    /// A numbered document was produced (受理告知书 〔2026〕3号…).
    Document {
        title: String,
        number: String,
    },
}

impl EventKind {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Registered => "登记",
            Self::RepeatVisit => "重复访",
            Self::Corrected { .. } => "更正",
            Self::Note => "备注",
            Self::Accepted => "受理",
            Self::Step(s) => s.kind().label(),
            Self::Document { .. } => "出具文书",
        }
    }
}

/// One entry of the history: who, when, what, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: NaiveDateTime,
    pub actor: String,
    pub kind: EventKind,
    pub note: String,
}

/// The case record as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub no: CaseNo,
    /// Bumped by the store on every save; a save of a stale copy is refused.
    pub rev: u64,
    pub reg: Registration,
    pub status: Status,
    /// The policy the case was registered under (kept whole, so later edits of the
    /// policy files do not move this case's deadlines).
    pub policy: Policy,
    pub clocks: Vec<ClockState>,
    pub visits: Vec<Visit>,
    pub history: Vec<Event>,
}

impl Case {
    /// Builds a fresh case from a registration (the store assigns `no` and `rev`).
    pub fn open(no: CaseNo, reg: Registration, policy: Policy, cal: &WorkCalendar) -> Self {
        let start = reg.at.date();
        let mut clocks = Vec::new();
        if let Some(rule) = policy.rule(ClockKind::Acceptance) {
            clocks.push(ClockState {
                kind: ClockKind::Acceptance,
                started: start,
                due: due_date(cal, start, rule),
                stopped: None,
            });
        }
        let visit = Visit {
            at: reg.at,
            people: reg.people,
            clerk: reg.clerk.clone(),
            ticket: reg.ticket.clone(),
            mode: reg.mode,
            repeat: false,
            note: String::new(),
        };
        let ev = Event {
            at: reg.at,
            actor: reg.clerk.clone(),
            kind: EventKind::Registered,
            note: String::new(),
        };
        Self {
            no,
            rev: 0,
            reg,
            status: Status::Registered,
            policy,
            clocks,
            visits: vec![visit],
            history: vec![ev],
        }
    }

    /// Records a repeat visit (重复访) on this case.
    pub fn add_repeat_visit(
        &mut self,
        at: NaiveDateTime,
        clerk: &str,
        people: u32,
        note: &str,
        ticket: Option<String>,
    ) {
        self.visits.push(Visit {
            at,
            people,
            clerk: clerk.to_string(),
            ticket,
            mode: VisitMode::Visit,
            repeat: true,
            note: note.to_string(),
        });
        self.history.push(Event {
            at,
            actor: clerk.to_string(),
            kind: EventKind::RepeatVisit,
            note: note.to_string(),
        });
    }

    /// Records acceptance (受理) on `date`: the acceptance clock stops and the handling
    /// clock starts from that date.
    pub fn record_acceptance(&mut self, date: NaiveDate, actor: &str, cal: &WorkCalendar) {
        for c in self.clocks.iter_mut() {
            if c.kind == ClockKind::Acceptance && c.stopped.is_none() {
                c.stopped = Some(date);
            }
        }
        if let Some(rule) = self.policy.rule(ClockKind::Handling) {
            self.clocks.push(ClockState {
                kind: ClockKind::Handling,
                started: date,
                due: due_date(cal, date, rule),
                stopped: None,
            });
        }
        self.status = Status::Accepted;
        self.history.push(Event {
            at: date.and_hms_opt(9, 0, 0).unwrap_or_default(),
            actor: actor.to_string(),
            kind: EventKind::Accepted,
            note: String::new(),
        });
    }

    /// The due date of a clock kind (the latest one of that kind), if it ever ran.
    pub fn due(&self, kind: ClockKind) -> Option<Due> {
        self.clocks
            .iter()
            .rev()
            .find(|c| c.kind == kind)
            .map(|c| c.due)
    }

    /// Clocks still running, i.e. the ones the board watches.
    pub fn running_clocks(&self) -> impl Iterator<Item = &ClockState> {
        self.clocks.iter().filter(|c| c.is_running())
    }

    pub fn repeat_visits(&self) -> usize {
        self.visits.iter().filter(|v| v.repeat).count()
    }

    /// The short form kept for lists and searches.
    pub fn summary(&self) -> CaseSummary {
        let next = self
            .running_clocks()
            .min_by_key(|c| c.due.date)
            .map(|c| (c.kind, c.due.date));
        CaseSummary {
            no: self.no,
            registered: self.reg.at,
            name: self.reg.visitor.name.clone(),
            id_number: self.reg.visitor.id_number.clone(),
            phone: self.reg.visitor.phone.clone(),
            category: self.reg.category.clone(),
            purpose: self.reg.purpose.clone(),
            status: self.status,
            matter_head: self.reg.matter.chars().take(80).collect(),
            next_due: next,
            visits: self.visits.len() as u32,
        }
    }

    pub fn year(&self) -> i32 {
        self.reg.at.date().year()
    }
}

/// The short form of a case: what lists, searches and the board need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub no: CaseNo,
    pub registered: NaiveDateTime,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub category: String,
    pub purpose: String,
    pub status: Status,
    pub matter_head: String,
    pub next_due: Option<(ClockKind, NaiveDate)>,
    pub visits: u32,
}

impl CaseSummary {
    /// Whether a typed query finds this case: case number, name, the last digits of the
    /// ID number or phone, or words of the matter.
    pub fn matches(&self, query: &str, prefix: &str) -> bool {
        let q = query.trim();
        if q.is_empty() {
            return true;
        }
        let qu = q.to_uppercase();
        if self.no.display(prefix).contains(&qu) || self.no.to_string().contains(&qu) {
            return true;
        }
        if self.name.contains(q) || self.category.contains(q) || self.matter_head.contains(q) {
            return true;
        }
        if qu.len() >= 4 && qu.chars().all(|c| c.is_ascii_digit() || c == 'X') {
            return self.id_number.ends_with(&qu) || self.phone.ends_with(&qu);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_no_parse_and_order() {
        assert_eq!(CaseNo::parse("123", 2026), Some(CaseNo::new(2026, 123)));
        assert_eq!(
            CaseNo::parse("XF-2025-000007", 2026),
            Some(CaseNo::new(2025, 7))
        );
        assert_eq!(CaseNo::parse("2025-7", 2026), Some(CaseNo::new(2025, 7)));
        assert_eq!(CaseNo::parse("0", 2026), None);
        assert_eq!(CaseNo::parse("abc", 2026), None);
        assert_eq!(CaseNo::parse("", 2026), None);
        assert_eq!(CaseNo::new(2026, 5).display("XF"), "XF-2026-000005");
        let a = CaseNo::new(2025, 999);
        let b = CaseNo::new(2026, 1);
        assert!(a < b && a.key() < b.key());
        assert_eq!(CaseNo::from_key(&b.key()), Some(b));
    }
}
