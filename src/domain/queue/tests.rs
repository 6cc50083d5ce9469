use super::*;
use proptest::prelude::*;

fn t(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn take(q: &mut Queue, letter: char, at: NaiveDateTime) -> String {
    q.take(&QueueConfig::default(), letter, at, 1, vec![], None)
        .unwrap()
        .number()
}

#[test]
fn numbers_restart_per_kind_and_day() {
    let mut q = Queue::new(t(8, 0).date());
    assert_eq!(take(&mut q, 'A', t(8, 0)), "A001");
    assert_eq!(take(&mut q, 'A', t(8, 1)), "A002");
    assert_eq!(take(&mut q, 'v', t(8, 2)), "V001");
    let (q2, closed) = q.roll_to(t(8, 0).date().succ_opt().unwrap());
    assert_eq!(closed.len(), 3);
    assert!(closed.iter().all(|t| t.state == TicketState::NotServed));
    assert_eq!(q2.carried_closed, 3);
    let mut q2 = q2;
    assert_eq!(take(&mut q2, 'A', t(8, 0)), "A001");
}

#[test]
fn priority_before_ordinary_and_first_come_within_a_kind() {
    let cfg = QueueConfig::default();
    let mut q = Queue::new(t(8, 0).date());
    take(&mut q, 'A', t(8, 0));
    take(&mut q, 'A', t(8, 1));
    take(&mut q, 'V', t(8, 5));
    assert_eq!(q.ahead_of(&cfg, "A001", t(8, 6)), 1);
    assert_eq!(
        q.call_next(&cfg, "1号窗口", t(8, 10)).unwrap().number(),
        "V001"
    );
    assert_eq!(
        q.call_next(&cfg, "1号窗口", t(8, 11)).unwrap().number(),
        "A001"
    );
    assert_eq!(
        q.call_next(&cfg, "1号窗口", t(8, 12)).unwrap().number(),
        "A002"
    );
    assert_eq!(
        q.call_next(&cfg, "1号窗口", t(8, 13)),
        Err(QueueError::Empty)
    );
}

#[test]
fn appointments_go_first_only_at_their_time() {
    let cfg = QueueConfig::default();
    let mut q = Queue::new(t(8, 0).date());
    q.take(
        &cfg,
        'Y',
        t(8, 0),
        1,
        vec![],
        NaiveTime::from_hms_opt(10, 0, 0),
    )
    .unwrap();
    take(&mut q, 'A', t(8, 30));
    assert_eq!(q.call_next(&cfg, "1", t(9, 0)).unwrap().number(), "A001");
    take(&mut q, 'V', t(9, 30));
    assert_eq!(q.call_next(&cfg, "1", t(10, 0)).unwrap().number(), "Y001");
    assert!(matches!(
        q.take(&cfg, 'Y', t(8, 0), 1, vec![], None),
        Err(QueueError::NeedsTime)
    ));
}

#[test]
fn collective_visits_are_limited_to_five_representatives() {
    let cfg = QueueConfig::default();
    let mut q = Queue::new(t(8, 0).date());
    let reps: Vec<String> = (1..=6).map(|i| format!("代表{i}")).collect();
    let e = q
        .take(&cfg, 'B', t(8, 0), 30, reps.clone(), None)
        .unwrap_err();
    assert!(e.to_string().contains("不得超过 5 人"), "{e}");
    let ok = q
        .take(&cfg, 'B', t(8, 0), 30, reps[..5].to_vec(), None)
        .unwrap();
    assert_eq!(ok.people, 30);
}

#[test]
fn daily_cap() {
    let mut cfg = QueueConfig::default();
    cfg.kinds[1].daily_cap = Some(1);
    let mut q = Queue::new(t(8, 0).date());
    q.take(&cfg, 'A', t(8, 0), 1, vec![], None).unwrap();
    assert!(matches!(
        q.take(&cfg, 'A', t(8, 1), 1, vec![], None),
        Err(QueueError::CapReached { .. })
    ));
    assert!(matches!(
        q.take(&cfg, 'Z', t(8, 1), 1, vec![], None),
        Err(QueueError::UnknownKind('Z'))
    ));
}

#[test]
fn no_show_reinstate_goes_to_the_end_and_park_resume() {
    let cfg = QueueConfig::default();
    let mut q = Queue::new(t(8, 0).date());
    take(&mut q, 'A', t(8, 0));
    take(&mut q, 'A', t(8, 1));
    q.call_next(&cfg, "1", t(8, 5)).unwrap();
    q.recall("A001", t(8, 6)).unwrap();
    assert_eq!(q.calls.len(), 2);
    assert!(q.calls[1].recall);
    q.no_show("A001").unwrap();
    q.reinstate("A001", t(8, 20)).unwrap();
    assert_eq!(
        q.waiting(&cfg, t(8, 21))
            .iter()
            .map(|t| t.number())
            .collect::<Vec<_>>(),
        vec!["A002", "A001"]
    );
    q.call_next(&cfg, "1", t(8, 22)).unwrap();
    q.park("A002").unwrap();
    assert!(
        q.finish("A002", t(8, 23), None).is_err(),
        "parked must be resumed first"
    );
    q.resume("A002", t(8, 30)).unwrap();
    q.finish("A002", t(8, 40), Some("XF-2026-000001".into()))
        .unwrap();
    let s = q.stats(t(8, 41));
    assert_eq!((s.waiting, s.served), (1, 1));
}

#[test]
fn wrong_state_is_a_clear_error() {
    let cfg = QueueConfig::default();
    let mut q = Queue::new(t(8, 0).date());
    take(&mut q, 'A', t(8, 0));
    let e = q.no_show("A001").unwrap_err();
    assert_eq!(e.to_string(), "号票 A001 现为“等候”，不能过号");
    assert!(matches!(
        q.recall("A009", t(8, 1)),
        Err(QueueError::NoSuchTicket(_))
    ));
    q.call("a001", "1", t(8, 1)).unwrap();
    assert!(q.call("A001", "1", t(8, 2)).is_err());
    let _ = cfg;
}

#[derive(Debug, Clone)]
enum Op {
    Take(char),
    CallNext,
    Recall(usize),
    NoShow(usize),
    Reinstate(usize),
    Park(usize),
    Resume(usize),
    Transfer(usize),
    Finish(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => prop::sample::select(vec!['A', 'V', 'B']).prop_map(Op::Take),
        3 => Just(Op::CallNext),
        1 => (0usize..40).prop_map(Op::Recall),
        1 => (0usize..40).prop_map(Op::NoShow),
        1 => (0usize..40).prop_map(Op::Reinstate),
        1 => (0usize..40).prop_map(Op::Park),
        1 => (0usize..40).prop_map(Op::Resume),
        1 => (0usize..40).prop_map(Op::Transfer),
        2 => (0usize..40).prop_map(Op::Finish),
    ]
}

proptest! {
    /// Random sequences never lose or duplicate a ticket, and call order always follows
    /// the rules: the called ticket had the smallest order key among those waiting.
    #[test]
    fn random_sequences_keep_the_invariants(ops in prop::collection::vec(op(), 1..120)) {
        let cfg = QueueConfig::default();
        let mut q = Queue::new(t(8, 0).date());
        let mut taken = 0usize;
        for (i, o) in ops.iter().enumerate() {
            let now = t(8, 0) + chrono::Duration::minutes(i as i64);
            let pick = |q: &Queue, n: usize| q.tickets.get(n % q.tickets.len().max(1)).map(|t| t.number()).unwrap_or_default();
            match o {
                Op::Take(l) => { q.take(&cfg, *l, now, 1, vec![], None).unwrap(); taken += 1; }
                Op::CallNext => {
                    let expected = q.waiting(&cfg, now).first().map(|t| t.number());
                    match q.call_next(&cfg, "1", now) {
                        Ok(t) => prop_assert_eq!(Some(t.number()), expected),
                        Err(e) => { prop_assert_eq!(e, QueueError::Empty); prop_assert!(expected.is_none()); }
                    }
                }
                Op::Recall(n) => { let _ = q.recall(&pick(&q, *n), now); }
                Op::NoShow(n) => { let _ = q.no_show(&pick(&q, *n)); }
                Op::Reinstate(n) => { let _ = q.reinstate(&pick(&q, *n), now); }
                Op::Park(n) => { let _ = q.park(&pick(&q, *n)); }
                Op::Resume(n) => { let _ = q.resume(&pick(&q, *n), now); }
                Op::Transfer(n) => { let _ = q.transfer(&pick(&q, *n), "领导接待室", now); }
                Op::Finish(n) => { let _ = q.finish(&pick(&q, *n), now, None); }
            }
            prop_assert_eq!(q.tickets.len(), taken);
            let mut numbers: Vec<String> = q.tickets.iter().map(|t| t.number()).collect();
            numbers.sort();
            numbers.dedup();
            prop_assert_eq!(numbers.len(), taken, "duplicate ticket number");
            for t in &q.tickets {
                if t.state == TicketState::Waiting { prop_assert!(t.called.is_none()); }
                if matches!(t.state, TicketState::Finished | TicketState::Transferred(_)) { prop_assert!(t.finished.is_some()); }
            }
        }
    }
}
