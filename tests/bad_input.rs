//! Bad input where a clerk types: impossible dates, empty required fields, a 10,000-character
//! matter, control characters, emoji and combining marks. Each gets a clear message or is
//! kept exactly; nothing is half-saved.

mod support;

use chuangkou::domain::case::{Case, CaseNo};
use chuangkou::ui::app::Screen;
use chuangkou::ui::screens::register::Field;
use ratatui::crossterm::event::KeyCode;
use support::Harness;

/// Tabs through the registration form until `field` has the cursor.
fn to_field(h: &mut Harness, field: Field) {
    for _ in 0..30 {
        match &h.app.screen {
            Screen::Register(f) if f.focus == field => return,
            _ => h.press(KeyCode::Tab),
        };
    }
    panic!("no field {field:?}: {}", h.screen());
}

fn first_case(h: &Harness) -> Case {
    let no = CaseNo::new(2026, 1);
    h.app.env.store.get_case(no).unwrap().unwrap()
}

fn saved(h: &Harness) -> u64 {
    h.app.env.store.count().unwrap()
}

#[test]
fn empty_form_and_impossible_birth_date_are_refused_with_reasons() {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    h.press(KeyCode::F(2)).ctrl('s');
    let s = h.screen();
    assert!(s.contains("未保存") && s.contains("请填写姓名"), "{s}");
    assert_eq!(saved(&h), 0);

    h.paste("王五");
    to_field(&mut h, Field::Birth);
    h.type_str("2026-02-30");
    to_field(&mut h, Field::Category);
    h.type_str("ldsb").press(KeyCode::Tab).press(KeyCode::Tab);
    h.paste("讨薪");
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("出生日期“2026-02-30”无效"), "{s}");
    assert_eq!(saved(&h), 0, "nothing half-saved");
    // The form keeps everything typed, so the clerk only fixes the date.
    assert!(s.contains("王五") && s.contains("讨薪"), "{s}");
}

#[test]
fn long_matters_and_unusual_names_are_kept_exactly_and_controls_dropped() {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    let matter: String = "拖欠工资😀，"
        .repeat(10_000 / 6 + 1)
        .chars()
        .take(10_000)
        .collect();
    // Combining diaeresis, an emoji and a BEL and an ESC pasted into the name.
    h.press(KeyCode::F(2));
    h.paste("Zoe\u{308} 张\u{7}三\u{1b}😀");
    to_field(&mut h, Field::Category);
    h.type_str("ldsb").press(KeyCode::Tab).press(KeyCode::Tab);
    h.paste(&matter);
    h.ctrl('s');
    let s = h.screen();
    assert!(s.contains("已保存"), "{s}");
    let case = first_case(&h);
    assert_eq!(case.reg.visitor.name, "Zoe\u{308} 张三😀");
    assert_eq!(case.reg.matter.chars().count(), 10_000);
    assert_eq!(case.reg.matter, matter);
    // The case view draws the long matter without breaking the frame.
    assert!(s.contains("拖欠工资"), "{s}");
}

#[test]
fn an_impossible_step_date_is_refused_and_the_case_is_unchanged() {
    let mut h = Harness::new(100, 30, "2026-11-25T09:30");
    h.register("欧阳娜娜", "ldsb", "拖欠工资");
    let before = first_case(&h);
    // F8, the first step offered is 受理 with the date field first.
    h.press(KeyCode::F(8)).press(KeyCode::Enter);
    h.ctrl('u').type_str("2026-02-30").ctrl('s');
    let s = h.screen();
    assert!(s.contains("日期“2026-02-30”无效"), "{s}");
    let after = first_case(&h);
    assert_eq!(after.history.len(), before.history.len());
    assert_eq!(
        format!("{:?}", after.status),
        format!("{:?}", before.status)
    );
}
