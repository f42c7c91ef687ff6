//! How many requests each action received, for tests that count calls (one STS request for a
//! thousand TCR calls), and the log of the latest calls (action, account, region, code,
//! RequestId), for tests that check what a program did.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use serde::Serialize;
use tcr_api::ErrorCode;

use crate::routes::Routes;

/// How many calls the log keeps: the latest ones, so that a long run (a load test) holds a
/// bounded amount of memory.
pub const CALL_LOG_CAPACITY: usize = 10_000;

/// One API call the emulator answered (control-path and metadata requests are not logged).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CallRecord {
    /// The action the request named (`X-TC-Action`), as sent; empty when it named none.
    pub action: String,
    /// The account of the credentials that signed it, when they belong to one.
    pub account: Option<String>,
    /// The region it named (`X-TC-Region`).
    pub region: Option<String>,
    /// The error code it was answered with; `None` for a success (and for a call cut off by a
    /// fault before its answer).
    pub code: Option<String>,
    /// The RequestId of the answer.
    pub request_id: String,
}

/// A call as the log keeps it: what every call has is not copied (a known action's name is the
/// route's own, the code is the error's); [`CallRecord`]s are made when the log is read.
pub(crate) struct Logged {
    /// The action the request named: the route's name when known, else as sent.
    pub(crate) action: Cow<'static, str>,
    pub(crate) account: Option<String>,
    pub(crate) region: Option<String>,
    /// The error code of the answer; `None` for a success.
    pub(crate) code: Option<ErrorCode>,
    pub(crate) request_id: String,
}

impl From<&Logged> for CallRecord {
    fn from(logged: &Logged) -> CallRecord {
        CallRecord {
            action: logged.action.clone().into_owned(),
            account: logged.account.clone(),
            region: logged.region.clone(),
            code: logged.code.as_ref().map(|code| code.as_str().to_owned()),
            request_id: logged.request_id.clone(),
        }
    }
}

/// A counter per action of the route table, one for the metadata service, and the call log.
pub(crate) struct CallCounts {
    by_action: HashMap<&'static str, AtomicUsize>,
    metadata: AtomicUsize,
    log: Mutex<VecDeque<Logged>>,
}

impl CallCounts {
    /// Counters at 0 for every action of `routes`.
    pub(crate) fn new(routes: &Routes) -> CallCounts {
        CallCounts {
            by_action: routes
                .iter()
                .map(|route| (route.info.name, AtomicUsize::new(0)))
                .collect(),
            metadata: AtomicUsize::new(0),
            log: Mutex::new(VecDeque::new()),
        }
    }

    /// Adds a call to the log, forgetting the oldest beyond [`CALL_LOG_CAPACITY`].
    pub(crate) fn record(&self, call: Logged) {
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        if log.len() == CALL_LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(call);
    }

    /// The logged calls, oldest first.
    pub(crate) fn log(&self) -> Vec<CallRecord> {
        let log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        log.iter().map(CallRecord::from).collect()
    }

    /// Empties the log (the counters keep counting).
    pub(crate) fn clear_log(&self) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Counts a request naming `action` (whatever its outcome).
    pub(crate) fn count(&self, action: &str) {
        if let Some(counter) = self.by_action.get(action) {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Requests that named `action`.
    pub(crate) fn of(&self, action: &str) -> usize {
        self.by_action
            .get(action)
            .map_or(0, |counter| counter.load(Ordering::SeqCst))
    }

    /// Counts a request to the metadata service.
    pub(crate) fn count_metadata(&self) {
        self.metadata.fetch_add(1, Ordering::SeqCst);
    }

    /// Requests to the metadata service.
    pub(crate) fn metadata(&self) -> usize {
        self.metadata.load(Ordering::SeqCst)
    }
}
