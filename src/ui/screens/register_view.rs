//! Drawing of the registration form. Pure: reads the state, never changes it.

use super::register::{Field, RegisterState};
use crate::domain::idcard::{CheckResult, IdKind};
use crate::domain::mask::width;
use crate::ui::theme;
use crate::ui::widgets::line_edit::render_line;
use crate::ui::widgets::text_area::render_area;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

const LABEL_W: u16 = 10;

/// Splits the screen into the form and the side panel (ID check, earlier cases).
pub fn split(area: Rect) -> (Rect, Rect) {
    let side_w = (area.width * 2 / 5)
        .clamp(28, 56)
        .min(area.width.saturating_sub(40));
    let form = Rect::new(area.x, area.y, area.width - side_w, area.height);
    let side = Rect::new(area.x + form.width, area.y, side_w, area.height);
    (form, side)
}

/// Width of the matter box for a terminal `total_width` columns wide.
pub fn matter_width(total_width: u16) -> u16 {
    let (form, _) = split(Rect::new(0, 0, total_width, 24));
    form.width.saturating_sub(LABEL_W + 1).max(4)
}

/// One row of the form: fields with a fixed value width (None = the rest of the row).
fn rows(state: &RegisterState) -> Vec<Vec<(Field, Option<u16>)>> {
    let mut r = vec![vec![(Field::Name, None)], vec![(Field::IdNumber, None)]];
    if state.needs_id_note() {
        r.push(vec![(Field::IdNote, None)]);
    }
    r.extend([
        vec![
            (Field::Sex, Some(4)),
            (Field::Birth, Some(11)),
            (Field::Age, None),
        ],
        vec![(Field::Ethnicity, Some(12)), (Field::People, None)],
        vec![(Field::Phone, None)],
        vec![(Field::Address, None)],
        vec![(Field::Occupation, None)],
        vec![(Field::Mode, Some(6)), (Field::Place, None)],
        vec![(Field::Category, None)],
        vec![(Field::Purpose, None)],
        vec![(Field::Matter, None)],
        vec![(Field::Opinion, None)],
    ]);
    r
}

fn required(f: Field) -> bool {
    matches!(
        f,
        Field::Name | Field::Matter | Field::Category | Field::Mode
    )
}

/// Draws the form into `area` and returns where the cursor goes.
pub fn draw(frame: &mut Frame, area: Rect, state: &RegisterState) {
    let (form, side) = split(area);
    let buf = frame.buffer_mut();
    let mut cursor = None;
    let mut pick_anchor = None;

    // Heading: new case or repeat visit, and the ticket.
    let heading = match (state.attach, &state.ticket) {
        (Some(no), _) => Line::from(vec![
            Span::styled(" 重复访 ", theme::SELECTED),
            Span::raw(format!(" 并入 {no}，Ctrl-S 保存本次来访")),
        ]),
        (None, Some(t)) => Line::from(vec![
            Span::styled(" 新登记 ", theme::HEADER),
            Span::raw(format!(" 票号 {t}")),
        ]),
        (None, None) => Line::from(Span::styled(" 新登记  （* 为必填）", theme::HEADER)),
    };
    buf.set_line(form.x, form.y, &heading, form.width);

    let all = rows(state);
    let single_rows = all.len() as u16 - 1;
    let body_top = form.y + 1;
    let body_h = form.height.saturating_sub(1);
    let matter_h = body_h.saturating_sub(single_rows).max(1);
    let mut y = body_top;
    for row in &all {
        if y >= form.bottom() {
            break;
        }
        let h = if row[0].0 == Field::Matter {
            matter_h
        } else {
            1
        };
        let mut x = form.x;
        for (i, (field, w)) in row.iter().enumerate() {
            let label = field.label();
            let lw = if i == 0 {
                LABEL_W
            } else {
                width(label) as u16 + 2
            };
            let focused = state.focus == *field;
            let lstyle = if state.error_for(*field).is_some() {
                theme::LABEL_ERROR
            } else if focused {
                theme::LABEL_FOCUS
            } else {
                theme::LABEL
            };
            let star = if required(*field) { "*" } else { " " };
            buf.set_string(x, y, star, theme::REQUIRED);
            buf.set_stringn(x + 1, y, label, lw as usize - 1, lstyle);
            x += lw;
            let right = form.right().saturating_sub(1);
            let vw = w
                .unwrap_or(right.saturating_sub(x))
                .min(right.saturating_sub(x));
            let rect = Rect::new(x, y, vw, h.min(form.bottom().saturating_sub(y)));
            let style = if focused {
                theme::FIELD_FOCUS
            } else {
                theme::FIELD
            };
            if *field == Field::Matter {
                fill(
                    buf,
                    rect,
                    if focused {
                        theme::FIELD_FOCUS
                    } else {
                        Style::new()
                    },
                );
                let pos = render_area(buf, rect, &state.matter, style);
                if focused {
                    cursor = Some(pos);
                }
                if state.matter.is_empty() && !focused {
                    buf.set_string(rect.x, rect.y, "（可粘贴长文本；Ctrl-J 换行）", theme::DIM);
                }
            } else {
                fill(buf, rect, style);
                let pos = render_line(buf, rect, state.line(*field), style);
                if focused {
                    cursor = Some(pos);
                    if field.catalog().is_some() {
                        pick_anchor = Some(Rect::new(x, y + 1, vw, 0));
                    }
                }
            }
            x += vw + 1;
        }
        y += h;
    }

    draw_side(buf, side, state);
    if let Some(anchor) = pick_anchor {
        draw_pick(frame, anchor, form, state);
    }
    if let Some((cx, cy)) = cursor {
        frame.set_cursor_position(Position::new(cx, cy));
    }
}

fn fill(buf: &mut Buffer, r: Rect, style: Style) {
    for y in r.top()..r.bottom() {
        for x in r.left()..r.right() {
            if let Some(c) = buf.cell_mut((x, y)) {
                c.set_symbol(" ").set_style(style);
            }
        }
    }
}

fn draw_pick(frame: &mut Frame, anchor: Rect, form: Rect, state: &RegisterState) {
    let options = state.pick_options();
    if options.is_empty() {
        return;
    }
    let shown = options.len().min(6) as u16;
    let w = options
        .iter()
        .map(|e| width(e.label) + width(e.code) + 3)
        .max()
        .unwrap_or(10)
        .max(12)
        .min(form.width as usize) as u16
        + 2;
    let h = shown + 2;
    // Below the field when it fits, else above it.
    let y = if anchor.y + h <= form.bottom() {
        anchor.y
    } else {
        anchor.y.saturating_sub(h + 1)
    };
    let x = anchor.x.min(form.right().saturating_sub(w));
    let area = Rect::new(x, y, w.min(form.width), h);
    let sel = state.pick_sel.min(options.len() - 1);
    let start = sel.saturating_sub(shown as usize - 1);
    let lines: Vec<Line> = options
        .iter()
        .enumerate()
        .skip(start)
        .take(shown as usize)
        .map(|(i, e)| {
            let style = if i == sel {
                theme::SELECTED
            } else {
                Style::new()
            };
            Line::styled(format!("{} {}", e.code, e.label), style)
        })
        .collect();
    frame.render_widget(Clear, area);
    let title = format!("{}/{} ↑↓选择", sel + 1, options.len());
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

fn draw_side(buf: &mut Buffer, side: Rect, state: &RegisterState) {
    use ratatui::widgets::Widget;
    let check_h = 5.min(side.height);
    let check_area = Rect::new(side.x, side.y, side.width, check_h);
    let mut lines: Vec<Line> = Vec::new();
    match &state.id_check {
        None => lines.push(Line::styled("输入身份证号后自动核对", theme::DIM)),
        Some(Err(e)) => lines.push(Line::styled(format!("✗ {e}"), theme::ERROR)),
        Some(Ok(info)) => {
            match &info.check {
                CheckResult::Valid => lines.push(Line::styled("✓ 校验通过", theme::OK)),
                CheckResult::NotApplicable => {
                    lines.push(Line::styled("✓ 15位旧号（无校验位）", theme::OK))
                }
                CheckResult::BadCheckDigit { expected, found } => {
                    lines.push(Line::styled(
                        format!("⚠ 校验位应为 {expected}，输入为 {found}"),
                        theme::WARN,
                    ));
                    lines.push(Line::styled("请核对证件；无误则填写核对说明", theme::WARN));
                }
            }
            let kind = match info.kind {
                IdKind::Resident18 | IdKind::Resident15 => "",
                IdKind::HkMacaoTaiwanResidence => " · 港澳台居住证",
                IdKind::ForeignPermanent => " · 外国人永居证",
            };
            lines.push(Line::raw(format!(
                "{} · {} · {}岁{kind}",
                info.sex.label(),
                info.birth.format("%Y-%m-%d"),
                info.age_on(state_today(state))
            )));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::default().borders(Borders::ALL).title(" 证件核对 "))
        .render(check_area, buf);

    let rest = Rect::new(
        side.x,
        side.y + check_h,
        side.width,
        side.height.saturating_sub(check_h),
    );
    if rest.height < 3 {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    if state.matches.is_empty() {
        lines.push(Line::styled("无（按身份证号和电话查找）", theme::DIM));
    }
    for (i, m) in state.matches.iter().enumerate() {
        let sel = i == state.match_sel;
        let attached = state.attach == Some(m.no);
        let mark = if attached {
            "▶并入 "
        } else if sel {
            "▶ "
        } else {
            "  "
        };
        let style = if sel { theme::SELECTED } else { Style::new() };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark}{}", m.no), style),
            Span::styled(
                format!(" {}", m.status.label()),
                if m.status.is_open() {
                    theme::WARN
                } else {
                    theme::DIM
                },
            ),
        ]));
        lines.push(Line::raw(format!(
            "  {} {} 来访{}次",
            m.registered.format("%Y-%m-%d"),
            m.category,
            m.visits
        )));
        lines.push(Line::styled(format!("  {}", m.matter_head), theme::DIM));
    }
    if !state.matches.is_empty() {
        lines.push(Line::styled("F6 并入所选在办案件  F7 换一件", theme::DIM));
    }
    let title = format!(" 同一来访人旧案 {} ", state.matches.len());
    Paragraph::new(lines)
        .block(Block::default().borders(Borders::ALL).title(title))
        .render(rest, buf);
}

fn state_today(state: &RegisterState) -> chrono::NaiveDate {
    state.today()
}
