//! Credentials where programs really run, end to end against the emulator playing TCR, STS and
//! the CVM metadata service: each provider, the default chain's order, a role assumed from a
//! profile's `source_profile`, expiry and refresh under a thousand concurrent calls (one STS
//! request), a metadata service that never answers, no secret in any `Debug`, `Display` or
//! TRACE line, and two programs with no key in their configuration (a TKE pod, a CVM
//! instance) creating a service account.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tcr_api::client::RateLimit;
use tcr_api::credentials::{
    AssumeRoleCredentials, CredentialsCache, CredentialsError, DefaultCredentialsChain,
    EnvironmentCredentials, InstanceRoleCredentials, MetadataProblem, ProfileCredentials,
    ProvideCredentials, StaticCredentials, StsConfig, VarSource, WebIdentityCredentials,
};
use tcr_api::types::{Permission, PermissionAction};
use tcr_api::{Error, ErrorCode};
use tcr_emulator::{DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, Emulator, Issuer};

const REGISTRY: &str = "tcr-abcd1234";
const ROLE: &str = "qcs::cam::uin/100000000001:roleName/tcr-pusher";
const PROVIDER: &str = "tke-cls-7fk2m9qa";
const POD_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.POD-TOKEN-NOT-TO-BE-LOGGED.c2ln";

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "credentials-e2e-{}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn client(
    emulator: &Emulator,
    provider: impl ProvideCredentials + 'static,
) -> tcr_api::client::ClientBuilder<tcr_api::Client> {
    tcr_api::Client::builder()
        .credentials_provider(provider)
        .endpoint_url(emulator.endpoint())
        .region("ap-guangzhou")
}

async fn create(client: &tcr_api::Client, name: &str) -> Result<String, Error> {
    client
        .create_service_account()
        .registry_id(REGISTRY)
        .name(name)
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .duration(1)
        .send()
        .await
        .map(|created| created.name)
}

async fn list(client: &tcr_api::Client) -> Result<(), Error> {
    client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .send()
        .await
        .map(drop)
}

fn sts(emulator: &Emulator) -> StsConfig {
    StsConfig::new().with_endpoint_url(emulator.endpoint())
}

fn emulator_keys() -> StaticCredentials {
    StaticCredentials::from_keys(DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, None).unwrap()
}

fn tke_vars(token_file: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("TKE_REGION", "ap-shanghai".into()),
        ("TKE_PROVIDER_ID", PROVIDER.into()),
        (
            "TKE_WEB_IDENTITY_TOKEN_FILE",
            token_file.to_str().unwrap().into(),
        ),
        ("TKE_ROLE_ARN", ROLE.into()),
    ]
}

fn profile_file(dir: &TempDir) -> PathBuf {
    dir.write(
        "credentials",
        &format!(
            "[ci]\nsecret_id = {DEFAULT_SECRET_ID}\nsecret_key = {DEFAULT_SECRET_KEY}\n\n\
             [deploy]\nrole_arn = {ROLE}\nsource_profile = ci\nrole_session_name = deploy-1\n"
        ),
    )
}

#[tokio::test]
async fn environment_keys_sign_a_call() {
    let emulator = Emulator::start().unwrap();
    let environment = EnvironmentCredentials::from_vars(VarSource::from_pairs([
        ("TENCENTCLOUD_SECRET_ID", DEFAULT_SECRET_ID),
        ("TENCENTCLOUD_SECRET_KEY", DEFAULT_SECRET_KEY),
    ]));
    let client = client(&emulator, environment).build().unwrap();
    assert_eq!(create(&client, "env-robot").await.unwrap(), "tcr$env-robot");
    assert!(emulator.issued_credentials().is_empty());
}

#[tokio::test]
async fn a_profile_assumes_a_role_with_its_source_profile() {
    let emulator = Emulator::builder().role(ROLE).start().unwrap();
    let dir = TempDir::new();
    let file = profile_file(&dir);
    let profile = ProfileCredentials::from_vars(VarSource::from_pairs([
        ("TENCENTCLOUD_CREDENTIALS_FILE", file.to_str().unwrap()),
        ("TENCENTCLOUD_PROFILE", "deploy"),
    ]))
    .with_sts(sts(&emulator));
    let client = client(&emulator, profile).build().unwrap();
    create(&client, "role-robot").await.unwrap();
    create(&client, "role-robot-2").await.unwrap();

    assert_eq!(
        emulator.calls("AssumeRole"),
        1,
        "cached for the second call"
    );
    let issued = emulator.issued_credentials();
    assert_eq!(
        issued[0].issuer,
        Issuer::AssumeRole {
            role_arn: ROLE.into(),
            session_name: "deploy-1".into(),
            caller: DEFAULT_SECRET_ID.into()
        }
    );
    assert_eq!(issued[0].region.as_deref(), Some("ap-guangzhou"));
    assert_eq!(emulator.accounts(REGISTRY).len(), 2);

    // A role the emulator does not have: STS's error, through the credentials error.
    let other = ProfileCredentials::from_path(dir.write(
        "other",
        &format!(
            "[x]\nrole_arn = qcs::cam::uin/1:roleName/missing\nsource_profile = x\n\
             secret_id = {DEFAULT_SECRET_ID}\nsecret_key = {DEFAULT_SECRET_KEY}\n"
        ),
    ))
    .with_section("x")
    .with_sts(sts(&emulator));
    let error = create(&client_for(&emulator, other), "never")
        .await
        .unwrap_err();
    let Error::Credentials { source, .. } = &error else {
        panic!("{error}")
    };
    assert!(matches!(source, CredentialsError::Sts { .. }), "{source}");
    assert!(
        error.to_string().contains("ResourceNotFound.RoleNotFound"),
        "{error}"
    );
}

fn client_for(emulator: &Emulator, provider: impl ProvideCredentials + 'static) -> tcr_api::Client {
    client(emulator, provider).build().unwrap()
}

#[tokio::test]
async fn assume_role_with_any_source() {
    let emulator = Emulator::start().unwrap();
    let provider = AssumeRoleCredentials::new(ROLE, emulator_keys())
        .with_session_name("direct")
        .with_sts(sts(&emulator));
    create(&client_for(&emulator, provider), "direct-robot")
        .await
        .unwrap();
    assert_eq!(emulator.calls("AssumeRole"), 1);
}

#[tokio::test]
async fn tke_web_identity_names_tke_region_and_is_unsigned() {
    let emulator = Emulator::builder()
        .web_identity(PROVIDER, POD_TOKEN)
        .start()
        .unwrap();
    let dir = TempDir::new();
    let token = dir.write("token", &format!("{POD_TOKEN}\n"));
    let provider = WebIdentityCredentials::from_vars(VarSource::from_pairs(tke_vars(&token)))
        .with_sts(sts(&emulator));
    create(&client_for(&emulator, provider), "pod-robot")
        .await
        .unwrap();
    let issued = emulator.issued_credentials();
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].region.as_deref(), Some("ap-shanghai"));
    assert!(matches!(
        &issued[0].issuer,
        Issuer::WebIdentity { provider_id, role_arn, session_name }
            if provider_id == PROVIDER && role_arn == ROLE && session_name.starts_with("tencentcloud-rust-")
    ));

    // TKE rotates the token: a token the emulator does not accept is STS's refusal.
    dir.write("token", "eyJ.ROTATED-BUT-UNKNOWN.sig");
    let provider = WebIdentityCredentials::from_vars(VarSource::from_pairs(tke_vars(&token)))
        .with_sts(sts(&emulator));
    let error = create(&client_for(&emulator, provider), "never")
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("InvalidParameter.WebIdentityTokenError"),
        "{error}"
    );
    assert!(
        !error.to_string().contains("ROTATED-BUT-UNKNOWN"),
        "{error}"
    );
    assert!(!format!("{error:?}").contains("ROTATED-BUT-UNKNOWN"));
}

#[tokio::test]
async fn cvm_instance_role_from_the_metadata_service() {
    let emulator = Emulator::builder().instance_role("cvm-ci").start().unwrap();
    let provider = InstanceRoleCredentials::new().with_base_url(emulator.metadata_url());
    let client = client_for(&emulator, provider);
    create(&client, "cvm-robot").await.unwrap();
    list(&client).await.unwrap();
    assert_eq!(
        emulator.metadata_calls(),
        2,
        "role name, then credentials, once"
    );
    assert_eq!(
        emulator.issued_credentials()[0].issuer,
        Issuer::InstanceRole {
            role: "cvm-ci".into()
        }
    );
}

/// The default chain's order with an injected environment and files: explicit, environment,
/// profile, TKE web identity, CVM role. Each configured source wins over those after it, which
/// are then never asked (the emulator counts STS and metadata requests).
#[tokio::test]
async fn the_default_chain_takes_sources_in_tencents_order() {
    let emulator = Emulator::builder()
        .web_identity(PROVIDER, POD_TOKEN)
        .instance_role("cvm-ci")
        .start()
        .unwrap();
    let dir = TempDir::new();
    let file = profile_file(&dir);
    let token = dir.write("token", POD_TOKEN);
    let home = TempDir::new();
    let chain = |sources: &[&str]| {
        let mut vars: Vec<(&str, String)> = vec![("HOME", home.path().to_str().unwrap().into())];
        if sources.contains(&"environment") {
            vars.push(("TENCENTCLOUD_SECRET_ID", DEFAULT_SECRET_ID.into()));
            vars.push(("TENCENTCLOUD_SECRET_KEY", DEFAULT_SECRET_KEY.into()));
        }
        if sources.contains(&"profile") {
            vars.push((
                "TENCENTCLOUD_CREDENTIALS_FILE",
                file.to_str().unwrap().into(),
            ));
            vars.push(("TENCENTCLOUD_PROFILE", "deploy".into()));
        }
        if sources.contains(&"tke") {
            vars.extend(tke_vars(&token));
        }
        DefaultCredentialsChain::from_vars(VarSource::from_pairs(vars))
            .with_sts(sts(&emulator))
            .with_instance_role(
                InstanceRoleCredentials::new().with_base_url(emulator.metadata_url()),
            )
    };
    let counts = || {
        (
            emulator.calls("AssumeRole"),
            emulator.calls("AssumeRoleWithWebIdentity"),
            emulator.metadata_calls(),
        )
    };
    let all = ["environment", "profile", "tke", "cvm"];
    create(&client_for(&emulator, chain(&all)), "from-env")
        .await
        .unwrap();
    assert_eq!(
        counts(),
        (0, 0, 0),
        "the environment's keys: nothing else asked"
    );
    create(&client_for(&emulator, chain(&all[1..])), "from-profile")
        .await
        .unwrap();
    assert_eq!(counts(), (1, 0, 0), "the profile's role");
    create(&client_for(&emulator, chain(&all[2..])), "from-tke")
        .await
        .unwrap();
    assert_eq!(counts(), (1, 1, 0), "the pod's web identity");
    create(&client_for(&emulator, chain(&all[3..])), "from-cvm")
        .await
        .unwrap();
    assert_eq!(counts(), (1, 1, 2), "the instance's role");
    assert_eq!(emulator.accounts(REGISTRY).len(), 4);
}

/// One clock for the client (signing, expiry decisions), its STS calls and the emulator, moved
/// forward together.
#[derive(Clone, Default)]
struct SharedClock(Arc<AtomicU64>);

impl SharedClock {
    fn now(&self) -> SystemTime {
        SystemTime::now() + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }
    fn advance(&self, emulator: &Emulator, seconds: u64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
        emulator.advance_clock(Duration::from_secs(seconds));
    }
}

async fn thousand_calls(client: &tcr_api::Client) {
    let calls: Vec<_> = (0..1000)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { list(&client).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn a_thousand_concurrent_calls_cause_one_sts_request_and_expiry_is_enforced() {
    let emulator = Emulator::builder()
        .rate_limit(RateLimit::Off)
        .start()
        .unwrap();
    let clock = SharedClock::default();
    let sts_clock = clock.clone();
    let provider = AssumeRoleCredentials::new(ROLE, emulator_keys())
        .with_duration(Duration::from_secs(3600))
        .with_sts(sts(&emulator).with_clock(move || sts_clock.now()));

    // Credentials of the first hour, kept aside to show they stop working.
    let first = provider.load().await.unwrap();
    assert_eq!(emulator.calls("AssumeRole"), 1);
    let signing_clock = clock.clone();
    let with_first = tcr_api::Client::builder()
        .credentials(first)
        .region("ap-guangzhou")
        .endpoint_url(emulator.endpoint())
        .clock(move || signing_clock.now())
        .build()
        .unwrap();

    let client_clock = clock.clone();
    let client = client(&emulator, provider)
        .clock(move || client_clock.now())
        .rate_limit(RateLimit::Off)
        .build()
        .unwrap();
    thousand_calls(&client).await;
    assert_eq!(
        emulator.calls("AssumeRole"),
        2,
        "one request for a thousand calls"
    );
    assert_eq!(emulator.calls("DescribeServiceAccounts"), 1000);

    // 200 seconds before the credentials expire, within the 5 minutes ahead: a thousand calls
    // and exactly one refresh.
    clock.advance(&emulator, 3400);
    thousand_calls(&client).await;
    assert_eq!(
        emulator.calls("AssumeRole"),
        3,
        "one refresh for a thousand calls"
    );
    list(&with_first).await.expect("still valid");

    // Past the first hour: the first credentials are refused, the refreshed ones work.
    clock.advance(&emulator, 300);
    let error = list(&with_first).await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(ErrorCode::AuthFailureTokenFailure),
        "{error}"
    );
    assert!(error.to_string().contains("expired at"), "{error}");
    list(&client).await.unwrap();
    assert_eq!(emulator.calls("AssumeRole"), 3);
}

#[tokio::test]
async fn a_metadata_service_that_never_answers_fails_the_call_within_its_timeout() {
    let emulator = Emulator::start().unwrap();
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let held = Arc::new(Mutex::new(Vec::new()));
    let keep = held.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            keep.lock().unwrap().push(stream);
        }
    });
    let provider = InstanceRoleCredentials::new()
        .with_base_url(format!(
            "http://{addr}/latest/meta-data/cam/security-credentials/"
        ))
        .with_timeouts(Duration::from_secs(1), Duration::from_millis(300));
    let client = client_for(&emulator, provider);
    // The bound keeps a hanging provider from hanging the run; the assertion is on the error.
    let result = tokio::time::timeout(Duration::from_secs(30), create(&client, "never"))
        .await
        .expect("the call gave up by itself");
    let error = result.unwrap_err();
    let Error::Credentials { source, .. } = &error else {
        panic!("{error}")
    };
    assert!(
        matches!(
            source,
            CredentialsError::InstanceMetadata {
                problem: MetadataProblem::Timeout { .. },
                ..
            }
        ),
        "{error}"
    );
    assert!(!held.lock().unwrap().is_empty(), "the provider did connect");
    assert_eq!(
        emulator.calls("CreateServiceAccount"),
        0,
        "nothing was sent"
    );
}

/// Everything logged at TRACE while credentials are found through the profile's role, the
/// pod's web identity and the instance's role, and every `Debug` and `Display` around them:
/// no secret key, token or web-identity token anywhere.
#[test]
fn no_secret_in_any_debug_display_or_trace_line() {
    use std::io::Write;

    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);
    impl Write for Capture {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish();
    let emulator = Emulator::builder()
        .web_identity(PROVIDER, POD_TOKEN)
        .instance_role("cvm-ci")
        .start()
        .unwrap();
    let dir = TempDir::new();
    let file = profile_file(&dir);
    let token = dir.write("token", POD_TOKEN);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut secrets: Vec<String> = vec![DEFAULT_SECRET_KEY.into(), POD_TOKEN.into()];
    let mut shown: Vec<String> = Vec::new();
    // The global default, not a thread-local one: with other tests of this binary running on
    // other threads, tracing may cache a callsite as uninteresting before a thread-local
    // subscriber registers, and its events would then be missing from the capture.
    tracing::subscriber::set_global_default(subscriber)
        .expect("no other test of this binary sets a subscriber");
    {
        runtime.block_on(async {
            let providers: Vec<(&str, Arc<dyn ProvideCredentials>)> = vec![
                (
                    "profile",
                    Arc::new(
                        ProfileCredentials::from_path(&file)
                            .with_section("deploy")
                            .with_sts(sts(&emulator)),
                    ),
                ),
                (
                    "tke",
                    Arc::new(
                        WebIdentityCredentials::from_vars(VarSource::from_pairs(tke_vars(&token)))
                            .with_sts(sts(&emulator)),
                    ),
                ),
                (
                    "cvm",
                    Arc::new(InstanceRoleCredentials::new().with_base_url(emulator.metadata_url())),
                ),
            ];
            for (name, provider) in providers {
                let cache = CredentialsCache::from_arc(provider);
                let client = client(&emulator, cache.clone())
                    .no_credentials_cache()
                    .build()
                    .unwrap();
                create(&client, &format!("trace-{name}")).await.unwrap();
                // The very credentials the client signed with.
                let used = cache.get().await.unwrap();
                secrets.push(used.secret_key().expose_str().to_owned());
                secrets.push(used.token().unwrap().expose_str().to_owned());
                tracing::info!(?used, ?cache, ?client, "the caller logs what it holds");
                shown.extend([
                    format!("{used:?}"),
                    format!("{cache:?}"),
                    format!("{client:?}"),
                ]);
            }
            // A failure on the way: a token STS refuses, logged by the caller.
            let refused = WebIdentityCredentials::from_settings(
                "ap-shanghai",
                PROVIDER,
                dir.write("bad", "eyJ.REFUSED-TOKEN-NOT-TO-BE-LOGGED.sig"),
                ROLE,
            )
            .with_sts(sts(&emulator));
            let error = create(&client_for(&emulator, refused.clone()), "never")
                .await
                .unwrap_err();
            tracing::error!(%error, ?error, ?refused, "the caller logs the error");
            shown.extend([
                error.to_string(),
                format!("{error:?}"),
                format!("{refused:?}"),
            ]);
            secrets.push("REFUSED-TOKEN-NOT-TO-BE-LOGGED".into());
        });
    }
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("AssumeRoleWithWebIdentity") && logs.contains("credentials refreshed"),
        "the capture works:\n{logs}"
    );
    assert!(secrets.len() == 9, "{}", secrets.len());
    for secret in &secrets {
        assert!(
            !logs.contains(secret.as_str()),
            "a secret appears in the logs:\n{logs}"
        );
        for text in &shown {
            assert!(
                !text.contains(secret.as_str()),
                "a secret appears in: {text}"
            );
        }
    }
}

/// Runs the `keyless` program with exactly this environment (nothing inherited) and returns its
/// output.
fn run_keyless(args: &[&str], env: &[(&str, String)]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keyless"));
    command.args(args).env_clear();
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
fn a_program_in_a_tke_pod_creates_a_service_account_with_no_key_in_its_configuration() {
    let emulator = Emulator::builder()
        .web_identity(PROVIDER, POD_TOKEN)
        .role(ROLE)
        .start()
        .unwrap();
    let pod = TempDir::new();
    let token = pod.write("token", POD_TOKEN);
    // What TKE puts in a pod bound to a role, and an empty home: no key anywhere.
    let mut env = tke_vars(&token);
    env.push(("HOME", pod.path().to_str().unwrap().into()));
    let output = run_keyless(
        &[
            "--endpoint",
            &emulator.endpoint(),
            "--registry",
            REGISTRY,
            "--name",
            "pod-builder",
        ],
        &env,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert_eq!(stdout.trim(), "created tcr$pod-builder");
    assert!(emulator.account(REGISTRY, "pod-builder").is_some());
    assert_eq!(emulator.calls("AssumeRoleWithWebIdentity"), 1);
    let issued = emulator.issued_credentials();
    assert!(matches!(&issued[0].issuer, Issuer::WebIdentity { .. }));
    assert_eq!(issued[0].region.as_deref(), Some("ap-shanghai"));
    assert!(!stdout.contains(POD_TOKEN) && !stderr.contains(POD_TOKEN));
}

#[test]
fn a_program_on_a_cvm_instance_creates_a_service_account_with_no_key_in_its_configuration() {
    let emulator = Emulator::builder().instance_role("cvm-ci").start().unwrap();
    let home = TempDir::new();
    let output = run_keyless(
        &[
            "--endpoint",
            &emulator.endpoint(),
            "--metadata-url",
            &emulator.metadata_url(),
            "--registry",
            REGISTRY,
            "--name",
            "cvm-builder",
        ],
        &[("HOME", home.path().to_str().unwrap().into())],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert_eq!(stdout.trim(), "created tcr$cvm-builder");
    assert!(emulator.account(REGISTRY, "cvm-builder").is_some());
    assert_eq!(emulator.metadata_calls(), 2);
    assert_eq!(
        emulator.issued_credentials()[0].issuer,
        Issuer::InstanceRole {
            role: "cvm-ci".into()
        }
    );

    // The same program with nothing at all: the error lists every place it looked.
    let nothing = Emulator::start().unwrap();
    let output = run_keyless(
        &[
            "--endpoint",
            &nothing.endpoint(),
            "--metadata-url",
            &nothing.metadata_url(),
            "--registry",
            REGISTRY,
            "--name",
            "never",
        ],
        &[("HOME", home.path().to_str().unwrap().into())],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no Tencent Cloud credentials found")
            && stderr.contains("TKE web identity")
            && stderr.contains("no CAM role is bound to this instance"),
        "{stderr}"
    );
}
