//! Taking a case through its life from the case view (F8 menu, step forms).

mod support;

use chuangkou::domain::case::Status;
use chuangkou::domain::life::StepKind;
use ratatui::crossterm::event::KeyCode;
use support::Harness;

fn registered() -> Harness {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    h.register("张三", "ldsb", "拖欠工资");
    h
}

fn status(h: &Harness) -> Status {
    match &h.app.screen {
        chuangkou::ui::app::Screen::CaseView(v) => v.case.status,
        _ => panic!("not on the case view"),
    }
}

/// Opens the F8 menu and picks `kind` from it.
fn pick(h: &mut Harness, kind: StepKind) {
    h.press(KeyCode::F(8));
    let screen = h.screen();
    assert!(screen.contains("办理 ·"), "{screen}");
    let steps = match &h.app.screen {
        chuangkou::ui::app::Screen::CaseView(v) => v.case.available(),
        _ => panic!("not on the case view"),
    };
    let i = steps
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_else(|| panic!("{kind:?} not offered: {steps:?}"));
    for _ in 0..i {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::Enter);
    assert!(h.screen().contains(kind.label()), "{}", h.screen());
}

#[test]
fn menu_offers_only_valid_steps() {
    let mut h = registered();
    h.press(KeyCode::F(8));
    let screen = h.screen();
    assert!(
        screen.contains("受理") && screen.contains("不予受理（负责人）"),
        "{screen}"
    );
    assert!(!screen.contains("办结"), "{screen}");
    h.press(KeyCode::Esc);
    assert!(!h.screen().contains("办理 · 待受理"));
}

#[test]
fn accept_route_extend_answer_evaluate_close() {
    let mut h = registered();
    pick(&mut h, StepKind::Accept);
    h.ctrl('s');
    assert!(h.screen().contains("已保存 受理"), "{}", h.screen());
    assert_eq!(status(&h), Status::Accepted);
    assert!(h.screen().contains("办理期限"), "{}", h.screen());

    pick(&mut h, StepKind::Route);
    h.press(KeyCode::Tab).paste("区人社局").ctrl('s');
    let screen = h.screen();
    assert!(screen.contains("交办单第1号"), "{screen}");
    assert_eq!(status(&h), Status::Routed);

    pick(&mut h, StepKind::RequestExtension);
    h.ctrl('s');
    assert!(h.screen().contains("请填写延期理由"), "{}", h.screen());
    h.press(KeyCode::Tab).paste("需现场核查").ctrl('s');
    pick(&mut h, StepKind::ApproveExtension);
    h.ctrl('s');
    assert!(h.screen().contains("已保存 批准延期"), "{}", h.screen());

    pick(&mut h, StepKind::Opinion);
    h.press(KeyCode::Right).ctrl('s');
    assert_eq!(status(&h), Status::Answered);
    pick(&mut h, StepKind::Close);
    h.ctrl('s');
    assert!(h.screen().contains("办结清单未齐"), "{}", h.screen());
    h.press(KeyCode::Esc);
    pick(&mut h, StepKind::Delivered);
    h.ctrl('s');
    pick(&mut h, StepKind::Evaluate);
    h.ctrl('s');
    pick(&mut h, StepKind::Close);
    h.ctrl('s');
    assert_eq!(status(&h), Status::Closed);
    // Everything is on disk: reopen and find the whole history.
    h.restart();
    let no = chuangkou::domain::case::CaseNo { year: 2026, seq: 1 };
    let case = h.app.env.store.get_case(no).unwrap().unwrap();
    let labels: Vec<&str> = case.history.iter().map(|e| e.kind.label()).collect();
    assert_eq!(
        labels,
        [
            "登记",
            "受理",
            "交办/转送",
            "申请延期",
            "批准延期",
            "处理意见",
            "意见送达",
            "评价",
            "办结"
        ]
    );
}

#[test]
fn f9_prints_numbered_notices_into_the_data_dir_and_history() {
    let mut h = registered();
    h.press(KeyCode::F(9));
    let screen = h.screen();
    assert!(screen.contains("打印文书"), "{screen}");
    assert!(screen.contains("来访事项告知单"), "{screen}");
    // Before acceptance there is no acceptance notice to print.
    assert!(!screen.contains("受理告知书"), "{screen}");
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("〔2026〕1号"), "{screen}");
    let dir = h.dir.path().join("notices").join("2026");
    let files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().any(|f| f.ends_with(".html")), "{files:?}");
    let txt = files.iter().find(|f| f.ends_with(".txt")).unwrap();
    let text = std::fs::read_to_string(dir.join(txt)).unwrap();
    assert!(
        text.contains("张三") && text.contains("〔2026〕1号"),
        "{text}"
    );

    // The second print of the same kind takes the next number.
    h.press(KeyCode::F(9)).press(KeyCode::Enter);
    assert!(h.screen().contains("〔2026〕2号"), "{}", h.screen());

    // Accepted: the acceptance notice is offered and the history keeps every document.
    pick(&mut h, StepKind::Accept);
    h.ctrl('s');
    h.press(KeyCode::F(9));
    assert!(h.screen().contains("受理告知书"), "{}", h.screen());
    h.press(KeyCode::Esc);
    let no = chuangkou::domain::case::CaseNo { year: 2026, seq: 1 };
    let case = h.app.env.store.get_case(no).unwrap().unwrap();
    let docs = case
        .history
        .iter()
        .filter(|e| matches!(e.kind, chuangkou::domain::case::EventKind::Document { .. }))
        .count();
    assert_eq!(docs, 2);
}
