//! The emulator over real HTTP on loopback, with a raw signed client.

mod actions;
mod binary;
mod client;
mod faults;
mod limits;
mod metadata;
mod protocol;
mod sts;

use serde_json::{Value, json};

/// A registry id of the documented form.
pub const REGISTRY: &str = "tcr-abcd1234";

/// A `CreateServiceAccount` body.
pub fn create_body(name: &str) -> Value {
    json!({
        "RegistryId": REGISTRY,
        "Name": name,
        "Permissions": [{"Resource": "ns1", "Actions": ["tcr:PushRepository", "tcr:PullRepository"]}],
        "Description": "ci robot",
        "Duration": 30,
        "Disable": false
    })
}
