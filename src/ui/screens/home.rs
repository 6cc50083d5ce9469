//! The main screen (主页): today's registrations and the clocks that need attention.

use super::Ctx;
use crate::domain::calendar::WorkCalendar;
use crate::domain::case::{CaseNo, CaseSummary};
use crate::domain::urgency::{days_left, describe_short, urgency, Urgency};
use crate::store::DueEntry;
use crate::ui::keymap::Action;
use crate::ui::theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeEffect {
    Open(CaseNo),
}

#[derive(Debug, Clone, Default)]
pub struct HomeState {
    pub today: Vec<CaseSummary>,
    pub due: Vec<(DueEntry, String)>,
    pub total: u64,
    pub selected: usize,
}

impl HomeState {
    pub fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<HomeEffect> {
        let n = self.due.len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down if self.selected + 1 < n => self.selected += 1,
            Action::OpenCase => {
                if let Some((d, _)) = self.due.get(self.selected) {
                    return vec![HomeEffect::Open(d.no)];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, cal: &WorkCalendar, soon: u32) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(area);
        let title = format!(" 今日登记 {} 件（共 {} 件） ", self.today.len(), self.total);
        let block = Block::default().borders(Borders::ALL).title(title);
        if self.today.is_empty() {
            let hint = vec![
                Line::styled("今天还没有登记。", theme::DIM),
                Line::styled("按 F2 开始登记来访人。", theme::DIM),
            ];
            frame.render_widget(Paragraph::new(hint).block(block), left);
        } else {
            let rows = self.today.iter().map(|s| {
                let hidden = s.purpose == super::ACCUSATION && !ctx.may_see_accusations;
                let name = if hidden {
                    crate::domain::mask::mask_name(&s.name)
                } else {
                    s.name.clone()
                };
                Row::new(vec![
                    Cell::from(s.registered.format("%H:%M").to_string()).style(theme::DIM),
                    Cell::from(s.no.to_string()),
                    Cell::from(name),
                    Cell::from(s.category.clone()).style(theme::DIM),
                ])
            });
            let widths = [
                Constraint::Length(5),
                Constraint::Length(11),
                Constraint::Length(8),
                Constraint::Fill(1),
            ];
            frame.render_widget(
                Table::new(rows, widths).column_spacing(1).block(block),
                left,
            );
        }

        let block = Block::default()
            .borders(Borders::ALL)
            .title(" 临近期限 Enter 打开 ");
        if self.due.is_empty() {
            let hint = Line::styled("没有正在计时的期限。", theme::DIM);
            frame.render_widget(Paragraph::new(hint).block(block), right);
            return;
        }
        let rows = self.due.iter().enumerate().map(|(i, (d, name))| {
            let left = days_left(cal, ctx.today, d.due);
            let style = match urgency(cal, ctx.today, d.due, soon) {
                Urgency::Overdue(_) => theme::OVERDUE,
                Urgency::DueToday | Urgency::DueSoon => theme::DUE_SOON,
                Urgency::Normal => Style::new(),
            };
            let row_style = if i == self.selected {
                theme::SELECTED
            } else {
                Style::new()
            };
            Row::new(vec![
                Cell::from(d.no.to_string()),
                Cell::from(name.clone()),
                Cell::from(d.kind.label()),
                Cell::from(d.due.format("%m-%d").to_string()),
                Cell::from(describe_short(left)).style(style),
            ])
            .style(row_style)
        });
        let widths = [
            Constraint::Length(11),
            Constraint::Length(6),
            Constraint::Length(4),
            Constraint::Length(5),
            Constraint::Fill(1),
        ];
        frame.render_widget(
            Table::new(rows, widths).column_spacing(1).block(block),
            right,
        );
    }
}
