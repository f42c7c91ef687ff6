//! The route table: every action of the spec, learnt from `tcr_api::visit_actions`.
//!
//! The protocol layer knows each action's name, version, parameters, declared error codes and
//! rate limit from the spec, so an action added to `api-spec/` is authenticated, rate-limited
//! and validated by the emulator as soon as the code is regenerated. Its business logic is
//! hand-written (`actions/`); until it is, the action answers `UnsupportedOperation` once the
//! request has passed every check.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use tcr_api::action::{Action, ActionVisitor, Parameter};
use tcr_api::{ErrorCode, visit_actions};

use crate::actions::{self, Context};
use crate::protocol::ApiError;

/// What running an action's logic came to.
pub(crate) enum Outcome {
    /// The request was refused before the action's logic ran (its parameters broke a rule).
    Refused(ApiError),
    /// The action's logic ran: its output fields, or the error it ended with.
    Performed(Result<Map<String, Value>, ApiError>),
}

/// Decodes the parameters into the action's request type, validates it and performs it.
pub(crate) type Runner = fn(&Context<'_>, Map<String, Value>) -> Outcome;

/// One action, as the spec describes it.
pub(crate) struct Route {
    /// `CreateServiceAccount`.
    pub(crate) name: &'static str,
    /// The API version it belongs to (`2019-09-24`).
    pub(crate) version: &'static str,
    /// The codes it can answer beyond the common ones.
    pub(crate) errors: &'static [&'static str],
    /// Its top-level parameters.
    pub(crate) parameters: &'static [Parameter],
    /// Requests per second allowed.
    pub(crate) rate_limit_per_second: u32,
    /// Its logic.
    pub(crate) run: Runner,
}

impl Route {
    /// Whether the action may answer `code`: common to every action, or declared for this one.
    pub(crate) fn declares(&self, code: &ErrorCode) -> bool {
        code.is_common() || self.errors.contains(&code.as_str())
    }
}

/// Every action of the spec, by name.
pub(crate) struct Routes {
    by_name: BTreeMap<&'static str, Route>,
}

impl Routes {
    /// The table for every action `tcr_api::visit_actions` knows.
    pub(crate) fn from_spec() -> Routes {
        struct Collect {
            implemented: Vec<(&'static str, Runner)>,
            by_name: BTreeMap<&'static str, Route>,
        }
        impl ActionVisitor for Collect {
            fn visit<A: Action>(&mut self) {
                let run = self
                    .implemented
                    .iter()
                    .find(|(name, _)| *name == A::NAME)
                    .map_or(actions::run_unimplemented::<A> as Runner, |(_, run)| *run);
                self.by_name.insert(
                    A::NAME,
                    Route {
                        name: A::NAME,
                        version: A::SERVICE.version,
                        errors: A::ERRORS,
                        parameters: A::PARAMETERS,
                        rate_limit_per_second: A::RATE_LIMIT_PER_SECOND,
                        run,
                    },
                );
            }
        }
        let mut collect = Collect {
            implemented: actions::implemented(),
            by_name: BTreeMap::new(),
        };
        visit_actions(&mut collect);
        Routes {
            by_name: collect.by_name,
        }
    }

    /// The action called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Route> {
        self.by_name.get(name)
    }

    /// Every action, in name order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Route> {
        self.by_name.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_action_is_routed_and_every_implementation_is_in_the_spec() {
        let routes = Routes::from_spec();
        assert!(routes.get("CreateServiceAccount").is_some());
        assert!(routes.get("ModifyServiceAccountPassword").is_some());
        for (name, _) in actions::implemented() {
            assert!(routes.get(name).is_some(), "{name} is not in the spec");
        }
        let create = routes.get("CreateServiceAccount").unwrap();
        assert!(create.declares(&ErrorCode::OperationDeniedQuotaOverLimit));
        assert!(create.declares(&ErrorCode::ResourceNotFound));
        let modify = routes.get("ModifyServiceAccountPassword").unwrap();
        assert!(!modify.declares(&ErrorCode::OperationDeniedQuotaOverLimit));
    }
}
