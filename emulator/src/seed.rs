//! Image tags put into repositories from outside the API, as `docker push` would: pushing is
//! not part of TCR's API, so tests seed the tags `DescribeImages` and `DeleteImage` work on.
//!
//! A tag names its instance by id. An instance that exists is used wherever it is; an id that
//! exists implicitly is made an instance of the tag's account (the first credential's unless
//! given) in its region (`ap-guangzhou` unless given). The namespace (private) and the
//! repository are created when missing, whatever the quotas; a tag that exists is moved to the
//! new digest, as a push of the same tag moves it.

use std::time::SystemTime;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use tcr_api::primitives::{Timestamp, UnixMillis};

use crate::state::{
    DOCKER_IMAGE_KIND, Image, Place, Repository, World, is_digest, is_namespace_name,
    is_repository_name, region_id,
};

/// The region a seeded tag's implicit instance is placed in unless it says.
pub const DEFAULT_IMAGE_REGION: &str = "ap-guangzhou";

/// An image tag to put into a repository ([`EmulatorBuilder::image`],
/// [`Emulator::push_image`], `POST /_emulator/images`).
///
/// ```
/// use tcr_emulator::ImageTag;
///
/// let tag = ImageTag::new("tcr-abcd1234", "apps/web", "1.25")
///     .digest(format!("sha256:{}", "ab".repeat(32)))
///     .size(52_428_800);
/// assert_eq!(tag.namespace(), "apps");
/// assert_eq!(tag.repository(), "web");
/// ```
///
/// Over the control path, the same as JSON: `{"RegistryId": "tcr-abcd1234", "NamespaceName":
/// "apps", "RepositoryName": "web", "ImageVersion": "1.25", "Digest": "sha256:…", "Size": 1234,
/// "PushTime": "2024-05-01T10:40:00Z", "Account": "100000000001", "Region": "ap-guangzhou"}`
/// (only the first four are required).
///
/// [`EmulatorBuilder::image`]: crate::EmulatorBuilder::image
/// [`Emulator::push_image`]: crate::Emulator::push_image
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ImageTag {
    registry_id: String,
    #[serde(rename = "NamespaceName")]
    namespace: String,
    #[serde(rename = "RepositoryName")]
    repository: String,
    #[serde(rename = "ImageVersion")]
    tag: String,
    #[serde(default)]
    digest: Option<String>,
    #[serde(default)]
    size: Option<i64>,
    #[serde(default, rename = "PushTime")]
    pushed_at: Option<Timestamp>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    region: Option<String>,
}

impl ImageTag {
    /// The tag `tag` of the repository `repository`, written `namespace/name` (the name may
    /// have more `/`: `apps/team/web`), in the instance `registry_id`. Without
    /// [`ImageTag::digest`], its digest is made up from these names; without
    /// [`ImageTag::size`], its size is 0; without [`ImageTag::pushed_at`], it is pushed at the
    /// emulator's now.
    pub fn new(
        registry_id: impl Into<String>,
        repository: &str,
        tag: impl Into<String>,
    ) -> ImageTag {
        let (namespace, name) = repository.split_once('/').unwrap_or((repository, ""));
        ImageTag {
            registry_id: registry_id.into(),
            namespace: namespace.to_owned(),
            repository: name.to_owned(),
            tag: tag.into(),
            digest: None,
            size: None,
            pushed_at: None,
            account: None,
            region: None,
        }
    }

    /// Its digest, `sha256:` and 64 lowercase hex digits.
    #[must_use]
    pub fn digest(mut self, digest: impl Into<String>) -> ImageTag {
        self.digest = Some(digest.into());
        self
    }

    /// Its size in bytes.
    #[must_use]
    pub fn size(mut self, bytes: i64) -> ImageTag {
        self.size = Some(bytes);
        self
    }

    /// When it was pushed.
    #[must_use]
    pub fn pushed_at(mut self, time: SystemTime) -> ImageTag {
        self.pushed_at = Some(Timestamp::from(time));
        self
    }

    /// The account an implicit instance is placed in (default: the first credential's).
    #[must_use]
    pub fn account(mut self, uin: impl Into<String>) -> ImageTag {
        self.account = Some(uin.into());
        self
    }

    /// The region an implicit instance is placed in (default: [`DEFAULT_IMAGE_REGION`]).
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> ImageTag {
        self.region = Some(region.into());
        self
    }

    /// The instance's id.
    pub fn registry_id(&self) -> &str {
        &self.registry_id
    }

    /// The namespace.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The repository's name within its namespace.
    pub fn repository(&self) -> &str {
        &self.repository
    }

    /// The tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }
}

/// Why an image tag could not be put where it says.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImageTagError(String);

impl ImageTagError {
    pub(crate) fn new(message: String) -> ImageTagError {
        ImageTagError(message)
    }
}

/// Puts every tag in, or none: all are checked first. `default_account` places an implicit
/// instance of a tag that names no account.
pub(crate) fn push_all(
    world: &mut World,
    tags: &[ImageTag],
    default_account: &str,
    now_ms: i64,
) -> Result<(), ImageTagError> {
    let mut places = Vec::with_capacity(tags.len());
    for tag in tags {
        places.push(check(world, tag, default_account)?);
    }
    for (tag, place) in tags.iter().zip(places) {
        put(world, tag, &place, now_ms)?;
    }
    Ok(())
}

fn check(world: &World, tag: &ImageTag, default_account: &str) -> Result<Place, ImageTagError> {
    let fail = |what: String| {
        Err(ImageTagError(format!(
            "image tag {}: {what}",
            describe(tag)
        )))
    };
    if !is_namespace_name(&tag.namespace) {
        return fail(format!("`{}` is not a namespace name", tag.namespace));
    }
    if !is_repository_name(&tag.repository) {
        return fail(format!(
            "`{}` is not a repository name (write the repository `namespace/name`)",
            tag.repository
        ));
    }
    if !is_tag(&tag.tag) {
        return fail(format!(
            "`{}` is not a tag (1 to 128 letters, digits, `_`, `.`, `-`, not starting with `.` or `-`)",
            tag.tag
        ));
    }
    if let Some(digest) = tag.digest.as_ref().filter(|d| !is_digest(d)) {
        return fail(format!(
            "`{digest}` is not a digest (`sha256:` and 64 lowercase hex digits)"
        ));
    }
    if tag.size.is_some_and(|size| size < 0) {
        return fail("a size is at least 0 bytes".to_owned());
    }
    if let Some(instance) = world.find(&tag.registry_id) {
        return Ok(Place {
            account: instance.account.clone(),
            region: instance.region.clone(),
        });
    }
    let place = Place {
        account: tag
            .account
            .clone()
            .unwrap_or_else(|| default_account.to_owned()),
        region: tag
            .region
            .clone()
            .unwrap_or_else(|| DEFAULT_IMAGE_REGION.to_owned()),
    };
    if !crate::credential::is_account_id(&place.account) {
        return fail(format!("`{}` is not an account (digits)", place.account));
    }
    if region_id(&place.region).is_none() {
        return fail(format!(
            "TCR is not offered in the region `{}`",
            place.region
        ));
    }
    if world.retired_ids.contains(&tag.registry_id) || !world.limits.policy_allows(&tag.registry_id)
    {
        return fail("no such instance".to_owned());
    }
    Ok(place)
}

fn put(world: &mut World, tag: &ImageTag, place: &Place, now_ms: i64) -> Result<(), ImageTagError> {
    let instance = world
        .instance(place, &tag.registry_id, now_ms)
        .map_err(|error| ImageTagError(error.message))?;
    if instance.namespace(&tag.namespace).is_none() {
        instance.add_namespace(&tag.namespace, false, now_ms);
    }
    let Some(namespace) = instance.namespace_mut(&tag.namespace) else {
        return Err(ImageTagError("the namespace vanished".to_owned()));
    };
    if namespace.repository(&tag.repository).is_none() {
        namespace.repositories.push(Repository {
            name: tag.repository.clone(),
            brief_description: String::new(),
            description: String::new(),
            created_ms: now_ms,
            updated_ms: now_ms,
            images: Vec::new(),
        });
    }
    let Some(repository) = namespace.repository_mut(&tag.repository) else {
        return Err(ImageTagError("the repository vanished".to_owned()));
    };
    let pushed_ms = tag
        .pushed_at
        .and_then(|t| t.to_system_time())
        .and_then(UnixMillis::from_system_time)
        .map_or(now_ms, UnixMillis::get);
    let image = Image {
        tag: tag.tag.clone(),
        digest: tag.digest.clone().unwrap_or_else(|| made_up_digest(tag)),
        size: tag.size.unwrap_or(0),
        pushed_ms,
        kind: DOCKER_IMAGE_KIND.to_owned(),
    };
    repository
        .images
        .retain(|existing| existing.tag != image.tag);
    repository.images.push(image);
    repository.updated_ms = repository.updated_ms.max(pushed_ms);
    Ok(())
}

fn describe(tag: &ImageTag) -> String {
    format!(
        "{}/{}/{}:{}",
        tag.registry_id, tag.namespace, tag.repository, tag.tag
    )
}

/// Docker's tag rule: 1 to 128 of `[A-Za-z0-9_.-]`, not starting with `.` or `-`.
fn is_tag(tag: &str) -> bool {
    (1..=128).contains(&tag.len())
        && !tag.starts_with(['.', '-'])
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn made_up_digest(tag: &ImageTag) -> String {
    let digest = Sha256::digest(describe(tag).as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}
