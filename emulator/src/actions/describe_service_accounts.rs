//! `DescribeServiceAccounts`: a page of a registry's accounts, oldest first.
//!
//! `Filters` supports the name `ServiceAccountName`: an account matches when its name (with or
//! without the `tcr$` prefix) contains one of the values; several filters must all match.
//! `Limit` defaults to 20 (also for 0) and is taken as 100 when larger; `Offset` defaults to 0;
//! `All` returns every matching account in one answer. `TotalCount` counts every match.
//! Every member the spec says is always present is sent: `Description` is `""` for an account
//! created without one, and `Permissions` is filled in only with `EmbedPermission` (an empty
//! list without it). Disabled and expired accounts are listed like the others, with their
//! `Disable` and `ExpiresAt`.

use tcr_api::ErrorCode;
use tcr_api::actions::{DescribeServiceAccountsRequest, DescribeServiceAccountsResponse};
use tcr_api::types::{Filter, ServiceAccount as Listed};

use super::{Context, Perform, internal, registry_not_found};
use crate::api_error::short;
use crate::api_error::ApiError;
use crate::state::{NAME_PREFIX, ServiceAccount};

const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;
const NAME_FILTER: &str = "ServiceAccountName";

impl Perform for DescribeServiceAccountsRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DescribeServiceAccountsResponse, ApiError> {
        let filters = self.filters.unwrap_or_default();
        for (index, filter) in filters.iter().enumerate() {
            if filter.name != NAME_FILTER {
                return Err(ApiError::new(
                    ErrorCode::InvalidParameter,
                    format!(
                        "Filters.{index}.Name: `{}` is not supported; the only filter is `{NAME_FILTER}`",
                        short(&filter.name)
                    ),
                ));
            }
        }
        let matching: Vec<ServiceAccount> = cx
            .state
            .accounts(&self.registry_id)
            .ok_or_else(|| registry_not_found(&self.registry_id))?
            .into_iter()
            .filter(|account| filters.iter().all(|filter| matches(filter, account)))
            .collect();
        let total = matching.len();
        let (offset, limit) = if self.all == Some(true) {
            (0, total)
        } else {
            let offset = usize::try_from(self.offset.unwrap_or(0)).unwrap_or(usize::MAX);
            let limit = match usize::try_from(self.limit.unwrap_or(0)).unwrap_or(MAX_LIMIT) {
                0 => DEFAULT_LIMIT,
                n => n.min(MAX_LIMIT),
            };
            (offset, limit)
        };
        let embed = self.embed_permission == Some(true);
        let page: Vec<Listed> = matching
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|account| listed(account, embed))
            .collect::<Result<_, _>>()?;
        DescribeServiceAccountsResponse::builder()
            .service_accounts(page)
            .total_count(i64::try_from(total).unwrap_or(i64::MAX))
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
