//! Staff accounts in sled: one record per name.

use super::codec::{decode_account, encode_account};
use super::sled_store::{db_err, SledStore};
use super::{AccountStore, Result, StoreError};
use crate::domain::account::Account;

impl AccountStore for SledStore {
    fn accounts(&self) -> Result<Vec<Account>> {
        let mut out = Vec::new();
        for item in self.accounts.iter() {
            let (k, v) = item.map_err(db_err)?;
            let a = decode_account(&v).map_err(|e| StoreError::Decode {
                case: format!("账户 {}", String::from_utf8_lossy(&k)),
                reason: e.to_string(),
            })?;
            out.push(a);
        }
        Ok(out)
    }

    fn save_account(&self, account: &Account) -> Result<()> {
        self.accounts
            .insert(account.name.as_bytes(), encode_account(account))
            .map_err(db_err)?;
        self.accounts.flush().map_err(db_err)?;
        Ok(())
    }
}
