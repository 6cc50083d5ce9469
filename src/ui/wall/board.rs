//! The overdue board (超期督办看板) for a monitor across the room: big figures, the clocks
//! that need attention most urgent first (in pages that turn), and a department panel.

use super::WallState;
use crate::domain::board::{assemble, Board, Row as BoardRow};
use crate::domain::mask::width;
use crate::domain::urgency::Urgency;
use crate::publish::Snapshot;
use crate::ui::theme;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;
use tui_big_text::{BigText, PixelSize};

/// Lines of the list that fit in `height` (one header line).
fn rows_per_column(height: u16) -> usize {
    height.saturating_sub(1) as usize
}

/// The list splits into side-by-side columns when the screen is wide.
fn list_columns(width: u16) -> usize {
    match width {
        0..=179 => 1,
        180..=269 => 2,
        _ => 3,
    }
}

pub fn draw(state: &WallState, frame: &mut Frame, snap: &Snapshot) {
    let area = frame.area();
    let today = state.now.date();
    let board = assemble(
        &snap.entries,
        snap.open_cases,
        snap.paused_cases,
        today,
        &state.calendar,
        state.soon_days,
    );
    // Digit size for the figures: text, quadrant pixels (4×4 cells) or full pixels (8×8)
    // for a wall TV read from across the room.
    let (big, figures_h) = match (area.width, area.height) {
        (w, h) if w >= 200 && h >= 60 => (Some(PixelSize::Full), 12),
        (w, h) if w >= 110 && h >= 36 => (Some(PixelSize::Quadrant), 8),
        _ => (None, 3),
    };
    let [title, figures, body, footer] = Layout::vertical([
        Constraint::Length(super::title_height(state, snap)),
        Constraint::Length(figures_h),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    super::draw_title(state, frame, title, snap, "超期督办看板");
    draw_figures(frame, figures, &board, state.soon_days, big);

    let show_depts = area.width >= 100 && !board.departments.is_empty();
    let [list, depts] = if show_depts {
        let w = (area.width / 4).clamp(30, 48);
        Layout::horizontal([Constraint::Min(40), Constraint::Length(w)]).areas(body)
    } else {
        [body, Rect::default()]
    };
    let columns = list_columns(list.width);
    let per_column = rows_per_column(list.height).max(1);
    let per_page = per_column * columns;
    let pages = board.rows.len().div_ceil(per_page).max(1);
    let page = state.page % pages;
    let shown: Vec<&BoardRow> = board
        .rows
        .iter()
        .skip(page * per_page)
        .take(per_page)
        .collect();
    if board.rows.is_empty() {
        let p = Paragraph::new("目前没有正在计时的案件期限。")
            .style(theme::OK)
            .alignment(Alignment::Center);
        frame.render_widget(p, Rect::new(list.x, list.y + 1, list.width, 1));
    } else {
        let col_w = list.width / columns as u16;
        for (i, chunk) in shown.chunks(per_column).enumerate() {
            let r = Rect::new(list.x + i as u16 * col_w, list.y, col_w, list.height);
            draw_list(frame, r, chunk);
        }
    }
    if show_depts {
        draw_departments(frame, depts, &board);
    }

    let mut foot = vec![Span::styled(
        format!(" 第 {}/{} 页 ", page + 1, pages),
        theme::HEADER,
    )];
    if pages > 1 {
        foot.push(Span::styled(
            format!("每 {} 秒翻页 ", state.page_seconds),
            theme::DIM,
        ));
    }
    foot.push(Span::styled(" 逾期 ", theme::OVERDUE));
    foot.push(Span::raw(" "));
    foot.push(Span::styled(
        format!(" {} 个工作日内到期 ", state.soon_days),
        theme::DUE_SOON,
    ));
    if snap.truncated {
        foot.push(Span::styled(
            format!("  仅列最紧急的 {} 条", crate::publish::MAX_ENTRIES),
            theme::DIM,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(foot)), footer);
}

fn draw_figures(frame: &mut Frame, area: Rect, b: &Board, soon: u32, big: Option<PixelSize>) {
    let soon_label = format!("{soon}工作日内到期");
    let figures: [(&str, u64, Style); 5] = [
        ("已逾期", b.overdue as u64, Style::new().fg(Color::LightRed)),
        (
            "今日到期",
            b.due_today as u64,
            Style::new().fg(Color::Yellow),
        ),
        (
            &soon_label,
            b.due_soon as u64,
            Style::new().fg(Color::Yellow),
        ),
        ("在办", b.open, Style::new().fg(Color::White)),
        ("暂停", b.paused, Style::new().fg(Color::Cyan)),
    ];
    let cells = Layout::horizontal([Constraint::Ratio(1, 5); 5]).split(area);
    for ((label, n, style), cell) in figures.iter().zip(cells.iter()) {
        let style = if *n == 0 {
            Style::new().fg(Color::Gray)
        } else {
            *style
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::DIM)
            .title(Line::from(pad_title(label, cell.width)).alignment(Alignment::Center))
            .title_style(style.add_modifier(Modifier::BOLD));
        let inner = block.inner(*cell);
        frame.render_widget(block, *cell);
        let digits = n.to_string();
        let cells = match big {
            Some(PixelSize::Full) => 8,
            _ => 4,
        };
        if let Some(size) = big.filter(|_| {
            inner.height >= cells && inner.width as usize >= digits.len() * cells as usize
        }) {
            let text = BigText::builder()
                .pixel_size(size)
                .style(style)
                .lines(vec![Line::from(digits)])
                .centered()
                .build();
            let h = cells;
            let y = inner.y + (inner.height - h) / 2;
            frame.render_widget(text, Rect::new(inner.x, y, inner.width, h));
        } else {
            let p = Paragraph::new(Span::styled(digits, style.add_modifier(Modifier::BOLD)))
                .alignment(Alignment::Center);
            frame.render_widget(p, inner);
        }
    }
}

/// " 标题 " when the border has room for the spaces, else the bare title.
fn pad_title(label: &str, cell_width: u16) -> String {
    if width(label) + 4 <= cell_width as usize {
        format!(" {label} ")
    } else {
        label.to_string()
    }
}

fn row_style(r: &BoardRow) -> Style {
    match r.urgency {
        Some(Urgency::Overdue(_)) => theme::OVERDUE,
        Some(Urgency::DueToday) | Some(Urgency::DueSoon) => theme::DUE_SOON,
        None => Style::new().fg(Color::Cyan),
        Some(Urgency::Normal) => Style::new(),
    }
}

fn draw_list(frame: &mut Frame, area: Rect, rows: &[&BoardRow]) {
    // Wide columns get the full due date and room for long department names.
    let wide = area.width >= 100;
    let widths = [
        Constraint::Length(14),
        Constraint::Length(8),
        Constraint::Length(if wide { 16 } else { 14 }),
        Constraint::Length(4),
        Constraint::Min(8),
        Constraint::Length(if wide { 10 } else { 5 }),
        Constraint::Length(13),
    ];
    let header = Row::new([
        "案件编号",
        "姓名",
        "问题类别",
        "期限",
        "承办单位",
        "到期",
        "剩余",
    ])
    .style(theme::HEADER);
    let lines: Vec<Row> = rows
        .iter()
        .map(|r| {
            let e = &r.entry;
            let due = if e.paused_left.is_some() {
                "—".to_string()
            } else if wide {
                e.due.format("%Y-%m-%d").to_string()
            } else {
                e.due.format("%m-%d").to_string()
            };
            let name = if e.restricted {
                "不公开".to_string()
            } else {
                e.name.clone()
            };
            Row::new([
                Cell::from(e.case_no.clone()),
                Cell::from(name),
                Cell::from(e.category.clone()),
                Cell::from(e.clock.clone()),
                Cell::from(e.department_label().to_string()),
                Cell::from(due),
                Cell::from(r.left_text()),
            ])
            .style(row_style(r))
        })
        .collect();
    let table = Table::new(lines, widths).header(header).column_spacing(1);
    frame.render_widget(table, area);
}

fn draw_departments(frame: &mut Frame, area: Rect, b: &Board) {
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(theme::DIM)
        .title(" 承办单位 在办/逾期 ")
        .title_style(theme::HEADER);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let name_w = inner.width.saturating_sub(12) as usize;
    let lines: Vec<Line> = b
        .departments
        .iter()
        .take(inner.height as usize)
        .map(|d| {
            let mut name = d.name.clone();
            while width(&name) > name_w {
                name.pop();
            }
            let pad = " ".repeat(name_w.saturating_sub(width(&name)));
            let style = if d.overdue > 0 {
                theme::ERROR
            } else {
                Style::new()
            };
            Line::from(vec![
                Span::raw(format!(" {name}{pad}")),
                Span::raw(format!("{:>4} ", d.open)),
                Span::styled(format!("{:>4}", d.overdue), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
