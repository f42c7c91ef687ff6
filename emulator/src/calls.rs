//! How many requests each action received, for tests that count calls (one STS request for a
//! thousand TCR calls).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::routes::Routes;

/// A counter per action of the route table, and one for the metadata service.
pub(crate) struct CallCounts {
    by_action: HashMap<&'static str, AtomicUsize>,
    metadata: AtomicUsize,
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
        }
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
