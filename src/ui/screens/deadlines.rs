//! The deadline view at the counter (期限): the board's list with full names, filtered by
//! clock, department and category, most urgent first; Enter opens the case.

use super::Ctx;
use crate::domain::board::{Board, Row as BoardRow};
use crate::domain::mask::mask_name;
use crate::domain::urgency::Urgency;
use crate::ui::keymap::Action;
use crate::ui::theme;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// The three filters, in Tab order.
const FILTERS: [&str; 3] = ["期限", "承办单位", "问题分类"];

pub enum DeadlineEffect {
    Open(String),
}

#[derive(Default)]
pub struct DeadlineState {
    pub board: Board,
    pub truncated: bool,
    /// Chosen value per filter (`None` = 全部).
    pub filters: [Option<String>; 3],
    /// Which filter ←/→ changes.
    pub focus: usize,
    pub selected: usize,
}

impl DeadlineState {
    pub fn new(board: Board, truncated: bool) -> Self {
        Self {
            board,
            truncated,
            ..Default::default()
        }
    }

    fn field(row: &BoardRow, i: usize) -> &str {
        match i {
            0 => &row.entry.clock,
            1 => row.entry.department_label(),
            _ => &row.entry.category,
        }
    }

    /// The rows that pass the filters, most urgent first.
    pub fn visible(&self) -> Vec<&BoardRow> {
        self.board
            .rows
            .iter()
            .filter(|r| {
                self.filters
                    .iter()
                    .enumerate()
                    .all(|(i, f)| f.as_deref().is_none_or(|v| Self::field(r, i) == v))
            })
            .collect()
    }

    /// The values a filter can take, in order of first appearance (most urgent first).
    fn values(&self, i: usize) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for r in &self.board.rows {
            let f = Self::field(r, i);
            if !f.is_empty() && !v.contains(&f) {
                v.push(f);
            }
        }
        v
    }

    fn step_filter(&mut self, forward: bool) {
        let values: Vec<String> = self
            .values(self.focus)
            .into_iter()
            .map(String::from)
            .collect();
        // Positions: 0 = 全部, 1.. = the values.
        let n = values.len() + 1;
        let cur = match &self.filters[self.focus] {
            None => 0,
            Some(c) => values.iter().position(|v| v == c).map_or(0, |p| p + 1),
        };
        let next = if forward {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.filters[self.focus] = next.checked_sub(1).and_then(|i| values.get(i).cloned());
        self.selected = 0;
    }

    pub fn update(&mut self, action: Action) -> Vec<DeadlineEffect> {
        let len = self.visible().len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(len.saturating_sub(1)),
            Action::PageDown => self.selected = (self.selected + 10).min(len.saturating_sub(1)),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::NextField => self.focus = (self.focus + 1) % FILTERS.len(),
            Action::PrevField => self.focus = (self.focus + FILTERS.len() - 1) % FILTERS.len(),
            Action::FilterNext => self.step_filter(true),
            Action::FilterPrev => self.step_filter(false),
            Action::OpenCase => {
                if let Some(r) = self.visible().get(self.selected) {
                    return vec![DeadlineEffect::Open(r.entry.case_no.clone())];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let b = &self.board;
        let mut spans = vec![
            Span::styled(format!(" 已逾期 {} ", b.overdue), theme::OVERDUE),
            Span::raw(" "),
            Span::styled(format!(" 今日到期 {} ", b.due_today), theme::DUE_SOON),
            Span::raw(format!(
                "  临近 {}  在办 {}  暂停 {}",
                b.due_soon, b.open, b.paused
            )),
        ];
        if self.truncated {
            spans.push(Span::styled(
                format!("  （仅列最紧急的 {} 条）", crate::publish::MAX_ENTRIES),
                theme::DIM,
            ));
        }
        let mut lines = vec![Line::from(spans)];
        let mut filters = vec![Span::styled(" 筛选 ", theme::LABEL)];
        for (i, name) in FILTERS.iter().enumerate() {
            let value = self.filters[i].as_deref().unwrap_or("全部");
            let style = if i == self.focus {
                theme::FIELD_FOCUS
            } else {
                theme::FIELD
            };
            filters.push(Span::raw(format!(" {name}：")));
            filters.push(Span::styled(format!("‹{value}›"), style));
        }
        filters.push(Span::styled("  Tab 换筛选项 ←→ 改值", theme::DIM));
        lines.push(Line::from(filters));
        frame.render_widget(Paragraph::new(lines), Rect { height: 2, ..area });

        let list = Rect::new(
            area.x,
            area.y + 2,
            area.width,
            area.height.saturating_sub(2),
        );
        let visible = self.visible();
        if visible.is_empty() {
            let msg = if b.rows.is_empty() {
                "目前没有正在计时的案件期限。"
            } else {
                "没有符合筛选条件的期限。"
            };
            frame.render_widget(
                Paragraph::new(Span::styled(format!(" {msg}"), theme::OK)),
                Rect { height: 1, ..list },
            );
            return;
        }
        let height = list.height.saturating_sub(1) as usize;
        let first = self.selected.saturating_sub(height.saturating_sub(1));
        let rows: Vec<Row> = visible
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, r)| {
                let e = &r.entry;
                let name = if e.restricted && !ctx.may_see_accusations {
                    mask_name(&e.name)
                } else {
                    e.name.clone()
                };
                let due = match e.paused_left {
                    Some(_) => "—".to_string(),
                    None => e.due.format("%m-%d").to_string(),
                };
                let style = if i == self.selected {
                    theme::SELECTED
                } else {
                    match r.urgency {
                        Some(Urgency::Overdue(_)) => theme::ERROR,
                        Some(Urgency::DueToday) | Some(Urgency::DueSoon) => theme::WARN,
                        None => Style::new().fg(Color::Cyan),
                        Some(Urgency::Normal) => Style::new(),
                    }
                };
                Row::new([
                    Cell::from(e.case_no.clone()),
                    Cell::from(name),
                    Cell::from(e.clock.clone()),
                    Cell::from(due),
                    Cell::from(r.left_text()),
                    Cell::from(e.department_label().to_string()),
                    Cell::from(e.category.clone()),
                ])
                .style(style)
            })
            .collect();
        let header = Row::new([
            "案件编号",
            "姓名",
            "期限",
            "到期",
            "剩余",
            "承办单位",
            "问题分类",
        ])
        .style(theme::HEADER);
        let table = Table::new(
            rows,
            [
                Constraint::Length(14),
                Constraint::Length(8),
                Constraint::Length(4),
                Constraint::Length(5),
                Constraint::Length(13),
                Constraint::Length(14),
                Constraint::Min(8),
            ],
        )
        .header(header)
        .column_spacing(1);
        frame.render_widget(table, list);
    }
}
