//! A multi-line text field that wraps at the display width (CJK = 2 columns) and keeps the
//! cursor on the right cell. Widths are passed in by the caller, so drawing stays pure.

use super::line_edit::char_width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextArea {
    text: String,
    cursor: usize,
}

/// One visual row: chars `start..end` of the text; `hard` when a newline ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
    pub hard: bool,
}

fn clean(c: char) -> Option<char> {
    match c {
        '\n' => Some('\n'),
        '\t' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

impl TextArea {
    pub fn new(text: &str) -> Self {
        let mut t = Self::default();
        t.set_text(text);
        t
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn set_text(&mut self, text: &str) {
        self.text = text
            .replace("\r\n", "\n")
            .chars()
            .filter_map(clean)
            .collect();
        self.cursor = self.char_count();
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn char_count(&self) -> usize {
        self.text.chars().count()
    }

    fn byte(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn insert_char(&mut self, c: char) {
        if let Some(c) = clean(c) {
            let b = self.byte(self.cursor);
            self.text.insert(b, c);
            self.cursor += 1;
        }
    }

    /// Inserts pasted text (Windows line ends and control characters cleaned).
    pub fn insert_str(&mut self, s: &str) {
        let clean: String = s
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter_map(clean)
            .collect();
        let b = self.byte(self.cursor);
        self.text.insert_str(b, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn newline(&mut self) {
        self.insert_char('\n');
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let b = self.byte(self.cursor);
            self.text.remove(b);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.char_count() {
            let b = self.byte(self.cursor);
            self.text.remove(b);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.char_count());
    }

    /// The visual rows at `width` columns. Never empty.
    pub fn wrap(&self, width: usize) -> Vec<Row> {
        let width = width.max(2);
        let mut rows = Vec::new();
        let (mut start, mut w, mut n) = (0, 0, 0);
        for (i, c) in self.text.chars().enumerate() {
            n = i + 1;
            if c == '\n' {
                if w >= width {
                    // A full row: the cursor before the newline goes on a row of its own.
                    rows.push(Row {
                        start,
                        end: i,
                        hard: false,
                    });
                    start = i;
                }
                rows.push(Row {
                    start,
                    end: i,
                    hard: true,
                });
                start = i + 1;
                w = 0;
                continue;
            }
            let cw = char_width(c);
            if w + cw > width && w > 0 {
                rows.push(Row {
                    start,
                    end: i,
                    hard: false,
                });
                start = i;
                w = 0;
            }
            w += cw;
        }
        rows.push(Row {
            start,
            end: n,
            hard: false,
        });
        if w >= width {
            // A full last row: the cursor after it goes on a fresh row.
            rows.push(Row {
                start: n,
                end: n,
                hard: false,
            });
        }
        rows
    }

    fn row_of(rows: &[Row], c: usize) -> usize {
        let last = rows.len() - 1;
        rows.iter()
            .position(|r| (r.start <= c && c < r.end) || (c == r.end && r.hard))
            .unwrap_or(last)
            .min(last)
    }

    fn width_of(&self, from: usize, to: usize) -> usize {
        self.text
            .chars()
            .skip(from)
            .take(to.saturating_sub(from))
            .map(char_width)
            .sum()
    }

    /// (visual row, display column) of the cursor.
    pub fn cursor_pos(&self, width: usize) -> (usize, usize) {
        let rows = self.wrap(width);
        let r = Self::row_of(&rows, self.cursor);
        (r, self.width_of(rows[r].start, self.cursor))
    }

    /// The char index in `row` closest to display column `col`.
    fn index_at(&self, row: Row, col: usize, last_row: bool) -> usize {
        let mut acc = 0;
        let mut idx = row.start;
        for c in self.text.chars().skip(row.start).take(row.end - row.start) {
            let cw = char_width(c);
            if acc + cw > col {
                break;
            }
            acc += cw;
            idx += 1;
        }
        // On a soft-wrapped row the index after its last char belongs to the next row.
        if idx == row.end && !row.hard && !last_row && row.end > row.start {
            idx -= 1;
        }
        idx
    }

    pub fn up(&mut self, width: usize) {
        let rows = self.wrap(width);
        let (r, col) = self.cursor_pos(width);
        self.cursor = if r == 0 {
            0
        } else {
            self.index_at(rows[r - 1], col, false)
        };
    }

    pub fn down(&mut self, width: usize) {
        let rows = self.wrap(width);
        let (r, col) = self.cursor_pos(width);
        self.cursor = if r + 1 >= rows.len() {
            self.char_count()
        } else {
            self.index_at(rows[r + 1], col, r + 2 == rows.len())
        };
    }

    pub fn home(&mut self, width: usize) {
        let rows = self.wrap(width);
        self.cursor = rows[Self::row_of(&rows, self.cursor)].start;
    }

    pub fn end(&mut self, width: usize) {
        let rows = self.wrap(width);
        let r = Self::row_of(&rows, self.cursor);
        let row = rows[r];
        self.cursor = if row.hard || r + 1 == rows.len() || row.end == row.start {
            row.end
        } else {
            row.end - 1
        };
    }

    /// The first visual row to show in a `height`-row window so the cursor stays visible.
    pub fn view(&self, width: usize, height: usize) -> usize {
        let (r, _) = self.cursor_pos(width);
        (r + 1).saturating_sub(height.max(1))
    }
}

/// Draws `ta` into `area`; returns the absolute cursor position.
pub fn render_area(buf: &mut Buffer, area: Rect, ta: &TextArea, style: Style) -> (u16, u16) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return (area.x, area.y);
    }
    buf.set_style(area, style);
    let width = area.width as usize;
    let rows = ta.wrap(width);
    let top = ta.view(width, area.height as usize);
    for (i, row) in rows.iter().skip(top).take(area.height as usize).enumerate() {
        let line: String = ta
            .text
            .chars()
            .skip(row.start)
            .take(row.end - row.start)
            .collect();
        buf.set_stringn(area.x, area.y + i as u16, &line, width, style);
    }
    let (r, col) = ta.cursor_pos(width);
    let x = area
        .x
        .saturating_add(col as u16)
        .min(area.right().saturating_sub(1));
    let y = area
        .y
        .saturating_add((r - top) as u16)
        .min(area.bottom().saturating_sub(1));
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wraps_cjk_by_columns() {
        let t = TextArea::new("一二三四五");
        // 10 columns at width 6: rows of 3 + 2 chars.
        let rows = t.wrap(6);
        assert_eq!(
            rows[0],
            Row {
                start: 0,
                end: 3,
                hard: false
            }
        );
        assert_eq!(
            rows[1],
            Row {
                start: 3,
                end: 5,
                hard: false
            }
        );
        assert_eq!(t.cursor_pos(6), (1, 4));
    }

    #[test]
    fn wide_char_never_split_at_odd_width() {
        let t = TextArea::new("ab一二");
        // width 5: "ab一" = 4 columns, "二" would need 6.
        let rows = t.wrap(5);
        assert_eq!((rows[0].start, rows[0].end), (0, 3));
        assert_eq!((rows[1].start, rows[1].end), (3, 4));
    }

    #[test]
    fn full_last_row_moves_cursor_to_a_new_row() {
        let t = TextArea::new("一二三");
        assert_eq!(t.cursor_pos(6), (1, 0));
    }

    #[test]
    fn up_down_home_end() {
        let mut t = TextArea::new("一二三四五\n六七");
        assert_eq!(t.cursor_pos(6), (2, 4));
        t.up(6);
        assert_eq!(t.cursor_pos(6), (1, 4));
        t.up(6);
        assert_eq!(t.cursor_pos(6), (0, 4));
        t.home(6);
        assert_eq!(t.cursor_pos(6), (0, 0));
        t.end(6);
        assert_eq!(t.cursor_pos(6), (0, 4));
        t.down(6);
        t.down(6);
        t.down(6);
        assert_eq!(t.cursor_pos(6), (2, 4));
    }

    #[test]
    fn paste_cleans_line_ends() {
        let mut t = TextArea::default();
        t.insert_str("第一行\r\n第二行\u{1b}[31m");
        assert_eq!(t.text(), "第一行\n第二行[31m");
        t.backspace();
        t.delete();
        assert_eq!(t.char_count(), 10);
    }

    #[test]
    fn render_scrolls_to_cursor() {
        let t = TextArea::new("一二三四五六七八九十");
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 2));
        let pos = render_area(&mut buf, Rect::new(0, 0, 4, 2), &t, Style::default());
        // 5 rows of 2 chars + an empty row for the cursor; the last two are shown.
        assert_eq!(pos, (0, 1));
        assert_eq!(buf[(0, 0)].symbol(), "九");
    }

    proptest! {
        #[test]
        fn cursor_always_inside_width(s in "[a-z一-龥\n ]{0,60}", w in 2usize..20, moves in proptest::collection::vec(0u8..6, 0..30)) {
            let mut t = TextArea::new(&s);
            for m in moves {
                match m { 0 => t.up(w), 1 => t.down(w), 2 => t.left(), 3 => t.right(), 4 => t.home(w), _ => t.end(w) }
                let (r, col) = t.cursor_pos(w);
                prop_assert!(col < w.max(2), "col {} width {}", col, w);
                prop_assert!(r < t.wrap(w).len());
            }
        }
    }
}
