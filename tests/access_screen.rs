//! Accounts: the login screen once accounts exist, roles on approvals, and 检举控告 cases
//! that only heads open — with every opening logged.

mod support;

use chuangkou::domain::account::Account;
use chuangkou::domain::case::{CaseNo, Registration, VisitMode, Visitor};
use chuangkou::domain::life::Role;
use ratatui::crossterm::event::KeyCode;
use support::Harness;

fn with_accounts() -> Harness {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    let now = h.app.ctx().now;
    for (name, role) in [("zhangli", Role::Clerk), ("wangke", Role::Head)] {
        let a = Account::new(name, vec![role], "secret1", now).unwrap();
        h.app.env.store.save_account(&a).unwrap();
    }
    // An accusation case, registered directly in the store.
    let reg = Registration {
        visitor: Visitor {
            name: "赵举报".into(),
            ..Default::default()
        },
        place: String::new(),
        people: 1,
        category: "纪检监察".into(),
        purpose: "检举控告".into(),
        matter: "检举某干部收受财物".into(),
        opinion: String::new(),
        mode: VisitMode::Visit,
        clerk: "张丽".into(),
        at: now,
        ticket: None,
    };
    let policy = h.app.env.policy.clone();
    let cal = h.app.env.calendar.clone();
    h.app
        .env
        .store
        .create_case(reg, &|no, r| {
            chuangkou::domain::case::Case::open(no, r, policy.clone(), &cal)
        })
        .unwrap();
    h.restart();
    h
}

fn login(h: &mut Harness, name: &str, password: &str) {
    h.paste(name)
        .press(KeyCode::Tab)
        .paste(password)
        .press(KeyCode::Enter);
}

#[test]
fn login_is_required_once_accounts_exist() {
    let mut h = with_accounts();
    let screen = h.screen();
    assert!(screen.contains("登录"), "{screen}");
    // Nothing else works before signing in.
    h.press(KeyCode::F(2));
    assert!(!h.screen().contains("新登记"));
    login(&mut h, "zhangli", "wrong");
    assert!(h.screen().contains("用户名或密码不正确"), "{}", h.screen());
    assert!(!h.screen().contains("wrong"), "the password is never shown");
    h.paste("secret1").press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("zhangli 已登录（登记员）"), "{screen}");
    assert!(
        screen.contains("zhangli"),
        "the title names the clerk: {screen}"
    );
}

#[test]
fn accusations_are_for_heads_and_each_opening_is_logged() {
    let mut h = with_accounts();
    login(&mut h, "zhangli", "secret1");
    h.press(KeyCode::F(3)).type_str("1").press(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("检举控告件只能由负责人或管理员查看"),
        "{screen}"
    );
    assert!(!screen.contains("收受财物"), "{screen}");
    h.restart();
    login(&mut h, "wangke", "secret1");
    h.press(KeyCode::F(3)).type_str("1").press(KeyCode::Enter);
    assert!(h.screen().contains("收受财物"), "{}", h.screen());
    let case = h
        .app
        .env
        .store
        .get_case(CaseNo { year: 2026, seq: 1 })
        .unwrap()
        .unwrap();
    let last = case.history.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.note.as_str()),
        ("wangke", "查阅检举控告件")
    );
}

#[test]
fn a_clerk_cannot_approve_what_needs_a_head() {
    let mut h = with_accounts();
    login(&mut h, "zhangli", "secret1");
    h.register("钱多", "jy", "入学");
    // 不予受理 is the second entry of a new case's menu.
    h.press(KeyCode::F(8))
        .press(KeyCode::Down)
        .press(KeyCode::Enter);
    h.paste("属诉讼事项")
        .press(KeyCode::Tab)
        .paste("区法院")
        .ctrl('s');
    assert!(
        h.screen().contains("“不予受理”须由科长/负责人办理"),
        "{}",
        h.screen()
    );
}
