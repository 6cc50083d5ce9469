//! The case view (案件详情): the visitor, the matter, every clock with the days left in
//! calendar and working days, the visits and the history.

use super::step_form::{draw_list, draw_menu, StepForm};
use super::Ctx;
use crate::domain::calendar::WorkCalendar;
use crate::domain::case::Case;
use crate::domain::life::Step;
use crate::domain::notice::NoticeKind;
use crate::domain::urgency::{days_left, describe, urgency, Urgency};
use crate::ui::keymap::Action;
use crate::ui::theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewEffect {
    Leave,
    /// Take this step on the case (the app allocates slip numbers, applies and saves).
    Apply(Step),
    /// Produce this numbered document.
    Print(NoticeKind),
}

#[derive(Debug, Clone)]
pub struct CaseViewState {
    pub case: Case,
    pub scroll: u16,
    /// The F8 menu of valid steps, with the selected row.
    pub menu: Option<usize>,
    pub form: Option<StepForm>,
    /// The F9 menu of documents, with the selected row.
    pub notice_menu: Option<usize>,
}

impl CaseViewState {
    pub fn new(case: Case) -> Self {
        Self {
            case,
            scroll: 0,
            menu: None,
            form: None,
            notice_menu: None,
        }
    }

    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<ViewEffect> {
        if let Some(form) = self.form.as_mut() {
            match action {
                Action::Back => self.form = None,
                Action::NextField => form.next(),
                Action::PrevField => form.prev(),
                Action::SaveCase => match form.build() {
                    Ok(step) => return vec![ViewEffect::Apply(step)],
                    Err(e) => form.error = Some(e),
                },
                _ => {}
            }
            return Vec::new();
        }
        if let Some(sel) = self.notice_menu {
            let kinds = self.notices();
            match action {
                Action::Back => self.notice_menu = None,
                Action::Up => self.notice_menu = Some(sel.saturating_sub(1)),
                Action::Down => {
                    self.notice_menu = Some((sel + 1).min(kinds.len().saturating_sub(1)))
                }
                Action::Confirm => {
                    self.notice_menu = None;
                    if let Some(k) = kinds.get(sel) {
                        return vec![ViewEffect::Print(*k)];
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
        if let Some(sel) = self.menu {
            let steps = self.case.available();
            match action {
                Action::Back => self.menu = None,
                Action::Up => self.menu = Some(sel.saturating_sub(1)),
                Action::Down => self.menu = Some((sel + 1).min(steps.len().saturating_sub(1))),
                Action::Confirm => {
                    if let Some(kind) = steps.get(sel) {
                        self.form = Some(StepForm::new(*kind, &self.case, ctx.today));
                        self.menu = None;
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
        match action {
            Action::StepMenu => self.menu = Some(0),
            Action::NoticeMenu => self.notice_menu = Some(0),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1).min(500),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll = self.scroll.saturating_add(10).min(500),
            Action::Back => return vec![ViewEffect::Leave],
            _ => {}
        }
        Vec::new()
    }

    pub fn lines(&self, ctx: &Ctx, cal: &WorkCalendar, soon: u32) -> Vec<Line<'static>> {
        let c = &self.case;
        let v = &c.reg.visitor;
        let mut out: Vec<Line<'static>> = Vec::new();
        let kv = |k: &str, val: String| {
            Line::from(vec![
                Span::styled(format!("{k}："), theme::LABEL),
                Span::raw(val),
            ])
        };
        out.push(Line::from(vec![
            Span::styled(c.no.display(&ctx.prefix), theme::HEADER),
            Span::raw("  "),
            Span::styled(format!("【{}】", c.status.label()), theme::WARN),
            Span::styled(format!("  政策：{}", c.policy.name), theme::DIM),
        ]));
        let sex = v.sex.map(|s| s.label()).unwrap_or("");
        let age = match (v.birth, v.age) {
            (Some(b), _) => format!("{}岁", crate::domain::idcard::age_on(b, ctx.today)),
            (None, Some(a)) => format!("{a}岁"),
            _ => String::new(),
        };
        out.push(kv(
            "来访人",
            format!("{} {} {} {}", v.name, sex, age, v.ethnicity)
                .trim_end()
                .to_string(),
        ));
        if !v.id_number.is_empty() {
            let note = v
                .id_override
                .as_ref()
                .map(|n| format!("（校验位不符，核对说明：{n}）"))
                .unwrap_or_default();
            out.push(kv("身份证号", format!("{}{note}", v.id_number)));
        }
        if !v.phone.is_empty() {
            out.push(kv("联系电话", v.phone.clone()));
        }
        if !v.address.is_empty() {
            out.push(kv("住址", v.address.clone()));
        }
        if !v.occupation.is_empty() {
            out.push(kv("职业单位", v.occupation.clone()));
        }
        out.push(kv(
            "登记",
            format!(
                "{} {} {}人 登记人 {}{}",
                c.reg.at.format("%Y-%m-%d %H:%M"),
                c.reg.mode.label(),
                c.reg.people,
                c.reg.clerk,
                c.reg
                    .ticket
                    .as_ref()
                    .map(|t| format!(" 票号 {t}"))
                    .unwrap_or_default()
            ),
        ));
        out.push(kv(
            "分类/目的",
            format!(
                "{} / {}",
                c.reg.category,
                if c.reg.purpose.is_empty() {
                    "—"
                } else {
                    &c.reg.purpose
                }
            ),
        ));
        if !c.reg.place.is_empty() {
            out.push(kv("事发地", c.reg.place.clone()));
        }
        out.push(Line::styled("主要诉求", theme::LABEL));
        for l in c.reg.matter.lines() {
            out.push(Line::raw(format!("  {l}")));
        }
        if !c.reg.opinion.is_empty() {
            out.push(kv("拟办意见", c.reg.opinion.clone()));
        }
        let life = c.life();
        if let Some((mode, lead, co, slip)) = &life.route {
            let co = if co.is_empty() {
                String::new()
            } else {
                format!("，协办 {}", co.join("、"))
            };
            let receipt = life
                .receipt
                .map(|d| format!("，回执 {d}"))
                .unwrap_or_else(|| "，未回执".into());
            out.push(kv(
                "承办",
                format!(
                    "{} {lead}{co}（{}第{slip}号{receipt}）",
                    mode.label(),
                    mode.slip()
                ),
            ));
        }
        if let Some((kind, date)) = life.opinion {
            let delivered = life
                .delivered
                .map(|d| format!("，{d} 送达"))
                .unwrap_or_else(|| "，未送达".into());
            out.push(kv(
                "处理意见",
                format!("{} {date}{delivered}", kind.label()),
            ));
        }
        if let Some((case_s, clerk_s)) = life.evaluation {
            out.push(kv(
                "评价",
                format!("办理结果{}，接待人员{}", case_s.label(), clerk_s.label()),
            ));
        }
        if let Some((reason, days)) = &life.extension_pending {
            out.push(kv(
                "待批延期",
                format!("{days} 天：{reason}（须负责人批准）"),
            ));
        }
        out.push(Line::raw(""));
        out.push(Line::styled("期限", theme::HEADER));
        for clock in &c.clocks {
            let left = days_left(cal, ctx.today, clock.due.date);
            let (state, style) = match clock.stopped {
                Some(d) => (format!("已完成 {}", d.format("%Y-%m-%d")), theme::DIM),
                None => {
                    let st = match urgency(cal, ctx.today, clock.due.date, soon) {
                        Urgency::Overdue(_) => theme::OVERDUE,
                        Urgency::DueToday | Urgency::DueSoon => theme::DUE_SOON,
                        Urgency::Normal => Style::new(),
                    };
                    (describe(left), st)
                }
            };
            let warn = if clock.due.calendar_incomplete {
                "  ⚠ 到期日所在年份缺少节假日数据，请补充日历文件"
            } else {
                ""
            };
            out.push(Line::from(vec![
                Span::raw(format!(
                    "  {}期限 起 {} 至 {}  ",
                    clock.kind.label(),
                    clock.started.format("%Y-%m-%d"),
                    clock.due.date.format("%Y-%m-%d"),
                )),
                Span::styled(state, style),
                Span::styled(warn, theme::WARN),
            ]));
        }
        out.push(Line::raw(""));
        out.push(Line::styled(
            format!("来访记录（{} 次）", c.visits.len()),
            theme::HEADER,
        ));
        for vis in &c.visits {
            out.push(Line::raw(format!(
                "  {} {} {}人 {}{}{}",
                vis.at.format("%Y-%m-%d %H:%M"),
                if vis.repeat { "重复访" } else { "初访" },
                vis.people,
                vis.clerk,
                vis.ticket
                    .as_ref()
                    .map(|t| format!(" 票号 {t}"))
                    .unwrap_or_default(),
                if vis.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", vis.note)
                },
            )));
        }
        out.push(Line::raw(""));
        out.push(Line::styled("办理经过", theme::HEADER));
        for e in &c.history {
            out.push(Line::raw(format!(
                "  {} {} {}{}",
                e.at.format("%Y-%m-%d %H:%M"),
                e.actor,
                e.kind.label(),
                if e.note.is_empty() {
                    String::new()
                } else {
                    format!("：{}", e.note)
                },
            )));
        }
        out
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, cal: &WorkCalendar, soon: u32) {
        let p = Paragraph::new(self.lines(ctx, cal, soon))
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0))
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(" 案件详情  ↑↓ 滚动  F8 办理  F9 打印 "),
            );
        frame.render_widget(p, area);
        if let Some(sel) = self.menu {
            draw_menu(
                frame.buffer_mut(),
                area,
                &self.case.available(),
                sel,
                &self.case,
            );
        }
        if let Some(form) = &self.form {
            form.draw(frame, area, &self.case.no.display(&ctx.prefix));
        }
        if let Some(sel) = self.notice_menu {
            let titles: Vec<&str> = self.notices().iter().map(|k| k.title(&self.case)).collect();
            draw_list(frame.buffer_mut(), area, " 打印文书 ", &titles, sel);
        }
    }

    /// The documents that fit the case now.
    pub fn notices(&self) -> Vec<NoticeKind> {
        NoticeKind::ALL
            .into_iter()
            .filter(|k| k.applies(&self.case))
            .collect()
    }

    /// Keys not bound to an action type into the open step form.
    pub fn edit(&mut self, key: &ratatui::crossterm::event::KeyEvent) {
        if let Some(f) = self.form.as_mut() {
            f.edit(key);
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(f) = self.form.as_mut() {
            f.paste(text);
        }
    }
}
