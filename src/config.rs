//! Office configuration (`config.toml` in the data directory) and the data-directory choice.

use crate::domain::queue::QueueConfig;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What an office sets once. Every field has a sensible default, so a missing or partial
/// file still starts the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// 单位名称, printed on notices and shown in the title.
    pub unit_name: String,
    pub unit_address: String,
    pub unit_phone: String,
    /// Case-number prefix: `XF` gives `XF-2026-000123`.
    pub case_prefix: String,
    /// The clerk name used until staff accounts exist.
    pub default_clerk: String,
    /// Id of the deadline policy new cases are registered under.
    pub policy: String,
    /// "Due soon" means within this many working days.
    pub due_soon_days: u32,
    /// sled page cache in MiB (memory stays small on old PCs).
    pub cache_mib: u64,
    /// This counter's name as announced by the call display (叫号屏): 请 A001 到 1号窗口.
    pub counter_name: String,
    /// Command that prints a notice's text file (e.g. `lp`); empty = only write the files.
    pub print_command: String,
    /// Ticket kinds (letters, names, order, daily caps) and the representative limit.
    pub queue: QueueConfig,
    /// The wall board says its data is not live when the app has not written for this long.
    pub board_stale_minutes: u32,
    /// Seconds each page of the wall board stays before the next one.
    pub board_page_seconds: u32,
    /// The call display rings the terminal bell on each new call.
    pub call_bell: bool,
    /// How many daily automatic backups (`backups/chuangkou-YYYY-MM-DD.ckb`) to keep (at least 1).
    pub backup_keep: usize,
    /// The office's own keys: action name → key (`call_next = "F12"`); see `ui::keymap`.
    pub keys: std::collections::BTreeMap<String, String>,
    /// PostgreSQL database shared by several counters (`postgres://user@host/db`); empty =
    /// the embedded sled database in the data directory. `--db` / `CHUANGKOU_DB` override it.
    pub database_url: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            unit_name: "信访接待窗口".into(),
            unit_address: String::new(),
            unit_phone: String::new(),
            case_prefix: "XF".into(),
            default_clerk: "接待员".into(),
            policy: "national-2022".into(),
            due_soon_days: 3,
            cache_mib: 8,
            counter_name: "1号窗口".into(),
            print_command: String::new(),
            queue: QueueConfig::default(),
            board_stale_minutes: 5,
            board_page_seconds: 8,
            call_bell: false,
            backup_keep: 30,
            keys: Default::default(),
            database_url: String::new(),
        }
    }
}

impl Config {
    pub const FILE: &'static str = "config.toml";

    /// Reads `config.toml` from the data directory; a missing file gives the defaults.
    pub fn load(data_dir: &Path) -> Result<Self, String> {
        let path = data_dir.join(Self::FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| format!("配置文件 {} 有误：{}", path.display(), e.message())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("无法读取配置文件 {}：{e}", path.display())),
        }
    }

    pub fn cache_bytes(&self) -> u64 {
        self.cache_mib.clamp(1, 4096) * 1024 * 1024
    }
}

/// `--data DIR`, else `CHUANGKOU_DATA`, else the platform data directory
/// (e.g. `~/.local/share/chuangkou` on Linux, `%APPDATA%\chuangkou\data` on Windows).
pub fn data_dir(arg: Option<&Path>) -> PathBuf {
    if let Some(p) = arg {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("CHUANGKOU_DATA").filter(|v| !v.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("", "", "chuangkou")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("chuangkou-data"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample `config.toml` blocks in the README are valid configurations (docs cannot
    /// drift): every key is known and the `[keys]` example applies.
    #[test]
    fn readme_samples_parse() {
        let readme = include_str!("../README.md");
        let known: toml::Table =
            toml::from_str(&toml::to_string(&Config::default()).unwrap()).unwrap();
        let blocks: Vec<&str> = readme
            .split("```toml\n")
            .skip(1)
            .filter_map(|b| b.split("```").next())
            .collect();
        assert_eq!(blocks.len(), 2, "the keys sample and the settings sample");
        for block in &blocks {
            let c: Config = toml::from_str(block).unwrap();
            // serde would silently ignore a misspelt key.
            let sample: toml::Table = toml::from_str(block).unwrap();
            for key in sample.keys() {
                assert!(known.contains_key(key), "unknown key {key} in the README");
            }
            let keymap = crate::ui::keymap::Keymap::customized(&c.keys);
            assert!(keymap.is_ok(), "{keymap:?}");
        }
        let c: Config = toml::from_str(blocks[1]).unwrap();
        assert_eq!(c.case_prefix, "XF");
        assert_eq!(c.backup_keep, 30);
        let k: Config = toml::from_str(blocks[0]).unwrap();
        assert_eq!(k.keys.get("call_next").map(String::as_str), Some("F12"));
    }

    #[test]
    fn partial_file_keeps_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(Config::FILE),
            "unit_name = \"某区信访局\"\n",
        )
        .unwrap();
        let c = Config::load(dir.path()).unwrap();
        assert_eq!(c.unit_name, "某区信访局");
        assert_eq!(c.case_prefix, "XF");
    }

    #[test]
    fn bad_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(Config::FILE), "due_soon_days = \"x\"").unwrap();
        let e = Config::load(dir.path()).unwrap_err();
        assert!(e.contains("配置文件"), "{e}");
    }
}
