//! Backups from the running app: Ctrl-B writes one now, and the slow tick writes the daily
//! one when the app stays open past midnight (the start of the app writes the first).

use super::{App, Level};
use crate::backup;

impl App {
    /// Ctrl-B: a full backup under `<data dir>/backups/manual-….ckb`, flushed before it is
    /// reported.
    pub(super) fn backup_now(&mut self) {
        let now = self.env.clock.now();
        match backup::backup_now(self.env.store.as_ref(), &self.env.data_dir, now) {
            Ok((path, s)) => self.info(
                format!("已备份：{} 件案件，{}", s.cases(), path.display()),
                Level::Success,
            ),
            Err(e) => self.info(
                format!("备份失败：{e}。请检查磁盘空间后再试。"),
                Level::Error,
            ),
        }
    }

    /// The daily automatic backup, once per day the app is open.
    pub(super) fn daily_backup(&mut self) {
        let today = self.env.clock.now().date();
        if self.backup_day == Some(today) {
            return;
        }
        self.backup_day = Some(today);
        let env = &self.env;
        let keep = env.config.backup_keep;
        if let Err(e) = backup::daily(env.store.as_ref(), &env.data_dir, today, keep) {
            self.info(
                format!("今日自动备份失败：{e}。可按 Ctrl-B 再试，或检查磁盘空间。"),
                Level::Error,
            );
        }
    }
}
