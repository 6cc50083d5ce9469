//! The queue view (排队叫号): issue tickets, call the next visitor, and handle recalls,
//! no-shows, parked visitors, transfers and finished services.

use super::Ctx;
use crate::domain::mask::width;
use crate::domain::queue::{Queue, QueueConfig, Ticket, TicketState};
use crate::ui::keymap::Action;
use crate::ui::theme;
use crate::ui::widgets::line_edit::{render_line, LineEdit};
use chrono::{NaiveDateTime, NaiveTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// What the queue view asks the app to do (the app owns the queue and saves it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueEffect {
    Take {
        letter: char,
        people: u32,
        reps: Vec<String>,
        appointment: Option<NaiveTime>,
    },
    /// Call the next visitor by the order rules and open the registration form.
    CallNext,
    /// Call (if waiting) or bring back (if parked / called) this ticket and open the form.
    Serve(String),
    /// Announce a specific waiting number without opening the form.
    Call(String),
    Recall(String),
    NoShow(String),
    Reinstate(String),
    Park(String),
    Transfer(String, String),
    Finish(String),
    Message(String),
}

/// A question the view asks before issuing or transferring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// 集体访: number of people and representatives.
    Collective,
    /// 预约: the appointment time.
    Appointment,
    /// Where the ticket goes.
    Transfer(String),
}

impl PromptKind {
    pub fn question(&self) -> String {
        match self {
            Self::Collective => {
                "集体访：人数 代表姓名（空格分隔，最多5名），如 12 张三 李四".into()
            }
            Self::Appointment => "预约时间（时:分），如 14:30".into(),
            Self::Transfer(n) => format!("{n} 转到（窗口或值班领导）："),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub edit: LineEdit,
}

#[derive(Debug, Clone, Default)]
pub struct QueueViewState {
    pub selected: usize,
    pub prompt: Option<Prompt>,
}

/// The tickets the view lists, in this order: at the counter (called, serving), waiting
/// in call order, parked, no-show.
pub fn rows<'a>(q: &'a Queue, cfg: &QueueConfig, now: NaiveDateTime) -> Vec<&'a Ticket> {
    let of = |pred: fn(&TicketState) -> bool| q.tickets.iter().filter(move |t| pred(&t.state));
    let mut out: Vec<&Ticket> =
        of(|s| matches!(s, TicketState::Called | TicketState::Serving)).collect();
    out.extend(q.waiting(cfg, now));
    out.extend(of(|s| *s == TicketState::Parked));
    out.extend(of(|s| *s == TicketState::NoShow));
    out
}

fn parse_collective(text: &str) -> Result<(u32, Vec<String>), String> {
    let mut parts = text.split_whitespace();
    let people = match parts.next() {
        None => return Err("请先填写人数".into()),
        Some(n) => n
            .parse::<u32>()
            .ok()
            .filter(|n| (2..=10_000).contains(n))
            .ok_or_else(|| format!("人数“{n}”无效（集体访至少 2 人）"))?,
    };
    Ok((people, parts.map(str::to_string).collect()))
}

impl QueueViewState {
    /// The ticket under the cursor.
    pub fn selected_ticket(
        &self,
        q: &Queue,
        cfg: &QueueConfig,
        now: NaiveDateTime,
    ) -> Option<String> {
        rows(q, cfg, now).get(self.selected).map(|t| t.number())
    }

    pub fn update(
        &mut self,
        action: Action,
        q: &Queue,
        cfg: &QueueConfig,
        ctx: &Ctx,
    ) -> Vec<QueueEffect> {
        if self.prompt.is_some() {
            return self.update_prompt(action);
        }
        let n = rows(q, cfg, ctx.now).len();
        let sel = self.selected_ticket(q, cfg, ctx.now);
        let with_sel = |f: fn(String) -> QueueEffect| match sel.clone() {
            Some(s) => vec![f(s)],
            None => vec![QueueEffect::Message("没有选中的号票".into())],
        };
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down if self.selected + 1 < n => self.selected += 1,
            Action::TakeTicket(letter) => {
                let Some(kind) = cfg.kind(letter) else {
                    return vec![QueueEffect::Message(format!("没有“{letter}”类号票"))];
                };
                let prompt = if kind.collective {
                    Some(PromptKind::Collective)
                } else if kind.appointment {
                    Some(PromptKind::Appointment)
                } else {
                    None
                };
                match prompt {
                    Some(kind) => {
                        self.prompt = Some(Prompt {
                            kind,
                            edit: LineEdit::default(),
                        })
                    }
                    None => {
                        return vec![QueueEffect::Take {
                            letter: kind.letter,
                            people: 1,
                            reps: Vec::new(),
                            appointment: None,
                        }]
                    }
                }
            }
            Action::CallNext => return vec![QueueEffect::CallNext],
            Action::ServeSelected => return with_sel(QueueEffect::Serve),
            Action::CallSelected => return with_sel(QueueEffect::Call),
            Action::Recall => return with_sel(QueueEffect::Recall),
            Action::NoShow => return with_sel(QueueEffect::NoShow),
            Action::Reinstate => return with_sel(QueueEffect::Reinstate),
            Action::Park => return with_sel(QueueEffect::Park),
            Action::Finish => return with_sel(QueueEffect::Finish),
            Action::Transfer => match sel {
                Some(s) => {
                    self.prompt = Some(Prompt {
                        kind: PromptKind::Transfer(s),
                        edit: LineEdit::default(),
                    })
                }
                None => return vec![QueueEffect::Message("没有选中的号票".into())],
            },
            _ => {}
        }
        Vec::new()
    }

    fn update_prompt(&mut self, action: Action) -> Vec<QueueEffect> {
        let Some(p) = self.prompt.clone() else {
            return Vec::new();
        };
        match action {
            Action::Back => {
                self.prompt = None;
                vec![QueueEffect::Message("已取消".into())]
            }
            Action::Confirm => {
                let text = p.edit.text().trim().to_string();
                let fx = match &p.kind {
                    PromptKind::Collective => match parse_collective(&text) {
                        Ok((people, reps)) => QueueEffect::Take {
                            letter: 'B',
                            people,
                            reps,
                            appointment: None,
                        },
                        Err(e) => return vec![QueueEffect::Message(e)],
                    },
                    PromptKind::Appointment => {
                        match NaiveTime::parse_from_str(&text.replace('：', ":"), "%H:%M") {
                            Ok(t) => QueueEffect::Take {
                                letter: 'Y',
                                people: 1,
                                reps: Vec::new(),
                                appointment: Some(t),
                            },
                            Err(_) => {
                                return vec![QueueEffect::Message(format!(
                                    "时间“{text}”无效，格式如 14:30"
                                ))]
                            }
                        }
                    }
                    PromptKind::Transfer(number) => {
                        if text.is_empty() {
                            return vec![QueueEffect::Message("请填写转到哪里".into())];
                        }
                        QueueEffect::Transfer(number.clone(), text)
                    }
                };
                self.prompt = None;
                vec![fx]
            }
            _ => Vec::new(),
        }
    }

    /// Keys not bound to an action type into the open prompt.
    pub fn edit(&mut self, key: &KeyEvent) {
        let Some(p) = self.prompt.as_mut() else {
            return;
        };
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return;
        }
        match key.code {
            KeyCode::Char(c) => p.edit.insert_char(c),
            KeyCode::Backspace => p.edit.backspace(),
            KeyCode::Delete => p.edit.delete(),
            KeyCode::Left => p.edit.left(),
            KeyCode::Right => p.edit.right(),
            KeyCode::Home => p.edit.home(),
            KeyCode::End => p.edit.end(),
            _ => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(p) = self.prompt.as_mut() {
            p.edit.insert_str(text);
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, q: &Queue, cfg: &QueueConfig, ctx: &Ctx) {
        let [head, table_area, prompt_area] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(area);
        let st = q.stats(ctx.now);
        let waiting_by_kind: Vec<String> = cfg
            .kinds
            .iter()
            .map(|k| {
                let n = q
                    .tickets
                    .iter()
                    .filter(|t| t.letter == k.letter && t.state == TicketState::Waiting)
                    .count();
                format!("{}{} {}", k.letter, k.name, n)
            })
            .collect();
        let head_lines = vec![
            Line::from(vec![
                Span::styled(format!(" 等候 {} 人", st.waiting), theme::HEADER),
                Span::raw(format!(
                    "  已接待 {}  过号 {}  挂起 {}  平均等候 {} 分钟  最长 {} 分钟",
                    st.served, st.no_show, st.parked, st.avg_wait_min, st.max_wait_min
                )),
            ]),
            Line::styled(format!(" {}", waiting_by_kind.join("  ")), theme::DIM),
        ];
        frame.render_widget(Paragraph::new(head_lines), head);

        let list = rows(q, cfg, ctx.now);
        let block = Block::default()
            .borders(Borders::TOP)
            .title(format!(" {} 今日号票 ", q.day.format("%m-%d")));
        if list.is_empty() {
            let hint = vec![
                Line::styled("现在没有人等候。", theme::DIM),
                Line::styled(
                    "按 A 取一般号，V 取优先号，B 集体访，Y 预约；F5 叫下一位。",
                    theme::DIM,
                ),
            ];
            frame.render_widget(Paragraph::new(hint).block(block), table_area);
        } else {
            let header = Row::new(["号票", "类别", "状态", "取号", "等候", "人数", "说明"])
                .style(theme::HEADER);
            let body = list.iter().enumerate().map(|(i, t)| {
                let kind = cfg.kind(t.letter).map(|k| k.name.as_str()).unwrap_or("");
                let waited = (t.called.unwrap_or(ctx.now) - t.taken).num_minutes().max(0);
                let mut note = Vec::new();
                if let Some(at) = t.appointment {
                    note.push(format!("预约 {}", at.format("%H:%M")));
                }
                if !t.reps.is_empty() {
                    note.push(format!("代表 {}", t.reps.join("、")));
                }
                if let Some(c) = &t.counter {
                    if t.state != TicketState::Waiting {
                        note.push(c.clone());
                    }
                }
                if t.recalls > 0 {
                    note.push(format!("重呼{}次", t.recalls));
                }
                let state_style = match t.state {
                    TicketState::Called | TicketState::Serving => theme::OK,
                    TicketState::NoShow => theme::ERROR,
                    TicketState::Parked => theme::WARN,
                    _ => Style::new(),
                };
                let row = Row::new(vec![
                    Cell::from(t.number()),
                    Cell::from(kind.to_string()),
                    Cell::from(t.state.label()).style(state_style),
                    Cell::from(t.taken.format("%H:%M").to_string()),
                    Cell::from(format!("{waited}分")),
                    Cell::from(t.people.to_string()),
                    Cell::from(note.join(" ")),
                ]);
                if i == self.selected {
                    row.style(theme::SELECTED)
                } else {
                    row
                }
            });
            let widths = [
                Constraint::Length(5),
                Constraint::Length(13),
                Constraint::Length(6),
                Constraint::Length(5),
                Constraint::Length(6),
                Constraint::Length(4),
                Constraint::Fill(1),
            ];
            frame.render_widget(
                Table::new(body, widths)
                    .header(header)
                    .column_spacing(1)
                    .block(block),
                table_area,
            );
        }

        if let Some(p) = &self.prompt {
            let q = p.kind.question();
            frame.render_widget(
                Paragraph::new(Line::styled(q, theme::LABEL_FOCUS)),
                prompt_area,
            );
            let field = Rect::new(
                prompt_area.x,
                prompt_area.y + 1,
                prompt_area.width.min(60),
                1,
            );
            let (x, y) = render_line(frame.buffer_mut(), field, &p.edit, theme::FIELD_FOCUS);
            frame.set_cursor_position(Position::new(x, y));
        } else if let Some(call) = q.calls.last() {
            let text = format!(
                " 最近叫号：{} → {}  {}",
                call.number,
                call.counter,
                call.at.format("%H:%M")
            );
            let w = width(&text) as u16;
            let line = Line::styled(text, theme::DIM);
            frame.render_widget(
                Paragraph::new(line),
                Rect::new(
                    prompt_area.x,
                    prompt_area.y + 1,
                    w.min(prompt_area.width),
                    1,
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collective_prompt_parses_people_and_reps() {
        assert_eq!(
            parse_collective("12 张三 李四"),
            Ok((12, vec!["张三".to_string(), "李四".to_string()]))
        );
        assert!(parse_collective("").is_err());
        assert!(parse_collective("1").is_err());
        assert!(parse_collective("abc").is_err());
    }
}
