//! Who may get temporary credentials from the emulator, and the credentials it issued: the
//! roles STS may hand out, the web-identity tokens it accepts, the CVM instance's role.

mod issued;

use std::collections::{BTreeSet, HashMap};

use tcr_api::ErrorCode;
use tcr_api::primitives::Sensitive;

pub(crate) use issued::{Fresh, IssuedKeys, TemporaryKey};
pub use issued::{IssuedCredentials, Issuer};

use crate::api_error::{ApiError, short};

/// Which role ARNs exist.
#[derive(Clone, Debug)]
pub(crate) enum RolePolicy {
    /// Every ARN of the documented form (`qcs::cam::uin/<account>:roleName/<name>` or
    /// `…:role/<id>`).
    AnyWellFormed,
    /// Only these.
    Only(BTreeSet<String>),
}

/// A web-identity token the emulator accepts, from one identity provider.
#[derive(Clone, Debug)]
pub(crate) struct WebIdentity {
    pub(crate) provider_id: String,
    pub(crate) token: Sensitive,
}

/// The emulator's identity settings and issued credentials.
pub(crate) struct Identities {
    pub(crate) issued: IssuedKeys,
    roles: RolePolicy,
    web_identities: Vec<WebIdentity>,
    instance_role: Option<String>,
    /// The account of each long-lived SecretId.
    accounts: HashMap<String, String>,
    /// The account of the emulated CVM instance's role: the first credential's.
    instance_account: String,
}

impl Identities {
    /// `accounts` maps each long-lived SecretId to its account; the first credential's account
    /// is the CVM instance's.
    pub(crate) fn new(
        roles: RolePolicy,
        web_identities: Vec<WebIdentity>,
        instance_role: Option<String>,
        accounts: HashMap<String, String>,
        instance_account: String,
    ) -> Identities {
        Identities {
            issued: IssuedKeys::default(),
            roles,
            web_identities,
            instance_role,
            accounts,
            instance_account,
        }
    }

    /// The account `secret_id` belongs to: the one it was given with, or for temporary
    /// credentials the account of the role they were issued for.
    pub(crate) fn account_of(&self, secret_id: &str) -> Option<String> {
        match self.accounts.get(secret_id) {
            Some(account) => Some(account.clone()),
            None => self.issued.with_key(secret_id, |key| key.account.clone()),
        }
    }

    /// The account the CVM instance's role belongs to.
    pub(crate) fn instance_account(&self) -> &str {
        &self.instance_account
    }

    /// `ResourceNotFound.RoleNotFound` unless `role_arn` exists.
    pub(crate) fn check_role(&self, role_arn: &str) -> Result<(), ApiError> {
        let exists = match &self.roles {
            RolePolicy::AnyWellFormed => is_well_formed_role_arn(role_arn),
            RolePolicy::Only(roles) => roles.contains(role_arn),
        };
        if exists {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::from("ResourceNotFound.RoleNotFound"),
                format!(
                    "there is no role `{}` (the emulator knows ARNs of the form \
                     qcs::cam::uin/<account>:roleName/<name>, or those given with --role)",
                    short(role_arn)
                ),
            ))
        }
    }

    /// `InvalidParameter.WebIdentityTokenError` unless `token` is one the emulator accepts from
    /// `provider_id`.
    pub(crate) fn check_web_identity(
        &self,
        provider_id: &str,
        token: &str,
    ) -> Result<(), ApiError> {
        let accepted = self
            .web_identities
            .iter()
            .any(|w| w.provider_id == provider_id && w.token.expose_str() == token);
        if accepted {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::from("InvalidParameter.WebIdentityTokenError"),
                format!(
                    "the web identity token is not one the emulator accepts from the identity \
                     provider `{}` (configure one with --web-identity)",
                    short(provider_id)
                ),
            ))
        }
    }

    /// The role bound to the emulated CVM instance.
    pub(crate) fn instance_role(&self) -> Option<&str> {
        self.instance_role.as_deref()
    }
}

/// The account of a role: the digits after `qcs::cam::uin/` (`100000000001` in
/// `qcs::cam::uin/100000000001:roleName/ci`); `None` for an ARN of another form.
pub(crate) fn role_account(arn: &str) -> Option<&str> {
    let (account, _) = arn.strip_prefix("qcs::cam::uin/")?.split_once(':')?;
    crate::credential::is_account_id(account).then_some(account)
}

/// `qcs::cam::uin/<digits>:roleName/<name>` or `qcs::cam::uin/<digits>:role/<rest>`.
pub(crate) fn is_well_formed_role_arn(arn: &str) -> bool {
    let Some(rest) = arn.strip_prefix("qcs::cam::uin/") else {
        return false;
    };
    let Some((account, role)) = rest.split_once(':') else {
        return false;
    };
    let named = role
        .strip_prefix("roleName/")
        .or_else(|| role.strip_prefix("role/"));
    !account.is_empty()
        && account.bytes().all(|b| b.is_ascii_digit())
        && named.is_some_and(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_of_the_documented_forms() {
        assert!(is_well_formed_role_arn(
            "qcs::cam::uin/100000000001:roleName/deployer"
        ));
        assert!(is_well_formed_role_arn(
            "qcs::cam::uin/12345678:role/4611686018427397919"
        ));
        assert!(!is_well_formed_role_arn(
            "qcs::cam::uin/abc:roleName/deployer"
        ));
        assert!(!is_well_formed_role_arn("qcs::cam::uin/1:roleName/"));
        assert!(!is_well_formed_role_arn("arn:aws:iam::1:role/x"));
        assert_eq!(
            role_account("qcs::cam::uin/200000000002:roleName/ci"),
            Some("200000000002")
        );
        assert_eq!(role_account("qcs::cam::uin/x:roleName/ci"), None);
    }

    #[test]
    fn web_identities_match_provider_and_token() {
        let identities = Identities::new(
            RolePolicy::AnyWellFormed,
            vec![WebIdentity {
                provider_id: "p".into(),
                token: Sensitive::new("t".to_owned()),
            }],
            None,
            HashMap::new(),
            crate::DEFAULT_ACCOUNT.to_owned(),
        );
        assert!(identities.check_web_identity("p", "t").is_ok());
        let error = identities.check_web_identity("q", "t").unwrap_err();
        assert_eq!(
            error.code.as_str(),
            "InvalidParameter.WebIdentityTokenError"
        );
        assert!(!error.message.contains("`t`"));
    }
}
