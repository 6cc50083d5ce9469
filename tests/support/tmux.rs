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
