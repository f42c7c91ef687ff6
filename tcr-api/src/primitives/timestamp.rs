//! Points in time sent as ISO 8601 text.

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A point in time as the API documents `Timestamp ISO8601`: `2023-03-28T15:48:31+08:00`.
///
/// The offset the server used is kept, so the value prints back exactly as received.
///
/// ```
/// use tcr_api::primitives::Timestamp;
///
/// let created: Timestamp = "2023-03-28T15:48:31+08:00".parse()?;
/// assert_eq!(created.unix_seconds(), 1_679_989_711);
/// assert_eq!(created.to_string(), "2023-03-28T15:48:31+08:00");
/// # Ok::<(), tcr_api::primitives::TimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(OffsetDateTime);

/// Text that is not an ISO 8601 (RFC 3339) timestamp with an offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError {
    text: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an ISO 8601 timestamp with an offset, such as `2023-03-28T15:48:31+08:00`",
            self.text
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Parses `2023-03-28T15:48:31+08:00` (or `…Z`, with optional fractions of a second).
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        OffsetDateTime::parse(text, &Rfc3339)
            .map(Timestamp)
            .map_err(|_| TimestampError {
                text: text.chars().take(64).collect(),
            })
    }

    /// The current time, in UTC.
    pub fn now() -> Timestamp {
        Timestamp(OffsetDateTime::now_utc())
    }

    /// The point as a `time` value, with its offset.
    pub fn as_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// The point as a system time.
    pub fn to_system_time(&self) -> SystemTime {
        SystemTime::from(self.0)
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(value: OffsetDateTime) -> Self {
        Timestamp(value)
    }
}

impl From<SystemTime> for Timestamp {
    fn from(value: SystemTime) -> Self {
        Timestamp(OffsetDateTime::from(value))
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

/// Prints the form Tencent sends: `2023-03-28T15:48:31+08:00`, fractions of a second only
/// when there are any, and the offset always as `±hh:mm` (a `Z` reads back as `+00:00`).
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        if t.nanosecond() != 0 {
            let fraction = format!("{:09}", t.nanosecond());
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        let offset = t.offset();
        let sign = if offset.is_negative() { '-' } else { '+' };
        write!(
            f,
            "{sign}{:02}:{:02}",
            offset.whole_hours().unsigned_abs(),
            offset.minutes_past_hour().unsigned_abs()
        )
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}
