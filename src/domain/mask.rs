//! Masking of personal data wherever it is not needed (board, lists, logs).

use unicode_width::UnicodeWidthChar;

/// 张三丰 → 张*丰, 张三 → 张*, 欧阳娜娜 → 欧**娜, 阿依·买买提 → 阿*****提, Latin names keep
/// the first and last letter of the whole string.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 => format!("{}*", chars[0]),
        n => {
            let mut s = String::new();
            s.push(chars[0]);
            for c in &chars[1..n - 1] {
                // Keep separators so "·" and spaces still read as a name shape.
                if *c == '·' || *c == '•' || c.is_whitespace() {
                    s.push(*c);
                } else {
                    s.push('*');
                }
            }
            s.push(chars[n - 1]);
            s
        }
    }
}

/// 13812345678 → 138****5678; short numbers keep their last two digits.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    let n = chars.len();
    if n >= 7 {
        let mut s: String = chars[..3].iter().collect();
        s.extend(std::iter::repeat_n('*', n - 7));
        s.extend(chars[n - 4..].iter());
        s
    } else if n > 2 {
        let mut s: String = std::iter::repeat_n('*', n - 2).collect();
        s.extend(chars[n - 2..].iter());
        s
    } else {
        "*".repeat(n)
    }
}

/// Display width of a string in terminal columns (CJK = 2).
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The longest prefix of `s` that fits in `max` columns, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_columns() {
        assert_eq!(truncate("打开案件", 8), "打开案件");
        assert_eq!(truncate("打开案件", 7), "打开案…");
        assert_eq!(truncate("打开案件", 6), "打开…");
        assert_eq!(truncate("ab打开", 4), "ab…");
        assert_eq!(truncate("打开", 0), "");
    }

    #[test]
    fn names() {
        assert_eq!(mask_name("张"), "*");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张三丰"), "张*丰");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("阿依·买买提"), "阿*·**提");
        assert_eq!(mask_name("John Smith"), "J*** ****h");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("0991-1234567"), "099*****4567");
        assert_eq!(mask_phone("110"), "*10");
    }
}
