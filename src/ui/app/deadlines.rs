//! The deadline view's data: the board's entries with full names, read from the due-date
//! index (the same source as the wall board).

use super::{App, Level, Screen};
use crate::domain::board::{assemble, Names};
use crate::domain::case::CaseNo;
use crate::ui::screens::deadlines::DeadlineState;

impl App {
    pub(super) fn open_deadlines(&mut self) {
        if matches!(self.screen, Screen::Deadlines(_)) || !self.leave_guard() {
            return;
        }
        self.push(Screen::Deadlines(DeadlineState::default()));
        self.reload_deadlines();
    }

    /// Reads the clocks again, keeping the filters and the selection.
    pub(super) fn reload_deadlines(&mut self) {
        let ctx = self.ctx();
        let env = &self.env;
        let found = crate::publish::entries(env.store.as_ref(), &ctx.prefix, Names::Full);
        let Screen::Deadlines(d) = &mut self.screen else {
            return;
        };
        match found {
            Ok(f) => {
                d.board = assemble(
                    &f.entries,
                    f.open,
                    f.paused,
                    ctx.today,
                    &env.calendar,
                    env.config.due_soon_days,
                );
                d.truncated = f.truncated;
                d.selected = d.selected.min(d.visible().len().saturating_sub(1));
            }
            Err(e) => self.info(format!("期限未能读取：{e}"), Level::Error),
        }
    }

    /// Opens a case by its displayed number (as the board lists it).
    pub(super) fn open_case_no(&mut self, shown: &str) {
        let year = chrono::Datelike::year(&self.ctx().today);
        match CaseNo::parse(shown, year) {
            Some(no) => self.open_case(no),
            None => self.info(format!("案件编号“{shown}”无法识别"), Level::Error),
        }
    }
}
