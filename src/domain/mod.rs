//! The domain of the counter: no ratatui, no sled.

pub mod calendar;
pub mod catalog;
pub mod idcard;
pub mod policy;
// pub mod case; (pending calendar/policy/idcard)
pub mod clock;
pub mod mask;
pub mod queue;
