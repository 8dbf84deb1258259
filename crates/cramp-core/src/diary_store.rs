//! The diary in storage, at any size: one key per local year and a small index.
//!
//! | key | holds |
//! |---|---|
//! | `cramp-check/diary` | the index: `{"format":"cramp-check-diary-index","version":1,"years":[{"year":2025,"months":[12 counts]},…]}` |
//! | `cramp-check/diary/2025` | the entries of 2025 (their own local year), as a diary: `{"format":"cramp-check-diary","version":2,"entries":[…]}` |
//! | `cramp-check/diary/unreadable/2025` | a year that could not be read (whole or in part), kept as it was |
//!
//! Start-up reads the index and the years from last year on (the chart's 12
//! weeks and the list's recent entries are in them); older years stay on the
//! [`DiaryState::shelf`], with their entries per month from the index, until a
//! month of theirs is opened, or everything is needed (an export, an import).
//! A log, edit or delete rewrites only its year and the index.
//!
//! **Upgrade:** a whole diary under `cramp-check/diary` (version 2) or
//! `cramp-check/diary/v1` (version 1) is read once, split into years and
//! written back in this form; nothing is left out. **Damage:** a year that
//! cannot be read is set aside with a notice, the other years load; an index
//! that cannot be read is rebuilt from the year keys.
//!
//! Sans-IO like the reducer: the shell finds the year keys and reads the texts
//! [`years_needed`] names, and hands them over ([`YearText`]).

use crate::calendar::{civil_from_days, Month};
use crate::codec::{self, Decoded};
use crate::diary::{self, Entry, Summary};
use crate::journey::{Action, Effect, Notice, Now, Raw};
use crate::json::{Json, ParseError};
use crate::obj;
use std::rc::Rc;

/// The index's `format` field.
pub const INDEX_FORMAT: &str = "cramp-check-diary-index";
/// The index version written.
pub const INDEX_VERSION: u64 = 1;
/// A year's key: this and the four-digit year.
pub const YEAR_PREFIX: &str = "cramp-check/diary/";
/// Where a year that could not be read is kept: this and the four-digit year.
pub const YEAR_ASIDE_PREFIX: &str = "cramp-check/diary/unreadable/";

/// The key of a year's entries.
pub fn year_key(year: i32) -> String {
    format!("{YEAR_PREFIX}{year:04}")
}

/// Where a year that could not be read is set aside.
pub fn year_aside_key(year: i32) -> String {
    format!("{YEAR_ASIDE_PREFIX}{year:04}")
}

/// The year a storage key holds, if it is a year's key (`cramp-check/diary/` and four digits).
pub fn year_of_key(key: &str) -> Option<i32> {
    let y = key.strip_prefix(YEAR_PREFIX)?;
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .then(|| y.parse().ok())
        .flatten()
}

/// The year an entry is stored under: that of its own local day.
pub fn year_of(e: &Entry) -> i32 {
    civil_from_days(e.local_day()).0
}

/// A year in storage not read yet, with its entries per month (January first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shelved {
    pub year: i32,
    pub months: [u32; 12],
}

impl Shelved {
    fn total(&self) -> u64 {
        self.months.iter().map(|m| u64::from(*m)).sum()
    }
}

/// The cramp diary (saved on its own, one key per year).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiaryState {
    /// The entries of the years read so far, in diary order (oldest first).
    pub entries: Rc<Vec<Entry>>,
    /// The years in storage not read yet, oldest first.
    pub shelf: Rc<Vec<Shelved>>,
}

impl DiaryState {
    /// No entries at all, read or not.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.shelf.iter().all(|y| y.total() == 0)
    }

    /// Is this year still on the shelf (in storage, not read)?
    pub fn shelved(&self, year: i32) -> bool {
        self.shelf.iter().any(|y| y.year == year)
    }

    /// [`diary::summarize`] of the whole diary: the shelved years are older
    /// than the summary's weeks, so they count only for whether the trend is known.
    pub fn summarize(&self, now_ms: i64, now_offset_min: i32) -> Summary {
        // Every shelved entry falls before the end of the first month with one.
        let before = self.shelf.iter().find_map(|y| {
            let m = y.months.iter().position(|n| *n > 0)?;
            let month = Month {
                year: y.year,
                month: m as u32 + 1,
            };
            Some(month.next().first_day())
        });
        diary::summarize_with(&self.entries, now_ms, now_offset_min, before)
    }

    /// [`diary::older_months`] of the whole diary, newest first: the months
    /// of the years read, and those of the shelf from the index.
    pub fn older_months(&self, from_day: i64) -> Vec<diary::MonthCount> {
        let mut out = diary::older_months(&self.entries, from_day);
        for y in self.shelf.iter().rev() {
            for (i, n) in y.months.iter().enumerate().rev() {
                let month = Month {
                    year: y.year,
                    month: i as u32 + 1,
                };
                if *n > 0 && month.first_day() < from_day {
                    out.push(diary::MonthCount {
                        month,
                        count: *n as usize,
                    });
                }
            }
        }
        // Both parts are newest first; a shelved year is never one read, so a
        // sort by month (newest first) puts them together.
        diary::heapsort(&mut out, |a, b| a.month > b.month);
        out
    }
}

/// A year's text as the shell read it: the text and its parse, or, when it is
/// exactly as this widget writes it, its entries read straight from the text
/// ([`codec::read_own_diary`]; `raw.parsed` is then left unparsed).
#[derive(Clone, Debug, PartialEq)]
pub struct YearText {
    pub year: i32,
    pub raw: Raw,
    pub own: Option<Vec<Entry>>,
}

impl YearText {
    /// Reads `text`, parsing it with `parse` only when it is not exactly as written here.
    pub fn read(
        year: i32,
        text: String,
        parse: impl Fn(&str) -> Result<Json, ParseError>,
    ) -> YearText {
        let own = codec::read_own_diary(&text);
        let parsed = if own.is_some() {
            Ok(Json::Null)
        } else {
            parse(&text)
        };
        YearText {
            year,
            raw: Raw { text, parsed },
            own,
        }
    }

    /// A year the index names but storage no longer holds: read as empty, so
    /// it leaves the shelf (an export waiting for it is not held up).
    pub fn missing(year: i32) -> YearText {
        YearText {
            year,
            raw: Raw {
                text: String::new(),
                parsed: Ok(Json::Null),
            },
            own: Some(Vec::new()),
        }
    }
}

// ---------------------------------------------------------------- the index

/// The index of a diary: every year with entries, with its entries per month.
pub fn encode_index(years: &[Shelved]) -> String {
    obj! {
        "format": INDEX_FORMAT,
        "version": INDEX_VERSION,
        "years": Json::Array(years.iter().map(|y| obj! {
            "year": i64::from(y.year),
            "months": Json::Array(y.months.iter().map(|n| Json::Int(i64::from(*n))).collect()),
        }).collect()),
    }
    .write()
}

/// Is this parsed text an index (of any version), rather than a whole diary of an older version?
pub fn is_index(parsed: &Result<Json, ParseError>) -> bool {
    parsed
        .as_ref()
        .ok()
        .and_then(|j| j.get("format"))
        .and_then(Json::as_str)
        == Some(INDEX_FORMAT)
}

/// Reads an index; `None` if anything in it is damaged or it is another version.
pub fn decode_index(parsed: &Result<Json, ParseError>) -> Option<Vec<Shelved>> {
    let j = parsed.as_ref().ok()?;
    if !is_index(parsed) || j.get("version")?.as_u64()? != INDEX_VERSION {
        return None;
    }
    let mut out: Vec<Shelved> = Vec::new();
    for y in j.get("years")?.as_array()? {
        let year = i32::try_from(y.get("year")?.as_i64()?).ok()?;
        let list = y.get("months")?.as_array()?;
        if !(1..=9999).contains(&year) || list.len() != 12 {
            return None;
        }
        let mut months = [0u32; 12];
        for (m, n) in months.iter_mut().zip(list) {
            *m = u32::try_from(n.as_u64()?).ok()?;
        }
        if out.last().is_some_and(|p| p.year >= year) {
            return None;
        }
        out.push(Shelved { year, months });
    }
    Some(out)
}

/// Which year keys the shell reads at start-up, of those in storage (`keys`):
/// from last year on (the recent weeks are in them), and any the index does
/// not list; all of them when there is no readable index (it is rebuilt).
pub fn boot_years(index: Option<&Raw>, keys: &[i32], (now_ms, offset): Now) -> Vec<i32> {
    let this_year = civil_from_days(diary::local_day(now_ms, offset)).0;
    match index.and_then(|r| decode_index(&r.parsed)) {
        Some(list) => keys
            .iter()
            .copied()
            .filter(|k| *k >= this_year - 1 || !list.iter().any(|y| y.year == *k))
            .collect(),
        None => keys.to_vec(),
    }
}

/// The shelved years an action needs read first: the year of a month opened
/// or of an entry logged or moved there; every one for an export or an import
/// (they write or merge the whole diary).
pub fn years_needed(diary: &DiaryState, action: &Action) -> Vec<i32> {
    if diary.shelf.is_empty() {
        return Vec::new();
    }
    let all = || diary.shelf.iter().map(|y| y.year).collect();
    let year = match action {
        Action::OpenMonth(Some(m)) => m.year,
        Action::Log(e, _) | Action::SaveEntry(e, _) => year_of(e),
        Action::SubmitEntry(form, _) => match form.at {
            Some((ms, off)) => civil_from_days(diary::local_day(ms, off)).0,
            None => return Vec::new(),
        },
        Action::Export(..) | Action::Import(..) => return all(),
        _ => return Vec::new(),
    };
    if diary.shelved(year) {
        vec![year]
    } else {
        Vec::new()
    }
}

// ---------------------------------------------------------------- reading years

/// Reads years handed over by the shell into the diary: each leaves the shelf
/// and its entries join the others. A year that cannot be read is set aside
/// (kept as it was) with a notice; one with damaged entries, or entries of
/// another year, keeps the others, is set aside as it was and rewritten.
/// Returns whether the index must be rewritten.
pub fn load(
    diary: &mut DiaryState,
    years: Vec<YearText>,
    notice: &mut Option<Notice>,
    fx: &mut Vec<Effect>,
) -> bool {
    if years.is_empty() {
        return false;
    }
    let mut list = (*diary.entries).clone();
    let mut shelf = (*diary.shelf).clone();
    let mut repair = false;
    for YearText { year, raw, own } in years {
        let known = list.iter().any(|e| year_of(e) == year);
        if known {
            // Read already (or written here meanwhile): storage is no newer.
            continue;
        }
        shelf.retain(|y| y.year != year);
        let read = match own {
            Some(entries) => Ok((entries, 0)),
            None => codec::decode_diary(raw.parsed)
                .map(|Decoded { value, dropped, .. }| (value, dropped)),
        };
        match read {
            Ok((entries, dropped)) => {
                let before = entries.len();
                let mut entries = entries;
                entries.retain(|e| year_of(e) == year);
                let dropped = dropped + before - entries.len();
                if dropped > 0 {
                    fx.push(Effect::StoreAt {
                        key: year_aside_key(year),
                        text: raw.text,
                    });
                    let mine: Vec<&Entry> = entries.iter().collect();
                    fx.push(store_year(year, &mine));
                    *notice = notice.take().or(Some(Notice::DiaryPartial(dropped)));
                    repair = true;
                }
                list.extend(entries);
            }
            Err(_) => {
                fx.push(Effect::StoreAt {
                    key: year_aside_key(year),
                    text: raw.text,
                });
                fx.push(Effect::RemoveAt(year_key(year)));
                *notice = notice.take().or(Some(Notice::DiaryUnreadable));
                repair = true;
            }
        }
    }
    // Ids repeated across years (never written here): the later copy goes.
    let again = diary::repeated_ids(&list);
    if again.contains(&true) {
        let mut i = 0;
        list.retain(|_| {
            i += 1;
            !again[i - 1]
        });
        repair = true;
    }
    diary::sort(&mut list);
    diary.entries = Rc::new(list);
    diary.shelf = Rc::new(shelf);
    repair
}

/// Start-up: the diary from what the shell read. `index` is the text under
/// `cramp-check/diary`: the index, or a whole diary of version 2 (then read
/// whole, split into years and written back; `own` is it read straight from
/// its text); `v1` a whole diary under version 1's key; `keys` the years with
/// a key in storage; `years` those [`boot_years`] named, read.
#[allow(clippy::too_many_arguments)]
pub fn boot(
    diary: &mut DiaryState,
    index: Option<Raw>,
    own: Option<Vec<Entry>>,
    v1: Option<Raw>,
    keys: &[i32],
    years: Vec<YearText>,
    notice: &mut Option<Notice>,
    fx: &mut Vec<Effect>,
) {
    let mut rewrite_index = false;
    let mut index_ok = false;
    let mut write_all = false;
    let (whole, old_key) = match (index, v1) {
        (Some(i), v1) if is_index(&i.parsed) => {
            match decode_index(&i.parsed) {
                Some(list) => {
                    index_ok = true;
                    // Listed years whose key is gone are forgotten; keys the
                    // index does not list were read (see `boot_years`).
                    rewrite_index = list.iter().any(|y| !keys.contains(&y.year))
                        || keys.iter().any(|k| !list.iter().any(|y| y.year == *k));
                    diary.shelf = Rc::new(
                        list.into_iter()
                            .filter(|y| keys.contains(&y.year))
                            .collect(),
                    );
                }
                // Only counts are lost: rebuilt from the years, all read.
                None => rewrite_index = true,
            }
            (v1.map(|r| (r, None)), Some(codec::DIARY_KEY_V1))
        }
        (Some(d), _) => (Some((d, own)), None),
        (None, Some(d)) => (Some((d, None)), Some(codec::DIARY_KEY_V1)),
        (None, None) => (None, None),
    };
    // No readable index: rebuilt from the years read (all of them, see `boot_years`).
    rewrite_index |= !index_ok && !keys.is_empty();
    let mut whole_entries = Vec::new();
    if let Some((raw, own)) = whole {
        // A whole diary of an older version: read once, split into years.
        match own.map(Ok).unwrap_or_else(|| {
            codec::decode_diary(raw.parsed.clone()).map(|d| {
                if d.dropped > 0 {
                    fx.push(Effect::Store {
                        key: codec::DIARY_ASIDE_KEY,
                        text: raw.text.clone(),
                    });
                    *notice = notice.take().or(Some(Notice::DiaryPartial(d.dropped)));
                }
                d.value
            })
        }) {
            Ok(entries) => {
                whole_entries = entries;
                write_all = true;
            }
            Err(_) => {
                fx.push(Effect::Store {
                    key: codec::DIARY_ASIDE_KEY,
                    text: raw.text,
                });
                if old_key.is_none() {
                    fx.push(Effect::Remove(codec::DIARY_KEY));
                }
                *notice = notice.take().or(Some(Notice::DiaryUnreadable));
            }
        }
        if let Some(old) = old_key {
            fx.push(Effect::Remove(old));
        }
    }
    rewrite_index |= load(diary, years, notice, fx);
    if !whole_entries.is_empty() {
        // Entries also in a year key (an upgrade cut short) are kept once.
        let codec::Import { entries, .. } = codec::merge_import(
            Decoded {
                value: codec::Export {
                    answers: Default::default(),
                    entries: whole_entries,
                    ignored_answers: 0,
                },
                upgraded_from: None,
                dropped: 0,
            },
            &diary.entries,
            &Default::default(),
        );
        diary.entries = Rc::new(entries);
    }
    if write_all {
        for (year, list) in by_year(&diary.entries) {
            fx.push(store_year(year, &list));
        }
        rewrite_index = true;
    }
    if rewrite_index {
        fx.push(store_index(diary));
    }
}

// ---------------------------------------------------------------- writing

/// The entries (in diary order) grouped by their year, years in order.
pub fn by_year(entries: &[Entry]) -> Vec<(i32, Vec<&Entry>)> {
    let mut out: Vec<(i32, Vec<&Entry>)> = Vec::new();
    for e in entries {
        let y = year_of(e);
        // Years follow each other, but near New Year an entry logged in
        // another offset may come before the last of the year before.
        match out.iter_mut().rev().find(|(year, _)| *year == y) {
            Some((_, list)) => list.push(e),
            None => {
                let at = out
                    .iter()
                    .position(|(year, _)| *year > y)
                    .unwrap_or(out.len());
                out.insert(at, (y, vec![e]));
            }
        }
    }
    out
}

fn store_year(year: i32, entries: &[&Entry]) -> Effect {
    Effect::StoreAt {
        key: year_key(year),
        text: codec::encode_diary_refs(entries),
    }
}

/// Every year of the diary with its entries per month: those read, counted, and the shelf.
pub fn index_of(diary: &DiaryState) -> Vec<Shelved> {
    let mut years: Vec<Shelved> = (*diary.shelf).clone();
    for (year, list) in by_year(&diary.entries) {
        let mut months = [0u32; 12];
        for e in list {
            let (_, m, _) = civil_from_days(e.local_day());
            months[m as usize - 1] += 1;
        }
        let at = years
            .iter()
            .position(|y| y.year > year)
            .unwrap_or(years.len());
        years.insert(at, Shelved { year, months });
    }
    years
}

/// Writes the index of the diary.
pub fn store_index(diary: &DiaryState) -> Effect {
    Effect::Store {
        key: codec::DIARY_KEY,
        text: encode_index(&index_of(diary)),
    }
}

fn of_year<'a>(list: &[(i32, Vec<&'a Entry>)], year: i32) -> Vec<&'a Entry> {
    list.iter()
        .find(|(y, _)| *y == year)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

/// What to write after the diary changed from `before` to `after`: each year
/// whose entries changed (removed when it has none left), and the index. Years
/// only read (moved off the shelf) are not written.
pub fn save(before: &DiaryState, after: &DiaryState, fx: &mut Vec<Effect>) {
    if before == after {
        return;
    }
    let b = by_year(&before.entries);
    let a = by_year(&after.entries);
    let mut changed = false;
    let mut years: Vec<i32> = b.iter().chain(&a).map(|(y, _)| *y).collect();
    years.extend(before.shelf.iter().map(|y| y.year));
    diary::heapsort(&mut years, |x, y| x < y);
    years.dedup();
    for year in years {
        if after.shelved(year) {
            continue;
        }
        let (was, now) = (of_year(&b, year), of_year(&a, year));
        let only_read = was.is_empty() && before.shelved(year) && !now.is_empty();
        if only_read || (was == now && !(before.shelved(year) && now.is_empty())) {
            continue;
        }
        changed = true;
        if now.is_empty() {
            fx.push(Effect::RemoveAt(year_key(year)));
        } else {
            fx.push(store_year(year, &now));
        }
    }
    if changed {
        fx.push(if after.entries.is_empty() && after.shelf.is_empty() {
            Effect::Remove(codec::DIARY_KEY)
        } else {
            store_index(after)
        });
    }
}
