//! A real terminal for end-to-end tests: the binary runs in a detached tmux session,
//! keys are sent with `send-keys` and the screen is read with `capture-pane`.

use std::process::Command;
use std::time::{Duration, Instant};

pub fn have_tmux() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// True when tmux is here. Without it an end-to-end test is skipped with a printed reason,
/// except under CI, which must have it (`.ci/run` installs it).
pub fn tmux_or_skip() -> bool {
    if have_tmux() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have tmux (.ci/run installs it)"
    );
    eprintln!("SKIPPED: tmux is not installed");
    false
}

pub struct Tmux {
    pub session: String,
}

impl Tmux {
    pub fn start(name: &str, cmd: &str) -> Self {
        Self::start_sized(name, cmd, 100, 30)
    }

    pub fn start_sized(name: &str, cmd: &str, w: u16, h: u16) -> Self {
        let session = format!("ck-{}-{}", name, std::process::id());
        let ok = Command::new("tmux")
            .args([
                "-u",
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .arg(format!(
                "env LANG=C.UTF-8 TERM=xterm-256color {cmd}; sleep 30"
            ))
            .status()
            .expect("tmux runs");
        assert!(ok.success(), "tmux new-session failed");
        Self { session }
    }

    /// Starts the app on a fresh data directory, declines the demo data and waits for the
    /// main screen.
    pub fn app(name: &str, cmd: &str) -> Self {
        let t = Self::start(name, cmd);
        t.wait_for("演示数据");
        t.keys(&["n", "Enter"]);
        t.wait_for("今日登记");
        t
    }

    /// Fills the open registration form (cursor in 姓名): name, a valid ID number (which
    /// fills 性别/出生日期/年龄, so Tab skips them: 8 fields on to 问题分类), the category by
    /// its pinyin initials (`ldsb`) until `category` shows, and the matter. Does not save.
    pub fn fill_registration(
        &self,
        name: &str,
        id: &str,
        initials: &str,
        category: &str,
        matter: &str,
    ) {
        self.text(name);
        self.keys(&["Tab"]);
        self.text(id);
        self.wait_for("校验通过");
        for _ in 0..8 {
            self.keys(&["Tab"]);
        }
        self.text(initials);
        self.wait_for(category);
        self.keys(&["Tab", "Tab"]);
        self.text(matter);
    }

    /// In a case view: F8, down to the `index`th step once `label` shows, Enter.
    pub fn pick_step(&self, index: usize, label: &str) {
        self.keys(&["F8"]);
        self.wait_for(label);
        for _ in 0..index {
            self.keys(&["Down"]);
        }
        self.keys(&["Enter"]);
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut c = Command::new("tmux");
        c.args(["send-keys", "-t", &self.session]).args(keys);
        assert!(c.status().expect("send-keys").success());
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Types literal text (UTF-8) into the pane.
    pub fn text(&self, s: &str) {
        let mut c = Command::new("tmux");
        c.args(["send-keys", "-t", &self.session, "-l", s]);
        assert!(c.status().expect("send-keys").success());
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn wait_for(&self, needle: &str) -> String {
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
