//! What frames every screen: the title row, the status line, the F-key bar, the F1 help and
//! confirmation dialogs. Bar and help are generated from the keymap.

use super::app::{Confirm, Level};
use super::keymap::{Context, Keymap};
use super::screens::Ctx;
use super::theme;
use crate::config::Config;
use crate::domain::mask::width;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

/// Title (1 row), body, status (1 row), key bar (1 row).
pub fn layout(area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

pub fn draw_title(frame: &mut Frame, area: Rect, config: &Config, ctx: &Ctx, context: Context) {
    let buf = frame.buffer_mut();
    buf.set_style(area, theme::TITLE);
    let left = format!(" {} · {}", config.unit_name, context.title());
    buf.set_stringn(area.x, area.y, &left, area.width as usize, theme::TITLE);
    let wd = WEEKDAYS[chrono::Datelike::weekday(&ctx.today).num_days_from_monday() as usize];
    let right = format!(
        "{} {} 周{wd} {} ",
        ctx.clerk,
        ctx.today.format("%Y-%m-%d"),
        ctx.now.format("%H:%M")
    );
    let rw = width(&right) as u16;
    if rw + (width(&left) as u16) < area.width {
        buf.set_string(area.right() - rw, area.y, &right, theme::TITLE);
    }
}

pub fn draw_status(frame: &mut Frame, area: Rect, status: Option<&(String, Level)>) {
    if let Some((msg, level)) = status {
        let style = match level {
            Level::Info => Style::new(),
            Level::Success => theme::OK,
            Level::Error => theme::ERROR,
        };
        frame.buffer_mut().set_stringn(
            area.x + 1,
            area.y,
            msg,
            area.width.saturating_sub(1) as usize,
            style,
        );
    }
}

/// The bottom bar: `F1帮助 F2登记 …`, as many as fit; the last one (F10 退出) always shows.
pub fn draw_bar(frame: &mut Frame, area: Rect, keymap: &Keymap, ctx: Context) {
    let items = keymap.bar(ctx);
    let item_w = |(key, label): &(String, &str)| width(key) + width(label) + 1;
    let reserved = items.last().map(item_w).unwrap_or(0);
    let mut spans: Vec<Span> = Vec::new();
    let mut used = reserved;
    let n = items.len();
    for (i, item) in items.into_iter().enumerate() {
        let w = item_w(&item);
        let last = i + 1 == n;
        if !last && used + w > area.width as usize {
            continue;
        }
        if !last {
            used += w;
        }
        spans.push(Span::styled(item.0, theme::KEY));
        spans.push(Span::styled(format!("{} ", item.1), theme::KEY_LABEL));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Lines of the help for `ctx`, straight from the keymap.
pub fn help_lines(keymap: &Keymap, ctx: Context) -> Vec<(String, &'static str)> {
    keymap
        .bindings_for(ctx)
        .into_iter()
        .map(|b| (b.key.to_string(), b.action.describe()))
        .collect()
}

pub fn draw_help(frame: &mut Frame, body: Rect, keymap: &Keymap, ctx: Context) {
    let entries = help_lines(keymap, ctx);
    let w = body.width.saturating_sub(4).min(76);
    let inner = w.saturating_sub(2).max(1) as usize;
    let tips: &[&str] = if ctx == Context::Register {
        &[
            "选择项（民族、分类、目的等）可输入拼音首字母（如 ldsb）、汉字或代码筛选，↑↓ 选择。",
            "输入身份证号自动填写性别、出生日期、年龄。Ctrl-U 清空本项，Ctrl-W 删除前一词。",
        ]
    } else {
        &[]
    };
    let tip_rows: usize = tips.iter().map(|t| width(t).div_ceil(inner)).sum::<usize>()
        + usize::from(!tips.is_empty());
    let room = body.height.saturating_sub(2) as usize;
    // One binding per row when it fits, otherwise two columns.
    let two_columns = entries.len() + tip_rows > room;
    let entry = |(k, d): &(String, &'static str), col: usize| {
        let key = format!("{k:>10} ");
        let desc = crate::domain::mask::truncate(d, col.saturating_sub(width(&key)));
        let pad = col.saturating_sub(width(&key) + width(&desc));
        vec![
            Span::styled(key, theme::HEADER),
            Span::raw(desc),
            Span::raw(" ".repeat(pad)),
        ]
    };
    let mut lines: Vec<Line> = if two_columns {
        let col = inner / 2;
        let half = entries.len().div_ceil(2);
        (0..half)
            .map(|i| {
                let mut spans = entry(&entries[i], col);
                if let Some(right) = entries.get(i + half) {
                    spans.extend(entry(right, col));
                }
                Line::from(spans)
            })
            .collect()
    } else {
        // One column: long descriptions wrap rather than lose their end.
        entries
            .iter()
            .map(|(k, d)| {
                Line::from(vec![
                    Span::styled(format!("{k:>10} "), theme::HEADER),
                    Span::raw(*d),
                ])
            })
            .collect()
    };
    if !tips.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(tips.iter().map(|t| Line::styled(*t, theme::DIM)));
    }
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let h = (rows as u16 + 2).min(body.height);
    let area = Rect::new(body.x + (body.width - w) / 2, body.y, w, h);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" 帮助：{} ", ctx.title()))
                .title_bottom(Line::styled(" 按任意键关闭帮助 ", theme::DIM).right_aligned()),
        ),
        area,
    );
}

pub fn draw_confirm(frame: &mut Frame, body: Rect, c: Confirm) {
    let text = match c {
        Confirm::DiscardForm => "登记表已填写但未保存。放弃本次登记吗？",
    };
    let w = (width(text) as u16 + 4).min(body.width);
    let area = Rect::new(
        body.x + (body.width - w) / 2,
        body.y + body.height / 3,
        w,
        4,
    );
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(text),
            Line::styled("Y 放弃    N / Esc 继续填写", theme::HEADER),
        ])
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" 请确认 ")
                .style(theme::WARN),
        ),
        area,
    );
}
