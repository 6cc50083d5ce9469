//! The app's side of a case's life: a step from the case view is numbered (slips),
//! applied in the domain, and saved with the case in one transaction before it is shown.

use super::{App, Level, Screen};
use crate::domain::case::{Case, CaseNo, Event};
use crate::domain::life::{Actor, Step};
use crate::store::{Result, StoreError};

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
            .and_then(|_| match self.env.store.save_case(&case) {
                Err(StoreError::Conflict { .. }) => Err(self.reload_changed(case.no)),
                other => other.map_err(|e| format!("未保存：{e}")),
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

    /// Another counter saved the case on screen since it was opened: the view shows the case
    /// as it is now (the step form stays open, its entries kept), and the message says who
    /// changed it and how. Saving again applies the step to the case as it is now.
    fn reload_changed(&mut self, no: CaseNo) -> String {
        let fresh = match self.env.store.get_case(no) {
            Ok(Some(c)) => c,
            Ok(None) => return format!("未保存：案件 {no} 不存在"),
            Err(e) => return format!("未保存：案件已被他人修改，重新读取失败：{e}"),
        };
        let shown = no.display(&self.env.config.case_prefix);
        let by = fresh
            .history
            .last()
            .map(|e| {
                format!(
                    "{}（{} {}）",
                    e.actor,
                    e.kind.label(),
                    e.at.format("%m-%d %H:%M")
                )
            })
            .unwrap_or_else(|| "他人".into());
        if let Screen::CaseView(v) = &mut self.screen {
            if v.case.no == no {
                v.case = fresh;
            }
        }
        format!("未保存：案件 {shown} 已被 {by} 修改，已载入最新内容；请核对后再保存")
    }

    /// Adds `event` to the case as it is in the store now and saves it, reading it again
    /// when another counter saved in between (an event only adds to the history, so it
    /// applies to any version). The case as saved.
    pub(super) fn append_event(&self, case: &Case, event: Event) -> Result<Case> {
        let mut case = case.clone();
        let mut tries = 0;
        loop {
            case.history.push(event.clone());
            match self.env.store.save_case(&case) {
                Ok(rev) => {
                    case.rev = rev;
                    return Ok(case);
                }
                Err(StoreError::Conflict { .. }) if tries < 3 => {
                    tries += 1;
                    case = self
                        .env
                        .store
                        .get_case(case.no)?
                        .ok_or_else(|| StoreError::NotFound(case.no.to_string()))?;
                }
                Err(e) => return Err(e),
            }
        }
    }
}
