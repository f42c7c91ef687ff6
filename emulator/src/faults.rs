//! Faults a test can order: fail calls with a code, delay answers, or perform a call and close
//! the connection without answering.
//!
//! A fault concerns one action (or every action) and the next N calls of it, or every call until
//! the faults are cleared. Only calls that reach the action count: authenticated, with a known
//! action and version. Errors are answered before the rate limit and parameter checks; a delay
//! holds back the answer, whatever it is; closing happens after the action was performed
//! (its parameters passed every check and its logic ran), so that the client sees no answer to
//! a call that did take effect.
//!
//! Faults are ordered with [`Emulator::inject`](crate::Emulator::inject) or, for clients in
//! other languages, over HTTP: `POST /_emulator/faults` with the JSON form of [`FaultSpec`].

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tcr_api::ErrorCode;
use tcr_api::action::Action;

use crate::api_error::{ApiError, is_common};
use crate::routes::Routes;

/// The longest delay a fault may order.
pub const MAX_DELAY: Duration = Duration::from_secs(300);

/// One fault order: what to do, to which action (and, if given, to which account's calls), how
/// many times.
///
/// JSON form (for `POST /_emulator/faults`):
///
/// ```json
/// {"action": "CreateServiceAccount", "kind": "error", "code": "InternalError", "times": 2}
/// {"action": "CreateServiceAccount", "kind": "delay", "millis": 1500}
/// {"action": "CreateServiceAccount", "kind": "close_after_perform"}
/// {"kind": "delay", "millis": 200, "times": "always"}
/// {"account": "200000000002", "kind": "error", "code": "InternalError"}
/// ```
///
/// `action` absent means every action; `account` absent means every caller (an account's
/// calls are those signed with its credentials, temporary ones included); `times` absent means
/// once. An error may also carry a
/// `"message"`.
///
/// ```
/// use std::time::Duration;
/// use tcr_api::ErrorCode;
/// use tcr_api::actions::CreateServiceAccountRequest;
/// use tcr_emulator::FaultSpec;
///
/// let twice = FaultSpec::fail(ErrorCode::InternalError)
///     .on::<CreateServiceAccountRequest>()
///     .times(2);
/// let slow = FaultSpec::delay(Duration::from_millis(500)).always();
/// let lost = FaultSpec::close_after_perform().on_action("CreateServiceAccount");
/// # let _ = (twice, slow, lost);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultSpec {
    /// The action it applies to; `None` for every action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The account whose calls it applies to; `None` for every caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// What to do.
    #[serde(flatten)]
    pub fault: Fault,
    /// How many calls it applies to.
    #[serde(default)]
    pub times: Times,
}

/// What a fault does to a call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this error code (one the spec declares for the action, or a common one).
    Error {
        /// The code.
        code: ErrorCode,
        /// The message; a default one says the fault was injected.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// Hold the answer back this many milliseconds.
    Delay {
        /// Milliseconds, at most [`MAX_DELAY`].
        millis: u64,
    },
    /// Perform the action, then close the connection without answering.
    CloseAfterPerform,
}

/// How many calls a fault applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TimesRepr", into = "TimesRepr")]
pub enum Times {
    /// The next N calls (N at least 1). JSON: the number.
    Next(u32),
    /// Every call until the faults are cleared. JSON: `"always"`.
    Always,
}

impl Default for Times {
    fn default() -> Self {
        Times::Next(1)
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum TimesRepr {
    Count(u32),
    Word(String),
}

impl TryFrom<TimesRepr> for Times {
    type Error = String;

    fn try_from(value: TimesRepr) -> Result<Self, Self::Error> {
        match value {
            TimesRepr::Count(n) => Ok(Times::Next(n)),
            TimesRepr::Word(word) if word == "always" => Ok(Times::Always),
            TimesRepr::Word(_) => Err("`times` must be a number or \"always\"".to_owned()),
        }
    }
}

impl From<Times> for TimesRepr {
    fn from(value: Times) -> Self {
        match value {
            Times::Next(n) => TimesRepr::Count(n),
            Times::Always => TimesRepr::Word("always".to_owned()),
        }
    }
}

impl FaultSpec {
    fn new(fault: Fault) -> FaultSpec {
        FaultSpec {
            action: None,
            account: None,
            fault,
            times: Times::default(),
        }
    }

    /// Answer with `code` (and a default message).
    pub fn fail(code: ErrorCode) -> FaultSpec {
        FaultSpec::new(Fault::Error {
            code,
            message: None,
        })
    }

    /// Answer with `code` and `message`.
    pub fn fail_with(code: ErrorCode, message: impl Into<String>) -> FaultSpec {
        FaultSpec::new(Fault::Error {
            code,
            message: Some(message.into()),
        })
    }

    /// Hold the answer back for `delay` (counted in whole milliseconds).
    pub fn delay(delay: Duration) -> FaultSpec {
        FaultSpec::new(Fault::Delay {
            millis: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        })
    }

    /// Perform the action, then close the connection without answering.
    pub fn close_after_perform() -> FaultSpec {
        FaultSpec::new(Fault::CloseAfterPerform)
    }

    /// Only for the action `A`.
    pub fn on<A: Action>(self) -> FaultSpec {
        self.on_action(A::INFO.name)
    }

    /// Only for the action called `name` (checked when the fault is injected).
    pub fn on_action(mut self, name: impl Into<String>) -> FaultSpec {
        self.action = Some(name.into());
        self
    }

    /// For the next `n` calls (at least 1).
    pub fn times(mut self, n: u32) -> FaultSpec {
        self.times = Times::Next(n);
        self
    }

    /// For every call until the faults are cleared.
    pub fn always(mut self) -> FaultSpec {
        self.times = Times::Always;
        self
    }

    /// Applies the fault only to calls signed by `account`'s credentials (a uin such as
    /// `200000000002`).
    pub fn for_account(mut self, account: impl Into<String>) -> FaultSpec {
        self.account = Some(account.into());
        self
    }

    fn applies_to(&self, action: &str, account: Option<&str>) -> bool {
        self.action.as_deref().is_none_or(|a| a == action)
            && self.account.as_deref().is_none_or(|a| Some(a) == account)
    }
}

/// Why a fault order was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultError {
    /// The action is not one of the spec.
    #[error("no action is called `{0}`")]
    UnknownAction(String),
    /// The code is neither common nor declared for the action, so TCR would never answer it.
    #[error("`{code}` is not a code {target} can answer (the spec declares it for neither)")]
    UndeclaredCode {
        /// The code.
        code: String,
        /// The action, or "every action".
        target: String,
    },
    /// `times` is 0.
    #[error("`times` must be at least 1 (or \"always\")")]
    ZeroTimes,
    /// The delay is longer than [`MAX_DELAY`].
    #[error("a delay may be at most {} seconds", MAX_DELAY.as_secs())]
    DelayTooLong,
}

/// The pending faults, in the order they were ordered.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pending: Mutex<Vec<FaultSpec>>,
}

impl Faults {
    /// Checks `spec` against the spec's actions and codes, and arms it.
    pub(crate) fn inject(&self, spec: FaultSpec, routes: &Routes) -> Result<(), FaultError> {
        check(&spec, routes)?;
        self.lock().push(spec);
        Ok(())
    }

    /// The error to answer a call of `action` with, if one is ordered.
    pub(crate) fn take_error(&self, action: &str, account: Option<&str>) -> Option<ApiError> {
        match self.take(action, account, |f| matches!(f, Fault::Error { .. }))? {
            Fault::Error { code, message } => Some(ApiError::new(
                code,
                message.unwrap_or_else(|| "fault injected by the emulator".to_owned()),
            )),
            _ => None,
        }
    }

    /// How long to hold back the answer to a call of `action`, if ordered.
    pub(crate) fn take_delay(&self, action: &str, account: Option<&str>) -> Option<Duration> {
        match self.take(action, account, |f| matches!(f, Fault::Delay { .. }))? {
            Fault::Delay { millis } => Some(Duration::from_millis(millis)),
            _ => None,
        }
    }

    /// Whether to close the connection after performing a call of `action`.
    pub(crate) fn take_close(&self, action: &str, account: Option<&str>) -> bool {
        self.take(action, account, |f| matches!(f, Fault::CloseAfterPerform))
            .is_some()
    }

    /// The faults still pending.
    pub(crate) fn pending(&self) -> Vec<FaultSpec> {
        self.lock().clone()
    }

    /// Drops every pending fault.
    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    /// The first pending fault of the right kind for `action`, counted down.
    fn take(
        &self,
        action: &str,
        account: Option<&str>,
        kind: impl Fn(&Fault) -> bool,
    ) -> Option<Fault> {
        let mut pending = self.lock();
        let index = pending
            .iter()
            .position(|spec| spec.applies_to(action, account) && kind(&spec.fault))?;
        let fault = pending[index].fault.clone();
        match &mut pending[index].times {
            Times::Always => {}
            Times::Next(n) if *n > 1 => *n -= 1,
            Times::Next(_) => {
                pending.remove(index);
            }
        }
        Some(fault)
    }

    fn lock(&self) -> MutexGuard<'_, Vec<FaultSpec>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Checks a fault order against the spec's actions and codes.
pub(crate) fn check(spec: &FaultSpec, routes: &Routes) -> Result<(), FaultError> {
    let route = match &spec.action {
        Some(name) => Some(
            routes
                .get(name)
                .ok_or_else(|| FaultError::UnknownAction(name.clone()))?,
        ),
        None => None,
    };
    if spec.times == Times::Next(0) {
        return Err(FaultError::ZeroTimes);
    }
    match &spec.fault {
        Fault::Error { code, .. } => {
            let declared =
                route.map_or_else(|| is_common(code), |r| r.info.declares(code.as_str()));
            if !declared {
                return Err(FaultError::UndeclaredCode {
                    code: code.to_string(),
                    target: route
                        .map_or_else(|| "every action".to_owned(), |r| r.info.name.to_owned()),
                });
            }
        }
        Fault::Delay { millis } => {
            if Duration::from_millis(*millis) > MAX_DELAY {
                return Err(FaultError::DelayTooLong);
            }
        }
        Fault::CloseAfterPerform => {}
    }
    Ok(())
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fault {
            Fault::Error { code, .. } => write!(f, "answer {code}")?,
            Fault::Delay { millis } => write!(f, "delay the answer {millis} ms")?,
            Fault::CloseAfterPerform => f.write_str("perform, then close without answering")?,
        }
        match &self.action {
            Some(action) => write!(f, " to {action}")?,
            None => f.write_str(" to every action")?,
        }
        match self.times {
            Times::Next(n) => write!(f, ", next {n} call(s)"),
            Times::Always => f.write_str(", every call"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tcr_api::actions::ModifyServiceAccountPasswordRequest;

    #[test]
    fn json_forms() {
        let spec: FaultSpec = serde_json::from_value(json!(
            {"action": "CreateServiceAccount", "kind": "error", "code": "InternalError", "times": 2}
        ))
        .unwrap();
        assert_eq!(
            spec,
            FaultSpec::fail(ErrorCode::InternalError)
                .on_action("CreateServiceAccount")
                .times(2)
        );
        let spec: FaultSpec =
            serde_json::from_value(json!({"kind": "delay", "millis": 5, "times": "always"}))
                .unwrap();
        assert_eq!(spec, FaultSpec::delay(Duration::from_millis(5)).always());
        let spec: FaultSpec =
            serde_json::from_value(json!({"kind": "close_after_perform"})).unwrap();
        assert_eq!(spec, FaultSpec::close_after_perform());
        assert_eq!(
            serde_json::to_value(FaultSpec::close_after_perform().always()).unwrap(),
            json!({"kind": "close_after_perform", "times": "always"})
        );
        assert!(serde_json::from_value::<FaultSpec>(json!({"kind": "explode"})).is_err());
        assert!(
            serde_json::from_value::<FaultSpec>(
                json!({"kind": "delay", "millis": 1, "times": "often"})
            )
            .is_err()
        );
    }

    #[test]
    fn counted_down_and_checked_against_the_spec() {
        let routes = Routes::from_spec();
        let faults = Faults::default();
        faults
            .inject(
                FaultSpec::fail(ErrorCode::InternalError)
                    .on_action("CreateServiceAccount")
                    .times(2),
                &routes,
            )
            .unwrap();
        assert!(
            faults
                .take_error("ModifyServiceAccountPassword", None)
                .is_none()
        );
        assert!(faults.take_error("CreateServiceAccount", None).is_some());
        assert!(faults.take_error("CreateServiceAccount", None).is_some());
        assert!(faults.take_error("CreateServiceAccount", None).is_none());
        assert_eq!(faults.pending(), []);

        assert_eq!(
            faults.inject(FaultSpec::close_after_perform().on_action("Nope"), &routes),
            Err(FaultError::UnknownAction("Nope".into()))
        );
        assert!(matches!(
            faults.inject(
                FaultSpec::fail(ErrorCode::OperationDeniedQuotaOverLimit)
                    .on::<ModifyServiceAccountPasswordRequest>(),
                &routes
            ),
            Err(FaultError::UndeclaredCode { .. })
        ));
        assert!(matches!(
            faults.inject(FaultSpec::fail(ErrorCode::OperationDenied), &routes),
            Err(FaultError::UndeclaredCode { .. })
        ));
        assert_eq!(
            faults.inject(FaultSpec::close_after_perform().times(0), &routes),
            Err(FaultError::ZeroTimes)
        );
        faults
            .inject(FaultSpec::delay(Duration::from_millis(3)).always(), &routes)
            .unwrap();
        for _ in 0..3 {
            assert_eq!(
                faults.take_delay("CreateServiceAccount", None),
                Some(Duration::from_millis(3))
            );
        }
        faults.clear();
        assert!(faults.take_delay("CreateServiceAccount", None).is_none());
    }
}
