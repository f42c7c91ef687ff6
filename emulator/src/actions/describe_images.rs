//! `DescribeImages`: a page of a repository's tags, oldest push first.
//!
//! Tags are not pushed through the API: they are seeded (`EmulatorBuilder::image`,
//! `Emulator::push_image`, `POST /_emulator/images`, or the state file).
//!
//! Choices where Tencent's documentation is silent:
//! - `ImageVersion` matches tags that contain it, or only the tag equal to it with
//!   `ExactMatch` `true`; `Digest` matches the tags of that digest. No match gives an empty
//!   list.
//! - Paging by page number: `Offset` counts pages from 1 (0 is taken as 1), `Limit` 20 by
//!   default, at most 100.
//! - `UpdateTime` is the push time, ISO 8601 in UTC (`2022-08-06T07:31:01Z`);
//!   `KmsSignature` is empty (nothing is signed).
//!
//! Refusals: an unknown instance is `ResourceNotFound`, an unknown namespace
//! `ResourceNotFound.ErrNoNamespace`, an unknown repository `ResourceNotFound.ErrNoRepo` (both
//! answered as `ResourceNotFound`); an instance still being set up is `ResourceInsufficient`.

use tcr_api::actions::{DescribeImagesRequest, DescribeImagesResponse};
use tcr_api::types::TcrImageInfo;

use super::{Context, Perform, internal, page, page_offset, page_size, utc_time};
use crate::api_error::ApiError;
use crate::state::{Image, no_namespace, no_repository};

impl Perform for DescribeImagesRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DescribeImagesResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let size = page_size(self.limit)?;
        let skip = page_offset(self.offset, size)?;
        let exact = self.exact_match == Some(true);
        let matching: Vec<Image> = cx.state.read(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let repository = instance
                .namespace(&self.namespace_name)
                .ok_or_else(|| no_namespace(&self.namespace_name, &self.registry_id))?
                .repository(&self.repository_name)
                .ok_or_else(|| {
                    no_repository(&self.namespace_name, &self.repository_name, &self.registry_id)
                })?;
            Ok(repository
                .images
                .iter()
                .filter(|image| match &self.image_version {
                    Some(version) if exact => image.tag == *version,
                    Some(version) => image.tag.contains(version.as_str()),
                    None => true,
                })
                .filter(|image| self.digest.as_ref().is_none_or(|d| image.digest == *d))
                .cloned()
                .collect())
        })?;
        let (images, total) = page(matching, skip, size);
        let listed: Vec<TcrImageInfo> = images
            .into_iter()
            .map(|image| {
                TcrImageInfo::builder()
                    .digest(image.digest)
                    .size(image.size)
                    .image_version(image.tag)
                    .update_time(utc_time(image.pushed_ms))
                    .kind(image.kind)
                    .kms_signature("")
                    .build()
                    .map_err(internal)
            })
            .collect::<Result<_, _>>()?;
        DescribeImagesResponse::builder()
            .image_info_list(listed)
            .total_count(total)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
