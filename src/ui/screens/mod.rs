//! One file per screen. Each screen is a state with `update(action) -> effects` and a pure
//! `draw(&state)`.

pub mod case_list;
pub mod case_view;
pub mod home;
pub mod queue;
pub mod register;
pub mod register_view;
pub mod step_form;

use chrono::{NaiveDate, NaiveDateTime};

/// What every screen may read while handling an action.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub now: NaiveDateTime,
    pub today: NaiveDate,
    pub clerk: String,
    pub prefix: String,
}
