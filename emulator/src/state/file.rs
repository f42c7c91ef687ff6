//! The state file (`--state FILE`, `EmulatorBuilder::state_file`): loaded at start, written
//! after every change that is answered.
//!
//! JSON, written whole each time: to `.<name>.tmp` in the same folder, flushed to disk
//! (`fsync`), then renamed over the file (and the folder flushed), so the file is always either
//! the state before a change or the state after it, whatever stops the emulator. A change is
//! answered only once it is on disk; if writing fails, the change is undone and the call
//! answers `InternalError`.
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "written_by": "tcr-emulator 0.1.0",
//!   "clock_ahead_ms": 0,
//!   "instances": [ { "id": "tcr-abcd1234", "account": "100000000001", "region": "ap-guangzhou", … } ],
//!   "retired_ids": [ "tcr-0000dead" ]
//! }
//! ```
//!
//! Passwords and tokens are kept only as salted hashes (`sha256:<salt>:<digest>`). Image tags,
//! which only a push creates, can be written into a repository's `images` by hand
//! (`{"tag": "1.25", "digest": "sha256:…", "size": 1234, "pushed_ms": 1700000000000}`); most
//! fields have defaults. A file that is not JSON, not a state file, written by a newer format
//! version, or that breaks the format is refused at start with a message naming the file and
//! the problem, and is left as it is.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::instance::Instance;
use super::region::region_id;
use crate::credential::is_account_id;

/// The version of the state file's format this emulator writes, and the newest it reads.
pub const STATE_FORMAT_VERSION: u64 = 1;

/// The state file.
#[derive(Debug)]
pub(crate) struct Store {
    path: PathBuf,
}

/// What a state file held.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub(crate) instances: Vec<Instance>,
    pub(crate) retired_ids: BTreeSet<String>,
    pub(crate) clock_ahead: Duration,
}

#[derive(Serialize)]
struct Out<'a> {
    format_version: u64,
    written_by: &'a str,
    clock_ahead_ms: u64,
    instances: &'a [Instance],
    retired_ids: &'a BTreeSet<String>,
}

#[derive(Deserialize)]
struct In {
    #[allow(dead_code)]
    format_version: u64,
    #[serde(default)]
    #[allow(dead_code)]
    written_by: Option<String>,
    #[serde(default)]
    clock_ahead_ms: u64,
    #[serde(default)]
    instances: Vec<Instance>,
    #[serde(default)]
    retired_ids: BTreeSet<String>,
}

/// Why a state file was refused.
#[derive(Debug)]
pub(crate) struct StateFileError {
    path: PathBuf,
    problem: String,
}

impl fmt::Display for StateFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the state file {} {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for StateFileError {}

impl From<StateFileError> for io::Error {
    fn from(error: StateFileError) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, error)
    }
}

const WRITTEN_BY: &str = concat!("tcr-emulator ", env!("CARGO_PKG_VERSION"));

impl Store {
    /// Opens `path`: what it holds, or nothing when it does not exist yet (then it is created,
    /// empty, so that a path that cannot be written is found at start).
    pub(crate) fn open(path: PathBuf) -> Result<(Store, Loaded), StateFileError> {
        let store = Store { path };
        let refuse = |problem: String| StateFileError {
            path: store.path.clone(),
            problem,
        };
        match fs::read(&store.path) {
            Ok(bytes) => {
                let loaded = parse(&bytes)
                    .map_err(|problem| refuse(format!("{problem}; it was left as it is")))?;
                Ok((store, loaded))
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let empty = Loaded::default();
                store
                    .save(&empty.instances, &empty.retired_ids, Duration::ZERO)
                    .map_err(|error| refuse(format!("cannot be created: {error}")))?;
                Ok((store, empty))
            }
            Err(error) => Err(refuse(format!("cannot be read: {error}"))),
        }
    }

    /// Writes the whole state: to a temporary file in the same folder, flushed, then renamed
    /// over the file.
    pub(crate) fn save(
        &self,
        instances: &[Instance],
        retired_ids: &BTreeSet<String>,
        clock_ahead: Duration,
    ) -> io::Result<()> {
        let bytes = render(instances, retired_ids, clock_ahead)?;
        let folder = match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self
            .path
            .file_name()
            .ok_or_else(|| io::Error::other("the path names no file"))?;
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(".tmp");
        let temporary = folder.join(temporary_name);
        let written = (|| {
            let mut file = File::create(&temporary)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            drop(file);
            fs::rename(&temporary, &self.path)
        })();
        if let Err(error) = written {
            let _ = fs::remove_file(&temporary);
            return Err(error);
        }
        // The rename itself reaches the disk with the folder; not every platform can flush a
        // folder, and the file is complete either way.
        if let Ok(folder) = File::open(&folder) {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

/// The state as the state file holds it (secrets only as salted hashes): what a snapshot is.
pub(crate) fn render(
    instances: &[Instance],
    retired_ids: &BTreeSet<String>,
    clock_ahead: Duration,
) -> io::Result<Vec<u8>> {
    let out = Out {
        format_version: STATE_FORMAT_VERSION,
        written_by: WRITTEN_BY,
        clock_ahead_ms: u64::try_from(clock_ahead.as_millis()).unwrap_or(u64::MAX),
        instances,
        retired_ids,
    };
    let mut bytes = serde_json::to_vec_pretty(&out).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads a state file's bytes; the problem, in words, when they are not one.
pub(crate) fn parse(bytes: &[u8]) -> Result<Loaded, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("is empty, not a state file (delete it to start afresh)".to_owned());
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|error| format!("is not JSON ({error})"))?;
    let Some(object) = value.as_object() else {
        return Err("is not a state file: it holds no JSON object".to_owned());
    };
    let version = match object.get("format_version") {
        None => {
            return Err(
                "is not a state file of the emulator: it has no `format_version`".to_owned(),
            );
        }
        Some(version) => version.as_u64().filter(|&v| v >= 1).ok_or_else(|| {
            format!("has a `format_version` that is not a version number: {version}")
        })?,
    };
    if version > STATE_FORMAT_VERSION {
        return Err(format!(
            "was written in format version {version}, by a newer emulator; this one ({WRITTEN_BY}) \
             reads versions up to {STATE_FORMAT_VERSION}"
        ));
    }
    let read: In = serde_path_to_error::deserialize(value).map_err(|error| {
        let at = error.path().to_string();
        format!("is corrupt at `{at}`: {}", error.into_inner())
    })?;
    let mut ids = HashSet::new();
    for (index, instance) in read.instances.iter().enumerate() {
        let at = format!("instances[{index}]");
        if instance.id.is_empty() || !ids.insert(instance.id.as_str()) {
            return Err(format!(
                "is corrupt at `{at}.id`: `{}` is empty or names an instance already",
                instance.id
            ));
        }
        if !is_account_id(&instance.account) {
            return Err(format!(
                "is corrupt at `{at}.account`: `{}` is not an account (digits)",
                instance.account
            ));
        }
        if region_id(&instance.region).is_none() {
            return Err(format!(
                "is corrupt at `{at}.region`: `{}` is not a region TCR is offered in",
                instance.region
            ));
        }
        let mut names = HashSet::new();
        for (n, namespace) in instance.namespaces.iter().enumerate() {
            if !names.insert(namespace.name.as_str()) {
                return Err(format!(
                    "is corrupt at `{at}.namespaces[{n}].name`: `{}` names a namespace already",
                    namespace.name
                ));
            }
            let mut repositories = HashSet::new();
            for (r, repository) in namespace.repositories.iter().enumerate() {
                if !repositories.insert(repository.name.as_str()) {
                    return Err(format!(
                        "is corrupt at `{at}.namespaces[{n}].repositories[{r}].name`: `{}` names a repository already",
                        repository.name
                    ));
                }
            }
        }
    }
    Ok(Loaded {
        instances: read.instances,
        retired_ids: read.retired_ids,
        clock_ahead: Duration::from_millis(read.clock_ahead_ms),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        parse(text.as_bytes()).unwrap_err()
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        assert!(problem("").contains("is empty"));
        assert!(problem("{\"format_version\": 1,").contains("is not JSON"));
        assert!(problem("[1]").contains("no JSON object"));
        assert!(problem("{}").contains("no `format_version`"));
        assert!(problem("{\"format_version\": \"1\"}").contains("not a version number"));
        let newer = problem("{\"format_version\": 2}");
        assert!(
            newer.contains("format version 2") && newer.contains("up to 1"),
            "{newer}"
        );
        let corrupt = problem(
            r#"{"format_version": 1, "instances": [{"id": "tcr-abcd1234", "account": "1", "region": "ap-guangzhou", "namespaces": [{"id": 1, "name": 7}]}]}"#,
        );
        assert!(
            corrupt.contains("instances[0].namespaces[0].name"),
            "{corrupt}"
        );
        let twice = problem(
            r#"{"format_version": 1, "instances": [{"id": "a", "account": "1", "region": "ap-guangzhou"}, {"id": "a", "account": "1", "region": "ap-guangzhou"}]}"#,
        );
        assert!(twice.contains("instances[1].id"), "{twice}");
        let region = problem(
            r#"{"format_version": 1, "instances": [{"id": "a", "account": "1", "region": "mars"}]}"#,
        );
        assert!(region.contains("instances[0].region"), "{region}");
    }

    #[test]
    fn a_minimal_file_reads_with_defaults() {
        let loaded = parse(
            br#"{"format_version": 1, "instances": [{"id": "tcr-abcd1234", "account": "1", "region": "ap-guangzhou",
                "namespaces": [{"id": 1, "name": "apps", "repositories": [{"name": "web",
                "images": [{"tag": "1.0", "digest": "sha256:00"}]}]}]}]}"#,
        )
        .unwrap();
        let instance = &loaded.instances[0];
        assert_eq!(instance.edition, "standard");
        let image = &instance.namespaces[0].repositories[0].images[0];
        assert_eq!(image.kind, super::super::namespace::DOCKER_IMAGE_KIND);
        assert_eq!(loaded.clock_ahead, Duration::ZERO);
    }
}
