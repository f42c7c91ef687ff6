//! `CreateInstance`: a new instance of the caller's account in the request's region, with a
//! generated id (`tcr-` and 8 lowercase letters or digits).
//!
//! It is set up on the emulator's clock, as TCR sets an instance up in the background: `Pending`
//! for the first half of the setup time, `Deploying` for the second, then `Running` (60 seconds
//! in all by default: `EmulatorBuilder::instance_setup`, `--instance-setup`; `advance_clock`
//! moves it on). Only a running instance takes calls on what it holds.
//!
//! Choices where Tencent's documentation is silent:
//! - `RegistryName`: 2 to 50 characters among lowercase letters, digits and `-`, starting with
//!   a letter and not ending with `-`; else `InvalidParameter.ErrorRegistryName`. It must be
//!   free in the caller's account (all regions: it names the public domain
//!   `<name>.tencentcloudcr.com`), else `InvalidParameter.ErrorNameExists`; another account's
//!   instances never clash, so that tests in separate accounts stay apart.
//! - `RegistryType` other than `basic`, `standard`, `premium`: `InvalidParameter`.
//! - `RegistryChargeType` `0` (the default) or `1`; `1` needs `RegistryChargePrepaid`
//!   (`MissingParameter`), whose `Period` (months, above 0) sets `ExpiredAt` 30 days a month
//!   from now and whose `RenewFlag` is kept. Nobody is billed.
//! - At most 10 instances per account and region by default (`instance_quota`):
//!   `LimitExceeded`. Instances that exist implicitly count too.
//! - `SyncTag` is accepted and has no effect (there is no COS bucket).
//!
//! Answers go through `answerable`: the spec declares no code for this action, so
//! `InvalidParameter.ErrorRegistryName` and the like are answered as their class.

use tcr_api::ErrorCode;
use tcr_api::actions::{CreateInstanceRequest, CreateInstanceResponse};

use super::{Context, Perform, internal};
use crate::api_error::{ApiError, short};
use crate::state::{Instance, exists, invalid, quota};

const EDITIONS: [&str; 3] = ["basic", "standard", "premium"];
const MILLIS_PER_MONTH: i64 = 30 * 86_400_000;

impl Perform for CreateInstanceRequest {
    fn perform(self, cx: &Context<'_>) -> Result<CreateInstanceResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        if !is_registry_name(&self.registry_name) {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterErrorRegistryName,
                format!(
                    "RegistryName: `{}` must be 2 to 50 lowercase letters, digits and `-`, \
                     starting with a letter and not ending with `-`",
                    short(&self.registry_name)
                ),
            ));
        }
        let edition = self.registry_type.as_str().to_owned();
        if !EDITIONS.contains(&edition.as_str()) {
            return Err(invalid(format!(
                "RegistryType: `{}` is not an edition; use basic, standard or premium",
                short(&edition)
            )));
        }
        let (pay_mod, renew_flag, expires_ms) = match self.registry_charge_type.unwrap_or(0) {
            0 => (0, 0, None),
            1 => {
                let prepaid = self.registry_charge_prepaid.as_ref().ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::MissingParameter,
                        "RegistryChargePrepaid: is required for a prepaid instance \
                         (RegistryChargeType 1)",
                    )
                })?;
                if prepaid.period < 1 {
                    return Err(invalid(format!(
                        "RegistryChargePrepaid.Period: must be at least 1 month, not {}",
                        prepaid.period
                    )));
                }
                if !(0..=2).contains(&prepaid.renew_flag) {
                    return Err(invalid(format!(
                        "RegistryChargePrepaid.RenewFlag: must be 0, 1 or 2, not {}",
                        prepaid.renew_flag
                    )));
                }
                let months = prepaid.period.saturating_mul(MILLIS_PER_MONTH);
                (1, prepaid.renew_flag, Some(now_ms.saturating_add(months)))
            }
            other => {
                return Err(invalid(format!(
                    "RegistryChargeType: must be 0 (pay-as-you-go) or 1 (prepaid), not {other}"
                )));
            }
        };
        let id = cx.state.write(|world| {
            let limits = world.limits.clone();
            if world
                .of(&place.account, None)
                .any(|instance| instance.name == self.registry_name)
            {
                return Err(exists(
                    ErrorCode::InvalidParameterErrorNameExists,
                    format!(
                        "an instance named `{}` already exists in this account",
                        short(&self.registry_name)
                    ),
                ));
            }
            if world.of(&place.account, Some(&place.region)).count() >= limits.instances {
                return Err(quota(
                    ErrorCode::LimitExceeded,
                    format!(
                        "this account already has {} instances in {}, its quota",
                        limits.instances, place.region
                    ),
                ));
            }
            let id = loop {
                let id = cx.random.registry_id();
                if !world.id_taken(&id) {
                    break id;
                }
            };
            let setup = i64::try_from(limits.setup.as_millis()).unwrap_or(i64::MAX);
            let mut instance =
                Instance::new(id.clone(), place.account.clone(), place.region.clone(), now_ms);
            instance.name = self.registry_name;
            instance.edition = edition;
            instance.running_ms = now_ms.saturating_add(setup);
            instance.pay_mod = pay_mod;
            instance.renew_flag = renew_flag;
            instance.expires_ms = expires_ms;
            instance.deletion_protection = self.deletion_protection.unwrap_or(false);
            instance.enable_cos_maz = self.enable_cos_maz.unwrap_or(false);
            instance.enable_cos_versioning = self.enable_cos_versioning.unwrap_or(false);
            instance.tags = self.tag_specification;
            world.instances.push(instance);
            Ok(id)
        })?;
        CreateInstanceResponse::builder()
            .registry_id(id)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}

/// 2 to 50 lowercase letters, digits and `-`, starting with a letter, not ending with `-`.
fn is_registry_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (2..=50).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names() {
        for good in ["tcr-test", "ci", "a1-b2"] {
            assert!(is_registry_name(good), "{good}");
        }
        for bad in ["a", "1ab", "ab-", "Ab", "a_b", &"a".repeat(51)] {
            assert!(!is_registry_name(bad), "{bad}");
        }
    }
}
