//! The diary kept by year (src/diary_store.rs): what start-up reads, what a
//! change writes, the upgrade of a whole diary, damaged years, export and
//! import of every year. A map stands for localStorage; `boot` and `send` do
//! what the shell does (src/app/effects.rs `read_boot`, src/app/diary_store.rs).

mod common;

use common::entry;
use cramp_core::codec;
use cramp_core::content::{embedded, Content};
use cramp_core::diary::{self, Entry, Month};
use cramp_core::diary_store::{self, YearText};
use cramp_core::journey::{reduce, Action, Boot, Effect, Export, Host, Notice, Raw, State};
use cramp_core::json::parse;
use std::collections::BTreeMap;

type Store = BTreeMap<String, String>;

const DAY: i64 = 86_400_000;
const OFF: i32 = 480;

fn content() -> &'static Content {
    embedded()
}

/// Wednesday 25 November 2026, 21:30 in Beijing.
fn now() -> (i64, i32) {
    (
        diary::days_from_civil(2026, 11, 25) * DAY + (21 * 60 + 30 - i64::from(OFF)) * 60_000,
        OFF,
    )
}

/// `n` entries, one a night at 03:00 local time, the last one last night; every
/// seventh in another offset, so some fall on another local day.
fn nightly(n: usize) -> Vec<Entry> {
    let last = diary::last_night(now().0, OFF);
    let mut v: Vec<Entry> = (0..n)
        .map(|i| {
            let off = if i % 7 == 0 { -300 } else { OFF };
            entry(&format!("n{i}"), last - (n - 1 - i) as i64 * DAY, off)
        })
        .collect();
    diary::sort(&mut v);
    v
}

fn apply(store: &mut Store, fx: &[Effect]) {
    for e in fx {
        match e {
            Effect::Store { key, text } => {
                store.insert(key.to_string(), text.clone());
            }
            Effect::StoreAt { key, text } => {
                store.insert(key.clone(), text.clone());
            }
            Effect::Remove(key) => {
                store.remove(*key);
            }
            Effect::RemoveAt(key) => {
                store.remove(key);
            }
            Effect::RemovePrefix(p) => store.retain(|k, _| !k.starts_with(p)),
            _ => {}
        }
    }
}

/// The diary's keys written (`-`: removed), in order.
fn writes(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Store { key, .. } => Some(key.to_string()),
            Effect::StoreAt { key, .. } => Some(key.clone()),
            Effect::Remove(key) => Some(format!("-{key}")),
            Effect::RemoveAt(key) => Some(format!("-{key}")),
            _ => None,
        })
        .filter(|k| k.trim_start_matches('-').starts_with(codec::DIARY_KEY))
        .collect()
}

fn raw(store: &Store, key: &str) -> Option<Raw> {
    store.get(key).map(|t| Raw {
        text: t.clone(),
        parsed: parse(t),
    })
}

fn read_years(store: &Store, years: &[i32]) -> Vec<YearText> {
    years
        .iter()
        .map(|y| match store.get(&diary_store::year_key(*y)) {
            Some(text) => YearText::read(*y, text.clone(), parse),
            None => YearText::missing(*y),
        })
        .collect()
}

/// Start-up as the shell does it; the storage after its effects.
fn boot(store: &mut Store) -> (State, Vec<Effect>) {
    let diary = raw(store, codec::DIARY_KEY);
    let diary_own = store
        .get(codec::DIARY_KEY)
        .and_then(|t| codec::read_own_diary(t));
    let keys: Vec<i32> = store
        .keys()
        .filter_map(|k| diary_store::year_of_key(k))
        .collect();
    let wanted = diary_store::boot_years(diary.as_ref(), &keys, now());
    let b = Boot {
        diary,
        diary_own,
        diary_v1: raw(store, codec::DIARY_KEY_V1),
        diary_years: read_years(store, &wanted),
        diary_keys: keys,
        ..Boot::default()
    };
    let (s, fx) = reduce(
        content(),
        State::new(Host::default()),
        Action::Boot(Box::new(b), now()),
    );
    apply(store, &fx);
    (s, fx)
}

/// An action as the shell sends it: the years it needs read first.
fn send(store: &mut Store, s: State, a: Action) -> (State, Vec<Effect>) {
    let years = diary_store::years_needed(&s.diary, &a);
    let a = if years.is_empty() {
        a
    } else {
        Action::WithDiaryYears(read_years(store, &years), Box::new(a))
    };
    let (s, fx) = reduce(content(), s, a);
    apply(store, &fx);
    (s, fx)
}

/// Every entry in storage, from every year's key, in diary order.
fn all_stored(store: &Store) -> Vec<Entry> {
    let mut out = Vec::new();
    for (k, text) in store {
        if let Some(year) = diary_store::year_of_key(k) {
            let d = codec::decode_diary(parse(text)).expect("a year reads");
            assert_eq!(d.dropped, 0);
            assert!(d.value.iter().all(|e| diary_store::year_of(e) == year));
            out.extend(d.value);
        }
    }
    diary::sort(&mut out);
    out
}

fn exported(store: &mut Store, s: State) -> (State, Vec<Entry>) {
    let (s, fx) = send(store, s, Action::Export(Export::Json, now(), "test"));
    let Some(Effect::Download { text, .. }) = fx.last() else {
        panic!("a download: {fx:?}")
    };
    let file =
        codec::decode_export(content(), text.len(), parse(text)).expect("the export reads back");
    (s, file.value.entries)
}

fn upgraded(n: usize) -> (Store, Vec<Entry>) {
    let all = nightly(n);
    let mut store = Store::new();
    store.insert(codec::DIARY_KEY.into(), codec::encode_diary(&all));
    let (s, _) = boot(&mut store);
    assert_eq!(
        *s.diary.entries, all,
        "the upgrade keeps every entry in view"
    );
    (store, all)
}

#[test]
fn a_whole_diary_is_split_into_years_on_first_read_and_nothing_is_lost() {
    let (mut store, all) = upgraded(1000);
    // 2024, 2025, 2026 (and a few from 2023): a key each, and the index.
    let years: Vec<i32> = store
        .keys()
        .filter_map(|k| diary_store::year_of_key(k))
        .collect();
    assert_eq!(years, vec![2024, 2025, 2026]);
    assert_eq!(all_stored(&store), all);
    let index = diary_store::decode_index(&parse(&store[codec::DIARY_KEY])).expect("an index");
    assert_eq!(
        index
            .iter()
            .map(|y| y.months.iter().sum::<u32>())
            .sum::<u32>(),
        1000
    );

    // The next start reads the index and the years from last year on, writes nothing.
    let (s, fx) = boot(&mut store);
    assert!(writes(&fx).is_empty(), "{:?}", writes(&fx));
    assert_eq!(
        s.diary.shelf.iter().map(|y| y.year).collect::<Vec<_>>(),
        vec![2024]
    );
    assert!(s.diary.entries.len() < 700, "two years read, not three");
    // What the diary shows is the same as with every entry read.
    let (ms, off) = now();
    let from = diary::recent_from(ms, off);
    assert_eq!(s.diary.summarize(ms, off), diary::summarize(&all, ms, off));
    assert!(s.diary.summarize(ms, off).trend_known);
    assert_eq!(s.diary.older_months(from), diary::older_months(&all, from));

    // An export reads the rest first and holds every entry.
    let (s, out) = exported(&mut store, s);
    assert_eq!(out, all);
    assert!(s.diary.shelf.is_empty());
}

#[test]
fn a_version_1_diary_under_its_old_key_is_split_too() {
    let all = nightly(400);
    let list: Vec<serde_json::Value> = all
        .iter()
        .map(|e| serde_json::from_str(&e.to_json().write()).unwrap())
        .collect();
    let v1 = serde_json::json!({"version": 1, "entries": list}).to_string();
    let mut store = Store::new();
    store.insert(codec::DIARY_KEY_V1.into(), v1);
    let (s, _) = boot(&mut store);
    assert_eq!(*s.diary.entries, all);
    assert!(!store.contains_key(codec::DIARY_KEY_V1), "the old key goes");
    assert_eq!(all_stored(&store), all);
    let (s, _) = boot(&mut store);
    let (_, out) = exported(&mut store, s);
    assert_eq!(out, all);
}

#[test]
fn a_log_an_edit_and_a_delete_rewrite_only_their_year_and_the_index() {
    let (mut store, all) = upgraded(1000);
    let (s, _) = boot(&mut store);
    let (ms, off) = now();
    let e = entry("new", ms - 60_000, off);
    let (s, fx) = send(&mut store, s, Action::Log(e.clone(), now()));
    assert_eq!(
        writes(&fx),
        vec![
            "cramp-check/diary/2026".to_string(),
            codec::DIARY_KEY.into()
        ]
    );
    let (s, fx) = send(
        &mut store,
        s,
        Action::DeleteEntry(all[999].id.clone(), now()),
    );
    assert_eq!(
        writes(&fx),
        vec![
            "cramp-check/diary/2026".to_string(),
            codec::DIARY_KEY.into()
        ]
    );
    // An entry of 2024 (its month opened) moved to a day of 2025: both years are written.
    let old = all
        .iter()
        .find(|x| diary_store::year_of(x) == 2024)
        .unwrap();
    let mut moved = old.clone();
    moved.at_ms += 400 * DAY;
    assert_eq!(diary_store::year_of(&moved), 2025);
    let (s, _) = send(&mut store, s, Action::OpenDiary);
    let (s, fx) = send(
        &mut store,
        s,
        Action::OpenMonth(Some(Month::of_day(old.local_day()))),
    );
    assert!(writes(&fx).is_empty(), "reading writes nothing");
    let (s, _) = send(&mut store, s, Action::EditEntry(Some(old.id.clone())));
    let (_, fx) = send(&mut store, s, Action::SaveEntry(moved.clone(), now()));
    let w = writes(&fx);
    assert!(w.contains(&"cramp-check/diary/2024".to_string()), "{w:?}");
    assert!(w.contains(&"cramp-check/diary/2025".to_string()), "{w:?}");
    let mut want: Vec<Entry> = all[..999]
        .iter()
        .filter(|x| x.id != old.id)
        .cloned()
        .chain([e, moved])
        .collect();
    diary::sort(&mut want);
    assert_eq!(all_stored(&store), want);
    let (s, _) = boot(&mut store);
    let (_, out) = exported(&mut store, s);
    assert_eq!(out, want);
}

#[test]
fn an_older_month_is_read_when_opened() {
    let (mut store, all) = upgraded(1000);
    let (s, _) = boot(&mut store);
    let month = Month {
        year: 2024,
        month: 3,
    };
    assert!(s.diary.shelved(2024));
    let (s, _) = send(&mut store, s, Action::OpenDiary);
    let (s, fx) = send(&mut store, s, Action::OpenMonth(Some(month)));
    assert!(writes(&fx).is_empty(), "reading writes nothing");
    assert!(!s.diary.shelved(2024));
    let (ms, off) = now();
    let from = diary::recent_from(ms, off);
    let listed = diary::month_entries(&s.diary.entries, month, from);
    let want = diary::month_entries(&all, month, from);
    assert_eq!(listed, want);
    assert!(listed.len() >= 28);
    assert_eq!(s.ui.diary_month, Some(month));
}

#[test]
fn an_import_merges_into_the_years_and_an_export_holds_them_all() {
    let (mut store, all) = upgraded(1000);
    let (s, _) = boot(&mut store);
    // A file with two old entries (one already here) and one of 2019.
    let old = entry("far", diary::days_from_civil(2019, 6, 1) * DAY, OFF);
    let file = vec![all[3].clone(), old.clone()];
    let text = codec::encode_export(&Default::default(), &file, now().0, OFF, "test");
    let (s, fx) = send(
        &mut store,
        s,
        Action::Import(text.len(), parse(&text), now()),
    );
    assert_eq!(
        s.ui.notice,
        Some(Notice::Imported {
            added: 1,
            duplicates: 1,
            dropped: 0
        })
    );
    assert_eq!(
        writes(&fx),
        vec![
            "cramp-check/diary/2019".to_string(),
            codec::DIARY_KEY.into()
        ]
    );
    let mut want = all.clone();
    want.push(old);
    diary::sort(&mut want);
    assert_eq!(all_stored(&store), want);
    let (s, _) = boot(&mut store);
    let (_, out) = exported(&mut store, s);
    assert_eq!(out, want);
}

#[test]
fn a_damaged_year_is_set_aside_with_a_notice_and_the_others_load() {
    for (year, damage) in [(2026, "{\"format\":\"cramp-ch"), (2024, "[1,2,3]")] {
        let (mut store, all) = upgraded(1000);
        let key = diary_store::year_key(year);
        store.insert(key.clone(), damage.into());
        let (s, _) = boot(&mut store);
        // 2026 is read at start; 2024 when everything is needed.
        let (s, out) = exported(&mut store, s);
        assert_eq!(s.ui.notice, Some(Notice::DiaryUnreadable), "{year}");
        let want: Vec<Entry> = all
            .iter()
            .filter(|e| diary_store::year_of(e) != year)
            .cloned()
            .collect();
        assert_eq!(out, want, "{year}: every other year is there");
        assert_eq!(
            store
                .get(&diary_store::year_aside_key(year))
                .map(String::as_str),
            Some(damage),
            "kept as it was"
        );
        assert!(!store.contains_key(&key), "not read again");
        let (s, fx) = boot(&mut store);
        assert!(writes(&fx).is_empty());
        assert_eq!(s.ui.notice, None);
    }
}

#[test]
fn a_year_with_a_damaged_entry_keeps_the_others() {
    let (mut store, all) = upgraded(1000);
    let key = diary_store::year_key(2026);
    let text = store[&key].replacen("\"leg\":\"left\"", "\"leg\":\"elbow\"", 1);
    store.insert(key.clone(), text.clone());
    let (s, _) = boot(&mut store);
    assert_eq!(s.ui.notice, Some(Notice::DiaryPartial(1)));
    assert_eq!(store[&diary_store::year_aside_key(2026)], text);
    assert_eq!(all_stored(&store).len(), 999);
    let (s, _) = boot(&mut store);
    let (_, out) = exported(&mut store, s);
    assert_eq!(out.len(), 999);
    assert!(out.iter().all(|e| all.contains(e)));
}

#[test]
fn a_damaged_or_missing_index_is_rebuilt_from_the_years() {
    for index in [
        Some("not json"),
        Some("{\"format\":\"cramp-check-diary-index\",\"version\":1,\"years\":7}"),
        None,
    ] {
        let (mut store, all) = upgraded(1000);
        match index {
            Some(t) => store.insert(codec::DIARY_KEY.into(), t.into()),
            None => store.remove(codec::DIARY_KEY),
        };
        let (s, fx) = boot(&mut store);
        assert_eq!(*s.diary.entries, all, "{index:?}: every year read");
        assert_eq!(
            writes(&fx).last().map(String::as_str),
            Some(codec::DIARY_KEY)
        );
        assert!(diary_store::decode_index(&parse(&store[codec::DIARY_KEY])).is_some());
        let (s, _) = boot(&mut store);
        assert!(s.diary.shelved(2024), "{index:?}: lazy again");
    }
}

#[test]
fn deleting_everything_removes_every_year() {
    let (mut store, _) = upgraded(1000);
    store.insert(diary_store::year_aside_key(2020), "x".into());
    let (s, _) = boot(&mut store);
    let (s, _) = send(&mut store, s, Action::AskDelete);
    let (s, _) = send(&mut store, s, Action::DeleteAll);
    assert!(
        store.keys().all(|k| !k.starts_with("cramp-check/diary")),
        "{:?}",
        store.keys().collect::<Vec<_>>()
    );
    assert!(s.diary.is_empty());
}

#[test]
fn year_keys_are_exactly_four_digits() {
    assert_eq!(
        diary_store::year_of_key("cramp-check/diary/2025"),
        Some(2025)
    );
    for k in [
        "cramp-check/diary",
        "cramp-check/diary/v1",
        "cramp-check/diary/unreadable",
        "cramp-check/diary/unreadable/2025",
        "cramp-check/diary/20251",
        "cramp-check/diary/-202",
    ] {
        assert_eq!(diary_store::year_of_key(k), None, "{k}");
    }
}

#[test]
fn a_year_gone_from_storage_does_not_hold_up_an_export() {
    let (mut store, all) = upgraded(1000);
    let (s, _) = boot(&mut store);
    store.remove(&diary_store::year_key(2024));
    let (s, out) = exported(&mut store, s);
    assert!(s.diary.shelf.is_empty());
    let want: Vec<Entry> = all
        .into_iter()
        .filter(|e| diary_store::year_of(e) != 2024)
        .collect();
    assert_eq!(out, want);
}
