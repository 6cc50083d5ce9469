//! The domain of the counter: no ratatui, no sled.

pub mod account;
pub mod board;
pub mod calendar;
pub mod case;
pub mod catalog;
pub mod clock;
pub mod idcard;
pub mod life;
pub mod mask;
pub mod notice;
pub mod policy;
pub mod queue;
pub mod stats;
pub mod urgency;
