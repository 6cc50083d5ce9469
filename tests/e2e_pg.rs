//! End to end: two counters, each its own program in its own terminal and its own data
//! directory, on one PostgreSQL database. A visitor registered at counter 1 is found as an
//! earlier case when counter 2 types the same ID number, and counter 2's registration takes
//! the next case number; a ticket taken at counter 1 appears in counter 2's queue view and
//! is called there, which counter 1 sees; the wall board beside counter 1 shows a case
//! saved at counter 2 within seconds.

mod support;

use support::tmux::{tmux_or_skip, Tmux};

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");
const NOW: &str = "2026-11-25T10:00";

fn register(app: &Tmux, name: &str, id: &str, matter: &str) {
    app.keys(&["F2"]);
    app.wait_for("新登记");
    app.fill_registration(name, id, "ldsb", "劳动和社会保障", matter);
}

#[test]
fn two_counter_programs_share_one_database() {
    if !tmux_or_skip() {
        return;
    }
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let dirs = tempfile::tempdir().unwrap();
    let start = |n: u32| {
        let data = dirs.path().join(format!("counter{n}"));
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(
            data.join("config.toml"),
            format!("counter_name = \"{n}号窗口\"\n"),
        )
        .unwrap();
        Tmux::app(
            &format!("pg{n}"),
            &format!("{BIN} --data {} --db {url} --now {NOW}", data.display()),
        )
    };
    let one = start(1);
    let two = start(2);

    register(&one, "欧阳娜娜", "11010519491231002X", "拖欠工资三个月。");
    one.keys(&["C-s"]);
    one.wait_for("已保存");
    one.wait_for("2026-000001");

    // Counter 2 types the same ID number: the earlier case from counter 1 is shown.
    register(&two, "欧阳娜娜", "11010519491231002X", "又来反映工资。");
    let screen = two.wait_for("此人有旧案 1 件");
    assert!(screen.contains("2026-000001"), "{screen}");
    two.keys(&["C-s"]);
    two.wait_for("已保存");
    two.wait_for("2026-000002");

    // Both open the queue view; a ticket taken at counter 1 shows at counter 2 by itself.
    for app in [&one, &two] {
        app.keys(&["Escape"]);
        app.wait_for("今日登记");
        app.keys(&["F4"]);
        app.wait_for("现在没有人等候");
    }
    one.keys(&["a"]);
    one.wait_for("已取号 A001");
    let screen = two.wait_for("A001");
    assert!(!screen.contains("现在没有人等候"), "{screen}");

    // The wall board beside counter 1 (its data directory, the shared database).
    let board = Tmux::start_sized(
        "pgboard",
        &format!(
            "{BIN} --data {} --db {url} --now {NOW} board",
            dirs.path().join("counter1").display()
        ),
        120,
        40,
    );
    board.wait_for("XF-2026-000002");

    // Counter 2 calls the ticket taken at counter 1; counter 1 sees where it went.
    two.keys(&["F5"]);
    two.wait_for("新登记");
    one.wait_for("A001 → 2号窗口");
    // Counter 2 registers that visitor; the case reaches the board beside counter 1.
    two.fill_registration(
        "李四",
        "110105198001010032",
        "ldsb",
        "劳动和社会保障",
        "小区违建。",
    );
    two.keys(&["C-s"]);
    two.wait_for("已保存");
    let screen = board.wait_for("XF-2026-000003");
    assert!(screen.contains("李*"), "masked on the wall: {screen}");
    assert!(!screen.contains("李四"), "{screen}");
}
