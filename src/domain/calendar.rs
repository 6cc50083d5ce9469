//! China's working calendar: weekends, public holidays and the adjusted working weekends (调休).
//!
//! One TOML file per year (see `data/calendar/`), shipped built in and overridable by the office
//! in the data directory. A date in a year without data is answered Mon–Fri *and flagged*, so
//! every caller can say "日历缺" instead of silently trusting a guess.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The built-in year files: (file name, contents).
pub const BUILTIN: &[(&str, &str)] = &[
    ("2024.toml", include_str!("../../data/calendar/2024.toml")),
    ("2025.toml", include_str!("../../data/calendar/2025.toml")),
    ("2026.toml", include_str!("../../data/calendar/2026.toml")),
];

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    Working,
    /// A Saturday or Sunday that is a working day by the year's notice.
    AdjustedWorking,
    Weekend,
    Holiday,
    /// The year has no calendar data; Mon–Fri was assumed.
    Unknown {
        working: bool,
    },
}

impl DayKind {
    pub fn is_working(self) -> bool {
        matches!(
            self,
            DayKind::Working | DayKind::AdjustedWorking | DayKind::Unknown { working: true }
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("日历文件 {file}：{reason}")]
    Invalid { file: String, reason: String },
    #[error("读取日历目录 {dir}：{source}")]
    Io { dir: String, source: std::io::Error },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: i32,
    source: String,
    #[serde(default)]
    holidays: Vec<HolidayRange>,
    #[serde(default)]
    workdays: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayRange {
    name: String,
    from: String,
    to: String,
}

/// One year's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearData {
    pub year: i32,
    pub source: String,
    /// Holiday dates with the holiday's name.
    pub holidays: BTreeMap<NaiveDate, String>,
    pub workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearData>,
    special: HashMap<NaiveDate, DayKind>,
}

fn date(s: &str, file: &str) -> Result<NaiveDate, CalendarError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| CalendarError::Invalid {
        file: file.to_string(),
        reason: format!("日期“{s}”格式应为 YYYY-MM-DD"),
    })
}

impl WorkCalendar {
    /// The calendar shipped with the program (2024–2026).
    pub fn builtin() -> Self {
        let mut cal = WorkCalendar::default();
        for (name, text) in BUILTIN {
            if let Ok(y) = Self::parse_year(text, name) {
                cal.insert(y);
            }
        }
        cal
    }

    /// The built-in years, overridden or extended by every `*.toml` in `dir` (if it exists).
    pub fn load_dir(dir: &Path) -> Result<Self, CalendarError> {
        let mut cal = Self::builtin();
        if !dir.is_dir() {
            return Ok(cal);
        }
        let io = |source| CalendarError::Io {
            dir: dir.display().to_string(),
            source,
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for path in files {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(io)?;
            cal.insert(Self::parse_year(&text, &name)?);
        }
        Ok(cal)
    }

    /// Parses and checks one year file.
    pub fn parse_year(text: &str, file: &str) -> Result<YearData, CalendarError> {
        let invalid = |reason: String| CalendarError::Invalid {
            file: file.to_string(),
            reason,
        };
        let raw: YearFile = toml::from_str(text).map_err(|e| invalid(e.message().to_string()))?;
        let in_year = |d: NaiveDate| -> Result<NaiveDate, CalendarError> {
            if d.year() == raw.year {
                Ok(d)
            } else {
                Err(invalid(format!("{d} 不在 {} 年内", raw.year)))
            }
        };
        let mut holidays = BTreeMap::new();
        for h in &raw.holidays {
            let (from, to) = (in_year(date(&h.from, file)?)?, in_year(date(&h.to, file)?)?);
            if to < from {
                return Err(invalid(format!("{}：结束日期早于开始日期", h.name)));
            }
            let mut d = from;
            while d <= to {
                holidays.insert(d, h.name.clone());
                d = d + Days::new(1);
            }
        }
        let mut workdays = Vec::new();
        for w in &raw.workdays {
            let d = in_year(date(w, file)?)?;
            if holidays.contains_key(&d) {
                return Err(invalid(format!("{d} 既是假日又是调休上班日")));
            }
            workdays.push(d);
        }
        Ok(YearData {
            year: raw.year,
            source: raw.source,
            holidays,
            workdays,
        })
    }

    /// Adds or replaces a year.
    pub fn insert(&mut self, data: YearData) {
        if let Some(old) = self.years.remove(&data.year) {
            for d in old.holidays.keys().chain(old.workdays.iter()) {
                self.special.remove(d);
            }
        }
        for d in data.holidays.keys() {
            self.special.insert(*d, DayKind::Holiday);
        }
        for d in &data.workdays {
            let kind = if is_weekend(*d) {
                DayKind::AdjustedWorking
            } else {
                DayKind::Working
            };
            self.special.insert(*d, kind);
        }
        self.years.insert(data.year, data);
    }

    pub fn years(&self) -> impl Iterator<Item = &YearData> {
        self.years.values()
    }

    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The holiday's name, if `d` is a public holiday.
    pub fn holiday_name(&self, d: NaiveDate) -> Option<&str> {
        self.years
            .get(&d.year())?
            .holidays
            .get(&d)
            .map(String::as_str)
    }

    pub fn day_kind(&self, d: NaiveDate) -> DayKind {
        if !self.has_year(d.year()) {
            return DayKind::Unknown {
                working: !is_weekend(d),
            };
        }
        match self.special.get(&d) {
            Some(k) => *k,
            None if is_weekend(d) => DayKind::Weekend,
            None => DayKind::Working,
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.day_kind(d).is_working()
    }

    /// `d` itself if it is a working day, else the next one. The flag is true when a year
    /// without data was consulted.
    pub fn next_working_day(&self, d: NaiveDate) -> (NaiveDate, bool) {
        let mut cur = d;
        let mut incomplete = !self.has_year(cur.year());
        // Bounded: no real calendar has a month without a working day.
        for _ in 0..60 {
            if self.is_working_day(cur) {
                return (cur, incomplete);
            }
            cur = cur + Days::new(1);
            incomplete |= !self.has_year(cur.year());
        }
        (cur, incomplete)
    }

    /// The date `n` working days after `start` (the start day itself does not count).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> (NaiveDate, bool) {
        let mut cur = start;
        let mut left = n;
        let mut incomplete = false;
        while left > 0 {
            cur = cur + Days::new(1);
            incomplete |= !self.has_year(cur.year());
            if self.is_working_day(cur) {
                left -= 1;
            }
        }
        (cur, incomplete)
    }

    /// Working days in `(from, to]`, negative when `to` is before `from`; with the
    /// incomplete-data flag.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> (i64, bool) {
        let (a, b, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut incomplete = false;
        let mut count = 0i64;
        let mut cur = a;
        while cur < b {
            cur = cur + Days::new(1);
            incomplete |= !self.has_year(cur.year());
            if self.is_working_day(cur) {
                count += 1;
            }
        }
        (sign * count, incomplete)
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests;
