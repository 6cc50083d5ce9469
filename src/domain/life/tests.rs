use super::*;
use crate::domain::case::{CaseNo, Registration, VisitMode, Visitor};
use crate::domain::policy::Policy;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(date: NaiveDate) -> NaiveDateTime {
    date.and_hms_opt(10, 0, 0).unwrap()
}

fn case_on(date: NaiveDate) -> Case {
    let reg = Registration {
        at: at(date),
        visitor: Visitor {
            name: "张三".into(),
            ..Default::default()
        },
        people: 1,
        mode: VisitMode::Visit,
        category: "劳动和社会保障".into(),
        purpose: "申诉求决".into(),
        matter: "欠薪".into(),
        clerk: "甲".into(),
        place: String::new(),
        opinion: String::new(),
        ticket: None,
    };
    Case::open(
        CaseNo {
            year: date.year_ce().1 as i32,
            seq: 1,
        },
        reg,
        Policy::national_2022(),
        &WorkCalendar::builtin(),
    )
}

use chrono::Datelike;

fn head() -> Actor {
    Actor::everyone("科长")
}

fn clerk() -> Actor {
    Actor::clerk("甲")
}

fn running(c: &Case) -> Vec<(ClockKind, NaiveDate)> {
    c.running_clocks().map(|k| (k.kind, k.due.date)).collect()
}

/// Registered 2026-01-30, accepted 2026-02-05 (Spring Festival ahead), routed, answered,
/// delivered, evaluated and closed.
fn through_to_closed() -> Case {
    let cal = WorkCalendar::builtin();
    let mut c = case_on(d(2026, 1, 30));
    assert_eq!(running(&c), vec![(ClockKind::Acceptance, d(2026, 2, 14))]);
    c.apply(
        Step::Accept {
            told: d(2026, 2, 5),
        },
        &clerk(),
        at(d(2026, 2, 5)),
        &cal,
    )
    .unwrap();
    // 60 days after 02-05 is Tue 04-07 (Qingming 04-04..06 just before).
    assert_eq!(running(&c), vec![(ClockKind::Handling, d(2026, 4, 7))]);
    c.apply(
        Step::Route {
            mode: RouteMode::Assign,
            lead: "区人社局".into(),
            co: vec![],
            slip: 7,
        },
        &clerk(),
        at(d(2026, 2, 6)),
        &cal,
    )
    .unwrap();
    assert_eq!(c.status, Status::Routed);
    assert_eq!(c.life().department(), Some("区人社局"));
    c.apply(
        Step::Receipt {
            date: d(2026, 2, 9),
        },
        &clerk(),
        at(d(2026, 2, 9)),
        &cal,
    )
    .unwrap();
    c.apply(
        Step::Opinion {
            kind: OpinionKind::Support,
            date: d(2026, 3, 20),
        },
        &clerk(),
        at(d(2026, 3, 20)),
        &cal,
    )
    .unwrap();
    assert!(running(&c).is_empty());
    c.apply(
        Step::Delivered {
            date: d(2026, 3, 23),
        },
        &clerk(),
        at(d(2026, 3, 23)),
        &cal,
    )
    .unwrap();
    c.apply(
        Step::Evaluate {
            case: Satisfaction::Satisfied,
            clerk: Satisfaction::Satisfied,
        },
        &clerk(),
        at(d(2026, 3, 23)),
        &cal,
    )
    .unwrap();
    c.apply(
        Step::Close {
            override_reason: None,
        },
        &clerk(),
        at(d(2026, 3, 24)),
        &cal,
    )
    .unwrap();
    assert_eq!(c.status, Status::Closed);
    c
}

#[test]
fn full_life_from_acceptance_to_archive() {
    let cal = WorkCalendar::builtin();
    let mut c = through_to_closed();
    c.apply(
        Step::Archive { special: false },
        &clerk(),
        at(d(2026, 4, 1)),
        &cal,
    )
    .unwrap();
    assert_eq!(c.status, Status::Archived);
    let labels: Vec<&str> = c.history.iter().map(|e| e.kind.label()).collect();
    assert_eq!(
        labels,
        [
            "登记",
            "受理",
            "交办/转送",
            "回执",
            "处理意见",
            "意见送达",
            "评价",
            "办结",
            "归档"
        ]
    );
    assert!(
        c.history[2].note.contains("交办单第7号"),
        "{}",
        c.history[2].note
    );
}

#[test]
fn refusals_name_the_reason() {
    let cal = WorkCalendar::builtin();
    let mut c = case_on(d(2026, 11, 2));
    let now = at(d(2026, 11, 3));
    // Wrong state.
    let e = c
        .apply(
            Step::Opinion {
                kind: OpinionKind::Explain,
                date: d(2026, 11, 3),
            },
            &clerk(),
            now,
            &cal,
        )
        .unwrap_err();
    assert_eq!(
        e,
        LifeError::WrongState {
            status: "待受理",
            step: "处理意见"
        }
    );
    // Wrong role.
    let reject = Step::Reject {
        reason: "属诉讼范围".into(),
        redirect: "区人民法院".into(),
        told: d(2026, 11, 3),
    };
    assert_eq!(
        c.apply(reject.clone(), &clerk(), now, &cal),
        Err(LifeError::NeedsHead("不予受理"))
    );
    // Missing data.
    let empty = Step::Reject {
        reason: " ".into(),
        redirect: "区人民法院".into(),
        told: d(2026, 11, 3),
    };
    assert_eq!(
        c.apply(empty, &head(), now, &cal),
        Err(LifeError::Missing("不予受理的理由"))
    );
    let before = c.clone();
    assert_eq!(c, before, "a refused step changes nothing");
    c.apply(reject, &head(), now, &cal).unwrap();
    assert_eq!(c.status, Status::NotAccepted);
    assert!(running(&c).is_empty());
}

#[test]
fn extension_needs_a_head_and_respects_the_cap() {
    let cal = WorkCalendar::builtin();
    let mut c = case_on(d(2026, 7, 1));
    c.apply(
        Step::Accept {
            told: d(2026, 7, 3),
        },
        &clerk(),
        at(d(2026, 7, 3)),
        &cal,
    )
    .unwrap();
    // 07-03 + 60 = Tue 09-01.
    assert_eq!(running(&c), vec![(ClockKind::Handling, d(2026, 9, 1))]);
    let over = Step::RequestExtension {
        reason: "需现场核查".into(),
        days: 45,
    };
    assert_eq!(
        c.apply(over, &clerk(), at(d(2026, 8, 20)), &cal),
        Err(LifeError::OverCap { cap: 30, days: 45 })
    );
    c.apply(
        Step::RequestExtension {
            reason: "需现场核查".into(),
            days: 30,
        },
        &clerk(),
        at(d(2026, 8, 20)),
        &cal,
    )
    .unwrap();
    assert_eq!(
        c.apply(Step::ApproveExtension, &clerk(), at(d(2026, 8, 21)), &cal),
        Err(LifeError::NeedsHead("批准延期"))
    );
    c.apply(Step::ApproveExtension, &head(), at(d(2026, 8, 21)), &cal)
        .unwrap();
    // 30 days after the old due date 09-01 is Thu 10-01: National Day → rolls to Thu 10-08.
    assert_eq!(running(&c), vec![(ClockKind::Extension, d(2026, 10, 8))]);
    let again = Step::RequestExtension {
        reason: "再延".into(),
        days: 10,
    };
    assert_eq!(
        c.apply(again, &clerk(), at(d(2026, 9, 20)), &cal),
        Err(LifeError::NoExtensionsLeft(1))
    );
}

#[test]
fn pause_keeps_the_days_left() {
    let cal = WorkCalendar::builtin();
    let mut c = case_on(d(2026, 3, 2));
    c.apply(
        Step::Accept {
            told: d(2026, 3, 2),
        },
        &clerk(),
        at(d(2026, 3, 2)),
        &cal,
    )
    .unwrap();
    let due = running(&c)[0].1;
    assert_eq!(
        due,
        d(2026, 5, 6),
        "03-02 + 60 = 05-01 (Labour Day) → 05-06"
    );
    c.apply(
        Step::Pause {
            reason: "听证".into(),
            left: vec![],
            from: None,
        },
        &clerk(),
        at(d(2026, 3, 10)),
        &cal,
    )
    .unwrap();
    assert_eq!(c.status, Status::Paused);
    assert!(running(&c).is_empty());
    assert!(!c.can(StepKind::Opinion));
    c.apply(Step::Resume, &clerk(), at(d(2026, 3, 20)), &cal)
        .unwrap();
    assert_eq!(c.status, Status::Accepted);
    // 57 days were left on 03-10; from 03-20 that is 05-16 (Saturday) → Mon 05-18.
    assert_eq!(running(&c), vec![(ClockKind::Handling, d(2026, 5, 18))]);
}

#[test]
fn closing_needs_the_checklist_or_a_heads_override() {
    let cal = WorkCalendar::builtin();
    let mut c = case_on(d(2026, 3, 2));
    c.apply(
        Step::Accept {
            told: d(2026, 3, 2),
        },
        &clerk(),
        at(d(2026, 3, 2)),
        &cal,
    )
    .unwrap();
    c.apply(
        Step::Opinion {
            kind: OpinionKind::Explain,
            date: d(2026, 3, 9),
        },
        &clerk(),
        at(d(2026, 3, 9)),
        &cal,
    )
    .unwrap();
    let e = c
        .apply(
            Step::Close {
                override_reason: None,
            },
            &clerk(),
            at(d(2026, 3, 10)),
            &cal,
        )
        .unwrap_err();
    assert_eq!(
        e,
        LifeError::ChecklistIncomplete("意见送达回证、信访人评价".into())
    );
    let by_clerk = Step::Close {
        override_reason: Some("信访人拒绝签收".into()),
    };
    assert_eq!(
        c.apply(by_clerk.clone(), &clerk(), at(d(2026, 3, 10)), &cal),
        Err(LifeError::NeedsHead("清单未齐时办结"))
    );
    c.apply(by_clerk, &head(), at(d(2026, 3, 10)), &cal)
        .unwrap();
    assert_eq!(c.status, Status::Closed);
}

#[test]
fn review_chain_with_windows_and_late_requests() {
    let cal = WorkCalendar::builtin();
    let mut c = through_to_closed();
    // Delivered 03-23: the 30-day window ends 04-22.
    let late = Step::RequestReview {
        date: d(2026, 4, 30),
        late_override: None,
    };
    assert_eq!(
        c.apply(late, &clerk(), at(d(2026, 4, 30)), &cal),
        Err(LifeError::Late {
            due: d(2026, 4, 22)
        })
    );
    c.apply(
        Step::RequestReview {
            date: d(2026, 4, 20),
            late_override: None,
        },
        &clerk(),
        at(d(2026, 4, 20)),
        &cal,
    )
    .unwrap();
    assert_eq!(c.status, Status::UnderReview);
    assert_eq!(
        running(&c),
        vec![(ClockKind::ReviewDecision, d(2026, 5, 20))]
    );
    c.apply(
        Step::ReviewDecision {
            outcome: ReviewOutcome::Uphold,
            date: d(2026, 5, 15),
        },
        &clerk(),
        at(d(2026, 5, 15)),
        &cal,
    )
    .unwrap();
    c.apply(
        Step::RequestReReview {
            date: d(2026, 6, 1),
            late_override: None,
        },
        &clerk(),
        at(d(2026, 6, 1)),
        &cal,
    )
    .unwrap();
    // A hearing pauses the re-review clock.
    c.apply(
        Step::Pause {
            reason: "听证".into(),
            left: vec![],
            from: None,
        },
        &clerk(),
        at(d(2026, 6, 10)),
        &cal,
    )
    .unwrap();
    c.apply(Step::Resume, &clerk(), at(d(2026, 6, 20)), &cal)
        .unwrap();
    assert_eq!(c.status, Status::UnderReReview);
    c.apply(
        Step::ReReviewDecision {
            outcome: ReviewOutcome::Uphold,
            date: d(2026, 7, 1),
        },
        &clerk(),
        at(d(2026, 7, 1)),
        &cal,
    )
    .unwrap();
    assert_eq!(c.status, Status::NoLongerAccepted);
    assert_eq!(
        c.apply(
            Step::Terminate {
                reason: "三级终结".into()
            },
            &clerk(),
            at(d(2026, 7, 2)),
            &cal
        ),
        Err(LifeError::NeedsHead("终结"))
    );
    c.apply(
        Step::Terminate {
            reason: "三级终结".into(),
        },
        &head(),
        at(d(2026, 7, 2)),
        &cal,
    )
    .unwrap();
    assert_eq!(c.status, Status::Terminated);
}

#[test]
fn supervision_runs_its_own_clock() {
    let cal = WorkCalendar::builtin();
    let mut c = case_on(d(2026, 9, 1));
    c.apply(
        Step::Accept {
            told: d(2026, 9, 1),
        },
        &clerk(),
        at(d(2026, 9, 1)),
        &cal,
    )
    .unwrap();
    c.apply(
        Step::Supervise {
            dept: "区住建局".into(),
            days: 0,
            slip: 3,
        },
        &clerk(),
        at(d(2026, 9, 16)),
        &cal,
    )
    .unwrap();
    // Policy default 15 days from 09-16 = 10-01 → after National Day, 10-08.
    assert!(running(&c).contains(&(ClockKind::Supervision, d(2026, 10, 8))));
    assert!(!c.can(StepKind::Supervise));
    c.apply(
        Step::SupervisionReply {
            date: d(2026, 9, 30),
        },
        &clerk(),
        at(d(2026, 9, 30)),
        &cal,
    )
    .unwrap();
    assert!(running(&c)
        .iter()
        .all(|(k, _)| *k != ClockKind::Supervision));
}

fn any_step() -> impl Strategy<Value = (StepKind, u8)> {
    (prop::sample::select(StepKind::ALL.to_vec()), 0u8..4)
}

fn make(kind: StepKind, v: u8, date: NaiveDate) -> Step {
    let text = if v == 0 {
        String::new()
    } else {
        "理由".to_string()
    };
    match kind {
        StepKind::Accept => Step::Accept { told: date },
        StepKind::Reject => Step::Reject {
            reason: text.clone(),
            redirect: "法院".into(),
            told: date,
        },
        StepKind::NoLongerAccept => Step::NoLongerAccept { reason: text },
        StepKind::Route => Step::Route {
            mode: RouteMode::ALL[v as usize % 4],
            lead: "区人社局".into(),
            co: vec![],
            slip: 1,
        },
        StepKind::Receipt => Step::Receipt { date },
        StepKind::SendBack => Step::SendBack { reason: text },
        StepKind::Opinion => Step::Opinion {
            kind: OpinionKind::ALL[v as usize % 4],
            date,
        },
        StepKind::Delivered => Step::Delivered { date },
        StepKind::RequestExtension => Step::RequestExtension {
            reason: text,
            days: 10 * u32::from(v),
        },
        StepKind::ApproveExtension => Step::ApproveExtension,
        StepKind::RefuseExtension => Step::RefuseExtension { reason: text },
        StepKind::Pause => Step::Pause {
            reason: text,
            left: vec![],
            from: None,
        },
        StepKind::Resume => Step::Resume,
        StepKind::Supervise => Step::Supervise {
            dept: "区住建局".into(),
            days: 0,
            slip: 1,
        },
        StepKind::SupervisionReply => Step::SupervisionReply { date },
        StepKind::Evaluate => Step::Evaluate {
            case: Satisfaction::ALL[v as usize % 3],
            clerk: Satisfaction::Satisfied,
        },
        StepKind::ReturnVisit => Step::ReturnVisit { date, note: text },
        StepKind::Close => Step::Close {
            override_reason: if v == 3 { Some("批准".into()) } else { None },
        },
        StepKind::RequestReview => Step::RequestReview {
            date,
            late_override: None,
        },
        StepKind::ReviewDecision => Step::ReviewDecision {
            outcome: ReviewOutcome::ALL[v as usize % 4],
            date,
        },
        StepKind::RequestReReview => Step::RequestReReview {
            date,
            late_override: None,
        },
        StepKind::ReReviewDecision => Step::ReReviewDecision {
            outcome: ReviewOutcome::Uphold,
            date,
        },
        StepKind::Terminate => Step::Terminate { reason: text },
        StepKind::Archive => Step::Archive { special: v == 1 },
        StepKind::Recuse => Step::Recuse { reason: text },
    }
}

proptest! {
    #[test]
    fn random_steps_keep_the_invariants(steps in proptest::collection::vec((any_step(), any::<bool>()), 0..40)) {
        let cal = WorkCalendar::builtin();
        let mut c = case_on(d(2026, 1, 5));
        let mut date = d(2026, 1, 5);
        for ((kind, v), as_head) in steps {
            date = date + chrono::Days::new(u64::from(v));
            let actor = if as_head { head() } else { clerk() };
            let before = c.clone();
            match c.apply(make(kind, v, date), &actor, at(date), &cal) {
                Ok(()) => {
                    // History is append-only: exactly one new entry, the old ones untouched.
                    prop_assert_eq!(c.history.len(), before.history.len() + 1);
                    prop_assert_eq!(&c.history[..before.history.len()], &before.history[..]);
                    // Clocks only grow; a due date never moves without this event.
                    prop_assert!(c.clocks.len() >= before.clocks.len());
                    for (old, new) in before.clocks.iter().zip(&c.clocks) {
                        prop_assert_eq!(old.due, new.due);
                        prop_assert_eq!(old.kind, new.kind);
                    }
                    if kind.needs_head() {
                        prop_assert!(actor.is_head());
                    }
                }
                Err(_) => prop_assert_eq!(&c, &before),
            }
            if c.status == Status::Closed {
                let l = c.life();
                prop_assert!(l.opinion.is_some());
                let overridden = c.history.iter().any(|e| matches!(&e.kind, EventKind::Step(Step::Close { override_reason: Some(_) })));
                prop_assert!(l.evaluation.is_some() || overridden);
            }
            prop_assert!(c.status != Status::Paused || c.running_clocks().count() == 0);
        }
    }
}
