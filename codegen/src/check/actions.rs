//! `actions/*.yaml`.

use super::fields::{self, Role, TypeIndex};
use super::{Ctx, names};
use crate::ir::{
    ActionIr, ErrorCodeIr, ExampleIr, FieldIr, PagePaginationIr, PaginationIr, Scalar, TypeRef,
};
use crate::load::Document;
use crate::load::Key;
use crate::model::Action;

/// Checks and lowers every action, sorted by name.
pub(super) fn lower(
    ctx: &mut Ctx<'_>,
    index: &TypeIndex,
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
        let (pagination, page_pagination) = match a.pagination.as_ref() {
            Some(p) => pagination(ctx, doc, p, &input, &output),
            None => (None, None),
        };
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
            page_pagination,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Resolves `pagination`, checking that each name is a field of the right kind and that one
/// pair (`offset`/`limit` or `page`/`page_size`) is stated.
fn pagination(
    ctx: &mut Ctx<'_>,
    doc: &Document<Action>,
    p: &crate::model::Pagination,
    input: &[FieldIr],
    output: &[FieldIr],
) -> (Option<PaginationIr>, Option<PagePaginationIr>) {
    let integer = |f: &FieldIr| f.ty == TypeRef::Scalar(Scalar::Integer);
    let find = |ctx: &mut Ctx<'_>,
                key: &'static str,
                name: &str,
                fields: &[FieldIr],
                side: &str,
                kind: &str,
                fits: &dyn Fn(&FieldIr) -> bool| {
        let found = fields.iter().position(|f| f.wire == name && fits(f));
        if found.is_none() {
            ctx.error(
                doc,
                &[Key::Name("pagination"), Key::Name(key)],
                format!("`{name}` is not an {kind} {side} field of this action"),
            );
        }
        found
    };
    let optional_integer = |f: &FieldIr| integer(f) && !f.required;
    let parameter = |ctx: &mut Ctx<'_>, key: &'static str, name: &Option<String>| {
        name.as_ref().map(|name| {
            find(
                ctx,
                key,
                name,
                input,
                "input",
                "optional Integer",
                &optional_integer,
            )
        })
    };
    let offset = parameter(ctx, "offset", &p.offset);
    let limit = parameter(ctx, "limit", &p.limit);
    let page = parameter(ctx, "page", &p.page);
    let page_size = parameter(ctx, "page_size", &p.page_size);
    let items = find(
        ctx,
        "items",
        &p.items,
        output,
        "output",
        "`Array of …`",
        &|f| matches!(f.ty, TypeRef::Array(_)),
    );
    let total = match &p.total {
        Some(name) => find(ctx, "total", name, output, "output", "Integer", &|f| {
            integer(f)
        })
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
    match (offset, limit, page, page_size) {
        (Some(offset), Some(limit), None, None) => {
            let ir = (|| {
                Some(PaginationIr {
                    offset: offset?,
                    limit: limit?,
                    items: items?,
                    total: total?,
                })
            })();
            (ir, None)
        }
        (None, None, Some(page), Some(page_size)) => {
            let ir = (|| {
                Some(PagePaginationIr {
                    page: page?,
                    page_size: page_size?,
                    first_page: p.first_page.unwrap_or(1),
                    items: items?,
                    total: total?,
                })
            })();
            (None, ir)
        }
        _ => {
            ctx.error(
                doc,
                &[Key::Name("pagination")],
                "state either `offset` and `limit` (paging by items) or `page` and `page_size` (paging by page number)",
            );
            (None, None)
        }
    }
}
