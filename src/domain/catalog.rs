//! Code lists of the registration form: 问题分类, 信访目的, 民族, 来访方式, with filtering by
//! code, by characters or by pinyin initials (`ldsb` → 劳动和社会保障).

use pinyin::ToPinyinMulti;

/// One entry of a code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub code: &'static str,
    pub label: &'static str,
}

const fn e(code: &'static str, label: &'static str) -> Entry {
    Entry { code, label }
}

/// Version of the lists below, stored with each case so reports can tell old codes apart.
pub const CATALOG_VERSION: u16 = 1;

static CATEGORIES: [Entry; 22] = [
    e("01", "城乡建设"),
    e("02", "国土资源"),
    e("03", "水利"),
    e("04", "林业"),
    e("05", "劳动和社会保障"),
    e("06", "农村农业"),
    e("07", "政法"),
    e("08", "纪检监察"),
    e("09", "组织人事"),
    e("10", "民政"),
    e("11", "教育"),
    e("12", "卫生健康"),
    e("13", "经济综合"),
    e("14", "政治综合"),
    e("15", "交通"),
    e("16", "能源"),
    e("17", "环境保护"),
    e("18", "商贸旅游"),
    e("19", "宣传舆论"),
    e("20", "信息产业"),
    e("21", "科技文体"),
    e("22", "其他"),
];

/// 信访目的 as split in 2022.
static PURPOSES: [Entry; 3] = [e("1", "建议意见"), e("2", "检举控告"), e("3", "申诉求决")];

/// GB/T 3304 ethnic groups.
static ETHNICITIES: [Entry; 58] = [
    e("01", "汉族"),
    e("02", "蒙古族"),
    e("03", "回族"),
    e("04", "藏族"),
    e("05", "维吾尔族"),
    e("06", "苗族"),
    e("07", "彝族"),
    e("08", "壮族"),
    e("09", "布依族"),
    e("10", "朝鲜族"),
    e("11", "满族"),
    e("12", "侗族"),
    e("13", "瑶族"),
    e("14", "白族"),
    e("15", "土家族"),
    e("16", "哈尼族"),
    e("17", "哈萨克族"),
    e("18", "傣族"),
    e("19", "黎族"),
    e("20", "傈僳族"),
    e("21", "佤族"),
    e("22", "畲族"),
    e("23", "高山族"),
    e("24", "拉祜族"),
    e("25", "水族"),
    e("26", "东乡族"),
    e("27", "纳西族"),
    e("28", "景颇族"),
    e("29", "柯尔克孜族"),
    e("30", "土族"),
    e("31", "达斡尔族"),
    e("32", "仫佬族"),
    e("33", "羌族"),
    e("34", "布朗族"),
    e("35", "撒拉族"),
    e("36", "毛南族"),
    e("37", "仡佬族"),
    e("38", "锡伯族"),
    e("39", "阿昌族"),
    e("40", "普米族"),
    e("41", "塔吉克族"),
    e("42", "怒族"),
    e("43", "乌孜别克族"),
    e("44", "俄罗斯族"),
    e("45", "鄂温克族"),
    e("46", "德昂族"),
    e("47", "保安族"),
    e("48", "裕固族"),
    e("49", "京族"),
    e("50", "塔塔尔族"),
    e("51", "独龙族"),
    e("52", "鄂伦春族"),
    e("53", "赫哲族"),
    e("54", "门巴族"),
    e("55", "珞巴族"),
    e("56", "基诺族"),
    e("97", "其他"),
    e("98", "外国血统中国籍人士"),
];

static VISIT_MODES: [Entry; 4] = [
    e("1", "走访"),
    e("2", "来信"),
    e("3", "网上"),
    e("4", "电话"),
];

pub fn categories() -> &'static [Entry] {
    &CATEGORIES
}

pub fn purposes() -> &'static [Entry] {
    &PURPOSES
}

pub fn ethnicities() -> &'static [Entry] {
    &ETHNICITIES
}

pub fn visit_modes() -> &'static [Entry] {
    &VISIT_MODES
}

/// Every possible initial of each character (heteronyms give several: 藏 → c, z).
fn initial_sets(label: &str) -> Vec<Vec<char>> {
    label
        .chars()
        .map(|c| {
            let mut set: Vec<char> = match c.to_pinyin_multi() {
                Some(multi) => multi
                    .into_iter()
                    .filter_map(|p| p.first_letter().chars().next())
                    .collect(),
                None => vec![c.to_ascii_lowercase()],
            };
            set.dedup();
            set
        })
        .collect()
}

/// The pinyin initials of a label by its most common reading: 劳动和社会保障 → `ldhshbz`.
pub fn initials(label: &str) -> String {
    initial_sets(label)
        .iter()
        .filter_map(|s| s.first())
        .collect()
}

fn initials_prefix(sets: &[Vec<char>], q: &[char]) -> bool {
    q.len() <= sets.len() && q.iter().zip(sets).all(|(c, s)| s.contains(c))
}

fn initials_subsequence(sets: &[Vec<char>], q: &[char]) -> bool {
    let mut it = sets.iter();
    q.iter().all(|c| it.any(|s| s.contains(c)))
}

/// The entries matching `query`, best first: code, label prefix, initials prefix, label
/// substring, initials subsequence; list order within each rank. An empty query matches all.
pub fn filter<'a>(entries: &'a [Entry], query: &str) -> Vec<&'a Entry> {
    let query = query.trim();
    if query.is_empty() {
        return entries.iter().collect();
    }
    let q: Vec<char> = query.chars().map(|c| c.to_ascii_lowercase()).collect();
    let ascii = query.is_ascii();
    let mut ranked: Vec<(u8, usize, &Entry)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let rank = if entry.code == query {
                0
            } else if entry.label.starts_with(query) {
                1
            } else if ascii && initials_prefix(&initial_sets(entry.label), &q) {
                2
            } else if entry.label.contains(query) {
                3
            } else if ascii && q.len() > 1 && initials_subsequence(&initial_sets(entry.label), &q) {
                4
            } else {
                return None;
            };
            Some((rank, i, entry))
        })
        .collect();
    ranked.sort_by_key(|(rank, i, _)| (*rank, *i));
    ranked.into_iter().map(|(_, _, e)| e).collect()
}

/// The entry whose label is exactly `label` (after trimming).
pub fn find_label<'a>(entries: &'a [Entry], label: &str) -> Option<&'a Entry> {
    let label = label.trim();
    entries.iter().find(|e| e.label == label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: Vec<&Entry>) -> Vec<&'static str> {
        v.into_iter().map(|e| e.label).collect()
    }

    #[test]
    fn lists_are_complete() {
        assert_eq!(categories().len(), 22);
        assert_eq!(
            find_label(categories(), "劳动和社会保障").map(|e| e.code),
            Some("05")
        );
        assert_eq!(
            ethnicities()
                .iter()
                .filter(|e| e.label.ends_with('族'))
                .count(),
            56
        );
        assert_eq!(
            labels(filter(visit_modes(), "")),
            ["走访", "来信", "网上", "电话"]
        );
    }

    #[test]
    fn initials_search() {
        assert_eq!(initials("劳动和社会保障"), "ldhshbz");
        assert_eq!(labels(filter(categories(), "ldsb")), ["劳动和社会保障"]);
        assert_eq!(labels(filter(categories(), "LDSB")), ["劳动和社会保障"]);
        assert_eq!(
            filter(categories(), "cx").first().map(|e| e.label),
            Some("城乡建设")
        );
        // Heteronym: 藏 is read zàng here.
        assert_eq!(
            filter(ethnicities(), "zz").first().map(|e| e.label),
            Some("藏族")
        );
    }

    #[test]
    fn code_and_character_search() {
        assert_eq!(labels(filter(categories(), "05")), ["劳动和社会保障"]);
        assert_eq!(labels(filter(categories(), "社会")), ["劳动和社会保障"]);
        assert_eq!(
            filter(purposes(), "检举").first().map(|e| e.code),
            Some("2")
        );
        assert!(filter(categories(), "qqqq").is_empty());
        // Code first, then label matches.
        assert_eq!(
            filter(ethnicities(), "01").first().map(|e| e.label),
            Some("汉族")
        );
    }
}
