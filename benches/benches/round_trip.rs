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
    assert_eq!(page.total_count, Some(1));
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

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("round_trip: bench");
        return;
    }
    let emulator = Emulator::builder()
        .rate_limit(RateLimit::Off)
        .log_requests(false)
        .start()
        .expect("emulator");
    let credential = emulator.credential();
    let client = tcr_api::Client::builder()
        .credentials(
            Credentials::new(credential.secret_id(), credential.secret_key()).expect("credentials"),
        )
        .endpoint_url(emulator.endpoint())
        .rate_limit(RateLimit::Off)
        .retry(RetryConfig::disabled())
        .build()
        .expect("client");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        client
            .create_service_account()
            .registry_id(REGISTRY)
            .name("bench")
            .permission(Permission::new("apps", [PermissionAction::PullRepository]))
            .send()
            .await
            .expect("create");
        for _ in 0..500 {
            call(&client).await;
        }
        run(&client, 1, 4000).await;
        run(&client, 32, 250).await;
    });
}
