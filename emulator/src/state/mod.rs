//! The emulator's state: the service accounts of each registry.
//!
//! Each registry keeps its accounts in creation order (the order a listing returns them in)
//! with an index by name, so that looking up, changing, listing with pagination and deleting
//! are all cheap.

mod account;
mod password;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

pub(crate) use account::full_name;
pub use account::{NAME_PREFIX, ServiceAccount};
pub(crate) use password::PasswordHash;

/// Whether `id` has the documented form of a registry (instance) id: `tcr-` and eight lowercase
/// letters or digits (`tcr-45uu7ras`).
///
/// ```
/// use tcr_emulator::is_documented_registry_id;
///
/// assert!(is_documented_registry_id("tcr-45uu7ras"));
/// assert!(!is_documented_registry_id("tcr-45UU7RAS"));
/// assert!(!is_documented_registry_id("abc"));
/// ```
pub fn is_documented_registry_id(id: &str) -> bool {
    id.strip_prefix("tcr-").is_some_and(|rest| {
        rest.len() == 8
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// Which registries exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RegistryPolicy {
    /// Every id of the documented form.
    AnyDocumented,
    /// Only these ids.
    Only(BTreeSet<String>),
}

impl RegistryPolicy {
    fn exists(&self, id: &str) -> bool {
        match self {
            RegistryPolicy::AnyDocumented => is_documented_registry_id(id),
            RegistryPolicy::Only(ids) => ids.contains(id),
        }
    }
}

/// The service accounts of one registry, in creation order, indexed by full name.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    next_seq: u64,
    by_seq: BTreeMap<u64, ServiceAccount>,
    by_name: HashMap<String, u64>,
}

impl Registry {
    /// How many accounts the registry has.
    pub(crate) fn len(&self) -> usize {
        self.by_seq.len()
    }

    /// Whether an account has this full name.
    pub(crate) fn contains(&self, full_name: &str) -> bool {
        self.by_name.contains_key(full_name)
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
}

/// Every registry's accounts, behind one lock held only for the length of an operation.
#[derive(Debug)]
pub(crate) struct State {
    policy: RegistryPolicy,
    quota: usize,
    registries: Mutex<HashMap<String, Registry>>,
}

impl State {
    /// Empty state: registries as `policy` says, at most `quota` accounts in each.
    pub(crate) fn new(policy: RegistryPolicy, quota: usize) -> State {
        State {
            policy,
            quota,
            registries: Mutex::new(HashMap::new()),
        }
    }

    /// How many service accounts a registry may hold.
    pub(crate) fn quota(&self) -> usize {
        self.quota
    }

    /// Runs `f` on the registry `id`, or returns `None` when no such registry exists.
    pub(crate) fn with_registry<R>(
        &self,
        id: &str,
        f: impl FnOnce(&mut Registry) -> R,
    ) -> Option<R> {
        if !self.policy.exists(id) {
            return None;
        }
        let mut registries = self.lock();
        Some(f(registries.entry(id.to_owned()).or_default()))
    }

    /// A copy of the accounts of registry `id`, oldest first; `None` when it does not exist.
    pub(crate) fn accounts(&self, id: &str) -> Option<Vec<ServiceAccount>> {
        if !self.policy.exists(id) {
            return None;
        }
        Some(
            self.lock()
                .get(id)
                .map(|registry| registry.iter().cloned().collect())
                .unwrap_or_default(),
        )
    }

    /// Forgets every account.
    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Registry>> {
        // The lock is never held across a panic point that leaves the maps half-changed.
        self.registries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcr_api::primitives::{Timestamp, UnixMillis};

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
    fn registries_keep_creation_order_and_refuse_duplicates() {
        let state = State::new(RegistryPolicy::AnyDocumented, 10);
        let id = "tcr-abcd1234";
        for name in ["zeta", "alpha", "mid"] {
            assert!(
                state
                    .with_registry(id, |r| r.insert(account(name)))
                    .unwrap()
            );
        }
        assert!(
            !state
                .with_registry(id, |r| r.insert(account("alpha")))
                .unwrap()
        );
        let names: Vec<String> = state
            .accounts(id)
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["tcr$zeta", "tcr$alpha", "tcr$mid"]);
        assert!(state.with_registry("nope", |_| ()).is_none());
        assert_eq!(state.accounts("tcr-zzzz9999").unwrap(), []);
        state.clear();
        assert_eq!(state.accounts(id).unwrap(), []);
    }

    #[test]
    fn only_named_registries_exist_when_listed() {
        let state = State::new(
            RegistryPolicy::Only(["abc".to_owned()].into_iter().collect()),
            10,
        );
        assert!(state.with_registry("abc", |_| ()).is_some());
        assert!(state.with_registry("tcr-abcd1234", |_| ()).is_none());
    }

    #[test]
    fn full_names() {
        assert_eq!(full_name("robot"), "tcr$robot");
        assert_eq!(full_name("tcr$robot"), "tcr$robot");
    }
}
