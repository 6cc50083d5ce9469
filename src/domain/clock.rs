//! The one source of "now". Every deadline and daily rule asks a [`Clock`], so tests can set
//! any day and time.

use chrono::{NaiveDate, NaiveDateTime};
use std::sync::{Arc, Mutex};

/// Where the current local date and time come from.
pub trait Clock: Send + Sync {
    fn now(&self) -> NaiveDateTime;
    fn today(&self) -> NaiveDate {
        self.now().date()
    }
}

/// The wall clock of the counter PC (local time).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        chrono::Local::now().naive_local()
    }
}

/// A clock that stands still until told otherwise: for tests, demos and screenshots.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<NaiveDateTime>>);

impl FixedClock {
    pub fn new(at: NaiveDateTime) -> Self {
        Self(Arc::new(Mutex::new(at)))
    }

    /// A clock at the given date, 09:00.
    pub fn at_date(d: NaiveDate) -> Self {
        Self::new(d.and_hms_opt(9, 0, 0).unwrap_or_default())
    }

    pub fn set(&self, at: NaiveDateTime) {
        if let Ok(mut g) = self.0.lock() {
            *g = at;
        }
    }

    pub fn advance(&self, d: chrono::Duration) {
        if let Ok(mut g) = self.0.lock() {
            *g += d;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        self.0.lock().map(|g| *g).unwrap_or_default()
    }
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` (also with a space), as accepted by
/// `--now` and `CHUANGKOU_NOW`.
pub fn parse_now(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(9, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let c = FixedClock::new(parse_now("2026-02-05T10:30").unwrap());
        assert_eq!(c.today().to_string(), "2026-02-05");
        c.advance(chrono::Duration::days(1));
        assert_eq!(c.today().to_string(), "2026-02-06");
    }

    #[test]
    fn parse_now_forms() {
        assert!(parse_now("2026-11-25").is_some());
        assert!(parse_now("2026-11-25 08:15").is_some());
        assert!(parse_now("2026-02-30").is_none());
        assert!(parse_now("tomorrow").is_none());
    }
}
