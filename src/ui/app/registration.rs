//! The registration form's effects: looking up earlier cases of the same person, saving a
//! new case, or attaching the visit to an open one (重复访).

use super::{App, Confirm, Level, Screen};
use crate::domain::case::{Case, CaseNo, Registration};
use crate::ui::screens::case_view::CaseViewState;
use crate::ui::screens::register::{FormEffect, RegisterState};
use crate::ui::screens::register_view;

impl App {
    pub fn open_form(&mut self, mut form: RegisterState) {
        form.matter_width = register_view::matter_width(self.size.width);
        self.push(Screen::Register(Box::new(form)));
    }

    pub(super) fn run_form_effects(&mut self, fx: Vec<FormEffect>) {
        for e in fx {
            match e {
                FormEffect::Message(m) => {
                    let level = if m.starts_with("未保存") {
                        Level::Error
                    } else {
                        Level::Info
                    };
                    self.info(m, level);
                }
                FormEffect::Leave => self.go_back(),
                FormEffect::AskDiscard => self.confirm = Some(Confirm::DiscardForm),
                FormEffect::Lookup { id, phone } => self.lookup(&id, &phone),
                FormEffect::Create(reg) => self.create(*reg),
                FormEffect::RepeatVisit {
                    no,
                    people,
                    note,
                    ticket,
                } => self.repeat_visit(no, people, &note, ticket),
            }
        }
    }

    fn lookup(&mut self, id: &str, phone: &str) {
        let mut found = Vec::new();
        let mut err = None;
        match self.env.store.find_by_id_number(id) {
            Ok(v) => found.extend(v),
            Err(e) => err = Some(e.to_string()),
        }
        match self.env.store.find_by_phone(phone) {
            Ok(v) => {
                for s in v {
                    if !found.iter().any(|f| f.no == s.no) {
                        found.push(s);
                    }
                }
            }
            Err(e) => err = Some(e.to_string()),
        }
        found.sort_by_key(|s| std::cmp::Reverse(s.no));
        if let Some(e) = err {
            self.info(format!("查找旧案失败：{e}"), Level::Error);
        } else if !found.is_empty() {
            let open = found.iter().filter(|s| s.status.is_open()).count();
            self.info(
                format!(
                    "此人有旧案 {} 件（在办 {open} 件），见右侧；同一事项请按 F6 并入",
                    found.len()
                ),
                Level::Info,
            );
        }
        if let Screen::Register(f) = &mut self.screen {
            f.set_matches(found);
        }
    }

    fn create(&mut self, reg: Registration) {
        let ticket = reg.ticket.clone();
        let policy = self.env.policy.clone();
        let cal = &self.env.calendar;
        let build = |no: CaseNo, reg: Registration| Case::open(no, reg, policy.clone(), cal);
        match self.env.store.create_case(reg, &build) {
            Ok(case) => {
                let shown = case.no.display(&self.env.config.case_prefix);
                self.screen = Screen::CaseView(Box::new(CaseViewState::new(case)));
                self.finish_ticket(ticket.as_deref(), &shown);
                self.after_change();
                self.info(format!("已保存：{shown}"), Level::Success);
            }
            Err(e) => self.info(format!("未保存：{e}（填写内容仍在表中）"), Level::Error),
        }
    }

    fn repeat_visit(&mut self, no: CaseNo, people: u32, note: &str, ticket: Option<String>) {
        let ctx = self.ctx();
        let result = self.env.store.get_case(no).and_then(|c| match c {
            None => Err(crate::store::StoreError::NotFound(no.to_string())),
            Some(mut case) => {
                case.add_repeat_visit(ctx.now, &ctx.clerk, people, note, ticket.clone());
                let rev = self.env.store.save_case(&case)?;
                case.rev = rev;
                Ok(case)
            }
        });
        match result {
            Ok(case) => {
                let shown = case.no.display(&self.env.config.case_prefix);
                self.screen = Screen::CaseView(Box::new(CaseViewState::new(case)));
                self.finish_ticket(ticket.as_deref(), &shown);
                self.after_change();
                self.info(format!("已保存：重复访已并入 {shown}"), Level::Success);
            }
            Err(e) => self.info(format!("未保存：{e}"), Level::Error),
        }
    }
}
