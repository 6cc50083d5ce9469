//! Backups from the running app: Ctrl-B writes a verified backup at once, and an app left
//! open past midnight writes the next day's automatic backup on its slow tick.

mod support;

use chuangkou::backup;
use chuangkou::domain::clock::parse_now;
use ratatui::crossterm::event::KeyCode;
use support::Harness;

fn backups(h: &Harness) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(h.dir.path().join("backups"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn ctrl_b_writes_a_backup_that_verifies() {
    let mut h = Harness::new(80, 24, "2026-11-25T09:30");
    h.register("欧阳娜娜", "ldsb", "拖欠工资");
    h.press(KeyCode::Esc);
    assert!(backups(&h).is_empty());
    h.ctrl('b');
    let s = h.screen();
    assert!(s.contains("已备份：1 件案件"), "{s}");
    let names = backups(&h);
    assert_eq!(names, vec!["manual-20261125-093000.ckb".to_string()]);
    let summary = backup::verify(&h.dir.path().join("backups").join(&names[0])).unwrap();
    assert_eq!(summary.cases(), 1);
    // A second one the same minute gets its own name, never overwriting the first.
    h.ctrl('b');
    assert_eq!(backups(&h).len(), 2);
    // The help lists the key.
    h.press(KeyCode::F(1));
    assert!(h.screen().contains("立即备份全部数据"), "{}", h.screen());
}

#[test]
fn an_app_open_past_midnight_writes_the_daily_backup() {
    let mut h = Harness::new(80, 24, "2026-11-25T17:30");
    h.register("李四", "cxjs", "小区违建");
    h.app.tick();
    assert!(
        backups(&h).is_empty(),
        "the start of the day is the CLI's job"
    );
    h.clock.set(parse_now("2026-11-26T00:05").unwrap());
    h.app.tick();
    assert_eq!(backups(&h), vec!["chuangkou-2026-11-26.ckb".to_string()]);
    h.app.tick();
    assert_eq!(backups(&h).len(), 1, "once a day");
}
