//! The client's own cost per call, with no network, for a CreateServiceAccount:
//! - `per_call/create_service_account`: build, validate, serialize and sign the request, and
//!   decode its answer. Budget: ≤ 2.5 µs median.
//! - `per_call/send_in_memory`: a whole `send()` through the call path (the above, plus
//!   credentials, endpoint, span, an in-memory transport that answers at once, reading the
//!   envelope). Reported, no budget: it shows what the call path adds.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, UNIX_EPOCH};

use criterion::{Criterion, criterion_group, criterion_main};
use tcr_api::actions::{CreateServiceAccountRequest, CreateServiceAccountRequestBuilder};
use tcr_api::client::{
    BoxFuture, HttpError, HttpResponse, HttpTransport, PreparedRequest, RateLimit, decode_answer,
};
use tcr_api::credentials::Credentials;
use tcr_api::types::{Permission, PermissionAction};
use tcr_api::validation::Validate;

const ANSWER: &[u8] = br#"{"Response": {"CreateTime": "2023-03-28T15:48:31+08:00", "ExpiresAt": 1680853711137, "Name": "tcr$test", "Password": "oNKUtqrB5Eb68JufkVanSwuhmC4Ergn7", "RequestId": "20b67612-28a0-4c51-8efb-0fe14bc23a64"}}"#;

/// Runs a future that is ready at once (static credentials need no I/O).
fn now<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the future was expected to be ready"),
    }
}

/// Answers every request at once with the documented answer, as a network that costs nothing.
#[derive(Debug)]
struct Canned;

impl HttpTransport for Canned {
    fn send(
        &self,
        request: PreparedRequest,
        _timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        black_box(request);
        Box::pin(async { Ok(HttpResponse::new(200, ANSWER)) })
    }
}

/// The benchmarked request's parameters, on either way in (a plain builder, or the client's).
fn filled<C>(
    builder: CreateServiceAccountRequestBuilder<C>,
) -> CreateServiceAccountRequestBuilder<C> {
    builder
        .registry_id("tcr-abcd1234")
        .name("robot1")
        .permission(Permission::new(
            "ns1",
            [
                PermissionAction::PushRepository,
                PermissionAction::PullRepository,
            ],
        ))
        .description("ci robot")
        .duration(30)
        .disable(false)
}

fn per_call(c: &mut Criterion) {
    let client = tcr_api::Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE").unwrap())
        .region("ap-guangzhou")
        .rate_limit(RateLimit::Off)
        .clock(|| UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .transport(Canned)
        .build()
        .unwrap();
    let api = client.api_client().clone();
    c.bench_function("per_call/create_service_account", |b| {
        b.iter(|| {
            let request = filled(CreateServiceAccountRequest::builder())
                .build()
                .unwrap();
            request.validate().unwrap();
            let prepared = now(api.prepare(&request, black_box(1_700_000_000))).unwrap();
            black_box(prepared);
            decode_answer::<CreateServiceAccountRequest>(200, black_box(ANSWER)).unwrap()
        })
    });
    c.bench_function("per_call/send_in_memory", |b| {
        b.iter(|| {
            let answer = now(filled(client.create_service_account()).send()).unwrap();
            black_box(answer)
        })
    });
}

criterion_group!(benches, per_call);
criterion_main!(benches);
