//! A transport that keeps every request and answers with a canned answer.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::client::{BoxFuture, HttpError, HttpResponse, HttpTransport, PreparedRequest};

/// Keeps every signed request it is given and answers each with the same canned answer.
/// Clones share what they captured, so keep one clone and give the other to the client.
///
/// ```
/// use tencentcloud_runtime::client::{ApiClient, ClientBuilder};
/// use tencentcloud_runtime::credentials::Credentials;
/// use tencentcloud_runtime::test_util::CaptureTransport;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let capture = CaptureTransport::answering(r#"{"Response": {"RequestId": "r-1"}}"#);
/// let client: ApiClient = ClientBuilder::new()
///     .credentials(Credentials::new("AKIDTEST", "test-key")?)
///     .transport(capture.clone())
///     .build()?;
/// // ... call an action with `client`, then look at what was sent:
/// # let _ = client;
/// if let Some(request) = capture.last_request() {
///     assert!(request.header("Authorization").unwrap().starts_with("TC3-HMAC-SHA256"));
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct CaptureTransport {
    answer: HttpResponse,
    requests: Arc<Mutex<Vec<PreparedRequest>>>,
}

impl CaptureTransport {
    /// Answers every request with HTTP 200 and `body`.
    pub fn answering(body: impl Into<Vec<u8>>) -> CaptureTransport {
        CaptureTransport::with_response(HttpResponse::new(200, body))
    }

    /// Answers every request with `response`.
    pub fn with_response(response: HttpResponse) -> CaptureTransport {
        CaptureTransport {
            answer: response,
            requests: Arc::default(),
        }
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<PreparedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The last request received.
    pub fn last_request(&self) -> Option<PreparedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .last()
            .cloned()
    }
}

impl HttpTransport for CaptureTransport {
    fn send(
        &self,
        request: PreparedRequest,
        _timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request);
        let answer = self.answer.clone();
        Box::pin(async move { Ok(answer) })
    }
}
