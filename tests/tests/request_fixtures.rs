//! The workspace's request fixtures: for every documented example of every action, the complete
//! signed HTTP request the client sends (method, URL, every header, body), with a fixed clock
//! and fixed credentials. A change in signing, headers or serialization shows up here.

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tcr_api::action::{Action, ServerActionVisitor};
use tcr_api::client::{ApiClient, Endpoint, Language, PreparedRequest};
use tcr_api::credentials::Credentials;

const TIMESTAMP: i64 = 1_700_000_000;

fn render(prepared: &PreparedRequest) -> String {
    let mut text = format!("{} {}\n", prepared.method, prepared.url);
    for (name, value) in &prepared.headers {
        writeln!(text, "{name}: {value}").unwrap();
    }
    text.push('\n');
    text.push_str(&String::from_utf8_lossy(&prepared.body));
    text.push('\n');
    text
}

fn client(endpoint: Endpoint, credentials: Credentials) -> tcr_api::Client {
    tcr_api::Client::builder()
        .credentials(credentials)
        .region("ap-guangzhou")
        .endpoint(endpoint)
        .request_client("tcr-api-rust/fixtures")
        .build()
        .unwrap()
}

struct Fixtures {
    spec: tcr_codegen::Api,
    client: ApiClient,
    rendered: Vec<(String, String)>,
}

impl ServerActionVisitor for Fixtures {
    fn visit<A>(&mut self)
    where
        A: Action + DeserializeOwned,
        A::Output: Serialize,
    {
        let action = self
            .spec
            .actions
            .iter()
            .find(|a| a.name == A::INFO.name)
            .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        for (index, example) in action.examples.iter().enumerate() {
            if example.input_mismatch.is_some() {
                // Not a request the typed client can send (`docs/published-examples.md`).
                continue;
            }
            let request: A = serde_json::from_str(&example.input).unwrap();
            let prepared = runtime
                .block_on(self.client.prepare(&request, TIMESTAMP))
                .unwrap();
            self.rendered.push((
                format!("{}__example_{}", A::INFO.name, index + 1),
                render(&prepared),
            ));
        }
    }
}

#[test]
fn every_documented_example_has_a_signed_request_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    let spec = tcr_codegen::load_dir(&dir, "api-spec").unwrap();
    let expected = spec
        .actions
        .iter()
        .flat_map(|a| &a.examples)
        .filter(|e| e.input_mismatch.is_none())
        .count();
    let client = client(
        Endpoint::China,
        Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE").unwrap(),
    );
    let mut fixtures = Fixtures {
        spec,
        client: client.api_client().clone(),
        rendered: Vec::new(),
    };
    tcr_api::actions::visit_server_actions(&mut fixtures);
    assert_eq!(fixtures.rendered.len(), expected);
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/requests");
    for (name, text) in &fixtures.rendered {
        record_if_new(&folder, name, text);
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("fixtures/requests");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, text) in fixtures.rendered {
            insta::assert_snapshot!(name, text);
        }
    });
}

/// The first fixture of an example added to the spec is recorded, not failed: adding an action
/// file and running `cargo xtask codegen` leaves the tests green (commit the recorded file).
/// From then on the fixture pins the request, like every other.
fn record_if_new(folder: &Path, name: &str, text: &str) {
    let path = folder.join(format!("{name}.snap"));
    if !path.exists() {
        let snapshot =
            format!("---\nsource: tests/tests/request_fixtures.rs\nexpression: text\n---\n{text}");
        std::fs::write(&path, snapshot).unwrap();
        eprintln!("recorded the new request fixture {}", path.display());
    }
}

#[tokio::test]
async fn a_local_endpoint_signs_its_port_and_a_token_is_sent() {
    let credentials = Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE")
        .unwrap()
        .with_token("session-token")
        .unwrap();
    let client = tcr_api::Client::builder()
        .credentials(credentials)
        .endpoint_url("http://127.0.0.1:9091")
        .language(Language::EnUs)
        .request_client("tcr-api-rust/fixtures")
        .build()
        .unwrap();
    let request = tcr_api::actions::ModifyServiceAccountPasswordRequest::builder()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .random(true)
        .build()
        .unwrap();
    let prepared = client
        .api_client()
        .prepare(&request, TIMESTAMP)
        .await
        .unwrap();
    assert_eq!(prepared.header("host"), Some("127.0.0.1:9091"));
    assert!(
        !format!("{prepared:?}").contains("session-token"),
        "Debug shows the token"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("fixtures/requests");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("local_endpoint_with_token", render(&prepared)));
}
