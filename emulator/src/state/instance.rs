//! An Enterprise Edition instance and everything it holds.

use serde::{Deserialize, Serialize};
use tcr_api::types::TagSpecification;

use super::namespace::Namespace;
use super::service_accounts::ServiceAccounts;
use super::token::{InstanceToken, TemporaryToken};

/// Where an instance stands: its setup runs on the emulator's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// The first half of the setup.
    Pending,
    /// The second half of the setup.
    Deploying,
    /// Set up: it takes every operation.
    Running,
}

impl Phase {
    /// The `RegistryState` value.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Phase::Pending => "Pending",
            Phase::Deploying => "Deploying",
            Phase::Running => "Running",
        }
    }
}

/// An instance: its settings, its namespaces (with their repositories and tags), its service
/// accounts and its login tokens.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Instance {
    /// `tcr-` and 8 lowercase letters or digits (or any id named with `--registry`).
    pub(crate) id: String,
    /// The account (uin) that owns it.
    pub(crate) account: String,
    /// Its region (`ap-guangzhou`).
    pub(crate) region: String,
    /// `RegistryName`.
    #[serde(default)]
    pub(crate) name: String,
    /// `RegistryType`: `basic`, `standard` or `premium`.
    #[serde(default = "standard")]
    pub(crate) edition: String,
    /// Whether it came to exist by being named rather than created (see `World::instance`).
    #[serde(default)]
    pub(crate) implicit: bool,
    /// Unix milliseconds.
    #[serde(default)]
    pub(crate) created_ms: i64,
    /// Unix milliseconds: when its setup ends and it runs.
    #[serde(default)]
    pub(crate) running_ms: i64,
    #[serde(default)]
    pub(crate) deletion_protection: bool,
    /// `0` pay-as-you-go, `1` prepaid.
    #[serde(default)]
    pub(crate) pay_mod: i64,
    #[serde(default)]
    pub(crate) renew_flag: i64,
    /// Unix milliseconds, for a prepaid instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) expires_ms: Option<i64>,
    #[serde(default)]
    pub(crate) enable_cos_maz: bool,
    #[serde(default)]
    pub(crate) enable_cos_versioning: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) tags: Option<TagSpecification>,
    /// Oldest first.
    #[serde(default)]
    pub(crate) namespaces: Vec<Namespace>,
    /// The id of the next namespace created.
    #[serde(default = "one")]
    pub(crate) next_namespace_id: i64,
    #[serde(default)]
    pub(crate) service_accounts: ServiceAccounts,
    /// Long-term tokens, oldest first.
    #[serde(default)]
    pub(crate) tokens: Vec<InstanceToken>,
    /// Temporary tokens not expired yet (dropped as they expire).
    #[serde(default)]
    pub(crate) temporary_tokens: Vec<TemporaryToken>,
}

fn standard() -> String {
    "standard".to_owned()
}

fn one() -> i64 {
    1
}

impl Instance {
    /// A new, empty instance.
    pub(crate) fn new(id: String, account: String, region: String, now_ms: i64) -> Instance {
        Instance {
            name: id.clone(),
            id,
            account,
            region,
            edition: standard(),
            implicit: false,
            created_ms: now_ms,
            running_ms: now_ms,
            deletion_protection: false,
            pay_mod: 0,
            renew_flag: 0,
            expires_ms: None,
            enable_cos_maz: false,
            enable_cos_versioning: false,
            tags: None,
            namespaces: Vec::new(),
            next_namespace_id: 1,
            service_accounts: ServiceAccounts::default(),
            tokens: Vec::new(),
            temporary_tokens: Vec::new(),
        }
    }

    /// Where its setup stands at `now_ms`: `Pending` in the first half, `Deploying` in the
    /// second, then `Running`.
    pub(crate) fn phase(&self, now_ms: i64) -> Phase {
        if now_ms >= self.running_ms {
            Phase::Running
        } else if now_ms < self.created_ms + (self.running_ms - self.created_ms) / 2 {
            Phase::Pending
        } else {
            Phase::Deploying
        }
    }

    /// Whether it belongs to `account` in `region`.
    pub(crate) fn is_at(&self, account: &str, region: &str) -> bool {
        self.account == account && self.region == region
    }

    /// The namespace `name`.
    pub(crate) fn namespace(&self, name: &str) -> Option<&Namespace> {
        self.namespaces.iter().find(|n| n.name == name)
    }

    /// The namespace `name`, to change it.
    pub(crate) fn namespace_mut(&mut self, name: &str) -> Option<&mut Namespace> {
        self.namespaces.iter_mut().find(|n| n.name == name)
    }

    /// Adds an empty namespace `name` (the caller checked that the name is free) with the next
    /// namespace id.
    pub(crate) fn add_namespace(
        &mut self,
        name: &str,
        public: bool,
        now_ms: i64,
    ) -> &mut Namespace {
        let id = self.next_namespace_id.max(1);
        self.next_namespace_id = id + 1;
        self.namespaces.push(Namespace {
            id,
            name: name.to_owned(),
            public,
            auto_scan: false,
            prevent_vul: false,
            severity: String::new(),
            cve_allowlist: Vec::new(),
            tags: None,
            created_ms: now_ms,
            repositories: Vec::new(),
        });
        let last = self.namespaces.len() - 1;
        &mut self.namespaces[last]
    }

    /// How many repositories its namespaces hold.
    pub(crate) fn repository_count(&self) -> usize {
        self.namespaces.iter().map(|n| n.repositories.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_phases_follow_the_clock() {
        let mut instance = Instance::new(
            "tcr-abcd1234".into(),
            "1".into(),
            "ap-guangzhou".into(),
            1_000,
        );
        instance.running_ms = 61_000;
        assert_eq!(instance.phase(1_000), Phase::Pending);
        assert_eq!(instance.phase(30_999), Phase::Pending);
        assert_eq!(instance.phase(31_000), Phase::Deploying);
        assert_eq!(instance.phase(60_999), Phase::Deploying);
        assert_eq!(instance.phase(61_000), Phase::Running);
        assert_eq!(Phase::Running.as_str(), "Running");
    }
}
