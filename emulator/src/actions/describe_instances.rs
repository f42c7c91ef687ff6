//! `DescribeInstances`: a page of the caller's instances in the request's region (every
//! region with `AllRegion`), oldest first.
//!
//! Choices where Tencent's documentation is silent:
//! - `Registryids` narrows the listing to those ids; an id of an instance that exists
//!   implicitly makes it exist (in the request's region), and an id not found is left out.
//! - `Filters`: `RegistryName` (the name contains one of the values), `RegistryType` (the
//!   edition is one of them) and `Status` (the state is one of them); several filters must all
//!   match. Another name is `InvalidParameter`.
//! - Paging by item: `Offset` items skipped, `Limit` 20 by default (also for 0), at most 100.
//! - `Status` follows the setup on the emulator's clock (`Pending`, `Deploying`, `Running`).
//!   `InternalEndpoint` is a made-up private address, the same for an id every time;
//!   `TokenValidTime` is 87600 hours; `EnableAnonymous` is false; `ExpiredAt` is empty for a
//!   pay-as-you-go instance.

use tcr_api::actions::{DescribeInstancesRequest, DescribeInstancesResponse};
use tcr_api::types::{Filter, Registry};

use super::instances::registry;
use super::{Context, Perform, check_filters, internal, item_offset, page, page_size};
use crate::api_error::ApiError;
use crate::state::Instance;

const FILTERS: [&str; 3] = ["RegistryName", "RegistryType", "Status"];

impl Perform for DescribeInstancesRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DescribeInstancesResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let filters = self.filters.unwrap_or_default();
        check_filters(&filters, &FILTERS)?;
        let skip = item_offset(self.offset)?;
        let size = page_size(self.limit)?;
        let ids = self.registry_ids.unwrap_or_default();
        let all_regions = self.all_region == Some(true);
        let matching: Vec<Registry> = cx.state.read(|world| {
            for id in &ids {
                // Makes an implicit instance exist; one not found is left out.
                let _ = world.instance(&place, id, now_ms);
            }
            let region = (!all_regions).then_some(place.region.as_str());
            world
                .of(&place.account, region)
                .filter(|instance| ids.is_empty() || ids.contains(&instance.id))
                .filter(|instance| filters.iter().all(|f| matches(f, instance, now_ms)))
                .map(|instance| registry(instance, now_ms))
                .collect()
        })?;
        let (registries, total) = page(matching, skip, size);
        DescribeInstancesResponse::builder()
            .total_count(total)
            .registries(registries)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}

fn matches(filter: &Filter, instance: &Instance, now_ms: i64) -> bool {
    filter.values.iter().any(|value| match filter.name.as_str() {
        "RegistryName" => instance.name.contains(value.as_str()),
        "RegistryType" => instance.edition == *value,
        _ => instance.phase(now_ms).as_str() == value,
    })
}
