//! `CreateInstanceToken`: a credential to log in to a running instance's registry
//! (`docker login -u <Username> -p <Token>`).
//!
//! The token is in this answer only: the emulator keeps its salted hash (and
//! `Emulator::login_matches` checks a login against it). `Username` is the caller's account
//! (uin), as in Tencent's examples.
//!
//! Choices where Tencent's documentation is silent:
//! - `temp` (the default): valid one hour, never listed, `TokenId` empty; `Desc` is ignored.
//! - `longterm`: an id of 20 lowercase letters and digits (`ctrm3g86h7cp1kb7el2g`'s form),
//!   enabled, valid 87600 hours (ten years, the instance's `TokenValidTime`), listed by
//!   `DescribeInstanceToken`.
//! - The token is 64 random letters and digits (Tencent's is a signed JWT; nothing here reads
//!   it).
//! - Another `TokenType` is `InvalidParameter`.
//!
//! Refusals: an unknown instance is `ResourceNotFound`; one still being set up is
//! `ResourceInsufficient`.

use tcr_api::actions::{CreateInstanceTokenRequest, CreateInstanceTokenResponse};
use tcr_api::primitives::UnixMillis;

use super::instances::TOKEN_VALID_HOURS;
use super::{Context, Perform, internal};
use crate::api_error::{ApiError, short};
use crate::state::{InstanceToken, PasswordHash, TemporaryToken, invalid};

const HOUR_MS: i64 = 3_600_000;

impl Perform for CreateInstanceTokenRequest {
    fn perform(self, cx: &Context<'_>) -> Result<CreateInstanceTokenResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let long_term = match self.token_type.as_ref().map(|t| t.as_str()) {
            None | Some("temp") => false,
            Some("longterm") => true,
            Some(other) => {
                return Err(invalid(format!(
                    "TokenType: `{}` is not a token type; use temp or longterm",
                    short(other)
                )));
            }
        };
        let (id, token, expires_ms) = cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let token = cx.random.alphanumeric(64);
            let hash = PasswordHash::new(&token);
            if long_term {
                let id = cx.random.lowercase_alphanumeric(20);
                let expires_ms = now_ms.saturating_add(i64::from(TOKEN_VALID_HOURS) * HOUR_MS);
                instance.tokens.push(InstanceToken {
                    id: id.clone(),
                    desc: self.desc.unwrap_or_default(),
                    enabled: true,
                    created_ms: now_ms,
                    expires_ms,
                    hash,
                });
                Ok((id, token, expires_ms))
            } else {
                let expires_ms = now_ms.saturating_add(HOUR_MS);
                instance.temporary_tokens.retain(|t| t.expires_ms > now_ms);
                instance
                    .temporary_tokens
                    .push(TemporaryToken { expires_ms, hash });
                Ok((String::new(), token, expires_ms))
            }
        })?;
        CreateInstanceTokenResponse::builder()
            .username(place.account)
            .token(token)
            .exp_time(UnixMillis::new(expires_ms))
            .token_id(id)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
