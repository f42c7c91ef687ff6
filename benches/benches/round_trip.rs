//! Round trips through the typed client to the in-process emulator over loopback, keep-alive
//! connections, with 1 task and with 32 concurrent tasks: calls per second, p50 and p99
//! latency. Each call is a real signed DescribeServiceAccounts, verified by the emulator.

use std::time::{Duration, Instant};

use tcr_api::client::{RateLimit, RetryConfig};
use tcr_api::credentials::Credentials;
use tcr_api::types::{Permission, PermissionAction};
use tcr_emulator::Emulator;

const REGISTRY: &str = "tcr-abcd1234";

async fn call(client: &tcr_api::Client) -> Duration {
    let started = Instant::now();
    let page = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .limit(1)
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(page.total_count, 1);
    started.elapsed()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

async fn run(client: &tcr_api::Client, tasks: usize, calls_per_task: usize) {
    let started = Instant::now();
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(calls_per_task);
                for _ in 0..calls_per_task {
                    latencies.push(call(&client).await);
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for handle in handles {
        latencies.extend(handle.await.expect("task"));
    }
    let elapsed = started.elapsed();
    latencies.sort();
    println!(
        "round_trip/{tasks:>2} task{}: {:>6.0} calls/s, p50 {:>7.1} µs, p99 {:>7.1} µs ({} calls)",
        if tasks == 1 { " " } else { "s" },
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.50).as_secs_f64() * 1e6,
        percentile(&latencies, 0.99).as_secs_f64() * 1e6,
        latencies.len()
    );
}

/// The client, signing with the emulator's credentials.
fn client_of(emulator: &Emulator) -> tcr_api::Client {
    let credential = emulator.credential();
    tcr_api::Client::builder()
        .credentials(
            Credentials::new(credential.secret_id(), credential.secret_key()).expect("credentials"),
        )
        .region("ap-guangzhou")
        .endpoint_url(emulator.endpoint())
        .rate_limit(RateLimit::Off)
        .retry(RetryConfig::disabled())
        .build()
        .expect("client")
}

async fn scenario(client: &tcr_api::Client, label: &str) {
    client
        .create_service_account()
        .registry_id(REGISTRY)
        .name("bench")
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .send()
        .await
        .expect("create");
    let calls = calls();
    for _ in 0..calls / 8 {
        call(client).await;
    }
    println!("{label}:");
    run(client, 1, calls).await;
    run(client, 32, calls / 16).await;
}

/// Calls per task for one task (`ROUND_TRIP_CALLS`, 4000 by default): fewer for a run under
/// `valgrind --tool=callgrind`, which counts the instructions of a round trip exactly.
fn calls() -> usize {
    std::env::var("ROUND_TRIP_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000)
}

/// Which setups to run (`ROUND_TRIP_SETUP`: `thread`, `spawn`, or both by default).
fn runs(setup: &str) -> bool {
    std::env::var("ROUND_TRIP_SETUP").map_or(true, |v| v == setup)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("round_trip: bench");
        return;
    }
    if runs("thread") {
        on_its_own_thread();
    }
    if runs("spawn") {
        on_the_same_runtime();
    }
}

/// The emulator on a thread of its own (`Emulator::start`), the client on a runtime of its
/// own: every call wakes the other thread twice.
fn on_its_own_thread() {
    let emulator = Emulator::builder()
        .rate_limit(RateLimit::Off)
        .log_requests(false)
        .start()
        .expect("emulator");
    let client = client_of(&emulator);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(scenario(
        &client,
        "emulator on its own thread (Emulator::start)",
    ));
    emulator.shutdown();
}

/// Both on one current-thread runtime (`EmulatorBuilder::spawn`), as in a `#[tokio::test]`.
fn on_the_same_runtime() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let emulator = Emulator::builder()
            .rate_limit(RateLimit::Off)
            .log_requests(false)
            .spawn()
            .expect("emulator");
        let client = client_of(&emulator);
        scenario(
            &client,
            "emulator on the test's runtime (EmulatorBuilder::spawn)",
        )
        .await;
    });
}
