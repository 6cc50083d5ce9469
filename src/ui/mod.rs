//! Terminal UI: the app state machine, screens, keymap, and the terminal loop.

pub mod app;
pub mod chrome;
pub mod keymap;
pub mod screens;
pub mod theme;
pub mod wall;
pub mod widgets;

use app::App;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use std::time::Duration;

/// Runs the app full screen until the clerk quits. Redraws on events, and once a minute for
/// the clock in the title.
pub fn run(mut app: App) -> anyhow::Result<()> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("需要在终端中运行（标准输出不是终端）；命令行功能见 chuangkou --help");
    }
    let mut terminal = ratatui::try_init().map_err(|e| anyhow::anyhow!("无法初始化终端：{e}"))?;
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let result = (|| -> anyhow::Result<()> {
        let size = terminal.size()?;
        app.resize(size.width, size.height);
        let tick = Duration::from_secs(30);
        let mut last_tick = std::time::Instant::now();
        let mut first_frame = true;
        app.defer_slow = true;
        // On a shared database: look for other counters' changes every second.
        let look = app.shared().then_some(Duration::from_secs(1));
        let mut last_look = std::time::Instant::now();
        while !app.quit {
            terminal.draw(|f| app.draw(f))?;
            if first_frame {
                // Once: a failed write is retried by the slow tick, not on every key.
                first_frame = false;
                app.publish_pending();
            }
            if app.run_deferred() {
                continue; // its result, drawn before the next key
            }
            // Block until an event arrives; wake every 30 s for the clock in the title and
            // the wall displays' heartbeat (also while the clerk is typing without pause).
            let mut wait = tick.saturating_sub(last_tick.elapsed());
            if let Some(look) = look {
                wait = wait.min(look.saturating_sub(last_look.elapsed()));
            }
            if event::poll(wait)? {
                app.handle_event(event::read()?);
            }
            if look.is_some_and(|l| last_look.elapsed() >= l) {
                app.poll_shared();
                last_look = std::time::Instant::now();
            }
            if last_tick.elapsed() >= tick {
                app.tick();
                last_tick = std::time::Instant::now();
            }
        }
        Ok(())
    })();
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}
