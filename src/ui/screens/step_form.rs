//! The small form that takes one step of a case's life (受理, 交办, 延期, 办结…): the fields
//! that step records, typed or chosen with ←/→, checked, then turned into a domain [`Step`].

use crate::domain::case::Case;
use crate::domain::life::{OpinionKind, ReviewOutcome, RouteMode, Satisfaction, Step, StepKind};
use crate::domain::mask::width;
use crate::domain::policy::ClockKind;
use crate::ui::theme;
use crate::ui::widgets::line_edit::{render_line, LineEdit};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use ratatui::Frame;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    Date,
    Number,
    /// One of these labels, chosen with ←/→.
    Choice(&'static [&'static str]),
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub label: &'static str,
    pub input: Input,
    pub edit: LineEdit,
    /// Index into the choices for `Input::Choice`.
    pub choice: usize,
    pub optional: bool,
}

const ROUTES: &[&str] = &["交办", "转送", "上报", "协调"];
const OPINIONS: &[&str] = &["予以支持", "部分支持", "解释说明", "不予支持"];
const SATISFACTION: &[&str] = &["满意", "基本满意", "不满意"];
const OUTCOMES: &[&str] = &["维持", "撤销", "变更", "责令重新作出"];
const ARCHIVE: &[&str] = &["普通卷", "专卷"];

#[derive(Debug, Clone)]
pub struct StepForm {
    pub kind: StepKind,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub error: Option<String>,
}

fn f(label: &'static str, input: Input, default: &str, optional: bool) -> FormField {
    FormField {
        label,
        input,
        edit: LineEdit::new(default),
        choice: 0,
        optional,
    }
}

impl StepForm {
    /// The form for `kind` on `case`, with sensible defaults (today, the department, the cap).
    pub fn new(kind: StepKind, case: &Case, today: NaiveDate) -> Self {
        let t = today.format("%Y-%m-%d").to_string();
        let life = case.life();
        let dept = life.department().unwrap_or("").to_string();
        let sup_days = case
            .policy
            .rule(ClockKind::Supervision)
            .map(|r| r.days)
            .unwrap_or(15)
            .to_string();
        use Input::*;
        use StepKind as K;
        let fields = match kind {
            K::Accept => vec![f("告知日期", Date, &t, false)],
            K::Reject => vec![
                f("不予受理理由", Text, "", false),
                f("应向何处反映", Text, "", false),
                f("告知日期", Date, &t, false),
            ],
            K::NoLongerAccept | K::Terminate => vec![f("理由", Text, "", false)],
            K::Route => vec![
                f("方式", Choice(ROUTES), "", false),
                f("承办单位", Text, "", false),
                f("协办单位", Text, "", true),
            ],
            K::Receipt => vec![f("回执日期", Date, &t, false)],
            K::SendBack => vec![f("退回理由", Text, "", false)],
            K::Opinion => vec![
                f("处理意见", Choice(OPINIONS), "", false),
                f("出具日期", Date, &t, false),
            ],
            K::Delivered => vec![f("送达日期", Date, &t, false)],
            K::RequestExtension => vec![
                f(
                    "延期天数",
                    Number,
                    &case.policy.extension_cap_days.to_string(),
                    false,
                ),
                f("延期理由", Text, "", false),
            ],
            K::RefuseExtension => vec![f("不批准理由", Text, "", false)],
            K::Pause => vec![f("暂停原因", Text, "", false)],
            K::Supervise => vec![
                f("督办对象", Text, &dept, false),
                f("回复期限（天）", Number, &sup_days, false),
            ],
            K::SupervisionReply => vec![f("回复日期", Date, &t, false)],
            K::Evaluate => vec![
                f("对办理结果", Choice(SATISFACTION), "", false),
                f("对接待人员", Choice(SATISFACTION), "", false),
            ],
            K::ReturnVisit => vec![
                f("回访日期", Date, &t, false),
                f("回访情况", Text, "", false),
            ],
            K::Close => vec![f("清单未齐时的批准理由", Text, "", true)],
            K::RequestReview | K::RequestReReview => vec![
                f("申请日期", Date, &t, false),
                f("逾期受理理由", Text, "", true),
            ],
            K::ReviewDecision | K::ReReviewDecision => vec![
                f("结论", Choice(OUTCOMES), "", false),
                f("决定日期", Date, &t, false),
            ],
            K::Archive => vec![f("卷别", Choice(ARCHIVE), "", false)],
            K::Recuse => vec![f("回避原因", Text, "", false)],
            K::ApproveExtension | K::Resume => Vec::new(),
        };
        Self {
            kind,
            fields,
            focus: 0,
            error: None,
        }
    }

    fn text(&self, i: usize) -> String {
        self.fields
            .get(i)
            .map(|f| f.edit.text().trim().to_string())
            .unwrap_or_default()
    }

    fn choice(&self, i: usize) -> usize {
        self.fields.get(i).map(|f| f.choice).unwrap_or(0)
    }

    fn date(&self, i: usize) -> Result<NaiveDate, String> {
        let s = self.text(i);
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map_err(|_| format!("日期“{s}”无效，格式如 2026-11-25"))
    }

    fn number(&self, i: usize) -> Result<u32, String> {
        let s = self.text(i);
        s.parse::<u32>().map_err(|_| format!("“{s}”不是天数"))
    }

    fn opt(&self, i: usize) -> Option<String> {
        Some(self.text(i)).filter(|s| !s.is_empty())
    }

    /// The domain step, or what is wrong with the form. Slip numbers are filled in by the app.
    pub fn build(&self) -> Result<Step, String> {
        use StepKind as K;
        let t = |i| self.text(i);
        Ok(match self.kind {
            K::Accept => Step::Accept {
                told: self.date(0)?,
            },
            K::Reject => Step::Reject {
                reason: t(0),
                redirect: t(1),
                told: self.date(2)?,
            },
            K::NoLongerAccept => Step::NoLongerAccept { reason: t(0) },
            K::Route => {
                let mode = [
                    RouteMode::Assign,
                    RouteMode::Transfer,
                    RouteMode::Report,
                    RouteMode::Coordinate,
                ][self.choice(0) % 4];
                let co = t(2)
                    .split([' ', '、', '，', ','])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                Step::Route {
                    mode,
                    lead: t(1),
                    co,
                    slip: 0,
                }
            }
            K::Receipt => Step::Receipt {
                date: self.date(0)?,
            },
            K::SendBack => Step::SendBack { reason: t(0) },
            K::Opinion => Step::Opinion {
                kind: OpinionKind::ALL[self.choice(0) % 4],
                date: self.date(1)?,
            },
            K::Delivered => Step::Delivered {
                date: self.date(0)?,
            },
            K::RequestExtension => Step::RequestExtension {
                days: self.number(0)?,
                reason: t(1),
            },
            K::ApproveExtension => Step::ApproveExtension,
            K::RefuseExtension => Step::RefuseExtension { reason: t(0) },
            K::Pause => Step::Pause {
                reason: t(0),
                left: Vec::new(),
                from: None,
            },
            K::Resume => Step::Resume,
            K::Supervise => Step::Supervise {
                dept: t(0),
                days: self.number(1)?,
                slip: 0,
            },
            K::SupervisionReply => Step::SupervisionReply {
                date: self.date(0)?,
            },
            K::Evaluate => Step::Evaluate {
                case: Satisfaction::ALL[self.choice(0) % 3],
                clerk: Satisfaction::ALL[self.choice(1) % 3],
            },
            K::ReturnVisit => Step::ReturnVisit {
                date: self.date(0)?,
                note: t(1),
            },
            K::Close => Step::Close {
                override_reason: self.opt(0),
            },
            K::RequestReview => Step::RequestReview {
                date: self.date(0)?,
                late_override: self.opt(1),
            },
            K::ReviewDecision => Step::ReviewDecision {
                outcome: ReviewOutcome::ALL[self.choice(0) % 4],
                date: self.date(1)?,
            },
            K::RequestReReview => Step::RequestReReview {
                date: self.date(0)?,
                late_override: self.opt(1),
            },
            K::ReReviewDecision => Step::ReReviewDecision {
                outcome: ReviewOutcome::ALL[self.choice(0) % 4],
                date: self.date(1)?,
            },
            K::Terminate => Step::Terminate { reason: t(0) },
            K::Archive => Step::Archive {
                special: self.choice(0) == 1,
            },
            K::Recuse => Step::Recuse { reason: t(0) },
        })
    }

    pub fn next(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    pub fn prev(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    pub fn edit(&mut self, key: &KeyEvent) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        self.error = None;
        if let Input::Choice(options) = field.input {
            match key.code {
                KeyCode::Left => field.choice = (field.choice + options.len() - 1) % options.len(),
                KeyCode::Right | KeyCode::Char(' ') => {
                    field.choice = (field.choice + 1) % options.len()
                }
                KeyCode::Char(c) => {
                    if let Some(i) = c
                        .to_digit(10)
                        .map(|d| d as usize)
                        .filter(|d| (1..=options.len()).contains(d))
                    {
                        field.choice = i - 1;
                    }
                }
                _ => {}
            }
            return;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            if key.code == KeyCode::Char('u') {
                field.edit.clear();
            }
            return;
        }
        match key.code {
            KeyCode::Char(c) => field.edit.insert_char(c),
            KeyCode::Backspace => field.edit.backspace(),
            KeyCode::Delete => field.edit.delete(),
            KeyCode::Left => field.edit.left(),
            KeyCode::Right => field.edit.right(),
            KeyCode::Home => field.edit.home(),
            KeyCode::End => field.edit.end(),
            _ => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            if !matches!(field.input, Input::Choice(_)) {
                field.edit.insert_str(text);
            }
        }
    }

    /// Draws the form as a box in the middle of `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, case_no: &str) {
        let h = (self.fields.len() as u16 * 2 + 5).min(area.height);
        let w = 64.min(area.width);
        let rect = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        let buf = frame.buffer_mut();
        Clear.render(rect, buf);
        let title = format!(" {} · {} ", self.kind.label(), case_no);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .border_style(theme::HEADER);
        let inner = block.inner(rect);
        block.render(rect, buf);
        let mut cursor = None;
        for (i, field) in self.fields.iter().enumerate() {
            let y = inner.y + i as u16 * 2;
            if y >= inner.bottom() {
                break;
            }
            let focused = i == self.focus;
            let lstyle = if focused {
                theme::LABEL_FOCUS
            } else {
                theme::LABEL
            };
            let mark = if field.optional { "" } else { "*" };
            buf.set_string(inner.x, y, format!("{mark}{}", field.label), lstyle);
            let x = inner.x + 2;
            let vw = inner.width.saturating_sub(2);
            let style = if focused {
                theme::FIELD_FOCUS
            } else {
                theme::FIELD
            };
            match field.input {
                Input::Choice(options) => {
                    let mut line = String::new();
                    for (k, o) in options.iter().enumerate() {
                        line.push_str(&if k == field.choice {
                            format!("[{}.{o}] ", k + 1)
                        } else {
                            format!(" {}.{o}  ", k + 1)
                        });
                    }
                    buf.set_stringn(
                        x,
                        y + 1,
                        &line,
                        vw as usize,
                        if focused {
                            theme::LABEL_FOCUS
                        } else {
                            theme::LABEL
                        },
                    );
                    if focused {
                        let before: String = options
                            .iter()
                            .take(field.choice)
                            .map(|o| format!(" 1.{o}  "))
                            .collect();
                        cursor = Some((x + width(&before) as u16 + 1, y + 1));
                    }
                }
                _ => {
                    let pos = render_line(buf, Rect::new(x, y + 1, vw, 1), &field.edit, style);
                    if focused {
                        cursor = Some(pos);
                    }
                }
            }
        }
        let help = match &self.error {
            Some(e) => Line::styled(e.clone(), theme::ERROR),
            None if self.fields.is_empty() => Line::styled("按 Ctrl-S 确认，Esc 取消", theme::DIM),
            None => Line::styled(
                "Tab 下一项 · ←/→ 或数字选择 · Ctrl-S 确认 · Esc 取消",
                theme::DIM,
            ),
        };
        let hy = inner.bottom().saturating_sub(1);
        Paragraph::new(help).render(Rect::new(inner.x, hy, inner.width, 1), buf);
        if let Some((x, y)) = cursor {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

/// Draws a titled pick list as a box at the right; `selected` is highlighted.
pub fn draw_list(buf: &mut Buffer, area: Rect, title: &str, items: &[&str], selected: usize) {
    let h = (items.len() as u16 + 2).min(area.height);
    let w = 30.min(area.width);
    let rect = Rect::new(area.right().saturating_sub(w + 1), area.y + 1, w, h);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_string());
    let inner = block.inner(rect);
    block.render(rect, buf);
    for (i, item) in items.iter().enumerate().take(inner.height as usize) {
        let style = if i == selected {
            theme::SELECTED
        } else {
            theme::LABEL
        };
        buf.set_stringn(
            inner.x,
            inner.y + i as u16,
            format!(" {item}"),
            inner.width as usize,
            style,
        );
    }
}

/// Draws the menu of valid steps (F8) as a box; `selected` is highlighted.
pub fn draw_menu(buf: &mut Buffer, area: Rect, steps: &[StepKind], selected: usize, case: &Case) {
    let h = (steps.len() as u16 + 2).min(area.height);
    let w = 30.min(area.width);
    let rect = Rect::new(area.right().saturating_sub(w + 1), area.y + 1, w, h);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" 办理 · {} ", case.status.label()));
    let inner = block.inner(rect);
    block.render(rect, buf);
    if steps.is_empty() {
        buf.set_string(inner.x, inner.y, "此状态下没有可办理的步骤", theme::DIM);
    }
    for (i, k) in steps.iter().enumerate().take(inner.height as usize) {
        let style = if i == selected {
            theme::SELECTED
        } else {
            theme::LABEL
        };
        let head = if k.needs_head() {
            "（负责人）"
        } else {
            ""
        };
        buf.set_stringn(
            inner.x,
            inner.y + i as u16,
            format!(" {}{head}", k.label()),
            inner.width as usize,
            style,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::WorkCalendar;
    use crate::domain::case::{CaseNo, Registration, VisitMode, Visitor};
    use crate::domain::policy::Policy;

    fn case() -> Case {
        let reg = Registration {
            visitor: Visitor {
                name: "张三".into(),
                ..Default::default()
            },
            place: String::new(),
            people: 1,
            category: "教育".into(),
            purpose: String::new(),
            matter: "入学".into(),
            opinion: String::new(),
            mode: VisitMode::Visit,
            clerk: "甲".into(),
            at: NaiveDate::from_ymd_opt(2026, 11, 2)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .unwrap(),
            ticket: None,
        };
        Case::open(
            CaseNo { year: 2026, seq: 1 },
            reg,
            Policy::national_2022(),
            &WorkCalendar::builtin(),
        )
    }

    #[test]
    fn defaults_and_building() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let form = StepForm::new(StepKind::Accept, &case(), today);
        assert_eq!(form.build(), Ok(Step::Accept { told: today }));
        let mut route = StepForm::new(StepKind::Route, &case(), today);
        route.edit(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
        route.next();
        route.paste("区教育局");
        route.next();
        route.paste("街道办、区财政局");
        let step = route.build().unwrap();
        assert_eq!(
            step,
            Step::Route {
                mode: RouteMode::Transfer,
                lead: "区教育局".into(),
                co: vec!["街道办".into(), "区财政局".into()],
                slip: 0
            }
        );
        let mut bad = StepForm::new(StepKind::Receipt, &case(), today);
        bad.fields[0].edit.set_text("2026-02-30");
        assert_eq!(
            bad.build(),
            Err("日期“2026-02-30”无效，格式如 2026-11-25".to_string())
        );
    }
}
