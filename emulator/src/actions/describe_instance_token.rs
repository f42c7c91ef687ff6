//! `DescribeInstanceToken`: a page of a running instance's long-term tokens, oldest first,
//! without their values. Temporary tokens are never listed.
//!
//! Paging by item, as every such listing: `Offset` items skipped, `Limit` 20 by default (also
//! for 0), at most 100. Refusals: an unknown instance is `ResourceNotFound`; one still being
//! set up is `ResourceInsufficient`.

use tcr_api::actions::{DescribeInstanceTokenRequest, DescribeInstanceTokenResponse};
use tcr_api::primitives::UnixMillis;
use tcr_api::types::TcrInstanceToken;

use super::{Context, Perform, internal, item_offset, page, page_size, timestamp};
use crate::api_error::ApiError;
use crate::state::InstanceToken;

impl Perform for DescribeInstanceTokenRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DescribeInstanceTokenResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let skip = item_offset(self.offset)?;
        let size = page_size(self.limit)?;
        let tokens: Vec<InstanceToken> = cx.state.read(|world| {
            Ok(world
                .running(&place, &self.registry_id, now_ms)?
                .tokens
                .clone())
        })?;
        let (tokens, total) = page(tokens, skip, size);
        let listed: Vec<TcrInstanceToken> = tokens
            .into_iter()
            .map(|token| {
                TcrInstanceToken::builder()
                    .id(token.id)
                    .desc(token.desc)
                    .registry_id(self.registry_id.as_str())
                    .enabled(token.enabled)
                    .created_at(timestamp(token.created_ms))
                    .expired_at(UnixMillis::new(token.expires_ms))
                    .build()
                    .map_err(internal)
            })
            .collect::<Result<_, _>>()?;
        DescribeInstanceTokenResponse::builder()
            .total_count(total)
            .tokens(listed)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
