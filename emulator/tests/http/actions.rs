//! CreateServiceAccount and ModifyServiceAccountPassword: state, answers and refusals.

use serde_json::json;
use tcr_api::primitives::Timestamp;
use tcr_emulator::Emulator;

use crate::client::{Request, now};
use crate::{REGISTRY, create_body};

#[tokio::test]
async fn create_stores_the_account_and_answers_once_with_the_password() {
    let emulator = Emulator::start().unwrap();
    let before_ms = now() * 1000;
    let reply = Request::new(&emulator, "CreateServiceAccount", create_body("robot1"))
        .call()
        .await;
    reply.ok();
    assert_eq!(reply.str("Name"), "tcr$robot1");
    let password = reply.str("Password").to_owned();
    assert_eq!(password.len(), 32);
    let create_time: Timestamp = reply.str("CreateTime").parse().unwrap();
    assert!(
        reply.str("CreateTime").ends_with("+00:00"),
        "{}",
        reply.json
    );
    let expires_at = reply.response()["ExpiresAt"].as_i64().unwrap();
    let thirty_days = 30 * 86_400_000;
    assert!(
        (before_ms + thirty_days..=before_ms + thirty_days + 5_000).contains(&expires_at),
        "{expires_at}"
    );

    let accounts = emulator.accounts(REGISTRY);
    assert_eq!(accounts.len(), 1);
    let account = &accounts[0];
    assert_eq!(account.name, "tcr$robot1");
    assert_eq!(account.description.as_deref(), Some("ci robot"));
    assert!(!account.disable);
    assert_eq!(account.expires_at.get(), expires_at);
    assert_eq!(account.create_time, create_time);
    assert_eq!(account.update_time, create_time);
    assert_eq!(account.permissions.len(), 1);
    assert_eq!(account.permissions[0].resource, "ns1");
    assert!(account.password_matches(&password));
    assert!(
        !format!("{account:?}").contains(&password),
        "no password in Debug"
    );
    assert_eq!(emulator.account(REGISTRY, "robot1").as_ref(), Some(account));
    assert_eq!(
        emulator.account(REGISTRY, "tcr$robot1").as_ref(),
        Some(account)
    );
}

#[tokio::test]
async fn expiry_duration_wins_expires_at_is_kept_and_zero_means_never() {
    let emulator = Emulator::start().unwrap();
    let create = |name: &str, extra: serde_json::Value| {
        let mut body = json!({"RegistryId": REGISTRY, "Name": name, "Permissions": []});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        Request::new(&emulator, "CreateServiceAccount", body)
    };
    let at = 4_102_444_800_000_i64; // 2100-01-01
    let reply = create("at", json!({"ExpiresAt": at})).call().await;
    assert_eq!(reply.response()["ExpiresAt"], at);
    let reply = create("both", json!({"Duration": 1, "ExpiresAt": at}))
        .call()
        .await;
    let expires = reply.response()["ExpiresAt"].as_i64().unwrap();
    assert!(
        (expires - now() * 1000 - 86_400_000).abs() < 5_000,
        "{expires}"
    );
    // The seed's second example: Duration 0 and ExpiresAt 0, disabled, an unknown action value.
    let reply = create(
        "never",
        json!({"Duration": 0, "ExpiresAt": 0, "Disable": true, "Description": "abc",
               "Permissions": [{"Resource": "abc", "Actions": ["abc"]}]}),
    )
    .call()
    .await;
    reply.ok();
    assert_eq!(reply.response()["ExpiresAt"], 0);
    let never = emulator.account(REGISTRY, "never").unwrap();
    assert!(never.disable);
    assert_eq!(never.expires_at.get(), 0);
    assert_eq!(never.permissions[0].actions[0].as_str(), "abc");
    let reply = create("plain", json!({})).call().await;
    assert_eq!(reply.response()["ExpiresAt"], 0);
}

#[tokio::test]
async fn duplicates_quota_and_unknown_registries_are_refused() {
    let emulator = Emulator::builder().quota_per_registry(2).start().unwrap();
    let create = |name: &str| Request::new(&emulator, "CreateServiceAccount", create_body(name));
    create("a").call().await.ok();
    let reply = create("a").call().await;
    reply.fails_with("FailedOperation");
    assert!(
        reply.message().contains("already exists"),
        "{}",
        reply.message()
    );
    create("b").call().await.ok();
    let reply = create("c").call().await;
    reply.fails_with("OperationDenied.QuotaOverLimit");
    assert!(reply.message().contains("quota"), "{}", reply.message());
    assert_eq!(emulator.accounts(REGISTRY).len(), 2);

    let mut body = create_body("x");
    body["RegistryId"] = json!("not-a-registry");
    let reply = Request::new(&emulator, "CreateServiceAccount", body)
        .call()
        .await;
    reply.fails_with("ResourceNotFound");
    assert!(
        reply.message().contains("not-a-registry"),
        "{}",
        reply.message()
    );
}

#[tokio::test]
async fn only_named_registries_exist_when_some_are_named() {
    let emulator = Emulator::builder().registry("abc").start().unwrap();
    let mut body = create_body("x");
    body["RegistryId"] = json!("abc");
    Request::new(&emulator, "CreateServiceAccount", body)
        .call()
        .await
        .ok();
    Request::new(&emulator, "CreateServiceAccount", create_body("x"))
        .call()
        .await
        .fails_with("ResourceNotFound");
    assert_eq!(emulator.accounts("abc").len(), 1);
}

#[tokio::test]
async fn rotate_random_and_custom_with_or_without_the_prefix() {
    let emulator = Emulator::start().unwrap();
    let first = Request::new(&emulator, "CreateServiceAccount", create_body("robot"))
        .call()
        .await
        .str("Password")
        .to_owned();

    let reply = Request::new(
        &emulator,
        "ModifyServiceAccountPassword",
        json!({"RegistryId": REGISTRY, "Name": "robot", "Random": true}),
    )
    .call()
    .await;
    reply.ok();
    let second = reply.str("Password").to_owned();
    assert_ne!(second, first);
    let account = emulator.account(REGISTRY, "robot").unwrap();
    assert!(account.password_matches(&second));
    assert!(!account.password_matches(&first));

    let reply = Request::new(
        &emulator,
        "ModifyServiceAccountPassword",
        json!({"RegistryId": REGISTRY, "Name": "tcr$robot", "Random": false, "Password": "NewPass123"}),
    )
    .call()
    .await;
    reply.ok();
    assert_eq!(reply.str("Password"), "NewPass123");
    let account = emulator.account(REGISTRY, "robot").unwrap();
    assert!(account.password_matches("NewPass123"));
    assert!(!account.password_matches(&second));
    assert!(account.update_time >= account.create_time);
}

#[tokio::test]
async fn bad_passwords_and_unknown_accounts_are_refused() {
    let emulator = Emulator::start().unwrap();
    Request::new(&emulator, "CreateServiceAccount", create_body("robot"))
        .call()
        .await
        .ok();
    let modify =
        |body: serde_json::Value| Request::new(&emulator, "ModifyServiceAccountPassword", body);
    let reply = modify(
        json!({"RegistryId": REGISTRY, "Name": "robot", "Random": false, "Password": "lowercase1"}),
    )
    .call()
    .await;
    reply.fails_with("InvalidParameter");
    assert_eq!(
        reply.message(),
        "Password: must contain at least one uppercase letter"
    );
    let reply = modify(
        json!({"RegistryId": REGISTRY, "Name": "robot", "Random": false, "Password": "Sh0rt"}),
    )
    .call()
    .await;
    reply.fails_with("InvalidParameter");
    assert_eq!(reply.message(), "Password: must be 8 to 20 characters long");
    assert!(
        !reply.json.to_string().contains("Sh0rt"),
        "no password echoed"
    );
    let reply = modify(json!({"RegistryId": REGISTRY, "Name": "robot", "Random": false}))
        .call()
        .await;
    reply.fails_with("MissingParameter");
    assert!(reply.message().contains("Password"), "{}", reply.message());
    modify(json!({"RegistryId": REGISTRY, "Name": "ghost", "Random": true}))
        .call()
        .await
        .fails_with("ResourceNotFound");
    modify(json!({"RegistryId": "nope", "Name": "robot", "Random": true}))
        .call()
        .await
        .fails_with("ResourceNotFound");
}

#[tokio::test]
async fn parameters_missing_unknown_or_of_the_wrong_type() {
    let emulator = Emulator::start().unwrap();
    let create = |body: serde_json::Value| Request::new(&emulator, "CreateServiceAccount", body);

    let reply = create(json!({"RegistryId": REGISTRY, "Permissions": []}))
        .call()
        .await;
    reply.fails_with("MissingParameter");
    assert!(
        reply.message().starts_with("Name is required"),
        "{}",
        reply.message()
    );
    let reply = create(json!({"RegistryId": REGISTRY, "Name": null, "Permissions": []}))
        .call()
        .await;
    reply.fails_with("MissingParameter");

    let mut body = create_body("x");
    body["Colour"] = json!("blue");
    let reply = create(body).call().await;
    reply.fails_with("UnknownParameter");
    assert!(reply.message().contains("`Colour`"), "{}", reply.message());

    let mut body = create_body("x");
    body["Permissions"][0]["Scope"] = json!("all");
    let reply = create(body).call().await;
    reply.fails_with("UnknownParameter");
    assert!(
        reply.message().contains("`Permissions.0.Scope`"),
        "{}",
        reply.message()
    );

    let mut body = create_body("x");
    body["Duration"] = json!("30");
    let reply = create(body).call().await;
    reply.fails_with("InvalidParameter");
    assert_eq!(reply.message(), "Duration must be an integer, not a string");

    let mut body = create_body("x");
    body["Duration"] = json!(-1);
    let reply = create(body).call().await;
    reply.fails_with("InvalidParameter");
    assert_eq!(reply.message(), "Duration: must be at least 0");

    let mut body = create_body("x");
    body["Disable"] = json!("yes");
    create(body).call().await.fails_with("InvalidParameter");
    assert!(emulator.accounts(REGISTRY).is_empty());
}

/// The spec says every member of a listed `ServiceAccount` is always present: an account created
/// without a description, listed without `EmbedPermission`, still carries `Description` and
/// `Permissions` (empty), and `TotalCount`.
#[tokio::test]
async fn listings_carry_every_always_present_member() {
    let emulator = Emulator::start().unwrap();
    Request::new(
        &emulator,
        "CreateServiceAccount",
        json!({"RegistryId": REGISTRY, "Name": "bare", "Permissions": []}),
    )
    .call()
    .await
    .ok();
    let reply = Request::new(
        &emulator,
        "DescribeServiceAccounts",
        json!({"RegistryId": REGISTRY}),
    )
    .call()
    .await;
    reply.ok();
    assert_eq!(reply.response()["TotalCount"], 1);
    let listed = &reply.response()["ServiceAccounts"][0];
    let mut keys: Vec<&str> = listed
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "CreateTime",
            "Description",
            "Disable",
            "ExpiresAt",
            "Name",
            "Permissions",
            "UpdateTime"
        ],
        "{listed}"
    );
    assert_eq!(listed["Description"], "");
    assert_eq!(listed["Permissions"], json!([]));
}
