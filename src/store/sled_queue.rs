//! The queue in sled: one small record for today, one per finished day.

use super::codec::{decode_queue, encode_queue};
use super::sled_store::{db_err, SledStore};
use super::{QueueStore, Result, StoreError};
use crate::domain::queue::Queue;
use chrono::NaiveDate;

const CURRENT: &str = "current";

fn day_key(day: NaiveDate) -> String {
    format!("day:{}", day.format("%Y-%m-%d"))
}

fn decode(bytes: &[u8], what: &str) -> Result<Queue> {
    decode_queue(bytes).map_err(|e| StoreError::Decode {
        case: what.to_string(),
        reason: e.to_string(),
    })
}

impl QueueStore for SledStore {
    fn load_queue(&self) -> Result<Option<Queue>> {
        match self.queue.get(CURRENT).map_err(db_err)? {
            Some(v) => decode(&v, "排队叫号（当日）").map(Some),
            None => Ok(None),
        }
    }

    fn save_queue(&self, queue: &Queue) -> Result<()> {
        self.queue
            .insert(CURRENT, encode_queue(queue))
            .map_err(db_err)?;
        self.queue.flush().map_err(db_err)?;
        Ok(())
    }

    fn archive_queue(&self, queue: &Queue) -> Result<()> {
        self.queue
            .insert(day_key(queue.day), encode_queue(queue))
            .map_err(db_err)?;
        self.queue.flush().map_err(db_err)?;
        Ok(())
    }

    fn queue_of_day(&self, day: NaiveDate) -> Result<Option<Queue>> {
        if let Some(q) = self.load_queue()? {
            if q.day == day {
                return Ok(Some(q));
            }
        }
        match self.queue.get(day_key(day)).map_err(db_err)? {
            Some(v) => decode(&v, &format!("排队叫号（{day}）")).map(Some),
            None => Ok(None),
        }
    }
}
