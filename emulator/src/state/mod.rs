//! The emulator's state: instances, and what each holds (namespaces, repositories, image tags,
//! service accounts, login tokens), per account and region.
//!
//! Every instance belongs to one account in one region ([`Place`]): a request sees only the
//! instances of its caller's account in its `X-TC-Region`, and an instance of another account
//! or region is not found, exactly as one that does not exist. Instance ids are unique across
//! the emulator, as TCR's are.
//!
//! Instances that exist implicitly: every id of the documented form `tcr-xxxxxxxx` (or, with
//! `--registry`, only the ids named) exists without being created, so that code written
//! against an instance made elsewhere runs unchanged. The first request that names such an id
//! makes it an instance of its caller's account and region, `Running`, named after its id,
//! of the `standard` edition; from then on it is an instance like any other, invisible from
//! other accounts and regions. Its contents are unknown to the emulator, so what a request
//! takes to exist in it does: a namespace named in a service account's permission is created
//! (private) on the way. A deleted instance's id never comes back, implicitly or otherwise.
//!
//! One lock over the whole state, held for the length of one operation; with a state file,
//! the file is written before the lock is released (see the `file` module).

mod account;
mod file;
mod instance;
mod namespace;
mod password;
mod refusal;
mod region;
mod service_accounts;
mod token;

use std::collections::BTreeSet;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tcr_api::ErrorCode;

pub(crate) use account::full_name;
pub use account::{NAME_PREFIX, ServiceAccount};
pub use file::STATE_FORMAT_VERSION;
pub(crate) use file::{Loaded, Store};
pub(crate) use instance::{Instance, Phase};
pub(crate) use namespace::{
    DOCKER_IMAGE_KIND, Image, Namespace, Repository, is_digest, is_namespace_name,
    is_repository_name,
};
pub(crate) use password::PasswordHash;
pub(crate) use refusal::*;
pub(crate) use region::{region_id, region_names};
pub(crate) use token::{InstanceToken, TemporaryToken};

use crate::api_error::ApiError;
use crate::clock::Clock;

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

/// Which instance ids exist implicitly (see the module docs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum RegistryPolicy {
    /// Every id of the documented form.
    #[default]
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

/// Where a request's resources live: its caller's account and its region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    /// The account (uin) of the credentials that signed the request.
    pub(crate) account: String,
    /// `X-TC-Region`.
    pub(crate) region: String,
}

/// The quotas and the instance setup time.
#[derive(Clone, Debug)]
pub(crate) struct Limits {
    /// Which ids exist implicitly.
    pub(crate) policy: RegistryPolicy,
    /// Instances per account and region.
    pub(crate) instances: usize,
    /// Namespaces per instance.
    pub(crate) namespaces: usize,
    /// Repositories per instance.
    pub(crate) repositories: usize,
    /// Service accounts per instance.
    pub(crate) service_accounts: usize,
    /// How long a created instance takes to run.
    pub(crate) setup: Duration,
}

impl Limits {
    /// Whether `id` exists implicitly.
    pub(crate) fn policy_allows(&self, id: &str) -> bool {
        self.policy.exists(id)
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            policy: RegistryPolicy::AnyDocumented,
            instances: crate::builder::DEFAULT_INSTANCE_QUOTA,
            namespaces: crate::builder::DEFAULT_NAMESPACE_QUOTA,
            repositories: crate::builder::DEFAULT_REPOSITORY_QUOTA,
            service_accounts: crate::builder::DEFAULT_QUOTA,
            setup: crate::builder::DEFAULT_INSTANCE_SETUP,
        }
    }
}

/// Every instance, and the ids that are gone for good.
#[derive(Clone, Debug, Default)]
pub(crate) struct World {
    /// Oldest first.
    pub(crate) instances: Vec<Instance>,
    /// Ids of deleted instances: never found again.
    pub(crate) retired_ids: BTreeSet<String>,
    pub(crate) limits: Limits,
    /// Whether a read changed something (an implicit instance was materialized).
    dirty: bool,
}

impl World {
    /// The instance `id` as `place` sees it: one of its own, or an implicit one materialized
    /// there now; else `ResourceNotFound`.
    pub(crate) fn instance(
        &mut self,
        place: &Place,
        id: &str,
        now_ms: i64,
    ) -> Result<&mut Instance, ApiError> {
        let index = self.locate(place, id, now_ms)?;
        Ok(&mut self.instances[index])
    }

    /// As [`World::instance`], for an operation that needs it running:
    /// `ResourceInsufficient.ErrorInstanceNotRunning` while it is set up.
    pub(crate) fn running(
        &mut self,
        place: &Place,
        id: &str,
        now_ms: i64,
    ) -> Result<&mut Instance, ApiError> {
        let instance = self.instance(place, id, now_ms)?;
        match instance.phase(now_ms) {
            Phase::Running => Ok(instance),
            phase => Err(not_running(id, phase.as_str())),
        }
    }

    fn locate(&mut self, place: &Place, id: &str, now_ms: i64) -> Result<usize, ApiError> {
        if let Some(index) = self.instances.iter().position(|i| i.id == id) {
            return if self.instances[index].is_at(&place.account, &place.region) {
                Ok(index)
            } else {
                Err(no_instance(id))
            };
        }
        if self.retired_ids.contains(id) || !self.limits.policy.exists(id) {
            return Err(no_instance(id));
        }
        let mut instance = Instance::new(
            id.to_owned(),
            place.account.clone(),
            place.region.clone(),
            now_ms,
        );
        instance.implicit = true;
        self.instances.push(instance);
        self.dirty = true;
        Ok(self.instances.len() - 1)
    }

    /// The instance `id`, wherever it is (for the library handle and the control path).
    pub(crate) fn find(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.id == id)
    }

    /// Whether `id` is taken: by an instance, or by one deleted.
    pub(crate) fn id_taken(&self, id: &str) -> bool {
        self.retired_ids.contains(id) || self.find(id).is_some()
    }

    /// Removes the instance `id` of `place` with everything it holds; its id is retired.
    pub(crate) fn remove(
        &mut self,
        place: &Place,
        id: &str,
        now_ms: i64,
    ) -> Result<Instance, ApiError> {
        let index = self.locate(place, id, now_ms)?;
        let instance = self.instances.remove(index);
        self.retired_ids.insert(instance.id.clone());
        Ok(instance)
    }

    /// The instances of `account`, in `region` or in every region, oldest first.
    pub(crate) fn of<'a>(
        &'a self,
        account: &'a str,
        region: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Instance> + 'a {
        self.instances
            .iter()
            .filter(move |i| i.account == account && region.is_none_or(|region| i.region == region))
    }
}

/// The state, behind one lock, and the file it is kept in, if any.
#[derive(Debug)]
pub(crate) struct State {
    world: Mutex<World>,
    store: Option<Store>,
    clock: Arc<Clock>,
}

impl State {
    /// The state `loaded` (empty for a fresh start), kept in `store` if given.
    pub(crate) fn new(
        limits: Limits,
        loaded: Loaded,
        store: Option<Store>,
        clock: Arc<Clock>,
    ) -> State {
        State {
            world: Mutex::new(World {
                instances: loaded.instances,
                retired_ids: loaded.retired_ids,
                limits,
                dirty: false,
            }),
            store,
            clock,
        }
    }

    /// Runs a change. With a state file: the change is written before this returns, and it is
    /// undone, with nothing written, when `f` fails or the file cannot be written
    /// (`InternalError`). `f` must leave `world` unchanged when it fails, for the emulator
    /// without a state file.
    pub(crate) fn write<R>(
        &self,
        f: impl FnOnce(&mut World) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let mut world = self.lock();
        let before = self.store.as_ref().map(|_| world.clone());
        let result = f(&mut world);
        world.dirty = false;
        if let Some(before) = before {
            match &result {
                Ok(_) => {
                    if let Err(error) = self.save(&world) {
                        *world = before;
                        return Err(error);
                    }
                }
                Err(_) => *world = before,
            }
        }
        result
    }

    /// Runs a read. An implicit instance it materializes is written to the state file.
    pub(crate) fn read<R>(
        &self,
        f: impl FnOnce(&mut World) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let mut world = self.lock();
        let result = f(&mut world);
        if std::mem::take(&mut world.dirty) {
            self.save(&world)?;
        }
        result
    }

    /// Looks at the state as it is (nothing materialized).
    pub(crate) fn inspect<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        f(&self.lock())
    }

    /// A copy of the service accounts of instance `id`, wherever it is, oldest first; `None`
    /// when it does not exist (an implicit id not used yet has none).
    pub(crate) fn accounts(&self, id: &str) -> Option<Vec<ServiceAccount>> {
        let world = self.lock();
        match world.find(id) {
            Some(instance) => Some(instance.service_accounts.iter().cloned().collect()),
            None if !world.retired_ids.contains(id) && world.limits.policy.exists(id) => {
                Some(Vec::new())
            }
            None => None,
        }
    }

    /// Forgets every instance (and which ids were deleted).
    ///
    /// # Errors
    /// When the state file cannot be written.
    pub(crate) fn clear(&self) -> io::Result<()> {
        let mut world = self.lock();
        world.instances.clear();
        world.retired_ids.clear();
        self.write_file(&world)
    }

    /// The whole state, in the state file's format (secrets only as salted hashes): a snapshot
    /// that [`State::restore`] takes back.
    ///
    /// # Errors
    /// When it cannot be serialized (a bug).
    pub(crate) fn snapshot(&self) -> io::Result<Vec<u8>> {
        let world = self.lock();
        file::render(&world.instances, &world.retired_ids, self.clock.ahead())
    }

    /// Replaces the whole state with a snapshot (and writes the state file). The clock is not
    /// moved back: it only goes forward, so a snapshot taken before it moved restores the
    /// resources, not the time.
    ///
    /// # Errors
    /// `InvalidData`, naming the problem, when `bytes` are not a snapshot this emulator reads
    /// (nothing is changed then); an I/O error when the state file cannot be written.
    pub(crate) fn restore(&self, bytes: &[u8]) -> io::Result<()> {
        let loaded = file::parse(bytes).map_err(|problem| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("the snapshot {problem}"),
            )
        })?;
        let mut world = self.lock();
        world.instances = loaded.instances;
        world.retired_ids = loaded.retired_ids;
        self.write_file(&world)
    }

    /// Writes the state file now (after the clock moved).
    ///
    /// # Errors
    /// When it cannot be written.
    pub(crate) fn persist(&self) -> io::Result<()> {
        self.write_file(&self.lock())
    }

    fn save(&self, world: &World) -> Result<(), ApiError> {
        self.write_file(world).map_err(|error| {
            ApiError::new(
                ErrorCode::InternalError,
                format!(
                    "the emulator could not write its state file, so nothing was changed: {error}"
                ),
            )
        })
    }

    fn write_file(&self, world: &World) -> io::Result<()> {
        match &self.store {
            Some(store) => store.save(&world.instances, &world.retired_ids, self.clock.ahead()),
            None => Ok(()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // The lock is never held across a panic point that leaves the state half-changed.
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(account: &str, region: &str) -> Place {
        Place {
            account: account.into(),
            region: region.into(),
        }
    }

    fn state(policy: RegistryPolicy) -> State {
        State::new(
            Limits {
                policy,
                ..Limits::default()
            },
            Loaded::default(),
            None,
            Arc::new(Clock::default()),
        )
    }

    #[test]
    fn an_implicit_instance_belongs_to_whoever_names_it_first() {
        let state = state(RegistryPolicy::AnyDocumented);
        let here = place("100000000001", "ap-guangzhou");
        let id = "tcr-abcd1234";
        state
            .read(|world| world.instance(&here, id, 0).map(|_| ()))
            .unwrap();
        state
            .read(|world| world.running(&here, id, 0).map(|_| ()))
            .unwrap();
        for elsewhere in [
            place("200000000002", "ap-guangzhou"),
            place("100000000001", "ap-beijing"),
        ] {
            let error = state
                .read(|world| world.instance(&elsewhere, id, 0).map(|_| ()))
                .unwrap_err();
            assert_eq!(error.code, ErrorCode::ResourceNotFound);
        }
        assert_eq!(state.accounts(id), Some(Vec::new()));
        assert_eq!(state.accounts("tcr-zzzz9999"), Some(Vec::new()));
        assert_eq!(state.accounts("abc"), None);

        state
            .write(|world| world.remove(&here, id, 0).map(|_| ()))
            .unwrap();
        let error = state
            .read(|world| world.instance(&here, id, 0).map(|_| ()))
            .unwrap_err();
        assert_eq!(
            error.code,
            ErrorCode::ResourceNotFound,
            "a deleted id never comes back"
        );
        assert_eq!(state.accounts(id), None);
    }

    #[test]
    fn only_named_ids_exist_when_listed() {
        let state = state(RegistryPolicy::Only(
            ["abc".to_owned()].into_iter().collect(),
        ));
        let here = place("1", "ap-guangzhou");
        assert!(
            state
                .read(|w| w.instance(&here, "abc", 0).map(|_| ()))
                .is_ok()
        );
        assert!(
            state
                .read(|w| w.instance(&here, "tcr-abcd1234", 0).map(|_| ()))
                .is_err()
        );
    }

    #[test]
    fn an_instance_being_set_up_refuses_what_needs_it_running() {
        let state = state(RegistryPolicy::AnyDocumented);
        let here = place("1", "ap-guangzhou");
        state
            .write(|world| {
                let mut instance =
                    Instance::new("tcr-new00001".into(), "1".into(), "ap-guangzhou".into(), 0);
                instance.running_ms = 60_000;
                world.instances.push(instance);
                Ok(())
            })
            .unwrap();
        let error = state
            .read(|w| w.running(&here, "tcr-new00001", 10_000).map(|_| ()))
            .unwrap_err();
        assert_eq!(
            error.code,
            ErrorCode::ResourceInsufficientErrorInstanceNotRunning
        );
        assert!(error.message.contains("Pending"), "{}", error.message);
        assert!(
            state
                .read(|w| w.running(&here, "tcr-new00001", 60_000).map(|_| ()))
                .is_ok()
        );
    }

    #[test]
    fn a_state_file_keeps_every_change_and_a_change_that_cannot_be_written_is_undone() {
        let dir = std::env::temp_dir().join(format!("tcr-emulator-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        let _ = std::fs::remove_file(&path);
        let open = || {
            let (store, loaded) = Store::open(path.clone()).unwrap();
            State::new(
                Limits::default(),
                loaded,
                Some(store),
                Arc::new(Clock::default()),
            )
        };
        let here = place("1", "ap-guangzhou");
        let state = open();
        assert!(path.exists(), "created at start");
        state
            .write(|world| {
                let instance = world.instance(&here, "tcr-abcd1234", 0)?;
                instance.add_namespace("apps", true, 5);
                Ok(())
            })
            .unwrap();
        let written = std::fs::read(&path).unwrap();
        // A failed change writes nothing and leaves nothing changed.
        let error = state
            .write(|world| {
                world.instance(&here, "tcr-abcd1234", 0)?.namespaces.clear();
                Err::<(), _>(no_namespace("x", "tcr-abcd1234"))
            })
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::ResourceNotFoundErrNoNamespace);
        assert_eq!(std::fs::read(&path).unwrap(), written);
        // Reopened: the same state.
        let again = open();
        let names = |state: &State| {
            state.inspect(|world| {
                world.find("tcr-abcd1234").map(|i| {
                    i.namespaces
                        .iter()
                        .map(|n| n.name.clone())
                        .collect::<Vec<_>>()
                })
            })
        };
        assert_eq!(names(&again), Some(vec!["apps".to_owned()]));
        // A change the file cannot take is answered InternalError and undone.
        std::fs::remove_dir_all(&dir).unwrap();
        let error = state
            .write(|world| {
                world.instance(&here, "tcr-abcd1234", 0)?.namespaces.clear();
                Ok(())
            })
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::InternalError);
        assert!(
            error.message.contains("nothing was changed"),
            "{}",
            error.message
        );
        assert_eq!(names(&state), Some(vec!["apps".to_owned()]));
    }

    #[test]
    fn clearing_forgets_everything() {
        let state = state(RegistryPolicy::AnyDocumented);
        let here = place("1", "ap-guangzhou");
        state
            .write(|w| w.remove(&here, "tcr-abcd1234", 0).map(|_| ()))
            .unwrap();
        state.clear().unwrap();
        assert!(
            state
                .read(|w| w.instance(&here, "tcr-abcd1234", 0).map(|_| ()))
                .is_ok()
        );
    }
}
