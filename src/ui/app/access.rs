//! Who may do and see what: signing in, and 检举控告 cases that only heads and
//! administrators may open in full — every opening is kept in the case's history.

use super::{App, Level, Screen};
use crate::domain::account::Account;
use crate::domain::case::{CaseNo, Event, EventKind};
use crate::ui::screens::case_view::CaseViewState;
use crate::ui::screens::home::HomeState;
use crate::ui::screens::login::LoginEffect;
use crate::ui::screens::ACCUSATION;

impl App {
    pub(super) fn run_login_effects(&mut self, fx: Vec<LoginEffect>) {
        for e in fx {
            let LoginEffect::Try { name, password } = e;
            let found = match self.env.store.accounts() {
                Ok(all) => all.into_iter().find(|a| a.name == name),
                Err(e) => {
                    self.info(e.to_string(), Level::Error);
                    return;
                }
            };
            match found {
                Some(a) if a.verify(&password) => {
                    self.actor = a.actor();
                    self.screen = Screen::Home(HomeState::default());
                    self.refresh_home();
                    let roles: Vec<&str> = a.roles.iter().map(|r| r.label()).collect();
                    self.info(
                        format!("{} 已登录（{}）", a.name, roles.join("、")),
                        Level::Success,
                    );
                }
                _ => {
                    if let Screen::Login(l) = &mut self.screen {
                        l.failed("用户名或密码不正确");
                    }
                }
            }
        }
    }

    pub(super) fn open_case(&mut self, no: CaseNo) {
        let case = match self.env.store.get_case(no) {
            Ok(Some(case)) => case,
            Ok(None) => return self.info(format!("案件 {no} 不存在"), Level::Error),
            Err(e) => return self.info(e.to_string(), Level::Error),
        };
        if case.reg.purpose != ACCUSATION {
            return self.push(Screen::CaseView(Box::new(CaseViewState::new(case))));
        }
        if !Account::may_see_accusations(&self.actor.roles) {
            return self.info(
                "检举控告件只能由负责人或管理员查看（信访工作条例第三十条：不得泄露给被检举人）",
                Level::Error,
            );
        }
        // Every opening of an accusation is logged in the case history.
        let event = Event {
            at: self.ctx().now,
            actor: self.actor.name.clone(),
            kind: EventKind::Note,
            note: "查阅检举控告件".into(),
        };
        match self.append_event(&case, event) {
            Ok(case) => self.push(Screen::CaseView(Box::new(CaseViewState::new(case)))),
            Err(e) => self.info(format!("无法记录查阅：{e}"), Level::Error),
        }
    }
}
