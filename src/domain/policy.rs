//! Deadline policies: how long each clock runs, in which unit, and whether an end on a rest
//! day rolls to the next working day. A policy is data (TOML, see `data/policy/`); a case keeps
//! the policy it was registered under.

use super::calendar::WorkCalendar;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The statutory clocks of a case's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    Acceptance,
    Handling,
    Extension,
    Supervision,
    ReviewRequest,
    ReviewDecision,
    ReReviewRequest,
    ReReviewDecision,
}

impl ClockKind {
    /// Every clock, in a fixed order (the store uses the position as a one-byte code: append only).
    pub const ALL: [ClockKind; 8] = [
        ClockKind::Acceptance,
        ClockKind::Handling,
        ClockKind::Extension,
        ClockKind::Supervision,
        ClockKind::ReviewRequest,
        ClockKind::ReviewDecision,
        ClockKind::ReReviewRequest,
        ClockKind::ReReviewDecision,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ClockKind::Acceptance => "受理",
            ClockKind::Handling => "办理",
            ClockKind::Extension => "延期",
            ClockKind::Supervision => "督办",
            ClockKind::ReviewRequest => "复查申请",
            ClockKind::ReviewDecision => "复查",
            ClockKind::ReReviewRequest => "复核申请",
            ClockKind::ReReviewDecision => "复核",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    Calendar,
    Working,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockRule {
    pub days: u32,
    pub unit: DayUnit,
    pub roll_over: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    pub name: String,
    pub source: String,
    pub clocks: BTreeMap<ClockKind, ClockRule>,
    pub max_extensions: u32,
    pub extension_cap_days: u32,
}

/// A due date, flagged when it was computed over a year without calendar data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub date: NaiveDate,
    pub calendar_incomplete: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("期限政策文件 {file}：{reason}")]
    Invalid { file: String, reason: String },
    #[error("读取期限政策目录 {dir}：{source}")]
    Io { dir: String, source: std::io::Error },
}

/// The built-in policy files: (file name, contents).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "national-2022.toml",
        include_str!("../../data/policy/national-2022.toml"),
    ),
    (
        "seed000-district-window.toml",
        include_str!("../../data/policy/seed000-district-window.toml"),
    ),
    (
        "seed003-municipal.toml",
        include_str!("../../data/policy/seed003-municipal.toml"),
    ),
];

impl Policy {
    pub fn parse(text: &str, file: &str) -> Result<Policy, PolicyError> {
        let invalid = |reason: String| PolicyError::Invalid {
            file: file.to_string(),
            reason,
        };
        let p: Policy = toml::from_str(text).map_err(|e| invalid(e.message().to_string()))?;
        for kind in [ClockKind::Acceptance, ClockKind::Handling] {
            if !p.clocks.contains_key(&kind) {
                return Err(invalid(format!("缺少“{}”时钟", kind.label())));
            }
        }
        if let Some((k, _)) = p.clocks.iter().find(|(_, r)| r.days == 0 || r.days > 3650) {
            return Err(invalid(format!("“{}”天数应在 1–3650 之间", k.label())));
        }
        if p.id.trim().is_empty() {
            return Err(invalid("id 不能为空".into()));
        }
        Ok(p)
    }

    /// The national policy (信访工作条例 2022), the default.
    pub fn national_2022() -> Policy {
        Self::presets()
            .into_iter()
            .next()
            .unwrap_or_else(|| Policy {
                id: "national-2022".into(),
                name: "信访工作条例（2022）".into(),
                source: "《信访工作条例》".into(),
                clocks: BTreeMap::new(),
                max_extensions: 1,
                extension_cap_days: 30,
            })
    }

    /// The policies shipped with the program, national first.
    pub fn presets() -> Vec<Policy> {
        BUILTIN
            .iter()
            .filter_map(|(name, text)| Self::parse(text, name).ok())
            .collect()
    }

    /// The presets, overridden (same id) or extended by every `*.toml` in `dir`.
    pub fn load_dir(dir: &Path) -> Result<Vec<Policy>, PolicyError> {
        let mut all = Self::presets();
        if !dir.is_dir() {
            return Ok(all);
        }
        let io = |source| PolicyError::Io {
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
            let text = std::fs::read_to_string(&path).map_err(io)?;
            let p = Self::parse(&text, &path.display().to_string())?;
            match all.iter_mut().find(|q| q.id == p.id) {
                Some(q) => *q = p,
                None => all.push(p),
            }
        }
        Ok(all)
    }

    pub fn rule(&self, kind: ClockKind) -> Option<ClockRule> {
        self.clocks.get(&kind).copied()
    }
}

/// The due date of a clock started on `start` (the start day does not count).
pub fn due_date(cal: &WorkCalendar, start: NaiveDate, rule: ClockRule) -> Due {
    let (date, incomplete) = match rule.unit {
        DayUnit::Working => cal.add_working_days(start, rule.days),
        DayUnit::Calendar => {
            let end = start + Days::new(u64::from(rule.days));
            if rule.roll_over {
                cal.next_working_day(end)
            } else {
                (end, !cal.has_year(end.year()))
            }
        }
    };
    Due {
        date,
        calendar_incomplete: incomplete,
    }
}

#[cfg(test)]
mod tests;
