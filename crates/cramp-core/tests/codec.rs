//! The codec: every stored and exported format round-trips, names itself and its
//! version, upgrades version 1 instead of discarding it, drops damaged parts one
//! by one, and refuses what it cannot read with one error type that keeps its cause.

mod common;

use common::entry;

use common::j;
use cramp_core::codec::*;
use cramp_core::content::{embedded, Content, Lang};
use cramp_core::diary::*;
use cramp_core::engine::{parse_answers, Answers, Value};
use cramp_core::json::{self, Json};
use proptest::prelude::*;
use serde_json::json;

const DAY: i64 = 86_400_000;

fn content() -> &'static Content {
    embedded()
}

fn at(y: i32, m: u32, d: u32, h: i64, min: i64, off: i32) -> i64 {
    days_from_civil(y, m, d) * DAY + h * 3_600_000 + min * 60_000 - i64::from(off) * 60_000
}

fn sample_entries() -> Vec<Entry> {
    let mut a = entry("a", at(2026, 11, 20, 3, 0, 480), 480);
    a.leg = Leg::Both;
    a.duration = Duration::Over10MinNotEasing;
    a.severity = 10;
    a.numb_after = true;
    a.activity = Some("睡觉 \"quoted\" \\ \u{2028} </script>".into());
    let mut b = entry("b", at(2026, 11, 18, 23, 5, -300), -300);
    b.leg = Leg::Right;
    b.duration = Duration::Under10Min;
    b.severity = 0;
    b.woke = false;
    let c = entry("c", at(2026, 3, 29, 23, 30, 120), 120);
    vec![a, b, c]
}

fn sorted(mut v: Vec<Entry>) -> Vec<Entry> {
    sort(&mut v);
    v
}

fn sample_answers() -> Answers {
    let (a, ignored) = parse_answers(
        content(),
        &j(&json!({
            "ces_bladder": "no",
            "ces_saddle_numbness": "not_sure",
            "frequency": "more_than_3_weekly",
            "frequency_rising": true,
            "location": ["calf", "foot"],
            "eased_by_stretching": false,
        })),
    );
    assert!(ignored.is_empty(), "{ignored:?}");
    a
}

fn parse(text: &str) -> Result<Json, json::ParseError> {
    json::parse(text)
}

fn sample_progress() -> Progress {
    Progress {
        lang: Some(Lang::En),
        large_text: true,
        screen: Some("cramps".into()),
        answers: sample_answers(),
        from_diary: vec!["frequency".into()],
    }
}

// ---------------------------------------------------------------- the JSON writer

#[test]
fn the_writer_escapes_everything_a_parser_must_read_back() {
    let tricky =
        "引号\" backslash\\ newline\n tab\t nul\u{0} \u{1f} sep\u{2028}\u{2029} </script> é 😀";
    let v = cramp_core::obj! { "s": tricky, "n": -9_007_199_254_740_993i64, "t": true, "z": Json::Null };
    for text in [v.write(), v.write_pretty()] {
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back["s"], tricky);
        assert_eq!(back["n"], -9_007_199_254_740_993i64);
        assert_eq!(json::parse(&text).unwrap(), v);
        assert!(!text.contains('\u{2028}'));
    }
    assert_eq!(Json::Fraction.write(), "null");
    assert_eq!(json::parse("2.5").unwrap(), Json::Fraction);
    assert_eq!(json::parse("1e3").unwrap(), Json::Fraction);
}

// ---------------------------------------------------------------- progress

#[test]
fn progress_round_trips_and_names_its_format_and_version() {
    let c = content();
    let p = sample_progress();
    let text = encode_progress(&p);
    let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(raw["format"], "cramp-check-progress");
    assert_eq!(raw["version"], 2);
    let back = decode_progress(c, parse(&text)).expect("reads");
    assert_eq!(back.value, p);
    assert_eq!((back.upgraded_from, back.dropped), (None, 0));
    // A language the person never chose is saved as such.
    let mut none = p.clone();
    none.lang = None;
    assert_eq!(
        decode_progress(c, parse(&encode_progress(&none)))
            .unwrap()
            .value
            .lang,
        None
    );
}

#[test]
fn progress_version_1_is_upgraded_not_discarded() {
    let c = content();
    // Exactly what version 1 wrote (src/app/storage.rs before the codec).
    let v1 = r#"{"version":1,"lang":"en","large_text":true,"screen":"cramps","answers":{"ces_bladder":"no","frequency":"nightly"},"from_diary":["frequency"]}"#;
    let back = decode_progress(c, parse(v1)).expect("upgraded");
    assert_eq!(back.upgraded_from, Some(1));
    assert_eq!(back.dropped, 0);
    assert_eq!(
        back.value.lang,
        Some(Lang::En),
        "the language shown is kept"
    );
    assert!(back.value.large_text);
    assert_eq!(back.value.screen.as_deref(), Some("cramps"));
    assert_eq!(
        back.value.answers.get("frequency"),
        Some(&Value::One("nightly".into()))
    );
    assert_eq!(back.value.from_diary, ["frequency"]);
}

#[test]
fn progress_that_no_longer_fits_is_read_in_part_and_counted() {
    let c = content();
    let text = json!({
        "format": "cramp-check-progress", "version": 2,
        "screen": "no_such_step",
        "answers": {"frequency": "hourly", "no_such_question": true, "ces_bowel": "no"},
        "from_diary": ["frequency", "ces_bowel", 7],
    })
    .to_string();
    let back = decode_progress(c, parse(&text)).expect("partly read");
    assert_eq!(back.dropped, 3, "two answers and the screen");
    assert_eq!(back.value.screen, None);
    assert_eq!(back.value.answers.0.len(), 1);
    assert_eq!(back.value.from_diary, ["ces_bowel"]);
}

#[test]
fn unreadable_progress_is_one_error_that_keeps_its_cause() {
    let c = content();
    for (text, kind) in [
        ("", ErrorKind::NotJson),
        ("{", ErrorKind::NotJson),
        ("[]", ErrorKind::NotAnObject),
        ("42", ErrorKind::NotAnObject),
        (r#"{"answers": {}}"#, ErrorKind::UnknownVersion),
        (r#"{"version": 0}"#, ErrorKind::UnknownVersion),
        (r#"{"version": "1"}"#, ErrorKind::UnknownVersion),
        (
            r#"{"format": "cramp-check-progress", "version": 3}"#,
            ErrorKind::NewerVersion,
        ),
        (
            r#"{"format": "cramp-check-diary", "version": 2}"#,
            ErrorKind::OtherFormat,
        ),
    ] {
        let e = decode_progress(c, parse(text)).expect_err(text);
        assert_eq!((e.format, e.kind), (Format::Progress, kind), "{text:?}");
    }
    let e = decode_progress(c, parse("{not json")).unwrap_err();
    let cause = std::error::Error::source(&e).expect("the parser's words are kept");
    assert!(!cause.to_string().is_empty());
    assert!(e
        .to_string()
        .starts_with("cramp-check-progress: not_json: "));
}

// ---------------------------------------------------------------- diary

#[test]
fn the_diary_round_trips_and_version_1_is_upgraded() {
    let entries = sample_entries();
    let back = decode_diary(parse(&encode_diary(&entries))).expect("reads");
    assert_eq!(
        (back.value, back.dropped, back.upgraded_from),
        (sorted(entries.clone()), 0, None)
    );
    let v1 = json!({"version": 1, "entries": entries.iter().map(|e| serde_json::from_str::<serde_json::Value>(&e.to_json().write()).unwrap()).collect::<Vec<_>>()}).to_string();
    let back = decode_diary(parse(&v1)).expect("upgraded");
    assert_eq!(back.upgraded_from, Some(1));
    assert_eq!(back.value, sorted(entries));
    assert_eq!(
        decode_diary(parse(&encode_diary(&[]))).unwrap().value,
        vec![]
    );
}

#[test]
fn damaged_entries_are_dropped_and_counted_and_the_rest_kept() {
    let good = sample_entries();
    let g: Vec<serde_json::Value> = good
        .iter()
        .map(|e| serde_json::from_str(&e.to_json().write()).unwrap())
        .collect();
    let with = |k: &str, v: serde_json::Value| {
        let mut x = g[0].clone();
        x[k] = v;
        x
    };
    let without = |k: &str| {
        let mut x = g[0].clone();
        x.as_object_mut().unwrap().remove(k);
        x
    };
    let damaged = vec![
        with("severity", json!("5")),
        with("severity", json!(11)),
        with("severity", json!(-1)),
        with("severity", json!(2.5)),
        with("leg", json!("middle")),
        with("duration", json!("forever")),
        with("id", json!("")),
        with("id", json!(7)),
        with("at_ms", json!("yesterday")),
        with("at_ms", json!(i64::MAX)),
        with("offset_min", json!(2000)),
        with("offset_min", json!(1e12)),
        with("woke", json!("yes")),
        with("activity", json!(42)),
        without("id"),
        without("at_ms"),
        without("leg"),
        json!(null),
        json!("a string"),
        json!([1, 2]),
        g[1].clone(), // a repeated id
    ];
    let n_damaged = damaged.len();
    let mut list = g.clone();
    list.extend(damaged);
    let text = json!({"format": "cramp-check-diary", "version": 2, "entries": list}).to_string();
    let back = decode_diary(parse(&text)).expect("partly read");
    assert_eq!(back.dropped, n_damaged);
    assert_eq!(back.value, sorted(good.clone()));
    // Optional fields may be missing; extra fields are ignored.
    let mut minimal = without("woke");
    minimal.as_object_mut().unwrap().remove("activity");
    minimal["id"] = json!("minimal");
    minimal["extra"] = json!({"x": 1});
    let back = decode_diary(parse(
        &json!({"format": "cramp-check-diary", "version": 2, "entries": [minimal]}).to_string(),
    ))
    .unwrap();
    assert_eq!(back.dropped, 0);
    assert!(!back.value[0].woke && back.value[0].activity.is_none());
}

#[test]
fn an_unreadable_diary_is_refused_whole_with_its_reason() {
    for (text, kind) in [
        ("", ErrorKind::NotJson),
        ("not json", ErrorKind::NotJson),
        ("[]", ErrorKind::NotAnObject),
        ("null", ErrorKind::NotAnObject),
        (r#"{"entries": []}"#, ErrorKind::UnknownVersion),
        (
            r#"{"version": 0, "entries": []}"#,
            ErrorKind::UnknownVersion,
        ),
        (
            r#"{"version": "1", "entries": []}"#,
            ErrorKind::UnknownVersion,
        ),
        (
            r#"{"format": "cramp-check-diary", "version": 9, "entries": []}"#,
            ErrorKind::NewerVersion,
        ),
        (r#"{"version": 1}"#, ErrorKind::Damaged),
        (r#"{"version": 1, "entries": {}}"#, ErrorKind::Damaged),
        (
            r#"{"format": "cramp-check-export", "version": 2}"#,
            ErrorKind::OtherFormat,
        ),
    ] {
        let e = decode_diary(parse(text)).expect_err(text);
        assert_eq!((e.format, e.kind), (Format::Diary, kind), "{text:?}");
    }
    assert_eq!(ErrorKind::NotJson.id(), "not_json");
}

// ---------------------------------------------------------------- export and import

fn import(text: &str, entries: &[Entry], answers: &Answers) -> Result<Import, CodecError> {
    decode_export(content(), text.len(), parse(text)).map(|f| merge_import(f, entries, answers))
}

#[test]
fn export_then_import_is_the_identity() {
    let entries = sorted(sample_entries());
    let progress = sample_progress();
    let now = at(2026, 11, 21, 10, 0, 480);
    let text = encode_export(&progress, &entries, now, 480, "0.1.0");
    let file: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(file["format"], "cramp-check-export");
    assert_eq!(file["version"], 2);
    assert_eq!(file["exported"], "2026-11-21T10:00:00+08:00");
    assert_eq!(file["app_version"], "0.1.0");
    assert_eq!(file["progress"]["format"], "cramp-check-progress");
    assert_eq!(
        file["progress"]["answers"]["location"],
        json!(["calf", "foot"])
    );
    assert_eq!(file["diary"]["format"], "cramp-check-diary");
    assert_eq!(
        file["diary"]["entries"][0]["time"],
        "2026-03-29T23:30:00+02:00"
    );

    let got = import(&text, &[], &Answers::default()).expect("import");
    assert_eq!(got.entries, entries);
    assert_eq!(got.answers, Some(progress.answers.clone()));
    assert_eq!(
        (got.added, got.duplicates, got.dropped, got.ignored_answers),
        (3, 0, 0, 0)
    );
    assert!(!got.kept_current_answers);
    // Importing the same file again adds nothing.
    let again = import(&text, &got.entries, &progress.answers).expect("import");
    assert_eq!(again.entries, entries);
    assert_eq!((again.added, again.duplicates), (0, 3));
    assert_eq!(again.answers, None);
    assert!(again.kept_current_answers);
}

#[test]
fn an_export_of_version_1_is_upgraded_and_merged_without_duplicates() {
    let current = sorted(sample_entries());
    let mut same_cramp = current[1].clone();
    same_cramp.id = "other-device".into();
    same_cramp.woke = !same_cramp.woke; // same instant, leg, duration and severity
    let mut new = entry("new", at(2026, 11, 19, 3, 0, 480), 480);
    new.severity = 7;
    let mut new_twice = new.clone();
    new_twice.id = "new-again".into();
    let mut file_entries: Vec<serde_json::Value> =
        [current[0].clone(), same_cramp, new.clone(), new_twice]
            .iter()
            .map(|e| serde_json::from_str(&e.to_json().write()).unwrap())
            .collect();
    file_entries.push(json!({"id": "broken", "severity": 99}));
    // Exactly the shape version 1 wrote.
    let text = json!({
        "format": "cramp-check-export", "version": 1,
        "exported": "2026-11-21T10:00:00+08:00", "app_version": "0.1.0",
        "answers": {"frequency": "nightly", "no_such_question": true},
        "diary": file_entries,
    })
    .to_string();
    let file = decode_export(content(), text.len(), parse(&text)).expect("upgraded");
    assert_eq!(file.upgraded_from, Some(1));
    let current_answers = sample_answers();
    let got = merge_import(file, &current, &current_answers);
    assert_eq!((got.added, got.duplicates, got.dropped), (1, 3, 1));
    let mut expected = current.clone();
    expected.push(new);
    assert_eq!(got.entries, sorted(expected));
    assert_eq!(got.answers, None, "current answers are kept");
    assert!(got.kept_current_answers);
    assert_eq!(got.ignored_answers, 1);
    // With no current answers the file's are taken.
    let got = import(&text, &current, &Answers::default()).expect("import");
    assert_eq!(
        got.answers.expect("answers").get("frequency"),
        Some(&Value::One("nightly".into()))
    );
}

#[test]
fn bad_files_are_refused_and_nothing_changes() {
    let current = sorted(sample_entries());
    let answers = sample_answers();
    for (text, kind) in [
        ("", ErrorKind::NotJson),
        ("{\"format\":", ErrorKind::NotJson),
        ("<html></html>", ErrorKind::NotJson),
        ("[]", ErrorKind::NotAnObject),
        ("\"cramp-check-export\"", ErrorKind::NotAnObject),
        (r#"{"version": 1, "diary": []}"#, ErrorKind::OtherFormat),
        (
            r#"{"format": "other", "version": 1, "diary": []}"#,
            ErrorKind::OtherFormat,
        ),
        (
            r#"{"format": "cramp-check-export", "diary": []}"#,
            ErrorKind::UnknownVersion,
        ),
        (
            r#"{"format": "cramp-check-export", "version": 0, "diary": []}"#,
            ErrorKind::UnknownVersion,
        ),
        (
            r#"{"format": "cramp-check-export", "version": "1", "diary": []}"#,
            ErrorKind::UnknownVersion,
        ),
        (
            r#"{"format": "cramp-check-export", "version": 1, "diary": {}}"#,
            ErrorKind::Damaged,
        ),
        (
            r#"{"format": "cramp-check-export", "version": 2, "diary": {"entries": 3}}"#,
            ErrorKind::Damaged,
        ),
        (
            r#"{"format": "cramp-check-export", "version": 3, "diary": []}"#,
            ErrorKind::NewerVersion,
        ),
        // A stored diary is not an export.
        (r#"{"version": 1, "entries": []}"#, ErrorKind::OtherFormat),
        (
            r#"{"format": "cramp-check-diary", "version": 2, "entries": []}"#,
            ErrorKind::OtherFormat,
        ),
    ] {
        let e = import(text, &current, &answers).expect_err(text);
        assert_eq!((e.format, e.kind), (Format::Export, kind), "{text:?}");
    }
    // A valid export padded past the size limit is refused unread.
    let padded = format!(
        "{{\"format\": \"cramp-check-export\", \"version\": 2, \"pad\": \"{}\"}}",
        " ".repeat(MAX_IMPORT_BYTES)
    );
    assert_eq!(
        import(&padded, &current, &answers).unwrap_err().kind,
        ErrorKind::TooLarge
    );
    assert_eq!(
        check_import_size(MAX_IMPORT_BYTES + 1).unwrap_err().kind,
        ErrorKind::TooLarge
    );
    assert!(check_import_size(MAX_IMPORT_BYTES).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn no_string_makes_reading_panic(text in any::<String>()) {
        if let Ok(d) = decode_diary(parse(&text)) {
            prop_assert!(d.value.iter().all(Entry::is_valid));
        }
        let _ = decode_progress(content(), parse(&text));
        let _ = import(&text, &[], &Answers::default());
    }

    /// Damaged copies of real files: a slice of the text replaced with anything.
    #[test]
    fn damaged_files_never_panic_and_keep_only_valid_entries(
        cut in 0usize..2000,
        len in 0usize..40,
        junk in "[\\[\\]{}\",:0-9a-z\\-. ]{0,12}",
    ) {
        let entries = sample_entries();
        let stored = encode_diary(&entries);
        let exported = encode_export(&sample_progress(), &entries, 0, 0, "x");
        for text in [stored, exported] {
            let mut chars: Vec<char> = text.chars().collect();
            let from = cut % (chars.len() + 1);
            let to = (from + len).min(chars.len());
            chars.splice(from..to, junk.chars());
            let damaged: String = chars.into_iter().collect();
            if let Ok(d) = decode_diary(parse(&damaged)) {
                prop_assert!(d.value.iter().all(Entry::is_valid));
                prop_assert!(d.value.len() + d.dropped <= entries.len() + 2);
            }
            if let Ok(got) = import(&damaged, &[], &Answers::default()) {
                prop_assert!(got.entries.iter().all(Entry::is_valid));
                prop_assert_eq!(got.added, got.entries.len());
            }
        }
    }
}

// ---------------------------------------------------------------- a diary of years (issue 24)

/// `n` entries one a night, some with activity text that needs escaping.
fn years_of_entries(n: usize, tag: &str) -> Vec<Entry> {
    let start = at(1999, 1, 1, 3, 0, 480);
    (0..n)
        .map(|i| {
            let mut e = common::entry(&format!("{tag}{i}"), start + i as i64 * DAY, 480);
            e.leg = Leg::ALL[i % 3];
            e.severity = (i % 11) as u8;
            e.numb_after = i % 2 == 0;
            if i % 7 == 0 {
                e.activity = Some(format!("walking \"far\"\u{2028}\\ 走路 {i}"));
            }
            e
        })
        .collect()
}

#[test]
fn the_stored_diary_is_written_exactly_as_its_tree_would_be() {
    let entries = years_of_entries(500, "w");
    let tree = cramp_core::obj! {
        "format": "cramp-check-diary",
        "version": 2i64,
        "entries": Json::Array(entries.iter().map(Entry::to_json).collect()),
    };
    assert_eq!(encode_diary(&entries), tree.write());
    assert_eq!(
        encode_diary(&[]),
        r#"{"format":"cramp-check-diary","version":2,"entries":[]}"#
    );
}

#[test]
fn ten_thousand_entries_round_trip_and_repeated_ids_are_still_dropped() {
    let entries = years_of_entries(10_000, "t");
    let text = encode_diary(&entries);
    let back = decode_diary(parse(&text)).expect("reads");
    assert_eq!((back.value.len(), back.dropped), (10_000, 0));
    assert_eq!(back.value, entries);
    // A repeated id anywhere is dropped, the first one kept, wherever it is.
    let mut with_repeats = entries.clone();
    let mut again = entries[9_000].clone();
    again.severity = 0;
    with_repeats.insert(3, again);
    with_repeats.push(entries[12].clone());
    let text = encode_diary(&with_repeats);
    let back = decode_diary(parse(&text)).expect("reads");
    assert_eq!(back.dropped, 2);
    assert_eq!(back.value.len(), 10_000);
    let kept = back.value.iter().find(|e| e.id == "t9000").unwrap();
    assert_eq!(
        kept.severity, 0,
        "the first of two entries with one id is kept"
    );
}

#[test]
fn importing_years_into_years_adds_only_what_is_new() {
    let current = years_of_entries(6_000, "a");
    // The file: 4,000 of the current ones (same ids), 3,000 new nights, a
    // current cramp under a new id, one of its own under a new id, and a
    // repeated id (dropped as damaged when the file is read).
    let mut file_entries: Vec<Entry> = current[2_000..].to_vec();
    let later = at(2020, 1, 1, 3, 0, 480);
    for i in 0..3_000 {
        file_entries.push(common::entry(&format!("b{i}"), later + i as i64 * DAY, 480));
    }
    let mut same_cramp = current[10].clone();
    same_cramp.id = "other-id".into();
    file_entries.push(same_cramp);
    file_entries.push(file_entries[4_001].clone());
    let mut twin = file_entries[4_002].clone();
    twin.id = "twin".into();
    file_entries.push(twin);
    let text = encode_export(&Progress::default(), &file_entries, later, 480, "test");
    let got = import(&text, &current, &Answers::default()).expect("imports");
    assert_eq!((got.added, got.duplicates, got.dropped), (3_000, 4_002, 1));
    assert_eq!(got.entries.len(), 9_000);
    assert!(got
        .entries
        .windows(2)
        .all(|w| (w[0].at_ms, &w[0].id) <= (w[1].at_ms, &w[1].id)));
}

#[test]
fn the_diary_as_written_here_is_read_back_without_a_parse_and_anything_else_is_left_to_the_parser()
{
    let mut entries = years_of_entries(3_000, "f");
    entries[5].activity = Some("tab\tnew\nline \u{1F600} \u{2028} \"q\" \\ 走".into());
    entries[6].offset_min = -720;
    let text = encode_diary(&entries);
    assert_eq!(read_own_diary(&text), Some(entries.clone()));
    // The same as the general way.
    assert_eq!(decode_diary(parse(&text)).unwrap().value, entries);
    assert_eq!(read_own_diary(&encode_diary(&[])), Some(vec![]));
    // Anything else is not read here (the general way upgrades, drops and counts).
    let v1 = text.replace(
        "\"format\":\"cramp-check-diary\",\"version\":2,",
        "\"version\":1,",
    );
    let spaced = text.replacen("\"entries\":[", "\"entries\": [", 1);
    let reordered = text.replacen("{\"id\":\"f0\",\"at_ms\":", "{\"at_ms\":", 1);
    let damaged = text.replacen("\"severity\":3,", "\"severity\":30,", 1);
    let mut repeated = entries.clone();
    repeated.push(entries[0].clone());
    repeated[3_000].at_ms += 5 * DAY * 3_000;
    let mut unsorted = entries.clone();
    unsorted.swap(1, 2);
    let newer = text.replacen("\"version\":2", "\"version\":3", 1);
    let trailing = format!("{text} ");
    for (what, t) in [
        ("version 1", v1),
        ("spaces", spaced),
        ("keys in another order", reordered),
        ("a damaged entry", damaged),
        ("a repeated id", encode_diary(&repeated)),
        ("out of order", encode_diary(&unsorted)),
        ("a newer version", newer),
        ("text after it", trailing),
        ("not JSON", "{\"format\":\"cramp-check-diary\",".into()),
        ("empty", String::new()),
    ] {
        assert_eq!(read_own_diary(&t), None, "{what}");
    }
}
