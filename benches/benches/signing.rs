//! Signing one request (vector 1's inputs). Budget: ≤ 1 µs median with the daily key cached.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tcr_api::signing::{Signer, SigningInput, sign};

const BODY: &str = r#"{"RegistryId": "tcr-abcd1234", "Name": "robot1", "Permissions": [{"Resource": "ns1", "Actions": ["tcr:PushRepository", "tcr:PullRepository"]}], "Description": "ci robot", "Duration": 30, "Disable": false}"#;

fn input() -> SigningInput<'static> {
    SigningInput {
        service: "tcr",
        host: "tcr.tencentcloudapi.com",
        content_type: "application/json",
        timestamp: 1_700_000_000,
        body: BODY.as_bytes(),
    }
}

fn signing(c: &mut Criterion) {
    let signer = Signer::new("AKIDEXAMPLE", "SECRETEXAMPLE".to_owned());
    let expected = "7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65";
    assert_eq!(
        signer.sign(&input()).signature(),
        expected,
        "the benchmark signs vector 1"
    );
    c.bench_function("sign/vector1/cached_key", |b| {
        b.iter(|| signer.sign(black_box(&input())))
    });
    c.bench_function("sign/vector1/uncached", |b| {
        b.iter(|| sign("AKIDEXAMPLE", "SECRETEXAMPLE", black_box(&input())))
    });
}

criterion_group!(benches, signing);
criterion_main!(benches);
