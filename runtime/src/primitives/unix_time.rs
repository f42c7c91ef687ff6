//! Points in time sent as integers.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! unix_time {
    ($name:ident, $unit:literal, $per_second:expr, $from_duration:ident, $to_duration:ident) => {
        #[doc = concat!("A point in time as the API sends it: ", $unit, " since the Unix epoch (UTC).")]
        ///
        /// The wire form is the plain integer; `0` is what the API uses for "not set".
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(i64);

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self)
            }
        }

        impl $name {
            #[doc = concat!("The point `value` ", $unit, " after the epoch.")]
            pub const fn new(value: i64) -> Self {
                Self(value)
            }

            #[doc = concat!("The integer on the wire, in ", $unit, ".")]
            pub const fn get(self) -> i64 {
                self.0
            }

            /// The current time.
            pub fn now() -> Self {
                Self::from_system_time(SystemTime::now()).unwrap_or_default()
            }

            /// A system time, or `None` when it is before the epoch or too far after it.
            pub fn from_system_time(time: SystemTime) -> Option<Self> {
                let since = time.duration_since(UNIX_EPOCH).ok()?;
                i64::try_from(since.$from_duration()).ok().map(Self)
            }

            /// The system time, or `None` for a negative value.
            pub fn to_system_time(self) -> Option<SystemTime> {
                let value = u64::try_from(self.0).ok()?;
                UNIX_EPOCH.checked_add(Duration::$to_duration(value))
            }

            /// The point a whole number of seconds later, saturating.
            pub fn plus_seconds(self, seconds: i64) -> Self {
                Self(self.0.saturating_add(seconds.saturating_mul($per_second)))
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> i64 {
                value.0
            }
        }
    };
}

unix_time!(UnixMillis, "milliseconds", 1000, as_millis, from_millis);
unix_time!(UnixSeconds, "seconds", 1, as_secs, from_secs);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_to_and_from_system_time() {
        let millis = UnixMillis::new(1_680_853_711_137);
        let time = millis.to_system_time().unwrap();
        assert_eq!(UnixMillis::from_system_time(time), Some(millis));
        assert_eq!(UnixMillis::new(-1).to_system_time(), None);
        assert_eq!(UnixSeconds::new(10).plus_seconds(5).get(), 15);
        assert_eq!(UnixMillis::new(10).plus_seconds(5).get(), 5010);
    }
}
