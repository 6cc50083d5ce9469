//! A one-line text field whose cursor is measured in display columns (CJK = 2).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Text plus a cursor (a char index). Control characters never enter the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
}

pub(crate) fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

fn clean_line(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

impl LineEdit {
    pub fn new(text: &str) -> Self {
        let mut e = Self::default();
        e.set_text(text);
        e
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the text and puts the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.text = text.chars().filter_map(clean_line).collect();
        self.cursor = self.text.chars().count();
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn insert_char(&mut self, c: char) {
        if let Some(c) = clean_line(c) {
            let b = self.byte(self.cursor);
            self.text.insert(b, c);
            self.cursor += 1;
        }
    }

    /// Inserts pasted text; line breaks become spaces.
    pub fn insert_str(&mut self, s: &str) {
        let clean: String = s
            .replace("\r\n", "\n")
            .chars()
            .filter_map(clean_line)
            .collect();
        let b = self.byte(self.cursor);
        self.text.insert_str(b, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let b = self.byte(self.cursor);
            self.text.remove(b);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let b = self.byte(self.cursor);
            self.text.remove(b);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    /// Deletes back to the start of the previous word (spaces, then non-spaces).
    pub fn delete_word_back(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let (a, b) = (self.byte(start), self.byte(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// Display columns before the cursor.
    pub fn cursor_col(&self) -> usize {
        self.text[..self.byte(self.cursor)].width()
    }

    /// What fits in `width` columns with the cursor visible: (first visible char, cursor
    /// column inside the view). The view scrolls only when the cursor would leave it.
    pub fn view(&self, width: usize) -> (usize, usize) {
        let width = width.max(1);
        if self.text.width() <= width {
            // Everything fits: never scroll (the cursor may sit on the last cell).
            return (0, self.cursor_col().min(width - 1));
        }
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = 0;
        let mut col: usize = chars[..self.cursor].iter().map(|c| char_width(*c)).sum();
        // Keep one column for the cursor itself.
        while col >= width && start < self.cursor {
            col -= char_width(chars[start]);
            start += 1;
        }
        (start, col)
    }
}

/// Draws `edit` into the first row of `area`; returns the absolute cursor position.
pub fn render_line(buf: &mut Buffer, area: Rect, edit: &LineEdit, style: Style) -> (u16, u16) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return (area.x, area.y);
    }
    let row = Rect { height: 1, ..area };
    buf.set_style(row, style);
    let (start, col) = edit.view(area.width as usize);
    let visible: String = edit.text.chars().skip(start).collect();
    buf.set_stringn(area.x, area.y, &visible, area.width as usize, style);
    let x = area
        .x
        .saturating_add(col as u16)
        .min(area.right().saturating_sub(1));
    (x, area.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_counts_columns() {
        let mut e = LineEdit::default();
        for c in "张三abc".chars() {
            e.insert_char(c);
        }
        assert_eq!(e.cursor_col(), 7);
        e.home();
        e.right();
        assert_eq!(e.cursor_col(), 2);
        e.insert_char('小');
        assert_eq!(e.text(), "张小三abc");
        e.backspace();
        e.delete();
        assert_eq!(e.text(), "张abc");
    }

    #[test]
    fn control_characters_never_enter() {
        let mut e = LineEdit::default();
        e.insert_str("北京\r\n市\t海淀\u{7}区");
        assert_eq!(e.text(), "北京 市 海淀区");
        e.delete_word_back();
        assert_eq!(e.text(), "北京 市 ");
        e.clear();
        assert!(e.is_empty());
    }

    #[test]
    fn view_scrolls_to_keep_cursor_visible() {
        let e = LineEdit::new("一二三四五六");
        // 12 columns of text in a 7-column field: cursor at the end, col 6 at most.
        let (start, col) = e.view(7);
        assert!(col < 7);
        assert_eq!(start, 3);
        assert_eq!(col, 6);
    }

    #[test]
    fn render_places_cursor_after_chinese() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        let e = LineEdit::new("王小明");
        let pos = render_line(&mut buf, Rect::new(2, 0, 10, 1), &e, Style::default());
        assert_eq!(pos, (8, 0));
        assert_eq!(buf[(2, 0)].symbol(), "王");
        assert_eq!(buf[(6, 0)].symbol(), "明");
    }
}
