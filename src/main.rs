//! `chuangkou`: the petition reception counter. See `chuangkou --help`.

use chuangkou::cli;
use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
