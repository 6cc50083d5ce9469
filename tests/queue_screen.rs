//! The waiting hall at the counter: tickets, calling in priority order, the form opened
//! from a ticket, no-show / park / reinstate, and a restart in the middle of the day.

mod support;

use chuangkou::domain::queue::TicketState;
use ratatui::crossterm::event::KeyCode;
use support::Harness;

fn queue_view() -> Harness {
    let mut h = Harness::new(80, 24, "2026-11-25T09:00");
    h.press(KeyCode::F(4));
    h
}

fn state_of(h: &Harness, number: &str) -> TicketState {
    h.app
        .queue
        .ticket(number)
        .map(|t| t.state.clone())
        .expect("ticket exists")
}

#[test]
fn empty_queue_explains_the_keys() {
    let mut h = queue_view();
    let screen = h.screen();
    assert!(screen.contains("排队叫号"), "{screen}");
    assert!(screen.contains("现在没有人等候"), "{screen}");
    assert!(screen.contains("F5叫下一位"), "{screen}");
}

#[test]
fn priority_ticket_is_called_first_and_opens_the_form() {
    let mut h = queue_view();
    h.type_str("a");
    h.clock.advance(chrono::Duration::minutes(2));
    h.type_str("v");
    let screen = h.screen();
    assert!(
        screen.contains("已取号 V001（优先）09:02，前面还有 0 人"),
        "{screen}"
    );
    assert!(
        screen.contains("A001") && screen.contains("V001"),
        "{screen}"
    );
    h.clock.advance(chrono::Duration::minutes(5));
    h.press(KeyCode::F(5));
    let screen = h.screen();
    assert!(screen.contains("来访登记"), "{screen}");
    assert!(
        screen.contains("V001"),
        "the form shows its ticket: {screen}"
    );
    assert_eq!(state_of(&h, "V001"), TicketState::Serving);
    assert_eq!(state_of(&h, "A001"), TicketState::Waiting);
    // Register the visitor: the ticket is finished and linked to the case.
    h.paste("王五").press(KeyCode::Tab);
    loop {
        let y = h.cursor().1;
        if h.row(y).contains("问题分类") {
            break;
        }
        h.press(KeyCode::Tab);
    }
    h.type_str("jy").press(KeyCode::Tab).press(KeyCode::Tab);
    h.paste("孩子入学问题");
    h.ctrl('s');
    assert!(
        h.screen().contains("已保存：XF-2026-000001"),
        "{}",
        h.screen()
    );
    let t = h.app.queue.ticket("V001").cloned().expect("ticket");
    assert_eq!(t.state, TicketState::Finished);
    assert_eq!(t.case.as_deref(), Some("XF-2026-000001"));
}

#[test]
fn collective_visit_asks_people_and_refuses_more_than_five_representatives() {
    let mut h = queue_view();
    h.type_str("b");
    assert!(h.screen().contains("集体访：人数"), "{}", h.screen());
    h.paste("30 甲 乙 丙 丁 戊 己").press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("集体访代表不得超过 5 人"), "{screen}");
    assert!(h.app.queue.tickets.is_empty());
    h.type_str("b").paste("30 甲 乙").press(KeyCode::Enter);
    let t = h.app.queue.ticket("B001").cloned().expect("B001 issued");
    assert_eq!((t.people, t.reps.len()), (30, 2));
}

#[test]
fn no_show_reinstate_park_and_restart_keep_everything() {
    let mut h = queue_view();
    for _ in 0..3 {
        h.type_str("a");
    }
    // Call A001 without the form (C on the selected row), then it does not come: 过号.
    h.type_str("c");
    assert_eq!(state_of(&h, "A001"), TicketState::Called);
    h.type_str("g");
    assert_eq!(state_of(&h, "A001"), TicketState::NoShow);
    // A002 is served, then parked (went to fetch a document).
    h.press(KeyCode::F(5));
    h.press(KeyCode::Esc);
    assert!(
        h.screen().contains("排队叫号"),
        "Esc on an untouched form goes back: {}",
        h.screen()
    );
    assert_eq!(state_of(&h, "A002"), TicketState::Serving);
    h.type_str("p");
    assert_eq!(state_of(&h, "A002"), TicketState::Parked);
    // The counter PC restarts in the middle of the day: nothing is lost.
    h.restart();
    assert_eq!(state_of(&h, "A001"), TicketState::NoShow);
    assert_eq!(state_of(&h, "A002"), TicketState::Parked);
    assert_eq!(state_of(&h, "A003"), TicketState::Waiting);
    // A001 came back: 回号 puts it behind A003.
    h.press(KeyCode::F(4));
    let rows = h.screen();
    assert!(rows.contains("过号") && rows.contains("挂起"), "{rows}");
    while h.app.queue.ticket("A001").map(|t| t.state.clone()) == Some(TicketState::NoShow) {
        h.press(KeyCode::Down);
        h.type_str("h");
    }
    assert_eq!(state_of(&h, "A001"), TicketState::Waiting);
    h.press(KeyCode::F(5)).press(KeyCode::Esc);
    assert_eq!(
        state_of(&h, "A003"),
        TicketState::Serving,
        "A003 was ahead of the reinstated A001"
    );
}

#[test]
fn next_day_closes_yesterdays_tickets_as_not_served() {
    let mut h = queue_view();
    h.type_str("a").type_str("a");
    h.clock
        .set(chuangkou::domain::clock::parse_now("2026-11-26T08:30").unwrap());
    h.restart();
    assert!(h.app.queue.tickets.is_empty());
    assert_eq!(h.app.queue.carried_closed, 2);
    assert!(h.screen().contains("2 张号票未接待"), "{}", h.screen());
    let y = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let old = h
        .app
        .env
        .store
        .queue_of_day(y)
        .unwrap()
        .expect("archived day");
    assert!(old
        .tickets
        .iter()
        .all(|t| t.state == TicketState::NotServed));
}

#[test]
fn snapshot_queue_view_80x24() {
    let mut h = queue_view();
    h.type_str("a");
    h.clock.advance(chrono::Duration::minutes(3));
    h.type_str("v").type_str("a");
    h.type_str("y").paste("14:30").press(KeyCode::Enter);
    h.clock.advance(chrono::Duration::minutes(10));
    h.press(KeyCode::F(5)).press(KeyCode::Esc);
    insta::assert_snapshot!("queue_view", h.screen());
}
