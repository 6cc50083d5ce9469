//! Reporting periods: ISO weeks, months, quarters, halves, years and free ranges of days,
//! read from what an office types and named in Chinese.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::fmt;

/// The length of a regular reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Granularity {
    Week,
    Month,
    Quarter,
    Half,
    Year,
}

impl Granularity {
    pub const ALL: [Granularity; 5] = [
        Self::Week,
        Self::Month,
        Self::Quarter,
        Self::Half,
        Self::Year,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Week => "周报",
            Self::Month => "月报",
            Self::Quarter => "季报",
            Self::Half => "半年报",
            Self::Year => "年报",
        }
    }
    /// The next one in the cycle week → month → quarter → half → year → week.
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|g| *g == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
    pub fn prev(self) -> Self {
        let i = Self::ALL.iter().position(|g| *g == self).unwrap_or(0);
        Self::ALL[(i + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// A reporting period. Weeks are ISO weeks (Monday to Sunday; week 1 holds the year's first
/// Thursday, so 2026-W01 starts on 2025-12-29).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Week {
        year: i32,
        week: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    Half {
        year: i32,
        half: u32,
    },
    Year(i32),
    /// Any span of days, both ends included.
    Range {
        from: NaiveDate,
        to: NaiveDate,
    },
}

/// A period string that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("统计期间“{input}”无法识别：{reason}。可用的写法：2026-W47（周）、2026-11（月）、2026-Q3（季度）、2026-H2（半年）、2026（年）、2026-11-01..2026-11-30（起止日期）")]
pub struct PeriodError {
    pub input: String,
    pub reason: String,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let first_next = if m >= 12 {
        ymd(y + 1, 1, 1)
    } else {
        ymd(y, m + 1, 1)
    };
    first_next.pred_opt().unwrap_or(first_next)
}

const CN_NUM: [&str; 4] = ["一", "二", "三", "四"];

impl Period {
    /// Reads `2026-W47`, `2026-11`, `2026-Q3`, `2026-H2`, `2026` or `2026-11-01..2026-11-30`
    /// (letters in either case).
    pub fn parse(input: &str) -> Result<Period, PeriodError> {
        let err = |reason: &str| PeriodError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let s = input.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(err("未填写"));
        }
        if let Some((a, b)) = s.split_once("..") {
            let date = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
            let (Some(from), Some(to)) = (date(a), date(b)) else {
                return Err(err("起止日期应写作 YYYY-MM-DD..YYYY-MM-DD"));
            };
            if to < from {
                return Err(err("结束日期早于开始日期"));
            }
            return Ok(Period::Range { from, to });
        }
        let num = |t: &str, max_len: usize| -> Option<u32> {
            if t.is_empty() || t.len() > max_len || !t.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                t.parse().ok()
            }
        };
        let (year_part, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s.as_str(), None),
        };
        let year = match num(year_part, 4) {
            Some(y) if year_part.len() == 4 && (1900..=9999).contains(&y) => y as i32,
            _ => return Err(err("年份应为四位数字（1900–9999）")),
        };
        let Some(rest) = rest else {
            return Ok(Period::Year(year));
        };
        let in_range = |n: Option<u32>, max: u32| n.filter(|n| (1..=max).contains(n));
        let p = if let Some(w) = rest.strip_prefix('W') {
            let week = in_range(num(w, 2), 53).ok_or_else(|| err("周次应为 1–53"))?;
            if NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).is_none() {
                return Err(err(&format!("{year} 年没有第 {week} 周")));
            }
            Period::Week { year, week }
        } else if let Some(q) = rest.strip_prefix('Q') {
            let quarter = in_range(num(q, 1), 4).ok_or_else(|| err("季度应为 Q1–Q4"))?;
            Period::Quarter { year, quarter }
        } else if let Some(h) = rest.strip_prefix('H') {
            let half = in_range(num(h, 1), 2).ok_or_else(|| err("半年应为 H1 或 H2"))?;
            Period::Half { year, half }
        } else {
            let month = in_range(num(rest, 2), 12).ok_or_else(|| err("月份应为 1–12"))?;
            Period::Month { year, month }
        };
        Ok(p)
    }

    /// The period of length `g` that holds `date`.
    pub fn containing(g: Granularity, date: NaiveDate) -> Period {
        let year = date.year();
        match g {
            Granularity::Week => {
                let w = date.iso_week();
                Period::Week {
                    year: w.year(),
                    week: w.week(),
                }
            }
            Granularity::Month => Period::Month {
                year,
                month: date.month(),
            },
            Granularity::Quarter => Period::Quarter {
                year,
                quarter: (date.month() - 1) / 3 + 1,
            },
            Granularity::Half => Period::Half {
                year,
                half: if date.month() <= 6 { 1 } else { 2 },
            },
            Granularity::Year => Period::Year(year),
        }
    }

    /// None for a free range of days.
    pub fn granularity(&self) -> Option<Granularity> {
        match self {
            Period::Week { .. } => Some(Granularity::Week),
            Period::Month { .. } => Some(Granularity::Month),
            Period::Quarter { .. } => Some(Granularity::Quarter),
            Period::Half { .. } => Some(Granularity::Half),
            Period::Year(_) => Some(Granularity::Year),
            Period::Range { .. } => None,
        }
    }

    pub fn first_day(&self) -> NaiveDate {
        match *self {
            Period::Week { year, week } => {
                NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
            }
            Period::Month { year, month } => ymd(year, month, 1),
            Period::Quarter { year, quarter } => ymd(year, (quarter * 3).saturating_sub(2), 1),
            Period::Half { year, half } => ymd(year, (half * 6).saturating_sub(5), 1),
            Period::Year(year) => ymd(year, 1, 1),
            Period::Range { from, .. } => from,
        }
    }

    pub fn last_day(&self) -> NaiveDate {
        match *self {
            Period::Week { .. } => self.first_day() + Days::new(6),
            Period::Month { year, month } => month_end(year, month),
            Period::Quarter { year, quarter } => month_end(year, quarter * 3),
            Period::Half { year, half } => month_end(year, half * 6),
            Period::Year(year) => ymd(year, 12, 31),
            Period::Range { to, .. } => to,
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first_day() <= d && d <= self.last_day()
    }

    /// Number of days in the period.
    pub fn days(&self) -> i64 {
        (self.last_day() - self.first_day()).num_days() + 1
    }

    /// The period just before: the previous week, month…; for a range, the same number of
    /// days just before it.
    pub fn previous(&self) -> Period {
        let before = self.first_day().pred_opt().unwrap_or(NaiveDate::MIN);
        match self.granularity() {
            Some(g) => Period::containing(g, before),
            None => Period::Range {
                from: before
                    .checked_sub_days(Days::new(self.days().max(1) as u64 - 1))
                    .unwrap_or(NaiveDate::MIN),
                to: before,
            },
        }
    }

    /// The period just after (see [`Period::previous`]).
    pub fn next(&self) -> Period {
        let after = self.last_day().succ_opt().unwrap_or(NaiveDate::MAX);
        match self.granularity() {
            Some(g) => Period::containing(g, after),
            None => Period::Range {
                from: after,
                to: after
                    .checked_add_days(Days::new(self.days().max(1) as u64 - 1))
                    .unwrap_or(NaiveDate::MAX),
            },
        }
    }

    /// The Chinese name: 2026年第47周, 2026年11月, 2026年第三季度, 2026年下半年, 2026年,
    /// 2026年11月1日至2026年11月30日.
    pub fn label(&self) -> String {
        match *self {
            Period::Week { year, week } => format!("{year}年第{week}周"),
            Period::Month { year, month } => format!("{year}年{month}月"),
            Period::Quarter { year, quarter } => {
                let n = CN_NUM
                    .get((quarter as usize).wrapping_sub(1))
                    .unwrap_or(&"?");
                format!("{year}年第{n}季度")
            }
            Period::Half { year, half } => {
                format!("{year}年{}半年", if half == 1 { "上" } else { "下" })
            }
            Period::Year(year) => format!("{year}年"),
            Period::Range { from, to } => format!(
                "{}年{}月{}日至{}年{}月{}日",
                from.year(),
                from.month(),
                from.day(),
                to.year(),
                to.month(),
                to.day()
            ),
        }
    }

    /// `2026-11-16 至 2026-11-22`
    pub fn span(&self) -> String {
        format!("{} 至 {}", self.first_day(), self.last_day())
    }
}

impl fmt::Display for Period {
    /// The form [`Period::parse`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Week { year, week } => write!(f, "{year}-W{week:02}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Half { year, half } => write!(f, "{year}-H{half}"),
            Period::Year(year) => write!(f, "{year}"),
            Period::Range { from, to } => write!(f, "{from}..{to}"),
        }
    }
}
