//! End to end: the real binary in a tmux pane, typed at like a clerk would (Chinese included),
//! then the case found again through `export`.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;
use support::tmux::{tmux_or_skip, Tmux};

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");

fn export_json(dir: &Path) -> serde_json::Value {
    let out = Command::new(BIN)
        .args(["--data"])
        .arg(dir)
        .args(["export", "--format", "json"])
        .output()
        .expect("export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("export is JSON")
}

#[test]
fn register_in_chinese_save_quit_and_export() {
    if !tmux_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cmd = format!(
        "{BIN} --data {} --now 2026-02-05T10:00",
        dir.path().display()
    );
    // A fresh data directory: the demo data is declined.
    let t = Tmux::app("reg", &cmd);
    t.keys(&["F2"]);
    t.wait_for("新登记");
    t.fill_registration(
        "张三丰",
        "11010519491231002X",
        "ldsb",
        "劳动和社会保障",
        "拖欠工资三个月，请求协调支付。",
    );
    t.keys(&["C-s"]);
    let screen = t.wait_for("已保存");
    assert!(screen.contains("XF-2026-000001"), "{screen}");
    assert!(screen.contains("2026-02-24"), "{screen}");
    t.keys(&["F10"]);
    // The app has quit: the database is free again.
    std::thread::sleep(Duration::from_millis(800));
    let json = export_json(dir.path());
    let cases = json.as_array().expect("array");
    assert_eq!(cases.len(), 1);
    let c = &cases[0];
    assert_eq!(c["case_no"], "XF-2026-000001");
    assert_eq!(c["name"], "张三丰");
    assert_eq!(c["category"], "劳动和社会保障");
    assert_eq!(c["registered"], "2026-02-05");
    assert_eq!(c["accept_due"], "2026-02-24");
    assert_eq!(c["matter"], "拖欠工资三个月，请求协调支付。");
}

/// Opens the F8 menu and picks the `index`-th step, after checking the menu offers `label`.
#[test]
fn queue_ticket_to_closed_case_in_the_real_binary() {
    if !tmux_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cmd = format!(
        "{BIN} --data {} --now 2026-09-01T09:00",
        dir.path().display()
    );
    let t = Tmux::app("life", &cmd);
    // Two tickets, the priority one second: it is called first.
    t.keys(&["F4"]);
    t.wait_for("现在没有人等候");
    t.keys(&["a"]);
    t.wait_for("已取号 A001");
    t.keys(&["v"]);
    t.wait_for("已取号 V001");
    t.keys(&["F5"]);
    t.wait_for("票号 V001");
    t.text("李秀英");
    // No ID card: through 身份证号, 性别, 出生日期, 年龄, 民族, 人数 to 联系电话.
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab"]);
    t.text("13800001234");
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    t.text("cxjs");
    t.wait_for("城乡建设");
    t.keys(&["Tab", "Tab"]);
    t.text("安置房逾期未交付，请求明确交房时间。");
    t.keys(&["C-s"]);
    t.wait_for("已保存：XF-2026-000001");
    t.pick_step(0, "不予受理（负责人）");
    t.keys(&["C-s"]);
    t.wait_for("已保存 受理");
    t.pick_step(0, "交办/转送");
    t.keys(&["Tab"]);
    t.text("区住建局");
    t.keys(&["C-s"]);
    t.wait_for("交办单第1号");
    t.pick_step(3, "申请延期");
    t.keys(&["Tab"]);
    t.text("需现场核查");
    t.keys(&["C-s"]);
    t.wait_for("已保存 申请延期");
    t.pick_step(3, "批准延期（负责人）");
    t.keys(&["C-s"]);
    t.wait_for("已保存 批准延期");
    t.pick_step(2, "处理意见");
    t.keys(&["C-s"]);
    t.wait_for("已保存 处理意见");
    t.pick_step(0, "意见送达");
    t.keys(&["C-s"]);
    t.wait_for("已保存 意见送达");
    t.pick_step(0, "评价");
    t.keys(&["C-s"]);
    t.wait_for("已保存 评价");
    t.pick_step(2, "办结");
    t.keys(&["C-s"]);
    t.wait_for("【已办结】");
    t.keys(&["F10"]);
    std::thread::sleep(Duration::from_millis(800));
    let json = export_json(dir.path());
    let c = &json.as_array().expect("array")[0];
    assert_eq!(c["status"], "已办结");
    assert_eq!(c["department"], "区住建局");
    assert_eq!(c["extended"], true);
    // Accepted 09-01: handling due 10-31 (Sat) → Mon 11-02; extended by 30 days → 12-02.
    assert_eq!(c["handle_due"], "2026-12-02");
    let what: Vec<&str> = c["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap())
        .collect();
    assert_eq!(
        what,
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
