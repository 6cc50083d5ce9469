//! Terminal UI.

pub mod widgets;
