//! [`VarSource`]: where environment variables are read from.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::sync::Arc;

use super::{CredentialsError, ValueProblem};

type LookupFn = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where the providers read environment variables from: the process environment, or (in tests,
/// or for a program that keeps its configuration elsewhere) a function or a map.
///
/// Edition 2024 makes `std::env::set_var` unsafe, and tests run in parallel: inject variables
/// with [`VarSource::from_pairs`] instead of changing the process environment.
///
/// ```
/// use tencentcloud_runtime::credentials::{EnvironmentCredentials, VarSource};
///
/// let vars = VarSource::from_pairs([
///     ("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE"),
///     ("TENCENTCLOUD_SECRET_KEY", "SECRETEXAMPLE"),
/// ]);
/// let credentials = EnvironmentCredentials::from_vars(vars).load()?;
/// assert_eq!(credentials.secret_id(), "AKIDEXAMPLE");
/// # Ok::<(), tencentcloud_runtime::credentials::CredentialsError>(())
/// ```
#[derive(Clone, Default)]
pub struct VarSource {
    lookup: Option<Arc<LookupFn>>,
}

impl VarSource {
    /// The process environment.
    pub fn process() -> Self {
        VarSource { lookup: None }
    }

    /// Variables looked up by a function (`None`: not set).
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        VarSource {
            lookup: Some(Arc::new(lookup)),
        }
    }

    /// Exactly these variables, and no others.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map: HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        VarSource::from_fn(move |name| map.get(name).cloned())
    }

    /// The value of a variable, `None` when it is not set.
    pub(crate) fn get(&self, name: &str) -> Option<OsString> {
        match &self.lookup {
            None => std::env::var_os(name),
            Some(lookup) => lookup(name).map(OsString::from),
        }
    }

    /// The value of a variable that configures a credential source, `None` when it is not set.
    ///
    /// # Errors
    /// [`CredentialsError::InvalidVariable`] naming the variable and what it should hold
    /// (`expected`) when it is set but empty, not Unicode, or has surrounding whitespace.
    pub(crate) fn get_str(
        &self,
        name: &str,
        expected: &'static str,
    ) -> Result<Option<String>, CredentialsError> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        let invalid = |problem| CredentialsError::InvalidVariable {
            variable: name.to_owned(),
            problem,
            expected,
        };
        let value = value
            .into_string()
            .map_err(|_| invalid(ValueProblem::NotUnicode))?;
        if value.is_empty() {
            return Err(invalid(ValueProblem::Empty));
        }
        if value.trim() != value {
            return Err(invalid(ValueProblem::SurroundingWhitespace));
        }
        Ok(Some(value))
    }
}

impl fmt::Debug for VarSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.lookup {
            None => "VarSource::Process",
            Some(_) => "VarSource::Custom",
        })
    }
}
