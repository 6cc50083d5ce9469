//! The Excel ledger (台账) through the real binary: `export --format xlsx` writes every case
//! with Chinese headers, ID numbers as text and real dates; `import` of that workbook into a
//! fresh directory gives the same registrations; a workbook with bad rows is refused row by
//! row with nothing imported.

use calamine::{Data, Reader};
use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");
const NOW: &str = "2026-03-02T10:00";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data")
        .arg(dir)
        .args(["--now", NOW])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output, what: &str) -> String {
    assert!(o.status.success(), "{what}: {}", text(&o));
    text(&o)
}

/// The ledger sheet as rows of cells.
fn read_sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    assert_eq!(book.sheet_names(), ["台账"]);
    let range = book.worksheet_range("台账").unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// Registration columns of the ledger, by header name, as comparable text.
const SAME: [&str; 12] = [
    "登记日期",
    "受理日期",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "联系电话",
    "住址",
    "人数",
    "问题分类",
    "信访目的",
    "主要诉求",
];

fn registrations(rows: &[Vec<Data>]) -> Vec<Vec<String>> {
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let cols: Vec<usize> = SAME
        .iter()
        .map(|n| header.iter().position(|h| h == n).unwrap())
        .collect();
    let mut out: Vec<Vec<String>> = rows[1..]
        .iter()
        .map(|r| cols.iter().map(|c| format!("{:?}", r[*c])).collect())
        .collect();
    out.sort();
    out
}

#[test]
fn export_then_import_gives_the_same_cases() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    ok(run(&src, &["demo", "--cases", "400"]), "demo");
    let file = work.path().join("台账.xlsx");
    let out = ok(
        run(
            &src,
            &[
                "export",
                "--format",
                "xlsx",
                "--out",
                file.to_str().unwrap(),
            ],
        ),
        "export",
    );
    assert!(out.contains("已导出 400 件"), "{out}");

    let rows = read_sheet(&file);
    assert_eq!(rows.len(), 401);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header[0], "案件编号");
    let id_col = header.iter().position(|h| h == "身份证号").unwrap();
    let date_col = header.iter().position(|h| h == "登记日期").unwrap();
    let people_col = header.iter().position(|h| h == "人数").unwrap();
    let mut ids = 0;
    for r in &rows[1..] {
        match &r[id_col] {
            Data::String(s) => {
                assert_eq!(s.len(), 18, "{s}");
                ids += 1;
            }
            Data::Empty => {}
            other => panic!("ID number not stored as text: {other:?}"),
        }
        assert!(
            matches!(r[date_col], Data::DateTime(_)),
            "{:?}",
            r[date_col]
        );
        assert!(
            matches!(r[people_col], Data::Float(_)),
            "{:?}",
            r[people_col]
        );
    }
    assert!(ids > 300, "only {ids} ID numbers");

    let dst = work.path().join("dst");
    let imported = ok(run(&dst, &["import", file.to_str().unwrap()]), "import");
    assert!(
        imported.contains("已导入 400 件案件（Excel 工作簿）"),
        "{imported}"
    );
    let again = work.path().join("again.xlsx");
    ok(
        run(
            &dst,
            &[
                "export",
                "--format",
                "xlsx",
                "--out",
                again.to_str().unwrap(),
            ],
        ),
        "export again",
    );
    let (before, after) = (registrations(&rows), registrations(&read_sheet(&again)));
    let missing: Vec<_> = before.iter().filter(|r| !after.contains(r)).collect();
    let extra: Vec<_> = after.iter().filter(|r| !before.contains(r)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} rows differ\nbefore: {:?}\nafter:  {:?}",
        missing.len(),
        missing.first(),
        extra.first()
    );
    assert_eq!(before, after);
    assert!(ok(run(&dst, &["check"]), "check").contains("检查通过：400 件案件"));
}

#[test]
fn xlsx_export_needs_a_file() {
    let work = tempfile::tempdir().unwrap();
    ok(run(work.path(), &["demo", "--cases", "3"]), "demo");
    let o = run(work.path(), &["export", "--format", "xlsx"]);
    assert!(!o.status.success());
    assert!(text(&o).contains("--out"), "{}", text(&o));
}

#[test]
fn bad_rows_in_a_workbook_are_reported_and_nothing_is_imported() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("旧台账.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // A title row and a blank row above the header, as offices often have.
    sheet.write_string(0, 0, "某区信访局来访登记台账").unwrap();
    let header = [
        "登记日期",
        "姓名",
        "身份证号",
        "联系电话",
        "住址",
        "人数",
        "问题分类",
        "信访目的",
        "主要诉求",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let good = [
        "2026-02-10",
        "张三",
        "11010519491231002X",
        "13800138000",
        "北京市西城区",
        "1",
        "城乡建设",
        "申诉求决",
        "小区漏水",
    ];
    for (c, v) in good.iter().enumerate() {
        sheet.write_string(3, c as u16, *v).unwrap();
    }
    // Row 5: an ID number typed into a number cell, an unknown category.
    sheet.write_string(4, 0, "2026/2/11").unwrap();
    sheet.write_string(4, 1, "李四").unwrap();
    sheet.write_number(4, 2, 110105194912310020.0).unwrap();
    sheet.write_number(4, 3, 13900139000.0).unwrap();
    sheet.write_string(4, 4, "北京市").unwrap();
    sheet.write_number(4, 5, 2).unwrap();
    sheet.write_string(4, 6, "不存在的分类").unwrap();
    sheet.write_string(4, 7, "申诉求决").unwrap();
    sheet.write_string(4, 8, "欠薪").unwrap();
    // Row 6: no name, no matter.
    sheet.write_string(5, 0, "2026-02-12").unwrap();
    sheet.write_string(5, 6, "城乡建设").unwrap();
    book.save(&file).unwrap();

    let o = run(work.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let all = text(&o);
    assert!(all.contains("未导入任何案件"), "{all}");
    assert!(
        all.contains("第 5 行：C 列") && all.contains("15 位"),
        "{all}"
    );
    assert!(
        !all.contains("1101051949"),
        "an ID number was printed: {all}"
    );
    assert!(all.contains("不存在的分类"), "{all}");
    assert!(all.contains("第 6 行") && all.contains("姓名为空"), "{all}");
    assert!(!all.contains("第 4 行"), "the good row was reported: {all}");
    let e = ok(run(work.path(), &["export", "--format", "json"]), "export");
    assert!(!e.contains("case_no"), "something was imported: {e}");

    // The good row alone imports, with its number read from a number cell kept whole.
    let fixed = work.path().join("fixed.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in good.iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    sheet.write_number(1, 3, 13800138000.0).unwrap();
    book.save(&fixed).unwrap();
    let out = ok(
        run(work.path(), &["import", fixed.to_str().unwrap()]),
        "import",
    );
    assert!(out.contains("已导入 1 件"), "{out}");
    let e = ok(run(work.path(), &["export", "--format", "json"]), "export");
    assert!(e.contains("\"phone\":\"13800138000\""), "{e}");
}
