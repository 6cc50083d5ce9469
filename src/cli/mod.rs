//! Command-line entry: starting the app and the subcommands (demo, import, export, check,
//! backup, restore).

pub mod backup;
pub mod board;
pub mod demo;
pub mod export;
pub mod import;
pub mod report;
pub mod shared_db;
pub mod stress;
pub mod user;

use crate::config::{self, Config};
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock::{parse_now, Clock, FixedClock, SystemClock};
use crate::domain::policy::Policy;
use crate::store::{PgStore, SledStore, Store};
use crate::ui::app::{App, Env};
use crate::ui::keymap::Keymap;
use anyhow::{anyhow, Context as _};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "chuangkou",
    version,
    about = "信访接待窗口：登记、查重、期限、叫号"
)]
pub struct Args {
    /// Data directory (else CHUANGKOU_DATA, else the platform data directory).
    #[arg(
        long,
        global = true,
        value_name = "目录",
        help = "数据目录（未指定时用环境变量 CHUANGKOU_DATA，再不然用系统默认位置）"
    )]
    pub data: Option<PathBuf>,
    /// PostgreSQL database shared by several counters (else CHUANGKOU_DB, else
    /// `database_url` in config.toml, else the data directory's own database).
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "CHUANGKOU_DB",
        help = "多个窗口共用的 PostgreSQL 数据库，如 postgres://用户@主机/库名（未指定时用环境变量 CHUANGKOU_DB，再不然用 config.toml 的 database_url，都没有则用数据目录中的本机数据库）"
    )]
    pub db: Option<String>,
    /// Pretend the current time is this (YYYY-MM-DD[THH:MM]); for training and tests.
    #[arg(
        long,
        global = true,
        value_name = "TIME",
        env = "CHUANGKOU_NOW",
        hide = true
    )]
    pub now: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the data directory with realistic demo cases.
    #[command(about = "生成演示数据（供培训和试用）")]
    Demo {
        #[arg(
            long,
            default_value_t = 200,
            value_name = "件数",
            help = "生成多少件案件"
        )]
        cases: u32,
        #[arg(
            long,
            default_value_t = 2026,
            help = "随机种子（相同种子生成相同数据）"
        )]
        seed: u64,
    },
    /// Staff accounts (once one exists, the app starts at a login screen).
    #[command(
        subcommand,
        about = "工作人员账号（建立第一个账号后，程序启动时要求登录）"
    )]
    User(user::UserCommand),
    /// Import the ledger: an Excel workbook (.xlsx) or CSV (UTF-8 with or without BOM, or GBK).
    #[command(
        about = "导入台账：Excel 工作簿（.xlsx）或 CSV（UTF-8 或 GBK）；有错行时一行也不导入"
    )]
    Import {
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
    /// Export every case as JSON, CSV or the Excel ledger (xlsx, needs --out).
    #[command(about = "导出全部案件：json、csv 或 Excel 台账（xlsx，须指定 --out）")]
    Export {
        #[arg(long, value_enum, default_value_t = export::Format::Json, help = "格式")]
        format: export::Format,
        #[arg(long, value_name = "文件", help = "输出文件（不指定则输出到屏幕）")]
        out: Option<PathBuf>,
    },
    /// A period's statistics (definitions in docs/统计口径.md).
    #[command(about = "统计报表：某一期间的批次人次、分类表和各项比率（口径见 docs/统计口径.md）")]
    Report {
        #[arg(
            long,
            value_name = "期间",
            help = "统计期间：2026-W47（周）、2026-11（月）、2026-Q3（季度）、2026-H2（半年）、2026（年）或 2026-11-01..2026-11-30"
        )]
        period: String,
        #[arg(
            long,
            value_enum,
            default_value_t = crate::report::ReportFormat::Txt,
            help = "格式：txt 文本（默认，输出到屏幕）、csv、xlsx（Excel，须指定 --out）"
        )]
        format: crate::report::ReportFormat,
        #[arg(long, value_name = "文件", help = "输出文件（不指定则输出到屏幕）")]
        out: Option<PathBuf>,
        #[arg(
            long,
            value_enum,
            default_value_t = crate::report::Encoding::Utf8,
            help = "文本与 CSV 的编码：utf8（CSV 带 BOM）或 gbk（旧版 Excel）"
        )]
        encoding: crate::report::Encoding,
        #[arg(
            long,
            default_value_t = 5,
            value_name = "人数",
            help = "人数达到此数即计为集体访"
        )]
        collective_min: u32,
    },
    /// Check that every record decodes and every index agrees.
    #[command(about = "检查数据：每条记录可读、每个索引一致")]
    Check,
    /// Every key of every screen with the action's name for `[keys]` in config.toml.
    #[command(about = "列出各屏幕的按键、操作名和说明（在 config.toml 的 [keys] 中用操作名改键）")]
    Keys,
    /// The wall displays: the overdue board, or with --queue the waiting hall's call display.
    /// They read the snapshot the app writes and run beside it.
    #[command(about = "墙上大屏：超期督办看板；加 --queue 为候访区叫号屏（与窗口程序同时运行）")]
    Board {
        /// Show the call display (叫号屏) instead of the overdue board.
        #[arg(long, help = "显示叫号屏而不是督办看板")]
        queue: bool,
    },
    /// Write a checksummed backup file of all data and the configuration.
    #[command(about = "备份全部数据和设置到一个带校验的文件")]
    Backup {
        #[arg(value_name = "备份文件")]
        file: PathBuf,
    },
    /// Restore a backup into a new data directory (--data DIR); --force moves existing data aside.
    #[command(
        about = "从备份恢复到数据目录（--data）；目录已有数据时须加 --force，原数据改名保留"
    )]
    Restore {
        #[arg(value_name = "备份文件")]
        file: PathBuf,
        #[arg(long, help = "以备份取代现有数据（现有目录改名保留，不删除）")]
        force: bool,
    },
    /// Copy the data directory's own database into an empty PostgreSQL database (--db).
    #[command(
        about = "把数据目录中的本机数据库迁移到一个空的 PostgreSQL 数据库（须指定 --db）；原数据保留不动"
    )]
    Migrate {
        #[arg(long, value_enum, default_value_t = MigrateFrom::Sled, help = "迁移来源：sled（数据目录中的本机数据库）")]
        from: MigrateFrom,
    },
    /// Save cases one by one, printing each after it is durable (crash-safety tests).
    #[command(hide = true)]
    StressSave {
        #[arg(long, default_value_t = 1000)]
        count: u32,
        #[arg(long, default_value = "0")]
        tag: String,
    },
}

/// Where `chuangkou migrate` copies from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MigrateFrom {
    /// The data directory's own (sled) database.
    Sled,
}

/// Everything a command needs, opened from the data directory (and the shared database when
/// one is configured).
pub struct Opened {
    pub store: Box<dyn Store>,
    pub config: Config,
    pub calendar: WorkCalendar,
    pub policy: Policy,
    pub clock: Arc<dyn Clock>,
    pub dir: PathBuf,
}

pub fn clock_from(now: Option<&str>) -> anyhow::Result<Arc<dyn Clock>> {
    match now {
        Some(s) if !s.trim().is_empty() => {
            let t =
                parse_now(s).ok_or_else(|| anyhow!("时间“{s}”无效，格式如 2026-11-25T09:30"))?;
            Ok(Arc::new(FixedClock::new(t)))
        }
        _ => Ok(Arc::new(SystemClock)),
    }
}

/// The PostgreSQL URL in effect: `--db` / `CHUANGKOU_DB`, else `database_url` of the config;
/// `None` for the data directory's sled database.
pub fn database_url(arg: Option<&str>, config: &Config) -> Option<String> {
    [arg.unwrap_or(""), config.database_url.as_str()]
        .into_iter()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .map(str::to_string)
}

pub fn open(dir: &Path, now: Option<&str>, db: Option<&str>) -> anyhow::Result<Opened> {
    let config = Config::load(dir).map_err(|e| anyhow!(e))?;
    let calendar = WorkCalendar::load_dir(&dir.join("calendar")).map_err(|e| anyhow!("{e}"))?;
    let policies = Policy::load_dir(&dir.join("policy")).map_err(|e| anyhow!("{e}"))?;
    let policy = policies
        .into_iter()
        .find(|p| p.id == config.policy)
        .ok_or_else(|| anyhow!("配置的期限政策“{}”不存在（见 policy 目录）", config.policy))?;
    let store: Box<dyn Store> = match database_url(db, &config) {
        Some(url) => Box::new(PgStore::connect(&url)?),
        None => Box::new(SledStore::open(dir, config.cache_bytes())?),
    };
    Ok(Opened {
        store,
        config,
        calendar,
        policy,
        clock: clock_from(now)?,
        dir: dir.to_path_buf(),
    })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let dir = config::data_dir(args.data.as_deref());
    let now = args.now.as_deref();
    let db = args.db.as_deref();
    match args.command {
        None => run_app(&dir, now, db),
        Some(Command::Demo { cases, seed }) => {
            let o = open(&dir, now, db)?;
            let n = demo::generate(&o, cases, seed)?;
            println!("已生成演示案件 {n} 件，数据目录：{}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import { file }) => {
            let o = open(&dir, now, db)?;
            import::run(&o, &file)
        }
        Some(Command::Export { format, out }) => {
            let o = open(&dir, now, db)?;
            export::run(&o, format, out.as_deref())
        }
        Some(Command::Report {
            period,
            format,
            out,
            encoding,
            collective_min,
        }) => {
            // A bad period is refused before the data directory is touched.
            let period = crate::domain::stats::Period::parse(&period)?;
            let o = open(&dir, now, db)?;
            let req = report::Request {
                period,
                format,
                out: out.as_deref(),
                encoding,
                opts: crate::domain::stats::Options {
                    collective_min: collective_min.max(1),
                },
            };
            report::run(&o, req)
        }
        Some(Command::User(cmd)) => {
            let o = open(&dir, now, db)?;
            user::run(&o, cmd)
        }
        Some(Command::StressSave { count, tag }) => {
            let o = open(&dir, now, db)?;
            stress::run(&o, count, &tag)
        }
        Some(Command::Board { queue }) => board::run(&dir, now, db, queue),
        Some(Command::Keys) => {
            let config = Config::load(&dir).map_err(|e| anyhow!(e))?;
            let keymap = Keymap::customized(&config.keys)
                .map_err(|errors| anyhow!("按键设置有误：\n  {}", errors.join("\n  ")))?;
            print!("{}", keymap.listing());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check) => {
            // `check` must not create a database where there is none.
            let shared = database_url(db, &Config::load(&dir).unwrap_or_default());
            if shared.is_none() && !dir.join("db").join("db").is_file() {
                return Err(anyhow!(
                    "数据目录 {} 中没有数据库（缺少 db/db 文件）。请确认 --data 指向正确的目录；如数据已丢失，可用 `chuangkou restore 备份文件 --data 该目录` 从备份恢复。",
                    dir.display()
                ));
            }
            let o = open(&dir, now, db)?;
            // Damage found while reading: name the directory in the message.
            let r = o.store.check().map_err(|e| match e {
                crate::store::StoreError::Corrupt { detail, .. } => {
                    crate::store::StoreError::Corrupt {
                        dir: dir.display().to_string(),
                        detail,
                    }
                }
                e => e,
            })?;
            Ok(backup::print_check(&r))
        }
        Some(Command::Backup { file }) => {
            let shared = database_url(db, &Config::load(&dir).unwrap_or_default());
            backup::run_backup(&dir, shared.as_deref(), &file, clock_from(now)?.now())
        }
        Some(Command::Restore { file, force }) => {
            // Only an explicit --db / CHUANGKOU_DB: the target directory's config may not exist.
            match db.map(str::trim).filter(|u| !u.is_empty()) {
                Some(url) => shared_db::restore(&dir, url, &file),
                None => backup::run_restore(&dir, &file, force, clock_from(now)?.now()),
            }
        }
        Some(Command::Migrate {
            from: MigrateFrom::Sled,
        }) => {
            let config = Config::load(&dir).map_err(|e| anyhow!(e))?;
            let url = database_url(db, &config).ok_or_else(|| {
                anyhow!(
                    "请用 --db postgres://用户@主机/库名 指定迁移到的数据库（须是新建的空数据库）"
                )
            })?;
            shared_db::migrate_from_sled(&dir, &url)
        }
    }
}

fn run_app(dir: &Path, now: Option<&str>, db: Option<&str>) -> anyhow::Result<ExitCode> {
    let o = open(dir, now, db).with_context(|| format!("数据目录 {}", dir.display()))?;
    let keymap = Keymap::customized(&o.config.keys).map_err(|errors| {
        anyhow!(
            "{} 中的按键设置有误，程序未启动：\n  {}",
            dir.join(Config::FILE).display(),
            errors.join("\n  ")
        )
    })?;
    backup::at_start(&o);
    if o.store.count()? == 0 && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        print!(
            "数据目录 {} 还没有案件。生成 200 件演示数据以便熟悉操作吗？[y/N] ",
            dir.display()
        );
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_ok()
            && matches!(answer.trim(), "y" | "Y" | "是" | "yes")
        {
            let n = demo::generate(&o, 200, 2026)?;
            println!("已生成 {n} 件演示案件。");
        }
    }
    let env = Env {
        store: o.store,
        clock: o.clock,
        calendar: o.calendar,
        policy: o.policy,
        config: o.config,
        keymap,
        data_dir: o.dir.clone(),
    };
    crate::ui::run(App::new(env))?;
    Ok(ExitCode::SUCCESS)
}
