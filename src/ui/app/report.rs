//! The statistics screen's data: one pass over the store for the shown period and the one
//! before (the same figures as `chuangkou report`), and its Excel export.

use super::{App, Level, Screen};
use crate::domain::stats::{Options, Period};
use crate::report::{compute, render_xlsx, write_file};
use crate::ui::screens::report::{ReportEffect, ReportViewState};

impl App {
    pub(super) fn open_report(&mut self) {
        if matches!(self.screen, Screen::Report(_)) || !self.leave_guard() {
            return;
        }
        let (state, load) = ReportViewState::this_month(self.ctx().today);
        self.push(Screen::Report(Box::new(state)));
        self.run_report_effects(vec![load]);
    }

    pub(super) fn run_report_effects(&mut self, effects: Vec<ReportEffect>) {
        for e in effects {
            match e {
                ReportEffect::Load(period) if self.defer_slow => {
                    self.deferred_report = Some(period);
                }
                ReportEffect::Load(period) => self.load_report(period),
                ReportEffect::Leave => self.go_back(),
            }
        }
    }

    /// Runs the work left for after a frame (see [`App::defer_slow`]); whether there was any,
    /// so the run loop draws its result at once.
    pub fn run_deferred(&mut self) -> bool {
        match self.deferred_report.take() {
            Some(period) => {
                self.load_report(period);
                true
            }
            None => false,
        }
    }

    fn load_report(&mut self, period: Period) {
        let today = self.ctx().today;
        let env = &self.env;
        let found = compute(
            env.store.as_ref(),
            &env.calendar,
            today,
            period,
            Options::default(),
        );
        match found {
            Ok((cur, prev)) => {
                if let Screen::Report(r) = &mut self.screen {
                    r.loaded(cur, prev);
                }
            }
            Err(e) => self.info(format!("统计未能完成：{e}"), Level::Error),
        }
    }

    /// Writes the shown period as an Excel workbook under `<data dir>/报表/`.
    pub(super) fn export_report(&mut self) {
        let Screen::Report(r) = &self.screen else {
            return;
        };
        let (Some(cur), prev) = (&r.stats, &r.previous) else {
            return self.info("统计尚未完成，稍后再导出", Level::Error);
        };
        let dir = self.env.data_dir.join("报表");
        let path = dir.join(format!("{}统计.xlsx", cur.period.label()));
        let written = render_xlsx(&self.env.config.unit_name, cur, prev.as_ref()).and_then(|b| {
            std::fs::create_dir_all(&dir)?;
            write_file(&path, &b)
        });
        match written {
            Ok(()) => self.info(format!("已导出：{}", path.display()), Level::Success),
            Err(e) => self.info(format!("导出失败：{e:#}"), Level::Error),
        }
    }
}
