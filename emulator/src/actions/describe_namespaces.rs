//! `DescribeNamespaces`: a page of a running instance's namespaces, oldest first, or the one
//! named by `NamespaceName`.
//!
//! Choices where Tencent's documentation is silent:
//! - `NamespaceName` is an exact name; none of that name gives an empty list.
//! - `Filters`: `Tags`, values `key:value`; a namespace matches when one of its cloud tags is
//!   one of the values. Another filter name is `InvalidParameter`.
//! - `KmsSignPolicy` `true` lists nothing: the emulator signs no image.
//! - Paging by page number: `Offset` counts pages from 1 (0 is taken as 1), `Limit` 20 by
//!   default, at most 100; `All` returns every match.
//! - `Metadata` holds `auto_scan`, `prevent_vul`, `public` (`true`/`false`) and `severity`
//!   (empty when none), as TCR's raw settings; `TagSpecification` is
//!   `{"ResourceType": "namespace", "Tags": []}` for a namespace without tags.
//!
//! Refusals: an unknown instance is `ResourceNotFound`; one still being set up is
//! `ResourceInsufficient`.

use tcr_api::actions::{DescribeNamespacesRequest, DescribeNamespacesResponse};
use tcr_api::types::{KeyValueString, TagSpecification, TcrNamespaceInfo};

use super::{Context, Perform, check_filters, internal, page, page_offset, page_size, timestamp};
use crate::api_error::ApiError;
use crate::state::Namespace;

const TAGS_FILTER: &str = "Tags";

impl Perform for DescribeNamespacesRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DescribeNamespacesResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let filters = self.filters.unwrap_or_default();
        check_filters(&filters, &[TAGS_FILTER])?;
        let (skip, size) = if self.all == Some(true) {
            (0, usize::MAX)
        } else {
            let size = page_size(self.limit)?;
            (page_offset(self.offset, size)?, size)
        };
        let signed_only = self.kms_sign_policy == Some(true);
        let matching: Vec<Namespace> = cx.state.read(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            Ok(instance
                .namespaces
                .iter()
                .filter(|_| !signed_only)
                .filter(|n| self.namespace_name.as_ref().is_none_or(|name| n.name == *name))
                .filter(|n| {
                    filters
                        .iter()
                        .all(|filter| filter.values.iter().any(|value| has_tag(n, value)))
                })
                .cloned()
                .collect())
        })?;
        let (namespaces, total) = page(matching, skip, size);
        let listed: Vec<TcrNamespaceInfo> = namespaces
            .into_iter()
            .map(info)
            .collect::<Result<_, _>>()?;
        DescribeNamespacesResponse::builder()
            .namespace_list(listed)
            .total_count(total)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}

fn has_tag(namespace: &Namespace, value: &str) -> bool {
    let Some((key, wanted)) = value.split_once(':') else {
        return false;
    };
    namespace.tags.as_ref().is_some_and(|tags| {
        tags.tags
            .iter()
            .any(|tag| tag.key.as_deref() == Some(key) && tag.value.as_deref() == Some(wanted))
    })
}

fn info(namespace: Namespace) -> Result<TcrNamespaceInfo, ApiError> {
    let flag = |on: bool| if on { "true" } else { "false" };
    let entry = |key: &str, value: &str| {
        KeyValueString::builder()
            .key(key)
            .value(value)
            .build()
            .map_err(internal)
    };
    let metadata = [
        entry("auto_scan", flag(namespace.auto_scan))?,
        entry("prevent_vul", flag(namespace.prevent_vul))?,
        entry("public", flag(namespace.public))?,
        entry("severity", namespace.severity.as_str())?,
    ];
    TcrNamespaceInfo::builder()
        .name(namespace.name)
        .creation_time(timestamp(namespace.created_ms))
        .public(namespace.public)
        .namespace_id(namespace.id)
        .tag_specification(
            namespace
                .tags
                .unwrap_or_else(|| TagSpecification::new("namespace", [])),
        )
        .metadata(metadata)
        .cve_whitelist_items(namespace.cve_allowlist)
        .auto_scan(namespace.auto_scan)
        .prevent_vul(namespace.prevent_vul)
        .severity(namespace.severity.as_str())
        .build()
        .map_err(internal)
}
