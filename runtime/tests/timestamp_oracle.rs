//! `Timestamp` parses and prints exactly what the `time` crate's RFC 3339 does, for any
//! instant, fraction and offset of years 1 to 9999: checked against it as an oracle.

use proptest::prelude::*;
use tencentcloud_runtime::primitives::Timestamp;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

const YEAR_1: i64 = -62_135_596_800;
const YEAR_10000: i64 = 253_402_300_800;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn printing_agrees_with_time(seconds in YEAR_1 + 86_400..YEAR_10000 - 86_400, nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000], offset in -1439i16..=1439) {
        let ours = Timestamp::from_unix(seconds, nanos, offset);
        let text = ours.to_string();
        let theirs = OffsetDateTime::parse(&text, &Rfc3339).unwrap();
        prop_assert_eq!(theirs.unix_timestamp(), seconds);
        prop_assert_eq!(theirs.nanosecond(), nanos);
        prop_assert_eq!(theirs.offset().whole_minutes(), offset);
    }

    #[test]
    fn parsing_agrees_with_time(seconds in YEAR_1 + 86_400..YEAR_10000 - 86_400, nanos in 0u32..1_000_000_000, offset in -1439i32..=1439) {
        let offset = UtcOffset::from_whole_seconds(offset * 60).unwrap();
        let theirs = OffsetDateTime::from_unix_timestamp(seconds).unwrap().replace_nanosecond(nanos).unwrap().to_offset(offset);
        let text = theirs.format(&Rfc3339).unwrap();
        let ours = Timestamp::parse(&text).unwrap();
        prop_assert_eq!(ours.unix_seconds(), seconds);
        prop_assert_eq!(ours.subsec_nanos(), nanos);
        prop_assert_eq!(ours.offset_minutes(), offset.whole_minutes());
    }
}
