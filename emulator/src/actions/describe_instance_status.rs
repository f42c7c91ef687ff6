//! `DescribeInstanceStatus`: the state of each instance named, in the order named.
//!
//! Choices where Tencent's documentation is silent: an id of an instance that exists implicitly
//! makes it exist; an id not found in the caller's account and region is left out of the
//! answer (no error, as with `DescribeInstances`' `Registryids`). Each entry has one condition,
//! with the instance's state as its `Status` and empty `Type` and `Reason`, as in Tencent's
//! example.

use tcr_api::actions::{DescribeInstanceStatusRequest, DescribeInstanceStatusResponse};
use tcr_api::types::{RegistryCondition, RegistryStatus};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;

impl Perform for DescribeInstanceStatusRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DescribeInstanceStatusResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let statuses: Vec<RegistryStatus> = cx.state.read(|world| {
            let mut statuses = Vec::new();
            for id in &self.registry_ids {
                let Ok(instance) = world.instance(&place, id, now_ms) else {
                    continue;
                };
                let status = instance.phase(now_ms).as_str();
                let condition = RegistryCondition::builder()
                    .r#type("")
                    .status(status)
                    .reason("")
                    .build()
                    .map_err(internal)?;
                statuses.push(
                    RegistryStatus::builder()
                        .registry_id(id.as_str())
                        .status(status)
                        .conditions([condition])
                        .build()
                        .map_err(internal)?,
                );
            }
            Ok(statuses)
        })?;
        DescribeInstanceStatusResponse::builder()
            .registry_status_set(statuses)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
