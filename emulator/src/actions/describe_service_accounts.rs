//! `DescribeServiceAccounts`: a page of an instance's accounts, oldest first.
//!
//! `Filters` supports the name `ServiceAccountName`: an account matches when its name (with or
//! without the `tcr$` prefix) contains one of the values; several filters must all match.
//! Paging by item, as every listing (see the `actions` module): `Limit` 20 by default (also
//! for 0), at most 100; `Offset` 0 by default. `All` returns every matching account in one
//! answer. `TotalCount` counts every match. Every member the spec says is always present is
//! sent: `Description` is `""` for an account created without one, and `Permissions` is
//! filled in only with `EmbedPermission` (an empty list without it). Disabled and expired
//! accounts are listed like the others, with their
//! `Disable` and `ExpiresAt`.

use tcr_api::actions::{DescribeServiceAccountsRequest, DescribeServiceAccountsResponse};
use tcr_api::types::{Filter, ServiceAccount as Listed};

use super::{Context, Perform, check_filters, internal, item_offset, page, page_size};
use crate::api_error::ApiError;
use crate::state::{NAME_PREFIX, ServiceAccount};

const NAME_FILTER: &str = "ServiceAccountName";

impl Perform for DescribeServiceAccountsRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DescribeServiceAccountsResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let filters = self.filters.unwrap_or_default();
        check_filters(&filters, &[NAME_FILTER])?;
        let all = self.all == Some(true);
        let (skip, size) = if all {
            (0, usize::MAX)
        } else {
            (item_offset(self.offset)?, page_size(self.limit)?)
        };
        let matching: Vec<ServiceAccount> = cx.state.read(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            Ok(instance
                .service_accounts
                .iter()
                .filter(|account| filters.iter().all(|filter| matches(filter, account)))
                .cloned()
                .collect())
        })?;
        let (accounts, total) = page(matching, skip, size);
        let embed = self.embed_permission == Some(true);
        let listed: Vec<Listed> = accounts
            .into_iter()
            .map(|account| listed(account, embed))
            .collect::<Result<_, _>>()?;
        DescribeServiceAccountsResponse::builder()
            .service_accounts(listed)
            .total_count(total)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}

fn matches(filter: &Filter, account: &ServiceAccount) -> bool {
    let bare = account
        .name
        .strip_prefix(NAME_PREFIX)
        .unwrap_or(&account.name);
    filter
        .values
        .iter()
        .any(|value| account.name.contains(value.as_str()) || bare.contains(value.as_str()))
}

fn listed(account: ServiceAccount, embed_permission: bool) -> Result<Listed, ApiError> {
    Listed::builder()
        .name(account.name)
        .description(account.description.unwrap_or_default())
        .disable(account.disable)
        .expires_at(account.expires_at)
        .create_time(account.create_time)
        .update_time(account.update_time)
        .permissions(if embed_permission {
            account.permissions
        } else {
            Vec::new()
        })
        .build()
        .map_err(internal)
}
