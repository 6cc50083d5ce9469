//! Chinese citizen ID numbers (GB 11643-1999) and the cards that share their format.
//!
//! Accepts what a clerk actually types: lower-case `x`, full-width digits and spaces from an
//! IME, the old 15-digit numbers, residence permits of Hong Kong, Macao and Taiwan residents
//! (810000 / 820000 / 830000) and the 18-digit foreigners' permanent-residence ID (leading 9).
//! A wrong check digit is a *warning* ([`CheckResult::BadCheckDigit`]), never an error: the
//! clerk can override it with a reason.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Sex derived from the sequence digit (odd = male).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// Which card the number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdKind {
    Resident18,
    Resident15,
    HkMacaoTaiwanResidence,
    ForeignPermanent,
}

/// Result of the ISO 7064 MOD 11-2 check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckResult {
    Valid,
    BadCheckDigit {
        expected: char,
        found: char,
    },
    /// 15-digit numbers carry no check digit.
    NotApplicable,
}

/// What a well-formed number tells us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdInfo {
    /// Half-width, upper-case, no spaces.
    pub normalized: String,
    pub kind: IdKind,
    pub sex: Sex,
    pub birth: NaiveDate,
    pub check: CheckResult,
}

impl IdInfo {
    pub fn age_on(&self, today: NaiveDate) -> u32 {
        age_on(self.birth, today)
    }

    /// True when the number is usable but the clerk must confirm it (bad check digit).
    pub fn is_warning(&self) -> bool {
        matches!(self.check, CheckResult::BadCheckDigit { .. })
    }
}

/// Why a number cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("应为18位（或15位旧号），现为{0}位")]
    Length(usize),
    #[error("第{0}位不是数字")]
    NotDigit(usize),
    #[error("出生日期 {0} 不存在")]
    BadBirthDate(String),
    #[error("出生日期 {0} 晚于今天")]
    BirthInFuture(NaiveDate),
    #[error("地区码 {0} 无效")]
    BadRegion(String),
}

/// Half-width, upper-case, with every kind of space removed.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            'ｘ' | 'Ｘ' | 'x' => Some('X'),
            c if c.is_whitespace() || c == '-' => None,
            c => Some(c),
        })
        .collect()
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check digit for the first 17 digits, or `None` if they are not 17 ASCII digits.
pub fn check_digit(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Parses a typed number. `today` rejects birth dates in the future.
pub fn parse(input: &str, today: NaiveDate) -> Result<IdInfo, IdError> {
    let n = normalize(input);
    let chars: Vec<char> = n.chars().collect();
    match chars.len() {
        18 => parse18(n, &chars, today),
        15 => parse15(n, &chars, today),
        len => Err(IdError::Length(len)),
    }
}

fn all_digits(chars: &[char], upto: usize) -> Result<(), IdError> {
    match chars.iter().take(upto).position(|c| !c.is_ascii_digit()) {
        Some(i) => Err(IdError::NotDigit(i + 1)),
        None => Ok(()),
    }
}

fn birth_of(y: &str, m: &str, d: &str, today: NaiveDate) -> Result<NaiveDate, IdError> {
    let date = y
        .parse()
        .ok()
        .zip(m.parse().ok())
        .zip(d.parse().ok())
        .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y, m, d))
        .filter(|d| d.year() >= 1880)
        .ok_or_else(|| IdError::BadBirthDate(format!("{y}-{m}-{d}")))?;
    if date > today {
        return Err(IdError::BirthInFuture(date));
    }
    Ok(date)
}

fn sex_of(digit: char) -> Sex {
    if digit.to_digit(10).unwrap_or(0) % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    }
}

fn parse18(n: String, chars: &[char], today: NaiveDate) -> Result<IdInfo, IdError> {
    all_digits(chars, 17)?;
    let last = chars[17];
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdError::NotDigit(18));
    }
    let kind = match &n[..2] {
        "81" | "82" | "83" if &n[2..6] == "0000" => IdKind::HkMacaoTaiwanResidence,
        p if p.starts_with('9') => IdKind::ForeignPermanent,
        _ => IdKind::Resident18,
    };
    if kind == IdKind::Resident18 && !(1..=8).contains(&(chars[0] as u8 - b'0')) {
        return Err(IdError::BadRegion(n[..6].to_string()));
    }
    let birth = birth_of(&n[6..10], &n[10..12], &n[12..14], today)?;
    let expected = check_digit(&n[..17]).unwrap_or('?');
    let check = if expected == last {
        CheckResult::Valid
    } else {
        CheckResult::BadCheckDigit {
            expected,
            found: last,
        }
    };
    Ok(IdInfo {
        sex: sex_of(chars[16]),
        normalized: n,
        kind,
        birth,
        check,
    })
}

fn parse15(n: String, chars: &[char], today: NaiveDate) -> Result<IdInfo, IdError> {
    all_digits(chars, 15)?;
    if !(1..=8).contains(&(chars[0] as u8 - b'0')) {
        return Err(IdError::BadRegion(n[..6].to_string()));
    }
    let year = format!("19{}", &n[6..8]);
    let birth = birth_of(&year, &n[8..10], &n[10..12], today)?;
    Ok(IdInfo {
        sex: sex_of(chars[14]),
        normalized: n,
        kind: IdKind::Resident15,
        birth,
        check: CheckResult::NotApplicable,
    })
}

/// Full years between `birth` and `today` (0 if `today` is before `birth`).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

/// Masks all but the first four and last four characters: `1101**********002X`.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < 4 || i >= chars.len() - 4 {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
