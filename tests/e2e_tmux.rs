//! End to end: the real binary in a tmux pane, typed at like a clerk would (Chinese included),
//! then the case found again through `export`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");

fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(name: &str, cmd: &str) -> Self {
        let session = format!("ck-{}-{}", name, std::process::id());
        let ok = Command::new("tmux")
            .args([
                "-u",
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                "100",
                "-y",
                "30",
            ])
            .arg(format!(
                "env LANG=C.UTF-8 TERM=xterm-256color {cmd}; sleep 30"
            ))
            .status()
            .expect("tmux runs");
        assert!(ok.success(), "tmux new-session failed");
        Self { session }
    }

    fn keys(&self, keys: &[&str]) {
        let mut c = Command::new("tmux");
        c.args(["send-keys", "-t", &self.session]).args(keys);
        assert!(c.status().expect("send-keys").success());
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Types literal text (UTF-8) into the pane.
    fn text(&self, s: &str) {
        let mut c = Command::new("tmux");
        c.args(["send-keys", "-t", &self.session, "-l", s]);
        assert!(c.status().expect("send-keys").success());
        std::thread::sleep(Duration::from_millis(150));
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {needle:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

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
    if !have_tmux() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have tmux (.ci/run installs it)"
        );
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cmd = format!(
        "{BIN} --data {} --now 2026-02-05T10:00",
        dir.path().display()
    );
    let t = Tmux::start("reg", &cmd);
    // A fresh data directory offers demo data: decline.
    t.wait_for("演示数据");
    t.keys(&["n", "Enter"]);
    t.wait_for("今日登记");
    t.keys(&["F2"]);
    t.wait_for("新登记");
    t.text("张三丰");
    t.keys(&["Tab"]);
    t.text("11010519491231002X");
    t.wait_for("校验通过");
    // A valid ID filled 性别/出生日期/年龄, so Tab skips them: 8 more fields to 问题分类.
    for _ in 0..8 {
        t.keys(&["Tab"]);
    }
    t.text("ldsb");
    t.wait_for("劳动和社会保障");
    t.keys(&["Tab", "Tab"]);
    t.text("拖欠工资三个月，请求协调支付。");
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
