//! Calendar arithmetic on unix timestamps: the UTC dates of the signature scope (`YYYY-MM-DD`)
//! and the ISO 8601 timestamps of answers, without a date-time dependency.

use std::fmt::Write as _;

pub(crate) const SECONDS_PER_DAY: i64 = 86_400;

/// The number of whole days since 1970-01-01 (UTC) of a unix timestamp in seconds.
pub(crate) fn day_number(timestamp: i64) -> i64 {
    timestamp.div_euclid(SECONDS_PER_DAY)
}

/// Year, month (1..=12) and day (1..=31) of a day number (days since 1970-01-01).
///
/// Howard Hinnant's `civil_from_days`, valid for every day number a unix timestamp in `i64`
/// seconds can produce.
pub(crate) fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both values are within the ranges noted above, so the narrowing is lossless.
    (year, month as u8, day as u8)
}

/// The day number (days since 1970-01-01) of a proleptic Gregorian date; the inverse of
/// [`civil_from_days`] (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400); // [0, 399]
    let month = i64::from(month);
    let mp = if month > 2 { month - 3 } else { month + 9 }; // [0, 11]
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// Appends the `YYYY-MM-DD` form of a day number to `buf`.
///
/// Years outside `0..=9999` (timestamps no server accepts) are written with as many digits as
/// they need, so the function never panics.
pub(crate) fn push_date(buf: &mut String, days: i64) {
    let (year, month, day) = civil_from_days(days);
    if (0..=9999).contains(&year) {
        let y = year as u16; // lossless: checked just above
        let digits = [
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + month / 10,
            b'0' + month % 10,
            b'-',
            b'0' + day / 10,
            b'0' + day % 10,
        ];
        match std::str::from_utf8(&digits) {
            Ok(date) => buf.push_str(date),
            // Every byte of `digits` is an ASCII digit or `-`.
            Err(_) => unreachable!("dates are ASCII"),
        }
    } else {
        // Writing to a `String` cannot fail.
        let _ = write!(buf, "{year:04}-{month:02}-{day:02}");
    }
}

/// The `YYYY-MM-DD` form of a day number, as an owned string.
pub(crate) fn format_date(days: i64) -> String {
    let mut s = String::with_capacity(10);
    push_date(&mut s, days);
    s
}

/// Whether `s` is a well-formed calendar date `YYYY-MM-DD` (month 01..=12, day valid for the
/// month, leap years included).
pub(crate) fn is_valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_of(timestamp: i64) -> String {
        format_date(day_number(timestamp))
    }

    #[test]
    fn known_dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(-1), "1969-12-31");
        assert_eq!(date_of(1_700_000_000), "2023-11-14");
        assert_eq!(date_of(1_551_113_065), "2019-02-25");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(253_402_300_799), "9999-12-31");
        assert_eq!(date_of(253_402_300_800), "10000-01-01");
        // Extremes do not panic.
        let _ = date_of(i64::MIN);
        let _ = date_of(i64::MAX);
    }

    #[test]
    fn agrees_with_is_valid_date_over_many_days() {
        // Every day from 1900 to 2100 formats to a valid date, and consecutive days differ.
        let mut previous = String::new();
        for days in -25_567..47_482 {
            let s = format_date(days);
            assert!(is_valid_date(&s), "{s}");
            assert_ne!(s, previous);
            previous = s;
        }
    }

    #[test]
    fn days_from_civil_inverts_civil_from_days() {
        for days in (-800_000..800_000).step_by(7) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn validation() {
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("1900-02-29"));
        assert!(is_valid_date("2000-02-29"));
        assert!(!is_valid_date("2023-13-01"));
        assert!(!is_valid_date("2023-00-01"));
        assert!(!is_valid_date("2023-04-31"));
        assert!(!is_valid_date("2023-4-30"));
        assert!(!is_valid_date("2023/04/30"));
        assert!(!is_valid_date("２０23-04-30"));
    }
}
