//! Backup files (`.ckb`): one versioned, checksummed file holding every record of every
//! store tree and the data directory's configuration files.
//!
//! Layout (integers big-endian):
//!
//! ```text
//! "CHUANGKOU-BACKUP"            16 bytes, magic
//! format version                u32
//! created (YYYY-MM-DDTHH:MM:SS) u32 length + UTF-8
//! program version               u32 length + UTF-8
//! store layout version          u32
//! entries, each starting with a tag byte:
//!   1 = store record:  tree (u16 length + UTF-8), key (u32 length + bytes), value (u32 length + bytes)
//!   2 = file:          relative path (u16 length + UTF-8), content (u32 length + bytes)
//!   0 = end of entries
//! "CKB-END\0"                    8 bytes, end marker
//! entry count                   u64
//! file length                   u64 (the whole file)
//! SHA-256                       32 bytes, of every byte before it
//! ```
//!
//! Reading checks the magic, the format version, the end marker and the length, the checksum
//! and then every entry's structure, all before the caller writes anything.
//!
//! Nothing here knows sled: the store side is [`crate::store::Store::dump`] and
//! [`crate::store::Restore`]. Writing backup files and the daily backup are in `files`.

mod files;

pub use files::{
    backup_now, config_files, daily, daily_name, prune, restore_config_file, write_file,
};

use crate::config::Config;
use crate::store::StoreError;
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

pub const MAGIC: &[u8; 16] = b"CHUANGKOU-BACKUP";
/// Version of the backup layout written now.
pub const FORMAT_VERSION: u32 = 1;
const END_MARKER: &[u8; 8] = b"CKB-END\0";
/// End marker, entry count, file length, checksum.
const TRAILER_LEN: u64 = 8 + 8 + 8 + 32;
/// Magic and format version.
const HEAD_LEN: u64 = 16 + 4;
/// No single key, value or file in a backup is larger than this.
const MAX_ITEM: u32 = 256 * 1024 * 1024;
const TAG_END: u8 = 0;
const TAG_RECORD: u8 = 1;
const TAG_FILE: u8 = 2;
/// Subfolders of the data directory whose `.toml` files go into a backup with `config.toml`.
pub const CONFIG_DIRS: [&str; 2] = ["calendar", "policy"];
/// Name of the folder of automatic backups inside the data directory.
pub const BACKUP_DIR: &str = "backups";

/// What can go wrong with a backup, in words a clerk can act on.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("无法读写 {path}：{source}")]
    Io { path: String, source: io::Error },
    #[error("{path} 是空文件（0 字节），不是有效的备份。未写入任何数据。")]
    Empty { path: String },
    #[error("{path} 不是窗口程序的备份文件（开头标记不符）。未写入任何数据。")]
    NotBackup { path: String },
    #[error("备份文件 {path} 的格式版本 {found} 比本程序新（本程序支持到 {supported}）：请用更新版本的程序恢复。未写入任何数据。")]
    TooNew {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("备份文件 {path} 不完整：{detail}。文件可能在复制时被截断，请换用另一份备份。未写入任何数据。")]
    Truncated { path: String, detail: String },
    #[error("备份文件 {path} 已损坏：校验和不符，文件内容有字节被改动。请换用另一份备份。未写入任何数据。")]
    Checksum { path: String },
    #[error("备份文件 {path} 已损坏：{detail}。请换用另一份备份。未写入任何数据。")]
    Damaged { path: String, detail: String },
    #[error("备份由更新版本的程序制作（数据格式版本 {found}，本程序支持到 {supported}）：请升级程序后再恢复。未写入任何数据。")]
    StoreTooNew { found: u32, supported: u32 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn io_err(path: &Path) -> impl Fn(io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a backup file says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub format: u32,
    /// Local time the backup was made, `YYYY-MM-DDTHH:MM:SS`.
    pub created: String,
    pub program: String,
    pub store_version: u32,
}

/// A verified backup: its header and what it holds.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub header: Header,
    /// Records per store tree.
    pub trees: BTreeMap<String, u64>,
    /// Configuration files (relative paths).
    pub files: Vec<String>,
    pub bytes: u64,
    /// SHA-256 of the file body, in hex.
    pub checksum: String,
}

impl Summary {
    pub fn cases(&self) -> u64 {
        self.trees.get("cases").copied().unwrap_or(0)
    }
    pub fn records(&self) -> u64 {
        self.trees.values().sum()
    }
}

/// One entry of a backup, as read.
#[derive(Debug)]
pub enum Entry<'a> {
    Record {
        tree: &'a str,
        key: &'a [u8],
        value: &'a [u8],
    },
    File {
        path: &'a str,
        content: &'a [u8],
    },
}

/// Writes a backup to any byte sink, hashing as it goes.
pub struct Writer<W: Write> {
    out: W,
    hash: Sha256,
    len: u64,
    entries: u64,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, created: NaiveDateTime, store_version: u32) -> io::Result<Self> {
        let mut w = Self {
            out,
            hash: Sha256::new(),
            len: 0,
            entries: 0,
        };
        w.put(MAGIC)?;
        w.put(&FORMAT_VERSION.to_be_bytes())?;
        w.put_long(created.format("%Y-%m-%dT%H:%M:%S").to_string().as_bytes())?;
        w.put_long(env!("CARGO_PKG_VERSION").as_bytes())?;
        w.put(&store_version.to_be_bytes())?;
        Ok(w)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hash.update(bytes);
        self.len += bytes.len() as u64;
        self.out.write_all(bytes)
    }

    fn put_short(&mut self, bytes: &[u8]) -> io::Result<()> {
        let n = u16::try_from(bytes.len()).map_err(|_| too_big())?;
        self.put(&n.to_be_bytes())?;
        self.put(bytes)
    }

    fn put_long(&mut self, bytes: &[u8]) -> io::Result<()> {
        let n = u32::try_from(bytes.len())
            .ok()
            .filter(|n| *n <= MAX_ITEM)
            .ok_or_else(too_big)?;
        self.put(&n.to_be_bytes())?;
        self.put(bytes)
    }

    pub fn record(&mut self, tree: &str, key: &[u8], value: &[u8]) -> io::Result<()> {
        self.put(&[TAG_RECORD])?;
        self.put_short(tree.as_bytes())?;
        self.put_long(key)?;
        self.put_long(value)?;
        self.entries += 1;
        Ok(())
    }

    pub fn file(&mut self, path: &str, content: &[u8]) -> io::Result<()> {
        self.put(&[TAG_FILE])?;
        self.put_short(path.as_bytes())?;
        self.put_long(content)?;
        self.entries += 1;
        Ok(())
    }

    /// Writes the end marker, counts and checksum; returns the sink and the file length.
    pub fn finish(mut self) -> io::Result<(W, u64)> {
        self.put(&[TAG_END])?;
        self.put(END_MARKER)?;
        self.put(&self.entries.to_be_bytes())?;
        let total = self.len + 8 + 32;
        self.put(&total.to_be_bytes())?;
        let digest = self.hash.finalize_reset();
        self.out.write_all(&digest)?;
        self.out.flush()?;
        Ok((self.out, total))
    }
}

fn too_big() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "单条记录过大，无法写入备份")
}

/// Reads exactly `n` bytes, or reports the entry structure as damaged.
fn take(r: &mut impl Read, n: usize, buf: &mut Vec<u8>) -> Result<(), String> {
    buf.clear();
    // Grown as bytes arrive: a damaged length field must not allocate its full value up front.
    buf.try_reserve(n.min(1 << 20))
        .map_err(|_| "长度字段异常".to_string())?;
    r.take(n as u64)
        .read_to_end(buf)
        .map_err(|e| e.to_string())?;
    if buf.len() != n {
        return Err("条目在文件结尾前中断".into());
    }
    Ok(())
}

fn read_u8(r: &mut impl Read) -> Result<u8, String> {
    let mut b = [0u8; 1];
    r.read_exact(&mut b).map_err(|e| e.to_string())?;
    Ok(b[0])
}

fn read_u16(r: &mut impl Read) -> Result<u16, String> {
    let mut b = [0u8; 2];
    r.read_exact(&mut b).map_err(|e| e.to_string())?;
    Ok(u16::from_be_bytes(b))
}

fn read_u32(r: &mut impl Read) -> Result<u32, String> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b).map_err(|e| e.to_string())?;
    Ok(u32::from_be_bytes(b))
}

fn read_u64(r: &mut impl Read) -> Result<u64, String> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b).map_err(|e| e.to_string())?;
    Ok(u64::from_be_bytes(b))
}

fn read_long(r: &mut impl Read, buf: &mut Vec<u8>) -> Result<(), String> {
    let n = read_u32(r)?;
    if n > MAX_ITEM {
        return Err(format!("条目长度 {n} 字节超出上限"));
    }
    take(r, n as usize, buf)
}

fn read_text(r: &mut impl Read, short: bool) -> Result<String, String> {
    let mut buf = Vec::new();
    if short {
        let n = read_u16(r)?;
        take(r, n as usize, &mut buf)?;
    } else {
        read_long(r, &mut buf)?;
    }
    String::from_utf8(buf).map_err(|_| "文本字段不是 UTF-8".to_string())
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// Checks a backup file completely and reads what it holds, writing nothing anywhere.
pub fn verify(path: &Path) -> Result<Summary, BackupError> {
    read(path, &mut |_| Ok(()))
}

/// Checks a backup file completely (see [`verify`]), then hands every entry to `f` in file
/// order. The file is read twice; if it changed in between, the second pass fails at the end
/// with a checksum error, so a caller writing into a fresh place must drop it on any error.
pub fn read(
    path: &Path,
    f: &mut dyn FnMut(Entry<'_>) -> Result<(), BackupError>,
) -> Result<Summary, BackupError> {
    read_pass(path, &mut |_| Ok(()))?;
    read_pass(path, f)
}

fn read_pass(
    path: &Path,
    f: &mut dyn FnMut(Entry<'_>) -> Result<(), BackupError>,
) -> Result<Summary, BackupError> {
    let p = path.display().to_string();
    let io = io_err(path);
    let mut file = File::open(path).map_err(&io)?;
    let len = file.metadata().map_err(&io)?.len();
    if len == 0 {
        return Err(BackupError::Empty { path: p });
    }
    let mut head = [0u8; HEAD_LEN as usize];
    let got = file.read(&mut head).map_err(&io)?;
    let got = got
        + if got < head.len() {
            file.read(&mut head[got..]).map_err(&io)?
        } else {
            0
        };
    let magic_len = got.min(MAGIC.len());
    if head[..magic_len] != MAGIC[..magic_len] {
        return Err(BackupError::NotBackup { path: p });
    }
    if (got as u64) < HEAD_LEN {
        return Err(BackupError::Truncated {
            path: p,
            detail: format!("只有 {len} 字节，连文件头都不完整"),
        });
    }
    let mut vb = [0u8; 4];
    vb.copy_from_slice(&head[16..20]);
    let format = u32::from_be_bytes(vb);
    // The end marker, the recorded length and the checksum.
    if len < HEAD_LEN + 1 + TRAILER_LEN {
        return Err(truncated_or_new(p, format, format!("只有 {len} 字节")));
    }
    let mut trailer = [0u8; TRAILER_LEN as usize];
    file.seek(SeekFrom::Start(len - TRAILER_LEN)).map_err(&io)?;
    file.read_exact(&mut trailer).map_err(&io)?;
    if &trailer[..8] != END_MARKER {
        return Err(truncated_or_new(
            p,
            format,
            format!("缺少结尾标记（现有 {len} 字节）"),
        ));
    }
    let mut lb = [0u8; 8];
    lb.copy_from_slice(&trailer[16..24]);
    let recorded = u64::from_be_bytes(lb);
    if recorded != len {
        return Err(BackupError::Truncated {
            path: p,
            detail: format!("文件现有 {len} 字节，制作备份时为 {recorded} 字节"),
        });
    }
    let mut cb = [0u8; 8];
    cb.copy_from_slice(&trailer[8..16]);
    let count = u64::from_be_bytes(cb);
    let stored_hash = &trailer[24..];

    // Body: hash while parsing; nothing is handed to `f` before the checksum is known good,
    // so on the first pass `f` is a no-op and on the second the checksum was seen before.
    file.seek(SeekFrom::Start(0)).map_err(&io)?;
    let mut r = Hashing {
        inner: BufReader::with_capacity(1 << 16, file).take(len - 32),
        hash: Sha256::new(),
    };
    let parsed = parse_body(&mut r, count, f);
    // Read what parsing left (a damaged length may stop it early) so the hash is complete.
    io::copy(&mut r, &mut io::sink()).map_err(&io)?;
    let digest = r.hash.finalize();
    if digest.as_slice() != stored_hash {
        return Err(BackupError::Checksum { path: p });
    }
    // Judged after the checksum, so a flipped version byte reads as damage, not as "too new".
    if format == 0 {
        return Err(BackupError::Damaged {
            path: p,
            detail: "格式版本为 0".into(),
        });
    }
    if format > FORMAT_VERSION {
        return Err(BackupError::TooNew {
            path: p,
            found: format,
            supported: FORMAT_VERSION,
        });
    }
    let mut summary = match parsed {
        Ok(s) => s,
        Err(ParseError::Caller(e)) => return Err(e),
        Err(ParseError::Structure(detail)) => return Err(BackupError::Damaged { path: p, detail }),
    };
    if summary.header.store_version > crate::store::sled_store::STORE_VERSION {
        return Err(BackupError::StoreTooNew {
            found: summary.header.store_version,
            supported: crate::store::sled_store::STORE_VERSION,
        });
    }
    summary.bytes = len;
    summary.checksum = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(summary)
}

fn truncated_or_new(path: String, format: u32, detail: String) -> BackupError {
    if format > FORMAT_VERSION {
        BackupError::TooNew {
            path,
            found: format,
            supported: FORMAT_VERSION,
        }
    } else {
        BackupError::Truncated { path, detail }
    }
}

enum ParseError {
    Structure(String),
    Caller(BackupError),
}

impl From<String> for ParseError {
    fn from(s: String) -> Self {
        ParseError::Structure(s)
    }
}

fn parse_body(
    r: &mut impl Read,
    count: u64,
    f: &mut dyn FnMut(Entry<'_>) -> Result<(), BackupError>,
) -> Result<Summary, ParseError> {
    let mut skip = [0u8; HEAD_LEN as usize];
    r.read_exact(&mut skip).map_err(|e| e.to_string())?;
    let header = Header {
        format: u32::from_be_bytes([skip[16], skip[17], skip[18], skip[19]]),
        created: read_text(r, false)?,
        program: read_text(r, false)?,
        store_version: read_u32(r)?,
    };
    let mut summary = Summary {
        header,
        ..Default::default()
    };
    let (mut key, mut value) = (Vec::new(), Vec::new());
    let mut seen = 0u64;
    loop {
        match read_u8(r)? {
            TAG_END => break,
            TAG_RECORD => {
                let tree = read_text(r, true)?;
                read_long(r, &mut key)?;
                read_long(r, &mut value)?;
                f(Entry::Record {
                    tree: &tree,
                    key: &key,
                    value: &value,
                })
                .map_err(ParseError::Caller)?;
                *summary.trees.entry(tree).or_default() += 1;
            }
            TAG_FILE => {
                let path = read_text(r, true)?;
                read_long(r, &mut value)?;
                if !config_path_ok(&path) {
                    return Err(format!("文件名“{path}”不是配置文件").into());
                }
                f(Entry::File {
                    path: &path,
                    content: &value,
                })
                .map_err(ParseError::Caller)?;
                summary.files.push(path);
            }
            t => return Err(format!("未知的条目类型 {t}").into()),
        }
        seen += 1;
    }
    let mut marker = [0u8; 8];
    r.read_exact(&mut marker).map_err(|e| e.to_string())?;
    if &marker != END_MARKER || read_u64(r)? != count || seen != count {
        return Err(format!("条目数不符（结尾记录 {count} 条，实际 {seen} 条）").into());
    }
    Ok(summary)
}

/// A configuration file a backup may carry: `config.toml`, `calendar/*.toml`, `policy/*.toml`
/// (no other folder, no `..`), so a restore can only ever write those.
pub fn config_path_ok(path: &str) -> bool {
    if path == Config::FILE {
        return true;
    }
    match path.split_once('/') {
        Some((dir, name)) => {
            CONFIG_DIRS.contains(&dir)
                && name.ends_with(".toml")
                && !name.contains(['/', '\\'])
                && !name.starts_with('.')
        }
        None => false,
    }
}
