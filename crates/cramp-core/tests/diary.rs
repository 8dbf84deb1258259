//! The cramp diary: local calendar, weekly counts and trend, the suggested
//! answers, storage, export and import (src/diary.rs).

mod common;

use common::entry;

use cramp_core::content::{embedded, Content};
use cramp_core::diary::*;
use cramp_core::engine::{evaluate, parse_answers, Answers, Value};
use proptest::prelude::*;
use serde_json::json;

fn content() -> &'static Content {
    embedded()
}

const DAY: i64 = 86_400_000;

/// The UTC instant of a local wall-clock time in the given offset (minutes east of UTC),
/// computed without the module's calendar (see `the_calendar_matches_a_naive_day_by_day_count`).
fn at(y: i32, m: u32, d: u32, h: i64, min: i64, off: i32) -> i64 {
    naive_days(y, m, d) * DAY + h * 3_600_000 + min * 60_000 - i64::from(off) * 60_000
}

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn month_len(y: i32, m: u32) -> u32 {
    [
        31,
        if leap(y) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][m as usize - 1]
}

/// Days since 1970-01-01, counted the slow way (years from 1970 upwards only).
fn naive_days(y: i32, m: u32, d: u32) -> i64 {
    assert!(y >= 1970);
    let mut n: i64 = (1970..y).map(|y| if leap(y) { 366 } else { 365 }).sum();
    n += (1..m).map(|m| i64::from(month_len(y, m))).sum::<i64>();
    n + i64::from(d) - 1
}

/// The diary's functions read entries in diary order (the journey keeps them
/// so, and debug builds check it); the tests here build them in any order, so
/// these two put a copy in order first.
fn summarize(entries: &[Entry], now: i64, off: i32) -> Summary {
    let mut v = entries.to_vec();
    sort(&mut v);
    cramp_core::diary::summarize(&v, now, off)
}

fn weekly_counts(entries: &[Entry], now: i64, off: i32, weeks: usize) -> Vec<Week> {
    let mut v = entries.to_vec();
    sort(&mut v);
    cramp_core::diary::weekly_counts(&v, now, off, weeks)
}

fn counts(weeks: &[Week]) -> Vec<u32> {
    weeks.iter().map(|w| w.count).collect()
}

// ---------------------------------------------------------------- calendar

#[test]
fn the_calendar_matches_a_naive_day_by_day_count() {
    // Walk every day from 1600-01-01 to 2400-12-31 with the leap-year rule.
    let (mut y, mut m, mut d) = (1600, 1, 1);
    let mut z = -135_140; // 1600-01-01 (checked against Python's datetime)
    let mut weekday_expected = 5; // a Saturday
    while (y, m, d) <= (2400, 12, 31) {
        assert_eq!(days_from_civil(y, m, d), z, "{y}-{m}-{d}");
        assert_eq!(civil_from_days(z), (y, m, d), "day {z}");
        assert_eq!(weekday(z), weekday_expected, "{y}-{m}-{d}");
        z += 1;
        weekday_expected = (weekday_expected + 1) % 7;
        d += 1;
        if d > month_len(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    assert_eq!(z - 1, 157_419, "2400-12-31");
    assert_eq!(days_from_civil(2026, 11, 21), 20_778);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(week_start(20_778), days_from_civil(2026, 11, 16));
}

#[test]
fn iso_times_carry_the_local_offset() {
    let t = 1_795_201_800_000; // 2026-11-21T03:10:00+08:00 (Python)
    assert_eq!(iso(t, 480), "2026-11-21T03:10:00+08:00");
    assert_eq!(iso(t, 0), "2026-11-20T19:10:00+00:00");
    assert_eq!(iso(t, -300), "2026-11-20T14:10:00-05:00");
    assert_eq!(iso(t, 345), "2026-11-21T00:55:00+05:45");
    assert_eq!(iso(t, -210), "2026-11-20T15:40:00-03:30");
    assert_eq!(iso(t + 59_999, 480), "2026-11-21T03:10:59+08:00");
    assert_eq!(iso(0, 0), "1970-01-01T00:00:00+00:00");
    assert_eq!(at(2026, 11, 21, 3, 10, 480), t);
}

#[test]
fn last_night_is_3_am_local_today_or_the_day_before() {
    for off in [480, 0, -300, 345, -720, 840] {
        let today_3 = at(2026, 11, 21, 3, 0, off);
        assert_eq!(
            last_night(at(2026, 11, 21, 10, 0, off), off),
            today_3,
            "{off}"
        );
        assert_eq!(last_night(today_3, off), today_3, "exactly 03:00, {off}");
        assert_eq!(last_night(at(2026, 11, 21, 23, 59, off), off), today_3);
        let yesterday_3 = at(2026, 11, 20, 3, 0, off);
        assert_eq!(
            last_night(today_3 - 1, off),
            yesterday_3,
            "02:59:59.999, {off}"
        );
        assert_eq!(last_night(at(2026, 11, 21, 0, 0, off), off), yesterday_3);
        assert!(iso(last_night(at(2026, 11, 21, 1, 0, off), off), off).contains("T03:00:00"));
    }
    // New Year: 01:00 on 1 January is recorded on 31 December.
    assert_eq!(
        iso(last_night(at(2027, 1, 1, 1, 0, 480), 480), 480),
        "2026-12-31T03:00:00+08:00"
    );
}

// ---------------------------------------------------------------- weeks

#[test]
fn sunday_23_59_and_monday_00_00_fall_in_different_weeks() {
    for off in [480, 0, -300] {
        let sunday = entry("sun", at(2026, 11, 22, 23, 59, off), off);
        let monday = entry("mon", at(2026, 11, 23, 0, 0, off), off);
        let now = at(2026, 11, 25, 12, 0, off);
        let weeks = weekly_counts(&[sunday, monday], now, off, 3);
        assert_eq!(counts(&weeks), [0, 1, 1], "offset {off}");
        assert_eq!(weeks[2].start_date(), (2026, 11, 23));
        assert_eq!(weeks[1].start_date(), (2026, 11, 16));
    }
}

#[test]
fn the_same_instant_counts_in_the_local_week_of_its_own_offset() {
    // 2026-11-23T01:00Z is Monday 09:00 in +08:00 but Sunday 20:00 in -05:00.
    let instant = at(2026, 11, 23, 1, 0, 0);
    let east = entry("east", instant, 480);
    let west = entry("west", instant, -300);
    assert_eq!(east.local_day(), days_from_civil(2026, 11, 23));
    assert_eq!(west.local_day(), days_from_civil(2026, 11, 22));
    let now = at(2026, 11, 25, 12, 0, 480);
    assert_eq!(
        counts(&weekly_counts(&[east.clone(), west.clone()], now, 480, 2)),
        [1, 1]
    );
    // The current week follows the current offset: Monday 23 Nov 09:30 in +08:00
    // is still Sunday 22 Nov in -05:00.
    let now = at(2026, 11, 23, 9, 30, 480);
    let in_east = weekly_counts(&[east.clone(), west.clone()], now, 480, 2);
    assert_eq!(in_east[1].start_date(), (2026, 11, 23));
    assert_eq!(counts(&in_east), [1, 1]);
    let in_west = weekly_counts(&[east, west], now, -300, 2);
    assert_eq!(in_west[1].start_date(), (2026, 11, 16));
    // The east entry is on Monday: a week after the current one, so not counted.
    assert_eq!(counts(&in_west), [0, 1]);
}

#[test]
fn spring_forward_entries_count_in_their_local_days_and_weeks() {
    // Central Europe, 29 March 2026 (a Sunday): 02:00 +01:00 becomes 03:00 +02:00.
    let entries = [
        entry("sat", at(2026, 3, 28, 23, 30, 60), 60),
        entry("sun_early", at(2026, 3, 29, 0, 30, 60), 60),
        entry("sun_late", at(2026, 3, 29, 23, 30, 120), 120),
        // 22:30 UTC on Sunday: with the winter offset it would still be Sunday.
        entry("mon", at(2026, 3, 30, 0, 30, 120), 120),
    ];
    assert_eq!(entries[3].at_ms, at(2026, 3, 29, 22, 30, 0));
    assert_eq!(entries[3].local_day(), days_from_civil(2026, 3, 30));
    assert_eq!(entries[2].local_day(), days_from_civil(2026, 3, 29));
    let now = at(2026, 4, 1, 12, 0, 120);
    let weeks = weekly_counts(&entries, now, 120, 2);
    assert_eq!(weeks[1].start_date(), (2026, 3, 30));
    assert_eq!(counts(&weeks), [3, 1]);
    // Now is Monday 00:30 +02:00 (Sunday 23:30 in the old offset): the current week is the new one.
    let now = at(2026, 3, 30, 0, 30, 120);
    let weeks = weekly_counts(&entries, now, 120, 2);
    assert_eq!(weeks[1].start_date(), (2026, 3, 30));
    assert_eq!(counts(&weeks), [3, 1]);
}

#[test]
fn fall_back_entries_count_in_their_local_days_and_weeks() {
    // New York, 1 November 2026 (a Sunday): 02:00 -04:00 becomes 01:00 -05:00.
    let entries = [
        entry("first_0130", at(2026, 11, 1, 1, 30, -240), -240),
        entry("second_0130", at(2026, 11, 1, 1, 30, -300), -300),
        // 04:30 UTC on Monday, but Sunday evening locally.
        entry("sun_night", at(2026, 11, 1, 23, 30, -300), -300),
        entry("mon", at(2026, 11, 2, 0, 15, -300), -300),
    ];
    assert_eq!(entries[1].at_ms - entries[0].at_ms, 3_600_000);
    for e in &entries[..3] {
        assert_eq!(e.local_day(), days_from_civil(2026, 11, 1), "{}", e.id);
    }
    // Now: Sunday 23:45 -05:00, which is already Monday 00:45 in the summer offset.
    let now = at(2026, 11, 1, 23, 45, -300);
    let weeks = weekly_counts(&entries, now, -300, 2);
    assert_eq!(weeks[1].start_date(), (2026, 10, 26));
    assert_eq!(counts(&weeks), [0, 3], "the Monday entry is in the future");
    let with_old_offset = weekly_counts(&entries, now, -240, 2);
    assert_eq!(with_old_offset[1].start_date(), (2026, 11, 2));
}

#[test]
fn a_week_spanning_new_year_is_one_week() {
    let off = 480;
    let entries = [
        entry("a", at(2025, 12, 28, 23, 59, off), off), // Sunday: the week before
        entry("b", at(2025, 12, 29, 0, 0, off), off),   // Monday
        entry("c", at(2025, 12, 31, 23, 59, off), off),
        entry("d", at(2026, 1, 1, 0, 0, off), off),
        entry("e", at(2026, 1, 4, 23, 59, off), off), // Sunday
        entry("f", at(2026, 1, 5, 0, 0, off), off),   // next Monday
    ];
    let now = at(2026, 1, 6, 9, 0, off);
    let weeks = weekly_counts(&entries, now, off, 3);
    assert_eq!(
        weeks.iter().map(Week::start_date).collect::<Vec<_>>(),
        [(2025, 12, 22), (2025, 12, 29), (2026, 1, 5)]
    );
    assert_eq!(counts(&weeks), [1, 4, 1]);
}

#[test]
fn an_empty_diary_gives_twelve_empty_weeks_and_no_judgement() {
    let now = at(2026, 11, 21, 10, 0, 480);
    let s = summarize(&[], now, 480);
    assert_eq!(s.weeks.len(), 12);
    assert!(s.weeks.iter().all(|w| w.count == 0));
    for pair in s.weeks.windows(2) {
        assert_eq!(pair[1].start - pair[0].start, 7);
    }
    assert!(
        s.weeks.iter().all(|w| weekday(w.start) == 0),
        "weeks start on Monday"
    );
    assert_eq!(s.weeks[11].start_date(), (2026, 11, 16));
    assert!(!s.high && !s.rising && !s.trend_known);
    assert_eq!(s.peak, 0);
    assert_eq!(s.suggested_frequency, None);
    assert_eq!(s.suggested_rising, None);
    let mut answers = Answers::default();
    assert!(s.fill(&mut answers).is_empty());
    assert_eq!(answers, Answers::default());
    assert!(weekly_counts(&[], now, 480, 0).is_empty());
}

#[test]
fn future_and_too_old_entries_are_not_counted() {
    let off = 480;
    let now = at(2026, 11, 21, 10, 0, off);
    let entries = [
        entry("later_today", now + 60_000, off),
        entry("now", now, off),
        entry("13_weeks_ago", now - 13 * 7 * DAY, off),
        entry("first_day", at(2026, 8, 31, 0, 0, off), off), // Monday of the oldest week
        entry("just_before", at(2026, 8, 30, 23, 59, off), off),
    ];
    let s = summarize(&entries, now, off);
    assert_eq!(s.weeks[0].start_date(), (2026, 8, 31));
    assert_eq!(s.weeks[0].count, 1);
    assert_eq!(s.weeks[11].count, 1);
    assert_eq!(s.weeks.iter().map(|w| w.count).sum::<u32>(), 2);
}

/// A small deterministic generator, so failures are reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) % n
    }
}

fn random_diary(seed: u64, n: usize, now: i64) -> Vec<Entry> {
    let mut r = Lcg(seed);
    let offsets = [480, -300, -240, 60, 120, 0, 345, -600, 840, -720];
    (0..n)
        .map(|i| {
            // From 20 weeks ago to 2 days ahead (some in the future).
            let back = r.next(142 * DAY as u64) as i64;
            let mut e = entry(
                &format!("e{i}"),
                now - back + 2 * DAY,
                offsets[r.next(10) as usize],
            );
            e.leg = Leg::ALL[r.next(3) as usize];
            e.severity = r.next(11) as u8;
            e
        })
        .collect()
}

#[test]
fn a_thousand_entries_are_counted_like_a_brute_force_day_by_day_recount() {
    for (seed, off) in [(1, 480), (2, -300), (3, 120), (4, 0)] {
        let now = at(2026, 11, 21, 10, 0, off);
        let entries = random_diary(seed, 1000, now);
        let s = summarize(&entries, now, off);
        // Brute force: for each of the 12 × 7 local days, test every entry against
        // the UTC interval that local day covers in the entry's own offset.
        let today = (now + i64::from(off) * 60_000).div_euclid(DAY);
        let monday = today - (today + 3).rem_euclid(7);
        let first = monday - 7 * 11;
        let mut expected = vec![0u32; 12];
        for (w, count) in expected.iter_mut().enumerate() {
            for day in first + 7 * w as i64..first + 7 * w as i64 + 7 {
                for e in entries.iter().filter(|e| e.at_ms <= now) {
                    let from = day * DAY - i64::from(e.offset_min) * 60_000;
                    if (from..from + DAY).contains(&e.at_ms) {
                        *count += 1;
                    }
                }
            }
        }
        assert_eq!(counts(&s.weeks), expected, "seed {seed}");
        assert_eq!(s.weeks[0].start, first);
        let in_window = entries
            .iter()
            .filter(|e| e.at_ms <= now && e.local_day() >= first && e.local_day() <= today)
            .count();
        assert!(in_window > 400, "much of the test diary is in the window");
        assert_eq!(
            s.weeks.iter().map(|w| w.count as usize).sum::<usize>(),
            in_window
        );
        // The summary's judgements, recomputed in floating point.
        let c: Vec<f64> = expected.iter().map(|&c| f64::from(c)).collect();
        let peak = c[10].max(c[11]);
        assert_eq!(s.high, peak > 3.0);
        let recent = (c[10] + c[11]) / 2.0;
        let base = c[6..10].iter().sum::<f64>() / 4.0;
        assert!(s.trend_known, "the diary reaches back 20 weeks");
        assert_eq!(s.rising, recent >= 1.5 * base && recent >= base + 1.0);
    }
}

// ---------------------------------------------------------------- high and rising

/// A diary with `per_week[i]` cramps in week i of the 12 (oldest first), as of
/// Sunday 22 November 2026 20:00 +08:00 (the end of the current week).
fn diary_of(per_week: &[u32; 12]) -> (Vec<Entry>, i64) {
    let off = 480;
    let now = at(2026, 11, 22, 20, 0, off);
    let first_monday = at(2026, 8, 31, 12, 0, off);
    let mut out = Vec::new();
    for (w, &n) in per_week.iter().enumerate() {
        for k in 0..n {
            let t = first_monday + w as i64 * 7 * DAY + i64::from(k) * 3_600_000;
            out.push(entry(&format!("w{w}k{k}"), t, off));
        }
    }
    (out, now)
}

fn summary_of(per_week: [u32; 12]) -> Summary {
    let (entries, now) = diary_of(&per_week);
    let s = summarize(&entries, now, 480);
    assert_eq!(counts(&s.weeks), per_week);
    s
}

#[test]
fn more_than_3_in_the_current_or_last_complete_week_is_high() {
    let mut w = [0; 12];
    w[11] = 3;
    let s = summary_of(w);
    assert!(!s.high);
    assert_eq!(s.suggested_frequency, None);
    w[11] = 4;
    let s = summary_of(w);
    assert!(s.high);
    assert_eq!(s.suggested_frequency, Some("more_than_3_weekly"));
    w[11] = 5;
    assert_eq!(
        summary_of(w).suggested_frequency,
        Some("more_than_3_weekly")
    );
    w[11] = 6;
    assert_eq!(summary_of(w).suggested_frequency, Some("nightly"));
    // The last complete week counts too.
    let mut w = [0; 12];
    w[10] = 4;
    assert!(summary_of(w).high);
    w[10] = 3;
    w[11] = 3;
    assert!(
        !summary_of(w).high,
        "3 + 3 over two weeks is not more than 3 in a week"
    );
    // Older weeks do not.
    let mut w = [0; 12];
    w[9] = 10;
    assert!(!summary_of(w).high);
    assert_eq!(HIGH_MORE_THAN, 3);
}

#[test]
fn rising_needs_one_and_a_half_times_and_one_more_a_week_than_the_4_weeks_before() {
    // (baseline total over 4 weeks, recent total over 2 weeks, rising?)
    let cases = [
        (8, 6, true),   // 2 → 3 a week: exactly 1.5× and exactly +1
        (8, 5, false),  // 2 → 2.5: 1.25×
        (20, 15, true), // 5 → 7.5: exactly 1.5×
        (20, 14, false),
        (0, 2, true),  // 0 → 1: exactly +1
        (0, 1, false), // 0 → 0.5
        (4, 3, false), // 1 → 1.5: 1.5× but only +0.5
        (4, 4, true),  // 1 → 2
        (12, 8, false),
    ];
    for (base, recent, rising) in cases {
        let mut w = [0u32; 12];
        w[0] = 1; // the diary reaches back
        for i in 0..base {
            w[6 + (i % 4) as usize] += 1;
        }
        w[10] = recent / 2;
        w[11] = recent - recent / 2;
        let s = summary_of(w);
        assert!(s.trend_known);
        assert_eq!(
            s.rising, rising,
            "baseline {base} over 4 weeks, recent {recent} over 2"
        );
        assert_eq!(s.suggested_rising, rising.then_some(true));
    }
}

#[test]
fn the_trend_is_judged_only_when_the_diary_reaches_back_six_weeks() {
    let off = 480;
    // The window is weeks 6..12 of the 12; week 6 starts Monday 12 October 2026.
    let mut w = [0u32; 12];
    w[10] = 4;
    w[11] = 4;
    let (mut entries, now) = diary_of(&w);
    let s = summarize(&entries, now, off);
    assert!(
        !s.trend_known && !s.rising,
        "started two weeks ago: no baseline"
    );
    assert_eq!(s.suggested_rising, None);
    assert!(s.high, "the frequency is judged anyway");
    // Earliest entry on the Monday of the second-oldest week of the 6: still unknown.
    entries.push(entry("start", at(2026, 10, 19, 0, 0, off), off));
    assert!(!summarize(&entries, now, off).trend_known);
    // On the Monday of the oldest week: known, and 0.5 → 4 a week is a rise.
    entries.push(entry("older", at(2026, 10, 12, 0, 0, off), off));
    let s = summarize(&entries, now, off);
    assert!(s.trend_known && s.rising);
    // Long before the window also counts as reaching back (an empty baseline).
    entries.retain(|e| e.id != "start" && e.id != "older");
    entries.push(entry("long_ago", at(2026, 1, 1, 12, 0, off), off));
    let s = summarize(&entries, now, off);
    assert!(s.trend_known && s.rising);
}

#[test]
fn the_option_ids_match_the_question_files() {
    let c = content();
    let ids = |q: &str| -> Vec<String> {
        c.question(q)
            .expect("question")
            .options
            .iter()
            .map(|o| o.id.to_string())
            .collect()
    };
    assert_eq!(ids("frequency"), FREQUENCY_ORDER);
    assert_eq!(ids(&DURATION_QUESTION), Duration::ALL.map(|d| d.id()));
    for d in Duration::ALL {
        assert_eq!(Duration::from_id(d.id()), Some(d));
    }
    for l in Leg::ALL {
        assert_eq!(Leg::from_id(l.id()), Some(l));
    }
    assert_eq!(Leg::from_id("Left"), None);
    assert!(c.question(&RISING_QUESTION).is_some());
}

fn fired(c: &Content, a: &Answers) -> Vec<String> {
    evaluate(c, a).reasons.into_iter().map(|r| r.rule).collect()
}

#[test]
fn the_suggested_answers_fire_the_frequency_rules() {
    let c = content();
    assert!(c.rule("frequency_high").is_some() && c.rule("frequency_rising").is_some());
    let mut w = [0u32; 12];
    w[0] = 1;
    w[10] = 3;
    w[11] = 6;
    let s = summary_of(w);
    assert_eq!(s.suggested_frequency, Some("nightly"));
    assert_eq!(s.suggested_rising, Some(true));
    let mut a = Answers::default();
    assert_eq!(s.fill(&mut a), ["frequency", "frequency_rising"]);
    let rules = fired(c, &a);
    assert!(rules.contains(&"frequency_high".to_string()), "{rules:?}");
    assert!(rules.contains(&"frequency_rising".to_string()), "{rules:?}");
    assert_eq!(evaluate(c, &a).level.id(), "soon");
    // The same answers through the `assess` format.
    let (parsed, ignored) = parse_answers(
        c,
        &common::j(&json!({"frequency": "nightly", "frequency_rising": true})),
    );
    assert!(ignored.is_empty());
    assert_eq!(parsed, a);

    let mut w = [0u32; 12];
    w[10] = 4;
    let s = summary_of(w);
    let mut a = Answers::default();
    assert_eq!(s.fill(&mut a), ["frequency"]);
    assert_eq!(
        a.get("frequency"),
        Some(&Value::One("more_than_3_weekly".into()))
    );
    assert!(fired(c, &a).contains(&"frequency_high".to_string()));
    assert!(!fired(c, &a).contains(&"frequency_rising".to_string()));
}

#[test]
fn filling_from_the_diary_never_lowers_an_answer() {
    let mut w = [0u32; 12];
    w[11] = 4;
    let s = summary_of(w);
    let mut a = Answers::default();
    a.set("frequency", Value::One("nightly".into()));
    a.set("frequency_rising", Value::Bool(true));
    let before = a.clone();
    assert!(s.fill(&mut a).is_empty());
    assert_eq!(
        a, before,
        "nightly stays; no rise in the diary does not undo a yes"
    );
    let mut a = Answers::default();
    a.set("frequency", Value::One("weekly_1_to_3".into()));
    assert_eq!(s.fill(&mut a), ["frequency"]);
    assert_eq!(
        a.get("frequency"),
        Some(&Value::One("more_than_3_weekly".into()))
    );
}

fn sample_entries() -> Vec<Entry> {
    let mut a = entry("a", at(2026, 11, 20, 3, 0, 480), 480);
    a.leg = Leg::Both;
    a.duration = Duration::Over10MinNotEasing;
    let b = entry("b", at(2026, 11, 18, 23, 5, -300), -300);
    let c = entry("c", at(2026, 3, 29, 23, 30, 120), 120);
    vec![a, b, c]
}

#[test]
fn activity_text_is_trimmed_and_cut_to_200_characters() {
    assert_eq!(clean_activity("  walking  "), Some("walking".into()));
    assert_eq!(clean_activity(" \n\t "), None);
    let long = "抽".repeat(300);
    let cut = clean_activity(&long).expect("text");
    assert_eq!(cut.chars().count(), 200);
    let mut e = entry("x", at(2026, 11, 20, 3, 0, 480), 480);
    let mut stored = e.to_json();
    stored.set("activity", format!("  {long}  ").into());
    e.activity = Some(cut);
    assert_eq!(Entry::from_json(&stored), Some(e.clone()));
    assert!(e.is_valid());
    e.activity = Some(" padded ".into());
    assert!(!e.is_valid());
}

#[test]
fn new_ids_are_unique() {
    let mut entries = Vec::new();
    for _ in 0..5 {
        let id = next_id(1_000, &entries);
        assert!(entries.iter().all(|e: &Entry| e.id != id));
        entries.push(entry(&id, 1_000 * DAY, 0));
    }
    assert_eq!(entries[0].id, "1000");
    assert_eq!(entries[1].id, "1000-2");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn weekly_counts_never_panic_on_extreme_times(now in any::<i64>(), off in any::<i32>(), weeks in 0usize..2000) {
        let entries = sample_entries();
        let w = weekly_counts(&entries, now, off, weeks);
        prop_assert_eq!(w.len(), weeks.min(MAX_WEEKS));
        let _ = last_night(now, off);
        let s = summarize(&entries, now, off);
        prop_assert_eq!(s.weeks.len(), 12);
        let _ = iso(now, off);
    }
}

// ---------------------------------------------------------------- the list at any size (issue 24)

use cramp_core::codec;
use cramp_core::journey::{reduce, Action, Effect, Export, Focus, Host, Screen, State};
use cramp_core::screens;
use std::rc::Rc;

/// `n` entries, one a night at 03:00 local (the offset changing now and then,
/// as when travelling or with daylight saving), the last one the night before `now`.
fn nightly(n: usize, now: i64, seed: u64) -> Vec<Entry> {
    let mut r = Lcg(seed);
    let offsets = [480, 480, 480, 0, 60, -300, 840, -720, 345];
    let mut v: Vec<Entry> = (0..n)
        .map(|i| {
            let off = offsets[r.next(offsets.len() as u64) as usize];
            let back = (n - i) as i64;
            // 03:00 local on that night, give or take 22 hours: some fall on
            // either side of a midnight, a month's end and the window's start.
            let jitter = r.next(44 * 3_600_000) as i64 - 22 * 3_600_000;
            entry(&format!("n{i}"), now - back * DAY + jitter, off)
        })
        .collect();
    sort(&mut v);
    v
}

/// Brute force: the older entries grouped by local month, newest month first.
fn months_by_walking(entries: &[Entry], from: i64) -> Vec<(Month, Vec<String>)> {
    let mut out: Vec<(Month, Vec<String>)> = Vec::new();
    for e in entries.iter().filter(|e| e.local_day() < from) {
        let (y, m, _) = civil_from_days(e.local_day());
        let month = Month { year: y, month: m };
        match out.iter_mut().find(|(x, _)| *x == month) {
            Some((_, ids)) => ids.push(e.id.clone()),
            None => out.push((month, vec![e.id.clone()])),
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.0));
    out
}

#[test]
fn the_list_shows_the_last_12_weeks_and_every_older_entry_in_exactly_one_month() {
    for (seed, off, n) in [(1, 480, 1200), (2, -300, 400), (3, 0, 3000), (4, 840, 90)] {
        let now = at(2026, 11, 25, 21, 30, off);
        let entries = nightly(n, now, seed);
        let from = recent_from(now, off);
        // The recent list starts on the Monday of the chart's oldest week.
        let s = summarize(&entries, now, off);
        assert_eq!(from, s.weeks[0].start);
        let recent: Vec<&str> = recent(&entries, from).iter().map(|e| &*e.id).collect();
        let walked: Vec<&str> = entries
            .iter()
            .filter(|e| e.local_day() >= from)
            .map(|e| &*e.id)
            .collect();
        assert_eq!(recent, walked, "seed {seed}: the recent entries");
        assert!(recent.len() <= 7 * 12 + 2, "one a night: about 84 listed");
        let months = older_months(&entries, from);
        let expected = months_by_walking(&entries, from);
        assert_eq!(
            months
                .iter()
                .map(|m| (m.month, m.count))
                .collect::<Vec<_>>(),
            expected
                .iter()
                .map(|(m, ids)| (*m, ids.len()))
                .collect::<Vec<_>>(),
            "seed {seed}: the months offered, newest first, with their counts"
        );
        let mut seen = recent.len();
        for (m, ids) in &expected {
            let listed: Vec<String> = month_entries(&entries, *m, from)
                .iter()
                .map(|e| e.id.clone())
                .collect();
            assert_eq!(&listed, ids, "seed {seed}: the entries of {m:?}");
            seen += listed.len();
        }
        assert_eq!(
            seen,
            entries.len(),
            "seed {seed}: every entry is listed once"
        );
    }
}

#[test]
fn a_month_split_by_the_window_offers_only_its_older_days() {
    // Now: Wednesday 25 November 2026; the chart's oldest week starts Monday 7 September.
    let off = 480;
    let now = at(2026, 11, 25, 21, 30, off);
    let from = recent_from(now, off);
    assert_eq!(civil_from_days(from), (2026, 9, 7));
    let entries = vec![
        entry("aug", at(2026, 8, 31, 23, 59, off), off),
        entry("sep6", at(2026, 9, 6, 23, 59, off), off),
        entry("sep7", at(2026, 9, 7, 0, 0, off), off),
        // The same instant as sep6 read in a zone 8 hours behind is still 6 September there.
        entry("sep6-utc", at(2026, 9, 6, 23, 59, off), 0),
        // 7 September 00:30 in UTC+14 is 6 September in UTC.
        entry("sep7-far-east", at(2026, 9, 7, 0, 30, 840), 840),
    ];
    let mut entries = entries;
    sort(&mut entries);
    let months = older_months(&entries, from);
    let sep = Month {
        year: 2026,
        month: 9,
    };
    let aug = Month {
        year: 2026,
        month: 8,
    };
    assert_eq!(
        months,
        vec![
            MonthCount {
                month: sep,
                count: 2
            },
            MonthCount {
                month: aug,
                count: 1
            }
        ]
    );
    let ids = |v: Vec<&Entry>| v.into_iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(month_entries(&entries, sep, from)),
        ["sep6", "sep6-utc"].map(String::from).to_vec()
    );
    assert_eq!(
        ids(recent(&entries, from)),
        ["sep7-far-east", "sep7"].map(String::from).to_vec()
    );
}

#[test]
fn months_are_named_by_a_stable_id_and_nothing_else_is_read_as_one() {
    let m = Month {
        year: 2019,
        month: 3,
    };
    assert_eq!(m.id(), "2019-03");
    assert_eq!(Month::from_id("2019-03"), Some(m));
    assert_eq!(
        Month {
            year: 2019,
            month: 12
        }
        .next(),
        Month {
            year: 2020,
            month: 1
        }
    );
    for bad in [
        "2019-13",
        "2019-00",
        "2019-3",
        "19-03",
        "2019-03-01",
        "",
        "abcd-ef",
        "-019-03",
    ] {
        assert_eq!(Month::from_id(bad), None, "{bad}");
    }
}

/// The summary as the whole diary says it (the definition, walking every entry).
fn summary_by_walking(entries: &[Entry], now: i64, off: i32) -> (Vec<u32>, bool) {
    let today = (now + i64::from(off) * 60_000).div_euclid(DAY);
    let first = today - (today + 3).rem_euclid(7) - 7 * 11;
    let mut weeks = vec![0u32; 12];
    for e in entries.iter().filter(|e| e.at_ms <= now) {
        let since = e.local_day() - first;
        if (0..84).contains(&since) {
            weeks[(since / 7) as usize] += 1;
        }
    }
    let earliest = entries
        .iter()
        .filter(|e| e.at_ms <= now)
        .map(Entry::local_day)
        .min();
    let trend_known = earliest.is_some_and(|d| d < first + 6 * 7 + 7);
    (weeks, trend_known)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, rng_seed: proptest::test_runner::RngSeed::Fixed(24), ..ProptestConfig::default() })]
    /// The summary reads only the weeks it shows and the oldest entries, found
    /// by binary search; it must say what a walk through every entry says,
    /// whatever the offsets (entries near the trend's threshold included).
    #[test]
    fn the_windowed_summary_says_what_a_walk_through_every_entry_says(
        raw in proptest::collection::vec((0i64..200 * DAY, 0usize..9), 0..60),
        now_off in 0usize..9,
    ) {
        let offsets = [480, 0, 60, -300, 840, -720, 345, -600, 120];
        let off = offsets[now_off];
        let now = at(2026, 11, 25, 21, 30, off);
        let mut entries: Vec<Entry> = raw
            .iter()
            .enumerate()
            .map(|(i, (back, o))| entry(&format!("p{i}"), now - back + 3 * DAY, offsets[*o]))
            .collect();
        sort(&mut entries);
        let s = summarize(&entries, now, off);
        let (weeks, trend_known) = summary_by_walking(&entries, now, off);
        prop_assert_eq!(counts(&s.weeks), weeks);
        prop_assert_eq!(s.trend_known, trend_known);
        // And the list: recent plus the months hold every entry once.
        let from = recent_from(now, off);
        let listed = recent(&entries, from).len()
            + older_months(&entries, from).iter().map(|m| m.count).sum::<usize>();
        prop_assert_eq!(listed, entries.len());
    }
}

#[test]
fn sorting_a_shuffled_diary_falls_back_to_a_heapsort_and_gives_diary_order() {
    let now = at(2026, 11, 25, 21, 30, 480);
    let sorted = nightly(5000, now, 9);
    let mut shuffled = sorted.clone();
    let mut r = Lcg(77);
    for i in (1..shuffled.len()).rev() {
        let j = r.next(i as u64 + 1) as usize;
        shuffled.swap(i, j);
    }
    sort(&mut shuffled);
    assert_eq!(shuffled, sorted);
    // Equal instants are ordered by id.
    let mut same = vec![entry("b", 5 * DAY, 0), entry("a", 5 * DAY, 0)];
    sort(&mut same);
    assert_eq!(same[0].id, "a");
}

// ---------------------------------------------------------------- older entries in the journey

fn fresh_state() -> State {
    State::new(Host::default())
}

fn step(s: State, a: Action) -> (State, Vec<Effect>) {
    reduce(content(), s, a)
}

fn stored_diary(fx: &[Effect]) -> Option<String> {
    use cramp_core::diary_store;
    fx.iter().rev().find_map(|e| match e {
        // The year written (the diary is kept by year, see diary_store).
        Effect::StoreAt { key, text } if key.starts_with(diary_store::YEAR_PREFIX) => {
            Some(text.clone())
        }
        _ => None,
    })
}

fn hook(s: State, name: &str, arg: Option<&str>, now: (i64, i32)) -> (State, Vec<Effect>) {
    let a = Action::from_hook(content(), name, arg, now, "test")
        .unwrap_or_else(|| panic!("no action for {name}"));
    step(s, a)
}

#[test]
fn entries_older_than_12_weeks_are_reachable_by_month_editable_deletable_and_exported() {
    let off = 480;
    let now_ms = at(2026, 11, 25, 21, 30, off);
    let now = (now_ms, off);
    let entries = nightly(1000, now_ms, 5);
    let mut s = fresh_state();
    s.diary.entries = Rc::new(entries.clone());
    s.ui.now = now;
    let (s, _) = step(s, Action::OpenDiary);
    assert_eq!(s.journey.screen, Screen::Diary);

    // The months are offered as buttons, newest first, with their counts.
    let from = recent_from(now_ms, off);
    let months = older_months(&s.diary.entries, from);
    assert!(months.len() > 24, "about 30 older months");
    let html = screens::diary_months(content(), &s, &months);
    let target = months[20];
    let button = format!(
        "data-action=\"open-month\" data-arg=\"{}\"",
        target.month.id()
    );
    // Years first, folded: a button each, no month drawn yet.
    let year_button = format!(
        "id=\"year-{0}\" data-action=\"open-year\" data-arg=\"{0}\" aria-expanded=\"false\"",
        target.month.year
    );
    assert!(html.contains(&year_button), "{html}");
    assert!(!html.contains("data-action=\"open-month\""), "{html}");
    // Its year unfolds: its months are drawn, focus stays on the year's button.
    let (s, fx) = hook(s, "open-year", Some(&target.month.year.to_string()), now);
    assert_eq!(s.ui.diary_year, Some(target.month.year));
    assert!(fx.contains(&Effect::Focus(Focus::YearButton(target.month.year))));
    let html = screens::diary_months(content(), &s, &months);
    assert!(html.contains(&button), "{html}");
    assert!(html.contains("aria-expanded=\"false\""));
    assert!(html.contains(&year_button.replace("\"false\"", "\"true\"")));
    assert_eq!(
        html.matches("data-action=\"open-month\"").count(),
        months
            .iter()
            .filter(|m| m.month.year == target.month.year)
            .count(),
        "only that year's months"
    );

    // Opening it lists that month's entries and moves focus to its heading.
    let (s, fx) = hook(s, "open-month", Some(&target.month.id()), now);
    assert_eq!(s.ui.diary_month, Some(target.month));
    assert!(fx.contains(&Effect::Focus(Focus::DiaryMonth)));
    let listed: Vec<Entry> = month_entries(&s.diary.entries, target.month, from)
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(listed.len(), target.count);
    let html = screens::diary_months(content(), &s, &months);
    assert!(
        html.contains("aria-expanded=\"true\""),
        "the open month's button says so"
    );
    assert!(html.contains(&format!(
        "data-arg=\"{}\" aria-expanded=\"true\"",
        target.month.year
    )));
    let head = screens::diary_month_head(content(), &s, target.month, false);
    assert!(head.contains("id=\"diary-month\""));

    // Edit one: its severity changes, its time stays (it keeps its own offset).
    let old = listed[3].clone();
    let (s, fx) = hook(s, "edit-entry", Some(&old.id), now);
    assert!(fx.contains(&Effect::Focus(Focus::EntryForm(old.id.clone()))));
    let form = Form {
        at_text: Some(local_input_value(old.at_ms, old.offset_min)),
        at: None,
        leg: Some("right".into()),
        duration: Some(old.duration.id().into()),
        severity: Some("9".into()),
        ..Form::default()
    };
    let (s, fx) = step(s, Action::SubmitEntry(form, now));
    let edited = s
        .diary
        .entries
        .iter()
        .find(|e| e.id == old.id)
        .expect("still there")
        .clone();
    assert_eq!((edited.severity, edited.leg), (9, Leg::Right));
    assert_eq!(
        (edited.at_ms, edited.offset_min),
        (old.at_ms, old.offset_min)
    );
    assert_eq!(s.ui.diary_month, Some(target.month), "its month stays open");
    assert!(fx.contains(&Effect::Focus(Focus::Entry(old.id.clone()))));
    // Only its year is written (the diary is kept by year, see diary_store).
    let text = stored_diary(&fx).expect("the diary is saved");
    let back = codec::decode_diary(cramp_core::json::parse(&text)).expect("reads back");
    assert!(
        back.value.len() >= 28 && back.value.len() <= 366,
        "one year"
    );
    assert!(back.value.contains(&edited));

    // Moved to another older month by its time: that month opens, so it stays in view.
    let other = listed[5].clone();
    let (s, _) = hook(s, "edit-entry", Some(&other.id), now);
    let earlier = other.at_ms - 62 * DAY;
    let form = Form {
        at_text: Some(local_input_value(earlier, other.offset_min)),
        at: Some((earlier, other.offset_min)),
        leg: Some(other.leg.id().into()),
        ..Form::default()
    };
    let (s, _) = step(s, Action::SubmitEntry(form, now));
    let moved = Month::of_day(local_day(earlier, other.offset_min));
    assert_ne!(moved, target.month);
    assert_eq!(s.ui.diary_month, Some(moved));
    assert!(month_entries(&s.diary.entries, moved, from)
        .iter()
        .any(|e| e.id == other.id));

    // Delete one of the open month's.
    let (s, _) = hook(s, "open-month", Some(&target.month.id()), now);
    let before = month_entries(&s.diary.entries, target.month, from).len();
    assert_eq!(before, target.count - 1, "the moved entry left it");
    let gone = month_entries(&s.diary.entries, target.month, from)[0].clone();
    let (s, _) = hook(s, "delete-entry", Some(&gone.id), now);
    let (s, fx) = hook(s, "confirm-delete-entry", Some(&gone.id), now);
    assert!(!s.diary.entries.iter().any(|e| e.id == gone.id));
    assert_eq!(s.diary.entries.len(), 999);
    assert!(!stored_diary(&fx)
        .expect("saved")
        .contains(&format!("\"{}\"", gone.id)));
    assert_eq!(
        older_months(&s.diary.entries, from)
            .iter()
            .find(|m| m.month == target.month)
            .map(|m| m.count),
        Some(before - 1)
    );

    // Closing the month gives focus back to its button.
    let (s, fx) = hook(s, "close-month", None, now);
    assert_eq!(s.ui.diary_month, None);
    assert!(fx.contains(&Effect::Focus(Focus::MonthButton(target.month))));
    let html = screens::diary_months(content(), &s, &months);
    assert!(
        html.contains(&format!(
            "data-arg=\"{}\" aria-expanded=\"true\"",
            target.month.year
        )),
        "its year stays unfolded, so its button can take focus"
    );

    // Every entry, old ones included, is in the JSON export and the FHIR file.
    let (s, fx) = step(s, Action::Export(Export::Json, now, "test"));
    let Some(Effect::Download { text, .. }) = fx.last() else {
        panic!("a download")
    };
    let file = codec::decode_export(content(), text.len(), cramp_core::json::parse(text))
        .expect("reads back");
    assert_eq!(file.value.entries, *s.diary.entries);
    let oldest = &s.diary.entries[0];
    assert!(oldest.local_day() < from - 700, "two years back");
    let (_, fx) = step(s.clone(), Action::Export(Export::FhirResponse, now, "test"));
    let Some(Effect::Download { text, .. }) = fx.last() else {
        panic!("a download")
    };
    let items = text.matches("\"linkId\": \"diary.entry\"").count();
    assert_eq!(items, 999, "every entry is in the FHIR response");

    // Leaving the diary closes the month.
    let (s, _) = hook(s, "open-month", Some(&target.month.id()), now);
    let (s, _) = step(s, Action::CloseDiary);
    assert_eq!(s.ui.diary_month, None);
}

#[test]
fn a_month_id_that_is_not_one_opens_nothing() {
    let now = (at(2026, 11, 25, 21, 30, 480), 480);
    for bad in ["2026-13", "", "march"] {
        assert!(Action::from_hook(content(), "open-month", Some(bad), now, "t").is_none());
    }
    assert!(Action::from_hook(content(), "open-month", None, now, "t").is_none());
}

#[test]
fn starting_with_the_diary_read_without_a_parse_gives_the_same_state() {
    use cramp_core::journey::{Boot, Raw};
    let now = (at(2026, 11, 25, 21, 30, 480), 480);
    let entries = nightly(2_000, now.0, 11);
    let text = codec::encode_diary(&entries);
    let parsed = Boot {
        diary: Some(Raw {
            parsed: cramp_core::json::parse(&text),
            text: text.clone(),
        }),
        ..Boot::default()
    };
    let own = Boot {
        diary: Some(Raw {
            parsed: Ok(cramp_core::json::Json::Null),
            text: text.clone(),
        }),
        diary_own: codec::read_own_diary(&text),
        ..Boot::default()
    };
    assert!(own.diary_own.is_some());
    let (a, fa) = step(fresh_state(), Action::Boot(Box::new(parsed), now));
    let (b, fb) = step(fresh_state(), Action::Boot(Box::new(own), now));
    assert_eq!(a, b);
    assert_eq!(fa, fb);
    assert_eq!(*b.diary.entries, entries);
}

#[test]
fn a_year_folds_again_and_another_unfolds_alone() {
    let now = (at(2026, 11, 25, 21, 30, 480), 480);
    let mut s = fresh_state();
    s.diary.entries = Rc::new(nightly(1000, now.0, 5));
    s.ui.now = now;
    let (s, _) = step(s, Action::OpenDiary);
    let (s, _) = hook(s, "open-year", Some("2024"), now);
    assert_eq!(s.ui.diary_year, Some(2024));
    let (s, _) = hook(s, "open-year", Some("2025"), now);
    assert_eq!(s.ui.diary_year, Some(2025), "one year unfolded at a time");
    let (s, fx) = hook(s, "open-year", Some("2025"), now);
    assert_eq!(s.ui.diary_year, None, "folded again");
    assert!(fx.contains(&Effect::Focus(Focus::YearButton(2025))));
    assert!(Action::from_hook(content(), "open-year", Some("twenty"), now, "t").is_none());
}
