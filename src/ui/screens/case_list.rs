//! Case search (案件查询): type to search, newest first, paged through the store so it stays
//! fast with 100k cases.

use super::Ctx;
use crate::domain::case::{CaseNo, CaseSummary};
use crate::domain::idcard;
use crate::domain::mask::{mask_phone, width};
use crate::ui::keymap::Action;
use crate::ui::theme;
use crate::ui::widgets::line_edit::{render_line, LineEdit};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::widgets::{Row, Table};
use ratatui::Frame;

/// What the list asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListEffect {
    /// Load a page: `query` (empty = newest first), `before` = continue after this case.
    Load {
        query: String,
        before: Option<CaseNo>,
    },
    Open(CaseNo),
    Leave,
}

#[derive(Debug, Clone, Default)]
pub struct CaseListState {
    pub query: LineEdit,
    pub items: Vec<CaseSummary>,
    pub selected: usize,
    /// Cases before the current page (for PageUp), oldest page last.
    pages: Vec<Option<CaseNo>>,
    pub page: usize,
    pub total: u64,
    pub page_size: usize,
    /// Set by [`CaseListState::refresh`]: the case to keep selected when the page comes back.
    keep: Option<CaseNo>,
}

impl CaseListState {
    pub fn new() -> Self {
        Self {
            page_size: 15,
            ..Default::default()
        }
    }

    /// The first load when the screen opens.
    pub fn initial_load(&self) -> ListEffect {
        ListEffect::Load {
            query: self.query.text().to_string(),
            before: None,
        }
    }

    pub fn set_items(&mut self, items: Vec<CaseSummary>, total: u64) {
        self.items = items;
        self.total = total;
        let kept = self.keep.take();
        self.selected = kept
            .and_then(|no| self.items.iter().position(|s| s.no == no))
            .unwrap_or(self.selected)
            .min(self.items.len().saturating_sub(1));
    }

    /// Loads the page on screen again (another counter changed cases): the same search, the
    /// same page, the same case selected if it is still there.
    pub fn refresh(&mut self) -> ListEffect {
        self.keep = self.items.get(self.selected).map(|s| s.no);
        let before = match self.page {
            0 => None,
            p => self.pages.get(p).copied().flatten(),
        };
        ListEffect::Load {
            query: self.query.text().to_string(),
            before,
        }
    }

    fn reload(&mut self) -> Vec<ListEffect> {
        self.pages.clear();
        self.page = 0;
        self.selected = 0;
        vec![self.initial_load()]
    }

    pub fn update(&mut self, action: Action, _ctx: &Ctx) -> Vec<ListEffect> {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                if self.selected + 1 < self.items.len() {
                    self.selected += 1;
                } else if self.items.len() >= self.page_size {
                    return self.next_page();
                }
            }
            Action::PageDown => return self.next_page(),
            Action::PageUp if self.page > 0 => {
                self.page -= 1;
                let before = self.pages.get(self.page).copied().flatten();
                self.pages.truncate(self.page);
                self.pages.push(before);
                self.selected = 0;
                return vec![ListEffect::Load {
                    query: self.query.text().to_string(),
                    before,
                }];
            }
            Action::OpenCase => {
                if let Some(s) = self.items.get(self.selected) {
                    return vec![ListEffect::Open(s.no)];
                }
            }
            Action::ClearSearch => {
                self.query.clear();
                return self.reload();
            }
            Action::Back => return vec![ListEffect::Leave],
            _ => {}
        }
        Vec::new()
    }

    fn next_page(&mut self) -> Vec<ListEffect> {
        if self.items.len() < self.page_size {
            return Vec::new();
        }
        let Some(last) = self.items.last().map(|s| s.no) else {
            return Vec::new();
        };
        if self.pages.is_empty() {
            self.pages.push(None);
        }
        self.page += 1;
        self.pages.push(Some(last));
        self.selected = 0;
        vec![ListEffect::Load {
            query: self.query.text().to_string(),
            before: Some(last),
        }]
    }

    pub fn edit(&mut self, key: &KeyEvent) -> Vec<ListEffect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char(c) if !ctrl => self.query.insert_char(c),
            KeyCode::Backspace => self.query.backspace(),
            KeyCode::Delete => self.query.delete(),
            KeyCode::Left => {
                self.query.left();
                return Vec::new();
            }
            KeyCode::Right => {
                self.query.right();
                return Vec::new();
            }
            _ => return Vec::new(),
        }
        self.reload()
    }

    pub fn paste(&mut self, text: &str) -> Vec<ListEffect> {
        self.query.insert_str(text);
        self.reload()
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let buf = frame.buffer_mut();
        buf.set_string(area.x, area.y, " 查询：", theme::HEADER);
        let q = Rect::new(area.x + 7, area.y, area.width.saturating_sub(8).min(40), 1);
        let cursor = render_line(buf, q, &self.query, theme::FIELD_FOCUS);
        let hint = format!(" 共 {} 件 · 第 {} 页", self.total, self.page + 1);
        let hx = q.right() + 1;
        if hx + width(&hint) as u16 <= area.right() {
            buf.set_string(hx, area.y, &hint, theme::DIM);
        }
        buf.set_string(
            area.x,
            area.y + 1,
            " 可输入：案件编号或本年序号、姓名、证件/电话尾号（4位以上）、诉求中的词",
            theme::DIM,
        );
        let table_area = Rect::new(
            area.x,
            area.y + 2,
            area.width,
            area.height.saturating_sub(2),
        );
        if self.items.is_empty() {
            let msg = if self.query.is_empty() {
                "还没有案件。按 F2 登记第一位来访人。"
            } else {
                "没有找到符合条件的案件。"
            };
            buf.set_string(area.x + 1, area.y + 3, msg, theme::WARN);
        } else {
            let rows: Vec<Row> = self
                .items
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let style = if i == self.selected {
                        theme::SELECTED
                    } else {
                        ratatui::style::Style::new()
                    };
                    let contact = if !s.id_number.is_empty() {
                        idcard::mask(&s.id_number)
                    } else {
                        mask_phone(&s.phone)
                    };
                    let hidden = s.purpose == super::ACCUSATION && !ctx.may_see_accusations;
                    let (name, matter) = if hidden {
                        (
                            crate::domain::mask::mask_name(&s.name),
                            "（检举控告件，内容不显示）".to_string(),
                        )
                    } else {
                        (s.name.clone(), s.matter_head.clone())
                    };
                    Row::new(vec![
                        s.no.display(&ctx.prefix),
                        s.registered.format("%m-%d").to_string(),
                        name,
                        s.status.label().to_string(),
                        s.category.clone(),
                        contact,
                        matter,
                    ])
                    .style(style)
                })
                .collect();
            let header = Row::new(vec![
                "编号",
                "日期",
                "姓名",
                "状态",
                "分类",
                "证件/电话",
                "主要诉求",
            ])
            .style(theme::HEADER);
            let table = Table::new(
                rows,
                [
                    Constraint::Length(15),
                    Constraint::Length(5),
                    Constraint::Length(8),
                    Constraint::Length(8),
                    Constraint::Length(14),
                    Constraint::Length(18),
                    Constraint::Min(6),
                ],
            )
            .header(header)
            .column_spacing(1);
            frame.render_widget(table, table_area);
        }
        frame.set_cursor_position(Position::new(cursor.0, cursor.1));
    }
}
