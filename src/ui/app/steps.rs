//! The app's side of a case's life: a step from the case view is numbered (slips),
//! applied in the domain, and saved with the case in one transaction before it is shown.

use super::{App, Level, Screen};
use crate::domain::life::{Actor, Step};

impl App {
    /// Who acts: the signed-in person (the default clerk with every role without accounts).
    pub(super) fn actor(&self) -> Actor {
        self.actor.clone()
    }

    pub(super) fn apply_step(&mut self, mut step: Step) {
        let ctx = self.ctx();
        let actor = self.actor();
        let Screen::CaseView(v) = &self.screen else {
            return;
        };
        let mut case = v.case.clone();
        let year = chrono::Datelike::year(&ctx.today);
        // Numbered documents: a number is taken only for a step that passes the checks.
        if let Err(e) = case
            .clone()
            .apply(step.clone(), &actor, ctx.now, &self.env.calendar)
        {
            self.step_error(e.to_string());
            return;
        }
        let series = match &step {
            Step::Route { mode, .. } => Some(mode.slip()),
            Step::Supervise { .. } => Some("督办单"),
            _ => None,
        };
        if let Some(series) = series {
            match self.env.store.next_number(series, year) {
                Ok(n) => match &mut step {
                    Step::Route { slip, .. } | Step::Supervise { slip, .. } => *slip = n,
                    _ => {}
                },
                Err(e) => {
                    self.step_error(format!("未保存：{e}"));
                    return;
                }
            }
        }
        let label = step.kind().label();
        let result = case
            .apply(step, &actor, ctx.now, &self.env.calendar)
            .map_err(|e| e.to_string())
            .and_then(|_| {
                self.env
                    .store
                    .save_case(&case)
                    .map_err(|e| format!("未保存：{e}"))
            });
        match result {
            Ok(rev) => {
                case.rev = rev;
                let note = case
                    .history
                    .last()
                    .map(|e| e.note.clone())
                    .unwrap_or_default();
                if let Screen::CaseView(v) = &mut self.screen {
                    v.case = case;
                    v.form = None;
                }
                self.after_change();
                let note = if note.is_empty() {
                    String::new()
                } else {
                    format!("：{note}")
                };
                self.info(format!("已保存 {label}{note}"), Level::Success);
            }
            Err(e) => self.step_error(e),
        }
    }

    fn step_error(&mut self, e: String) {
        if let Screen::CaseView(v) = &mut self.screen {
            if let Some(f) = v.form.as_mut() {
                f.error = Some(e.clone());
            }
        }
        self.info(e, Level::Error);
    }
}
