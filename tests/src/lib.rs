//! Workspace-level tests live in `tests/`; this library holds what the end-to-end tests on the
//! emulator share.

use tcr_api::credentials::Credentials;
use tcr_emulator::Emulator;

/// A TCR client of `emulator`, signing with its first credential, in `ap-guangzhou` (TCR acts
/// in a region: the emulator refuses a request without one), with the client's default retry
/// policy.
///
/// # Panics
///
/// If the client cannot be built from the emulator's own credential and endpoint, which would
/// be a bug of the emulator or of the client, not of the test.
pub fn client_for(emulator: &Emulator) -> tcr_api::Client {
    let credential = emulator.credential();
    let credentials = Credentials::new(credential.secret_id(), credential.secret_key())
        .expect("the emulator's credential is a valid key pair");
    tcr_api::Client::builder()
        .credentials(credentials)
        .region("ap-guangzhou")
        .endpoint_url(emulator.endpoint())
        .build()
        .expect("a client of the emulator's endpoint builds")
}
