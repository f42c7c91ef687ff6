//! A transport that answers from a recorded list of (request → answer) pairs.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::client::{BoxFuture, HttpError, HttpResponse, HttpTransport, PreparedRequest};

/// One recorded exchange: the request expected (its action and JSON body) and the answer to give.
#[derive(Clone, Debug)]
pub struct ReplayEvent {
    action: String,
    body: serde_json::Value,
    answer: HttpResponse,
}

impl ReplayEvent {
    /// Expects a request of `action` whose body is the JSON `request_body` (compared as JSON:
    /// key order and spacing do not matter), and answers HTTP 200 with `answer_body`.
    ///
    /// # Panics
    /// When `request_body` is not JSON: a mistake in the test itself.
    pub fn new(
        action: impl Into<String>,
        request_body: &str,
        answer_body: impl Into<Vec<u8>>,
    ) -> ReplayEvent {
        ReplayEvent::with_response(action, request_body, HttpResponse::new(200, answer_body))
    }

    /// Like [`ReplayEvent::new`], with a whole HTTP answer (status and headers too).
    ///
    /// # Panics
    /// When `request_body` is not JSON: a mistake in the test itself.
    pub fn with_response(
        action: impl Into<String>,
        request_body: &str,
        answer: HttpResponse,
    ) -> ReplayEvent {
        let action = action.into();
        let body = serde_json::from_str(request_body).unwrap_or_else(|e| {
            panic!("the recorded request body of {action} is not JSON ({e}): {request_body}")
        });
        ReplayEvent {
            action,
            body,
            answer,
        }
    }
}

/// Answers the requests it is given with the recorded answers, in order, and keeps the requests
/// so that [`ReplayTransport::assert_requests_match`] can compare them with the recording.
/// Clones share the recording and what was received.
///
/// A request beyond the recording gets no answer (a connection error that says so); the
/// comparison then reports it too.
#[derive(Clone, Debug)]
pub struct ReplayTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Debug)]
struct State {
    events: Vec<ReplayEvent>,
    received: Vec<PreparedRequest>,
}

impl ReplayTransport {
    /// A transport that plays `events` in order.
    pub fn new(events: impl IntoIterator<Item = ReplayEvent>) -> ReplayTransport {
        ReplayTransport {
            state: Arc::new(Mutex::new(State {
                events: events.into_iter().collect(),
                received: Vec::new(),
            })),
        }
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<PreparedRequest> {
        self.lock().received.clone()
    }

    /// Every difference between the requests received and the recording, one line each: a
    /// request of another action, a body that is not the recorded JSON, a request too many,
    /// a recorded request never sent. Empty when they match.
    pub fn mismatches(&self) -> Vec<String> {
        let state = self.lock();
        let mut problems = Vec::new();
        for (index, event) in state.events.iter().enumerate() {
            let n = index + 1;
            let Some(request) = state.received.get(index) else {
                problems.push(format!(
                    "request {n}: expected {} but it was never sent",
                    event.action
                ));
                continue;
            };
            let action = request.header("X-TC-Action").unwrap_or("(no X-TC-Action)");
            if action != event.action {
                problems.push(format!(
                    "request {n}: expected {}, got {action}",
                    event.action
                ));
                continue;
            }
            match serde_json::from_slice::<serde_json::Value>(&request.body) {
                Ok(body) if body == event.body => {}
                Ok(body) => {
                    let mut line = format!("request {n} ({action}): the body differs:");
                    describe_difference(&mut line, "", &event.body, &body);
                    problems.push(line);
                }
                Err(e) => problems.push(format!(
                    "request {n} ({action}): the body is not JSON ({e})"
                )),
            }
        }
        for (index, request) in state.received.iter().enumerate().skip(state.events.len()) {
            problems.push(format!(
                "request {}: {} was sent but the recording has only {} request(s)",
                index + 1,
                request.header("X-TC-Action").unwrap_or("(no X-TC-Action)"),
                state.events.len()
            ));
        }
        problems
    }

    /// Panics with every difference between the requests received and the recording.
    ///
    /// # Panics
    /// When [`ReplayTransport::mismatches`] finds any.
    #[track_caller]
    pub fn assert_requests_match(&self) {
        let problems = self.mismatches();
        assert!(
            problems.is_empty(),
            "the requests sent do not match the recording:\n  {}",
            problems.join("\n  ")
        );
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl HttpTransport for ReplayTransport {
    fn send(
        &self,
        request: PreparedRequest,
        _timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        let mut state = self.lock();
        let index = state.received.len();
        state.received.push(request);
        let answer = match state.events.get(index) {
            Some(event) => Ok(event.answer.clone()),
            None => Err(HttpError::lost(format!(
                "the replay recording has only {} request(s); request {} has no answer",
                state.events.len(),
                index + 1
            ))),
        };
        Box::pin(async move { answer })
    }
}

/// Appends where `got` differs from `want`, as `Path: expected …, got …` parts.
fn describe_difference(
    out: &mut String,
    path: &str,
    want: &serde_json::Value,
    got: &serde_json::Value,
) {
    use serde_json::Value;
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (key, wv) in w {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match g.get(key) {
                    Some(gv) if gv == wv => {}
                    Some(gv) => describe_difference(out, &at, wv, gv),
                    None => {
                        let _ = write!(out, " {at}: expected {wv}, missing;");
                    }
                }
            }
            for key in g.keys().filter(|k| !w.contains_key(*k)) {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let _ = write!(out, " {at}: not expected, sent;");
            }
        }
        _ => {
            let at = if path.is_empty() { "(body)" } else { path };
            let _ = write!(out, " {at}: expected {want}, got {got};");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn request(action: &'static str, body: &str) -> PreparedRequest {
        PreparedRequest {
            method: "POST",
            url: "https://demo.tencentcloudapi.com".into(),
            headers: vec![(Cow::Borrowed("X-TC-Action"), action.to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    #[tokio::test]
    async fn answers_in_order_and_reports_every_difference() {
        let replay = ReplayTransport::new([
            ReplayEvent::new(
                "A",
                r#"{"X": 1, "Y": {"Z": "a"}}"#,
                r#"{"Response":{"RequestId":"1"}}"#,
            ),
            ReplayEvent::new("B", "{}", r#"{"Response":{"RequestId":"2"}}"#),
            ReplayEvent::new("C", "{}", r#"{"Response":{"RequestId":"3"}}"#),
        ]);
        let first = replay
            .send(
                request("A", r#"{"Y":{"Z":"b"},"X":1,"W":true}"#),
                Duration::from_secs(1),
            )
            .await
            .unwrap();
        assert_eq!(first.body, br#"{"Response":{"RequestId":"1"}}"#);
        replay
            .send(request("D", "{}"), Duration::from_secs(1))
            .await
            .unwrap();
        assert_eq!(
            replay.mismatches(),
            [
                r#"request 1 (A): the body differs: Y.Z: expected "a", got "b"; W: not expected, sent;"#,
                "request 2: expected B, got D",
                "request 3: expected C but it was never sent",
            ]
        );
        replay
            .send(request("C", "{}"), Duration::from_secs(1))
            .await
            .unwrap();
        let extra = replay
            .send(request("E", "{}"), Duration::from_secs(1))
            .await;
        assert!(extra.unwrap_err().to_string().contains("only 3 request(s)"));
        assert_eq!(
            replay.mismatches()[2..],
            ["request 4: E was sent but the recording has only 3 request(s)"]
        );
    }

    #[test]
    fn matching_requests_pass() {
        let replay = ReplayTransport::new([ReplayEvent::new("A", r#"{"X": [1, 2]}"#, "{}")]);
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(replay.send(request("A", r#"{"X":[1,2]}"#), Duration::from_secs(1)))
            .unwrap();
        replay.assert_requests_match();
    }
}
