//! Colours and styles in one place. 16-colour safe: counter PCs run old terminals.

use ratatui::style::{Color, Modifier, Style};

pub const TITLE: Style = Style::new()
    .fg(Color::White)
    .bg(Color::Blue)
    .add_modifier(Modifier::BOLD);
pub const LABEL: Style = Style::new().fg(Color::Gray);
pub const LABEL_FOCUS: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const LABEL_ERROR: Style = Style::new()
    .fg(Color::LightRed)
    .add_modifier(Modifier::BOLD);
pub const FIELD: Style = Style::new().add_modifier(Modifier::UNDERLINED);
pub const FIELD_FOCUS: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
pub const REQUIRED: Style = Style::new().fg(Color::LightRed);
pub const OK: Style = Style::new().fg(Color::LightGreen);
pub const WARN: Style = Style::new().fg(Color::Yellow);
pub const ERROR: Style = Style::new().fg(Color::LightRed);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const SELECTED: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
pub const KEY: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
pub const KEY_LABEL: Style = Style::new().fg(Color::White);
pub const HEADER: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const OVERDUE: Style = Style::new()
    .fg(Color::White)
    .bg(Color::Red)
    .add_modifier(Modifier::BOLD);
pub const DUE_SOON: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
