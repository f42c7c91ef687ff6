//! Value types the generated code uses for what the API documents as more than a plain string
//! or number: secrets, points in time, and enumeration values this version does not know.

mod sensitive;
mod timestamp;
mod unix_time;
mod unknown;

pub use sensitive::Sensitive;
pub use timestamp::{Timestamp, TimestampError};
pub use unix_time::{UnixMillis, UnixSeconds};
pub use unknown::UnknownValue;
