//! Faults ordered on the handle and over the control path.

use std::time::{Duration, Instant};

use serde_json::json;
use tcr_api::ErrorCode;
use tcr_api::actions::{CreateServiceAccountRequest, ModifyServiceAccountPasswordRequest};
use tcr_emulator::{Emulator, FaultError, FaultSpec};

use crate::client::{Request, control};
use crate::{REGISTRY, create_body};

fn create(emulator: &Emulator, name: &str) -> Request {
    Request::new(emulator, "CreateServiceAccount", create_body(name))
}

#[tokio::test]
async fn fail_the_next_calls_with_a_code() {
    let emulator = Emulator::start().unwrap();
    emulator
        .inject(
            FaultSpec::fail_with(ErrorCode::InternalError, "try again")
                .on::<CreateServiceAccountRequest>()
                .times(2),
        )
        .unwrap();
    // Another action is not concerned.
    Request::new(
        &emulator,
        "ModifyServiceAccountPassword",
        json!({"RegistryId": REGISTRY, "Name": "ghost", "Random": true}),
    )
    .call()
    .await
    .fails_with("ResourceNotFound");
    for _ in 0..2 {
        let reply = create(&emulator, "a").call().await;
        reply.fails_with("InternalError");
        assert_eq!(reply.message(), "try again");
    }
    assert!(
        emulator.accounts(REGISTRY).is_empty(),
        "failed calls do nothing"
    );
    create(&emulator, "a").call().await.ok();
    assert!(emulator.pending_faults().is_empty());

    // An action-specific code the spec declares is fine.
    emulator
        .inject(
            FaultSpec::fail(ErrorCode::FailedOperationDbError).on::<CreateServiceAccountRequest>(),
        )
        .unwrap();
    create(&emulator, "b")
        .call()
        .await
        .fails_with("FailedOperation.DbError");
}

#[tokio::test]
async fn codes_tcr_would_never_answer_are_refused() {
    let emulator = Emulator::start().unwrap();
    assert!(matches!(
        emulator.inject(
            FaultSpec::fail(ErrorCode::OperationDeniedQuotaOverLimit)
                .on::<ModifyServiceAccountPasswordRequest>()
        ),
        Err(FaultError::UndeclaredCode { .. })
    ));
    assert_eq!(
        emulator.inject(FaultSpec::close_after_perform().on_action("Nope")),
        Err(FaultError::UnknownAction("Nope".into()))
    );
    assert!(emulator.pending_faults().is_empty());
}

#[tokio::test]
async fn delay_answers() {
    let emulator = Emulator::start().unwrap();
    emulator
        .inject(FaultSpec::delay(Duration::from_millis(300)).on::<CreateServiceAccountRequest>())
        .unwrap();
    let started = Instant::now();
    create(&emulator, "slow").call().await.ok();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    let started = Instant::now();
    create(&emulator, "fast").call().await.ok();
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn perform_then_close_without_answering() {
    let emulator = Emulator::start().unwrap();
    emulator
        .inject(FaultSpec::close_after_perform().on::<CreateServiceAccountRequest>())
        .unwrap();
    // A call refused before the action is performed does not use the fault up.
    let mut bad = create(&emulator, "x");
    bad.body = b"{}".to_vec();
    bad.call().await.fails_with("MissingParameter");
    assert!(
        create(&emulator, "lost").send().await.is_none(),
        "no answer"
    );
    // ...but the account was created.
    let account = emulator.account(REGISTRY, "lost").expect("performed");
    assert_eq!(account.name, "tcr$lost");
    // A resend is a duplicate, as on TCR.
    create(&emulator, "lost")
        .call()
        .await
        .fails_with("FailedOperation");
}

#[tokio::test]
async fn the_control_path_orders_faults_and_shows_state() {
    let emulator = Emulator::start().unwrap();
    let reply = control(
        &emulator,
        "POST",
        "/_emulator/faults",
        Some(json!([
            {"action": "CreateServiceAccount", "kind": "error", "code": "InternalError", "times": 1},
            {"action": "CreateServiceAccount", "kind": "delay", "millis": 200},
            {"action": "ModifyServiceAccountPassword", "kind": "close_after_perform"}
        ])),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.json);
    assert_eq!(emulator.pending_faults().len(), 3);
    let pending = control(&emulator, "GET", "/_emulator/faults", None).await;
    assert_eq!(pending.json.as_array().unwrap().len(), 3);

    let started = Instant::now();
    create(&emulator, "r")
        .call()
        .await
        .fails_with("InternalError");
    assert!(started.elapsed() >= Duration::from_millis(200));
    create(&emulator, "r").call().await.ok();
    let modify = Request::new(
        &emulator,
        "ModifyServiceAccountPassword",
        json!({"RegistryId": REGISTRY, "Name": "r", "Random": false, "Password": "NewPass123"}),
    );
    assert!(modify.send().await.is_none());
    assert!(
        emulator
            .account(REGISTRY, "r")
            .unwrap()
            .password_matches("NewPass123")
    );

    let accounts = control(
        &emulator,
        "GET",
        &format!("/_emulator/registries/{REGISTRY}/accounts"),
        None,
    )
    .await;
    assert_eq!(accounts.status, 200);
    assert_eq!(accounts.json[0]["Name"], "tcr$r");
    assert_eq!(accounts.json[0]["Permissions"][0]["Resource"], "ns1");
    assert!(accounts.json[0].get("Password").is_none());
    assert!(!accounts.json.to_string().contains("NewPass123"));

    // Refused orders: all or nothing.
    let reply = control(
        &emulator,
        "POST",
        "/_emulator/faults",
        Some(json!([
            {"kind": "delay", "millis": 1},
            {"action": "ModifyServiceAccountPassword", "kind": "error", "code": "OperationDenied.QuotaOverLimit"}
        ])),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert!(
        reply.json["error"]
            .as_str()
            .unwrap()
            .contains("OperationDenied.QuotaOverLimit")
    );
    assert!(emulator.pending_faults().is_empty());
    let reply = control(
        &emulator,
        "POST",
        "/_emulator/faults",
        Some(json!({"kind": "explode"})),
    )
    .await;
    assert_eq!(reply.status, 400);

    control(
        &emulator,
        "POST",
        "/_emulator/faults",
        Some(json!({"kind": "delay", "millis": 1, "times": "always"})),
    )
    .await;
    assert_eq!(
        control(&emulator, "DELETE", "/_emulator/faults", None)
            .await
            .status,
        200
    );
    assert!(emulator.pending_faults().is_empty());
    assert_eq!(
        control(&emulator, "POST", "/_emulator/reset", None)
            .await
            .status,
        200
    );
    assert!(emulator.accounts(REGISTRY).is_empty());
    assert_eq!(
        control(&emulator, "GET", "/_emulator/nothing", None)
            .await
            .status,
        404
    );
    assert_eq!(
        control(
            &emulator,
            "GET",
            "/_emulator/registries/nope/accounts",
            None
        )
        .await
        .status,
        404
    );
}
