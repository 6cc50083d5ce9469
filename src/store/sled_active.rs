//! The activity index of the sled store, for statistics: `idx_active` keys are the last day a
//! case counts in any report ([`last_counted_day`]; an open case under the greatest day),
//! then the case key. A monthly report reads the cases still open and those active since the
//! previous month began, not every case ever registered.
//!
//! Kept by every save like the other indexes. A store written before the index existed gets
//! it on its first report: that report reads every case anyway, and indexes them on the way;
//! `meta`'s `idx_active_complete` says the index can be trusted from then on. Neither is in
//! a backup: a restored store builds the index again.

use super::sled_store::{date_key, db_err, decode_at, SledStore};
use super::Result;
use crate::domain::case::Case;
use crate::domain::stats::last_counted_day;
use chrono::NaiveDate;

/// The key part of a case still open: after every date.
const OPEN: [u8; 4] = [0xFF; 4];
/// Meta key: present once every case is in `idx_active`.
pub(super) const ACTIVE_COMPLETE_KEY: &[u8] = b"idx_active_complete";
/// Index entries per applied batch while building.
const BATCH: usize = 4096;

/// The `idx_active` key of `case`.
pub(super) fn active_key(case: &Case) -> Vec<u8> {
    let mut k = match last_counted_day(case) {
        Some(d) => date_key(d).to_vec(),
        None => OPEN.to_vec(),
    };
    k.extend_from_slice(&case.no.key());
    k
}

impl SledStore {
    /// Whether `idx_active` holds every case (else it is built on first use).
    pub(super) fn active_index_complete(&self) -> Result<bool> {
        Ok(self
            .meta
            .get(ACTIVE_COMPLETE_KEY)
            .map_err(db_err)?
            .is_some())
    }

    /// A store without cases has a complete index: mark it, so it is never built.
    pub(super) fn mark_active_index_if_empty(&self) -> Result<()> {
        if self.cases.is_empty() && !self.active_index_complete()? {
            self.meta
                .insert(ACTIVE_COMPLETE_KEY, &[1])
                .map_err(db_err)?;
            self.db.flush().map_err(db_err)?;
        }
        Ok(())
    }

    /// [`Store::for_each_case_counted_since`](super::Store::for_each_case_counted_since):
    /// the cases whose index day is `since` or later, read in case-number order.
    pub(super) fn counted_since(
        &self,
        since: NaiveDate,
        f: &mut dyn FnMut(Result<Case>) -> bool,
    ) -> Result<()> {
        if !self.active_index_complete()? {
            return self.build_active_index(f);
        }
        let mut keys = Vec::new();
        for item in self.idx_active.range(date_key(since).to_vec()..) {
            let (k, _) = item.map_err(db_err)?;
            if let Some(case_key) = k.get(OPEN.len()..) {
                keys.push(sled::IVec::from(case_key));
            }
        }
        // Case-number order reads the cases tree front to back.
        keys.sort_unstable();
        for k in keys {
            // An entry without its case is reported by `check`; nothing to count here.
            let Some(v) = self.cases.get(&k).map_err(db_err)? else {
                continue;
            };
            if !f(decode_at(&k, &v)) {
                break;
            }
        }
        Ok(())
    }

    /// Passes every case to `f` (as `for_each_case`) and indexes each one on the way; marks
    /// the index complete when all were read and decoded.
    fn build_active_index(&self, f: &mut dyn FnMut(Result<Case>) -> bool) -> Result<()> {
        let mut batch = sled::Batch::default();
        let mut pending = 0;
        let mut complete = true;
        for item in self.cases.iter() {
            let (k, v) = item.map_err(db_err)?;
            let r = decode_at(&k, &v);
            match &r {
                Ok(case) => {
                    batch.insert(active_key(case), &[] as &[u8]);
                    pending += 1;
                }
                Err(_) => complete = false,
            }
            if pending == BATCH {
                self.idx_active
                    .apply_batch(std::mem::take(&mut batch))
                    .map_err(db_err)?;
                pending = 0;
            }
            if !f(r) {
                complete = false;
                break;
            }
        }
        self.idx_active.apply_batch(batch).map_err(db_err)?;
        if complete {
            // The entries before the mark: sled recovers writes in order.
            self.meta
                .insert(ACTIVE_COMPLETE_KEY, &[1])
                .map_err(db_err)?;
            self.db.flush().map_err(db_err)?;
        }
        Ok(())
    }
}
