//! A ratatui `Buffer` drawn cell by cell as SVG, the way a terminal draws it: a fixed grid,
//! a background rectangle per run of cells, one glyph per cell centred in its box (a wide
//! CJK cell is a two-column box and the cell after it is skipped), box-drawing and block
//! characters drawn as shapes so frames join without gaps.

use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// Pixel geometry of the character grid and the fonts used in it.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Width of one column in pixels (a CJK character takes two).
    pub cell_w: u32,
    /// Height of one row in pixels.
    pub cell_h: u32,
    pub font_size: f32,
    /// Distance from the top of a row to the text baseline.
    pub baseline: f32,
    /// Size and baseline of wide (CJK) glyphs: a little larger, so that a Han character
    /// nearly fills its two columns as in a terminal, and centred on the row.
    pub wide_font_size: f32,
    pub wide_baseline: f32,
    /// Family for narrow cells (Latin, digits, punctuation).
    pub narrow_family: String,
    /// Family for wide cells (Han characters, full-width punctuation).
    pub wide_family: String,
}

/// The 16 ANSI colours (Windows Terminal's "Campbell" scheme: counter PCs run Windows).
const PALETTE: [(u8, u8, u8); 16] = [
    (12, 12, 12),    // Black
    (197, 15, 31),   // Red
    (19, 161, 14),   // Green
    (193, 156, 0),   // Yellow
    (0, 55, 218),    // Blue
    (136, 23, 152),  // Magenta
    (58, 150, 221),  // Cyan
    (204, 204, 204), // Gray (ANSI white)
    (118, 118, 118), // DarkGray (bright black)
    (231, 72, 86),   // LightRed
    (22, 198, 12),   // LightGreen
    (249, 241, 165), // LightYellow
    (59, 120, 255),  // LightBlue
    (180, 0, 158),   // LightMagenta
    (97, 214, 214),  // LightCyan
    (242, 242, 242), // White
];

/// The terminal's default foreground and background (`Color::Reset`).
const DEFAULT_FG: (u8, u8, u8) = PALETTE[7];
const DEFAULT_BG: (u8, u8, u8) = PALETTE[0];

/// The block cursor.
const CURSOR: (u8, u8, u8) = (255, 255, 255);

type Rgb = (u8, u8, u8);

/// A ratatui colour as RGB; `None` for `Reset` (the terminal's default).
pub fn rgb(c: Color) -> Option<Rgb> {
    let i = match c {
        Color::Reset => return None,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Rgb(r, g, b) => return Some((r, g, b)),
        Color::Indexed(n) => return Some(indexed(n)),
    };
    Some(PALETTE[i])
}

/// xterm's 256-colour table: 16 ANSI, a 6×6×6 cube, 24 greys.
fn indexed(n: u8) -> Rgb {
    match n {
        0..=15 => PALETTE[n as usize],
        16..=231 => {
            let n = n - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            (level(n / 36), level((n / 6) % 6), level(n % 6))
        }
        _ => {
            let v = 8 + (n - 232) * 10;
            (v, v, v)
        }
    }
}

fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let m = |x: u8, y: u8| (x as f32 * (1.0 - t) + y as f32 * t).round() as u8;
    (m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// The resolved look of one cell.
struct Look {
    fg: Rgb,
    bg: Rgb,
    bold: bool,
    italic: bool,
    underline: bool,
    crossed: bool,
    hidden: bool,
}

fn look(cell: &ratatui::buffer::Cell) -> Look {
    let m = cell.modifier;
    let mut fg = rgb(cell.fg).unwrap_or(DEFAULT_FG);
    let mut bg = rgb(cell.bg).unwrap_or(DEFAULT_BG);
    if m.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    if m.contains(Modifier::DIM) {
        fg = mix(fg, bg, 0.45);
    }
    Look {
        fg,
        bg,
        bold: m.contains(Modifier::BOLD),
        italic: m.contains(Modifier::ITALIC),
        underline: m.contains(Modifier::UNDERLINED),
        crossed: m.contains(Modifier::CROSSED_OUT),
        hidden: m.contains(Modifier::HIDDEN),
    }
}

/// Line weights of the four arms of a box-drawing character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum W {
    No,
    Light,
    Heavy,
    Double,
}

/// (up, right, down, left) for the box-drawing characters ratatui's borders use.
fn box_arms(c: char) -> Option<[W; 4]> {
    use W::*;
    Some(match c {
        '─' => [No, Light, No, Light],
        '│' => [Light, No, Light, No],
        '━' => [No, Heavy, No, Heavy],
        '┃' => [Heavy, No, Heavy, No],
        '┌' | '╭' => [No, Light, Light, No],
        '┐' | '╮' => [No, No, Light, Light],
        '└' | '╰' => [Light, Light, No, No],
        '┘' | '╯' => [Light, No, No, Light],
        '┏' => [No, Heavy, Heavy, No],
        '┓' => [No, No, Heavy, Heavy],
        '┗' => [Heavy, Heavy, No, No],
        '┛' => [Heavy, No, No, Heavy],
        '├' => [Light, Light, Light, No],
        '┤' => [Light, No, Light, Light],
        '┬' => [No, Light, Light, Light],
        '┴' => [Light, Light, No, Light],
        '┼' => [Light, Light, Light, Light],
        '┣' => [Heavy, Heavy, Heavy, No],
        '┫' => [Heavy, No, Heavy, Heavy],
        '┳' => [No, Heavy, Heavy, Heavy],
        '┻' => [Heavy, Heavy, No, Heavy],
        '╋' => [Heavy, Heavy, Heavy, Heavy],
        '═' => [No, Double, No, Double],
        '║' => [Double, No, Double, No],
        '╔' => [No, Double, Double, No],
        '╗' => [No, No, Double, Double],
        '╚' => [Double, Double, No, No],
        '╝' => [Double, No, No, Double],
        '╠' => [Double, Double, Double, No],
        '╣' => [Double, No, Double, Double],
        '╦' => [No, Double, Double, Double],
        '╩' => [Double, Double, No, Double],
        '╬' => [Double, Double, Double, Double],
        '╴' => [No, No, No, Light],
        '╵' => [Light, No, No, No],
        '╶' => [No, Light, No, No],
        '╷' => [No, No, Light, No],
        _ => return None,
    })
}

/// Rectangles (x, y, w, h) in cell-local pixels for a box-drawing character.
fn box_rects(arms: [W; 4], w: u32, h: u32) -> Vec<(u32, u32, u32, u32)> {
    let (cx, cy) = (w / 2, h / 2);
    let thick = |a: W| match a {
        W::Heavy => 2,
        _ => 1,
    };
    let mut out = Vec::new();
    let [up, right, down, left] = arms;
    let any_double = arms.contains(&W::Double);
    if !any_double {
        // Each arm runs from the edge to the far side of the centre line so corners join.
        let t_v = thick(if up != W::No { up } else { down });
        let t_h = thick(if left != W::No { left } else { right });
        let x0 = cx - t_v / 2;
        let y0 = cy - t_h / 2;
        if up != W::No {
            out.push((cx - thick(up) / 2, 0, thick(up), y0 + t_h));
        }
        if down != W::No {
            out.push((cx - thick(down) / 2, y0, thick(down), h - y0));
        }
        if left != W::No {
            out.push((0, cy - thick(left) / 2, x0 + t_v, thick(left)));
        }
        if right != W::No {
            out.push((x0, cy - thick(right) / 2, w - x0, thick(right)));
        }
        return out;
    }
    // Double lines: two thin strokes 3 px apart; corners and tees drawn as two nested shapes.
    let (xa, xb) = (cx - 2, cx + 1);
    let (ya, yb) = (cy - 2, cy + 1);
    let v = up == W::Double || down == W::Double;
    let hz = left == W::Double || right == W::Double;
    match (v, hz) {
        (true, false) => {
            out.push((xa, 0, 1, h));
            out.push((xb, 0, 1, h));
        }
        (false, true) => {
            out.push((0, ya, w, 1));
            out.push((0, yb, w, 1));
        }
        _ => {
            // Outer and inner strokes of each arm, meeting at the right corner.
            let span_v = |x: u32, top: bool, outer: bool| {
                // vertical stroke at x from the top edge (or to the bottom edge)
                let y_end = if outer { yb + 1 } else { ya + 1 };
                if top {
                    (x, 0, 1, y_end)
                } else {
                    let y_start = if outer { ya } else { yb };
                    (x, y_start, 1, h - y_start)
                }
            };
            if up == W::Double {
                out.push(span_v(xa, true, left == W::No));
                out.push(span_v(xb, true, right == W::No));
            }
            if down == W::Double {
                out.push(span_v(xa, false, left == W::No));
                out.push(span_v(xb, false, right == W::No));
            }
            if left == W::Double {
                let ext_a = if up == W::No { xb + 1 } else { xa + 1 };
                let ext_b = if down == W::No { xb + 1 } else { xa + 1 };
                out.push((0, ya, ext_a, 1));
                out.push((0, yb, ext_b, 1));
            }
            if right == W::Double {
                let st_a = if up == W::No { xa } else { xb };
                let st_b = if down == W::No { xa } else { xb };
                out.push((st_a, ya, w - st_a, 1));
                out.push((st_b, yb, w - st_b, 1));
            }
        }
    }
    out
}

/// A part of a cell: x, y, width, height (fractions of the cell) and opacity.
type Frac = (f32, f32, f32, f32, f32);

/// Block elements as filled rectangles (and shades as translucent ones): (x, y, w, h, alpha)
/// in fractions of the cell.
fn block_rects(c: char) -> Option<Vec<Frac>> {
    let full = |a| vec![(0.0, 0.0, 1.0, 1.0, a)];
    Some(match c {
        '█' => full(1.0),
        '░' => full(0.25),
        '▒' => full(0.5),
        '▓' => full(0.75),
        '▀' => vec![(0.0, 0.0, 1.0, 0.5, 1.0)],
        '▐' => vec![(0.5, 0.0, 0.5, 1.0, 1.0)],
        '▔' => vec![(0.0, 0.0, 1.0, 0.125, 1.0)],
        '▕' => vec![(0.875, 0.0, 0.125, 1.0, 1.0)],
        '▁'..='▇' => {
            let n = (c as u32 - '▁' as u32 + 1) as f32 / 8.0;
            vec![(0.0, 1.0 - n, 1.0, n, 1.0)]
        }
        '▉'..='▏' => {
            let n = (8 - (c as u32 - '▉' as u32 + 1)) as f32 / 8.0;
            vec![(0.0, 0.0, n, 1.0, 1.0)]
        }
        '▖' => vec![(0.0, 0.5, 0.5, 0.5, 1.0)],
        '▗' => vec![(0.5, 0.5, 0.5, 0.5, 1.0)],
        '▘' => vec![(0.0, 0.0, 0.5, 0.5, 1.0)],
        '▝' => vec![(0.5, 0.0, 0.5, 0.5, 1.0)],
        _ => return None,
    })
}

/// The buffer as an SVG document. `cursor` draws a block cursor at that cell; `narrow_has`
/// tells whether the narrow font has every glyph of a symbol (else the CJK font draws it,
/// squeezed into its column, rather than leaving the choice to the renderer's fallback).
pub fn render(
    buf: &Buffer,
    grid: &Grid,
    cursor: Option<Position>,
    narrow_has: &dyn Fn(&str) -> bool,
) -> String {
    let area = buf.area;
    let (cw, ch) = (grid.cell_w, grid.cell_h);
    let (w_px, h_px) = (area.width as u32 * cw, area.height as u32 * ch);
    let mut bg = String::new();
    let mut fg = String::new();
    let _ = write!(
        bg,
        r#"<rect x="0" y="0" width="{w_px}" height="{h_px}" fill="{}"/>"#,
        hex(DEFAULT_BG)
    );
    for y in 0..area.height {
        let py = y as u32 * ch;
        // Background: one rectangle per run of equal colour.
        let mut run: Option<(u16, Rgb)> = None;
        let mut x = 0u16;
        let flush = |bg: &mut String, run: Option<(u16, Rgb)>, end: u16| {
            if let Some((start, c)) = run {
                if c != DEFAULT_BG {
                    let _ = write!(
                        bg,
                        r#"<rect x="{}" y="{py}" width="{}" height="{ch}" fill="{}"/>"#,
                        start as u32 * cw,
                        (end - start) as u32 * cw,
                        hex(c)
                    );
                }
            }
        };
        while x < area.width {
            let cell = &buf[(area.x + x, area.y + y)];
            let mut l = look(cell);
            if cursor == Some(Position::new(area.x + x, area.y + y)) {
                // A block cursor in the terminal's cursor colour, the glyph under it dark.
                l.bg = CURSOR;
                l.fg = DEFAULT_BG;
            }
            let natural = (cell.symbol().width() as u16).clamp(1, 2);
            let cols = natural.min(area.width - x);
            // A wide character cut by the right edge: a terminal leaves the last column blank.
            let sym = if natural > cols { " " } else { cell.symbol() };
            match run {
                Some((_, c)) if c == l.bg => {}
                _ => {
                    flush(&mut bg, run, x);
                    run = Some((x, l.bg));
                }
            }
            let cell_px = (x as u32 * cw, py);
            draw_cell(&mut fg, sym, &l, grid, cell_px, cols as u32, narrow_has);
            x += cols;
        }
        flush(&mut bg, run, area.width);
    }
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w_px}" height="{h_px}" viewBox="0 0 {w_px} {h_px}" shape-rendering="crispEdges">{bg}<g text-anchor="middle" font-size="{}">{fg}</g></svg>"#,
        grid.font_size
    )
}

fn draw_cell(
    out: &mut String,
    sym: &str,
    l: &Look,
    grid: &Grid,
    (px, py): (u32, u32),
    cols: u32,
    narrow_has: &dyn Fn(&str) -> bool,
) {
    let (cw, ch) = (grid.cell_w, grid.cell_h);
    let box_w = cw * cols;
    let fill = hex(l.fg);
    if l.underline {
        let uy = py + ch - 3;
        let _ = write!(
            out,
            r#"<rect x="{px}" y="{uy}" width="{box_w}" height="1" fill="{fill}"/>"#
        );
    }
    if l.crossed {
        let _ = write!(
            out,
            r#"<rect x="{px}" y="{}" width="{box_w}" height="1" fill="{fill}"/>"#,
            py + ch / 2
        );
    }
    if l.hidden || sym.trim().is_empty() {
        return;
    }
    let mut chars = sym.chars();
    let first = chars.next().unwrap_or(' ');
    let single = chars.next().is_none();
    if single {
        if let Some(arms) = box_arms(first) {
            for (x, y, w, h) in box_rects(arms, box_w, ch) {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{w}" height="{h}" fill="{fill}"/>"#,
                    px + x,
                    py + y
                );
            }
            return;
        }
        if let Some(rects) = block_rects(first) {
            for (x, y, w, h, a) in rects {
                let _ = write!(
                    out,
                    r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{fill}" fill-opacity="{a}"/>"#,
                    px as f32 + x * box_w as f32,
                    py as f32 + y * ch as f32,
                    w * box_w as f32,
                    h * ch as f32
                );
            }
            return;
        }
    }
    let squeeze = cols == 1 && !narrow_has(sym);
    let (family, size, baseline) = if cols == 2 {
        (&grid.wide_family, grid.wide_font_size, grid.wide_baseline)
    } else if squeeze {
        (&grid.wide_family, grid.font_size, grid.baseline)
    } else {
        (&grid.narrow_family, grid.font_size, grid.baseline)
    };
    let cx = px as f32 + box_w as f32 / 2.0;
    let by = py as f32 + baseline;
    let mut attrs = format!(r#"font-family="{}" fill="{fill}""#, escape(family));
    if size != grid.font_size {
        let _ = write!(attrs, r#" font-size="{size}""#);
    }
    if l.bold {
        attrs.push_str(r#" font-weight="bold""#);
    }
    if l.italic {
        attrs.push_str(r#" font-style="italic""#);
    }
    // A narrow symbol that only the CJK font has (drawn full width there) is squeezed into
    // its one column rather than spilling over its neighbours.
    if squeeze {
        let _ = write!(
            attrs,
            r#" textLength="{}" lengthAdjust="spacingAndGlyphs""#,
            cw
        );
    }
    let _ = write!(
        out,
        r#"<text x="{cx:.1}" y="{by:.1}" {attrs}>{}</text>"#,
        escape(sym)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn grid() -> Grid {
        Grid {
            cell_w: 10,
            cell_h: 20,
            font_size: 16.0,
            baseline: 15.0,
            wide_font_size: 16.0,
            wide_baseline: 15.0,
            narrow_family: "Mono".into(),
            wide_family: "CJK".into(),
        }
    }

    #[test]
    fn wide_cell_is_one_two_column_glyph_and_skips_its_continuation() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 4, 1));
        buf.set_string(0, 0, "中a", Style::new());
        let svg = render(&buf, &grid(), None, &|_| true);
        // 中 is centred in columns 0–1 (x = 10), `a` in column 2 (x = 25).
        assert!(
            svg.contains(r#"x="10.0" y="15.0" font-family="CJK""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"x="25.0" y="15.0" font-family="Mono""#),
            "{svg}"
        );
        assert_eq!(svg.matches("<text").count(), 2, "{svg}");
    }

    #[test]
    fn wide_cell_cut_by_the_right_edge_is_blank() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 3, 1));
        buf.set_string(0, 0, "a", Style::new());
        buf[(2, 0)].set_symbol("中");
        let svg = render(&buf, &grid(), None, &|_| true);
        assert_eq!(svg.matches("<text").count(), 1, "{svg}");
    }

    #[test]
    fn narrow_symbol_missing_from_the_narrow_font_is_squeezed_from_the_cjk_font() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 2, 1));
        buf.set_string(0, 0, "“a", Style::new());
        let svg = render(&buf, &grid(), None, &|s| s.is_ascii());
        assert!(svg.contains(r#"font-family="CJK""#), "{svg}");
        assert_eq!(svg.matches("textLength").count(), 1, "{svg}");
    }

    #[test]
    fn colours_named_indexed_rgb_and_reversed() {
        assert_eq!(rgb(Color::Blue), Some((0, 55, 218)));
        assert_eq!(rgb(Color::Indexed(196)), Some((255, 0, 0)));
        assert_eq!(rgb(Color::Indexed(232)), Some((8, 8, 8)));
        assert_eq!(rgb(Color::Rgb(1, 2, 3)), Some((1, 2, 3)));
        assert_eq!(rgb(Color::Reset), None);
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 1, 1));
        buf.set_string(
            0,
            0,
            "x",
            Style::new()
                .fg(Color::Red)
                .bg(Color::White)
                .add_modifier(Modifier::REVERSED),
        );
        let svg = render(&buf, &grid(), None, &|_| true);
        assert!(svg.contains(r##"fill="#c50f1f"/>"##), "bg is the fg: {svg}");
        assert!(
            svg.contains(r##"fill="#f2f2f2">x<"##),
            "fg is the bg: {svg}"
        );
    }

    #[test]
    fn box_corners_join() {
        let r = box_rects(box_arms('┌').unwrap(), 10, 20);
        // The right arm reaches the right edge, the down arm the bottom edge.
        assert!(r.iter().any(|&(x, _, w, _)| x + w == 10));
        assert!(r.iter().any(|&(_, y, _, h)| y + h == 20));
    }
}
