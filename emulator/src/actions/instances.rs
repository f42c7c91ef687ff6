//! What the instance actions share: an instance as `DescribeInstances` describes it.

use tcr_api::types::{Registry, TagSpecification};

use super::{internal, timestamp, utc_time};
use crate::api_error::ApiError;
use crate::state::{Instance, region_id};

/// How long an instance's login credentials stay valid, in hours: ten years, as Tencent shows.
pub(crate) const TOKEN_VALID_HOURS: u32 = 87_600;

/// The `Registry` of `instance` at `now_ms`.
pub(crate) fn registry(instance: &Instance, now_ms: i64) -> Result<Registry, ApiError> {
    let region = region_id(&instance.region).unwrap_or_default();
    Registry::builder()
        .registry_id(instance.id.as_str())
        .registry_name(instance.name.as_str())
        .registry_type(instance.edition.as_str())
        .status(instance.phase(now_ms).as_str())
        .public_domain(format!("{}.tencentcloudcr.com", instance.name))
        .created_at(timestamp(instance.created_ms))
        .region_name(instance.region.as_str())
        .region_id(region.into())
        .enable_anonymous(false)
        .token_valid_time(TOKEN_VALID_HOURS.into())
        .internal_endpoint(internal_endpoint(&instance.id))
        .tag_specification(
            instance
                .tags
                .clone()
                .unwrap_or_else(|| TagSpecification::new("instance", [])),
        )
        .expired_at(instance.expires_ms.map(utc_time).unwrap_or_default())
        .pay_mod(instance.pay_mod)
        .renew_flag(instance.renew_flag)
        .deletion_protection(instance.deletion_protection)
        .enable_cos_maz(instance.enable_cos_maz)
        .enable_cos_versioning(instance.enable_cos_versioning)
        .build()
        .map_err(internal)
}

/// A private address in `10.0.0.0/8` that stays the same for an id.
fn internal_endpoint(id: &str) -> String {
    let hash = id.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let [a, b, c, _] = hash.to_be_bytes();
    format!("10.{a}.{b}.{}", c.max(1))
}
