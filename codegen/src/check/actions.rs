//! `actions/*.yaml`.

use super::fields::{self, Role, TypeIndex};
use super::{Ctx, names};
use crate::ir::{
    ActionIr, AnswerPath, ErrorCodeIr, ExampleIr, FieldIr, PaginationIr, PagingIr, Scalar, TypeIr,
    TypeRef,
};
use crate::load::Document;
use crate::load::Key;
use crate::model::Action;

/// Checks and lowers every action, sorted by name.
pub(super) fn lower(
    ctx: &mut Ctx<'_>,
    index: &TypeIndex,
    types: &[TypeIr],
    errors: &[ErrorCodeIr],
    default_rate: u32,
) -> Vec<ActionIr> {
    let mut out: Vec<ActionIr> = Vec::new();
    let type_modules: std::collections::BTreeMap<String, &String> = index
        .iter()
        .map(|(spec_name, e)| (names::module_name(&e.rust), spec_name))
        .collect();
    for doc in &ctx.spec.actions {
        let a = &doc.value;
        if !names::is_pascal(&a.name) {
            ctx.error(
                doc,
                &[Key::Name("name")],
                format!(
                    "action name `{}` must be PascalCase (`CreateServiceAccount`)",
                    a.name
                ),
            );
            continue;
        }
        let stem = ctx.stem(doc);
        if stem != a.name {
            ctx.error(
                doc,
                &[Key::Name("name")],
                format!(
                    "this file is `{stem}.yaml` but defines `{}`; name the file after the action",
                    a.name
                ),
            );
        }
        if out.iter().any(|o| o.name == a.name) {
            ctx.error(
                doc,
                &[Key::Name("name")],
                format!("duplicate action `{}`", a.name),
            );
            continue;
        }
        if let Some(spec_name) = type_modules.get(&names::module_name(&a.name)) {
            ctx.error(
                doc,
                &[Key::Name("name")],
                format!(
                    "`{}` and the type `{spec_name}` would get the same module name; set the type's `rust_name`",
                    a.name
                ),
            );
        }
        let rate = match a.rate_limit {
            Some(limit) if limit.per_second == 0 => {
                ctx.error(
                    doc,
                    &[Key::Name("rate_limit"), Key::Name("per_second")],
                    "a rate limit of 0 requests per second allows nothing; use at least 1",
                );
                default_rate
            }
            Some(limit) => limit.per_second,
            None => default_rate,
        };
        let input = fields::lower(
            ctx,
            doc,
            &a.name,
            &[Key::Name("input")],
            &a.input,
            index,
            Role::Input,
        );
        let output = fields::lower(
            ctx,
            doc,
            &a.name,
            &[Key::Name("output")],
            &a.output,
            index,
            Role::Output,
        );
        let mut codes: Vec<String> = Vec::new();
        for (i, code) in a.errors.iter().enumerate() {
            let keys = [Key::Name("errors"), Key::Index(i)];
            if codes.contains(code) {
                ctx.error(doc, &keys, format!("`{code}` is listed twice"));
            } else if !errors.iter().any(|e| &e.code == code) && ctx.spec.errors.is_some() {
                ctx.error(
                    doc,
                    &keys,
                    format!("error code `{code}` is not declared in `errors.yaml`"),
                );
            } else {
                codes.push(code.clone());
            }
        }
        let pagination = a
            .pagination
            .as_ref()
            .and_then(|p| pagination(ctx, doc, p, &input, &output, types));
        out.push(ActionIr {
            name: a.name.clone(),
            doc: a.doc.clone(),
            module: names::module_name(&a.name),
            safe_to_resend: a.safe_to_resend,
            signed: a.signed,
            rate_limit_per_second: rate,
            input,
            output,
            errors: codes,
            examples: a
                .examples
                .iter()
                .map(|e| ExampleIr {
                    title: e.title.clone(),
                    doc: e.doc.clone(),
                    tencent_example: e.tencent_example,
                    input_mismatch: e.input_mismatch.clone(),
                    output_mismatch: e.output_mismatch.clone(),
                    input: e.input.clone(),
                    output: e.output.clone(),
                })
                .collect(),
            pagination,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Resolves `pagination`, checking that each name is a field of the right kind and that one
/// pair (`offset`/`limit` or `page`/`page_size`) is stated. `items` and `total` may name a
/// member of a structure answer field, one level down (`Data.TotalCount`).
fn pagination(
    ctx: &mut Ctx<'_>,
    doc: &Document<Action>,
    p: &crate::model::Pagination,
    input: &[FieldIr],
    output: &[FieldIr],
    types: &[TypeIr],
) -> Option<PaginationIr> {
    // Optional or required: the paginator sets the position on each page either way, and a
    // required one (`DescribeNamespacePersonal`'s `Offset`) is given by the caller for the first.
    let integer = |f: &FieldIr| f.ty == TypeRef::Scalar(Scalar::Integer);
    let parameter = |ctx: &mut Ctx<'_>, key: &'static str, name: &Option<String>| {
        name.as_ref().map(|name| {
            let found = input.iter().position(|f| &f.wire == name && integer(f));
            if found.is_none() {
                ctx.error(
                    doc,
                    &[Key::Name("pagination"), Key::Name(key)],
                    format!("`{name}` is not an Integer input field of this action"),
                );
            }
            found
        })
    };
    let offset = parameter(ctx, "offset", &p.offset);
    let limit = parameter(ctx, "limit", &p.limit);
    let page = parameter(ctx, "page", &p.page);
    let page_size = parameter(ctx, "page_size", &p.page_size);
    let items = answer_path(
        ctx,
        doc,
        "items",
        &p.items,
        output,
        types,
        "an `Array of …`",
        &|f| matches!(f.ty, TypeRef::Array(_)),
    );
    let total = match &p.total {
        Some(name) => answer_path(
            ctx,
            doc,
            "total",
            name,
            output,
            types,
            "an Integer or UInt64",
            &|f| {
                matches!(
                    f.ty,
                    TypeRef::Scalar(Scalar::Integer) | TypeRef::Scalar(Scalar::UInt64)
                )
            },
        )
        .map(Some),
        None => Some(None),
    };
    if p.first_page.is_some() && p.page.is_none() {
        ctx.key_error(
            doc,
            &[Key::Name("pagination")],
            "first_page",
            "`first_page` goes with `page`",
        );
    }
    let paging = match (offset, limit, page, page_size) {
        (Some(offset), Some(limit), None, None) => PagingIr::Offset {
            offset: offset?,
            limit: limit?,
        },
        (None, None, Some(page), Some(page_size)) => PagingIr::Page {
            page: page?,
            page_size: page_size?,
            first_page: p.first_page.unwrap_or(1),
        },
        _ => {
            ctx.error(
                doc,
                &[Key::Name("pagination")],
                "state either `offset` and `limit` (paging by items) or `page` and `page_size` (paging by page number)",
            );
            return None;
        }
    };
    Some(PaginationIr {
        paging,
        items: items?,
        total: total?,
    })
}

/// Resolves an answer field named in `pagination`: `Items`, or `Data.Items` for a member of
/// the structure field `Data`. `kind` says what `fits` accepts, for the error.
#[allow(clippy::too_many_arguments)]
fn answer_path(
    ctx: &mut Ctx<'_>,
    doc: &Document<Action>,
    key: &'static str,
    name: &str,
    output: &[FieldIr],
    types: &[TypeIr],
    kind: &str,
    fits: &dyn Fn(&FieldIr) -> bool,
) -> Option<AnswerPath> {
    let keys = [Key::Name("pagination"), Key::Name(key)];
    let parts: Vec<&str> = name.split('.').collect();
    match parts.as_slice() {
        [field] => {
            let found = output.iter().position(|f| f.wire == *field && fits(f));
            if found.is_none() {
                ctx.error(
                    doc,
                    &keys,
                    format!("`{name}` is not {kind} output field of this action"),
                );
            }
            found.map(|field| AnswerPath {
                field,
                member: None,
            })
        }
        [outer, member] => {
            let structure = output.iter().enumerate().find_map(|(i, f)| match &f.ty {
                TypeRef::Struct(type_name) if f.wire == *outer => types
                    .iter()
                    .find_map(|t| match t {
                        TypeIr::Struct(s) if s.name == *type_name => Some(s),
                        _ => None,
                    })
                    .map(|s| (i, s)),
                _ => None,
            });
            let Some((field, structure)) = structure else {
                ctx.error(
                    doc,
                    &keys,
                    format!(
                        "`{name}` names a member of `{outer}`, but `{outer}` is not an output field \
                         of this action holding a structure (an array of them does not count)"
                    ),
                );
                return None;
            };
            let found = structure
                .fields
                .iter()
                .position(|f| f.wire == *member && fits(f));
            if found.is_none() {
                ctx.error(
                    doc,
                    &keys,
                    format!("`{member}` is not {kind} field of `{}`", structure.name),
                );
            }
            found.map(|member| AnswerPath {
                field,
                member: Some(member),
            })
        }
        _ => {
            ctx.error(
                doc,
                &keys,
                format!(
                    "`{name}` goes too deep: name an answer field (`Items`) or a member of a \
                     structure answer field (`Data.Items`)"
                ),
            );
            None
        }
    }
}
