//! What the browser suite used to check of pure logic, checked natively (issue 23,
//! item 6: a lean test pyramid). Each test walks the real reducer
//! (`journey::reduce`) the way a person walks the widget — only the questions the
//! screen shows (`Answers::shown`, which the shell turns into `hidden`), in page
//! order, re-read after each answer, then Next — and reads what the screen would
//! say from the core's own markup (`screens`, `view`). The browser keeps a sample
//! of each journey (tests/e2e/README.md, "What runs where").
//!
//! - every vignette of tests/vignettes.jsonl walked to its result: the level and
//!   the patterns shown are `assess`'s (was tests/e2e/vignettes.test.mjs, 147
//!   walks; the browser keeps one or two per level);
//! - each emergency sign answered "yes" or "not sure": the alert with its `tel:`
//!   link at once on the emergency step, and the result `emergency` (was
//!   emergency.test.mjs, one test per sign and value; the browser keeps one sign);
//! - Next refused while any one emergency question is unanswered (was
//!   emergency.test.mjs, one test per question);
//! - seed 001's warning signals each give `soon`, their questions shown (was
//!   journeys.test.mjs, one test per signal); a possible clot gives `urgent`;
//!   only the emergency screen answered gives what `assess` gives.

mod common;

use common::j;
use cramp_core::assess::assess_line;
use cramp_core::content::{embedded, Content, Level};
use cramp_core::engine::{parse_answers, Answers, Value};
use cramp_core::journey::{missing_on_step, reduce, Action, Host, Screen, State};
use cramp_core::{json, screens, view};
use serde_json::json;
use std::collections::BTreeSet;

fn c() -> &'static Content {
    embedded()
}

/// The typical night cramps of tests/e2e/lib.mjs (`TYPICAL`): self-care.
fn typical() -> serde_json::Value {
    json!({
        "frequency": "weekly_1_to_3", "frequency_rising": false, "duration": "under_10_min",
        "location": ["calf"], "timing": ["night_in_bed"], "eased_by_stretching": true,
        "weeks": "over_12", "pain_between_cramps": false, "sleep_lost": "wakes_me",
        "sudden_worsening": false, "numbness": ["none"], "weakness": ["none"], "tingling": false,
        "back_pain": false, "radiating_pain": false, "posture_triggers": [],
        "buttock_pain_sitting": false, "urge_to_move": false, "worse_at_rest": false,
        "relieved_by_moving": false, "worse_evening": false, "walking_pain_eases_standing": false,
        "varicose_veins": false, "medicines": ["none"], "conditions": ["none"], "age_band": "50_to_64"
    })
}

/// `base` with the keys of `extra` set over it.
fn with(base: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    let mut out = base;
    for (k, v) in extra.as_object().expect("an object") {
        out[k] = v.clone();
    }
    out
}

fn answers(v: &serde_json::Value) -> Answers {
    let (a, ignored) = parse_answers(c(), &j(v));
    assert!(ignored.is_empty(), "{ignored:?}");
    a
}

fn act(s: State, a: Action) -> State {
    reduce(c(), s, a).0
}

fn choose(q: &str, v: &str) -> Action {
    Action::Choose {
        question: q.into(),
        option: v.into(),
        checked: true,
    }
}

/// The option ids a value stands for, as the browser ticks them.
fn picks(v: &Value) -> Vec<String> {
    match v {
        Value::Bool(b) => vec![if *b { "yes" } else { "no" }.to_string()],
        Value::One(x) => vec![x.clone()],
        Value::Many(xs) => xs.clone(),
    }
}

/// The options chosen for `q` now (the inputs the shell checks).
fn chosen(s: &State, q: &str) -> Vec<String> {
    s.journey.answers.get(q).map(picks).unwrap_or_default()
}

/// The emergency step's questions that always stand on it (the browser suite's
/// `CONTENT.emergencyQuestions`): the ones a walk answers "no" when it leaves them out.
fn emergency_questions() -> Vec<&'static str> {
    c().steps[0]
        .questions
        .iter()
        .filter(|q| q.show_if.is_empty())
        .map(|q| &*q.id)
        .collect()
}

/// The questions of step `i` shown now, in page order.
fn shown_on(s: &State, i: usize) -> Vec<String> {
    let shown = s.journey.answers.shown(c());
    c().steps[i]
        .questions
        .iter()
        .filter(|q| shown.contains(&&*q.id))
        .map(|q| q.id.to_string())
        .collect()
}

/// What the walk saw: the screens in order, every question shown, the final state.
struct Walk {
    visited: Vec<String>,
    shown: BTreeSet<String>,
    state: State,
}

/// The browser suite's walk (`walkToResultFast` in tests/e2e/lib.mjs), through the
/// reducer: Start; on each step, every shown question the answers give is ticked
/// (emergency questions they leave out: "no"), re-reading what is shown after each
/// (a `show_if` question may appear), every answer given must still be chosen,
/// then Next must leave the step; Next on the review; the result.
fn walk(given: &Answers) -> Result<Walk, String> {
    let mut s = act(State::new(Host::default()), Action::Start);
    let mut visited: Vec<String> = Vec::new();
    let mut shown = BTreeSet::new();
    let emergency = emergency_questions();
    for _ in 0..50 {
        let id = s.journey.screen.id(c()).to_string();
        match s.journey.screen {
            Screen::Step(i) => {
                if visited.contains(&id) {
                    return Err(format!("the walk came back to {id}: {visited:?}"));
                }
                visited.push(id.clone());
                let mut done: Vec<String> = Vec::new();
                let mut ticked: Vec<(String, String)> = Vec::new();
                while let Some(q) = shown_on(&s, i).into_iter().find(|q| !done.contains(q)) {
                    done.push(q.clone());
                    shown.insert(q.clone());
                    let values = match given.get(&q) {
                        Some(v) => picks(v),
                        None if i == 0 && emergency.contains(&q.as_str()) => vec!["no".into()],
                        None => continue,
                    };
                    let exclusive = c().question(&q).and_then(|x| x.exclusive.clone());
                    for v in &values {
                        s = act(s, choose(&q, v));
                        // An exclusive option ("none") given with others is unticked by them.
                        if !(values.len() > 1 && exclusive.as_deref() == Some(v.as_str())) {
                            ticked.push((q.clone(), v.clone()));
                        }
                    }
                }
                let lost: Vec<String> = ticked
                    .iter()
                    .filter(|(q, v)| !chosen(&s, q).contains(v))
                    .map(|(q, v)| format!("{q}={v}"))
                    .collect();
                if !lost.is_empty() {
                    return Err(format!("{id}: not chosen after answering: {lost:?}"));
                }
                s = act(s, Action::Next);
                if s.journey.screen == Screen::Step(i) {
                    return Err(format!(
                        "{id}: Next did not leave the step (asks for {:?})",
                        missing_on_step(c(), &s.journey.answers, i)
                    ));
                }
            }
            Screen::Review => {
                visited.push(id);
                s = act(s, Action::Next);
                if s.journey.screen != Screen::Result {
                    return Err(format!("Next on the review showed {:?}", s.journey.screen));
                }
            }
            Screen::Result => {
                visited.push(id);
                return Ok(Walk {
                    visited,
                    shown,
                    state: s,
                });
            }
            other => return Err(format!("the walk reached {other:?}")),
        }
    }
    Err(format!("no result after {visited:?}"))
}

/// The level and the patterns the result screen shows: the level its `data-level`
/// carries, the patterns each `data-pattern` of the core's markup.
fn result_shown(s: &State) -> (Level, BTreeSet<String>) {
    assert_eq!(s.journey.screen, Screen::Result);
    let a = s.assessment(c());
    let html = view::patterns(c(), screens::words(s), &a).to_string();
    let patterns = html
        .split("data-pattern=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').expect("a closed attribute")].to_string())
        .collect();
    (a.level, patterns)
}

/// What `assess` gives for the same answers.
fn assessed(v: &serde_json::Value) -> (Level, BTreeSet<String>) {
    let (a, ignored) = assess_line(c(), &v.to_string()).expect("valid JSON");
    assert!(ignored.is_empty(), "{ignored:?}");
    (a.level, a.patterns.into_iter().collect())
}

// ---------------------------------------------------------------- every vignette

#[derive(serde::Deserialize)]
struct Vignette {
    id: String,
    answers: serde_json::Value,
}

/// Was tests/e2e/vignettes.test.mjs for every line: the walk shows every question
/// without a `show_if` the vignette answers, and the result shows `assess`'s level
/// and patterns for the same answers.
#[test]
fn every_vignette_walked_through_the_screens_shows_the_level_and_patterns_assess_gives() {
    common::at_root();
    let text = std::fs::read_to_string("tests/vignettes.jsonl").expect("tests/vignettes.jsonl");
    let mut failures = Vec::new();
    let mut walked = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Vignette = serde_json::from_str(line).expect("a vignette");
        let want = assessed(&v.answers);
        let w = match walk(&answers(&v.answers)) {
            Ok(w) => w,
            Err(e) => {
                failures.push(format!("{}: {e}", v.id));
                continue;
            }
        };
        walked += 1;
        let never_shown: Vec<&String> = v
            .answers
            .as_object()
            .unwrap()
            .keys()
            .filter(|q| !w.shown.contains(*q))
            .filter(|q| c().question(q).is_some_and(|x| x.show_if.is_empty()))
            .collect();
        if !never_shown.is_empty() {
            failures.push(format!(
                "{}: never shown, without a show_if: {never_shown:?}",
                v.id
            ));
        }
        let got = result_shown(&w.state);
        if got != want {
            failures.push(format!(
                "{}: the screens show {got:?}, assess {want:?}",
                v.id
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} vignette(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(walked >= 100, "only {walked} vignettes walked");
}

// ---------------------------------------------------------------- the emergency step

/// Was emergency.test.mjs, one test per sign and value: on "yes" or "not sure" the
/// alert (with its `tel:` link) is shown at once after the question, on the
/// emergency step; finishing with typical cramps for the rest gives `emergency`.
/// And "no" to every emergency question shows no alert.
#[test]
fn each_emergency_sign_on_yes_or_not_sure_raises_the_alert_at_once_and_the_result_is_emergency() {
    let signs: Vec<&str> = emergency_questions()
        .into_iter()
        .filter(|q| {
            let a = answers(&json!({ *q: "yes" }));
            cramp_core::engine::evaluate(c(), &a).level == Level::Emergency
        })
        .collect();
    assert!(signs.len() >= 6, "emergency signs: {signs:?}");
    for q in &signs {
        for value in ["yes", "not_sure"] {
            let s = act(State::new(Host::default()), Action::Start);
            let before: String = emergency_questions()
                .iter()
                .map(|x| screens::after_question(c(), &s, x).to_string())
                .collect();
            assert!(
                !before.contains("data-alert=\"emergency\""),
                "an alert before any answer"
            );
            let s = act(s, choose(q, value));
            assert_eq!(
                s.journey.screen,
                Screen::Step(0),
                "{q}={value}: still the emergency step"
            );
            let after = screens::after_question(c(), &s, q).to_string();
            assert!(
                after.contains("data-alert=\"emergency\""),
                "{q}={value}: no alert after it: {after}"
            );
            let tel = after
                .split("href=\"tel:")
                .nth(1)
                .map(|r| &r[..r.find('"').unwrap()]);
            assert!(
                tel.is_some_and(|n| (2..=15).contains(&n.trim_start_matches('+').len())
                    && n.trim_start_matches('+')
                        .chars()
                        .all(|d| d.is_ascii_digit())),
                "{q}={value}: the alert's tel: link: {after}"
            );
            let v = with(typical(), json!({ *q: value }));
            let w = walk(&answers(&v)).unwrap_or_else(|e| panic!("{q}={value}: {e}"));
            assert_eq!(result_shown(&w.state).0, Level::Emergency, "{q}={value}");
        }
    }
    let mut s = act(State::new(Host::default()), Action::Start);
    for q in emergency_questions() {
        s = act(s, choose(q, "no"));
    }
    for q in emergency_questions() {
        let after = screens::after_question(c(), &s, q).to_string();
        assert!(!after.contains("data-alert"), "{q}=no: {after}");
    }
}

/// Was emergency.test.mjs, one test per question: Next stays on the emergency step
/// (no result) while any one of its questions is unanswered, names it, and goes on
/// once it is answered.
#[test]
fn next_is_refused_while_any_one_emergency_question_is_unanswered() {
    let all = emergency_questions();
    for left in &all {
        let mut s = act(State::new(Host::default()), Action::Start);
        for q in all.iter().filter(|q| *q != left) {
            s = act(s, choose(q, "no"));
        }
        let s = act(s, Action::Next);
        assert_eq!(
            s.journey.screen,
            Screen::Step(0),
            "{left} unanswered: Next left the step"
        );
        assert!(s.ui.show_missing, "{left}: the refusal is shown");
        assert_eq!(missing_on_step(c(), &s.journey.answers, 0), vec![*left]);
        assert!(chosen(&s, left).is_empty());
        let s = act(act(s, choose(left, "no")), Action::Next);
        assert_eq!(
            s.journey.screen,
            Screen::Step(1),
            "{left} answered: Next goes on"
        );
    }
}

// ---------------------------------------------------------------- whole journeys

/// Was journeys.test.mjs, one test per signal: each of seed 001's warning signals
/// added to typical cramps gives `soon`, and each of its questions was shown.
#[test]
fn each_warning_signal_of_seed_001_gives_soon_and_its_questions_are_shown() {
    let signals = [
        (
            "signal 1: more than 3 cramps a week",
            json!({ "frequency": "more_than_3_weekly" }),
        ),
        (
            "signal 1: nearly every night",
            json!({ "frequency": "nightly" }),
        ),
        (
            "signal 1: frequency rising",
            json!({ "frequency_rising": true }),
        ),
        (
            "signal 2: numbness (outer calf and top of foot)",
            json!({ "numbness": ["outer_calf_top_of_foot"] }),
        ),
        (
            "signal 2: numbness after cramps",
            json!({ "numbness": ["after_cramps"] }),
        ),
        ("signal 2: pins and needles", json!({ "tingling": true })),
        (
            "signal 2: weakness (long-standing)",
            json!({ "weakness": ["stairs_hard"], "weakness_both_legs": "no", "weakness_onset": "weeks_or_longer" }),
        ),
        (
            "signal 3: posture-related (long sitting)",
            json!({ "posture_triggers": ["long_sitting"] }),
        ),
        (
            "signal 3: posture-related (bending)",
            json!({ "posture_triggers": ["bending"] }),
        ),
    ];
    for (name, extra) in signals {
        let v = with(typical(), extra.clone());
        let w = walk(&answers(&v)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for q in extra.as_object().unwrap().keys() {
            assert!(w.shown.contains(q), "{name}: {q} never shown");
        }
        assert_eq!(result_shown(&w.state).0, Level::Soon, "{name}");
    }
}

/// Was emergency.test.mjs and journeys.test.mjs: a possible clot gives `urgent`;
/// typical cramps give `self_care` with `typical_nlc` through every step without a
/// `show_if`, in file order; only the emergency screen answered gives what `assess`
/// gives (unanswered questions are not reported).
#[test]
fn whole_walks_give_the_level_of_their_answers() {
    let w = walk(&answers(&with(
        typical(),
        json!({ "calf_swollen_red": "yes", "clot_risks": ["none"] }),
    )))
    .unwrap();
    assert_eq!(result_shown(&w.state).0, Level::Urgent, "a possible clot");

    let w = walk(&answers(&typical())).unwrap();
    let (level, patterns) = result_shown(&w.state);
    assert_eq!(level, Level::SelfCare);
    assert!(patterns.contains("typical_nlc"), "{patterns:?}");
    let mut steps: Vec<String> = c()
        .steps
        .iter()
        .filter(|s| s.show_if.is_empty())
        .map(|s| s.id.to_string())
        .collect();
    steps.extend(["review".to_string(), "result".to_string()]);
    assert_eq!(
        w.visited, steps,
        "every step in file order, the review, the result"
    );

    let w = walk(&Answers::default()).unwrap();
    let all_no: serde_json::Map<String, serde_json::Value> = emergency_questions()
        .iter()
        .map(|q| (q.to_string(), json!("no")))
        .collect();
    assert_eq!(
        result_shown(&w.state),
        assessed(&serde_json::Value::Object(all_no))
    );
}

/// The walk itself is no rubber stamp: a hidden question's answer is never given,
/// and a walk that could not answer the emergency step would stop there.
#[test]
fn the_walk_answers_only_what_is_shown() {
    // weakness_onset is asked only after a weakness: with "none" it stays hidden.
    let v = with(typical(), json!({ "weakness_onset": "days" }));
    let (a, _) = parse_answers(c(), &json::parse(&v.to_string()).unwrap());
    let w = walk(&a).unwrap();
    assert!(!w.shown.contains("weakness_onset"));
    assert_eq!(result_shown(&w.state).0, Level::SelfCare);
    // With a weakness shown and its onset "days", the follow-up is shown and counts.
    let v = with(
        typical(),
        json!({ "weakness": ["stairs_hard"], "weakness_both_legs": "no", "weakness_onset": "days" }),
    );
    let w = walk(&answers(&v)).unwrap();
    assert!(w.shown.contains("weakness_onset"));
    assert_eq!(result_shown(&w.state).0, Level::Urgent);
}

// ---------------------------------------------------------------- the diary at every instant

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// tests/e2e/clock.mjs's CLOCK (its default) and INSTANTS: (ISO, epoch ms, offset
/// minutes). diary.test.mjs checks this list names every one of its instants.
const INSTANTS: [(&str, i64, i32); 8] = [
    ("2026-11-25T21:30:00+08:00", 1_795_613_400_000, 480),
    ("2027-01-04T00:10:00+08:00", 1_798_992_600_000, 480),
    ("2026-12-06T23:30:00+08:00", 1_796_571_000_000, 480),
    ("2026-11-25T07:45:00+08:00", 1_795_563_900_000, 480),
    ("2026-11-27T21:15:00-05:00", 1_795_832_100_000, -300),
    ("2027-03-28T00:30:00+00:00", 1_806_193_800_000, 0),
    ("2027-03-28T09:00:00+01:00", 1_806_220_800_000, 60),
    ("2026-12-31T23:30:00+08:00", 1_798_731_000_000, 480),
];

/// The UTC instant of the local Monday 00:00 `back` weeks before `now`'s week.
fn monday(now: i64, off: i32, back: i64) -> i64 {
    let day = (now + i64::from(off) * MINUTE).div_euclid(DAY);
    let dow = (day + 3).rem_euclid(7); // 1970-01-01 was a Thursday; Monday is 0
    (day - dow - 7 * back) * DAY - i64::from(off) * MINUTE
}

/// diary.test.mjs's `diaryOf`: `counts[k]` cramps in the local week `k` weeks back;
/// past weeks from Tuesday 12:00, 7 hours apart; this week spread between Monday
/// 00:00 and now.
fn diary_of(counts: &[(i64, u32)], now: i64, off: i32) -> Vec<cramp_core::diary::Entry> {
    let mut list = Vec::new();
    for &(back, n) in counts {
        let mon = monday(now, off, back);
        for i in 0..n {
            let at = if back == 0 {
                mon + (now - mon) * i64::from(i + 1) / i64::from(n + 1)
            } else {
                mon + DAY + 12 * HOUR + i64::from(i) * 7 * HOUR
            };
            list.push(common::entry(&format!("seed-{back}-{i}"), at, off));
        }
    }
    list
}

/// A chart scenario: (name, cramps by weeks back, high, rising, trend unknown,
/// alone: without the cramp 20 weeks back).
type Scenario = (&'static str, Vec<(i64, u32)>, bool, bool, bool, bool);

/// Was diary.test.mjs at every instant ("the weekly chart and table, the export's
/// name and stamp"; the browser keeps CLOCK, a morning and the daylight-saving
/// day): each chart scenario counts its cramps in the local weeks meant, marks the
/// weeks over 3 in the chart, and says high / rising / trend unknown as it should;
/// the export is named after the local date and stamped with the local time.
#[test]
fn the_diary_scenarios_and_the_export_at_every_instant_of_the_browser_suite() {
    let flat_low: Vec<(i64, u32)> = (0..12).map(|k| (k, 2)).collect();
    let scenarios: [Scenario; 6] = [
        (
            "rising and high",
            vec![(11, 1), (5, 1), (4, 1), (3, 1), (2, 1), (1, 5), (0, 4)],
            true,
            true,
            false,
            false,
        ),
        (
            "flat and high",
            (0..8).map(|k| (k, 4)).collect(),
            true,
            false,
            false,
            false,
        ),
        ("flat and low", flat_low, false, false, false, false),
        (
            "rising, not high, 6 weeks",
            vec![(5, 1), (1, 2), (0, 1)],
            false,
            true,
            false,
            true,
        ),
        (
            "the same rise, 5 weeks",
            vec![(4, 1), (1, 2), (0, 1)],
            false,
            false,
            true,
            true,
        ),
        (
            "high, too short for a trend",
            vec![(1, 5), (0, 5)],
            true,
            false,
            true,
            true,
        ),
    ];
    let s = State::new(Host::default());
    for (iso, now, off) in INSTANTS {
        for (name, counts, high, rising, unknown, alone) in &scenarios {
            let mut entries = diary_of(counts, now, off);
            if !alone {
                // 20 weeks back: outside the 12 weeks, counted nowhere.
                entries.push(common::entry("old", monday(now, off, 20) + 2 * DAY, off));
            }
            cramp_core::diary::sort(&mut entries);
            let sum = cramp_core::diary::summarize(&entries, now, off);
            let want: Vec<u32> = (0..12)
                .map(|k| counts.iter().find(|(b, _)| *b == k).map_or(0, |(_, n)| *n))
                .collect();
            let got: Vec<u32> = sum.weeks.iter().rev().map(|w| w.count).collect();
            assert_eq!(got, want, "{iso} {name}: weekly counts, this week first");
            let findings = view::findings(c(), screens::words(&s), &sum).to_string();
            assert!(
                findings.contains(&format!("data-high=\"{high}\"")),
                "{iso} {name}: {findings}"
            );
            assert!(
                findings.contains(&format!("data-rising=\"{rising}\"")),
                "{iso} {name}: {findings}"
            );
            assert_eq!(
                findings.contains("data-finding=\"trend-unknown\""),
                *unknown,
                "{iso} {name}: {findings}"
            );
            let chart = view::weekly_chart(c(), screens::words(&s), &sum).to_string();
            assert_eq!(
                chart.matches("<g class=\"week").count(),
                12,
                "{iso} {name}: 12 bars"
            );
            let over = want.iter().filter(|&&n| n > 3).count();
            assert_eq!(
                chart.matches("<g class=\"week over\"").count(),
                over,
                "{iso} {name}: bars over 3"
            );
        }
        // The export: named after the local date, stamped with the local time and offset.
        let mut s = State::new(Host::default());
        s.diary.entries = diary_of(&[(1, 1), (0, 1)], now, off).into();
        let a = Action::from_hook(c(), "export-json", None, (now, off), "test")
            .expect("an export action");
        let (_, fx) = reduce(c(), s, a);
        let (file, text) = fx
            .iter()
            .find_map(|e| match e {
                cramp_core::journey::Effect::Download { name, text, .. } => {
                    Some((name.clone(), text.clone()))
                }
                _ => None,
            })
            .expect("a download");
        assert_eq!(
            file,
            format!("cramp-check-{}.json", &iso[..10]),
            "{iso}: the file's name"
        );
        let stamp: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(stamp["exported"], json!(iso), "{iso}: the export's stamp");
        assert_eq!(
            stamp["diary"]["entries"].as_array().map(Vec::len),
            Some(2),
            "{iso}"
        );
    }
}
