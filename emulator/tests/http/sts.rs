//! STS on the emulator: temporary credentials from AssumeRole (signed) and
//! AssumeRoleWithWebIdentity (unsigned), and TCR calls signed with them: accepted with their
//! token while valid, refused with `AuthFailure.TokenFailure` otherwise.

use std::time::Duration;

use serde_json::json;
use tcr_emulator::{Emulator, Issuer};

use crate::client::{Reply, Request, now};
use crate::create_body;

const ROLE: &str = "qcs::cam::uin/100000000001:roleName/ci-deployer";

/// Temporary credentials from an AssumeRole answer: id, key, token, expiry.
fn temporary(reply: &Reply) -> (String, String, String, i64) {
    reply.ok();
    let c = &reply.response()["Credentials"];
    (
        c["TmpSecretId"].as_str().unwrap().to_owned(),
        c["TmpSecretKey"].as_str().unwrap().to_owned(),
        c["Token"].as_str().unwrap().to_owned(),
        reply.response()["ExpiredTime"].as_i64().unwrap(),
    )
}

async fn assume(emulator: &Emulator, duration: i64) -> (String, String, String, i64) {
    let reply = Request::sts(
        emulator,
        "AssumeRole",
        json!({"RoleArn": ROLE, "RoleSessionName": "pipeline-1", "DurationSeconds": duration}),
    )
    .call()
    .await;
    temporary(&reply)
}

#[tokio::test]
async fn assume_role_issues_credentials_that_sign_tcr_calls_with_their_token() {
    let emulator = Emulator::start().unwrap();
    let before = now();
    let reply = Request::sts(
        &emulator,
        "AssumeRole",
        json!({"RoleArn": ROLE, "RoleSessionName": "pipeline-1", "DurationSeconds": 1800}),
    )
    .call()
    .await;
    let (id, key, token, expired) = temporary(&reply);
    assert!(id.starts_with("AKIDTMP"), "{id}");
    assert!(
        (before + 1800..=before + 1805).contains(&expired),
        "{expired}"
    );
    let expiration = reply.str("Expiration");
    assert!(
        expiration.ends_with('Z') && expiration.len() == 20,
        "{expiration}"
    );

    let issued = emulator.issued_credentials();
    assert_eq!(issued.len(), 1);
    assert_eq!(issued[0].secret_id, id);
    assert_eq!(issued[0].region.as_deref(), Some("ap-guangzhou"));
    assert_eq!(
        issued[0].issuer,
        Issuer::AssumeRole {
            role_arn: ROLE.into(),
            session_name: "pipeline-1".into(),
            caller: "AKIDTCREMULATOR".into()
        }
    );
    assert!(!format!("{issued:?}").contains(&key) && !format!("{issued:?}").contains(&token));
    assert_eq!(emulator.calls("AssumeRole"), 1);

    // A TCR call signed with them and carrying their token is accepted.
    Request::new(&emulator, "CreateServiceAccount", create_body("robot"))
        .signed_with(&id, &key, Some(&token))
        .call()
        .await
        .ok();
    assert!(emulator.account(crate::REGISTRY, "robot").is_some());
}

#[tokio::test]
async fn tokens_missing_wrong_or_misplaced_are_token_failures() {
    let emulator = Emulator::start().unwrap();
    let (id, key, token, _) = assume(&emulator, 3600).await;
    let call = |id: &str, key: &str, token: Option<&str>| {
        Request::new(&emulator, "CreateServiceAccount", create_body("robot"))
            .signed_with(id, key, token)
    };
    let reply = call(&id, &key, None).call().await;
    reply.fails_with("AuthFailure.TokenFailure");
    assert!(
        reply.message().contains("has no X-TC-Token"),
        "{}",
        reply.message()
    );
    let reply = call(&id, &key, Some("not-the-token")).call().await;
    reply.fails_with("AuthFailure.TokenFailure");
    assert!(
        reply.message().contains("not the one issued"),
        "{}",
        reply.message()
    );
    // A long-lived key with a token.
    let credential = emulator.credential().clone();
    let reply = call(
        credential.secret_id(),
        credential.secret_key(),
        Some(&token),
    )
    .call()
    .await;
    reply.fails_with("AuthFailure.TokenFailure");
    // The wrong key for the temporary SecretId: the signature fails.
    call(&id, "wrong-key", Some(&token))
        .call()
        .await
        .fails_with("AuthFailure.SignatureFailure");
    assert!(emulator.accounts(crate::REGISTRY).is_empty());
    for text in [reply.message().to_owned(), reply.json.to_string()] {
        assert!(!text.contains(&token) && !text.contains(&key), "{text}");
    }
}

#[tokio::test]
async fn temporary_credentials_expire_by_the_emulators_clock() {
    let emulator = Emulator::start().unwrap();
    let (id, key, token, expired) = assume(&emulator, 900).await;
    let at = |offset: i64| {
        let mut request = Request::new(
            &emulator,
            "DescribeServiceAccounts",
            json!({"RegistryId": crate::REGISTRY}),
        )
        .signed_with(&id, &key, Some(&token));
        request.timestamp = now() + offset;
        request
    };
    at(0).call().await.ok();

    // 900 seconds later by the emulator's clock (the request's timestamp moved as far).
    emulator.advance_clock(Duration::from_secs(900));
    let reply = at(900).call().await;
    reply.fails_with("AuthFailure.TokenFailure");
    assert!(
        reply.message().contains("expired at"),
        "{}",
        reply.message()
    );
    assert!(now() + 900 >= expired);

    // The emulator's own key still works at the moved clock, with a moved timestamp.
    let mut request = Request::new(
        &emulator,
        "DescribeServiceAccounts",
        json!({"RegistryId": crate::REGISTRY}),
    );
    request.timestamp = now() + 900;
    request.call().await.ok();
    // And a request signed by the system clock is now 15 minutes behind the emulator's.
    Request::new(
        &emulator,
        "DescribeServiceAccounts",
        json!({"RegistryId": crate::REGISTRY}),
    )
    .call()
    .await
    .fails_with("AuthFailure.SignatureExpire");
}

#[tokio::test]
async fn web_identity_is_unsigned_and_checks_provider_token_and_role() {
    let emulator = Emulator::builder()
        .web_identity("tke-cls-1", "POD-TOKEN")
        .role(ROLE)
        .start()
        .unwrap();
    let exchange = |provider: &str, token: &str, role: &str, authorization: &str| {
        let mut request = Request::sts(
            &emulator,
            "AssumeRoleWithWebIdentity",
            json!({"ProviderId": provider, "WebIdentityToken": token, "RoleArn": role,
                   "RoleSessionName": "builder-pod"}),
        );
        request.authorization = Some(authorization.into());
        request
    };
    // Authorization: SKIP, as Tencent asks, or none at all.
    for authorization in ["SKIP", ""] {
        let reply = exchange("tke-cls-1", "POD-TOKEN", ROLE, authorization)
            .call()
            .await;
        let (id, key, token, _) = temporary(&reply);
        Request::new(
            &emulator,
            "DescribeServiceAccounts",
            json!({"RegistryId": crate::REGISTRY}),
        )
        .signed_with(&id, &key, Some(&token))
        .call()
        .await
        .ok();
    }
    let issued = emulator.issued_credentials();
    assert!(matches!(
        &issued[0].issuer,
        Issuer::WebIdentity { provider_id, role_arn, .. } if provider_id == "tke-cls-1" && role_arn == ROLE
    ));

    let reply = exchange("tke-cls-1", "OTHER-TOKEN", ROLE, "SKIP")
        .call()
        .await;
    reply.fails_with("InvalidParameter.WebIdentityTokenError");
    assert!(!reply.json.to_string().contains("OTHER-TOKEN"));
    exchange("tke-cls-2", "POD-TOKEN", ROLE, "SKIP")
        .call()
        .await
        .fails_with("InvalidParameter.WebIdentityTokenError");
    exchange(
        "tke-cls-1",
        "POD-TOKEN",
        "qcs::cam::uin/100000000001:roleName/other",
        "SKIP",
    )
    .call()
    .await
    .fails_with("ResourceNotFound.RoleNotFound");
    assert_eq!(emulator.calls("AssumeRoleWithWebIdentity"), 5);
}

#[tokio::test]
async fn sts_requests_are_checked_like_any_others() {
    let emulator = Emulator::builder().role(ROLE).start().unwrap();
    // AssumeRole is signed: no Authorization is refused.
    let mut request = Request::sts(
        &emulator,
        "AssumeRole",
        json!({"RoleArn": ROLE, "RoleSessionName": "s1"}),
    );
    request.authorization = Some("SKIP".into());
    request
        .call()
        .await
        .fails_with("AuthFailure.SignatureFailure");
    // A credential scope for TCR does not sign an STS action.
    let mut request = Request::sts(
        &emulator,
        "AssumeRole",
        json!({"RoleArn": ROLE, "RoleSessionName": "s1"}),
    );
    request.service = "tcr".into();
    let reply = request.call().await;
    reply.fails_with("AuthFailure.SignatureFailure");
    assert!(
        reply.message().contains("this is `sts`"),
        "{}",
        reply.message()
    );
    // The spec's rules, and the emulator's roles.
    Request::sts(
        &emulator,
        "AssumeRole",
        json!({"RoleArn": ROLE, "RoleSessionName": "has space"}),
    )
    .call()
    .await
    .fails_with("InvalidParameter");
    Request::sts(
        &emulator,
        "AssumeRole",
        json!({"RoleArn": ROLE, "RoleSessionName": "s1", "DurationSeconds": 50000}),
    )
    .call()
    .await
    .fails_with("InvalidParameter");
    Request::sts(
        &emulator,
        "AssumeRole",
        json!({"RoleArn": ROLE, "RoleSessionName": "s1", "DurationSeconds": 0}),
    )
    .call()
    .await
    .fails_with("InvalidParameter.ParamError");
    Request::sts(
        &emulator,
        "AssumeRole",
        json!({"RoleArn": "qcs::cam::uin/1:roleName/nope", "RoleSessionName": "s1"}),
    )
    .call()
    .await
    .fails_with("ResourceNotFound.RoleNotFound");
    // A TCR version for an STS action.
    let mut request = Request::sts(
        &emulator,
        "AssumeRole",
        json!({"RoleArn": ROLE, "RoleSessionName": "s1"}),
    );
    request.version = Some("2019-09-24".into());
    request.call().await.fails_with("NoSuchVersion");
    assert_eq!(emulator.calls("AssumeRole"), 7);
    assert!(emulator.issued_credentials().is_empty());
}
