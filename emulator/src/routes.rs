//! The route table: every action of the specs, learnt from `tcr_api::actions::visit_actions`
//! (TCR) and `tencentcloud_runtime::sts::actions::visit_actions` (STS, which the emulator
//! plays on the same port so that programs get temporary credentials from it), each with its
//! behaviour.
//!
//! The protocol layer knows each action's name, version, parameters, declared error codes and
//! rate limit from the spec (its [`ActionInfo`]), so an action added to `api-spec/` is
//! authenticated, rate-limited and validated by the emulator as soon as the code is
//! regenerated. Its behaviour is hand-written (`actions/`); until it is, the action answers
//! `UnsupportedOperation` once the request has passed every check.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tcr_api::action::{Action, ActionInfo, ServerActionVisitor};
use tcr_api::actions::visit_server_actions;

use crate::actions::{self, Runner};

/// One action: what the spec says of it, and its behaviour.
pub(crate) struct Route {
    /// The spec's description of the action.
    pub(crate) info: &'static ActionInfo,
    /// Its behaviour.
    pub(crate) run: Runner,
}

/// Every action of the spec, by name.
pub(crate) struct Routes {
    by_name: BTreeMap<&'static str, Route>,
}

impl Routes {
    /// The table for every action of the specs, with the behaviours `actions/` registers.
    ///
    /// # Panics
    /// When `actions/` registers a behaviour for an action the specs do not have, or two specs
    /// have an action of the same name: bugs that every test run finds at once.
    pub(crate) fn from_spec() -> Routes {
        struct Collect(BTreeMap<&'static str, Route>);
        impl ServerActionVisitor for Collect {
            fn visit<A>(&mut self)
            where
                A: Action + DeserializeOwned,
                A::Output: Serialize,
            {
                let route = Route {
                    info: A::INFO,
                    run: actions::unimplemented::<A>,
                };
                self.0.insert(A::INFO.name, route);
            }
        }
        let mut collect = Collect(BTreeMap::new());
        visit_server_actions(&mut collect);
        let tcr_actions = collect.0.len();
        tencentcloud_runtime::sts::actions::visit_server_actions(&mut collect);
        assert_eq!(
            collect.0.len(),
            tcr_actions + 2,
            "an STS action has the name of a TCR action; the routes are by name"
        );
        let mut by_name = collect.0;
        for (info, run) in actions::implemented() {
            match by_name.get_mut(info.name) {
                Some(route) if std::ptr::eq(route.info, info) => route.run = run,
                _ => panic!(
                    "the emulator implements {}, which the spec does not have",
                    info.name
                ),
            }
        }
        Routes { by_name }
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
    fn every_spec_action_is_routed_and_implemented_ones_run_their_behaviour() {
        let routes = Routes::from_spec();
        for (info, run) in actions::implemented() {
            let route = routes
                .get(info.name)
                .expect("registered actions are in the spec");
            assert!(
                std::ptr::fn_addr_eq(route.run, run),
                "{} runs its behaviour",
                info.name
            );
        }
        let create = routes.get("CreateServiceAccount").unwrap();
        assert!(create.info.declares("OperationDenied.QuotaOverLimit"));
        assert!(create.info.declares("ResourceNotFound"));
        let modify = routes.get("ModifyServiceAccountPassword").unwrap();
        assert!(!modify.info.declares("OperationDenied.QuotaOverLimit"));
    }
}
