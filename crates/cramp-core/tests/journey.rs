//! The journey reducer, natively: the emergency gate cannot be skipped by any
//! sequence of actions, every reachable state survives save then resume, the
//! level shown is always the engine's, and the effects (storage, focus,
//! speech) are the ones the shell must perform.

mod common;

use common::j;
use cramp_core::codec::{self, ErrorKind};
use cramp_core::content::{embedded, Content, Kind, Lang, Level};
use cramp_core::diary::{Duration, Entry, Leg};
use cramp_core::engine::{evaluate, Value};
use cramp_core::journey::*;
use cramp_core::json;
use proptest::prelude::*;
use serde_json::json;

const NOW: Now = (1_795_000_000_000, 480);

fn c() -> &'static Content {
    embedded()
}

fn fresh() -> State {
    State::new(Host::default())
}

fn run(state: State, actions: impl IntoIterator<Item = Action>) -> (State, Vec<Effect>) {
    let mut s = state;
    let mut all = Vec::new();
    for a in actions {
        let (next, fx) = reduce(c(), s, a);
        s = next;
        all.extend(fx);
    }
    (s, all)
}

fn choose(q: &str, v: &str) -> Action {
    Action::Choose {
        question: q.into(),
        option: v.into(),
        checked: true,
    }
}

/// Every emergency-screen question answered "no" (the gate passed, no sign).
fn all_no() -> Vec<Action> {
    c().steps[0]
        .questions
        .iter()
        .filter(|q| q.show_if.is_empty())
        .map(|q| choose(&q.id, "no"))
        .collect()
}

fn raw(text: &str) -> Raw {
    Raw {
        text: text.into(),
        parsed: json::parse(text),
    }
}

fn boot(b: Boot) -> (State, Vec<Effect>) {
    reduce(c(), fresh(), Action::Boot(Box::new(b), NOW))
}

fn stored(fx: &[Effect], key: &str) -> Option<String> {
    fx.iter().rev().find_map(|e| match e {
        Effect::Store { key: k, text } if *k == key => Some(text.clone()),
        _ => None,
    })
}

// ---------------------------------------------------------------- the gate

#[test]
fn next_is_refused_on_the_emergency_step_until_every_question_is_answered() {
    let (s, fx) = run(fresh(), [Action::Start, Action::Next]);
    assert_eq!(s.journey.screen, Screen::Step(0));
    assert!(s.ui.show_missing);
    assert!(fx.contains(&Effect::Focus(Focus::ErrorSummary)));
    let (s, _) = run(s, all_no().into_iter().chain([Action::Next]));
    assert_eq!(s.journey.screen, Screen::Step(1));
    assert!(!s.ui.show_missing);
}

/// The bug of the first release: from the alert, "see result", then Back, landed
/// on the review with emergency questions unanswered.
#[test]
fn back_from_a_result_reached_from_the_alert_returns_to_the_open_emergency_questions() {
    let (s, _) = run(
        fresh(),
        [
            Action::Start,
            choose("ces_bladder", "yes"),
            Action::ShowResult,
        ],
    );
    assert_eq!(s.journey.screen, Screen::Result);
    assert_eq!(s.assessment(c()).level, Level::Emergency);
    let (s, _) = run(s, [Action::Back]);
    assert_eq!(s.journey.screen, Screen::Step(0));
    let (s, _) = run(s, [Action::Back, Action::Next]);
    assert_eq!(s.journey.screen, Screen::Step(0), "Next stays refused");
}

fn gate_holds(s: &State) -> Result<(), String> {
    let a = &s.journey.answers;
    let gate = gate_passed(c(), a);
    match s.journey.screen {
        Screen::Step(i) if i > 0 && !gate => Err(format!("step {i} without the gate")),
        Screen::Review if !gate => Err("review without the gate".into()),
        Screen::Result if !gate && evaluate(c(), a).level != Level::Emergency => {
            Err("result without the gate or an emergency".into())
        }
        Screen::Step(i) if !step_shown(c(), a, i) => Err(format!("step {i} does not apply")),
        _ => Ok(()),
    }
}

fn entry(n: u64) -> Entry {
    Entry {
        id: format!("e{n}"),
        at_ms: NOW.0 - (n % 90) as i64 * 86_400_000 / 2,
        offset_min: 480,
        leg: Leg::ALL[(n % 3) as usize],
        duration: Duration::ALL[(n % Duration::ALL.len() as u64) as usize],
        severity: (n % 11) as u8,
        woke: n % 2 == 0,
        numb_after: false,
        activity: None,
    }
}

/// Any action a person (or the browser) can cause, from random numbers.
fn action(kind: u8, n: u64, m: u64) -> Action {
    let content = c();
    let qs: Vec<_> = content.questions().collect();
    match kind % 20 {
        0 => Action::Start,
        1..=3 => Action::Next,
        4 | 5 => Action::Back,
        6 => Action::Edit((n % (content.steps.len() as u64 + 1)) as usize),
        7 => Action::ShowResult,
        8 => Action::Restart,
        9..=13 => {
            let q = qs[(n % qs.len() as u64) as usize];
            let values = q.values();
            let v = values[(m % values.len() as u64) as usize];
            Action::Choose {
                question: q.id.to_string(),
                option: v.to_string(),
                checked: m % 5 != 0 || q.kind != Kind::Multi,
            }
        }
        14 => Action::SetLang(if n % 2 == 0 { Lang::En } else { Lang::Zh }),
        15 => Action::OpenDiary,
        16 => Action::CloseDiary,
        17 => Action::Log(entry(n), NOW),
        18 => {
            let text = if n % 2 == 0 {
                codec::encode_export(
                    &codec::Progress {
                        answers: cramp_core::engine::parse_answers(
                            content,
                            &j(&json!({"frequency": "nightly", "ces_bowel": "no"})),
                        )
                        .0,
                        ..codec::Progress::default()
                    },
                    &[entry(m)],
                    NOW.0,
                    480,
                    "t",
                )
            } else {
                "{not json".into()
            };
            Action::Import(text.len(), json::parse(&text), NOW)
        }
        _ => {
            if n % 7 == 0 {
                Action::DeleteAll
            } else {
                Action::ReadAloud
            }
        }
    }
}

fn actions() -> impl Strategy<Value = Vec<(u8, u64, u64)>> {
    prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>()), 1..60)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// No sequence of Next, Back, alert, restart, language, diary or import
    /// actions passes the emergency gate with an emergency question unanswered.
    #[test]
    fn no_sequence_of_actions_skips_the_emergency_gate(seq in actions()) {
        let mut s = fresh();
        for (k, n, m) in seq {
            s = reduce(c(), s, action(k, n, m)).0;
            if let Err(e) = gate_holds(&s) {
                prop_assert!(false, "{e} after {:?}", s.journey);
            }
        }
    }

    /// Every reachable state survives save then resume: the journey, the
    /// preferences and the diary come back unchanged.
    #[test]
    fn every_reachable_state_survives_save_then_resume(seq in actions()) {
        let mut s = fresh();
        for (k, n, m) in seq {
            s = reduce(c(), s, action(k, n, m)).0;
            let progress = codec::encode_progress(&s.progress(c()));
            let diary = codec::encode_diary(&s.diary.entries);
            let (back, _) = reduce(c(), fresh(), Action::Boot(Box::new(Boot {
                progress: Some(raw(&progress)),
                diary: Some(raw(&diary)),
                ..Boot::default()
            }), s.ui.now));
            prop_assert_eq!(&back.journey, &s.journey);
            prop_assert_eq!(&back.prefs, &s.prefs);
            prop_assert_eq!(&back.diary, &s.diary);
        }
    }

    /// The level the result shows is always the engine's on the visible answers.
    #[test]
    fn the_level_shown_is_the_engines_on_the_visible_answers(seq in actions()) {
        let mut s = fresh();
        for (k, n, m) in seq {
            s = reduce(c(), s, action(k, n, m)).0;
            let visible = s.journey.answers.visible(c());
            prop_assert_eq!(&visible.visible(c()), &visible, "visible is stable");
            prop_assert_eq!(s.assessment(c()), evaluate(c(), &visible));
        }
    }
}

// ---------------------------------------------------------------- saving and resuming

#[test]
fn every_change_of_the_journey_is_saved_and_opening_the_page_is_not() {
    let (s, fx) = boot(Boot::default());
    assert!(stored(&fx, codec::PROGRESS_KEY).is_none());
    let (s, fx) = run(s, [Action::Start]);
    let text = stored(&fx, codec::PROGRESS_KEY).expect("saved");
    assert!(text.contains("\"screen\":\"emergency\""), "{text}");
    let (_, fx) = run(s, [choose("ces_bowel", "no")]);
    assert!(stored(&fx, codec::PROGRESS_KEY)
        .expect("saved")
        .contains("ces_bowel"));
}

#[test]
fn progress_saved_by_version_1_is_upgraded_moved_and_resumed() {
    let v1 = r#"{"version":1,"lang":"en","large_text":true,"screen":"review","answers":{"ces_saddle_numbness":"no","ces_bladder":"no","ces_bowel":"no","ces_sexual":"no","both_legs_weak":"no","leg_cold_pale":"no","calf_swollen_red":"no","breathless_chest_pain":"no"},"from_diary":[]}"#;
    let (s, fx) = boot(Boot {
        progress_v1: Some(raw(v1)),
        ..Boot::default()
    });
    if gate_passed(c(), &s.journey.answers) {
        assert_eq!(s.journey.screen, Screen::Review);
    } else {
        assert_eq!(
            s.journey.screen,
            Screen::Step(0),
            "new emergency questions are asked"
        );
    }
    assert_eq!((s.lang(), s.prefs.large_text), (Lang::En, true));
    let text = stored(&fx, codec::PROGRESS_KEY).expect("rewritten under the new key");
    assert!(text.contains("\"version\":2"));
    assert!(fx.contains(&Effect::Remove(codec::PROGRESS_KEY_V1)));
    assert_eq!(s.ui.notice, None);
}

/// Found by the property test on CI: the diary raised the frequency, the
/// person then chose a lower one themselves, and reopening the page raised it
/// again behind their back. Their own answer stands; a new diary entry may
/// raise it again (new information), and says so.
#[test]
fn reopening_the_page_keeps_an_answer_the_person_gave_over_the_diarys() {
    let logs: Vec<Action> = (0..8).map(|n| Action::Log(entry(n * 2), NOW)).collect();
    let (s, _) = run(fresh(), logs);
    assert_eq!(s.journey.from_diary, ["frequency"], "the diary filled it");
    let (s, _) = run(s, [choose("frequency", "less_than_weekly")]);
    assert!(s.journey.from_diary.is_empty());
    let progress = codec::encode_progress(&s.progress(c()));
    let diary = codec::encode_diary(&s.diary.entries);
    let (back, _) = boot(Boot {
        progress: Some(raw(&progress)),
        diary: Some(raw(&diary)),
        ..Boot::default()
    });
    assert_eq!(back.journey, s.journey);
    let (after, _) = run(back, [Action::Log(entry(40), NOW)]);
    assert_eq!(
        after.journey.from_diary,
        ["frequency"],
        "a new entry raises it again"
    );
    assert_ne!(
        after.journey.answers.get("frequency"),
        Some(&Value::One("less_than_weekly".into()))
    );
}

#[test]
fn unreadable_progress_is_set_aside_with_a_notice_not_lost() {
    let (s, fx) = boot(Boot {
        progress: Some(raw("{\"version\": 1, \"answers\": ")),
        ..Boot::default()
    });
    assert_eq!(s.ui.notice, Some(Notice::ProgressUnreadable));
    assert_eq!(s.journey.screen, Screen::Intro);
    assert_eq!(
        stored(&fx, codec::PROGRESS_ASIDE_KEY).as_deref(),
        Some("{\"version\": 1, \"answers\": ")
    );
    assert!(fx.contains(&Effect::Remove(codec::PROGRESS_KEY)));
}

#[test]
fn a_damaged_diary_keeps_its_good_entries_and_sets_the_text_aside() {
    let good = entry(1).to_json().write();
    let text = format!("{{\"version\":1,\"entries\":[{good},{{\"id\":7}}]}}");
    let (s, fx) = boot(Boot {
        diary_v1: Some(raw(&text)),
        ..Boot::default()
    });
    assert_eq!(s.diary.entries.len(), 1);
    assert_eq!(s.ui.notice, Some(Notice::DiaryPartial(1)));
    assert_eq!(stored(&fx, codec::DIARY_ASIDE_KEY), Some(text));
    assert!(stored(&fx, codec::DIARY_KEY)
        .expect("rewritten")
        .contains("cramp-check-diary"));
    assert!(fx.contains(&Effect::Remove(codec::DIARY_KEY_V1)));
}

#[test]
fn the_persons_language_wins_over_the_host_and_the_browser() {
    let host = Host {
        lang: Some(Lang::En),
        browser_lang: Lang::Zh,
        ..Host::default()
    };
    let s = State::new(host.clone());
    assert_eq!(s.lang(), Lang::En, "the host's over the browser's");
    let (s, _) = run(s, [Action::SetLang(Lang::Zh)]);
    assert_eq!(s.lang(), Lang::Zh, "the person's over the host's");
    // And after a reload in the same host page.
    let (back, _) = reduce(
        c(),
        State::new(host),
        Action::Boot(
            Box::new(Boot {
                progress: Some(raw(&codec::encode_progress(&s.progress(c())))),
                ..Boot::default()
            }),
            NOW,
        ),
    );
    assert_eq!(back.lang(), Lang::Zh);
}

#[test]
fn answers_given_before_the_widget_started_are_taken_over_on_the_emergency_step() {
    let saved = codec::encode_progress(&codec::Progress {
        answers: cramp_core::engine::parse_answers(
            c(),
            &j(&json!({"ces_bowel": "no", "frequency": "nightly"})),
        )
        .0,
        screen: Some("intro".into()),
        ..codec::Progress::default()
    });
    let (s, fx) = boot(Boot {
        progress: Some(raw(&saved)),
        prerendered: Some(Prerendered {
            checked: vec![
                ("ces_bowel".into(), "yes".into()),
                ("no_such".into(), "yes".into()),
            ],
            on_emergency_step: true,
            ..Prerendered::default()
        }),
        ..Boot::default()
    });
    assert_eq!(s.journey.screen, Screen::Step(0));
    assert_eq!(
        s.journey.answers.get("ces_bowel"),
        Some(&Value::One("yes".into()))
    );
    assert!(
        s.journey.answers.get("frequency").is_some(),
        "saved answers are kept"
    );
    assert_eq!(s.ui.alert_after.as_deref(), Some("ces_bowel"));
    assert!(
        stored(&fx, codec::PROGRESS_KEY).is_some(),
        "the answers are progress"
    );
}

// ---------------------------------------------------------------- effects

#[test]
fn a_new_screen_moves_focus_to_its_heading_and_stops_reading_aloud() {
    let (s, fx) = run(fresh(), [Action::ReadAloud]);
    assert_eq!(s.ui.speech, Speech::Speaking);
    let spoken = fx.iter().find_map(|e| match e {
        Effect::Speak { text, lang } => Some((text.clone(), *lang)),
        _ => None,
    });
    let (text, lang) = spoken.expect("speaks");
    assert_eq!(lang, Lang::Zh);
    assert!(text.starts_with(c().ui("intro_title", Lang::Zh)), "{text}");
    let (s, fx) = run(s, [Action::Start]);
    assert_eq!(s.ui.speech, Speech::Idle);
    assert!(fx.contains(&Effect::StopSpeaking));
    assert!(fx.contains(&Effect::Focus(Focus::Heading)));
    assert!(fx.contains(&Effect::ScrollTop));
}

#[test]
fn reading_a_step_aloud_says_the_heading_then_each_question_with_its_options() {
    let (s, fx) = run(
        fresh(),
        [Action::SetLang(Lang::En), Action::Start, Action::ReadAloud],
    );
    let text = fx
        .iter()
        .find_map(|e| match e {
            Effect::Speak { text, .. } => Some(text.clone()),
            _ => None,
        })
        .expect("speaks");
    let step = &c().steps[0];
    let mut at = text.find(step.title.en.as_ref()).expect("heading");
    for q in step.questions.iter().filter(|q| q.show_if.is_empty()) {
        let i = text[at..]
            .find(q.text.en.as_ref())
            .unwrap_or_else(|| panic!("{} in {text}", q.id));
        at += i;
        assert!(text[at..].contains("Yes, No, Not sure"));
    }
    assert_eq!(s.ui.speech, Speech::Speaking);
    let (s, _) = run(s, [Action::NoVoice]);
    assert_eq!(s.ui.speech, Speech::NoVoice);
}

#[test]
fn deleting_everything_removes_every_stored_key_and_keeps_the_preferences() {
    let (s, _) = run(
        fresh(),
        [
            Action::SetLang(Lang::En),
            Action::Start,
            choose("ces_bowel", "no"),
            Action::Log(entry(1), NOW),
        ],
    );
    let (s, fx) = run(s, [Action::AskDelete, Action::DeleteAll]);
    for key in [
        codec::PROGRESS_KEY,
        codec::PROGRESS_KEY_V1,
        codec::PROGRESS_ASIDE_KEY,
        codec::DIARY_KEY,
        codec::DIARY_KEY_V1,
        codec::DIARY_ASIDE_KEY,
    ] {
        assert!(fx.contains(&Effect::Remove(key)), "{key}");
    }
    assert!(s.journey.answers.0.is_empty() && s.diary.entries.is_empty());
    assert_eq!(s.journey.screen, Screen::Intro);
    assert_eq!(s.lang(), Lang::En);
    assert_eq!(s.ui.notice, Some(Notice::Deleted));
    let saved = stored(&fx, codec::PROGRESS_KEY).expect("only the preferences");
    assert!(
        saved.contains("\"lang\":\"en\"") && saved.contains("\"answers\":{}"),
        "{saved}"
    );
}

#[test]
fn exports_are_downloads_made_on_the_device() {
    let (_, fx) = run(
        fresh(),
        [
            Action::Log(entry(1), NOW),
            Action::Export(Export::Json, NOW, "9.9"),
        ],
    );
    let Some(Effect::Download { name, mime, text }) =
        fx.iter().find(|e| matches!(e, Effect::Download { .. }))
    else {
        panic!("no download");
    };
    assert_eq!(name, "cramp-check-2026-11-18.json");
    assert_eq!(*mime, "application/json");
    assert!(text.contains("\"format\": \"cramp-check-export\""));
    let (_, fx) = run(fresh(), [Action::Export(Export::FhirResponse, NOW, "9.9")]);
    assert!(fx.iter().any(|e| matches!(e, Effect::Download { name, mime: "application/fhir+json", .. } if name == "cramp-check-fhir-2026-11-18.json")));
}

#[test]
fn a_refused_import_changes_nothing_and_says_why() {
    let (s, _) = run(fresh(), [Action::Log(entry(1), NOW)]);
    let (after, fx) = run(s.clone(), [Action::Import(9, json::parse("[1,2,3]"), NOW)]);
    assert_eq!(after.diary, s.diary);
    assert_eq!(
        after.ui.notice,
        Some(Notice::ImportRefused(ErrorKind::NotAnObject))
    );
    assert!(stored(&fx, codec::DIARY_KEY).is_none());
}

#[test]
fn one_amber_notice_per_step_after_the_answer_that_raised_it() {
    let (s, _) = run(fresh(), [Action::Start, choose("calf_swollen_red", "yes")]);
    let notices = amber_notices(c(), &s.journey.answers);
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].1, "calf_swollen_red");
    assert_eq!(s.assessment(c()).level, Level::Urgent);
    let (s, _) = run(s, [choose("clot_risks", "clot_before")]);
    let notices = amber_notices(c(), &s.journey.answers);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].1, "clot_risks", "shown where the person is");
}

#[test]
fn a_later_emergency_combination_raises_the_alert_on_its_step() {
    let mut actions = vec![Action::Start];
    actions.extend(all_no());
    actions.push(Action::Next);
    let (mut s, _) = run(fresh(), actions);
    // Walk to the nerves step, answering nothing.
    while s.journey.screen != Screen::from_id(c(), "nerves").unwrap() {
        s = run(s, [Action::Next]).0;
    }
    let (s, _) = run(s, [choose("numbness", "both_feet")]);
    assert_eq!(
        s.ui.alert_after, None,
        "both feet numb alone is no emergency"
    );
    let (s, _) = run(s, [choose("weakness_onset", "days")]);
    assert_eq!(s.assessment(c()).level, Level::Emergency);
    assert_eq!(
        s.ui.alert_after.as_deref(),
        Some("weakness_onset"),
        "on this step, at once"
    );
}

// ---------------------------------------------------------------- required follow-ups (issue 20)

/// On the step `id`, with the gate passed and nothing else answered.
fn on_step(id: &str) -> State {
    let mut actions = vec![Action::Start];
    actions.extend(all_no());
    actions.push(Action::Next);
    let (mut s, _) = run(fresh(), actions);
    let target = Screen::from_id(c(), id).expect("a step");
    while s.journey.screen != target {
        s = run(s, [Action::Next]).0;
    }
    s
}

#[test]
fn next_waits_for_a_shown_follow_up_names_it_and_focuses_it() {
    let nerves = Screen::from_id(c(), "nerves").unwrap();
    let s = on_step("nerves");
    let (s, fx) = run(s, [choose("weakness", "toe_drags_foot_drop")]);
    // The follow-ups appear below: brought into view and announced, focus stays.
    assert!(
        fx.contains(&Effect::Reveal("weakness_both_legs".into())),
        "{fx:?}"
    );
    assert!(!fx.iter().any(|e| matches!(e, Effect::Focus(_))), "{fx:?}");
    assert_eq!(s.ui.revealed, ["weakness_both_legs", "weakness_onset"]);
    for lang in [Lang::Zh, Lang::En] {
        let mut s = s.clone();
        s.prefs.lang = Some(lang);
        let said = cramp_core::screens::announcement(c(), &s);
        let onset = c().question("weakness_onset").unwrap();
        assert!(said.contains(onset.text.get(lang)), "{said}");
    }
    // Next does not go on, names both, and focuses the first.
    let (s, fx) = run(s, [Action::Next]);
    assert_eq!(s.journey.screen, nerves);
    assert!(s.ui.show_missing);
    assert_eq!(
        fx,
        [Effect::Focus(Focus::Question("weakness_both_legs".into()))]
    );
    let Screen::Step(step) = s.journey.screen else {
        unreachable!()
    };
    let here = missing_on_step(c(), &s.journey.answers, step);
    assert_eq!(here, ["weakness_both_legs", "weakness_onset"]);
    for lang in [Lang::Zh, Lang::En] {
        let mut s = s.clone();
        s.prefs.lang = Some(lang);
        let head = cramp_core::screens::step_head(c(), &s, step, &here);
        for q in &here {
            let text = c().question(q).unwrap().text.get(lang);
            assert!(head.contains(text), "{lang:?}: {head}");
        }
        assert!(head.contains("error-summary"), "{head}");
    }
    // One answered: still waiting, now for the other.
    let (s, fx) = run(s, [choose("weakness_both_legs", "no"), Action::Next]);
    assert_eq!(s.journey.screen, nerves);
    assert!(fx.contains(&Effect::Focus(Focus::Question("weakness_onset".into()))));
    // "Not sure" is an answer: Next goes on, and it counts as the last few days.
    let (s, _) = run(s, [choose("weakness_onset", "not_sure"), Action::Next]);
    assert_ne!(s.journey.screen, nerves);
    assert!(!s.ui.show_missing);
    assert_eq!(s.assessment(c()).level, Level::Urgent);
}

#[test]
fn a_follow_up_that_no_urgent_rule_reads_is_not_required_and_every_required_one_offers_not_sure() {
    let c = c();
    assert!(!c.required_follow_ups.is_empty());
    for q in c.required_follow_ups.iter() {
        let question = c.question(q).unwrap();
        assert!(!question.show_if.is_empty(), "{q} is a follow-up");
        assert!(
            question.values().contains(&"not_sure"),
            "{q} offers not sure"
        );
    }
    // Unanswered questions without show_if never hold Next back after the emergency step.
    let s = on_step("cramps");
    let (s, _) = run(s, [Action::Next]);
    assert_ne!(s.journey.screen, Screen::from_id(c, "cramps").unwrap());
}

#[test]
fn the_review_lists_other_unanswered_questions_the_rules_read_and_links_to_each() {
    let mut s = on_step("cramps");
    while s.journey.screen != Screen::Review {
        s = run(s, [Action::Next]).0;
    }
    let open = unanswered_for_review(c(), &s.journey.answers);
    assert!(
        open.contains(&"frequency") && open.contains(&"back_pain"),
        "{open:?}"
    );
    assert!(!open.contains(&"age_band"), "no rule reads the age");
    let html = cramp_core::screens::review(c(), &s);
    assert!(
        html.contains("data-action=\"answer\" data-arg=\"frequency\""),
        "{html}"
    );
    // The person may still go on.
    let (r, _) = run(s.clone(), [Action::Next]);
    assert_eq!(r.journey.screen, Screen::Result);
    // A link goes back to that question's step and focuses the question, not the heading.
    let action = Action::from_hook(c(), "answer", Some("back_pain"), NOW, "t").expect("a hook");
    let (s, fx) = run(s, [action]);
    assert_eq!(s.journey.screen, Screen::from_id(c(), "back").unwrap());
    assert_eq!(
        fx.iter().filter(|e| matches!(e, Effect::Focus(_))).count(),
        1
    );
    assert!(fx.contains(&Effect::Focus(Focus::Question("back_pain".into()))));
    assert!(!fx.contains(&Effect::ScrollTop));
}

#[test]
fn progress_saved_with_a_follow_up_open_resumes_on_its_step_not_the_review() {
    let mut s = on_step("cramps");
    while s.journey.screen != Screen::Review {
        s = run(s, [Action::Next]).0;
    }
    // As an older version could have saved it: weakness, no onset, on the review.
    let mut p = s.progress(c());
    let weakness = c().question("weakness").unwrap();
    cramp_core::journey::choose(&mut p.answers, weakness, "cannot_walk_on_heels", true);
    let text = codec::encode_progress(&p);
    let (back, _) = boot(Boot {
        progress: Some(raw(&text)),
        ..Boot::default()
    });
    assert_eq!(back.journey.screen, Screen::from_id(c(), "nerves").unwrap());
    assert!(back.ui.show_missing);
    let (back, _) = run(back, [Action::ShowResult]);
    assert_eq!(back.journey.screen, Screen::from_id(c(), "nerves").unwrap());
}

/// The required follow-ups shown and unanswered (written here, not the reducer's own).
fn open_follow_ups(a: &cramp_core::engine::Answers) -> Vec<String> {
    a.shown(c())
        .into_iter()
        .filter(|q| c().required_follow_ups.iter().any(|r| r == q) && a.get(q).is_none())
        .map(String::from)
        .collect()
}

/// The answers with every shown, unanswered required follow-up answered "not
/// sure" (repeated: one answer can show another follow-up).
fn with_not_sure(a: &cramp_core::engine::Answers) -> cramp_core::engine::Answers {
    let mut a = a.clone();
    loop {
        let open = open_follow_ups(&a);
        if open.is_empty() {
            return a;
        }
        for q in open {
            cramp_core::journey::choose(&mut a, c().question(&q).unwrap(), "not_sure", true);
        }
    }
}

/// What a hurried person does: mostly Next, answers that show follow-ups, the
/// follow-ups themselves (or not), "see my result", Back, the review's links;
/// and now and then any other action.
fn hurried(kind: u8, n: u64, m: u64) -> Action {
    let content = c();
    let mut focus: Vec<(String, String)> = Vec::new();
    for q in content.required_follow_ups.iter() {
        let question = content.question(q).unwrap();
        for cd in question.show_if.iter() {
            for v in cd.values() {
                focus.push((cd.q.to_string(), v.to_string()));
            }
        }
        for v in question.values() {
            focus.push((q.to_string(), v.to_string()));
        }
    }
    match kind % 20 {
        0..=6 => Action::Next,
        7 => Action::Back,
        8 => Action::ShowResult,
        9 => Action::Edit((n % content.steps.len() as u64) as usize),
        10 => {
            let qs: Vec<_> = content.questions().collect();
            Action::Answer(qs[(n % qs.len() as u64) as usize].id.to_string())
        }
        11..=17 => {
            let (q, v) = &focus[(n % focus.len() as u64) as usize];
            Action::Choose {
                question: q.clone(),
                option: v.clone(),
                checked: m % 4 != 0,
            }
        }
        _ => action(kind / 20, n, m),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Issue 20: no way of leaving a required follow-up unanswered gives a
    /// lower level than "not sure" would. The review and a result are never
    /// shown with one open, except a result that is already an emergency.
    #[test]
    fn no_way_of_leaving_a_required_follow_up_unanswered_gives_a_lower_level(
        seq in prop::collection::vec((any::<u8>(), any::<u64>(), any::<u64>()), 1..80),
    ) {
        let mut s = run(fresh(), std::iter::once(Action::Start).chain(all_no())).0;
        for (k, n, m) in seq {
            s = reduce(c(), s, hurried(k, n, m)).0;
            let a = &s.journey.answers;
            let open = open_follow_ups(a);
            let level = evaluate(c(), a).level;
            match s.journey.screen {
                Screen::Review => prop_assert!(open.is_empty(), "review with {:?} open", open),
                Screen::Result => {
                    prop_assert!(open.is_empty() || level == Level::Emergency, "result with {:?} open", open);
                    prop_assert!(level >= evaluate(c(), &with_not_sure(a)).level, "{:?}", a);
                }
                _ => {}
            }
        }
    }
}
