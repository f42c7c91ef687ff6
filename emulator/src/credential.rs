//! The credentials the emulator accepts.

use std::fmt;
use std::str::FromStr;

use tcr_api::primitives::Sensitive;

/// The SecretId of the documented default pair, accepted when no other credentials are given.
pub const DEFAULT_SECRET_ID: &str = "AKIDTCREMULATOR";

/// The SecretKey of the documented default pair. It protects nothing: the emulator is a local
/// test server.
pub const DEFAULT_SECRET_KEY: &str = "tcr-emulator-secret-key";

/// The account (a Tencent Cloud uin) that credentials belong to unless told otherwise: the
/// default pair's, and that of any pair given without an account.
pub const DEFAULT_ACCOUNT: &str = "100000000001";

/// A SecretId and SecretKey pair the emulator accepts, and the account (uin) it belongs to.
/// `Debug` never shows the key.
///
/// Resources live per account and region: a request signed with this pair sees only what its
/// account created in the request's region.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    secret_id: String,
    secret_key: Sensitive<String>,
    account: String,
}

impl Credential {
    /// A pair of the default account ([`DEFAULT_ACCOUNT`]).
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Credential {
        Credential {
            secret_id: secret_id.into(),
            secret_key: Sensitive::new(secret_key.into()),
            account: DEFAULT_ACCOUNT.to_owned(),
        }
    }

    /// The same pair, belonging to the account `uin` (digits, such as `200000000002`).
    ///
    /// ```
    /// use tcr_emulator::Credential;
    ///
    /// let other = Credential::new("AKIDother", "other-key").account("200000000002");
    /// assert_eq!(other.account_id(), "200000000002");
    /// ```
    ///
    /// An account that is not all digits is refused when the emulator starts.
    pub fn account(mut self, uin: impl Into<String>) -> Credential {
        self.account = uin.into();
        self
    }

    /// The account the pair belongs to.
    pub fn account_id(&self) -> &str {
        &self.account
    }

    /// The documented default pair, [`DEFAULT_SECRET_ID`] and [`DEFAULT_SECRET_KEY`].
    pub fn default_pair() -> Credential {
        Credential::new(DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY)
    }

    /// The SecretId.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey.
    pub fn secret_key(&self) -> &str {
        self.secret_key.expose_str()
    }

    /// Whether this is the documented default pair.
    pub fn is_default_pair(&self) -> bool {
        self.secret_id == DEFAULT_SECRET_ID && self.secret_key.expose_str() == DEFAULT_SECRET_KEY
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &self.secret_key)
            .field("account", &self.account)
            .finish()
    }
}

/// Whether `uin` can name an account: one or more ASCII digits.
pub(crate) fn is_account_id(uin: &str) -> bool {
    !uin.is_empty() && uin.bytes().all(|b| b.is_ascii_digit())
}

/// Why `ID:KEY[@UIN]` could not be read as a credential.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected ID:KEY or ID:KEY@UIN, with a non-empty SecretId and SecretKey and an account of digits"
)]
pub struct CredentialParseError;

/// Reads `ID:KEY` or `ID:KEY@UIN` (the SecretId ends at the first `:`; the key may contain
/// more; a last `@` followed by digits only names the account, else the pair belongs to
/// [`DEFAULT_ACCOUNT`]). A key that itself ends in `@` and digits must be followed by its
/// account: `ID:key@123@100000000001`.
///
/// ```
/// use tcr_emulator::{Credential, DEFAULT_ACCOUNT};
///
/// let c: Credential = "AKIDtest:some:key".parse()?;
/// assert_eq!((c.secret_id(), c.secret_key()), ("AKIDtest", "some:key"));
/// assert_eq!(c.account_id(), DEFAULT_ACCOUNT);
/// assert!(!format!("{c:?}").contains("some:key"));
/// let other: Credential = "AKIDother:k@y@200000000002".parse()?;
/// assert_eq!((other.secret_key(), other.account_id()), ("k@y", "200000000002"));
/// # Ok::<(), tcr_emulator::CredentialParseError>(())
/// ```
impl FromStr for Credential {
    type Err = CredentialParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (id, rest) = s.split_once(':').ok_or(CredentialParseError)?;
        let (key, account) = match rest.rsplit_once('@') {
            Some((key, uin)) if is_account_id(uin) => (key, Some(uin)),
            _ => (rest, None),
        };
        if id.is_empty() || key.is_empty() {
            return Err(CredentialParseError);
        }
        let credential = Credential::new(id, key);
        Ok(match account {
            Some(uin) => credential.account(uin),
            None => credential,
        })
    }
}
