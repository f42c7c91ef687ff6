//! The providers that call STS, against a scripted transport: what they send (signed or not,
//! the region, the parameters), what they make of the answers, and how profiles with
//! `role_arn` and `source_profile` resolve.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use support::{Capture, TempDir};
use tencentcloud_runtime::client::{
    BoxFuture, HttpError, HttpResponse, HttpTransport, PreparedRequest,
};
use tencentcloud_runtime::credentials::{
    AssumeRoleCredentials, Credentials, CredentialsError, DefaultCredentialsChain,
    InstanceRoleCredentials, ProfileCredentials, ProfileRoleProblem, StaticCredentials, StsConfig,
    VarSource, WebIdentityCredentials,
};

/// Answers each STS request with fresh temporary credentials `AKIDTMP<n>` (or with the error
/// it is told to), and keeps the requests.
#[derive(Debug, Clone, Default)]
struct FakeSts {
    seen: Arc<Mutex<Vec<PreparedRequest>>>,
    error: Option<&'static str>,
}

impl FakeSts {
    fn failing(code: &'static str) -> Self {
        FakeSts {
            error: Some(code),
            ..FakeSts::default()
        }
    }
    fn requests(&self) -> Vec<PreparedRequest> {
        self.seen.lock().unwrap().clone()
    }
    fn config(&self) -> StsConfig {
        StsConfig::new().with_transport(self.clone())
    }
}

impl HttpTransport for FakeSts {
    fn send(
        &self,
        request: PreparedRequest,
        _timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        let n = {
            let mut seen = self.seen.lock().unwrap();
            seen.push(request);
            seen.len()
        };
        let body = match self.error {
            Some(code) => format!(
                r#"{{"Response": {{"Error": {{"Code": "{code}", "Message": "no"}}, "RequestId": "r-{n}"}}}}"#
            ),
            None => format!(
                r#"{{"Response": {{"Credentials": {{"Token": "TMP-TOKEN-{n}", "TmpSecretId": "AKIDTMP{n}",
                    "TmpSecretKey": "TMP-SECRET-KEY-{n}"}}, "ExpiredTime": 1700003600,
                    "Expiration": "2023-11-14T23:13:20Z", "RequestId": "r-{n}"}}}}"#
            ),
        };
        Box::pin(async move { Ok(HttpResponse::new(200, body)) })
    }
}

fn body(request: &PreparedRequest) -> serde_json::Value {
    serde_json::from_slice(&request.body).unwrap()
}

fn source() -> StaticCredentials {
    StaticCredentials::new(Credentials::new("AKIDSOURCE", "SOURCE-SECRET-KEY").unwrap())
}

const ROLE: &str = "qcs::cam::uin/100000000001:roleName/ci-deployer";

#[tokio::test]
async fn assume_role_signs_with_the_source_and_reads_the_answer() {
    let sts = FakeSts::default();
    let provider = AssumeRoleCredentials::new(ROLE, source())
        .with_session_name("pipeline-1842")
        .with_duration(Duration::from_secs(3600))
        .with_external_id("ext-1")
        .with_sts(sts.config());
    let credentials = provider.load().await.unwrap();
    assert_eq!(credentials.secret_id(), "AKIDTMP1");
    assert_eq!(credentials.secret_key().expose_str(), "TMP-SECRET-KEY-1");
    assert_eq!(credentials.token().unwrap().expose_str(), "TMP-TOKEN-1");
    assert_eq!(
        credentials.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(1_700_003_600))
    );
    let sent = &sts.requests()[0];
    assert_eq!(sent.url, "https://sts.tencentcloudapi.com/");
    assert_eq!(sent.header("X-TC-Action"), Some("AssumeRole"));
    assert_eq!(sent.header("X-TC-Version"), Some("2018-08-13"));
    assert_eq!(sent.header("X-TC-Region"), Some("ap-guangzhou"));
    assert!(
        sent.header("Authorization")
            .unwrap()
            .starts_with("TC3-HMAC-SHA256 Credential=AKIDSOURCE/")
    );
    assert!(
        sent.header("Authorization")
            .unwrap()
            .contains("/sts/tc3_request")
    );
    assert_eq!(
        body(sent),
        serde_json::json!({"RoleArn": ROLE, "RoleSessionName": "pipeline-1842",
                           "DurationSeconds": 3600, "ExternalId": "ext-1"})
    );
}

#[tokio::test]
async fn sts_errors_name_the_role_and_the_code() {
    let sts = FakeSts::failing("ResourceNotFound.RoleNotFound");
    let error = AssumeRoleCredentials::new(ROLE, source())
        .with_sts(sts.config())
        .load()
        .await
        .unwrap_err();
    assert!(matches!(error, CredentialsError::Sts { .. }));
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("cannot get credentials for role {ROLE} from STS: AssumeRole failed with ResourceNotFound.RoleNotFound")),
        "{message}"
    );
    // Not retried: the code is not transient.
    assert_eq!(sts.requests().len(), 1);

    // A session name that breaks STS's rule is refused before anything is sent.
    let sts = FakeSts::default();
    let error = AssumeRoleCredentials::new(ROLE, source())
        .with_session_name("no spaces allowed")
        .with_sts(sts.config())
        .load()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("RoleSessionName"), "{error}");
    assert!(sts.requests().is_empty());
}

fn tke_vars(token_file: &std::path::Path) -> Vec<(&'static str, String)> {
    vec![
        ("TKE_REGION", "ap-shanghai".to_owned()),
        ("TKE_PROVIDER_ID", "tke-cls-7fk2m9qa".to_owned()),
        (
            "TKE_WEB_IDENTITY_TOKEN_FILE",
            token_file.to_str().unwrap().to_owned(),
        ),
        ("TKE_ROLE_ARN", ROLE.to_owned()),
    ]
}

#[tokio::test]
async fn web_identity_is_unsigned_names_tke_region_and_never_shows_the_token() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.subscriber());
    let dir = TempDir::new();
    let token_file = dir.write("token", "JWT-HEADER.JWT-BODY.JWT-SIGNATURE\n");
    let sts = FakeSts::default();
    let provider = WebIdentityCredentials::from_vars(VarSource::from_pairs(tke_vars(&token_file)))
        .with_sts(sts.config().with_region("ap-beijing"));
    let credentials = provider.load().await.unwrap();
    assert_eq!(credentials.secret_id(), "AKIDTMP1");

    let sent = &sts.requests()[0];
    assert_eq!(
        sent.header("X-TC-Action"),
        Some("AssumeRoleWithWebIdentity")
    );
    assert_eq!(sent.header("Authorization"), Some("SKIP"), "sent unsigned");
    assert_eq!(sent.header("X-TC-Token"), None);
    assert_eq!(
        sent.header("X-TC-Region"),
        Some("ap-shanghai"),
        "TKE_REGION wins over the STS configuration's region"
    );
    let body = body(sent);
    assert_eq!(
        body["WebIdentityToken"],
        "JWT-HEADER.JWT-BODY.JWT-SIGNATURE"
    );
    assert_eq!(body["ProviderId"], "tke-cls-7fk2m9qa");
    assert_eq!(body["RoleArn"], ROLE);
    assert!(
        body["RoleSessionName"]
            .as_str()
            .unwrap()
            .starts_with("tencentcloud-rust-")
    );

    let texts = [
        format!("{provider:?}"),
        format!("{credentials:?}"),
        format!("{sent:?}"),
        capture.text(),
    ];
    for text in texts {
        assert!(!text.contains("JWT-BODY"), "{text}");
        assert!(!text.contains("TMP-SECRET-KEY-1"), "{text}");
        assert!(!text.contains("TMP-TOKEN-1"), "{text}");
    }
}

#[tokio::test]
async fn web_identity_configuration_errors() {
    let dir = TempDir::new();
    let load = |pairs: Vec<(&'static str, String)>| async move {
        WebIdentityCredentials::from_vars(VarSource::from_pairs(pairs))
            .with_sts(FakeSts::default().config())
            .load()
            .await
            .unwrap_err()
    };
    let error = load(vec![]).await;
    assert!(error.is_not_found(), "{error}");

    let mut partial = tke_vars(&dir.path().join("token"));
    partial.retain(|(name, _)| *name != "TKE_ROLE_ARN" && *name != "TKE_PROVIDER_ID");
    let error = load(partial).await;
    assert_eq!(
        error.to_string(),
        "TKE web identity is partly configured: TKE_REGION, TKE_WEB_IDENTITY_TOKEN_FILE set, \
         TKE_PROVIDER_ID, TKE_ROLE_ARN missing; set all four of TKE_REGION, TKE_PROVIDER_ID, \
         TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN (TKE does in a pod with a CAM role), or none"
    );

    let missing = dir.path().join("token");
    let error = load(tke_vars(&missing)).await;
    assert_eq!(
        error.to_string(),
        format!(
            "web identity token file {} (named by TKE_WEB_IDENTITY_TOKEN_FILE) does not exist",
            missing.display()
        )
    );
    let empty = dir.write("empty", " \n");
    assert!(
        load(tke_vars(&empty))
            .await
            .to_string()
            .ends_with("is empty")
    );
    let two = dir.write("two", "TOKEN-ONE\nTOKEN-TWO\n");
    let error = load(tke_vars(&two)).await.to_string();
    assert!(
        error.contains("holds more than one token") && !error.contains("TOKEN-ONE"),
        "{error}"
    );
}

const ROLE_PROFILES: &str = "\
[keys]
secret_id = AKIDSOURCE
secret_key = SOURCE-SECRET-KEY

[deploy]
role_arn = qcs::cam::uin/100000000001:roleName/ci-deployer
source_profile = keys
role_session_name = deploy-session
duration_seconds = 1800
region = ap-singapore

[audit]
role_arn = qcs::cam::uin/100000000002:roleName/auditor
source_profile = deploy

[own]
secret_id = AKIDOWN
secret_key = OWN-SECRET-KEY
role_arn = qcs::cam::uin/100000000001:roleName/self
source_profile = own
";

#[tokio::test]
async fn a_profile_assumes_a_role_with_its_source_profile() {
    let dir = TempDir::new();
    let path = dir.write("credentials", ROLE_PROFILES);
    let sts = FakeSts::default();
    let profile = |name: &str| {
        ProfileCredentials::from_path(&path)
            .with_section(name)
            .with_sts(sts.config())
    };

    let credentials = profile("deploy").load().await.unwrap();
    assert_eq!(credentials.secret_id(), "AKIDTMP1");
    let sent = &sts.requests()[0];
    assert!(
        sent.header("Authorization")
            .unwrap()
            .contains("Credential=AKIDSOURCE/")
    );
    assert_eq!(sent.header("X-TC-Region"), Some("ap-singapore"));
    assert_eq!(
        body(sent),
        serde_json::json!({"RoleArn": ROLE, "RoleSessionName": "deploy-session", "DurationSeconds": 1800})
    );

    // A role assumed with another role's credentials: two calls, the second signed with the
    // first's temporary key and token.
    let credentials = profile("audit").load().await.unwrap();
    assert_eq!(credentials.secret_id(), "AKIDTMP3");
    let requests = sts.requests();
    assert!(
        requests[1]
            .header("Authorization")
            .unwrap()
            .contains("Credential=AKIDSOURCE/")
    );
    assert!(
        requests[2]
            .header("Authorization")
            .unwrap()
            .contains("Credential=AKIDTMP2/")
    );
    assert_eq!(requests[2].header("X-TC-Token"), Some("TMP-TOKEN-2"));
    assert_eq!(
        body(&requests[2])["RoleArn"],
        "qcs::cam::uin/100000000002:roleName/auditor"
    );

    // A profile whose own keys assume its role.
    profile("own").load().await.unwrap();
    assert!(
        sts.requests()[3]
            .header("Authorization")
            .unwrap()
            .contains("Credential=AKIDOWN/")
    );
}

#[tokio::test]
async fn broken_role_profiles_are_errors_naming_file_section_and_rule() {
    let dir = TempDir::new();
    let path = dir.write(
        "credentials",
        "[nosource]\nrole_arn = qcs::cam::uin/1:roleName/r\n\n\
         [missing]\nrole_arn = qcs::cam::uin/1:roleName/r\nsource_profile = ghost\n\n\
         [a]\nrole_arn = qcs::cam::uin/1:roleName/r\nsource_profile = b\n\n\
         [b]\nrole_arn = qcs::cam::uin/1:roleName/r\nsource_profile = a\n\n\
         [both]\nsecret_id = AKID\nsecret_key = K\nrole_arn = qcs::cam::uin/1:roleName/r\nsource_profile = a\n\n\
         [long]\nrole_arn = qcs::cam::uin/1:roleName/r\nsource_profile = long\nsecret_id = AKID\nsecret_key = K\nduration_seconds = an hour\n",
    );
    let sts = FakeSts::default();
    let problem = |name: &'static str| {
        let provider = ProfileCredentials::from_path(&path)
            .with_section(name)
            .with_sts(sts.config());
        async move {
            match provider.load().await.unwrap_err() {
                CredentialsError::ProfileRole { problem, .. } => problem,
                other => panic!("{name}: {other}"),
            }
        }
    };
    assert_eq!(
        problem("nosource").await,
        ProfileRoleProblem::NoSourceProfile
    );
    assert!(matches!(
        problem("missing").await,
        ProfileRoleProblem::SourceProfileMissing { source_profile, .. } if source_profile == "ghost"
    ));
    assert_eq!(
        problem("a").await,
        ProfileRoleProblem::Cycle {
            profiles: vec!["a".into(), "b".into(), "a".into()]
        }
    );
    assert!(matches!(
        problem("both").await,
        ProfileRoleProblem::KeysBesideRole { .. }
    ));
    assert_eq!(problem("long").await, ProfileRoleProblem::BadDuration);
    assert!(
        sts.requests().is_empty(),
        "nothing is sent for a broken profile"
    );

    let error = ProfileCredentials::from_path(&path)
        .with_section("a")
        .load()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "credentials file {}, section [b] (line 12) has `source_profile`s that go round in a \
             loop: [a] -> [b] -> [a]",
            path.display()
        )
    );
}

/// The default chain's order with an injected environment and files: each source wins over
/// those after it, and the chain only reaches a source when those before have nothing.
#[tokio::test]
async fn the_default_chain_tries_sources_in_tencents_order() {
    let dir = TempDir::new();
    let token_file = dir.write("token", "JWT");
    let profile = dir.write(
        "credentials",
        "[default]\nsecret_id = AKIDPROFILE\nsecret_key = K\n",
    );
    let sts = FakeSts::default();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let no_metadata = InstanceRoleCredentials::new().with_base_url(format!(
        "http://127.0.0.1:{port}/latest/meta-data/cam/security-credentials/"
    ));
    let chain = |env: &[&str]| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if env.contains(&"environment") {
            pairs.push(("TENCENTCLOUD_SECRET_ID", "AKIDENV".into()));
            pairs.push(("TENCENTCLOUD_SECRET_KEY", "K".into()));
        }
        if env.contains(&"profile") {
            pairs.push((
                "TENCENTCLOUD_CREDENTIALS_FILE",
                profile.to_str().unwrap().into(),
            ));
        }
        if env.contains(&"tke") {
            pairs.extend(tke_vars(&token_file));
        }
        DefaultCredentialsChain::from_vars(VarSource::from_pairs(pairs))
            .with_instance_role(no_metadata.clone())
            .with_sts(sts.config())
    };
    let id = |chain: DefaultCredentialsChain| async move {
        chain.load().await.map(|c| c.secret_id().to_owned())
    };
    assert_eq!(
        id(chain(&["environment", "profile", "tke"])).await.unwrap(),
        "AKIDENV"
    );
    assert_eq!(id(chain(&["profile", "tke"])).await.unwrap(), "AKIDPROFILE");
    assert!(sts.requests().is_empty());
    assert_eq!(id(chain(&["tke"])).await.unwrap(), "AKIDTMP1");
    assert_eq!(sts.requests().len(), 1);
    let explicit = chain(&["environment", "tke"])
        .with_explicit(Credentials::new("AKIDEXPLICIT", "K").unwrap());
    assert_eq!(id(explicit).await.unwrap(), "AKIDEXPLICIT");
    let error = id(chain(&[])).await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert_eq!(sts.requests().len(), 1);
}
