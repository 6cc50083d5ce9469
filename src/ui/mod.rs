//! Terminal UI: the app state machine, screens, keymap, and the terminal loop.

pub mod app;
pub mod chrome;
pub mod keymap;
pub mod screens;
pub mod theme;
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
        while !app.quit {
            terminal.draw(|f| app.draw(f))?;
            // Block until an event arrives; wake every 30 s only for the clock in the title.
            if event::poll(Duration::from_secs(30))? {
                app.handle_event(event::read()?);
            } else {
                app.tick();
            }
        }
        Ok(())
    })();
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}
