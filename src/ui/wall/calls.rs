//! The call display (叫号屏) for the waiting hall: the number called now in big digits,
//! the counter it goes to, the last calls, and how many wait per kind. No names.

use super::WallState;
use crate::publish::Snapshot;
use crate::ui::theme;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use tui_big_text::{BigText, PixelSize};

pub fn draw(state: &WallState, frame: &mut Frame, snap: &Snapshot) {
    let area = frame.area();
    let q = &snap.queue;
    let today_calls: Vec<_> = if q.day == Some(state.now.date()) {
        q.calls.iter().collect()
    } else {
        Vec::new()
    };
    let [title, main, waiting] = Layout::vertical([
        Constraint::Length(super::title_height(state, snap)),
        Constraint::Min(6),
        Constraint::Length(3),
    ])
    .areas(area);
    super::draw_title(state, frame, title, snap, "叫号");

    let side_w = if area.width >= 100 { area.width / 3 } else { 0 };
    let [now_area, last_area] =
        Layout::horizontal([Constraint::Min(30), Constraint::Length(side_w)]).areas(main);

    let current = today_calls.last();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::DIM)
        .title(" 正在呼叫 ")
        .title_style(theme::HEADER);
    let inner = block.inner(now_area);
    frame.render_widget(block, now_area);
    match current {
        None => {
            let p = Paragraph::new("请取号等候，留意叫号。")
                .style(theme::LABEL)
                .alignment(Alignment::Center);
            frame.render_widget(
                p,
                Rect::new(inner.x, inner.y + inner.height / 2, inner.width, 1),
            );
        }
        Some(call) => {
            let style = Style::new()
                .fg(Color::LightGreen)
                .add_modifier(Modifier::BOLD);
            // Full pixels (8×8 per digit) when there is room, else quadrants (4×4).
            let (size, h, w) = if inner.height >= 11 && inner.width >= 8 * 4 + 2 {
                (PixelSize::Full, 8, 8)
            } else {
                (PixelSize::Quadrant, 4, 4)
            };
            let digits_w = call.number.len() as u16 * w;
            let used = if inner.height >= h + 2 && inner.width >= digits_w {
                let y = inner.y + (inner.height.saturating_sub(h + 2)) / 2;
                let big = BigText::builder()
                    .pixel_size(size)
                    .style(style)
                    .lines(vec![Line::from(call.number.clone())])
                    .centered()
                    .build();
                frame.render_widget(big, Rect::new(inner.x, y, inner.width, h));
                y + h
            } else {
                let y = inner.y + inner.height.saturating_sub(2) / 2;
                let p = Paragraph::new(Span::styled(call.number.clone(), style))
                    .alignment(Alignment::Center);
                frame.render_widget(p, Rect::new(inner.x, y, inner.width, 1));
                y + 1
            };
            let text = format!("请 {} 号 到 {}", call.number, call.counter);
            let p =
                Paragraph::new(Span::styled(text, theme::LABEL_FOCUS)).alignment(Alignment::Center);
            if used < inner.bottom() {
                frame.render_widget(
                    p,
                    Rect::new(
                        inner.x,
                        used + 1.min(inner.bottom() - used - 1),
                        inner.width,
                        1,
                    ),
                );
            }
        }
    }

    if side_w > 0 {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::DIM)
            .title(" 最近叫号 ")
            .title_style(theme::HEADER);
        let inner = block.inner(last_area);
        frame.render_widget(block, last_area);
        let lines: Vec<Line> = today_calls
            .iter()
            .rev()
            .skip(1)
            .take(inner.height as usize)
            .map(|c| {
                Line::from(vec![
                    Span::styled(
                        format!(" {:<6}", c.number),
                        Style::new().add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(format!("{}  ", c.counter)),
                    Span::styled(c.at.format("%H:%M").to_string(), theme::DIM),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    let mut spans = vec![Span::styled(" 等候人数 ", theme::HEADER)];
    for k in &q.waiting {
        spans.push(Span::raw(format!(" {} {}：", k.letter, k.name)));
        spans.push(Span::styled(
            k.waiting.to_string(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(" 人 "));
    }
    if q.day != Some(state.now.date()) {
        spans = vec![Span::styled(" 今日尚未开始叫号 ", theme::DIM)];
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme::DIM);
    let inner = block.inner(waiting);
    frame.render_widget(block, waiting);
    frame.render_widget(Paragraph::new(Line::from(spans)), inner);
}
