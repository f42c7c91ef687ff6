//! `DescribeRepositories`: a page of a running instance's repositories, optionally those of one
//! namespace or of one name.
//!
//! Choices where Tencent's documentation is silent:
//! - `NamespaceName` and `RepositoryName` narrow the listing by exact name (`RepositoryName` is
//!   the name within the namespace, `nginx`, or the full `ns/nginx`); no match gives an empty
//!   list.
//! - Order: creation order, oldest first (namespace by namespace, each oldest first), unless
//!   `SortBy`: `-creation_time` newest first, `-name` by full name in reverse alphabetical
//!   order, `-update_time` most recently changed first. Another `SortBy` is
//!   `InvalidParameter`.
//! - Paging by page number: `Offset` counts pages from 1 (0 is taken as 1), `Limit` 20 by
//!   default, at most 100.
//! - `Public` is the namespace's; times are in Go's default layout, as Tencent shows them
//!   (`2024-12-10 14:30:36 +0000 UTC`); `UpdateTime` moves with the descriptions and with the
//!   tags pushed or deleted.
//!
//! Refusals: an unknown instance is `ResourceNotFound`; one still being set up is
//! `ResourceInsufficient`.

use tcr_api::actions::{DescribeRepositoriesRequest, DescribeRepositoriesResponse};
use tcr_api::types::TcrRepositoryInfo;

use super::{Context, Perform, go_time, internal, page, page_offset, page_size};
use crate::api_error::{ApiError, short};
use crate::state::invalid;

/// A repository as listed, with what sorting needs.
struct Row {
    full_name: String,
    created_ms: i64,
    updated_ms: i64,
    info: TcrRepositoryInfo,
}

impl Perform for DescribeRepositoriesRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DescribeRepositoriesResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let size = page_size(self.limit)?;
        let skip = page_offset(self.offset, size)?;
        let sort = self.sort_by.as_ref().map(|s| s.as_str().to_owned());
        if let Some(bad) = sort
            .as_deref()
            .filter(|s| !["-creation_time", "-name", "-update_time"].contains(s))
        {
            return Err(invalid(format!(
                "SortBy: `{}` is not an order; use -creation_time, -name or -update_time",
                short(bad)
            )));
        }
        let mut rows: Vec<Row> = cx.state.read(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let mut rows = Vec::new();
            for namespace in &instance.namespaces {
                if self
                    .namespace_name
                    .as_ref()
                    .is_some_and(|name| *name != namespace.name)
                {
                    continue;
                }
                for repository in &namespace.repositories {
                    let full_name = format!("{}/{}", namespace.name, repository.name);
                    if self
                        .repository_name
                        .as_ref()
                        .is_some_and(|name| *name != repository.name && *name != full_name)
                    {
                        continue;
                    }
                    let info = TcrRepositoryInfo::builder()
                        .name(full_name.as_str())
                        .namespace(namespace.name.as_str())
                        .creation_time(go_time(repository.created_ms))
                        .public(namespace.public)
                        .description(repository.description.as_str())
                        .brief_description(repository.brief_description.as_str())
                        .update_time(go_time(repository.updated_ms))
                        .build()
                        .map_err(internal)?;
                    rows.push(Row {
                        full_name,
                        created_ms: repository.created_ms,
                        updated_ms: repository.updated_ms,
                        info,
                    });
                }
            }
            Ok(rows)
        })?;
        match sort.as_deref() {
            Some("-creation_time") => rows.sort_by_key(|row| std::cmp::Reverse(row.created_ms)),
            Some("-name") => rows.sort_by(|a, b| b.full_name.cmp(&a.full_name)),
            Some("-update_time") => rows.sort_by_key(|row| std::cmp::Reverse(row.updated_ms)),
            _ => {}
        }
        let (rows, total) = page(rows, skip, size);
        DescribeRepositoriesResponse::builder()
            .repository_list(rows.into_iter().map(|row| row.info))
            .total_count(total)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
