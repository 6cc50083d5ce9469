//! The domain of the counter: no ratatui, no sled.

pub mod calendar;
pub mod catalog;
pub mod idcard;
pub mod policy;
