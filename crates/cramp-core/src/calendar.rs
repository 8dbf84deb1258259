//! The local calendar of the diary: days since 1970-01-01, weeks starting on
//! Monday, proleptic Gregorian dates, ISO 8601 times with their offset, and
//! calendar months. Pure integer arithmetic: no clock, no time zone database,
//! never panics. Time comes in as an instant (UTC epoch milliseconds) and the
//! local UTC offset at that instant in minutes east of UTC.

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 3_600_000;
pub const DAY_MS: i64 = 86_400_000;
/// The local hour recorded for "it happened last night".
pub const LAST_NIGHT_HOUR: i64 = 3;

/// The local day of an instant, in days since 1970-01-01: the UTC date of
/// `at_ms + offset_min` minutes.
pub fn local_day(at_ms: i64, offset_min: i32) -> i64 {
    at_ms
        .saturating_add(i64::from(offset_min) * MINUTE_MS)
        .div_euclid(DAY_MS)
}

/// The day of the week, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// The Monday starting the week of `day` (both in days since 1970-01-01).
pub fn week_start(day: i64) -> i64 {
    day - weekday(day)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month 1–12, day 1–31) of a day since 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((yoe + era * 400 + i64::from(m <= 2)) as i32, m, d)
}

/// ISO 8601 local time with its offset, to the second: `2026-11-21T03:10:00+08:00`.
pub fn iso(at_ms: i64, offset_min: i32) -> String {
    let local = at_ms.saturating_add(i64::from(offset_min) * MINUTE_MS);
    let (y, m, d) = civil_from_days(local.div_euclid(DAY_MS));
    let t = local.rem_euclid(DAY_MS) / 1000;
    let off = i64::from(offset_min);
    let sign = if off < 0 { '-' } else { '+' };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        t / 3600,
        t / 60 % 60,
        t % 60,
        off.abs() / 60,
        off.abs() % 60
    )
}

/// The instant to record for "it happened last night": 03:00 local time today
/// when it is 03:00 or later now, else 03:00 local time the day before. (A cramp
/// at 01:00 logged at 02:00 is thus dated the previous night's 03:00, on the
/// same local night.) The current offset is used; across a daylight saving
/// change that night the instant may be an hour off, but the local day is right.
pub fn last_night(now_ms: i64, offset_min: i32) -> i64 {
    let off = i64::from(offset_min) * MINUTE_MS;
    let local = now_ms.saturating_add(off);
    let midnight = local.saturating_sub(local.rem_euclid(DAY_MS));
    let mut at = midnight.saturating_add(LAST_NIGHT_HOUR * HOUR_MS);
    if local < at {
        at = at.saturating_sub(DAY_MS);
    }
    at.saturating_sub(off)
}

/// A calendar month of local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    /// The month of a local day (days since 1970-01-01).
    pub fn of_day(day: i64) -> Month {
        let (year, month, _) = civil_from_days(day);
        Month { year, month }
    }

    /// Its first day, in days since 1970-01-01.
    pub fn first_day(self) -> i64 {
        days_from_civil(self.year, self.month, 1)
    }

    /// The month after it.
    pub fn next(self) -> Month {
        if self.month >= 12 {
            Month {
                year: self.year.saturating_add(1),
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// `YYYY-MM`, the `data-arg` of its button.
    pub fn id(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Reads [`Month::id`]; `None` unless a four-digit year and a month 01 to 12.
    pub fn from_id(id: &str) -> Option<Month> {
        let (y, m) = id.split_once('-')?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) {
            return None;
        }
        let month: u32 = m.parse().ok()?;
        (1..=12).contains(&month).then_some(Month {
            year: y.parse().ok()?,
            month,
        })
    }
}
