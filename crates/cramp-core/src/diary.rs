//! The cramp diary: entries, the local calendar, weekly counts and the trend, the
//! stored form, and the JSON export and import. Pure: no browser, no clock, never panics.
//!
//! Time always comes in as parameters: an instant in UTC epoch milliseconds and
//! the local UTC offset at that instant in minutes east of UTC (in the browser,
//! `-Date.getTimezoneOffset()`). Each entry keeps the offset it was logged with,
//! so its local day is fixed for good: a daylight saving change or a journey
//! never moves an entry to another day. Weeks start on Monday.
//!
//! **Invariant:** stored text and imported files are untrusted. Damaged entries
//! are dropped one by one and counted; the intact ones are kept.

use crate::content::ids::{opt, q};
use crate::content::QuestionId;
use crate::engine::{Answers, Value};
use crate::json::Json;

pub use crate::calendar::{
    civil_from_days, days_from_civil, iso, last_night, local_day, week_start, weekday, Month,
    LAST_NIGHT_HOUR,
};
use crate::calendar::{DAY_MS, HOUR_MS, MINUTE_MS};

/// Local UTC offsets run from -12:00 to +14:00; anything beyond ±14 h is damaged data.
pub const MAX_OFFSET_MIN: i32 = 14 * 60;
/// The most free text kept in `activity`, in characters.
pub const MAX_ACTIVITY_CHARS: usize = 200;
/// The longest entry id accepted, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// The most severe a cramp can be rated.
pub const MAX_SEVERITY: u8 = 10;
/// Instants accepted for an entry: 1970-01-02 to 9999-12-30 (UTC), so that the
/// local date of any valid entry is a four-digit year.
pub const MIN_AT_MS: i64 = DAY_MS;
pub const MAX_AT_MS: i64 = 253_402_128_000_000;

/// The questions the diary can answer (stable ids of the clinical brief).
pub const FREQUENCY_QUESTION: QuestionId = q::FREQUENCY;
pub const RISING_QUESTION: QuestionId = q::FREQUENCY_RISING;
/// The question whose options [`Duration`] mirrors.
pub const DURATION_QUESTION: QuestionId = q::DURATION;
/// The `frequency` options, least to most frequent.
pub const FREQUENCY_ORDER: [&str; 4] = [
    opt::frequency::LESS_THAN_WEEKLY.0,
    opt::frequency::WEEKLY_1_TO_3.0,
    opt::frequency::MORE_THAN_3_WEEKLY.0,
    opt::frequency::NIGHTLY.0,
];

// The thresholds. Seed 001 (001_06d396a5b1d7020d.txt), first warning signal:
// "抽筋频率突然增加。如果以前偶尔抽筋,最近却变成每周发作 3 次以上,甚至一夜抽筋好几次,
// 就需要警惕了"; seed 004 (004_7691d2afcd462506.txt): "小腿难受症状频繁出现(每周超过3次)".
// The rules `frequency_high` and `frequency_rising` of questions/20_cramps.toml cite the same.
// "3 次以上" in seed 001 could be read as "3 or more"; seed 004, the clinical brief and
// the question's own option ("每周超过 3 次") say more than 3, which is what counts here.

/// Weeks in the summary (the weekly chart).
pub const SUMMARY_WEEKS: usize = 12;
/// High frequency: more than this many cramps in one week ("每周超过3次", seeds 001 and 004).
pub const HIGH_MORE_THAN: u32 = 3;
/// A week with at least this many cramps suggests `nightly` ("几乎每晚，或一晚好几次"):
/// most nights of the week. Our reading, not a seed figure.
pub const NIGHTLY_AT_LEAST: u32 = 6;
/// Rising ("抽筋频率突然增加", seed 001): the last `RECENT_WEEKS` (the current week
/// and the one before) against the `BASELINE_WEEKS` before them. The issue's
/// example window; the seeds give no figure.
pub const RECENT_WEEKS: usize = 2;
pub const BASELINE_WEEKS: usize = 4;
/// … the recent weekly average is at least `RISE_FACTOR_NUM / RISE_FACTOR_DEN`
/// times the baseline weekly average …
pub const RISE_FACTOR_NUM: u64 = 3;
pub const RISE_FACTOR_DEN: u64 = 2;
/// … and at least this many cramps a week more than it (so going from 1 to 2
/// cramps a month is no rise). The factor and the margin are our choice; the
/// seeds give no figure.
pub const RISE_MIN_EXTRA_PER_WEEK: u64 = 1;
/// The most weeks `weekly_counts` returns (20 years), so no input can exhaust memory.
pub const MAX_WEEKS: usize = 1040;

/// Which leg cramped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Leg {
    Left,
    Right,
    Both,
}

impl Leg {
    pub const ALL: [Leg; 3] = [Leg::Left, Leg::Right, Leg::Both];

    /// The stable id used in storage, export and FHIR codes.
    pub fn id(self) -> &'static str {
        match self {
            Leg::Left => "left",
            Leg::Right => "right",
            Leg::Both => "both",
        }
    }

    pub fn from_id(id: &str) -> Option<Leg> {
        Leg::ALL.into_iter().find(|l| l.id() == id)
    }
}

/// How long the cramp lasted: the options of the `duration` question, same ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Duration {
    Seconds,
    Under10Min,
    /// Over 10 minutes, but it eased (a `soon` sign in the questionnaire).
    Over10MinEased,
    Over10MinNotEasing,
}

impl Duration {
    pub const ALL: [Duration; 4] = [
        Duration::Seconds,
        Duration::Under10Min,
        Duration::Over10MinEased,
        Duration::Over10MinNotEasing,
    ];

    /// The stable id: the option id of the `duration` question.
    pub fn id(self) -> &'static str {
        match self {
            Duration::Seconds => opt::duration::SECONDS.0,
            Duration::Under10Min => opt::duration::UNDER_10_MIN.0,
            Duration::Over10MinEased => opt::duration::OVER_10_MIN_EASED.0,
            Duration::Over10MinNotEasing => opt::duration::OVER_10_MIN_NOT_EASING.0,
        }
    }

    pub fn from_id(id: &str) -> Option<Duration> {
        Duration::ALL.into_iter().find(|d| d.id() == id)
    }
}

/// One cramp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Unique within the diary (see [`next_id`]); 1 to [`MAX_ID_CHARS`] characters.
    pub id: String,
    /// When the cramp happened, UTC epoch milliseconds.
    pub at_ms: i64,
    /// The local UTC offset at that moment, minutes east of UTC.
    pub offset_min: i32,
    pub leg: Leg,
    pub duration: Duration,
    /// How bad, 0 to 10.
    pub severity: u8,
    /// It woke me.
    pub woke: bool,
    /// Numb afterwards.
    pub numb_after: bool,
    /// What I was doing: trimmed, never empty, at most [`MAX_ACTIVITY_CHARS`] characters.
    pub activity: Option<String>,
}

impl Entry {
    /// The local day of the entry, in days since 1970-01-01.
    pub fn local_day(&self) -> i64 {
        local_day(self.at_ms, self.offset_min)
    }

    /// Is every field within its range? Storage and import keep only valid entries.
    pub fn is_valid(&self) -> bool {
        !self.id.is_empty()
            && self.id.chars().count() <= MAX_ID_CHARS
            && (MIN_AT_MS..=MAX_AT_MS).contains(&self.at_ms)
            && self.offset_min.abs() <= MAX_OFFSET_MIN
            && self.severity <= MAX_SEVERITY
            && self
                .activity
                .as_deref()
                .is_none_or(|a| clean_activity(a).as_deref() == Some(a))
    }

    /// The stored and exported form of the entry.
    pub fn to_json(&self) -> Json {
        let mut o = crate::obj! {
            "id": &self.id,
            "at_ms": self.at_ms,
            "offset_min": self.offset_min,
            "leg": self.leg.id(),
            "duration": self.duration.id(),
            "severity": self.severity,
            "woke": self.woke,
            "numb_after": self.numb_after,
        };
        if let Some(a) = &self.activity {
            o.set("activity", a.into());
        }
        o
    }

    /// Reads one stored or exported entry; `None` if anything in it is damaged.
    /// Missing `woke`/`numb_after` mean no, missing `activity` means none; other
    /// fields are required. Extra fields (such as the export's `time`) are ignored.
    pub fn from_json(v: &Json) -> Option<Entry> {
        v.as_object()?;
        let o = v;
        let text = |k: &str| o.get(k).and_then(Json::as_str);
        let flag = |k: &str| match o.get(k) {
            None | Some(Json::Null) => Some(false),
            Some(x) => x.as_bool(),
        };
        let activity = match o.get("activity") {
            None | Some(Json::Null) => None,
            Some(x) => clean_activity(x.as_str()?),
        };
        let e = Entry {
            id: text("id")?.to_string(),
            at_ms: o.get("at_ms")?.as_i64()?,
            offset_min: i32::try_from(o.get("offset_min")?.as_i64()?).ok()?,
            leg: Leg::from_id(text("leg")?)?,
            duration: Duration::from_id(text("duration")?)?,
            severity: u8::try_from(o.get("severity")?.as_u64()?).ok()?,
            woke: flag("woke")?,
            numb_after: flag("numb_after")?,
            activity,
        };
        e.is_valid().then_some(e)
    }

    /// Two entries with the same instant, leg, duration and severity are the same cramp.
    pub(crate) fn same_cramp_key(&self) -> (i64, Leg, Duration, u8) {
        (self.at_ms, self.leg, self.duration, self.severity)
    }
}

/// The free-text "what I was doing": trimmed, cut to [`MAX_ACTIVITY_CHARS`]
/// characters, `None` when empty.
pub fn clean_activity(text: &str) -> Option<String> {
    let cut: String = text.trim().chars().take(MAX_ACTIVITY_CHARS).collect();
    let cut = cut.trim_end();
    (!cut.is_empty()).then(|| cut.to_string())
}

/// A new id not used by `entries`: the creation instant, with a suffix if taken.
pub fn next_id(now_ms: i64, entries: &[Entry]) -> String {
    let taken = |id: &str| entries.iter().any(|e| e.id == id);
    let base = now_ms.to_string();
    let mut id = base.clone();
    let mut n = 1u32;
    while taken(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// Puts entries in diary order: by instant, then id.
///
/// An insertion sort while the list is almost in order (one entry is added or
/// changed at a time: O(n)), a heapsort once that would cost more (an import of
/// older entries: O(n log n)). Neither is the standard library's general sort,
/// several kilobytes per use in the wasm.
pub fn sort(entries: &mut [Entry]) {
    let less = |a: &Entry, b: &Entry| (a.at_ms, &a.id) < (b.at_ms, &b.id);
    let mut budget = entries.len().saturating_mul(4).saturating_add(64);
    for i in 1..entries.len() {
        let mut j = i;
        while j > 0 && less(&entries[j], &entries[j - 1]) {
            if budget == 0 {
                heapsort(entries, less);
                return;
            }
            budget -= 1;
            entries.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `v` by `less` in O(n log n), in place, in a few hundred bytes of wasm.
/// Not stable.
pub fn heapsort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let sift = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

/// For each entry, whether an earlier one (by position) has the same id: O(n log n).
pub fn repeated_ids(entries: &[Entry]) -> Vec<bool> {
    repeated_by(entries.len(), |i, j| entries[i].id.cmp(&entries[j].id))
}

/// For each of `n` items, whether an earlier one compares equal under `cmp`:
/// the indices sorted by (item, position), then each equal run after its first.
pub(crate) fn repeated_by(n: usize, cmp: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<bool> {
    let mut order: Vec<usize> = (0..n).collect();
    heapsort(&mut order, |&a, &b| cmp(a, b).then(a.cmp(&b)).is_lt());
    let mut repeated = vec![false; n];
    for w in order.windows(2) {
        if cmp(w[0], w[1]).is_eq() {
            repeated[w[1]] = true;
        }
    }
    repeated
}

/// The largest offset, in milliseconds: an entry's local day is within this of its UTC day.
const MAX_OFFSET_MS: i64 = MAX_OFFSET_MIN as i64 * MINUTE_MS;

/// Midnight UTC starting `day`, in epoch milliseconds (saturating).
fn day_ms(day: i64) -> i64 {
    day.saturating_mul(DAY_MS)
}

/// The index of the first entry at or after the instant `at_ms`.
///
/// **Entries in diary order** (see [`sort`]; the journey keeps them so): every
/// function that reads a time window of the diary finds it with this binary
/// search. Checked in debug builds (the tests).
pub fn first_at(entries: &[Entry], at_ms: i64) -> usize {
    debug_assert!(
        entries.windows(2).all(|w| w[0].at_ms <= w[1].at_ms),
        "diary entries must be in diary order (diary::sort)"
    );
    entries.partition_point(|e| e.at_ms < at_ms)
}

/// The entries (in diary order) that may fall on a local day from `from_day`
/// up to, not including, `to_day`: those within the largest offset of those
/// days. Every entry whose local day is in the range is in it; the caller
/// checks each one's own day. Binary search: O(log n).
pub fn around_days(entries: &[Entry], from_day: i64, to_day: i64) -> &[Entry] {
    let lo = first_at(entries, day_ms(from_day).saturating_sub(MAX_OFFSET_MS));
    let hi = first_at(entries, day_ms(to_day).saturating_add(MAX_OFFSET_MS));
    &entries[lo..hi.max(lo)]
}

// ---------------------------------------------------------------- weeks and trend

/// Cramps counted in one calendar week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    /// The Monday starting the week, in days since 1970-01-01.
    pub start: i64,
    pub count: u32,
}

impl Week {
    /// The Monday's date: (year, month, day).
    pub fn start_date(&self) -> (i32, u32, u32) {
        civil_from_days(self.start)
    }
}

/// Cramps per calendar week over the last `weeks` weeks (at most [`MAX_WEEKS`]),
/// of entries in diary order,
/// oldest first, the last one being the week of today in the current offset.
/// Each entry counts in the week of its own local day. Entries after `now_ms`
/// or before the first week are ignored. Only the entries of those weeks are
/// read (found by binary search: the list is in diary order), so the cost does
/// not grow with the diary's age.
pub fn weekly_counts(
    entries: &[Entry],
    now_ms: i64,
    now_offset_min: i32,
    weeks: usize,
) -> Vec<Week> {
    let weeks = weeks.min(MAX_WEEKS);
    let current = week_start(local_day(now_ms, now_offset_min));
    let first = current - 7 * (weeks as i64 - 1);
    let mut out: Vec<Week> = (0..weeks)
        .map(|i| Week {
            start: first + 7 * i as i64,
            count: 0,
        })
        .collect();
    let end = current.saturating_add(7);
    for e in around_days(entries, first, end)
        .iter()
        .filter(|e| e.at_ms <= now_ms)
    {
        let since = e.local_day() - first;
        if since >= 0 {
            if let Some(w) = out.get_mut((since / 7) as usize) {
                w.count = w.count.saturating_add(1);
            }
        }
    }
    out
}

/// What the diary says about frequency, over the last [`SUMMARY_WEEKS`] weeks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// [`SUMMARY_WEEKS`] weeks, oldest first, ending with the current week.
    pub weeks: Vec<Week>,
    /// The larger count of the current week and the last complete week.
    pub peak: u32,
    /// `peak` is more than [`HIGH_MORE_THAN`].
    pub high: bool,
    /// The diary reaches back over the recent and baseline weeks, so the trend can be judged.
    pub trend_known: bool,
    /// The trend is known and rising (see [`summarize`]).
    pub rising: bool,
    /// The `frequency` option the diary supports, only when `high`:
    /// `nightly` when `peak` ≥ [`NIGHTLY_AT_LEAST`], else `more_than_3_weekly`.
    pub suggested_frequency: Option<&'static str>,
    /// `Some(true)` when rising. Never `Some(false)`: a diary without a rise may
    /// just be incomplete, so it never suggests the reassuring answer.
    pub suggested_rising: Option<bool>,
}

/// Summarizes the diary (entries in diary order) as of `now_ms` in the current offset. Reads the entries
/// of the last [`SUMMARY_WEEKS`] weeks and, for `trend_known`, the oldest ones
/// (found by binary search), not the whole diary.
///
/// - **high**: the current week or the last complete week has more than
///   [`HIGH_MORE_THAN`] cramps.
/// - **rising**: the current and previous week together average at least
///   [`RISE_FACTOR_NUM`]/[`RISE_FACTOR_DEN`] times the weekly average of the 4
///   weeks before them, and at least [`RISE_MIN_EXTRA_PER_WEEK`] a week more
///   than it; judged only when the earliest entry falls in the oldest of those
///   6 weeks or earlier (`trend_known`), since an empty baseline may only mean
///   the diary was not kept yet.
pub fn summarize(entries: &[Entry], now_ms: i64, now_offset_min: i32) -> Summary {
    summarize_with(entries, now_ms, now_offset_min, None)
}

/// [`summarize`], knowing that there are more entries, not in `entries`, all
/// on local days before `older_before` (years still in storage, see
/// `diary_store`): they count only for whether the trend is known.
pub fn summarize_with(
    entries: &[Entry],
    now_ms: i64,
    now_offset_min: i32,
    older_before: Option<i64>,
) -> Summary {
    let weeks = weekly_counts(entries, now_ms, now_offset_min, SUMMARY_WEEKS);
    let n = weeks.len();
    let peak = weeks[n - 1].count.max(weeks[n - 2].count);
    let high = peak > HIGH_MORE_THAN;
    let sum = |ws: &[Week]| ws.iter().map(|w| u64::from(w.count)).sum::<u64>();
    let window = n - RECENT_WEEKS - BASELINE_WEEKS;
    let recent = sum(&weeks[n - RECENT_WEEKS..]);
    let base = sum(&weeks[window..n - RECENT_WEEKS]);
    // Some entry up to now on a local day before the end of the oldest of the 6 weeks.
    let before = weeks[window].start + 7;
    let trend_known = entries[..first_at(entries, day_ms(before).saturating_add(MAX_OFFSET_MS))]
        .iter()
        .any(|e| e.at_ms <= now_ms && e.local_day() < before)
        || older_before.is_some_and(|d| d <= before);
    let (rw, bw) = (RECENT_WEEKS as u64, BASELINE_WEEKS as u64);
    // recent/rw >= NUM/DEN * base/bw  and  recent/rw >= base/bw + EXTRA, in integers.
    let rising = trend_known
        && recent * RISE_FACTOR_DEN * bw >= RISE_FACTOR_NUM * base * rw
        && recent * bw >= base * rw + RISE_MIN_EXTRA_PER_WEEK * rw * bw;
    Summary {
        weeks,
        peak,
        high,
        trend_known,
        rising,
        suggested_frequency: high.then_some(if peak >= NIGHTLY_AT_LEAST {
            FREQUENCY_ORDER[3]
        } else {
            FREQUENCY_ORDER[2]
        }),
        suggested_rising: rising.then_some(true),
    }
}

impl Summary {
    /// Fills the self-check's frequency answers from the diary, never lowering
    /// them: `frequency` only when the suggestion is more frequent than the
    /// answer given, `frequency_rising` only to yes. Returns the question ids
    /// changed, so the result can say the figure came from the diary.
    pub fn fill(&self, answers: &mut Answers) -> Vec<&'static str> {
        let mut changed = Vec::new();
        if let Some(s) = self.suggested_frequency {
            let rank = |v: &str| FREQUENCY_ORDER.iter().position(|f| *f == v);
            let now = match answers.get(&FREQUENCY_QUESTION) {
                Some(Value::One(v)) => rank(v),
                _ => None,
            };
            if rank(s) > now {
                answers.set(&FREQUENCY_QUESTION, Value::One(s.to_string()));
                changed.push(FREQUENCY_QUESTION.0);
            }
        }
        if self.suggested_rising == Some(true)
            && answers.get(&RISING_QUESTION) != Some(&Value::Bool(true))
        {
            answers.set(&RISING_QUESTION, Value::Bool(true));
            changed.push(RISING_QUESTION.0);
        }
        changed
    }
}

// ---------------------------------------------------------------- the list: recent weeks, older months

/// An older month as the list offers it: how many of its entries are older
/// than the recent weeks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthCount {
    pub month: Month,
    pub count: usize,
}

/// The first local day of the recent entries: the Monday of the oldest week of
/// the chart ([`SUMMARY_WEEKS`] weeks, the current one last). The list shows
/// entries from that day on; older ones are offered by month.
pub fn recent_from(now_ms: i64, now_offset_min: i32) -> i64 {
    week_start(local_day(now_ms, now_offset_min)) - 7 * (SUMMARY_WEEKS as i64 - 1)
}

/// The entries on or after the local day `from_day` (any later ones too), in
/// diary order. O(log n + the entries returned).
pub fn recent(entries: &[Entry], from_day: i64) -> Vec<&Entry> {
    entries[first_at(entries, day_ms(from_day).saturating_sub(MAX_OFFSET_MS))..]
        .iter()
        .filter(|e| e.local_day() >= from_day)
        .collect()
}

/// How many entries fall on a local day before `day`. O(log n + the entries
/// within the largest offset of that day).
pub fn count_before(entries: &[Entry], day: i64) -> usize {
    let sure = first_at(entries, day_ms(day).saturating_sub(MAX_OFFSET_MS));
    sure + around_days(entries, day, day)
        .iter()
        .filter(|e| e.local_day() < day)
        .count()
}

/// The earliest local day on or after `day` that has an entry.
fn first_day_from(entries: &[Entry], day: i64) -> Option<i64> {
    let mut best: Option<i64> = None;
    for e in &entries[first_at(entries, day_ms(day).saturating_sub(MAX_OFFSET_MS))..] {
        // Every later entry is on a day after `best`.
        if best.is_some_and(|b| e.at_ms >= day_ms(b + 1).saturating_add(MAX_OFFSET_MS)) {
            break;
        }
        let d = e.local_day();
        if d >= day && best.is_none_or(|b| d < b) {
            best = Some(d);
        }
    }
    best
}

/// The months before the local day `from_day` that have entries, newest
/// first, each with its number of entries before that day. Only the months
/// with entries are visited, by binary search: O(months × log n), not a walk
/// through the whole diary.
pub fn older_months(entries: &[Entry], from_day: i64) -> Vec<MonthCount> {
    let mut out = Vec::new();
    let mut day = first_day_from(entries, i64::MIN / DAY_MS);
    while let Some(d) = day.filter(|d| *d < from_day) {
        let month = Month::of_day(d);
        let start = month.first_day();
        let end = month.next().first_day().min(from_day);
        let count = count_before(entries, end) - count_before(entries, start);
        if count > 0 {
            out.push(MonthCount { month, count });
        }
        day = first_day_from(entries, end.max(d + 1));
    }
    out.reverse();
    out
}

/// The entries of `month` on a local day before `from_day`, in diary order.
/// O(log n + the entries of that month).
pub fn month_entries(entries: &[Entry], month: Month, from_day: i64) -> Vec<&Entry> {
    let start = month.first_day();
    let end = month.next().first_day().min(from_day);
    around_days(entries, start, end)
        .iter()
        .filter(|e| (start..end).contains(&e.local_day()))
        .collect()
}

// ---------------------------------------------------------------- the log and edit form

/// When a new cramp happened, as the log form asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Now,
    LastNight,
}

/// The time preselected for a new cramp: in the morning (04:00 to 11:59 local
/// time) "last night", else "just now".
pub fn default_when(now_ms: i64, offset_min: i32) -> When {
    let hour = now_ms
        .saturating_add(i64::from(offset_min) * MINUTE_MS)
        .rem_euclid(DAY_MS)
        / HOUR_MS;
    if (4..12).contains(&hour) {
        When::LastNight
    } else {
        When::Now
    }
}

/// `YYYY-MM-DDTHH:MM`, the value of a `datetime-local` input, of an entry's local time.
pub fn local_input_value(at_ms: i64, offset_min: i32) -> String {
    iso(at_ms, offset_min).chars().take(16).collect()
}

/// What the log or edit form holds when it is sent, as the page read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    /// `now` or `night` (logging).
    pub when: Option<String>,
    /// The `datetime-local` text (editing), and that local time as an instant
    /// with its own offset, as the browser read it (`None` if it could not).
    pub at_text: Option<String>,
    pub at: Option<(i64, i32)>,
    pub leg: Option<String>,
    pub duration: Option<String>,
    pub severity: Option<String>,
    pub woke: bool,
    pub numb: bool,
    pub activity: String,
}

/// Why the form was not saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    /// No leg chosen.
    Leg,
    /// No valid date and time.
    Time,
    /// A time later than now.
    Future,
}

/// The entry the form describes, logged (`editing` none) or edited, at `now`.
/// An unchanged time keeps the edited entry's own instant and offset (it may
/// have been logged in another time zone); "last night" is 03:00 local time of
/// the night just gone (see [`last_night`]).
pub fn entry_from_form(
    form: &Form,
    (now_ms, offset): (i64, i32),
    editing: Option<&Entry>,
    entries: &[Entry],
) -> Result<Entry, FormError> {
    let leg = form
        .leg
        .as_deref()
        .and_then(Leg::from_id)
        .ok_or(FormError::Leg)?;
    let moment = match editing {
        Some(e) if form.at_text.as_deref() == Some(&local_input_value(e.at_ms, e.offset_min)) => {
            Some((e.at_ms, e.offset_min))
        }
        Some(_) => form.at,
        None if form.when.as_deref() == Some("night") => Some((last_night(now_ms, offset), offset)),
        None => Some((now_ms, offset)),
    };
    let (at_ms, offset_min) = moment.ok_or(FormError::Time)?;
    if at_ms > now_ms.saturating_add(MINUTE_MS) {
        return Err(FormError::Future);
    }
    let entry = Entry {
        id: editing.map_or_else(|| next_id(now_ms, entries), |e| e.id.clone()),
        at_ms,
        offset_min,
        leg,
        duration: form
            .duration
            .as_deref()
            .and_then(Duration::from_id)
            .unwrap_or(Duration::Under10Min),
        severity: form
            .severity
            .as_deref()
            .and_then(|s| s.parse::<u8>().ok())
            .filter(|s| *s <= MAX_SEVERITY)
            .unwrap_or(5),
        woke: form.woke,
        numb_after: form.numb,
        activity: clean_activity(&form.activity),
    };
    entry.is_valid().then_some(entry).ok_or(FormError::Time)
}
