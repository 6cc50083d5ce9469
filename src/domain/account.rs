//! Staff accounts: a name, roles, and a password kept only as a slow hash (argon2).
//! Until the first account exists the app runs as one default clerk holding every role.

use super::life::{Actor, Role};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub roles: Vec<Role>,
    /// PHC string (`$argon2id$…`); never the password.
    pub hash: String,
    pub created: NaiveDateTime,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("用户名不能为空，也不能含空格")]
    BadName,
    #[error("密码至少 6 位")]
    WeakPassword,
    #[error("至少要有一个角色")]
    NoRole,
    #[error("无法生成密码摘要：{0}")]
    Hash(String),
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Clerk => "登记员",
            Role::Head => "负责人",
            Role::Admin => "管理员",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "clerk" | "登记员" => Some(Role::Clerk),
            "head" | "负责人" | "科长" => Some(Role::Head),
            "admin" | "管理员" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl Account {
    pub fn new(
        name: &str,
        roles: Vec<Role>,
        password: &str,
        now: NaiveDateTime,
    ) -> Result<Self, AccountError> {
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_whitespace) {
            return Err(AccountError::BadName);
        }
        if roles.is_empty() {
            return Err(AccountError::NoRole);
        }
        Ok(Self {
            name: name.to_string(),
            roles,
            hash: hash_password(password)?,
            created: now,
            active: true,
        })
    }

    /// True when `password` is this account's password (and the account is active).
    pub fn verify(&self, password: &str) -> bool {
        self.active
            && PasswordHash::new(&self.hash).is_ok_and(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
    }

    pub fn actor(&self) -> Actor {
        Actor {
            name: self.name.clone(),
            roles: self.roles.clone(),
        }
    }

    /// 检举控告 material is visible in full only to heads and administrators.
    pub fn may_see_accusations(roles: &[Role]) -> bool {
        roles.iter().any(|r| matches!(r, Role::Head | Role::Admin))
    }
}

pub fn hash_password(password: &str) -> Result<String, AccountError> {
    if password.chars().count() < 6 {
        return Err(AccountError::WeakPassword);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap()
    }

    #[test]
    fn passwords_are_hashed_and_verified() {
        let a = Account::new("zhangli", vec![Role::Clerk], "secret1", now()).unwrap();
        assert!(a.hash.starts_with("$argon2"), "{}", a.hash);
        assert!(!a.hash.contains("secret1"));
        assert!(a.verify("secret1"));
        assert!(!a.verify("secret2"));
        let b = Account::new("wang", vec![Role::Head], "secret1", now()).unwrap();
        assert_ne!(a.hash, b.hash, "salted");
        let mut off = a.clone();
        off.active = false;
        assert!(!off.verify("secret1"));
    }

    #[test]
    fn bad_accounts_are_refused() {
        assert_eq!(
            Account::new(" ", vec![Role::Clerk], "secret1", now()),
            Err(AccountError::BadName)
        );
        assert_eq!(
            Account::new("a", vec![Role::Clerk], "12345", now()),
            Err(AccountError::WeakPassword)
        );
        assert_eq!(
            Account::new("a", vec![], "123456", now()),
            Err(AccountError::NoRole)
        );
        assert_eq!(Role::parse("科长"), Some(Role::Head));
        assert!(Account::may_see_accusations(&[Role::Head]));
        assert!(!Account::may_see_accusations(&[Role::Clerk]));
    }
}
