//! Credentials and their providers, with injected environments and temporary profile files
//! (the process environment is never touched).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tencentcloud_runtime::credentials::{
    CredentialField, CredentialSource, Credentials, CredentialsError, DefaultCredentialsChain,
    EnvironmentCredentials, InstanceRoleCredentials, ProfileCredentials, ProfileSyntax,
    ProvideCredentials, StaticCredentials, ValueProblem, VarSource,
};

/// A directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "tcr-api-credentials-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `~/.tencentcloud/credentials` with this home directory and returns its path.
    fn write_profile(&self, contents: &str) -> PathBuf {
        let dir = self.0.join(".tencentcloud");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("credentials");
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Writes a file of this name and returns its path.
    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    fn home(&self) -> String {
        self.0.to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const PROFILE: &str = "\
# Tencent Cloud credentials
[default]
secret_id = AKIDPROFILE
secret_key = PROFILEKEY

; a second identity
[prod]
secret_id=AKIDPROD
secret_key=PRODKEY
token = PRODTOKEN
region = ap-guangzhou
";

fn vars<const N: usize>(pairs: [(&str, &str); N]) -> VarSource {
    VarSource::from_pairs(pairs)
}

/// The default chain over `vars`, its CVM step pointed at a local port where nothing listens:
/// tests never reach a real metadata service.
fn default_chain(vars: VarSource) -> DefaultCredentialsChain {
    DefaultCredentialsChain::from_vars(vars).with_instance_role(nothing_listens())
}

/// A metadata provider whose service cannot be reached (connection refused at once).
fn nothing_listens() -> InstanceRoleCredentials {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    InstanceRoleCredentials::new().with_base_url(format!(
        "http://127.0.0.1:{port}/latest/meta-data/cam/security-credentials/"
    ))
}

#[tokio::test]
async fn explicit_credentials_are_validated() {
    let c = Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE").unwrap();
    assert_eq!(c.secret_id(), "AKIDEXAMPLE");
    assert_eq!(c.secret_key().expose_str(), "SECRETEXAMPLE");
    assert!(c.token().is_none());
    let c = c.with_token("TOKEN").unwrap();
    assert_eq!(c.token().unwrap().expose_str(), "TOKEN");

    let invalid = |result: Result<Credentials, CredentialsError>| match result {
        Err(CredentialsError::InvalidValue {
            field,
            origin,
            problem,
        }) => (field, origin, problem),
        other => panic!("{other:?}"),
    };
    use CredentialField::*;
    use ValueProblem::*;
    let explicit = CredentialSource::Explicit;
    assert_eq!(
        invalid(Credentials::new(" AKID", "KEY")),
        (SecretId, explicit.clone(), SurroundingWhitespace)
    );
    assert_eq!(
        invalid(Credentials::new("AKID", "KEY\n")),
        (SecretKey, explicit.clone(), SurroundingWhitespace)
    );
    assert_eq!(
        invalid(Credentials::new("AKID", "\tKEY")),
        (SecretKey, explicit.clone(), SurroundingWhitespace)
    );
    assert_eq!(
        invalid(Credentials::new("", "KEY")),
        (SecretId, explicit.clone(), Empty)
    );
    assert_eq!(
        invalid(Credentials::new("AKID", "")),
        (SecretKey, explicit.clone(), Empty)
    );
    assert_eq!(
        invalid(Credentials::new("AKID", "KE\nY")),
        (SecretKey, explicit.clone(), ControlCharacter)
    );
    assert_eq!(
        invalid(
            Credentials::new("AKID", "KEY")
                .unwrap()
                .with_token("TOKEN ")
        ),
        (Token, explicit.clone(), SurroundingWhitespace)
    );
    assert_eq!(
        invalid(Credentials::new("AKID", "KEY").unwrap().with_token("")),
        (Token, explicit, Empty)
    );

    let message = Credentials::new("AKID", "SECRET KEY ")
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "the SecretKey from the credentials given by the program has leading or trailing \
         whitespace: remove the whitespace (it is kept, not trimmed, so that a copy-paste mistake \
         is found here rather than as a signature failure)"
    );
    assert!(!message.contains("SECRET KEY"));
}

#[tokio::test]
async fn debug_never_shows_the_key_or_token() {
    let c = Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE")
        .unwrap()
        .with_token("TOKENEXAMPLE")
        .unwrap();
    let chain = default_chain(vars([])).with_explicit(c.clone());
    let texts = [
        format!("{c:?}"),
        format!("{c:#?}"),
        format!("{:?}", StaticCredentials::new(c.clone())),
        format!("{chain:?}"),
        format!("{:?}", chain.load().await.unwrap()),
    ];
    for text in &texts {
        assert!(text.contains("AKIDEXAMPLE"), "{text}");
        assert!(!text.contains("SECRETEXAMPLE"), "{text}");
        assert!(!text.contains("TOKENEXAMPLE"), "{text}");
    }
    assert_eq!(
        texts[0],
        r#"Credentials { secret_id: "AKIDEXAMPLE", secret_key: "[redacted]", token: Some("[redacted]") }"#
    );

    // Errors about a secret value name it but never show it.
    let errors = [
        Credentials::new("AKID", " SECRETEXAMPLE").unwrap_err(),
        EnvironmentCredentials::from_vars(vars([
            ("TENCENTCLOUD_SECRET_ID", "AKID"),
            ("TENCENTCLOUD_SECRET_KEY", "SECRETEXAMPLE"),
            ("TENCENTCLOUD_TOKEN", "TOKENEXAMPLE\n"),
        ]))
        .load()
        .unwrap_err(),
    ];
    for error in errors {
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("SECRETEXAMPLE"), "{text}");
            assert!(!text.contains("TOKENEXAMPLE"), "{text}");
        }
    }

    // Nor does a profile error.
    let home = TempDir::new();
    let path = home.write(
        "creds",
        "[default]\nsecret_id = AKID\nsecret_key = \"SECRETEXAMPLE\"\n",
    );
    let error = ProfileCredentials::from_path(&path)
        .load()
        .await
        .unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("SECRETEXAMPLE"), "{text}");
    }
}

#[tokio::test]
async fn environment_credentials() {
    let c = EnvironmentCredentials::from_vars(vars([
        ("TENCENTCLOUD_SECRET_ID", "AKIDENV"),
        ("TENCENTCLOUD_SECRET_KEY", "ENVKEY"),
        ("TENCENTCLOUD_TOKEN", "ENVTOKEN"),
    ]))
    .load()
    .unwrap();
    assert_eq!(c.secret_id(), "AKIDENV");
    assert_eq!(c.secret_key().expose_str(), "ENVKEY");
    assert_eq!(c.token().unwrap().expose_str(), "ENVTOKEN");

    // A closure works as a source too.
    let c = EnvironmentCredentials::from_source(|name| match name {
        "TENCENTCLOUD_SECRET_ID" => Some("AKIDFN".to_owned()),
        "TENCENTCLOUD_SECRET_KEY" => Some("FNKEY".to_owned()),
        _ => None,
    })
    .load()
    .unwrap();
    assert_eq!(c.secret_id(), "AKIDFN");
    assert!(c.token().is_none());

    // Nothing set: not found.
    let error = EnvironmentCredentials::from_vars(vars([]))
        .load()
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");

    // Partly set: an error naming the variables.
    let error = EnvironmentCredentials::from_vars(vars([("TENCENTCLOUD_SECRET_ID", "AKID")]))
        .load()
        .unwrap_err();
    assert!(!error.is_not_found());
    assert!(
        error.to_string().starts_with(
            "environment variable TENCENTCLOUD_SECRET_ID is set without TENCENTCLOUD_SECRET_KEY"
        ),
        "{error}"
    );
    let error = EnvironmentCredentials::from_vars(vars([("TENCENTCLOUD_SECRET_KEY", "KEY")]))
        .load()
        .unwrap_err();
    assert!(matches!(
        &error,
        CredentialsError::IncompleteEnvironment { set, missing }
            if set == "TENCENTCLOUD_SECRET_KEY" && missing == "TENCENTCLOUD_SECRET_ID"
    ));
    let error = EnvironmentCredentials::from_vars(vars([("TENCENTCLOUD_TOKEN", "T")]))
        .load()
        .unwrap_err();
    assert!(matches!(
        error,
        CredentialsError::IncompleteEnvironment { .. }
    ));

    // Set but empty, or with whitespace: an error naming the variable.
    let error = EnvironmentCredentials::from_vars(vars([
        ("TENCENTCLOUD_SECRET_ID", ""),
        ("TENCENTCLOUD_SECRET_KEY", "KEY"),
    ]))
    .load()
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the SecretId from environment variable TENCENTCLOUD_SECRET_ID is empty: set it to the \
         value from the Tencent Cloud API key console"
    );
    let error = EnvironmentCredentials::from_vars(vars([
        ("TENCENTCLOUD_SECRET_ID", "AKID"),
        ("TENCENTCLOUD_SECRET_KEY", "KEY\r\n"),
    ]))
    .load()
    .unwrap_err();
    assert!(matches!(
        &error,
        CredentialsError::InvalidValue {
            field: CredentialField::SecretKey,
            origin: CredentialSource::Environment { variable },
            problem: ValueProblem::SurroundingWhitespace,
        } if variable == "TENCENTCLOUD_SECRET_KEY"
    ));
}

#[tokio::test]
async fn profile_default_and_named_sections() {
    let home = TempDir::new();
    let path = home.write_profile(PROFILE);

    let c = ProfileCredentials::from_vars(vars([("HOME", &home.home())]))
        .load()
        .await
        .unwrap();
    assert_eq!(c.secret_id(), "AKIDPROFILE");
    assert_eq!(c.secret_key().expose_str(), "PROFILEKEY");
    assert!(c.token().is_none());

    let prod = ProfileCredentials::from_path(&path).with_section("prod");
    assert_eq!(prod.section(), "prod");
    let c = prod.load().await.unwrap();
    assert_eq!(c.secret_id(), "AKIDPROD");
    assert_eq!(c.secret_key().expose_str(), "PRODKEY");
    assert_eq!(c.token().unwrap().expose_str(), "PRODTOKEN");

    // USERPROFILE serves when HOME is not set (Windows).
    let c = ProfileCredentials::from_vars(vars([("USERPROFILE", &home.home())]))
        .load()
        .await
        .unwrap();
    assert_eq!(c.secret_id(), "AKIDPROFILE");

    // A named section the file lacks is an error listing the sections there are.
    let error = ProfileCredentials::from_path(&path)
        .with_section("staging")
        .load()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "credentials file {} has no section [staging] (sections: [default], [prod]): add it, \
             or choose one of those",
            path.display()
        )
    );
}

#[tokio::test]
async fn credentials_file_variable_overrides_the_path() {
    let home = TempDir::new();
    home.write_profile(PROFILE);
    let elsewhere = TempDir::new();
    let path = elsewhere.write(
        "ci-credentials.ini",
        "[default]\nsecret_id = AKIDFILE\nsecret_key = FILEKEY\n",
    );
    let env = [
        ("HOME", home.home()),
        (
            "TENCENTCLOUD_CREDENTIALS_FILE",
            path.to_str().unwrap().to_owned(),
        ),
    ];
    let c = ProfileCredentials::from_vars(VarSource::from_pairs(env.clone()))
        .load()
        .await
        .unwrap();
    assert_eq!(c.secret_id(), "AKIDFILE");
    let c = default_chain(VarSource::from_pairs(env))
        .load()
        .await
        .unwrap();
    assert_eq!(c.secret_id(), "AKIDFILE");

    // A file named by the variable that does not exist is an error, not "not found".
    let missing = elsewhere.path().join("nope.ini");
    let error = default_chain(vars([
        ("HOME", &home.home()),
        ("TENCENTCLOUD_CREDENTIALS_FILE", missing.to_str().unwrap()),
    ]))
    .load()
    .await
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "credentials file {} does not exist (set by TENCENTCLOUD_CREDENTIALS_FILE): create it \
             or correct the path",
            missing.display()
        )
    );

    // Set but empty: an error.
    let error = ProfileCredentials::from_vars(vars([("TENCENTCLOUD_CREDENTIALS_FILE", "")]))
        .load()
        .await
        .unwrap_err();
    assert!(matches!(error, CredentialsError::EmptyPathVariable { .. }));
}

#[tokio::test]
async fn environment_wins_over_profile() {
    let home = TempDir::new();
    home.write_profile(PROFILE);
    let home = home.home();
    let chain = default_chain(vars([
        ("HOME", &home),
        ("TENCENTCLOUD_SECRET_ID", "AKIDENV"),
        ("TENCENTCLOUD_SECRET_KEY", "ENVKEY"),
    ]));
    assert_eq!(chain.load().await.unwrap().secret_id(), "AKIDENV");

    // Without the environment, the profile.
    let chain = default_chain(vars([("HOME", &home)]));
    assert_eq!(chain.load().await.unwrap().secret_id(), "AKIDPROFILE");

    // Through the async trait, as a trait object.
    let provider: Arc<dyn ProvideCredentials> = Arc::new(chain);
    assert_eq!(
        provider.provide_credentials().await.unwrap().secret_id(),
        "AKIDPROFILE"
    );
}

#[tokio::test]
async fn explicit_wins_over_environment() {
    let home = TempDir::new();
    home.write_profile(PROFILE);
    let chain = default_chain(vars([
        ("HOME", &home.home()),
        ("TENCENTCLOUD_SECRET_ID", "AKIDENV"),
        ("TENCENTCLOUD_SECRET_KEY", "ENVKEY"),
    ]))
    .with_explicit(Credentials::new("AKIDEXPLICIT", "EXPLICITKEY").unwrap());
    let c = chain.load().await.unwrap();
    assert_eq!(c.secret_id(), "AKIDEXPLICIT");
    assert_eq!(c.secret_key().expose_str(), "EXPLICITKEY");
    // Even when the environment is broken: it is not looked at.
    let chain = default_chain(vars([("TENCENTCLOUD_SECRET_ID", "AKIDENV")]))
        .with_explicit(Credentials::new("AKIDEXPLICIT", "EXPLICITKEY").unwrap());
    assert_eq!(chain.load().await.unwrap().secret_id(), "AKIDEXPLICIT");
}

#[tokio::test]
async fn a_broken_source_stops_the_chain() {
    let home = TempDir::new();
    home.write_profile(PROFILE);
    let home = home.home();

    // SECRET_ID without SECRET_KEY: reported, not skipped in favour of the profile's identity.
    let error = default_chain(vars([
        ("HOME", &home),
        ("TENCENTCLOUD_SECRET_ID", "AKIDENV"),
    ]))
    .load()
    .await
    .unwrap_err();
    assert!(matches!(
        error,
        CredentialsError::IncompleteEnvironment { .. }
    ));

    // A key with whitespace: reported.
    let error = default_chain(vars([
        ("HOME", &home),
        ("TENCENTCLOUD_SECRET_ID", "AKIDENV"),
        ("TENCENTCLOUD_SECRET_KEY", " ENVKEY"),
    ]))
    .load()
    .await
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("the SecretKey from environment variable TENCENTCLOUD_SECRET_KEY has leading or trailing whitespace"),
        "{error}"
    );
}

#[tokio::test]
async fn missing_key_in_profile_names_file_and_section() {
    let home = TempDir::new();
    let path = home.write_profile("[default]\nsecret_id = AKIDPROFILE\n\n[prod]\nsecret_key = K\n");
    let error = default_chain(vars([("HOME", &home.home())]))
        .load()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "credentials file {}, section [default] (line 1) has no `secret_key`: add \
             `secret_key = …` to the section",
            path.display()
        )
    );
    let error = ProfileCredentials::from_path(&path)
        .with_section("prod")
        .load()
        .await
        .unwrap_err();
    assert!(matches!(
        &error,
        CredentialsError::ProfileKeyMissing { section, key, line: 4, .. }
            if section == "prod" && key == "secret_id"
    ));
}

#[tokio::test]
async fn profile_errors_name_file_and_line() {
    let home = TempDir::new();
    let path = home.write("creds", "[default]\nsecret_id = AKID\nsecret_key: KEY\n");
    let error = ProfileCredentials::from_path(&path)
        .load()
        .await
        .unwrap_err();
    assert!(matches!(
        &error,
        CredentialsError::ProfileSyntax {
            line: 3,
            problem: ProfileSyntax::MalformedLine,
            ..
        }
    ));
    assert_eq!(
        error.to_string(),
        format!(
            "credentials file {}, line 3: expected `[section]`, `key = value`, a comment starting \
             with # or ;, or a blank line",
            path.display()
        )
    );

    // Whitespace around `=` and around the line is syntax; a quoted value is an error.
    let path = home.write(
        "spaced",
        "  [default]  \n\tsecret_id\t=\tAKID  \nsecret_key   =   KEY\t\n",
    );
    let c = ProfileCredentials::from_path(&path).load().await.unwrap();
    assert_eq!(c.secret_id(), "AKID");
    assert_eq!(c.secret_key().expose_str(), "KEY");

    let path = home.write(
        "quoted",
        "[default]\nsecret_id = AKID\nsecret_key = 'KEY'\n",
    );
    let error = ProfileCredentials::from_path(&path)
        .load()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "the SecretKey from `secret_key` in section [default] of {} (line 3) is wrapped in \
             quotes: write the value without quotes",
            path.display()
        )
    );

    let path = home.write("empty", "[default]\nsecret_id = AKID\nsecret_key =\n");
    let error = ProfileCredentials::from_path(&path)
        .load()
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        CredentialsError::InvalidValue {
            field: CredentialField::SecretKey,
            problem: ValueProblem::Empty,
            origin: CredentialSource::Profile { line: 3, .. },
        }
    ));

    // A file given by path that does not exist.
    let error = ProfileCredentials::from_path(home.path().join("absent"))
        .load()
        .await
        .unwrap_err();
    assert!(matches!(error, CredentialsError::ProfileFileMissing { .. }));
}

#[tokio::test]
async fn nothing_found_lists_every_place() {
    let home = TempDir::new();
    let metadata = nothing_listens();
    let metadata_url = metadata.base_url().to_owned();
    let error = DefaultCredentialsChain::from_vars(vars([("HOME", &home.home())]))
        .with_instance_role(metadata)
        .load()
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    let expected_file = home.path().join(".tencentcloud").join("credentials");
    let message = error.to_string();
    let expected_start = format!(
        "no Tencent Cloud credentials found (looked at: explicit credentials: none given; \
         environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY: not set; \
         profile file {}: does not exist; TKE web identity (TKE_REGION, TKE_PROVIDER_ID, \
         TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN): not set; CVM instance metadata \
         {metadata_url}: no metadata service reachable, so not a CVM instance (",
        expected_file.display()
    );
    assert!(message.starts_with(&expected_start), "{message}");
    assert!(
        message.ends_with(
            "); set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or put secret_id and \
             secret_key under [default] in ~/.tencentcloud/credentials, or give credentials \
             explicitly"
        ),
        "{message}"
    );

    // The default file without a [default] section counts as "not found" too.
    home.write_profile("[prod]\nsecret_id = A\nsecret_key = K\n");
    let error = default_chain(vars([("HOME", &home.home())]))
        .load()
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    assert!(
        error.to_string().contains(&format!(
            "section [default] of profile file {}: not in the file",
            expected_file.display()
        )),
        "{error}"
    );

    // No home directory at all.
    let error = default_chain(vars([])).load().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("profile file ~/.tencentcloud/credentials: no home directory"),
        "{error}"
    );
}

#[tokio::test]
async fn static_credentials_provide_through_the_trait() {
    let provider = StaticCredentials::from_keys("AKID", "KEY", Some("TOKEN".to_owned())).unwrap();
    let c = provider.provide_credentials().await.unwrap();
    assert_eq!(c.token().unwrap().expose_str(), "TOKEN");
    assert!(StaticCredentials::from_keys("AKID", "KEY", Some(" TOKEN".to_owned())).is_err());

    let boxed: Box<dyn ProvideCredentials> = Box::new(EnvironmentCredentials::from_vars(vars([
        ("TENCENTCLOUD_SECRET_ID", "AKIDENV"),
        ("TENCENTCLOUD_SECRET_KEY", "ENVKEY"),
    ])));
    assert_eq!(
        boxed.provide_credentials().await.unwrap().secret_id(),
        "AKIDENV"
    );
    let profile: &dyn ProvideCredentials = &ProfileCredentials::from_vars(vars([]));
    assert!(
        profile
            .provide_credentials()
            .await
            .unwrap_err()
            .is_not_found()
    );
}
