//! Reusable, width-correct widgets (CJK characters are two columns).

pub mod line_edit;
pub mod text_area;
