//! The TCR resources on the emulator, through the typed client: instance → namespace →
//! repository → service account allowed to push there → instance token, in accounts and
//! regions that never see each other, kept in a state file across a restart; the refusals;
//! the clock setting a new instance up; image tags seeded and listed; state files refused.
//!
//! Answers are read through their JSON form (`serde_json::to_value`), which does not depend on
//! whether the generated answer types make a member optional.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use tcr_api::ErrorCode;
use tcr_api::client::RetryConfig;
use tcr_api::credentials::Credentials;
use tcr_api::types::{InstanceTokenType, Permission, PermissionAction};
use tcr_emulator::{Credential, DEFAULT_ACCOUNT, Emulator, EmulatorBuilder, ImageTag};

const OTHER_ACCOUNT: &str = "200000000002";
const GUANGZHOU: &str = "ap-guangzhou";
const BEIJING: &str = "ap-beijing";

fn json<T: Serialize>(answer: &T) -> Value {
    serde_json::to_value(answer).unwrap()
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not text: {value}"))
        .to_owned()
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "tcr-emulator-resources-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
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

fn other() -> Credential {
    Credential::new("AKIDother", "other-secret-key").account(OTHER_ACCOUNT)
}

/// Two accounts: the default pair's, and another's.
fn two_accounts() -> EmulatorBuilder {
    Emulator::builder()
        .credentials([Credential::default_pair(), other()])
        .log_requests(false)
}

fn client(emulator: &Emulator, credential: &Credential, region: &str) -> tcr_api::Client {
    tcr_api::Client::builder()
        .credentials(Credentials::new(credential.secret_id(), credential.secret_key()).unwrap())
        .region(region)
        .endpoint_url(emulator.endpoint())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

fn default_client(emulator: &Emulator) -> tcr_api::Client {
    client(emulator, &Credential::default_pair(), GUANGZHOU)
}

/// What the scenario made, to find again.
#[derive(Debug)]
struct Made {
    registry: String,
    password: String,
    token: String,
    token_id: String,
}

async fn create_instance(client: &tcr_api::Client, name: &str) -> String {
    let created = client
        .create_instance()
        .registry_name(name)
        .registry_type("standard")
        .send()
        .await
        .unwrap();
    text(&json(&created)["RegistryId"])
}

async fn status(client: &tcr_api::Client, registry: &str) -> Vec<String> {
    let answer = client
        .describe_instance_status()
        .registry_id(registry)
        .send()
        .await
        .unwrap();
    json(&answer)["RegistryStatusSet"]
        .as_array()
        .map(|set| set.iter().map(|s| text(&s["Status"])).collect())
        .unwrap_or_default()
}

/// Instance, namespace, repository, a service account that may push there, a token: the
/// instance's setup is moved on with the emulator's clock.
async fn scenario(emulator: &Emulator, client: &tcr_api::Client) -> Made {
    let registry = create_instance(client, "ci-registry").await;
    assert!(
        tcr_emulator::is_documented_registry_id(&registry),
        "{registry}"
    );
    assert_eq!(status(client, &registry).await, ["Pending"]);
    emulator.advance_clock(Duration::from_secs(60));
    assert_eq!(status(client, &registry).await, ["Running"]);

    client
        .create_namespace()
        .registry_id(&registry)
        .namespace_name("apps")
        .is_public(false)
        .send()
        .await
        .unwrap();
    client
        .create_repository()
        .registry_id(&registry)
        .namespace_name("apps")
        .repository_name("web")
        .brief_description("the web front")
        .send()
        .await
        .unwrap();
    let robot = client
        .create_service_account()
        .registry_id(&registry)
        .name("ci-pusher")
        .permission(Permission::new(
            "apps",
            [
                PermissionAction::PushRepository,
                PermissionAction::PullRepository,
            ],
        ))
        .send()
        .await
        .unwrap();
    let robot = json(&robot);
    assert_eq!(robot["Name"], "tcr$ci-pusher");
    let token = client
        .create_instance_token()
        .registry_id(&registry)
        .token_type(InstanceTokenType::LongTerm)
        .desc("for CI")
        .send()
        .await
        .unwrap();
    let token = json(&token);
    Made {
        registry,
        password: text(&robot["Password"]),
        token: text(&token["Token"]),
        token_id: text(&token["TokenId"]),
    }
}

async fn instance_ids(client: &tcr_api::Client, all_regions: bool) -> Vec<String> {
    let answer = client
        .describe_instances()
        .all_region(all_regions)
        .send()
        .await
        .unwrap();
    let answer = json(&answer);
    let ids: Vec<String> = answer["Registries"]
        .as_array()
        .map(|list| list.iter().map(|r| text(&r["RegistryId"])).collect())
        .unwrap_or_default();
    assert_eq!(answer["TotalCount"], ids.len(), "{answer}");
    ids
}

/// Everything the scenario made is there, as `client` sees it.
async fn find_everything(emulator: &Emulator, client: &tcr_api::Client, made: &Made, uin: &str) {
    assert_eq!(instance_ids(client, false).await, [made.registry.as_str()]);
    assert_eq!(status(client, &made.registry).await, ["Running"]);
    let namespaces = client
        .describe_namespaces()
        .registry_id(&made.registry)
        .send()
        .await
        .unwrap();
    let namespaces = json(&namespaces);
    assert_eq!(namespaces["TotalCount"], 1, "{namespaces}");
    assert_eq!(namespaces["NamespaceList"][0]["Name"], "apps");
    assert_eq!(namespaces["NamespaceList"][0]["NamespaceId"], 1);
    let repositories = client
        .describe_repositories()
        .registry_id(&made.registry)
        .send()
        .await
        .unwrap();
    let repositories = json(&repositories);
    assert_eq!(repositories["RepositoryList"][0]["Name"], "apps/web");
    assert_eq!(
        repositories["RepositoryList"][0]["BriefDescription"],
        "the web front"
    );
    let accounts = client
        .describe_service_accounts()
        .registry_id(&made.registry)
        .embed_permission(true)
        .send()
        .await
        .unwrap();
    let accounts = json(&accounts);
    assert_eq!(accounts["TotalCount"], 1, "{accounts}");
    let robot = &accounts["ServiceAccounts"][0];
    assert_eq!(robot["Name"], "tcr$ci-pusher");
    assert_eq!(robot["Permissions"][0]["Resource"], "apps");
    assert_eq!(
        robot["Permissions"][0]["Actions"],
        serde_json::json!(["tcr:PushRepository", "tcr:PullRepository"])
    );
    let tokens = client
        .describe_instance_token()
        .registry_id(&made.registry)
        .send()
        .await
        .unwrap();
    let tokens = json(&tokens);
    assert_eq!(tokens["TotalCount"], 1, "{tokens}");
    assert_eq!(tokens["Tokens"][0]["Id"], made.token_id.as_str());
    assert_eq!(tokens["Tokens"][0]["Desc"], "for CI");
    assert_eq!(tokens["Tokens"][0]["Enabled"], true);
    // The password and the token log in; they are kept only as hashes.
    assert!(emulator.login_matches(&made.registry, "tcr$ci-pusher", &made.password));
    assert!(!emulator.login_matches(&made.registry, "tcr$ci-pusher", "wrong"));
    assert!(emulator.login_matches(&made.registry, uin, &made.token));
}

async fn not_found<T: std::fmt::Debug>(
    call: impl std::future::Future<Output = Result<T, tcr_api::Error>>,
) {
    let error = call.await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::ResourceNotFound), "{error}");
}

#[tokio::test]
async fn two_accounts_and_two_regions_apart_and_everything_found_after_a_restart() {
    let dir = TempDir::new();
    let state = dir.path().join("state.json");
    let emulator = two_accounts().state_file(&state).start().unwrap();
    let first = default_client(&emulator);
    let second = client(&emulator, &other(), GUANGZHOU);
    let second_in_beijing = client(&emulator, &other(), BEIJING);

    let a = scenario(&emulator, &first).await;
    let b = scenario(&emulator, &second).await;
    assert_ne!(a.registry, b.registry);
    // The same names in two accounts: each sees only its own.
    assert_eq!(instance_ids(&first, false).await, [a.registry.as_str()]);
    assert_eq!(instance_ids(&second, false).await, [b.registry.as_str()]);
    not_found(first.describe_namespaces().registry_id(&b.registry).send()).await;
    not_found(
        second
            .describe_service_accounts()
            .registry_id(&a.registry)
            .send(),
    )
    .await;
    not_found(second.delete_instance().registry_id(&a.registry).send()).await;
    assert!(status(&second, &a.registry).await.is_empty());
    // The second account in another region sees none of its Guangzhou instance...
    assert!(instance_ids(&second_in_beijing, false).await.is_empty());
    not_found(
        second_in_beijing
            .describe_repositories()
            .registry_id(&b.registry)
            .send(),
    )
    .await;
    // ...except when it asks for every region.
    assert_eq!(
        instance_ids(&second_in_beijing, true).await,
        [b.registry.as_str()]
    );
    let everywhere = json(
        &second_in_beijing
            .describe_instances()
            .all_region(true)
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(everywhere["Registries"][0]["RegionName"], GUANGZHOU);
    assert_eq!(everywhere["Registries"][0]["RegionId"], 1);

    // Every answered change is on disk already, and no secret is.
    let on_disk = std::fs::read_to_string(&state).unwrap();
    for secret in [&a.password, &a.token, &b.password, &b.token] {
        assert!(
            !on_disk.contains(secret.as_str()),
            "a secret reached the state file"
        );
    }
    assert!(on_disk.contains(&a.registry) && on_disk.contains(&b.registry));
    emulator.shutdown();

    let emulator = two_accounts().state_file(&state).start().unwrap();
    let first = default_client(&emulator);
    let second = client(&emulator, &other(), GUANGZHOU);
    find_everything(&emulator, &first, &a, DEFAULT_ACCOUNT).await;
    find_everything(&emulator, &second, &b, OTHER_ACCOUNT).await;
    assert!(
        instance_ids(&client(&emulator, &other(), BEIJING), false)
            .await
            .is_empty()
    );
    emulator.shutdown();
}

#[tokio::test]
async fn a_new_instance_runs_once_its_setup_time_has_passed_on_the_emulators_clock() {
    let emulator = Emulator::builder().log_requests(false).start().unwrap();
    let client = default_client(&emulator);
    let registry = create_instance(&client, "slow").await;
    let listed = json(
        &client
            .describe_instances()
            .registry_id(&registry)
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(listed["Registries"][0]["Status"], "Pending");
    assert_eq!(
        listed["Registries"][0]["PublicDomain"],
        "slow.tencentcloudcr.com"
    );
    let refused = client
        .create_namespace()
        .registry_id(&registry)
        .namespace_name("apps")
        .is_public(false)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Some(ErrorCode::ResourceInsufficient),
        "{refused}"
    );
    assert!(refused.to_string().contains("not Running yet"), "{refused}");
    emulator.advance_clock(Duration::from_secs(30));
    assert_eq!(status(&client, &registry).await, ["Deploying"]);
    emulator.advance_clock(Duration::from_secs(30));
    assert_eq!(status(&client, &registry).await, ["Running"]);
    client
        .create_namespace()
        .registry_id(&registry)
        .namespace_name("apps")
        .is_public(false)
        .send()
        .await
        .unwrap();

    // With no setup time, an instance runs at once.
    let quick = Emulator::builder()
        .instance_setup(Duration::ZERO)
        .log_requests(false)
        .start()
        .unwrap();
    let client = default_client(&quick);
    let registry = create_instance(&client, "quick").await;
    assert_eq!(status(&client, &registry).await, ["Running"]);
}

#[tokio::test]
async fn the_documented_refusals() {
    let emulator = Emulator::builder()
        .instance_setup(Duration::ZERO)
        .instance_quota(2)
        .namespace_quota(2)
        .repository_quota(2)
        .log_requests(false)
        .start()
        .unwrap();
    let client = default_client(&emulator);
    let code = |result: Result<(), tcr_api::Error>| result.unwrap_err().code::<ErrorCode>();

    // The region: required, and one TCR is offered in.
    let nowhere = tcr_api::Client::builder()
        .credentials(
            Credentials::new(
                emulator.credential().secret_id(),
                emulator.credential().secret_key(),
            )
            .unwrap(),
        )
        .endpoint_url(emulator.endpoint())
        .build()
        .unwrap();
    let error = nowhere.describe_instances().send().await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::MissingParameter), "{error}");
    assert!(error.to_string().contains("X-TC-Region"), "{error}");
    let mars = client_in(&emulator, "mars-north-1");
    let error = mars.describe_instances().send().await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::UnsupportedRegion), "{error}");

    // Instances: the name's rule, a name taken, the quota.
    let bad_name = client
        .create_instance()
        .registry_name("Bad_Name")
        .registry_type("basic")
        .send()
        .await;
    assert_eq!(code(bad_name.map(drop)), Some(ErrorCode::InvalidParameter));
    let registry = create_instance(&client, "main").await;
    let taken = client
        .create_instance()
        .registry_name("main")
        .registry_type("basic")
        .send()
        .await;
    let taken = taken.unwrap_err();
    assert_eq!(taken.code(), Some(ErrorCode::InvalidParameter), "{taken}");
    assert!(taken.to_string().contains("already exists"), "{taken}");
    create_instance(&client, "second").await;
    let full = client
        .create_instance()
        .registry_name("third")
        .registry_type("basic")
        .send()
        .await;
    assert_eq!(code(full.map(drop)), Some(ErrorCode::LimitExceeded));

    // Namespaces: taken, quota, not found.
    let namespace = |name: &str| {
        client
            .create_namespace()
            .registry_id(&registry)
            .namespace_name(name)
            .is_public(true)
            .send()
    };
    namespace("apps").await.unwrap();
    assert_eq!(
        code(namespace("apps").await.map(drop)),
        Some(ErrorCode::InvalidParameter)
    );
    namespace("tools").await.unwrap();
    assert_eq!(
        code(namespace("more").await.map(drop)),
        Some(ErrorCode::LimitExceeded)
    );
    let missing = client
        .modify_namespace()
        .registry_id(&registry)
        .namespace_name("nope")
        .is_public(false)
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some(ErrorCode::ResourceNotFound));
    assert!(
        missing.to_string().contains("no namespace `nope`"),
        "{missing}"
    );

    // Repositories: in a namespace that exists, a name free, the quota.
    let repository = |namespace: &str, name: &str| {
        client
            .create_repository()
            .registry_id(&registry)
            .namespace_name(namespace)
            .repository_name(name)
            .send()
    };
    assert_eq!(
        code(repository("nope", "web").await.map(drop)),
        Some(ErrorCode::ResourceNotFound)
    );
    repository("apps", "web").await.unwrap();
    assert_eq!(
        code(repository("apps", "web").await.map(drop)),
        Some(ErrorCode::InvalidParameter)
    );
    repository("tools", "lint").await.unwrap();
    assert_eq!(
        code(repository("tools", "fmt").await.map(drop)),
        Some(ErrorCode::LimitExceeded)
    );

    // A namespace holding repositories cannot be deleted.
    let in_use = client
        .delete_namespace()
        .registry_id(&registry)
        .namespace_name("apps")
        .send()
        .await
        .unwrap_err();
    assert_eq!(in_use.code(), Some(ErrorCode::FailedOperation), "{in_use}");
    assert!(
        in_use.to_string().contains("still holds 1 repositories"),
        "{in_use}"
    );

    // A repository holding tags is kept without ForceDelete, deleted with it (the default).
    emulator
        .push_image(ImageTag::new(&registry, "apps/web", "1.0"))
        .unwrap();
    let kept = client
        .delete_repository()
        .registry_id(&registry)
        .namespace_name("apps")
        .repository_name("web")
        .force_delete(false)
        .send()
        .await
        .unwrap_err();
    assert_eq!(kept.code(), Some(ErrorCode::FailedOperation), "{kept}");
    client
        .delete_repository()
        .registry_id(&registry)
        .namespace_name("apps")
        .repository_name("web")
        .send()
        .await
        .unwrap();
    client
        .delete_namespace()
        .registry_id(&registry)
        .namespace_name("apps")
        .send()
        .await
        .unwrap();

    // Service accounts may only name namespaces of the instance (a created one).
    let robot = client
        .create_service_account()
        .registry_id(&registry)
        .name("ci")
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(robot.code(), Some(ErrorCode::ResourceNotFound), "{robot}");
    assert!(robot.to_string().contains("no namespace `apps`"), "{robot}");
    client
        .create_service_account()
        .registry_id(&registry)
        .name("ci")
        .permission(Permission::new("tools", [PermissionAction::PullRepository]))
        .send()
        .await
        .unwrap();

    // Tokens and tags that do not exist.
    let token = client
        .delete_instance_token()
        .registry_id(&registry)
        .token_id("nosuchtoken")
        .send()
        .await;
    assert_eq!(code(token.map(drop)), Some(ErrorCode::ResourceNotFound));
    let tag = client
        .delete_image()
        .registry_id(&registry)
        .namespace_name("tools")
        .repository_name("lint")
        .image_version("9.9")
        .send()
        .await;
    assert_eq!(code(tag.map(drop)), Some(ErrorCode::ResourceNotFound));

    // Deleting: protection, dry run, then everything the instance held goes with it.
    let protected = client
        .create_instance()
        .registry_name("kept")
        .registry_type("premium")
        .deletion_protection(true)
        .send()
        .await;
    // Over the quota of 2 first: free a place.
    assert_eq!(code(protected.map(drop)), Some(ErrorCode::LimitExceeded));
    let dry = client
        .delete_instance()
        .registry_id(&registry)
        .dry_run(true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(dry.code(), Some(ErrorCode::DryRunOperation), "{dry}");
    assert_eq!(
        emulator.accounts(&registry).len(),
        1,
        "a dry run deletes nothing"
    );
    client
        .delete_instance()
        .registry_id(&registry)
        .send()
        .await
        .unwrap();
    assert!(emulator.accounts(&registry).is_empty());
    not_found(client.describe_namespaces().registry_id(&registry).send()).await;
    not_found(client.delete_instance().registry_id(&registry).send()).await;
    let protected = json(
        &client
            .create_instance()
            .registry_name("kept")
            .registry_type("premium")
            .deletion_protection(true)
            .send()
            .await
            .unwrap(),
    );
    let protected = text(&protected["RegistryId"]);
    let refused = client
        .delete_instance()
        .registry_id(&protected)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Some(ErrorCode::FailedOperation),
        "{refused}"
    );
    assert!(refused.to_string().contains("protected"), "{refused}");
}

fn client_in(emulator: &Emulator, region: &str) -> tcr_api::Client {
    client(emulator, &Credential::default_pair(), region)
}

#[tokio::test]
async fn seeded_image_tags_are_listed_paged_searched_and_deleted() {
    const REGISTRY: &str = "tcr-img00001";
    let digest = |n: u8| format!("sha256:{}", format!("{n:02x}").repeat(32));
    let mut builder = Emulator::builder().log_requests(false);
    for n in 1..=25u8 {
        builder = builder.image(
            ImageTag::new(REGISTRY, "apps/web", format!("1.{n}"))
                .digest(digest(n))
                .size(1000 + i64::from(n)),
        );
    }
    let emulator = builder.start().unwrap();
    emulator
        .push_image(ImageTag::new(REGISTRY, "apps/web", "latest").digest(digest(25)))
        .unwrap();
    let client = default_client(&emulator);
    let page = |offset: i64, limit: i64| {
        client
            .describe_images()
            .registry_id(REGISTRY)
            .namespace_name("apps")
            .repository_name("web")
            .offset(offset)
            .limit(limit)
            .send()
    };
    let tags = |answer: &Value| -> Vec<String> {
        answer["ImageInfoList"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| text(&i["ImageVersion"]))
            .collect()
    };
    let first = json(&page(1, 10).await.unwrap());
    assert_eq!(first["TotalCount"], 26);
    assert_eq!(tags(&first)[..2], ["1.1", "1.2"]);
    assert_eq!(first["ImageInfoList"][0]["Size"], 1001);
    assert_eq!(first["ImageInfoList"][0]["Digest"], digest(1).as_str());
    let third = json(&page(3, 10).await.unwrap());
    assert_eq!(
        tags(&third),
        ["1.21", "1.22", "1.23", "1.24", "1.25", "latest"]
    );
    assert_eq!(
        json(&page(0, 10).await.unwrap())["ImageInfoList"],
        first["ImageInfoList"]
    );

    let search = |version: &str, exact: bool| {
        client
            .describe_images()
            .registry_id(REGISTRY)
            .namespace_name("apps")
            .repository_name("web")
            .image_version(version)
            .exact_match(exact)
            .limit(100)
            .send()
    };
    assert_eq!(json(&search("1.2", false).await.unwrap())["TotalCount"], 7);
    assert_eq!(tags(&json(&search("1.2", true).await.unwrap())), ["1.2"]);
    let by_digest = json(
        &client
            .describe_images()
            .registry_id(REGISTRY)
            .namespace_name("apps")
            .repository_name("web")
            .digest(digest(25))
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(tags(&by_digest), ["1.25", "latest"]);

    client
        .delete_image()
        .registry_id(REGISTRY)
        .namespace_name("apps")
        .repository_name("web")
        .image_version("latest")
        .send()
        .await
        .unwrap();
    assert_eq!(json(&page(1, 10).await.unwrap())["TotalCount"], 25);
    not_found(
        client
            .describe_images()
            .registry_id(REGISTRY)
            .namespace_name("apps")
            .repository_name("nope")
            .send(),
    )
    .await;
    // Seeding made the instance one of the first credential's account, in Guangzhou.
    not_found(
        client_in(&emulator, BEIJING)
            .describe_namespaces()
            .registry_id(REGISTRY)
            .send(),
    )
    .await;
    // A bad tag is refused, and nothing is put in.
    let error = emulator
        .push_images(&[
            ImageTag::new(REGISTRY, "apps/web", "2.0"),
            ImageTag::new(REGISTRY, "apps/web", "-bad"),
        ])
        .unwrap_err();
    assert!(error.to_string().contains("`-bad` is not a tag"), "{error}");
    assert_eq!(json(&search("2.0", true).await.unwrap())["TotalCount"], 0);
}

#[tokio::test]
async fn an_implicit_instance_is_the_first_callers_and_makes_the_namespaces_permissions_name() {
    const REGISTRY: &str = "tcr-abcd1234";
    let emulator = two_accounts().start().unwrap();
    let first = default_client(&emulator);
    first
        .create_service_account()
        .registry_id(REGISTRY)
        .name("robot")
        .permission(Permission::new(
            "team-a",
            [PermissionAction::PushRepository],
        ))
        .send()
        .await
        .unwrap();
    let namespaces = json(
        &first
            .describe_namespaces()
            .registry_id(REGISTRY)
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(namespaces["NamespaceList"][0]["Name"], "team-a");
    assert_eq!(namespaces["NamespaceList"][0]["Public"], false);
    assert_eq!(instance_ids(&first, false).await, [REGISTRY.to_owned()]);
    // Another account, or another region, does not find it.
    not_found(
        client(&emulator, &other(), GUANGZHOU)
            .describe_service_accounts()
            .registry_id(REGISTRY)
            .send(),
    )
    .await;
    not_found(
        client_in(&emulator, BEIJING)
            .describe_service_accounts()
            .registry_id(REGISTRY)
            .send(),
    )
    .await;
    // Deleting the namespace takes it out of the account's permissions.
    first
        .delete_namespace()
        .registry_id(REGISTRY)
        .namespace_name("team-a")
        .send()
        .await
        .unwrap();
    assert!(
        emulator
            .account(REGISTRY, "robot")
            .unwrap()
            .permissions
            .is_empty()
    );
}

#[tokio::test]
async fn temporary_credentials_act_in_the_account_of_their_role() {
    let emulator = two_accounts()
        .instance_setup(Duration::ZERO)
        .start()
        .unwrap();
    let sts = tcr_api::sts::Client::builder()
        .credentials(
            Credentials::new(
                emulator.credential().secret_id(),
                emulator.credential().secret_key(),
            )
            .unwrap(),
        )
        .region(GUANGZHOU)
        .endpoint_url(emulator.endpoint())
        .build()
        .unwrap();
    let assumed = sts
        .assume_role()
        .role_arn(format!("qcs::cam::uin/{OTHER_ACCOUNT}:roleName/deployer"))
        .role_session_name("deploy")
        .send()
        .await
        .unwrap();
    let keys = json(&assumed)["Credentials"].clone();
    let as_role = tcr_api::Client::builder()
        .credentials(
            Credentials::new(text(&keys["TmpSecretId"]), text(&keys["TmpSecretKey"]))
                .unwrap()
                .with_token(text(&keys["Token"]))
                .unwrap(),
        )
        .region(GUANGZHOU)
        .endpoint_url(emulator.endpoint())
        .build()
        .unwrap();
    let registry = create_instance(&as_role, "deployed").await;
    assert_eq!(emulator.issued_credentials()[0].account, OTHER_ACCOUNT);
    assert_eq!(
        instance_ids(&client(&emulator, &other(), GUANGZHOU), false).await,
        [registry]
    );
    assert!(
        instance_ids(&default_client(&emulator), false)
            .await
            .is_empty()
    );
}

#[test]
fn a_corrupt_or_newer_state_file_is_refused_and_left_as_it_is() {
    let dir = TempDir::new();
    for (name, content, problem) in [
        (
            "corrupt.json",
            &b"{\"format_version\": 1, \"instances\": [ {\"id\": "[..],
            "is not JSON",
        ),
        (
            "newer.json",
            &b"{\"format_version\": 99, \"instances\": []}\n"[..],
            "format version 99",
        ),
        (
            "wrong.json",
            &b"{\"format_version\": 1, \"instances\": [{\"id\": \"tcr-abcd1234\"}]}"[..],
            "is corrupt at `instances[0]`",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let error = Emulator::builder().state_file(&path).start().unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidData, "{error}");
        let message = error.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains(problem), "{message}");
        assert!(message.contains("left as it is"), "{message}");
        assert_eq!(std::fs::read(&path).unwrap(), content, "{name} was changed");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
