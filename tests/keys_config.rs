//! The office's own keys from `config.toml`: a good `[keys]` table changes what the keys do,
//! the key bar and the F1 help together; a bad one stops the program at start with every
//! problem named, before the screen is taken over.

mod support;

use chuangkou::ui::keymap::Keymap;
use ratatui::crossterm::event::KeyCode;
use std::collections::BTreeMap;
use support::Harness;

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");

#[test]
fn rebound_keys_drive_the_app_its_bar_and_its_help() {
    let mut h = Harness::new(100, 30, "2026-11-25T09:30");
    let keys: BTreeMap<String, String> = [("new_case", "Ctrl-N"), ("case_list", "F12")]
        .into_iter()
        .map(|(a, k)| (a.to_string(), k.to_string()))
        .collect();
    h.app.env.keymap = Keymap::customized(&keys).unwrap();
    let s = h.screen();
    assert!(s.contains("Ctrl-N登记") && s.contains("F12查询"), "{s}");
    assert!(!s.contains("F2登记"), "{s}");
    h.press(KeyCode::F(2));
    assert!(!h.screen().contains("新登记"), "F2 no longer registers");
    h.ctrl('n');
    assert!(h.screen().contains("新登记"), "{}", h.screen());
    h.press(KeyCode::Esc).press(KeyCode::F(1));
    let s = h.screen();
    assert!(s.contains("Ctrl-N 新建来访登记"), "{s}");
}

#[test]
fn a_bad_keys_table_stops_the_program_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "[keys]\ncall_nxt = \"F12\"\nnew_case = \"F8\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(BIN)
        .args(["--data", &dir.path().display().to_string()])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("按键设置有误，程序未启动"), "{err}");
    assert!(err.contains("“call_nxt”不是操作名"), "{err}");
    assert!(
        err.contains("按键 F8 在“案件详情”中同时用于“登记”和“办理”"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
