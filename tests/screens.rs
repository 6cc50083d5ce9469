//! Screen tests: keys go into the app state, assertions read the drawn buffer (80×24).

mod support;

use ratatui::crossterm::event::KeyCode;
use support::{col_of, Harness};

const VALID_ID: &str = "11010519491231002X";

fn new_form() -> Harness {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    h.press(KeyCode::F(2));
    h
}

/// Fills the required fields of a registration and saves it.
fn register(h: &mut Harness, name: &str, id: &str, matter: &str) {
    h.press(KeyCode::F(2));
    h.paste(name).press(KeyCode::Tab);
    h.paste(id);
    // Tab through to 问题分类 (skipping the optional fields) and pick by pinyin initials.
    while !h.screen().contains("问题分类") || !focused_label(h, "问题分类") {
        h.press(KeyCode::Tab);
    }
    h.type_str("ldsb").press(KeyCode::Tab).press(KeyCode::Tab);
    h.paste(matter);
    h.ctrl('s');
}

/// Whether the cursor sits on the row of `label`.
fn focused_label(h: &mut Harness, label: &str) -> bool {
    let (_, y) = h.cursor();
    h.row(y).contains(label)
}

#[test]
fn f2_opens_the_form_with_the_cursor_in_name() {
    let mut h = new_form();
    let screen = h.screen();
    assert!(screen.contains("新登记"), "{screen}");
    assert!(focused_label(&mut h, "姓名"));
}

#[test]
fn chinese_name_moves_the_cursor_two_columns_per_character() {
    let mut h = new_form();
    let (x0, y0) = h.cursor();
    h.paste("张三");
    let (x1, y1) = h.cursor();
    assert_eq!(y1, y0);
    assert_eq!(x1, x0 + 4, "two Han characters are four columns");
    let row = h.row(y1);
    assert_eq!(col_of(&row, "张三"), Some(x0), "{row}");
    h.type_str("丰");
    assert_eq!(h.cursor().0, x0 + 6);
}

#[test]
fn tab_goes_from_name_to_id_number_and_the_id_fills_sex_and_birth() {
    let mut h = new_form();
    h.paste("张三").press(KeyCode::Tab);
    assert!(focused_label(&mut h, "身份证号"));
    h.type_str("11010519491231002x");
    let screen = h.screen();
    assert!(screen.contains("校验通过"), "{screen}");
    assert!(screen.contains("1949-12-31"), "{screen}");
    assert!(screen.contains("女"), "{screen}");
    h.press(KeyCode::BackTab);
    assert!(focused_label(&mut h, "姓名"));
}

#[test]
fn leaving_a_valid_id_normalizes_it_and_skips_the_derived_fields() {
    let mut h = new_form();
    h.paste("张三").press(KeyCode::Tab);
    h.paste("１１０１０５ 19491231 002ｘ").press(KeyCode::Tab);
    assert!(focused_label(&mut h, "民族"), "{}", h.screen());
    assert!(h.screen().contains(VALID_ID));
    // Shift-Tab still reaches them.
    h.press(KeyCode::BackTab);
    assert!(focused_label(&mut h, "年龄"), "{}", h.screen());
}

#[test]
fn wrong_check_digit_is_a_warning_with_a_reason_not_a_wall() {
    let mut h = new_form();
    h.paste("李四")
        .press(KeyCode::Tab)
        .type_str("110105194912310021");
    let screen = h.screen();
    assert!(screen.contains("校验位应为 X"), "{screen}");
    assert!(screen.contains("核对说明"), "{screen}");
    // Saving without a reason stops at the reason field.
    h.ctrl('s');
    assert!(focused_label(&mut h, "核对说明"), "{}", h.screen());
    h.paste("证件原件如此");
    let mut tabs = 0;
    while !focused_label(&mut h, "问题分类") && tabs < 30 {
        h.press(KeyCode::Tab);
        tabs += 1;
    }
    h.type_str("hj")
        .press(KeyCode::Tab)
        .press(KeyCode::Tab)
        .paste("工厂噪声扰民");
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("已保存"), "{screen}");
    assert!(screen.contains("核对说明：证件原件如此"), "{screen}");
}

#[test]
fn saving_an_empty_form_names_what_is_missing_and_goes_to_the_first() {
    let mut h = new_form();
    h.press(KeyCode::Tab).press(KeyCode::Tab);
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("未保存"), "{screen}");
    assert!(screen.contains("请填写姓名"), "{screen}");
    assert!(screen.contains("请选择问题分类"), "{screen}");
    assert!(screen.contains("请填写主要诉求"), "{screen}");
    assert!(focused_label(&mut h, "姓名"));
    // Nothing was written.
    assert_eq!(h.app.env.store.count().unwrap(), 0);
}

#[test]
fn pick_list_filters_by_pinyin_initials() {
    let mut h = new_form();
    while !focused_label(&mut h, "问题分类") {
        h.press(KeyCode::Tab);
    }
    h.type_str("ldsb");
    let screen = h.screen();
    assert!(screen.contains("05 劳动和社会保障"), "{screen}");
    h.press(KeyCode::Tab);
    let screen = h.screen();
    assert!(screen.contains("劳动和社会保障"), "{screen}");
    assert!(focused_label(&mut h, "信访目的"));
}

#[test]
fn a_full_registration_saves_and_shows_the_deadlines() {
    let mut h = Harness::new(80, 24, "2026-02-05T10:00");
    register(&mut h, "王五", VALID_ID, "拖欠工资三个月，请求协调支付。");
    let screen = h.screen();
    assert!(screen.contains("已保存：XF-2026-000001"), "{screen}");
    // Registered 2026-02-05: day 15 is in the Spring Festival, rolls to 2026-02-24.
    assert!(screen.contains("2026-02-24"), "{screen}");
    assert_eq!(h.app.env.store.count().unwrap(), 1);
}

#[test]
fn a_repeat_visitor_is_found_and_can_be_attached() {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    register(&mut h, "赵六", VALID_ID, "小区电梯长期故障");
    h.press(KeyCode::Esc);
    h.press(KeyCode::F(2))
        .paste("赵六")
        .press(KeyCode::Tab)
        .paste(VALID_ID);
    let screen = h.screen();
    assert!(screen.contains("同一来访人旧案 1"), "{screen}");
    assert!(screen.contains("2026-000001"), "{screen}");
    h.press(KeyCode::F(6));
    assert!(h.screen().contains("重复访"));
    h.ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("重复访已并入"), "{screen}");
    assert_eq!(h.app.env.store.count().unwrap(), 1, "no new case");
    let case = h
        .app
        .env
        .store
        .get_case(chuangkou::domain::case::CaseNo::new(2026, 1))
        .unwrap()
        .unwrap();
    assert_eq!(case.visits.len(), 2);
    assert_eq!(case.repeat_visits(), 1);
}

#[test]
fn esc_on_a_typed_form_asks_first() {
    let mut h = new_form();
    h.paste("张三");
    h.press(KeyCode::Esc);
    assert!(h.screen().contains("放弃本次登记吗"));
    h.type_str("n");
    assert!(h.screen().contains("张三"), "kept after N");
    h.press(KeyCode::Esc).type_str("y");
    let screen = h.screen();
    assert!(!screen.contains("新登记"), "{screen}");
    assert!(screen.contains("已放弃"), "{screen}");
}

#[test]
fn long_pasted_matter_wraps_inside_the_box() {
    let mut h = new_form();
    while !focused_label(&mut h, "主要诉求") {
        h.press(KeyCode::Tab);
    }
    let long = "反映拖欠工资问题。".repeat(30);
    h.paste(&long);
    let (x, y) = h.cursor();
    assert!(x < 80 && y < 24);
    let screen = h.screen();
    for line in screen.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
}

#[test]
fn case_list_finds_by_name_and_opens_by_sequence() {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    register(&mut h, "孙七", VALID_ID, "请求公开村务账目");
    h.press(KeyCode::Esc);
    register(&mut h, "周八", "", "道路损毁");
    h.press(KeyCode::Esc);
    h.press(KeyCode::F(3));
    let screen = h.screen();
    assert!(
        screen.contains("孙七") && screen.contains("周八"),
        "{screen}"
    );
    // ID numbers are masked in the list.
    assert!(screen.contains("1101**********002X"), "{screen}");
    h.paste("孙");
    let screen = h.screen();
    assert!(
        screen.contains("孙七") && !screen.contains("周八"),
        "{screen}"
    );
    h.ctrl('u').type_str("2").press(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("周八") && screen.contains("案件详情"),
        "{screen}"
    );
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut h = new_form();
    h.press(KeyCode::F(1));
    let screen = h.screen();
    assert!(screen.contains("帮助：来访登记"), "{screen}");
    assert!(screen.contains("Ctrl-S"), "{screen}");
    assert!(screen.contains("保存登记"), "{screen}");
    h.press(KeyCode::Char('x'));
    assert!(!h.screen().contains("帮助：来访登记"));
}

#[test]
fn snapshot_half_filled_form_80x24() {
    let mut h = new_form();
    h.paste("张三丰")
        .press(KeyCode::Tab)
        .paste(VALID_ID)
        .press(KeyCode::Tab);
    insta::assert_snapshot!("form_half_filled", h.screen());
}

#[test]
fn snapshot_home_80x24() {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    register(&mut h, "王五", VALID_ID, "拖欠工资三个月");
    h.press(KeyCode::Esc);
    insta::assert_snapshot!("home_one_case", h.screen());
}

#[test]
fn help_is_never_cut_off_and_login_bar_offers_only_what_works() {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    h.press(KeyCode::F(2)).press(KeyCode::F(1));
    let screen = h.screen();
    assert!(
        screen.contains("删除前一词。") && screen.contains("按任意键关闭帮助"),
        "{screen}"
    );
    let keymap = chuangkou::ui::keymap::Keymap::default();
    let bar: Vec<String> = keymap
        .bar(chuangkou::ui::keymap::Context::Login)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert!(
        !bar.iter().any(|k| k == "F2" || k == "F3" || k == "F4"),
        "{bar:?}"
    );
    assert!(bar.iter().any(|k| k == "F10"), "{bar:?}");
}
