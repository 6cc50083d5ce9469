//! One file per screen. Each screen is a state with `update(action) -> effects` and a pure
//! `draw(&state)`.

pub mod case_list;
pub mod case_view;
pub mod deadlines;
pub mod home;
pub mod login;
pub mod queue;
pub mod register;
pub mod register_view;
pub mod report;
pub mod step_form;

use chrono::{NaiveDate, NaiveDateTime};

/// What every screen may read while handling an action.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub now: NaiveDateTime,
    pub today: NaiveDate,
    pub clerk: String,
    pub prefix: String,
    /// The signed-in person may read 检举控告 cases in full.
    pub may_see_accusations: bool,
}

/// 检举控告: the purpose whose material must not reach the people accused.
pub const ACCUSATION: &str = "检举控告";
