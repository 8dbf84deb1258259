//! The clinical brief's safety invariants, proven over the answer space of the real questionnaire.
//!
//! Exhaustive where the space is small (every combination of the emergency
//! screen; every warning answer added to every base), property-based where it
//! is not (everything else, via proptest).

mod common;

use common::*;
use cramp_core::content::{embedded, Content, Kind, Level};
use cramp_core::engine::{emergency_signs, evaluate, parse_answers, Answers, Value};
use proptest::prelude::*;

fn content() -> &'static Content {
    embedded()
}

/// The emergency signs of the clinical brief, written down here independently of
/// the question files so that a rule edited down from `emergency` fails the tests.
/// (`calf_swollen_red` is `urgent` in the brief's triage table; `breathless_chest_pain`
/// is our addition: a clot that reached the lungs.)
const BRIEF_EMERGENCY_QUESTIONS: [&str; 7] = [
    "ces_saddle_numbness",
    "ces_bladder",
    "ces_bowel",
    "ces_sexual",
    "both_legs_weak",
    "leg_cold_pale",
    "breathless_chest_pain",
];

fn brief_signs() -> Vec<(String, String)> {
    BRIEF_EMERGENCY_QUESTIONS
        .iter()
        .flat_map(|q| ["yes", "not_sure"].map(|v| (q.to_string(), v.to_string())))
        .collect()
}

#[test]
fn the_engine_knows_every_emergency_sign_of_the_brief() {
    let signs = emergency_signs(content());
    for sign in brief_signs() {
        assert!(
            signs.contains(&sign),
            "{sign:?} is not an emergency sign in the question files"
        );
    }
}

fn emergency_questions() -> Vec<String> {
    content().steps[0]
        .questions
        .iter()
        .map(|q| q.id.to_string())
        .collect()
}

/// Every combination of the emergency screen: each question unanswered, yes, no or not sure.
fn emergency_combinations() -> Vec<Answers> {
    let qs = emergency_questions();
    let choices = [None, Some("yes"), Some("no"), Some("not_sure")];
    let total = choices.len().pow(qs.len() as u32);
    (0..total)
        .map(|mut n| {
            let mut a = Answers::default();
            for q in &qs {
                if let Some(v) = choices[n % choices.len()] {
                    a.set(q, Value::One(v.to_string()));
                }
                n /= choices.len();
            }
            a
        })
        .collect()
}

fn has_sign(a: &Answers, signs: &[(String, String)]) -> bool {
    signs
        .iter()
        .any(|(q, v)| matches!(a.get(q), Some(Value::One(x)) if x == v))
}

#[test]
fn emergency_screen_is_every_question_of_the_first_step_and_all_are_yes_no_unsure() {
    let first = &content().steps[0];
    assert_eq!(first.id, "emergency");
    assert!(first.show_if.is_empty());
    for q in first.questions.iter() {
        assert_eq!(q.kind, Kind::YesNoUnsure, "{}", q.id);
        assert!(
            q.show_if.is_empty(),
            "emergency question {} must never be hidden",
            q.id
        );
    }
    // The brief's seven emergency-screen questions are all there.
    for id in [
        "ces_saddle_numbness",
        "ces_bladder",
        "ces_bowel",
        "ces_sexual",
        "both_legs_weak",
        "leg_cold_pale",
        "calf_swollen_red",
    ] {
        assert!(
            first.questions.iter().any(|q| q.id == id),
            "{id} missing from the emergency screen"
        );
    }
}

#[test]
fn not_sure_counts_as_yes_for_every_emergency_sign() {
    let signs = emergency_signs(content());
    assert!(
        signs.len() >= 14,
        "expected yes and not_sure for each emergency question, got {signs:?}"
    );
    for (q, v) in &signs {
        if v == "yes" {
            assert!(
                signs.contains(&(q.clone(), "not_sure".into())),
                "{q}: not_sure must count as yes"
            );
        }
    }
}

#[test]
fn every_emergency_sign_gives_emergency_under_all_combinations_of_the_emergency_screen() {
    let signs = brief_signs();
    let combos = emergency_combinations();
    assert_eq!(combos.len(), 4usize.pow(emergency_questions().len() as u32));
    let mut with_sign = 0;
    for a in &combos {
        let level = evaluate(content(), a).level;
        if has_sign(a, &signs) {
            with_sign += 1;
            assert_eq!(level, Level::Emergency, "missed emergency for {a:?}");
        } else {
            assert!(
                level < Level::Emergency,
                "emergency without a sign for {a:?}"
            );
        }
    }
    assert!(with_sign > combos.len() / 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Invariant 1: any emergency sign gives `emergency`, whatever else is answered.
    #[test]
    fn an_emergency_sign_wins_over_any_other_answers(
        seeds in prop::collection::vec(any::<u64>(), 64),
        pick in any::<prop::sample::Index>(),
    ) {
        let c = content();
        let signs = brief_signs();
        let (q, v) = &signs[pick.index(signs.len())];
        let base = answers_from(c, &seeds);
        let a = with_answer(c, &base, q, v);
        prop_assert_eq!(evaluate(c, &a).level, Level::Emergency);
    }

    /// Invariant 2: adding a warning answer never lowers the level.
    #[test]
    fn adding_a_warning_answer_never_lowers_the_level(
        seeds in prop::collection::vec(any::<u64>(), 64),
        pick in any::<prop::sample::Index>(),
    ) {
        let c = content();
        let warnings = warning_answers(c);
        let (q, v) = &warnings[pick.index(warnings.len())];
        let base = answers_from(c, &seeds);
        let before = evaluate(c, &base).level;
        let after = evaluate(c, &with_answer(c, &base, q, v)).level;
        prop_assert!(after >= before, "{}={} lowered {:?} to {:?} from {:?}", q, v, before, after, base);
    }

    /// Invariant 5: every result above self-care lists its reasons, each naming
    /// a real rule and only answers that were given.
    #[test]
    fn every_result_lists_reasons_that_name_given_answers(seeds in prop::collection::vec(any::<u64>(), 64)) {
        let c = content();
        let a = answers_from(c, &seeds);
        let result = evaluate(c, &a);
        if result.level > Level::SelfCare {
            prop_assert!(!result.reasons.is_empty());
        }
        for r in &result.reasons {
            // Checked before anything reads the rule: a reason must name a real one.
            prop_assert!(c.rule(&r.rule).is_some(), "reason names no rule: {}", r.rule);
        }
        prop_assert_eq!(result.reasons.first().map(|r| c.rule(&r.rule).unwrap().level).unwrap_or(Level::SelfCare), result.level);
        for r in &result.reasons {
            // Nothing reassuring beside advice to get help today or now.
            prop_assert!(result.level < Level::Urgent || c.rule(&r.rule).unwrap().level > Level::SelfCare);
            prop_assert!(!r.answers.is_empty());
            for q in r.answers.iter() {
                prop_assert!(a.get(q).is_some(), "reason {} names unanswered {}", r.rule, q);
            }
        }
    }

    /// Evaluation never panics, whatever JSON arrives.
    #[test]
    fn any_json_is_assessed_without_panic(json in arbitrary_json()) {
        let (a, _) = parse_answers(content(), &json);
        let _ = evaluate(content(), &a);
    }

    /// Answers keyed by real question ids but with values of any shape.
    #[test]
    fn real_ids_with_wrong_values_are_ignored_and_reported(
        pick in any::<prop::sample::Index>(),
        value in arbitrary_json(),
    ) {
        let c = content();
        let qs: Vec<_> = c.questions().collect();
        let q = qs[pick.index(qs.len())];
        let json = serde_json::json!({ q.id.to_string(): value.clone() });
        let (a, ignored) = parse_answers(c, &json);
        let _ = evaluate(c, &a);
        if a.get(&q.id).is_none() && !value.is_null() {
            prop_assert!(!ignored.is_empty(), "{} = {} dropped silently", q.id, value);
        }
    }
}

fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    let ids: Vec<String> = content().questions().map(|q| q.id.to_string()).collect();
    let values: Vec<String> = content()
        .questions()
        .flat_map(|q| q.values().into_iter().map(String::from))
        .collect();
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        ".{0,12}".prop_map(serde_json::Value::String),
        prop::sample::select(values).prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![prop::sample::select(ids.clone()), ".{0,8}"],
                inner,
                0..8
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn adding_any_warning_answer_to_any_single_answer_never_lowers_the_level() {
    // Exhaustive over pairs: every possible single answer as the base, every warning added.
    let c = content();
    let warnings = warning_answers(c);
    let mut bases = vec![Answers::default()];
    for q in c.questions() {
        for v in q.values() {
            bases.push(with_answer(c, &Answers::default(), &q.id, v));
        }
    }
    let mut checked = 0;
    for base in &bases {
        let before = evaluate(c, base).level;
        for (q, v) in &warnings {
            let after = evaluate(c, &with_answer(c, base, q, v)).level;
            assert!(
                after >= before,
                "{q}={v} lowered {before:?} to {after:?} from {base:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

#[test]
fn every_rule_can_fire() {
    let c = content();
    for rule in c.rules.iter() {
        let a = answers_firing(c, &rule.id);
        let result = evaluate(c, &a);
        assert!(
            result.reasons.iter().any(|r| r.rule == rule.id),
            "rule {} ({}) cannot fire: {a:?} gave {result:?}",
            rule.id,
            rule.file
        );
        assert!(
            result.level >= rule.level,
            "rule {} fired below its level",
            rule.id
        );
        for p in rule.patterns.iter() {
            assert!(
                result.patterns.iter().any(|x| x == p),
                "rule {} did not report pattern {p}",
                rule.id
            );
        }
    }
}

#[test]
fn every_option_of_every_question_is_used_by_a_rule_or_declared_informational() {
    let c = content();
    let mut used: Vec<(String, String)> = Vec::new();
    for r in c.rules.iter() {
        for cond in r.all.iter().chain(r.any.iter()) {
            for v in cond.values() {
                used.push((cond.q.to_string(), v.to_string()));
            }
        }
    }
    for q in c.questions() {
        for v in q.values() {
            let by_rule = used.contains(&(q.id.to_string(), v.to_string()));
            let informational = q.informational.iter().any(|i| i == v);
            let absence = matches!(q.kind, Kind::YesNo | Kind::YesNoUnsure) && v == "no";
            assert!(
                by_rule || informational || absence,
                "{}: option {v} is used by no rule",
                q.id
            );
        }
    }
}

#[test]
fn no_answers_means_self_care_with_no_reasons() {
    let r = evaluate(content(), &Answers::default());
    assert_eq!(r.level, Level::SelfCare);
    assert!(r.reasons.is_empty() && r.patterns.is_empty());
}

#[test]
fn none_never_hides_a_chosen_sign() {
    // "none" sent together with a real option (a buggy client) must not hide the option.
    let json = serde_json::json!({ "weakness": ["none", "toe_drags_foot_drop"] });
    let (a, _) = parse_answers(content(), &json);
    assert_eq!(
        a.get("weakness"),
        Some(&Value::Many(vec!["toe_drags_foot_drop".into()]))
    );
    assert_eq!(evaluate(content(), &a).level, Level::Soon);
}

#[test]
fn booleans_for_emergency_questions_are_read_in_the_safe_direction() {
    let (a, ignored) = parse_answers(content(), &serde_json::json!({ "ces_bladder": true }));
    assert!(ignored.is_empty());
    assert_eq!(evaluate(content(), &a).level, Level::Emergency);
}

/// Invariant 4: no result text tells the person they are fine or names a diagnosis.
#[test]
fn result_texts_never_reassure_or_diagnose() {
    let c = content();
    let forbidden = [
        "you are fine",
        "nothing to worry",
        "diagnosis is",
        "diagnosed with",
        "您没事",
        "你没事",
        "没什么问题",
        "不用担心",
        "您患有",
        "诊断为",
        "确诊",
    ];
    let mut texts: Vec<(String, String)> = Vec::new();
    for l in c.levels.iter() {
        texts.push((
            l.level.id().into(),
            format!("{} {} {}", l.title.en, l.action.en, l.by_when.en),
        ));
        texts.push((
            l.level.id().into(),
            format!("{} {} {}", l.title.zh, l.action.zh, l.by_when.zh),
        ));
    }
    for r in c.rules.iter() {
        texts.push((r.id.to_string(), r.reason.en.to_string()));
        texts.push((r.id.to_string(), r.reason.zh.to_string()));
    }
    for p in c.patterns.iter() {
        texts.push((p.id.to_string(), format!("{} {}", p.name.en, p.about.en)));
        texts.push((p.id.to_string(), format!("{} {}", p.name.zh, p.about.zh)));
    }
    // Echoing an answer ("you have varicose veins") is fine; asserting a pattern is not.
    let asserted: Vec<String> = c
        .patterns
        .iter()
        .map(|p| format!("you have {}", p.name.en.to_lowercase()))
        .collect();
    for (id, t) in texts {
        let lower = t.to_lowercase();
        for a in &asserted {
            assert!(
                !lower.contains(a.as_str()),
                "{id}: result text asserts a pattern: {t}"
            );
        }
        for f in forbidden {
            assert!(!lower.contains(f), "{id}: result text contains `{f}`: {t}");
        }
    }
}
