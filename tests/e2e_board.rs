//! End to end: the app and the wall displays in separate terminals on one data directory.
//! A case registered at the counter appears on the overdue board, and a called ticket on
//! the call display, within seconds — without the displays ever holding the database.

mod support;

use support::tmux::{tmux_or_skip, Tmux};

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");
const NOW: &str = "2026-11-25T10:00";

#[test]
fn counter_board_and_call_display_side_by_side() {
    if !tmux_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display();
    let app = Tmux::app("app", &format!("{BIN} --data {data} --now {NOW}"));

    let board = Tmux::start_sized(
        "board",
        &format!("{BIN} --data {data} --now {NOW} board"),
        120,
        40,
    );
    let screen = board.wait_for("超期督办看板");
    assert!(screen.contains("目前没有正在计时的案件期限"), "{screen}");
    let calls = Tmux::start_sized(
        "calls",
        &format!("{BIN} --data {data} --now {NOW} board --queue"),
        100,
        30,
    );
    calls.wait_for("请取号等候");

    // Register a visitor at the counter.
    app.keys(&["F2"]);
    app.wait_for("新登记");
    app.fill_registration(
        "欧阳娜娜",
        "11010519491231002X",
        "ldsb",
        "劳动和社会保障",
        "拖欠工资三个月。",
    );
    app.keys(&["C-s"]);
    app.wait_for("已保存");

    // The board picks it up from the snapshot: masked name, no ID number, no matter.
    let screen = board.wait_for("XF-2026-000001");
    assert!(
        screen.contains("欧**娜") && screen.contains("12-10"),
        "{screen}"
    );
    assert!(
        !screen.contains("欧阳娜娜") && !screen.contains("110105") && !screen.contains("拖欠"),
        "{screen}"
    );

    // Two tickets, the priority one called first, shown on the call display.
    app.keys(&["Escape"]);
    app.wait_for("今日登记");
    app.keys(&["F4"]);
    app.wait_for("等候");
    app.keys(&["a"]);
    app.wait_for("A001");
    app.keys(&["v"]);
    app.wait_for("V001");
    app.keys(&["F5"]);
    let screen = calls.wait_for("请 V001 号 到 1号窗口");
    assert!(screen.contains("A 一般来访：1"), "{screen}");

    // A second program on the same directory while the app holds it: a clear message naming
    // the holder, not a hang or a panic; the displays carry on from the snapshot.
    let second = std::process::Command::new(BIN)
        .args(["--data", &data.to_string(), "--now", NOW, "check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "{err}");
    assert!(err.contains("正被另一个程序使用"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(board.screen().contains("XF-2026-000001"));

    app.keys(&["Escape"]);
    app.keys(&["F10"]);
}
