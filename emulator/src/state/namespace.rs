//! Namespaces, the repositories they hold, and the image tags of each repository.

use serde::{Deserialize, Serialize};
use tcr_api::types::{CVEWhitelistItem, TagSpecification};

/// A namespace of an instance.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Namespace {
    /// Numeric id, from 1 in each instance, never reused there.
    pub(crate) id: i64,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) public: bool,
    #[serde(default)]
    pub(crate) auto_scan: bool,
    #[serde(default)]
    pub(crate) prevent_vul: bool,
    /// `low`, `medium`, `high`, or empty when none is set.
    #[serde(default)]
    pub(crate) severity: String,
    #[serde(default)]
    pub(crate) cve_allowlist: Vec<CVEWhitelistItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) tags: Option<TagSpecification>,
    /// Unix milliseconds.
    #[serde(default)]
    pub(crate) created_ms: i64,
    /// Oldest first.
    #[serde(default)]
    pub(crate) repositories: Vec<Repository>,
}

impl Namespace {
    /// The repository `name`.
    pub(crate) fn repository(&self, name: &str) -> Option<&Repository> {
        self.repositories.iter().find(|r| r.name == name)
    }

    /// The repository `name`, to change it.
    pub(crate) fn repository_mut(&mut self, name: &str) -> Option<&mut Repository> {
        self.repositories.iter_mut().find(|r| r.name == name)
    }
}

/// A repository of a namespace.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Repository {
    /// The name within its namespace (`nginx`, or `team/api`).
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) brief_description: String,
    #[serde(default)]
    pub(crate) description: String,
    /// Unix milliseconds.
    #[serde(default)]
    pub(crate) created_ms: i64,
    /// Unix milliseconds: the last change of its descriptions or tags.
    #[serde(default)]
    pub(crate) updated_ms: i64,
    /// Oldest push first.
    #[serde(default)]
    pub(crate) images: Vec<Image>,
}

/// The media type TCR shows for an image pushed by `docker push`.
pub(crate) const DOCKER_IMAGE_KIND: &str =
    "Artifact::application/vnd.docker.distribution.manifest.v2+json";

/// One tag of a repository (pushed outside the API: seeded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Image {
    /// The tag (`1.25`, `latest`).
    pub(crate) tag: String,
    /// `sha256:` and 64 hex digits.
    pub(crate) digest: String,
    /// Bytes.
    #[serde(default)]
    pub(crate) size: i64,
    /// Unix milliseconds.
    #[serde(default)]
    pub(crate) pushed_ms: i64,
    /// Artifact kind and media type.
    #[serde(default = "docker_kind")]
    pub(crate) kind: String,
}

fn docker_kind() -> String {
    DOCKER_IMAGE_KIND.to_owned()
}

/// Whether `name` follows TCR's namespace naming rule: 2 to 30 characters among lowercase
/// letters, digits and single separators `.`, `_`, `-` between them.
pub(crate) fn is_namespace_name(name: &str) -> bool {
    (2..=30).contains(&name.len()) && separated(name, b"._-")
}

/// Whether `name` can name a repository: more than 2 and fewer than 245 characters (the
/// spec's words) among lowercase letters, digits and single separators `.`, `_`, `-`, `/`
/// between them (a `/` makes a nested path, `team/api`).
pub(crate) fn is_repository_name(name: &str) -> bool {
    (3..=244).contains(&name.len()) && separated(name, b"._-/")
}

fn separated(name: &str, separators: &[u8]) -> bool {
    let mut previous_was_separator = true; // no separator first
    for byte in name.bytes() {
        if separators.contains(&byte) {
            if previous_was_separator {
                return false;
            }
            previous_was_separator = true;
        } else if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
            previous_was_separator = false;
        } else {
            return false;
        }
    }
    !previous_was_separator
}

/// Whether `digest` is `sha256:` and 64 lowercase hex digits.
pub(crate) fn is_digest(digest: &str) -> bool {
    digest.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_rules() {
        for good in ["ns", "team-01", "a.b_c-d", "apps"] {
            assert!(is_namespace_name(good), "{good}");
        }
        for bad in ["x", "-ns", "ns-", "a--b", "Apps", "a/b", &"a".repeat(31)] {
            assert!(!is_namespace_name(bad), "{bad}");
        }
        assert!(is_repository_name("team/api"));
        assert!(is_repository_name("nginx"));
        assert!(!is_repository_name("team//api"));
        assert!(!is_repository_name("/api"));
        assert!(!is_repository_name("ui"));
        assert!(is_digest(&format!("sha256:{}", "ab".repeat(32))));
        assert!(!is_digest("sha256:AB"));
    }
}
