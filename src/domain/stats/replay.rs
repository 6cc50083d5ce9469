//! What a case's history says about its status, shared by the figures ([`super::StatsBuilder`])
//! and by the question a store's activity index answers: from which day on can a case still
//! count in a report ([`last_counted_day`])?

use super::event_date;
use crate::domain::case::{Case, EventKind, Status};
use crate::domain::life::Step;
use chrono::NaiveDate;

/// The status an entry of the history leads to, None when it leaves the status alone.
/// `paused_from` carries what a pause interrupted, for the resume after it.
pub(super) fn status_after(kind: &EventKind, paused_from: &mut Option<Status>) -> Option<Status> {
    let EventKind::Step(step) = kind else {
        return matches!(kind, EventKind::Accepted).then_some(Status::Accepted);
    };
    Some(match step {
        Step::Accept { .. } | Step::SendBack { .. } => Status::Accepted,
        Step::Reject { .. } => Status::NotAccepted,
        Step::NoLongerAccept { .. } | Step::ReReviewDecision { .. } => Status::NoLongerAccepted,
        Step::Route { .. } => Status::Routed,
        Step::Opinion { .. } => Status::Answered,
        Step::Pause { from, .. } => {
            *paused_from = *from;
            Status::Paused
        }
        Step::Resume => paused_from.unwrap_or(Status::Accepted),
        Step::Close { .. } => Status::Closed,
        Step::RequestReview { .. } => Status::UnderReview,
        Step::ReviewDecision { .. } => Status::Reviewed,
        Step::RequestReReview { .. } => Status::UnderReReview,
        Step::Terminate { .. } => Status::Terminated,
        Step::Archive { .. } => Status::Archived,
        _ => return None,
    })
}

/// The last day `case` can count on in any period's figures: its latest visit or history
/// entry (on the day the entry counts on, or the day it was recorded if later). None while
/// its history leaves it open: an open case counts at the end of every period.
///
/// A report whose periods start on `since` or later (and not after today) can skip the cases
/// whose day is before `since`: nothing of theirs is dated in the period, and at its end they
/// were already finished. The store keeps this day in an index (`Store::for_each_case_counted_since`).
pub fn last_counted_day(case: &Case) -> Option<NaiveDate> {
    let mut status = None;
    let mut paused_from = None;
    let mut last = case.reg.at.date();
    for v in &case.visits {
        last = last.max(v.at.date());
    }
    for e in &case.history {
        if let Some(s) = status_after(&e.kind, &mut paused_from) {
            status = Some(s);
        }
        last = last.max(event_date(e)).max(e.at.date());
    }
    (!status.unwrap_or(Status::Registered).is_open()).then_some(last)
}
