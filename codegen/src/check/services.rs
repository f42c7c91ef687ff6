//! `service.yaml` and `errors.yaml`.

use super::{Ctx, names};
use crate::ir::{ErrorCodeIr, ServiceIr};
use crate::load::{Document, Key};
use crate::model::{ErrorCatalog, ErrorDef, Service};

pub(super) fn service(ctx: &mut Ctx<'_>, doc: &Document<Service>) -> ServiceIr {
    let s = &doc.value;
    let lower_name = !s.name.is_empty()
        && s.name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
        && s.name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !lower_name {
        ctx.error(
            doc,
            &[Key::Name("name")],
            format!(
                "service name `{}` must be lowercase letters and digits, as in hosts (`tcr`)",
                s.name
            ),
        );
    }
    let version_ok = s.version.len() == 10
        && s.version.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !version_ok {
        ctx.error(
            doc,
            &[Key::Name("version")],
            format!(
                "version `{}` must be a date `YYYY-MM-DD`, as in `X-TC-Version`",
                s.version
            ),
        );
    }
    for (key, host) in [
        ("china", &s.endpoints.china),
        ("international", &s.endpoints.international),
        ("regional", &s.endpoints.regional),
    ] {
        if host.contains("://") || host.contains('/') || host.is_empty() {
            ctx.error(
                doc,
                &[Key::Name("endpoints"), Key::Name(key)],
                format!("`{host}` must be a bare host name, without scheme or path"),
            );
        }
    }
    if !s.endpoints.regional.contains("{region}") {
        ctx.error(
            doc,
            &[Key::Name("endpoints"), Key::Name("regional")],
            "the regional host must contain `{region}`",
        );
    }
    if s.rate_limit.per_second == 0 {
        ctx.error(
            doc,
            &[Key::Name("rate_limit"), Key::Name("per_second")],
            "a rate limit of 0 requests per second allows nothing; use at least 1",
        );
    }
    ServiceIr {
        name: s.name.clone(),
        version: s.version.clone(),
        title: s.title.clone(),
        doc: s.doc.clone(),
        china: s.endpoints.china.clone(),
        international: s.endpoints.international.clone(),
        regional: s.endpoints.regional.clone(),
        rate_limit_per_second: s.rate_limit.per_second,
    }
}

pub(super) fn errors(ctx: &mut Ctx<'_>, doc: &Document<ErrorCatalog>) -> Vec<ErrorCodeIr> {
    let mut out: Vec<ErrorCodeIr> = Vec::new();
    let groups: [(&str, &[ErrorDef], bool); 2] = [
        ("common", &doc.value.common, true),
        ("service", &doc.value.service, false),
    ];
    for (group, defs, common) in groups {
        for (i, def) in defs.iter().enumerate() {
            let keys = [Key::Name(group), Key::Index(i), Key::Name("code")];
            if !names::is_error_code(&def.code) {
                ctx.error(
                    doc,
                    &keys,
                    format!(
                        "error code `{}` must be dot-separated names (`FailedOperation.DbError`)",
                        def.code
                    ),
                );
                continue;
            }
            let variant = names::error_variant(&def.code);
            if out.iter().any(|e| e.code == def.code) {
                ctx.error(doc, &keys, format!("duplicate error code `{}`", def.code));
                continue;
            }
            if let Some(other) = out.iter().find(|e| e.variant == variant) {
                ctx.error(
                    doc,
                    &keys,
                    format!(
                        "error codes `{}` and `{}` both become the Rust variant `{variant}`",
                        other.code, def.code
                    ),
                );
                continue;
            }
            if variant == "Unknown" {
                ctx.error(
                    doc,
                    &keys,
                    "`Unknown` is reserved for codes the spec does not declare",
                );
                continue;
            }
            out.push(ErrorCodeIr {
                code: def.code.clone(),
                variant,
                doc: def.doc.clone(),
                common,
                refused_before_acting: def.refused_before_acting,
                transient: def.transient,
            });
        }
    }
    out
}
