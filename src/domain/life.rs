//! The life of a case after registration, as a state machine: acceptance, routing with
//! numbered slips, receipt and send-back, the department's opinion and its delivery,
//! extension (head only, capped by the policy), pause and resume, supervision, evaluation,
//! return visit, closure with its checklist, the review chain, termination and archive.
//!
//! Every step is kept in the case history as [`EventKind::Step`]; the derived facts (which
//! department holds it, whether it was delivered, …) are read back from the history by
//! [`Case::life`], so the stored record only ever grows.

use super::calendar::WorkCalendar;
use super::case::{Case, ClockState, Event, EventKind, Status};
use super::policy::{due_date, ClockKind, ClockRule, DayUnit};
use chrono::{NaiveDate, NaiveDateTime};

mod step;
pub use step::*;

/// Why a step was refused, in words for the clerk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifeError {
    #[error("案件现为“{status}”，不能{step}")]
    WrongState {
        status: &'static str,
        step: &'static str,
    },
    #[error("“{0}”须由科长/负责人办理")]
    NeedsHead(&'static str),
    #[error("请填写{0}")]
    Missing(&'static str),
    #[error("期限政策只允许延期 {0} 次，已用完")]
    NoExtensionsLeft(u32),
    #[error("延期不得超过 {cap} 天（申请 {days} 天）")]
    OverCap { cap: u32, days: u32 },
    #[error("已有待批的延期申请")]
    ExtensionPending,
    #[error("没有待批的延期申请")]
    NoExtensionPending,
    #[error("办结清单未齐：{0}。如确需办结，须由负责人填写理由批准")]
    ChecklistIncomplete(String),
    #[error("申请已超过期限（应在 {due} 前提出）；如确需受理，须由负责人填写理由批准")]
    Late { due: NaiveDate },
    #[error("日期 {date} 早于{what} {earlier}")]
    DateBefore {
        date: NaiveDate,
        what: &'static str,
        earlier: NaiveDate,
    },
    #[error("没有进行中的督办")]
    NoSupervision,
}

/// What the history says about the case now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Life {
    pub accepted: Option<NaiveDate>,
    pub route: Option<(RouteMode, String, Vec<String>, u32)>,
    pub receipt: Option<NaiveDate>,
    pub opinion: Option<(OpinionKind, NaiveDate)>,
    pub delivered: Option<NaiveDate>,
    pub extension_pending: Option<(String, u32)>,
    pub extensions: u32,
    pub pause: Option<(Vec<(ClockKind, i64)>, Status)>,
    pub supervising: bool,
    pub evaluation: Option<(Satisfaction, Satisfaction)>,
    pub return_visit: Option<NaiveDate>,
    pub review_decided: Option<NaiveDate>,
    pub recused: Vec<String>,
}

impl Life {
    /// The department holding the case, if routed.
    pub fn department(&self) -> Option<&str> {
        self.route.as_ref().map(|r| r.1.as_str())
    }

    /// What is still missing before the case may be closed.
    pub fn checklist_missing(&self) -> Vec<&'static str> {
        let mut m = Vec::new();
        if self.opinion.is_none() {
            m.push("处理意见");
        }
        if self.delivered.is_none() {
            m.push("意见送达回证");
        }
        if self.evaluation.is_none() {
            m.push("信访人评价");
        }
        m
    }
}

impl Case {
    /// Reads the life facts back from the history.
    pub fn life(&self) -> Life {
        let mut l = Life::default();
        for e in &self.history {
            let EventKind::Step(s) = &e.kind else {
                if e.kind == EventKind::Accepted {
                    l.accepted = Some(e.at.date());
                }
                continue;
            };
            match s {
                Step::Accept { told } => l.accepted = Some(*told),
                Step::Route {
                    mode,
                    lead,
                    co,
                    slip,
                } => {
                    l.route = Some((*mode, lead.clone(), co.clone(), *slip));
                    l.receipt = None;
                }
                Step::Receipt { date } => l.receipt = Some(*date),
                Step::SendBack { .. } => {
                    l.route = None;
                    l.receipt = None;
                }
                Step::Opinion { kind, date } => l.opinion = Some((*kind, *date)),
                Step::Delivered { date } => l.delivered = Some(*date),
                Step::RequestExtension { reason, days } => {
                    l.extension_pending = Some((reason.clone(), *days))
                }
                Step::ApproveExtension => {
                    l.extension_pending = None;
                    l.extensions += 1;
                }
                Step::RefuseExtension { .. } => l.extension_pending = None,
                Step::Pause { left, from, .. } => {
                    l.pause = Some((left.clone(), from.unwrap_or(Status::Accepted)));
                }
                Step::Resume => l.pause = None,
                Step::Supervise { .. } => l.supervising = true,
                Step::SupervisionReply { .. } => l.supervising = false,
                Step::Evaluate { case, clerk } => l.evaluation = Some((*case, *clerk)),
                Step::ReturnVisit { date, .. } => l.return_visit = Some(*date),
                Step::ReviewDecision { date, .. } => l.review_decided = Some(*date),
                Step::Recuse { .. } => l.recused.push(e.actor.clone()),
                _ => {}
            }
        }
        l
    }

    /// Whether `kind` can be taken now (by someone allowed to), without its data.
    pub fn can(&self, kind: StepKind) -> bool {
        self.state_allows(kind, &self.life()).is_ok()
    }

    /// The steps valid for the case in its state, for the menu.
    pub fn available(&self) -> Vec<StepKind> {
        let life = self.life();
        StepKind::ALL
            .into_iter()
            .filter(|k| self.state_allows(*k, &life).is_ok())
            .collect()
    }

    fn state_allows(&self, kind: StepKind, l: &Life) -> Result<(), LifeError> {
        use Status as S;
        use StepKind as K;
        let ok = match kind {
            K::Accept | K::Reject | K::NoLongerAccept => self.status == S::Registered,
            K::Route => self.status == S::Accepted,
            K::Receipt => self.status == S::Routed && l.receipt.is_none(),
            K::SendBack => self.status == S::Routed,
            K::Opinion => matches!(self.status, S::Accepted | S::Routed),
            K::Delivered => self.status == S::Answered && l.delivered.is_none(),
            K::RequestExtension => {
                matches!(self.status, S::Accepted | S::Routed) && l.extension_pending.is_none()
            }
            K::ApproveExtension | K::RefuseExtension => {
                l.extension_pending.is_some() && self.status != S::Paused
            }
            K::Pause => {
                matches!(
                    self.status,
                    S::Accepted | S::Routed | S::UnderReview | S::UnderReReview
                )
            }
            K::Resume => self.status == S::Paused,
            K::Supervise => matches!(self.status, S::Accepted | S::Routed) && !l.supervising,
            K::SupervisionReply => l.supervising,
            K::Evaluate | K::ReturnVisit => {
                l.delivered.is_some() && matches!(self.status, S::Answered | S::Closed)
            }
            K::Close => self.status == S::Answered,
            K::RequestReview => {
                matches!(self.status, S::Answered | S::Closed) && l.delivered.is_some()
            }
            K::ReviewDecision => self.status == S::UnderReview,
            K::RequestReReview => self.status == S::Reviewed,
            K::ReReviewDecision => self.status == S::UnderReReview,
            K::Terminate => self.status == S::NoLongerAccepted,
            K::Archive => {
                matches!(
                    self.status,
                    S::Closed | S::NotAccepted | S::NoLongerAccepted | S::Terminated | S::Reviewed
                )
            }
            K::Recuse => self.status != S::Archived,
        };
        if ok {
            Ok(())
        } else {
            Err(LifeError::WrongState {
                status: self.status.label(),
                step: kind.label(),
            })
        }
    }

    /// Takes one step: checks the state, the role and the data, moves the clocks, and appends
    /// the step to the history. On error nothing changes.
    pub fn apply(
        &mut self,
        mut step: Step,
        actor: &Actor,
        at: NaiveDateTime,
        cal: &WorkCalendar,
    ) -> Result<(), LifeError> {
        let kind = step.kind();
        let life = self.life();
        self.state_allows(kind, &life)?;
        if kind.needs_head() && !actor.is_head() {
            return Err(LifeError::NeedsHead(kind.label()));
        }
        let today = at.date();
        match &mut step {
            Step::Accept { told } => {
                self.stop(&[ClockKind::Acceptance], *told);
                self.start(ClockKind::Handling, *told, None, cal);
                self.status = Status::Accepted;
            }
            Step::Reject {
                reason,
                redirect,
                told,
            } => {
                need(reason, "不予受理的理由")?;
                need(redirect, "应向何处反映")?;
                self.stop(&[ClockKind::Acceptance], *told);
                self.status = Status::NotAccepted;
            }
            Step::NoLongerAccept { reason } => {
                need(reason, "不再受理的理由")?;
                self.stop(&[ClockKind::Acceptance], today);
                self.status = Status::NoLongerAccepted;
            }
            Step::Route { lead, .. } => {
                need(lead, "承办单位")?;
                self.status = Status::Routed;
            }
            Step::Receipt { date } => {
                self.not_before(*date)?;
            }
            Step::SendBack { reason } => {
                need(reason, "退回理由")?;
                self.status = Status::Accepted;
            }
            Step::Opinion { date, .. } => {
                self.not_before(*date)?;
                self.stop(
                    &[
                        ClockKind::Handling,
                        ClockKind::Extension,
                        ClockKind::Supervision,
                    ],
                    *date,
                );
                self.status = Status::Answered;
            }
            Step::Delivered { date } => {
                if let Some((_, od)) = life.opinion {
                    if *date < od {
                        return Err(LifeError::DateBefore {
                            date: *date,
                            what: "出具意见日期",
                            earlier: od,
                        });
                    }
                }
            }
            Step::RequestExtension { reason, days } => {
                need(reason, "延期理由")?;
                let p = &self.policy;
                if life.extensions >= p.max_extensions {
                    return Err(LifeError::NoExtensionsLeft(p.max_extensions));
                }
                if *days == 0 || *days > p.extension_cap_days {
                    return Err(LifeError::OverCap {
                        cap: p.extension_cap_days,
                        days: *days,
                    });
                }
            }
            Step::ApproveExtension => {
                let days = life.extension_pending.as_ref().map(|p| p.1).unwrap_or(0);
                let from = self
                    .clocks
                    .iter()
                    .rev()
                    .find(|c| {
                        c.is_running()
                            && matches!(c.kind, ClockKind::Handling | ClockKind::Extension)
                    })
                    .map(|c| c.due.date)
                    .unwrap_or(today);
                self.stop(&[ClockKind::Handling, ClockKind::Extension], from);
                let roll = self
                    .policy
                    .rule(ClockKind::Extension)
                    .map(|r| r.roll_over)
                    .unwrap_or(true);
                let rule = ClockRule {
                    days,
                    unit: DayUnit::Calendar,
                    roll_over: roll,
                };
                self.clocks.push(ClockState {
                    kind: ClockKind::Extension,
                    started: from,
                    due: due_date(cal, from, rule),
                    stopped: None,
                });
            }
            Step::RefuseExtension { reason } => need(reason, "不批准的理由")?,
            Step::Pause { reason, left, from } => {
                need(reason, "暂停的原因（如听证、补充材料）")?;
                *left = self
                    .clocks
                    .iter()
                    .filter(|c| c.is_running())
                    .map(|c| (c.kind, (c.due.date - today).num_days()))
                    .collect();
                *from = Some(self.status);
                for c in self.clocks.iter_mut().filter(|c| c.is_running()) {
                    c.stopped = Some(today);
                }
                self.status = Status::Paused;
            }
            Step::Resume => {
                let (left, from) = life.pause.clone().unwrap_or((Vec::new(), Status::Accepted));
                for (k, days) in left {
                    let roll = self.policy.rule(k).map(|r| r.roll_over).unwrap_or(true);
                    let rule = ClockRule {
                        days: days.max(0) as u32,
                        unit: DayUnit::Calendar,
                        roll_over: roll,
                    };
                    self.clocks.push(ClockState {
                        kind: k,
                        started: today,
                        due: due_date(cal, today, rule),
                        stopped: None,
                    });
                }
                self.status = from;
            }
            Step::Supervise { dept, days, .. } => {
                need(dept, "督办对象")?;
                if *days == 0 {
                    *days = self
                        .policy
                        .rule(ClockKind::Supervision)
                        .map(|r| r.days)
                        .unwrap_or(15);
                }
                let rule = ClockRule {
                    days: *days,
                    unit: DayUnit::Calendar,
                    roll_over: true,
                };
                self.clocks.push(ClockState {
                    kind: ClockKind::Supervision,
                    started: today,
                    due: due_date(cal, today, rule),
                    stopped: None,
                });
            }
            Step::SupervisionReply { date } => self.stop(&[ClockKind::Supervision], *date),
            Step::Evaluate { .. } | Step::ReturnVisit { .. } => {}
            Step::Close { override_reason } => {
                let missing = life.checklist_missing();
                if !missing.is_empty() {
                    match override_reason.as_deref().map(str::trim) {
                        Some(r) if !r.is_empty() && actor.is_head() => {}
                        Some(r) if !r.is_empty() => {
                            return Err(LifeError::NeedsHead("清单未齐时办结"))
                        }
                        _ => return Err(LifeError::ChecklistIncomplete(missing.join("、"))),
                    }
                }
                self.stop(&ClockKind::ALL, today);
                self.status = Status::Closed;
            }
            Step::RequestReview {
                date,
                late_override,
            } => {
                let start = life.delivered.unwrap_or(*date);
                self.request_in_time(
                    ClockKind::ReviewRequest,
                    start,
                    *date,
                    late_override,
                    actor,
                    cal,
                )?;
                self.start(ClockKind::ReviewDecision, *date, None, cal);
                self.status = Status::UnderReview;
            }
            Step::ReviewDecision { date, .. } => {
                self.stop(&[ClockKind::ReviewDecision], *date);
                self.status = Status::Reviewed;
            }
            Step::RequestReReview {
                date,
                late_override,
            } => {
                let start = life.review_decided.unwrap_or(*date);
                self.request_in_time(
                    ClockKind::ReReviewRequest,
                    start,
                    *date,
                    late_override,
                    actor,
                    cal,
                )?;
                self.start(ClockKind::ReReviewDecision, *date, None, cal);
                self.status = Status::UnderReReview;
            }
            Step::ReReviewDecision { date, .. } => {
                self.stop(&[ClockKind::ReReviewDecision], *date);
                self.status = Status::NoLongerAccepted;
            }
            Step::Terminate { reason } => {
                need(reason, "终结的理由")?;
                self.status = Status::Terminated;
            }
            Step::Archive { .. } => self.status = Status::Archived,
            Step::Recuse { reason } => need(reason, "回避的原因")?,
        }
        self.history.push(Event {
            at,
            actor: actor.name.clone(),
            note: step.describe(),
            kind: EventKind::Step(step),
        });
        Ok(())
    }

    fn stop(&mut self, kinds: &[ClockKind], date: NaiveDate) {
        for c in self
            .clocks
            .iter_mut()
            .filter(|c| c.is_running() && kinds.contains(&c.kind))
        {
            c.stopped = Some(date);
        }
    }

    fn start(&mut self, kind: ClockKind, from: NaiveDate, days: Option<u32>, cal: &WorkCalendar) {
        if let Some(mut rule) = self.policy.rule(kind) {
            if let Some(d) = days {
                rule.days = d;
            }
            self.clocks.push(ClockState {
                kind,
                started: from,
                due: due_date(cal, from, rule),
                stopped: None,
            });
        }
    }

    fn not_before(&self, date: NaiveDate) -> Result<(), LifeError> {
        let reg = self.reg.at.date();
        if date < reg {
            return Err(LifeError::DateBefore {
                date,
                what: "登记日期",
                earlier: reg,
            });
        }
        Ok(())
    }

    fn request_in_time(
        &self,
        window: ClockKind,
        start: NaiveDate,
        date: NaiveDate,
        late_override: &Option<String>,
        actor: &Actor,
        cal: &WorkCalendar,
    ) -> Result<(), LifeError> {
        let Some(rule) = self.policy.rule(window) else {
            return Ok(());
        };
        let due = due_date(cal, start, rule).date;
        if date <= due {
            return Ok(());
        }
        match late_override.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() && actor.is_head() => Ok(()),
            Some(r) if !r.is_empty() => Err(LifeError::NeedsHead("受理逾期申请")),
            _ => Err(LifeError::Late { due }),
        }
    }
}

fn need(text: &mut String, what: &'static str) -> Result<(), LifeError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(LifeError::Missing(what));
    }
    *text = t.to_string();
    Ok(())
}

#[cfg(test)]
mod tests;
