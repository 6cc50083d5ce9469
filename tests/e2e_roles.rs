//! End to end, as an office would work: two staff accounts on one counter PC. The clerk logs
//! in, registers and routes a case and asks for an extension, which only a head may grant;
//! the head logs in later, finds the case and approves it. The history names who did what.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;
use support::tmux::{tmux_or_skip, Tmux};

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");

fn add_user(dir: &std::path::Path, name: &str, role: &str, password: &str) {
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(dir)
        .args(["user", "add", name, "--role", role, "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn log_in(t: &Tmux, name: &str, password: &str) {
    t.wait_for("登录");
    t.text(name);
    t.keys(&["Tab"]);
    t.text(password);
    t.keys(&["Enter"]);
    t.wait_for("今日登记");
}

#[test]
fn clerk_and_head_each_do_their_part() {
    if !tmux_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "小王", "clerk", "xiaowang1");
    add_user(dir.path(), "李科长", "head", "likezhang1");
    let cmd = format!(
        "{BIN} --data {} --now 2026-09-01T09:00",
        dir.path().display()
    );

    let t = Tmux::start("clerk", &cmd);
    t.wait_for("演示数据");
    t.keys(&["n", "Enter"]);
    // A wrong password is refused.
    t.wait_for("登录");
    t.text("小王");
    t.keys(&["Tab"]);
    t.text("wrong");
    t.keys(&["Enter"]);
    t.wait_for("用户名或密码不正确");
    // The password field is cleared and keeps the focus: type it again.
    t.text("xiaowang1");
    t.keys(&["Enter"]);
    t.wait_for("今日登记");
    let screen = t.screen();
    assert!(screen.contains("小王"), "{screen}");
    t.keys(&["F2"]);
    t.wait_for("新登记");
    t.text("周建国");
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab"]);
    t.text("13900001111");
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    t.text("cxjs");
    t.wait_for("城乡建设");
    t.keys(&["Tab", "Tab"]);
    t.text("物业维修基金使用不公开。");
    t.keys(&["C-s"]);
    t.wait_for("已保存：XF-2026-000001");
    t.pick_step(0, "受理");
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
    // The clerk may not approve it.
    t.pick_step(3, "批准延期（负责人）");
    t.keys(&["C-s"]);
    t.wait_for("须由科长/负责人办理");
    t.keys(&["Escape"]);
    t.keys(&["F10"]);
    drop(t);
    std::thread::sleep(Duration::from_millis(800));

    // The head logs in, finds the case by its sequence number and approves.
    let t = Tmux::start("head", &cmd);
    log_in(&t, "李科长", "likezhang1");
    t.keys(&["F3"]);
    t.wait_for("查询");
    t.text("1");
    t.wait_for("周建国");
    t.keys(&["Enter"]);
    t.wait_for("案件详情");
    t.pick_step(3, "批准延期（负责人）");
    t.keys(&["C-s"]);
    t.wait_for("已保存 批准延期");
    t.keys(&["F10"]);
    drop(t);
    std::thread::sleep(Duration::from_millis(800));

    let out = Command::new(BIN)
        .arg("--data")
        .arg(dir.path())
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &json.as_array().unwrap()[0];
    let who: Vec<(String, String)> = c["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["what"].as_str().unwrap().to_string(),
                e["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let find = |what: &str| who.iter().find(|(w, _)| w == what).map(|(_, a)| a.as_str());
    assert_eq!(find("登记"), Some("小王"), "{who:?}");
    assert_eq!(find("申请延期"), Some("小王"), "{who:?}");
    assert_eq!(find("批准延期"), Some("李科长"), "{who:?}");
    assert_eq!(c["extended"], true);
}
