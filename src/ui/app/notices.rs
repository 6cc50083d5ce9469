//! Printing a case's documents: numbered per type and year, written as A4 HTML and plain
//! text under `<data dir>/notices/<year>/`, kept in the case history, and sent to the
//! printer command when one is configured.

use super::{App, Level, Screen};
use crate::domain::case::{Event, EventKind};
use crate::domain::life::Step;
use crate::domain::notice::{build, NoticeKind, Unit};
use std::path::PathBuf;

impl App {
    pub(super) fn print_notice(&mut self, kind: NoticeKind) {
        let ctx = self.ctx();
        let Screen::CaseView(v) = &self.screen else {
            return;
        };
        let case = v.case.clone();
        let year = chrono::Datelike::year(&ctx.today);
        let title = kind.title(&case);
        // A handover slip or supervision notice keeps the number taken when it was issued.
        let issued = case
            .history
            .iter()
            .rev()
            .find_map(|e| match (&e.kind, kind) {
                (EventKind::Step(Step::Route { slip, .. }), NoticeKind::Handover) => {
                    Some((*slip, e.at))
                }
                (EventKind::Step(Step::Supervise { slip, .. }), NoticeKind::Supervision) => {
                    Some((*slip, e.at))
                }
                _ => None,
            });
        let (number, year) = match issued {
            Some((n, at)) => (n, chrono::Datelike::year(&at)),
            None => match self.env.store.next_number(title, year) {
                Ok(n) => (n, year),
                Err(e) => return self.info(format!("未能编号：{e}"), Level::Error),
            },
        };
        let cfg = &self.env.config;
        let unit = Unit {
            name: cfg.unit_name.clone(),
            address: cfg.unit_address.clone(),
            phone: cfg.unit_phone.clone(),
        };
        let case_no = case.no.display(&cfg.case_prefix);
        let notice = build(kind, &case, &unit, &case_no, year, number, ctx.today);
        let dir: PathBuf = self.env.data_dir.join("notices").join(year.to_string());
        let stem = format!("{case_no}-{title}-{number}");
        let (html, txt) = (
            dir.join(format!("{stem}.html")),
            dir.join(format!("{stem}.txt")),
        );
        let written = std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::write(&html, notice.html()))
            .and_then(|_| std::fs::write(&txt, notice.text()));
        if let Err(e) = written {
            return self.info(format!("文书未能写入 {}：{e}", dir.display()), Level::Error);
        }
        let event = Event {
            at: ctx.now,
            actor: self.actor.name.clone(),
            kind: EventKind::Document {
                title: title.to_string(),
                number: notice.number.clone(),
            },
            note: format!("{title} {}", notice.number),
        };
        match self.append_event(&case, event) {
            Ok(saved) => {
                if let Screen::CaseView(v) = &mut self.screen {
                    v.case = saved;
                }
            }
            Err(e) => return self.info(format!("文书已写入，但未记入案件：{e}"), Level::Error),
        }
        let printed = match cfg.print_command.trim() {
            "" => None,
            cmd => Some(std::process::Command::new(cmd).arg(&txt).status()),
        };
        let msg = match printed {
            Some(Ok(s)) if s.success() => format!(
                "{title} {} 已送打印机；文件：{}",
                notice.number,
                html.display()
            ),
            Some(_) => format!(
                "{title} {} 打印命令失败；文件：{}",
                notice.number,
                html.display()
            ),
            None => format!(
                "{title} {} 已生成：{}（用浏览器打开打印 A4）",
                notice.number,
                html.display()
            ),
        };
        self.info(msg, Level::Success);
    }
}
