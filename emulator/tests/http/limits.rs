//! The rate limit and a thousand concurrent calls.

use std::num::NonZeroU32;
use std::time::Instant;

use tcr_emulator::{Emulator, RateLimit};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::client::{Request, parse};
use crate::{REGISTRY, create_body};

async fn burst(emulator: &Emulator, n: usize) -> Vec<Option<String>> {
    let requests: Vec<Request> = (0..n)
        .map(|i| {
            Request::new(
                emulator,
                "CreateServiceAccount",
                create_body(&format!("r{i}")),
            )
        })
        .collect();
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|r| tokio::spawn(async move { r.call().await }))
        .collect();
    let mut codes = Vec::new();
    for task in tasks {
        codes.push(task.await.unwrap().error_code().map(str::to_owned));
    }
    codes
}

/// `n` calls written at once on connections opened beforehand, so that they all arrive within
/// a few milliseconds even on a busy machine.
async fn quick_calls(emulator: &Emulator, n: usize) -> Vec<Option<String>> {
    let mut streams = Vec::new();
    for i in 0..n {
        let request = Request::new(
            emulator,
            "CreateServiceAccount",
            create_body(&format!("q{i}")),
        );
        let stream = TcpStream::connect(emulator.addr()).await.unwrap();
        streams.push((stream, request.to_bytes()));
    }
    for (stream, bytes) in &mut streams {
        stream.write_all(bytes).await.unwrap();
    }
    let mut codes = Vec::new();
    for (mut stream, _) in streams {
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        let reply = parse(&raw);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        codes.push(reply.error_code().map(str::to_owned));
    }
    codes
}

#[tokio::test]
async fn twenty_one_quick_calls_meet_the_spec_rate_limit() {
    let emulator = Emulator::start().unwrap();
    let started = std::time::Instant::now();
    let codes = quick_calls(&emulator, 21).await;
    let seconds = started.elapsed().as_secs_f64();
    let limited = codes
        .iter()
        .filter(|c| c.as_deref() == Some("RequestLimitExceeded"))
        .count();
    // 20 a second with a burst of 20: within `seconds`, at most 20 + 20 × seconds are accepted
    // (a token comes back every 50 ms). On a machine busy enough to spread the calls over
    // more than 50 ms, the 21st may rightly be accepted.
    let accepted = codes.len() - limited;
    let bound = 20 + (20.0 * seconds).ceil() as usize;
    assert!(
        accepted <= bound,
        "{accepted} accepted in {seconds:.3} s: {codes:?}"
    );
    if seconds < 0.05 {
        assert!(limited >= 1, "21 calls in {seconds:.3} s: {codes:?}");
    }
    assert!(
        codes
            .iter()
            .all(|c| c.is_none() || c.as_deref() == Some("RequestLimitExceeded"))
    );
    // Refused calls did nothing.
    assert_eq!(emulator.accounts(REGISTRY).len(), 21 - limited);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_can_be_raised_or_turned_off() {
    let off = Emulator::builder()
        .rate_limit(RateLimit::Off)
        .quota_per_registry(100)
        .start()
        .unwrap();
    assert!(burst(&off, 40).await.iter().all(Option::is_none));
    let raised = Emulator::builder()
        .rate_limit(RateLimit::PerSecond(NonZeroU32::new(1000).unwrap()))
        .quota_per_registry(100)
        .start()
        .unwrap();
    assert!(burst(&raised, 40).await.iter().all(Option::is_none));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_creates_leave_a_thousand_accounts() {
    let emulator = Emulator::builder()
        .rate_limit(RateLimit::Off)
        .quota_per_registry(1000)
        .start()
        .unwrap();
    let started = Instant::now();
    let codes = burst(&emulator, 1000).await;
    assert!(
        codes.iter().all(Option::is_none),
        "{:?}",
        codes.iter().flatten().next()
    );
    let accounts = emulator.accounts(REGISTRY);
    assert_eq!(accounts.len(), 1000);
    let mut names: Vec<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 1000);
    // The quota is exactly full now.
    Request::new(&emulator, "CreateServiceAccount", create_body("one-more"))
        .call()
        .await
        .fails_with("OperationDenied.QuotaOverLimit");
    eprintln!("1000 concurrent creates took {:?}", started.elapsed());
}
