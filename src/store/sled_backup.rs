//! Backup and restore of the sled store: every tree dumped record by record, and a restore
//! that fills a brand-new directory, flushes, and checks the result like `chuangkou check`.

use super::sled_active::ACTIVE_COMPLETE_KEY;
use super::sled_store::{db_err, SledStore, COUNT_KEY};
use super::{CheckReport, DumpSink, Restore, Result, Store, StoreError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

impl SledStore {
    /// Every record of every tree (see [`Store::dump`]) but derived data (the kept case count
    /// and the activity index): trees sorted
    /// by name, keys in order.
    /// One process holds a sled directory, so this is a consistent copy as long as the
    /// calling process is not writing meanwhile; sled iterators over several trees are not a
    /// snapshot.
    pub(super) fn dump_trees(&self, sink: &mut DumpSink<'_>) -> Result<()> {
        let mut names = self.db.tree_names();
        names.sort();
        for name in names {
            let label = std::str::from_utf8(&name)
                .map_err(|_| StoreError::Db(format!("数据库中有无法识别的表名 {name:?}")))?
                .to_string();
            if label == "idx_active" {
                continue; // derived: the restored store builds it on its first report
            }
            let tree = self.db.open_tree(&name).map_err(db_err)?;
            for item in tree.iter() {
                let (k, v) = item.map_err(db_err)?;
                if label == "meta" && [COUNT_KEY, ACTIVE_COMPLETE_KEY].contains(&k.as_ref()) {
                    continue; // derived: the restored store counts again
                }
                sink(&label, &k, &v)?;
            }
        }
        Ok(())
    }

    /// Starts a restore into `dir`, which must not exist or be an empty directory: a restore
    /// never writes over data. Write every record with [`Restore::put`], then
    /// [`Restore::finish`].
    pub fn begin_restore(dir: &Path, cache_bytes: u64) -> Result<SledRestore> {
        let dir_s = dir.display().to_string();
        let open_err = |reason: String| StoreError::Open {
            dir: dir_s.clone(),
            reason,
        };
        if dir.exists() {
            let mut entries = std::fs::read_dir(dir).map_err(|e| open_err(e.to_string()))?;
            if entries.next().is_some() {
                return Err(open_err("目录不是空的，恢复只能写入新的空目录".into()));
            }
        }
        std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        let db = sled::Config::new()
            .path(dir.join("db"))
            .cache_capacity(cache_bytes)
            .open()
            .map_err(|e| Self::open_error(dir, e))?;
        Ok(SledRestore {
            db,
            dir: dir.to_path_buf(),
            cache_bytes,
            trees: BTreeMap::new(),
            counts: BTreeMap::new(),
            pending: BTreeMap::new(),
        })
    }
}

/// A restore in progress into a new sled directory (see [`SledStore::begin_restore`]).
pub struct SledRestore {
    db: sled::Db,
    dir: PathBuf,
    cache_bytes: u64,
    trees: BTreeMap<String, sled::Tree>,
    counts: BTreeMap<String, u64>,
    /// Records not yet applied, per tree: batches are much faster than single inserts.
    pending: BTreeMap<String, (sled::Batch, usize)>,
}

/// Records per applied batch.
const BATCH: usize = 4096;

impl Restore for SledRestore {
    fn put(&mut self, tree: &str, key: &[u8], value: &[u8]) -> Result<()> {
        if !self.trees.contains_key(tree) {
            let t = self.db.open_tree(tree).map_err(db_err)?;
            self.trees.insert(tree.to_string(), t);
        }
        let t = self
            .trees
            .get(tree)
            .ok_or_else(|| StoreError::Db(format!("无法打开表 {tree}")))?;
        let batch = self.pending.entry(tree.to_string()).or_default();
        batch.0.insert(key, value);
        batch.1 += 1;
        if batch.1 >= BATCH {
            let (b, _) = std::mem::take(batch);
            t.apply_batch(b).map_err(db_err)?;
        }
        *self.counts.entry(tree.to_string()).or_default() += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<CheckReport> {
        let mut this = *self;
        for (name, (batch, _)) in std::mem::take(&mut this.pending) {
            if let Some(t) = this.trees.get(&name) {
                t.apply_batch(batch).map_err(db_err)?;
            }
        }
        this.db.flush().map_err(db_err)?;
        for (name, want) in &this.counts {
            let have = this.trees.get(name).map(|t| t.len() as u64).unwrap_or(0);
            if have != *want {
                return Err(StoreError::Db(format!(
                    "恢复后表 {name} 有 {have} 条记录，备份中有 {want} 条"
                )));
            }
        }
        let (dir, cache) = (this.dir, this.cache_bytes);
        drop(this.trees);
        drop(this.db);
        // Opened the normal way: the version record is checked and the owner file written.
        let store = SledStore::open(&dir, cache)?;
        let report = store.check()?;
        store.flush()?;
        Ok(report)
    }
}
