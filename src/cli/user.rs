//! `chuangkou user add|list|disable`: staff accounts. Passwords are read without echo on a
//! terminal, or one line from standard input (`--password-stdin`, for scripts and tests).

use super::Opened;
use crate::domain::account::Account;
use crate::domain::life::Role;
use anyhow::{anyhow, bail};
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};
use ratatui::crossterm::terminal;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Create an account (or reset its password and roles).
    #[command(about = "新建账号（或重设密码和角色）")]
    Add {
        #[arg(value_name = "姓名")]
        name: String,
        /// clerk (登记员), head (负责人), admin (管理员); repeat for several.
        #[arg(
            long = "role",
            required = true,
            value_name = "角色",
            help = "clerk（登记员）、head（负责人）、admin（管理员）；多个角色重复写 --role"
        )]
        roles: Vec<String>,
        /// Read the password as one line from standard input.
        #[arg(long, help = "从标准输入读取一行作为密码（用于脚本）")]
        password_stdin: bool,
    },
    /// List accounts and their roles.
    #[command(about = "列出账号和角色")]
    List,
    /// Disable an account (it is kept: history names it).
    #[command(about = "停用账号（账号保留，办理记录仍署其名）")]
    Disable {
        #[arg(value_name = "姓名")]
        name: String,
    },
}

fn read_hidden(prompt: &str) -> anyhow::Result<String> {
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    terminal::enable_raw_mode()?;
    let mut s = String::new();
    let result = loop {
        match event::read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err(anyhow!("已取消")),
                KeyCode::Backspace => {
                    s.pop();
                }
                KeyCode::Char(c) => s.push(c),
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e.into()),
        }
    };
    let _ = terminal::disable_raw_mode();
    eprintln!();
    result.map(|_| s)
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let a = read_hidden("密码：")?;
    let b = read_hidden("再输一次：")?;
    if a != b {
        bail!("两次输入的密码不一致");
    }
    Ok(a)
}

pub fn run(o: &Opened, cmd: UserCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        UserCommand::Add {
            name,
            roles,
            password_stdin,
        } => {
            let roles = roles
                .iter()
                .map(|r| {
                    Role::parse(r).ok_or_else(|| anyhow!("角色“{r}”无效：可用 clerk、head、admin"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let password = read_password(password_stdin)?;
            let account = Account::new(&name, roles, &password, o.clock.now())?;
            o.store.save_account(&account)?;
            let roles: Vec<&str> = account.roles.iter().map(|r| r.label()).collect();
            println!(
                "已保存账户 {}（{}）。此后启动程序需要登录。",
                account.name,
                roles.join("、")
            );
        }
        UserCommand::List => {
            let all = o.store.accounts()?;
            if all.is_empty() {
                println!("还没有账户：程序以默认接待员身份运行（拥有全部权限）。");
            }
            for a in all {
                let roles: Vec<&str> = a.roles.iter().map(|r| r.label()).collect();
                let state = if a.active { "" } else { "（已停用）" };
                println!("{}\t{}{state}", a.name, roles.join("、"));
            }
        }
        UserCommand::Disable { name } => {
            let mut a = o
                .store
                .accounts()?
                .into_iter()
                .find(|a| a.name == name)
                .ok_or_else(|| anyhow!("没有账户“{name}”"))?;
            a.active = false;
            o.store.save_account(&a)?;
            println!("账户 {name} 已停用。");
        }
    }
    let _ = o.store.flush();
    Ok(ExitCode::SUCCESS)
}
