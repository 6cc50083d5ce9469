//! The shared PostgreSQL database from the command line: `chuangkou restore FILE --db URL`
//! (a backup into an empty database) and `chuangkou migrate --from sled --db URL` (a counter's
//! own sled database into an empty shared one).

use super::backup::{describe, print_check};
use crate::backup::{self, Entry};
use crate::config::Config;
use crate::store::pg::redact;
use crate::store::{PgStore, Restore, SledStore, Store};
use anyhow::anyhow;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// `chuangkou restore FILE --db URL`: the records go into the (empty) database, the
/// configuration files into the data directory where it has none of its own.
pub fn restore(dir: &Path, url: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let summary = backup::verify(file)?;
    println!(
        "备份文件 {} 完好：制作于 {}（程序版本 {}），{}。",
        file.display(),
        summary.header.created.replace('T', " "),
        summary.header.program,
        describe(&summary)
    );
    let mut target: Box<dyn Restore> = Box::new(PgStore::begin_restore(url)?);
    let mut kept = Vec::new();
    backup::read(file, &mut |entry| match entry {
        Entry::Record { tree, key, value } => Ok(target.put(tree, key, value)?),
        Entry::File { path, content } => {
            if dir.join(path).exists() {
                kept.push(path.to_string());
                return Ok(());
            }
            backup::restore_config_file(dir, path, content)
        }
    })?;
    let report = target.finish()?;
    println!(
        "已从备份恢复到数据库 {}，用时 {:.1} 秒。",
        redact(url),
        started.elapsed().as_secs_f64()
    );
    if !kept.is_empty() {
        println!(
            "数据目录 {} 中已有的配置文件未改动：{}",
            dir.display(),
            kept.join("、")
        );
    }
    Ok(print_check(&report))
}

/// `chuangkou migrate --from sled --db URL`: copies the data directory's own database into an
/// empty PostgreSQL database. The sled database is left as it was.
pub fn migrate_from_sled(dir: &Path, url: &str) -> anyhow::Result<ExitCode> {
    if !dir.join("db").join("db").is_file() {
        return Err(anyhow!(
            "数据目录 {} 中没有本机数据库（缺少 db/db 文件），没有可迁移的数据。请确认 --data 指向正确的目录。",
            dir.display()
        ));
    }
    let started = Instant::now();
    let cache = Config::load(dir)
        .map(|c| c.cache_bytes())
        .unwrap_or_else(|_| Config::default().cache_bytes());
    let source = SledStore::open(dir, cache)?;
    let mut target: Box<dyn Restore> = Box::new(PgStore::begin_restore(url)?);
    source.dump(&mut |tree, key, value| target.put(tree, key, value))?;
    let cases = source.count()?;
    drop(source);
    let report = target.finish()?;
    println!(
        "已把数据目录 {} 中的 {cases} 件案件及计数器、排队、账号迁移到数据库 {}，用时 {:.1} 秒。原数据目录中的数据库保留未动。",
        dir.display(),
        redact(url),
        started.elapsed().as_secs_f64()
    );
    println!(
        "今后各窗口请以 --db {} 启动，或在 config.toml 中设置 database_url。",
        redact(url)
    );
    Ok(print_check(&report))
}
