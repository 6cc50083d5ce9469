//! The login screen (登录): shown at start once staff accounts exist.

use crate::ui::keymap::Action;
use crate::ui::theme;
use crate::ui::widgets::line_edit::{render_line, LineEdit};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use ratatui::Frame;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginEffect {
    Try { name: String, password: String },
}

#[derive(Debug, Clone, Default)]
pub struct LoginState {
    pub name: LineEdit,
    pub password: LineEdit,
    /// 0 = 用户名, 1 = 密码
    pub focus: usize,
    pub error: Option<String>,
}

impl LoginState {
    pub fn update(&mut self, action: Action) -> Vec<LoginEffect> {
        match action {
            Action::NextField | Action::PrevField => self.focus = 1 - self.focus,
            Action::Confirm if self.focus == 0 => self.focus = 1,
            Action::Confirm => {
                return vec![LoginEffect::Try {
                    name: self.name.text().trim().to_string(),
                    password: self.password.text().to_string(),
                }]
            }
            _ => {}
        }
        Vec::new()
    }

    /// A failed attempt: the password is cleared, the name kept.
    pub fn failed(&mut self, msg: &str) {
        self.password.clear();
        self.focus = 1;
        self.error = Some(msg.to_string());
    }

    pub fn edit(&mut self, key: &KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return;
        }
        let e = if self.focus == 0 {
            &mut self.name
        } else {
            &mut self.password
        };
        match key.code {
            KeyCode::Char(c) => e.insert_char(c),
            KeyCode::Backspace => e.backspace(),
            KeyCode::Delete => e.delete(),
            KeyCode::Left => e.left(),
            KeyCode::Right => e.right(),
            _ => {}
        }
    }

    pub fn paste(&mut self, text: &str) {
        let e = if self.focus == 0 {
            &mut self.name
        } else {
            &mut self.password
        };
        e.insert_str(text.trim());
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let w = 44.min(area.width);
        let h = 9.min(area.height);
        let rect = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        let buf = frame.buffer_mut();
        Clear.render(rect, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(" 登录 ")
            .border_style(theme::HEADER);
        let inner = block.inner(rect);
        block.render(rect, buf);
        let label = |i: usize| {
            if self.focus == i {
                theme::LABEL_FOCUS
            } else {
                theme::LABEL
            }
        };
        let field = |i: usize| {
            if self.focus == i {
                theme::FIELD_FOCUS
            } else {
                theme::FIELD
            }
        };
        buf.set_string(inner.x + 1, inner.y + 1, "用户名", label(0));
        let pos0 = render_line(
            buf,
            Rect::new(inner.x + 9, inner.y + 1, inner.width.saturating_sub(10), 1),
            &self.name,
            field(0),
        );
        buf.set_string(inner.x + 1, inner.y + 3, "密  码", label(1));
        let masked = LineEdit::new(&"•".repeat(self.password.text().chars().count()));
        let pos1 = render_line(
            buf,
            Rect::new(inner.x + 9, inner.y + 3, inner.width.saturating_sub(10), 1),
            &masked,
            field(1),
        );
        let msg = match &self.error {
            Some(e) => Paragraph::new(e.as_str()).style(theme::ERROR),
            None => Paragraph::new("Enter 登录 · Tab 切换 · F10 退出").style(theme::DIM),
        };
        msg.render(
            Rect::new(inner.x + 1, inner.y + 5, inner.width.saturating_sub(2), 1),
            buf,
        );
        let (x, y) = if self.focus == 0 { pos0 } else { pos1 };
        frame.set_cursor_position(Position::new(x, y));
    }
}
