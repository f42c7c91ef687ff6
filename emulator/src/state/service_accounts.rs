//! The service accounts of one instance.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tcr_api::primitives::{Timestamp, UnixMillis};
use tcr_api::types::Permission;

use super::account::ServiceAccount;
use super::password::PasswordHash;

/// The service accounts of one instance, in creation order (the order a listing returns them
/// in), indexed by full name, so that looking up, changing, listing with pagination and
/// deleting are all cheap.
///
/// In the state file: a list of accounts, oldest first, each with its password's salted hash.
#[derive(Clone, Debug, Default)]
pub(crate) struct ServiceAccounts {
    next_seq: u64,
    by_seq: BTreeMap<u64, ServiceAccount>,
    by_name: HashMap<String, u64>,
}

impl ServiceAccounts {
    /// How many accounts the instance has.
    pub(crate) fn len(&self) -> usize {
        self.by_seq.len()
    }

    /// Whether an account has this full name.
    pub(crate) fn contains(&self, full_name: &str) -> bool {
        self.by_name.contains_key(full_name)
    }

    /// The account with this full name.
    pub(crate) fn get(&self, full_name: &str) -> Option<&ServiceAccount> {
        let seq = self.by_name.get(full_name)?;
        self.by_seq.get(seq)
    }

    /// The account with this full name, to change it.
    pub(crate) fn get_mut(&mut self, full_name: &str) -> Option<&mut ServiceAccount> {
        let seq = self.by_name.get(full_name)?;
        self.by_seq.get_mut(seq)
    }

    /// Adds an account; `false` (and nothing changed) when one of the same name exists.
    pub(crate) fn insert(&mut self, account: ServiceAccount) -> bool {
        if self.by_name.contains_key(&account.name) {
            return false;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.by_name.insert(account.name.clone(), seq);
        self.by_seq.insert(seq, account);
        true
    }

    /// Removes the account with this full name; `None` when there is none. The name can then
    /// be used again.
    pub(crate) fn remove(&mut self, full_name: &str) -> Option<ServiceAccount> {
        let seq = self.by_name.remove(full_name)?;
        self.by_seq.remove(&seq)
    }

    /// The accounts, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &ServiceAccount> {
        self.by_seq.values()
    }

    /// The accounts, oldest first, to change them.
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut ServiceAccount> {
        self.by_seq.values_mut()
    }
}

/// A service account as the state file keeps it.
#[derive(Serialize, Deserialize)]
struct Stored {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default)]
    disable: bool,
    /// Unix milliseconds; 0 means never.
    #[serde(default)]
    expires_at: i64,
    #[serde(default)]
    permissions: Vec<Permission>,
    create_time: Timestamp,
    update_time: Timestamp,
    /// The salted hash of the password.
    password: PasswordHash,
}

impl Serialize for ServiceAccounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|account| Stored {
            name: account.name.clone(),
            description: account.description.clone(),
            disable: account.disable,
            expires_at: account.expires_at.get(),
            permissions: account.permissions.clone(),
            create_time: account.create_time,
            update_time: account.update_time,
            password: account.password.clone(),
        }))
    }
}

impl<'de> Deserialize<'de> for ServiceAccounts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = Vec::<Stored>::deserialize(deserializer)?;
        let mut accounts = ServiceAccounts::default();
        for account in stored {
            let name = account.name.clone();
            let added = accounts.insert(ServiceAccount {
                name: account.name,
                description: account.description,
                disable: account.disable,
                expires_at: UnixMillis::new(account.expires_at),
                permissions: account.permissions,
                create_time: account.create_time,
                update_time: account.update_time,
                password: account.password,
            });
            if !added {
                return Err(serde::de::Error::custom(format!(
                    "two service accounts are named `{name}`"
                )));
            }
        }
        Ok(accounts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::full_name;

    fn account(name: &str) -> ServiceAccount {
        let now = Timestamp::now();
        ServiceAccount {
            name: full_name(name),
            description: None,
            disable: false,
            expires_at: UnixMillis::new(0),
            permissions: Vec::new(),
            create_time: now,
            update_time: now,
            password: PasswordHash::new("Passw0rdX"),
        }
    }

    #[test]
    fn creation_order_and_no_duplicates() {
        let mut accounts = ServiceAccounts::default();
        for name in ["zeta", "alpha", "mid"] {
            assert!(accounts.insert(account(name)));
        }
        assert!(!accounts.insert(account("alpha")));
        let names: Vec<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["tcr$zeta", "tcr$alpha", "tcr$mid"]);
        assert!(accounts.remove("tcr$alpha").is_some());
        assert!(
            accounts.insert(account("alpha")),
            "a freed name can be used again"
        );
        assert_eq!(accounts.len(), 3);
    }

    #[test]
    fn written_with_hashes_and_read_back_in_order() {
        let mut accounts = ServiceAccounts::default();
        for name in ["b", "a"] {
            accounts.insert(account(name));
        }
        let text = serde_json::to_string(&accounts).unwrap();
        assert!(!text.contains("Passw0rdX"), "{text}");
        let back: ServiceAccounts = serde_json::from_str(&text).unwrap();
        let names: Vec<&str> = back.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["tcr$b", "tcr$a"]);
        assert!(back.get("tcr$a").unwrap().password_matches("Passw0rdX"));
        let twice = text.replace("tcr$b", "tcr$a");
        let error = serde_json::from_str::<ServiceAccounts>(&twice).unwrap_err();
        assert!(
            error.to_string().contains("two service accounts"),
            "{error}"
        );
    }
}
