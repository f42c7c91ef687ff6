//! Where each structure is used (requests, answers, both or neither), and from that which of
//! its members are plain values in Rust.
//!
//! A structure reached from a request must hold its `required` members; one reached from an
//! answer holds its `always_present` members that are never `null`. A member is a plain `T`
//! only when every side the structure is used on guarantees it ([`Usage::plain`]). The flags
//! of a side a structure is never used on are kept but change nothing: Tencent states both
//! sides' flags on a type it declares for both directions, even where one API uses it one way.

use std::collections::BTreeMap;

use crate::ir::{ActionIr, FieldIr, TypeIr, TypeRef, Usage};

/// Sets each structure's [`Usage`] and its members' [`FieldIr::plain`].
pub(super) fn resolve(types: &mut [TypeIr], actions: &[ActionIr]) {
    let usage = usages(types, actions);
    for t in types.iter_mut() {
        let TypeIr::Struct(s) = t else { continue };
        let used = usage.get(&s.name).copied().unwrap_or_default();
        s.usage = used;
        for field in &mut s.fields {
            field.plain = used.plain(field.required, field.answer);
        }
    }
}

/// The usage of every structure reachable from an action, by Rust name. Recursion-safe: a
/// structure is walked once per side.
fn usages(types: &[TypeIr], actions: &[ActionIr]) -> BTreeMap<String, Usage> {
    let fields_of = |name: &str| -> Option<&[FieldIr]> {
        match types.iter().find(|t| t.name() == name) {
            Some(TypeIr::Struct(s)) => Some(&s.fields),
            _ => None,
        }
    };
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    for answers in [false, true] {
        let mut pending: Vec<&TypeRef> = actions
            .iter()
            .flat_map(|a| if answers { &a.output } else { &a.input })
            .map(|f| &f.ty)
            .collect();
        while let Some(ty) = pending.pop() {
            let TypeRef::Struct(name) = ty.element() else {
                continue;
            };
            let entry = usage.entry(name.clone()).or_default();
            let side = if answers {
                &mut entry.answers
            } else {
                &mut entry.requests
            };
            if *side {
                continue;
            }
            *side = true;
            if let Some(fields) = fields_of(name) {
                pending.extend(fields.iter().map(|f| &f.ty));
            }
        }
    }
    usage
}
