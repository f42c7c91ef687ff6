//! Everything the connections of one emulator share.

use std::sync::Arc;

use crate::auth::Authenticator;
use crate::calls::CallCounts;
use crate::clock::Clock;
use crate::faults::Faults;
use crate::identity::Identities;
use crate::random::Random;
use crate::rate_limit::Limiters;
use crate::routes::Routes;
use crate::state::State;
use crate::unimplemented::Unimplemented;

/// The emulator's configuration and state, shared by its connections and its handle.
pub(crate) struct Shared {
    pub(crate) routes: Routes,
    pub(crate) auth: Authenticator,
    pub(crate) limiters: Limiters,
    pub(crate) state: State,
    pub(crate) faults: Faults,
    pub(crate) identities: Identities,
    /// Shared with the state, which keeps how far it was moved in the state file.
    pub(crate) clock: Arc<Clock>,
    pub(crate) calls: CallCounts,
    pub(crate) log_requests: bool,
    pub(crate) unimplemented: Unimplemented,
    pub(crate) random: Random,
}
