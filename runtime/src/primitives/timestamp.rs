//! Points in time sent as ISO 8601 text, parsed and printed without a date-time dependency.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::{SECONDS_PER_DAY, civil_from_days, days_from_civil, is_valid_date};

/// A point in time as the API documents `Timestamp ISO8601`: `2023-03-28T15:48:31+08:00`.
///
/// The offset the server wrote is kept, so the value prints back as received. Two timestamps
/// are equal (and ordered) by the instant they denote, whatever their offsets.
///
/// ```
/// use tencentcloud_runtime::primitives::Timestamp;
///
/// let created: Timestamp = "2023-03-28T15:48:31+08:00".parse()?;
/// assert_eq!(created.unix_seconds(), 1_679_989_711);
/// assert_eq!(created.offset_minutes(), 480);
/// assert_eq!(created.to_string(), "2023-03-28T15:48:31+08:00");
/// assert_eq!(created, "2023-03-28T07:48:31Z".parse()?);
/// # Ok::<(), tencentcloud_runtime::primitives::TimestampError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
    offset_minutes: i16,
}

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

/// The largest offset RFC 3339 can write: `±23:59`.
const MAX_OFFSET_MINUTES: i16 = 23 * 60 + 59;

impl Timestamp {
    /// Parses `2023-03-28T15:48:31+08:00`, `…Z`, with optional fractions of a second (up to
    /// nanoseconds). A leap second (`:60`) is read as the last nanosecond of the minute.
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        parse(text).ok_or_else(|| TimestampError {
            text: text.chars().take(64).collect(),
        })
    }

    /// The instant `seconds` (and `nanos`) after the Unix epoch, shown at `offset_minutes` east
    /// of UTC (clamped to ±23:59).
    pub fn from_unix(seconds: i64, nanos: u32, offset_minutes: i16) -> Timestamp {
        Timestamp {
            seconds: seconds.saturating_add(i64::from(nanos / 1_000_000_000)),
            nanos: nanos % 1_000_000_000,
            offset_minutes: offset_minutes.clamp(-MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES),
        }
    }

    /// The current time, in UTC.
    pub fn now() -> Timestamp {
        Timestamp::from(SystemTime::now())
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past the second.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The offset east of UTC it is shown at, in minutes (`480` for `+08:00`).
    pub fn offset_minutes(&self) -> i16 {
        self.offset_minutes
    }

    /// The same instant, shown at another offset.
    pub fn with_offset_minutes(self, offset_minutes: i16) -> Timestamp {
        Timestamp::from_unix(self.seconds, self.nanos, offset_minutes)
    }

    /// The same instant without its fraction of a second.
    pub fn whole_seconds(self) -> Timestamp {
        Timestamp { nanos: 0, ..self }
    }

    /// The instant as a system time, or `None` if the platform cannot hold it.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let nanos = Duration::from_nanos(u64::from(self.nanos));
        match u64::try_from(self.seconds) {
            Ok(after) => UNIX_EPOCH
                .checked_add(Duration::from_secs(after))?
                .checked_add(nanos),
            Err(_) => UNIX_EPOCH
                .checked_sub(Duration::from_secs(self.seconds.unsigned_abs()))?
                .checked_add(nanos),
        }
    }
}

fn parse(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 20
        || !is_valid_date(text.get(..10)?)
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        b.get(range)?.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, mut second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if b[at] == b'.' {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 || digits > 9 {
            return None;
        }
        let fraction = u32::try_from(number(at + 1..at + 1 + digits)?).ok()?;
        nanos = fraction * 10u32.pow(9 - u32::try_from(digits).ok()?);
        at += 1 + digits;
    }
    if second == 60 {
        second = 59;
        nanos = 999_999_999;
    }
    let offset_minutes: i64 = match b.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (number(at + 1..at + 3)?, number(at + 4..at + 6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' { -total } else { total }
        }
        _ => return None,
    };
    let days = days_from_civil(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    let local = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    Some(Timestamp {
        seconds: local - offset_minutes * 60,
        nanos,
        offset_minutes: i16::try_from(offset_minutes).ok()?,
    })
}

impl From<SystemTime> for Timestamp {
    fn from(value: SystemTime) -> Self {
        match value.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp::from_unix(
                i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                after.subsec_nanos(),
                0,
            ),
            Err(before) => {
                let before = before.duration();
                let mut seconds = -i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                let mut nanos = before.subsec_nanos();
                if nanos > 0 {
                    seconds -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                Timestamp::from_unix(seconds, nanos, 0)
            }
        }
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

/// The longest text of a timestamp of years 0 to 9999: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+hh:mm`.
const MAX_TEXT: usize = 35;

/// Writes `value` as `width` decimal digits (zero-padded) at `at`; the position after them.
fn put_digits(buf: &mut [u8; MAX_TEXT], at: usize, value: u32, width: usize) -> usize {
    let mut rest = value;
    for slot in buf[at..at + width].iter_mut().rev() {
        // `rest % 10` is a single digit, which fits in a `u8`.
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    at + width
}

impl Timestamp {
    /// What `Display` prints, written into `buf` without the formatting machinery, for years 0
    /// to 9999 (every timestamp Tencent sends); `None` for other years, which take the general
    /// path. Its length in `buf` otherwise.
    fn write_text(&self, buf: &mut [u8; MAX_TEXT]) -> Option<usize> {
        let local = self
            .seconds
            .saturating_add(i64::from(self.offset_minutes) * 60);
        let (year, month, day) = civil_from_days(local.div_euclid(SECONDS_PER_DAY));
        let year = u32::try_from(year).ok().filter(|year| *year <= 9999)?;
        // Less than a day's seconds, so it fits in a `u32`.
        let of_day = u32::try_from(local.rem_euclid(SECONDS_PER_DAY)).ok()?;
        let mut at = put_digits(buf, 0, year, 4);
        buf[at] = b'-';
        at = put_digits(buf, at + 1, u32::from(month), 2);
        buf[at] = b'-';
        at = put_digits(buf, at + 1, u32::from(day), 2);
        buf[at] = b'T';
        at = put_digits(buf, at + 1, of_day / 3600, 2);
        buf[at] = b':';
        at = put_digits(buf, at + 1, of_day / 60 % 60, 2);
        buf[at] = b':';
        at = put_digits(buf, at + 1, of_day % 60, 2);
        if self.nanos != 0 {
            buf[at] = b'.';
            at = put_digits(buf, at + 1, self.nanos, 9);
            while buf[at - 1] == b'0' {
                at -= 1;
            }
        }
        buf[at] = if self.offset_minutes < 0 { b'-' } else { b'+' };
        let offset = u32::from(self.offset_minutes.unsigned_abs());
        at = put_digits(buf, at + 1, offset / 60, 2);
        buf[at] = b':';
        Some(put_digits(buf, at + 1, offset % 60, 2))
    }

    /// What `Display` prints for any year, through `write!`.
    fn write_general(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let local = self
            .seconds
            .saturating_add(i64::from(self.offset_minutes) * 60);
        let (year, month, day) = civil_from_days(local.div_euclid(SECONDS_PER_DAY));
        let of_day = local.rem_euclid(SECONDS_PER_DAY);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            of_day / 3600,
            of_day / 60 % 60,
            of_day % 60
        )?;
        if self.nanos != 0 {
            let fraction = format!("{:09}", self.nanos);
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let offset = self.offset_minutes.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", offset / 60, offset % 60)
    }
}

/// Prints the form Tencent sends: `2023-03-28T15:48:31+08:00`, fractions of a second only
/// when there are any, and the offset always as `±hh:mm` (a `Z` reads back as `+00:00`).
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0; MAX_TEXT];
        match self.write_text(&mut buf) {
            Some(len) => f.write_str(std::str::from_utf8(&buf[..len]).map_err(|_| fmt::Error)?),
            None => self.write_general(f),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        (self.seconds, self.nanos) == (other.seconds, other.nanos)
    }
}

impl Eq for Timestamp {}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.seconds, self.nanos).hash(state);
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.seconds, self.nanos).cmp(&(other.seconds, other.nanos))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0; MAX_TEXT];
        match self
            .write_text(&mut buf)
            .map(|len| std::str::from_utf8(&buf[..len]))
        {
            Some(Ok(text)) => serializer.serialize_str(text),
            _ => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What the general path prints, to compare the fast one with.
    struct General(Timestamp);

    impl fmt::Display for General {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.write_general(f)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_fast_path_prints_what_the_general_one_does(
            seconds in -62_167_219_200i64..253_402_300_800,
            nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000, (1u32..1000).prop_map(|n| n * 1_000_000)],
            offset in -MAX_OFFSET_MINUTES..=MAX_OFFSET_MINUTES,
        ) {
            let timestamp = Timestamp::from_unix(seconds, nanos, offset);
            let mut buf = [0; MAX_TEXT];
            let len = timestamp.write_text(&mut buf);
            let general = General(timestamp).to_string();
            match len {
                Some(len) => prop_assert_eq!(std::str::from_utf8(&buf[..len]).unwrap(), general),
                // Only the years outside 0 to 9999 take the general path.
                None => prop_assert!(
                    general.starts_with('-') || general.as_bytes()[4] != b'-',
                    "{}", general
                ),
            }
        }
    }

    #[test]
    fn years_outside_four_digits_take_the_general_path() {
        for (seconds, text) in [
            (-62_167_219_201, "-001-12-31T23:59:59+00:00"),
            (253_402_300_800, "10000-01-01T00:00:00+00:00"),
        ] {
            let timestamp = Timestamp::from_unix(seconds, 0, 0);
            assert_eq!(timestamp.to_string(), text);
            assert_eq!(
                serde_json::to_string(&timestamp).unwrap(),
                format!("\"{text}\"")
            );
        }
    }

    #[test]
    fn parses_and_prints_what_tencent_sends() {
        for text in [
            "2023-03-28T15:48:31+08:00",
            "2020-09-22T00:00:00+00:00",
            "1969-12-31T23:59:59.5-05:30",
            "2024-02-29T12:00:00.123456789+14:00",
        ] {
            assert_eq!(Timestamp::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(
            Timestamp::parse("2023-03-28T07:48:31Z")
                .unwrap()
                .to_string(),
            "2023-03-28T07:48:31+00:00"
        );
        assert_eq!(
            Timestamp::parse("1970-01-01T00:00:00Z")
                .unwrap()
                .unix_seconds(),
            0
        );
        assert_eq!(
            Timestamp::parse("2016-12-31T23:59:60Z")
                .unwrap()
                .subsec_nanos(),
            999_999_999
        );
    }

    #[test]
    fn refuses_what_is_not_a_timestamp_with_an_offset() {
        for text in [
            "2023-03-28 15:48:31",
            "2023-03-28T15:48:31",
            "2023-02-30T15:48:31Z",
            "2023-03-28T24:00:00Z",
            "2023-03-28T15:48:31+8:00",
            "2023-03-28T15:48:31.Z",
            "2023-03-28T15:48:31.1234567890Z",
            "2023-03-28T15:48:31+24:00",
            "2023-03-28T15:48:31Zjunk",
            "２０23-03-28T15:48:31Z",
            "",
        ] {
            assert!(Timestamp::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn system_time_round_trips() {
        let time = UNIX_EPOCH + Duration::new(1_700_000_000, 250);
        assert_eq!(Timestamp::from(time).to_system_time(), Some(time));
        let before = UNIX_EPOCH - Duration::new(10, 1);
        assert_eq!(Timestamp::from(before).to_system_time(), Some(before));
        assert_eq!(Timestamp::from(before).unix_seconds(), -11);
    }
}
