//! `ModifyInstanceToken`: changes a long-term token as `ModifyFlag` says: `1` its description
//! (`Desc`), `2` (the default) whether it is enabled (`Enable`).
//!
//! Choices where Tencent's documentation is silent: the member the flag names must be given
//! (else `MissingParameter`), the other is ignored; another `ModifyFlag` is `InvalidParameter`.
//! A disabled token no longer logs in. Refusals: an unknown instance or token is
//! `ResourceNotFound`; an instance still being set up is `ResourceInsufficient`.

use tcr_api::ErrorCode;
use tcr_api::actions::{ModifyInstanceTokenRequest, ModifyInstanceTokenResponse};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::{invalid, no_token};

/// The change a request asks for.
enum Change {
    Desc(String),
    Enable(bool),
}

impl Perform for ModifyInstanceTokenRequest {
    fn perform(self, cx: &Context<'_>) -> Result<ModifyInstanceTokenResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let missing = |name: &str, flag: i64| {
            ApiError::new(
                ErrorCode::MissingParameter,
                format!("{name}: is required with ModifyFlag {flag}"),
            )
        };
        let change = match self.modify_flag.unwrap_or(2) {
            1 => Change::Desc(self.desc.ok_or_else(|| missing("Desc", 1))?),
            2 => Change::Enable(self.enable.ok_or_else(|| missing("Enable", 2))?),
            other => {
                return Err(invalid(format!(
                    "ModifyFlag: must be 1 (the description) or 2 (enabled or not), not {other}"
                )));
            }
        };
        cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let token = instance
                .tokens
                .iter_mut()
                .find(|t| t.id == self.token_id)
                .ok_or_else(|| no_token(&self.token_id, &self.registry_id))?;
            match change {
                Change::Desc(desc) => token.desc = desc,
                Change::Enable(enabled) => token.enabled = enabled,
            }
            Ok(())
        })?;
        ModifyInstanceTokenResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
