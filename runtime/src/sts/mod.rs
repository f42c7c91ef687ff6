//! Security Token Service (STS) 2018-08-13: the actions the credential providers call to get
//! temporary credentials, generated from the spec files in `runtime/sts-spec/` by the same
//! generator as every other service (`cargo xtask codegen`), not written by hand.
//!
//! - [`actions::AssumeRoleRequest`]: temporary credentials of a CAM role, for a caller with
//!   credentials of its own (a profile's `source_profile`).
//! - [`actions::AssumeRoleWithWebIdentityRequest`]: temporary credentials of a CAM role for an
//!   OIDC token (a TKE pod's); sent unsigned, as Tencent specifies.
//!
//! Most programs never call these directly: the credential providers
//! ([`AssumeRoleCredentials`](crate::credentials::AssumeRoleCredentials), a profile's
//! `role_arn`, [`WebIdentityCredentials`](crate::credentials::WebIdentityCredentials)) do,
//! behind a cache. The [`Client`] sends them like any generated client: validated against the
//! spec's rules, signed (or not, as each action's spec says), retried where safe,
//! rate-limited.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use tencentcloud_runtime::sts::Client;
//!
//! let sts = Client::builder().region("ap-guangzhou").build()?;
//! let answer = sts
//!     .assume_role()
//!     .role_arn("qcs::cam::uin/100000000001:roleName/ci-deployer")
//!     .role_session_name("pipeline-1842")
//!     .duration_seconds(3600)
//!     .send()
//!     .await?;
//! println!("expires at {:?}", answer.expired_time);
//! # Ok(()) }
//! ```

#[rustfmt::skip]
mod generated;

pub use generated::client::Client;
pub use generated::error_code::ErrorCode;
pub use generated::service::SERVICE;
pub use generated::{actions, types};

#[cfg(test)]
mod tests {
    use super::actions::{AssumeRoleRequest, AssumeRoleResponse, AssumeRoleWithWebIdentityRequest};
    use crate::action::Action;
    use crate::validation::Validate;

    #[test]
    fn the_spec_says_which_action_is_signed_and_what_is_secret() {
        assert!(AssumeRoleRequest::INFO.signed);
        assert!(!AssumeRoleWithWebIdentityRequest::INFO.signed);
        assert_eq!(AssumeRoleRequest::INFO.rate_limit_per_second, 600);
        assert_eq!(
            AssumeRoleWithWebIdentityRequest::INFO.rate_limit_per_second,
            20
        );
        assert_eq!(AssumeRoleRequest::INFO.service.name, "sts");
        assert_eq!(AssumeRoleRequest::INFO.service.version, "2018-08-13");

        let request = AssumeRoleWithWebIdentityRequest::builder()
            .provider_id("tke-cls-1")
            .web_identity_token("JWT-NOT-TO-BE-SHOWN")
            .role_arn("qcs::cam::uin/1:roleName/r")
            .role_session_name("s")
            .build()
            .unwrap();
        assert!(!format!("{request:?}").contains("JWT-NOT-TO-BE-SHOWN"));
        let answer: AssumeRoleResponse = serde_json::from_str(
            r#"{"Credentials": {"Token": "TOKEN-HIDDEN", "TmpSecretId": "AKIDT", "TmpSecretKey": "KEY-HIDDEN"},
                "ExpiredTime": 1714560000, "Expiration": "2024-05-01T10:40:00Z", "RequestId": "r"}"#,
        )
        .unwrap();
        let shown = format!("{answer:?}");
        assert!(shown.contains("AKIDT"), "{shown}");
        assert!(
            !shown.contains("TOKEN-HIDDEN") && !shown.contains("KEY-HIDDEN"),
            "{shown}"
        );
    }

    #[test]
    fn the_session_name_rule_is_checked_before_sending() {
        let request = AssumeRoleRequest::builder()
            .role_arn("qcs::cam::uin/1:roleName/r")
            .role_session_name("has space")
            .build()
            .unwrap();
        let error = request.validate().unwrap_err();
        assert!(error.to_string().starts_with("RoleSessionName:"), "{error}");
    }
}
