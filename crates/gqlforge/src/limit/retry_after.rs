//! `Retry-After` (RFC 9110 section 10.2.3): delta-seconds or an HTTP-date.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What to wait when a `429` has no `Retry-After`, or one that cannot be read: Cleverbridge
/// blocks a client for one minute.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How long a `Retry-After` value asks to wait, from `now`.
///
/// Reads delta-seconds (`120`: seconds, never milliseconds) and the three HTTP-date forms
/// recipients must accept (RFC 9110 section 5.6.7): IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`). A date in the
/// past is zero. Anything else is `None`: the caller waits [`DEFAULT_RETRY_AFTER`]. A number of
/// seconds too large for `u64` saturates (the limiter bounds any cool-down it is given).
#[cfg(test)]
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    parse_retry_after_with_date(value, None, now)
}

/// How long a response's `Retry-After` asks to wait, an HTTP-date read against the same
/// response's `Date` header: the wait is `Retry-After − Date`, both instants of the server's
/// clock, so a client whose clock is ahead of or behind the server's waits what the server
/// meant (RFC 9110 section 10.2.3 measures the date "after the time of the response"). Without
/// a `Date` (or with one that is not an HTTP-date) the date is read against `now`, the local
/// clock, as [`parse_retry_after`] does. Delta-seconds need no clock.
///
/// Not capped here: the limiters cut any cool-down to their longest
/// ([`LimitsBuilder::max_cool_down`](super::LimitsBuilder::max_cool_down), one hour by
/// default), and the retry policy gives up on a wait over its
/// [`max_retry_after`](super::RetryPolicy::max_retry_after).
pub(crate) fn parse_retry_after_with_date(
    value: &str,
    date: Option<&str>,
    now: SystemTime,
) -> Option<Duration> {
    let value = value.trim_matches(|c| c == ' ' || c == '\t');
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Only digits: the one failure left is overflow.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let response_date =
        date.and_then(|date| parse_http_date(date.trim_matches(|c| c == ' ' || c == '\t'), now));
    // Two-digit years are read against the server's clock when its date is known.
    let reference = response_date.unwrap_or(now);
    let retry_at = parse_http_date(value, reference)?;
    Some(retry_at.duration_since(reference).unwrap_or(Duration::ZERO))
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An HTTP-date in any of its three forms, as an instant.
fn parse_http_date(value: &str, now: SystemTime) -> Option<SystemTime> {
    let fields: Vec<&str> = value.split_ascii_whitespace().collect();
    let civil = match fields.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [day_name, day, month, year, time, "GMT"] if day.len() == 2 && year.len() == 4 => {
            one_of(day_name.strip_suffix(',')?, &DAY_NAMES)?;
            Civil::new(
                number(year)?.into(),
                month_number(month)?,
                number(day)?,
                time,
            )?
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [day_name, date, time, "GMT"] => {
            one_of(day_name.strip_suffix(',')?, &LONG_DAY_NAMES)?;
            let mut parts = date.split('-');
            let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || day.len() != 2 || year.len() != 2 {
                return None;
            }
            let year = two_digit_year(number(year)?, now);
            Civil::new(year, month_number(month)?, number(day)?, time)?
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [day_name, month, day, time, year] if day.len() <= 2 && year.len() == 4 => {
            one_of(day_name, &DAY_NAMES)?;
            Civil::new(
                number(year)?.into(),
                month_number(month)?,
                number(day)?,
                time,
            )?
        }
        _ => return None,
    };
    let seconds = civil.unix_seconds();
    match u64::try_from(seconds) {
        Ok(after) => UNIX_EPOCH.checked_add(Duration::from_secs(after)),
        Err(_) => UNIX_EPOCH.checked_sub(Duration::from_secs(seconds.unsigned_abs())),
    }
}

/// A date and time of day in UTC, checked.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    seconds_of_day: u32,
}

impl Civil {
    fn new(year: i64, month: u32, day: u32, time: &str) -> Option<Civil> {
        let mut parts = time.split(':');
        let (hour, minute, second) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || [hour, minute, second].iter().any(|p| p.len() != 2) {
            return None;
        }
        let (hour, minute, second) = (number(hour)?, number(minute)?, number(second)?);
        // 60: a leap second (RFC 9110 allows it).
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Civil {
            year,
            month,
            day,
            seconds_of_day: hour * 3600 + minute * 60 + second,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z (negative before).
    fn unix_seconds(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400 + i64::from(self.seconds_of_day)
    }
}

fn one_of(name: &str, names: &[&str]) -> Option<()> {
    names
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
        .then_some(())
}

fn month_number(name: &str) -> Option<u32> {
    let index = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(name))?;
    u32::try_from(index + 1).ok()
}

/// Digits only (no sign, no spaces).
fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// RFC 9110 section 5.6.7: a two-digit year more than 50 years in the future is the most
/// recent past year with the same last two digits.
fn two_digit_year(year: u32, now: SystemTime) -> i64 {
    let days = match now.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs() / 86_400).unwrap_or(i64::MAX / 2),
        Err(before) => -i64::try_from(before.duration().as_secs() / 86_400).unwrap_or(i64::MAX / 2),
    };
    let this_year = civil_year(days);
    let candidate = this_year - this_year.rem_euclid(100) + i64::from(year);
    if candidate > this_year + 50 {
        candidate - 100
    } else {
        candidate
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The year of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`), for the
/// two-digit years of RFC 850 dates.
fn civil_year(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let year = year_of_era + era * 400;
    // Months 10 and 11 of a March-based year are January and February of the next.
    if march_based_month >= 10 {
        year + 1
    } else {
        year
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example.
    const EXAMPLE: u64 = 784_111_777;

    fn at(unix: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(unix)
    }

    fn secs(n: u64) -> Option<Duration> {
        Some(Duration::from_secs(n))
    }

    #[test]
    fn delta_seconds_are_seconds() {
        let now = at(EXAMPLE);
        assert_eq!(parse_retry_after("60", now), secs(60));
        assert_eq!(parse_retry_after("0", now), secs(0));
        assert_eq!(parse_retry_after(" 120\t", now), secs(120));
        assert_eq!(parse_retry_after("1500", now), secs(1500)); // not 1.5 s
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn the_three_date_forms_name_the_same_instant() {
        let now = at(EXAMPLE - 90);
        for value in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(parse_retry_after(value, now), secs(90), "{value}");
        }
    }

    #[test]
    fn a_date_counts_from_now_with_its_fraction_of_a_second() {
        let now = at(EXAMPLE - 30) + Duration::from_millis(250);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_millis(29_750))
        );
    }

    #[test]
    fn a_date_in_the_past_or_now_is_zero() {
        let now = at(EXAMPLE);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            secs(0)
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now),
            secs(0)
        );
        assert_eq!(
            parse_retry_after("Mon, 01 Jan 1900 00:00:00 GMT", now),
            secs(0)
        );
    }

    #[test]
    fn dates_across_years_and_leap_days() {
        // 2024-02-29T12:00:00Z = 1_709_208_000
        let now = at(1_709_208_000 - 5);
        assert_eq!(
            parse_retry_after("Thu, 29 Feb 2024 12:00:00 GMT", now),
            secs(5)
        );
        // 2000-03-01T00:00:00Z = 951_868_800
        assert_eq!(
            parse_retry_after("Wed, 01 Mar 2000 00:00:00 GMT", at(951_868_800 - 86_400)),
            secs(86_400)
        );
        // 2038-01-19T03:14:08Z = 2^31
        assert_eq!(
            parse_retry_after("Tue, 19 Jan 2038 03:14:08 GMT", at((1 << 31) - 1)),
            secs(1)
        );
    }

    #[test]
    fn two_digit_years_more_than_50_years_ahead_are_in_the_past() {
        // now: 2026-01-01T00:00:00Z = 1_767_225_600
        let now = at(1_767_225_600);
        // 30 → 2030 (4 years ahead), 94 → 1994 (2094 is more than 50 years ahead).
        assert_eq!(
            parse_retry_after("Tuesday, 01-Jan-30 00:00:00 GMT", now),
            Some(Duration::from_secs(1_893_456_000 - 1_767_225_600))
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            secs(0)
        );
    }

    #[test]
    fn garbage_is_none() {
        let now = at(EXAMPLE);
        for value in [
            "",
            "   ",
            "-5",
            "+5",
            "1.5",
            "60s",
            "0x3c",
            "soon",
            "Sun, 06 Nov 1994 08:49:37",        // no GMT
            "Sun, 06 Nov 1994 08:49:37 UTC",    // only GMT
            "Sun, 31 Nov 1994 08:49:37 GMT",    // 31 November
            "Sun, 29 Feb 1900 08:49:37 GMT",    // 1900 is no leap year
            "Sun, 06 Nov 1994 24:00:00 GMT",    // hour 24
            "Sun, 06 Nov 1994 08:60:00 GMT",    // minute 60
            "Sun, 06 Nov 1994 8:49:37 GMT",     // one-digit hour
            "Sun, 6 Nov 1994 08:49:37 GMT",     // one-digit day in IMF-fixdate
            "Sun, 06 Foo 1994 08:49:37 GMT",    // no such month
            "Xyz, 06 Nov 1994 08:49:37 GMT",    // no such day
            "Sun 06 Nov 1994 08:49:37 GMT",     // no comma
            "Sun, 06 Nov 94 08:49:37 GMT",      // two-digit year in IMF-fixdate
            "Sunday, 06-Nov-1994 08:49:37 GMT", // four-digit year in RFC 850
            "Sunday, 06-Nov-94-1 08:49:37 GMT", // extra part
            "Sun Nov  6 08:49:37 94",           // two-digit year in asctime
            "Sun Nov  6 08:49:37:00 1994",      // extra time part
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
        ] {
            assert_eq!(parse_retry_after(value, now), None, "{value:?}");
        }
    }

    #[test]
    fn leap_second_is_accepted() {
        // 2016-12-31T23:59:60Z, read as the second after 23:59:59.
        let now = at(1_483_228_800 - 10);
        assert_eq!(
            parse_retry_after("Sat, 31 Dec 2016 23:59:60 GMT", now),
            secs(10)
        );
    }

    #[test]
    fn a_date_counts_from_the_responses_date_not_the_local_clock() {
        let retry_at = "Sun, 06 Nov 1994 08:49:37 GMT";
        let served = "Sun, 06 Nov 1994 08:48:37 GMT"; // 60 s before
                                                      // The local clock an hour ahead (the date would be in the past: no wait), or an
                                                      // hour behind (an hour and a minute): the server meant a minute either way.
        for now in [at(EXAMPLE + 3_600), at(EXAMPLE - 3_600)] {
            assert_eq!(
                parse_retry_after_with_date(retry_at, Some(served), now),
                secs(60)
            );
        }
        // Any of the three forms, for either header.
        assert_eq!(
            parse_retry_after_with_date(
                "Sunday, 06-Nov-94 08:49:37 GMT",
                Some("Sun Nov  6 08:47:37 1994"),
                at(0)
            ),
            secs(120)
        );
        // A date before the response's own is no wait.
        assert_eq!(
            parse_retry_after_with_date(served, Some(retry_at), at(0)),
            secs(0)
        );
    }

    #[test]
    fn without_a_readable_date_the_local_clock_is_used() {
        let now = at(EXAMPLE - 30);
        for date in [None, Some(""), Some("yesterday"), Some("784111717")] {
            assert_eq!(
                parse_retry_after_with_date("Sun, 06 Nov 1994 08:49:37 GMT", date, now),
                secs(30),
                "{date:?}"
            );
        }
        // Delta-seconds ignore both clocks.
        assert_eq!(
            parse_retry_after_with_date("7", Some("Sun, 06 Nov 1994 08:48:37 GMT"), now),
            secs(7)
        );
    }

    #[test]
    fn civil_conversions() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(11_017), 2000);
        assert_eq!(civil_year(20_454), 2026); // 2026-01-01
        assert_eq!(civil_year(20_453), 2025);
        assert_eq!(civil_year(-1), 1969);
        assert_eq!(civil_year(-719_468), 0); // 0000-03-01
        assert_eq!(civil_year(11_016), 2000); // 2000-02-29
        assert_eq!(civil_year(10_956), 1999); // 1999-12-31
    }
}
