//! The clinical brief's safety invariants, proven over the answer space of the real questionnaire.
//!
//! Exhaustive where the space is small (every combination of the emergency
//! screen; every answer to the questions of the later emergency combinations,
//! with every answer to `both_legs_weak`; every warning answer added to every
//! base), property-based where it is not (everything else, via proptest).

mod common;

use common::*;
use cramp_core::content::{embedded, Content, Kind, Level};
use cramp_core::engine::{alerts, emergency_signs, evaluate, parse_answers, Answers, Value};
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

/// The questions of the emergency screen: every question of the first step
/// that is always asked (a follow-up such as `clot_risks` has a `show_if`).
fn emergency_questions() -> Vec<String> {
    content().steps[0]
        .questions
        .iter()
        .filter(|q| q.show_if.is_empty())
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
    let c = content();
    let first = &c.steps[0];
    assert_eq!(first.id, "emergency");
    assert!(first.show_if.is_empty());
    let used_by_emergency = |q: &str| {
        c.rules.iter().any(|r| {
            r.level == Level::Emergency && r.all.iter().chain(r.any.iter()).any(|x| x.q == q)
        })
    };
    for q in first.questions.iter() {
        if q.show_if.is_empty() {
            assert_eq!(q.kind, Kind::YesNoUnsure, "{}", q.id);
        } else {
            // A follow-up on the screen (`clot_risks`): shown by an earlier
            // question of the screen, and never needed for an emergency.
            assert!(
                !used_by_emergency(&q.id),
                "emergency question {} must never be hidden",
                q.id
            );
            for cond in q.show_if.iter() {
                assert!(
                    first
                        .questions
                        .iter()
                        .take_while(|x| x.id != q.id)
                        .any(|x| x.id == cond.q),
                    "{}: shown by a question not earlier on the screen",
                    q.id
                );
            }
        }
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
        prop_assume!(adds(c, &base, q, v));
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
            // Given: shown, with what the guided self-test adds to `weakness`.
            let given = a.visible(c);
            for q in r.answers.iter() {
                prop_assert!(given.get(q).is_some(), "reason {} names unanswered {}", r.rule, q);
            }
        }
    }

    /// Evaluation never panics, whatever JSON arrives.
    #[test]
    fn any_json_is_assessed_without_panic(json in arbitrary_json()) {
        let (a, _) = parse_answers(content(), &j(&json));
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
        let (a, ignored) = parse_answers(c, &j(&json));
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
        for (q, v) in warnings.iter().filter(|(q, v)| adds(c, base, q, v)) {
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
        // A question that feeds another (the self-test feeds `weakness`) is
        // used wherever the other's options are.
        let target = q.feeds.as_deref().unwrap_or(&q.id).to_string();
        for v in q.values() {
            let by_rule = used.contains(&(q.id.to_string(), v.to_string()))
                || used.contains(&(target.clone(), v.to_string()));
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
    let (a, _) = parse_answers(content(), &j(&json));
    assert_eq!(
        a.get("weakness"),
        Some(&Value::Many(vec!["toe_drags_foot_drop".into()]))
    );
    assert_eq!(evaluate(content(), &a).level, Level::Soon);
}

#[test]
fn booleans_for_emergency_questions_are_read_in_the_safe_direction() {
    let (a, ignored) = parse_answers(content(), &j(&serde_json::json!({ "ces_bladder": true })));
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
        "肯定是",
        "you definitely",
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
        // The amber same-day notices shown during the questions.
        for n in r.notice.iter() {
            texts.push((r.id.to_string(), n.en.to_string()));
            texts.push((r.id.to_string(), n.zh.to_string()));
        }
    }
    // Home care, stretches with their cautions, "get help at once if…".
    for a in c
        .self_care
        .iter()
        .chain(c.stretches.iter())
        .chain(c.safety_net.iter())
    {
        let caution = a.caution.clone().unwrap_or_default();
        texts.push((
            a.id.to_string(),
            format!("{} {} {}", a.title.en, a.text.en, caution.en),
        ));
        texts.push((
            a.id.to_string(),
            format!("{} {} {}", a.title.zh, a.text.zh, caution.zh),
        ));
    }
    // The tests to ask the doctor about.
    for t in c.tests_to_ask.iter() {
        texts.push((t.id.to_string(), t.text.en.to_string()));
        texts.push((t.id.to_string(), t.text.zh.to_string()));
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

/// Is setting `q = v` on `base` an *added* warning answer, not a changed one?
/// A `single` question holds one answer: replacing one warning answer with
/// another (a cramp "over 10 minutes, not easing" corrected to "over 10
/// minutes, but it eased") changes what was reported instead of adding to it,
/// so invariant 2 ("adding a warning answer never lowers the level") does not
/// speak about it. Everything else adds: a `multi` answer gains the option,
/// and a yes/no question or an unanswered (or informational) `single` question
/// takes the warning answer.
fn adds(c: &Content, base: &Answers, q: &str, v: &str) -> bool {
    let single = c.question(q).is_some_and(|x| x.kind == Kind::Single);
    match base.get(q) {
        Some(Value::One(w)) if single && w != v => {
            !warning_answers(c).contains(&(q.to_string(), w.clone()))
        }
        _ => true,
    }
}

// ---- Later emergency combinations (issue 11, item 1) ----

/// The weakness options that are a real finding (not "none").
const REAL_WEAKNESS: [&str; 5] = [
    "toe_drags_foot_drop",
    "cannot_walk_on_heels",
    "cannot_walk_on_tiptoe",
    "cannot_lift_big_toe",
    "stairs_hard",
];

/// The questions the later emergency combinations depend on, with
/// `both_legs_weak`, the screen question people answer "no" when they do not
/// count their feet as part of their legs.
const LATER_COMBINATION_QUESTIONS: [&str; 6] = [
    "both_legs_weak",
    "self_test",
    "numbness",
    "weakness",
    "weakness_both_legs",
    "weakness_onset",
];

fn many(a: &Answers, q: &str) -> Vec<String> {
    match a.get(q) {
        Some(Value::Many(v)) => v.clone(),
        _ => Vec::new(),
    }
}

fn one<'a>(a: &'a Answers, q: &str) -> Option<&'a str> {
    match a.get(q) {
        Some(Value::One(v)) => Some(v.as_str()),
        _ => None,
    }
}

/// The later emergency combinations, written down here independently of the
/// question files (clinical brief, Decisions; issue 11 item 1): new numbness of
/// both feet, or weakness of both legs (or not sure whether both), that came on
/// over days or is getting worse. Weakness includes what the guided self-test
/// found (it feeds `weakness`), whatever was answered on the first screen.
fn later_emergency(a: &Answers) -> bool {
    let weak = many(a, "weakness")
        .iter()
        .chain(many(a, "self_test").iter())
        .any(|v| REAL_WEAKNESS.contains(&v.as_str()));
    let feet = many(a, "numbness").iter().any(|v| v == "both_feet");
    // "Not sure" when it came on counts as "in the last few days" (clinical
    // brief, Decisions after the second release).
    let new = matches!(
        one(a, "weakness_onset"),
        Some("days" | "getting_worse" | "not_sure")
    );
    let both = matches!(one(a, "weakness_both_legs"), Some("yes" | "not_sure"));
    new && (feet || (weak && both))
}

/// Every answer to `q`: unanswered, each value alone and, for `multi`
/// questions, nothing chosen and every real option at once.
fn every_answer(c: &Content, q: &str) -> Vec<Option<Value>> {
    let question = c.question(q).expect("known question");
    let mut out = vec![None];
    for v in question.values() {
        out.push(Some(value_for(question, v)));
    }
    if question.kind == Kind::Multi {
        out.push(Some(Value::Many(Vec::new())));
        let real: Vec<String> = question
            .values()
            .into_iter()
            .filter(|v| question.exclusive.as_deref() != Some(*v))
            .map(String::from)
            .collect();
        out.push(Some(Value::Many(real)));
    }
    out
}

/// Every combination of every answer to the later-combination questions.
fn later_combinations(c: &Content) -> Vec<Answers> {
    let mut all = vec![Answers::default()];
    for q in LATER_COMBINATION_QUESTIONS {
        let answers = every_answer(c, q);
        all = all
            .iter()
            .flat_map(|a| {
                answers.iter().map(move |v| {
                    let mut a = a.clone();
                    if let Some(v) = v {
                        a.set(q, v.clone());
                    }
                    a
                })
            })
            .collect();
    }
    all
}

/// Answers to every other question: the emergency screen all "no", and
/// `pick`-th warning answer of every other question (for `multi` questions,
/// all of them), so that a missing or spurious emergency would show.
fn background(c: &Content, pick: usize) -> Answers {
    let mut a = Answers::default();
    let warnings = warning_answers(c);
    for q in c.questions() {
        if LATER_COMBINATION_QUESTIONS.contains(&&*q.id) {
            continue;
        }
        if emergency_questions().iter().any(|e| *e == q.id) {
            // Screen signs stay "no" (they are proven separately above), but an
            // `urgent` sign on the screen (a swollen calf) is a warning like any other.
            let urgent = warnings.iter().any(|(w, _)| *w == q.id)
                && !signs_of(c).iter().any(|(w, _)| *w == q.id);
            let v = if urgent && pick > 0 { "yes" } else { "no" };
            a.set(&q.id, Value::One(v.into()));
            continue;
        }
        let values: Vec<&(String, String)> = warnings.iter().filter(|(w, _)| *w == q.id).collect();
        if values.is_empty() || pick == 0 {
            continue;
        }
        match q.kind {
            Kind::Multi => {
                for (_, v) in &values {
                    a = with_answer(c, &a, &q.id, v);
                }
            }
            _ => {
                let (_, v) = values[pick % values.len()];
                a = with_answer(c, &a, &q.id, v);
            }
        }
    }
    a
}

/// The emergency signs of the screen rules only (not the later combinations).
fn signs_of(c: &Content) -> Vec<(String, String)> {
    let screen = emergency_questions();
    emergency_signs(c)
        .into_iter()
        .filter(|(q, _)| screen.contains(q))
        .collect()
}

fn with_background(base: &Answers, combo: &Answers) -> Answers {
    let mut a = base.clone();
    for (q, v) in combo.0.iter() {
        a.set(q, v.clone());
    }
    a
}

#[test]
fn the_later_emergency_combinations_are_the_rules_this_file_knows() {
    // Every emergency rule that uses a question after the screen is one of the
    // two combinations proven below, declared to alert, using only their questions.
    let c = content();
    let screen = emergency_questions();
    let later: Vec<&str> = c
        .rules
        .iter()
        .filter(|r| {
            r.level == Level::Emergency
                && r.all
                    .iter()
                    .chain(r.any.iter())
                    .any(|x| !screen.contains(&x.q.to_string()))
        })
        .map(|r| {
            assert!(r.alert, "{} must raise the alert at once", r.id);
            for x in r.all.iter().chain(r.any.iter()) {
                assert!(
                    LATER_COMBINATION_QUESTIONS.contains(&&*x.q),
                    "{} uses {}: add it to the proof in tests/safety.rs",
                    r.id,
                    x.q
                );
            }
            &*r.id
        })
        .collect();
    assert_eq!(later, ["both_feet_numb_new", "both_legs_weakness_new"]);
    // The self-test's findings reach the rules through `weakness`.
    assert_eq!(
        c.question("self_test").and_then(|q| q.feeds.as_deref()),
        Some("weakness")
    );
    // Every emergency rule raises the alert.
    assert!(c
        .rules
        .iter()
        .filter(|r| r.level == Level::Emergency)
        .all(|r| r.alert));
}

/// Issue 11 item 1, exhaustively: every answer to every question the later
/// emergency combinations use, with every answer to `both_legs_weak`, over a
/// background of the rest of the screen answered "no", then (with
/// `both_legs_weak` unanswered or "no", the case that matters) over
/// backgrounds with warning answers to every other question. The level is
/// `emergency` exactly when a combination holds (or the screen sign), the
/// alert is raised exactly then, and the reasons name the combination.
#[test]
fn later_emergency_combinations_give_emergency_exactly_when_they_hold() {
    let c = content();
    let combos = later_combinations(c);
    assert!(combos.len() > 20_000, "{}", combos.len());
    let later_rules = ["both_feet_numb_new", "both_legs_weakness_new"];
    let mut emergencies = 0;
    for pick in 0..3 {
        let base = background(c, pick);
        assert!(evaluate(c, &base).level < Level::Emergency, "{base:?}");
        let screen_no =
            |a: &&Answers| !matches!(one(a, "both_legs_weak"), Some("yes" | "not_sure"));
        for combo in combos.iter().filter(|a| pick == 0 || screen_no(a)) {
            let a = with_background(&base, combo);
            let expected = later_emergency(&a)
                || matches!(one(&a, "both_legs_weak"), Some("yes" | "not_sure"));
            let result = evaluate(c, &a);
            assert_eq!(
                result.level == Level::Emergency,
                expected,
                "{combo:?} over {base:?} gave {result:?}"
            );
            let alerted = alerts(c, &result)
                .iter()
                .any(|r| r.level == Level::Emergency);
            assert_eq!(alerted, expected, "alert for {combo:?}");
            let named = result
                .reasons
                .iter()
                .any(|r| later_rules.contains(&r.rule.as_str()));
            assert_eq!(named, later_emergency(&a), "reasons for {combo:?}");
            emergencies += usize::from(later_emergency(&a));
        }
    }
    // The combinations are far from rare in the space: the proof is not vacuous.
    assert!(
        emergencies > combos.len() / 4,
        "{emergencies} of {}",
        combos.len()
    );
}

#[test]
fn adding_an_answer_to_a_later_combination_never_lowers_the_level() {
    let c = content();
    let warnings: Vec<(String, String)> = warning_answers(c)
        .into_iter()
        .filter(|(q, _)| LATER_COMBINATION_QUESTIONS.contains(&q.as_str()))
        .collect();
    assert!(warnings.len() >= 10, "{warnings:?}");
    let mut checked = 0;
    // `both_legs_weak` unanswered: "no" fires nothing either, and "yes" is an emergency already.
    for a in later_combinations(c)
        .iter()
        .filter(|a| a.get("both_legs_weak").is_none())
    {
        let before = evaluate(c, a).level;
        for (q, v) in warnings.iter().filter(|(q, v)| adds(c, a, q, v)) {
            let after = evaluate(c, &with_answer(c, a, q, v)).level;
            assert!(
                after >= before,
                "{q}={v} lowered {before:?} to {after:?} from {a:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50_000, "{checked}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Over the whole answer space: `emergency` exactly when a screen sign or a
    /// later combination holds.
    #[test]
    fn emergency_exactly_when_a_screen_sign_or_a_later_combination_holds(
        seeds in prop::collection::vec(any::<u64>(), 64),
    ) {
        let c = content();
        let a = answers_from(c, &seeds);
        let expected = has_sign(&a, &brief_signs()) || later_emergency(&a);
        prop_assert_eq!(evaluate(c, &a).level == Level::Emergency, expected, "{:?}", a);
    }
}

/// The example of issue 11: "no" on the first screen, then new numbness of both
/// feet and weakness that came on over days.
#[test]
fn the_issue_example_is_an_emergency_with_the_alert() {
    let c = content();
    let json = serde_json::json!({
        "both_legs_weak": "no",
        "numbness": ["both_feet"],
        "weakness": ["stairs_hard"],
        "weakness_onset": "days",
    });
    let (a, ignored) = parse_answers(c, &j(&json));
    assert!(ignored.is_empty(), "{ignored:?}");
    let result = evaluate(c, &a);
    assert_eq!(result.level, Level::Emergency);
    let alerted: Vec<&str> = alerts(c, &result).iter().map(|r| &*r.id).collect();
    assert!(alerted.contains(&"both_feet_numb_new"), "{alerted:?}");
    // The same weakness in one leg, over days: urgent, not emergency.
    let (a, _) = parse_answers(
        c,
        &j(&serde_json::json!({
            "both_legs_weak": "no",
            "weakness": ["toe_drags_foot_drop"],
            "weakness_both_legs": "no",
            "weakness_onset": "days",
        })),
    );
    assert_eq!(evaluate(c, &a).level, Level::Urgent);
    // Found by the self-test only, in both legs, getting worse: emergency.
    let (a, _) = parse_answers(
        c,
        &j(&serde_json::json!({
            "self_test": ["cannot_walk_on_heels"],
            "weakness_both_legs": "not_sure",
            "weakness_onset": "getting_worse",
        })),
    );
    assert_eq!(evaluate(c, &a).level, Level::Emergency);
}

// ---- The amber same-day notices (issue 11, items 2 and 6) ----

#[test]
fn a_calf_or_a_clot_risk_raises_the_amber_notice_at_once_and_stays_urgent() {
    let c = content();
    for calf in ["yes", "not_sure"] {
        let (a, _) = parse_answers(c, &j(&serde_json::json!({ "calf_swollen_red": calf })));
        let result = evaluate(c, &a);
        assert_eq!(result.level, Level::Urgent);
        assert_eq!(result.patterns, ["possible_clot"]);
        let notices: Vec<&str> = alerts(c, &result).iter().map(|r| &*r.id).collect();
        assert_eq!(notices, ["calf_swollen_red"]);
        let clot = c.question("clot_risks").expect("clot_risks");
        for risk in clot.values() {
            if clot.exclusive.as_deref() == Some(risk) {
                continue;
            }
            let (a, _) = parse_answers(
                c,
                &j(&serde_json::json!({ "calf_swollen_red": calf, "clot_risks": [risk] })),
            );
            let result = evaluate(c, &a);
            assert_eq!(result.level, Level::Urgent, "{risk}");
            assert!(
                alerts(c, &result).iter().any(|r| r.id == "calf_clot_risk"),
                "{risk}"
            );
        }
        // Breathless or chest pain stays an emergency.
        let (a, _) = parse_answers(
            c,
            &j(&serde_json::json!({ "calf_swollen_red": calf, "breathless_chest_pain": "yes" })),
        );
        assert_eq!(evaluate(c, &a).level, Level::Emergency);
    }
    // The risks are asked only after a swollen or painful calf.
    let (a, _) = parse_answers(c, &j(&serde_json::json!({ "clot_risks": ["clot_before"] })));
    assert_eq!(evaluate(c, &a).level, Level::SelfCare);
    // Every urgent alert names the emergency number for breathlessness or a worse turn,
    // and the clot notices say not to massage or soak the leg, and that a scan may be needed.
    for r in c
        .rules
        .iter()
        .filter(|r| r.alert && r.level == Level::Urgent)
    {
        let n = r.notice.as_ref().expect("notice");
        assert!(n.zh.contains("今天") && n.en.contains("today"), "{}", r.id);
        if r.patterns.iter().any(|p| p == "possible_clot") {
            for (t, words) in [
                (&n.zh, ["{phone}", "按摩", "泡", "B超"]),
                (&n.en, ["{phone}", "massage", "soak", "ultrasound"]),
            ] {
                for w in words {
                    assert!(t.contains(w), "{}: notice lacks {w}: {t}", r.id);
                }
            }
        }
    }
}

#[test]
fn the_statin_exception_says_it_is_the_only_one() {
    let c = content();
    let r = c.rule("statin_dark_urine").expect("statin_dark_urine");
    assert_eq!(r.level, Level::Urgent);
    assert!(r.alert);
    let n = r.notice.as_ref().expect("notice");
    for t in [&r.reason.zh, &n.zh] {
        assert!(
            t.contains("先不要吃下一次他汀") && t.contains("唯一"),
            "{t}"
        );
    }
    for t in [&r.reason.en, &n.en] {
        assert!(
            t.contains("next statin dose") && t.contains("one time"),
            "{t}"
        );
    }
    // Asked only of people on a statin.
    let (a, _) = parse_answers(
        c,
        &j(&serde_json::json!({ "statin_muscle_dark_urine": "yes" })),
    );
    assert_eq!(evaluate(c, &a).level, Level::SelfCare);
    let (a, _) = parse_answers(
        c,
        &j(&serde_json::json!({ "medicines": ["statin"], "statin_muscle_dark_urine": "not_sure" })),
    );
    assert_eq!(evaluate(c, &a).level, Level::Urgent);
    // Everywhere else the advice stays: never stop a medicine yourself, except this.
    let medication = c.pattern("medication").expect("medication");
    assert!(medication.about.zh.contains("例外"));
    assert!(c
        .ui_text("do_not_stop_medicine")
        .is_some_and(|t| t.zh.contains("例外")));
}

// ---- The safety net names every urgent and emergency trigger (issue 11, item 9) ----

/// Which "get help at once if…" item (advice.toml `[[safety_net]]`) names which
/// `urgent` or `emergency` rule. A new rule of those levels fails the test below
/// until an item names it here and in its text.
const SAFETY_NET_COVERS: &[(&str, &[&str])] = &[
    (
        "saddle_or_toilet",
        &[
            "ces_saddle_numbness",
            "ces_bladder",
            "ces_bowel",
            "ces_sexual",
        ],
    ),
    (
        "both_legs",
        &[
            "both_legs_weak",
            "both_feet_numb_new",
            "both_legs_weakness_new",
        ],
    ),
    ("cold_leg", &["leg_cold_pale"]),
    ("breathless", &["breathless_chest_pain"]),
    ("swollen_calf", &["calf_swollen_red", "calf_clot_risk"]),
    (
        "weakness_over_days",
        &["weakness_new", "weakness_getting_worse"],
    ),
    ("severe_night_pain", &["sudden_severe_night_pain"]),
    ("long_cramp", &["cramp_over_10_min"]),
    ("leg_blood_supply", &["limb_threat", "sore_not_healing"]),
    ("back_warning", &["back_red_flags"]),
    ("statin_dark_urine", &["statin_dark_urine"]),
];

#[test]
fn the_safety_net_names_every_urgent_and_emergency_trigger() {
    let c = content();
    for r in c.rules.iter().filter(|r| r.level >= Level::Urgent) {
        assert!(
            SAFETY_NET_COVERS
                .iter()
                .any(|(_, rules)| rules.contains(&&*r.id)),
            "no safety-net item names the {} rule {}",
            r.level.id(),
            r.id
        );
    }
    for (item, rules) in SAFETY_NET_COVERS {
        let advice = c
            .safety_net
            .iter()
            .find(|a| a.id == *item)
            .unwrap_or_else(|| panic!("no safety-net item {item}"));
        let zh = format!("{} {}", advice.title.zh, advice.text.zh);
        let en = format!("{} {}", advice.title.en, advice.text.en);
        for id in *rules {
            let rule = c.rule(id).unwrap_or_else(|| panic!("no rule {id}"));
            assert!(rule.level >= Level::Urgent, "{id} is not urgent");
            if rule.level == Level::Emergency {
                assert!(zh.contains("{phone}") && en.contains("{phone}"), "{item}");
            } else {
                assert!(
                    zh.contains("当天") && en.contains("same day"),
                    "{item}: {zh} / {en}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Issue 20: for every follow-up that must be answered, "not sure" counts
    /// toward the higher level: over the whole answer space it gives a level at
    /// least as high as any other answer to it, or none.
    #[test]
    fn not_sure_on_a_required_follow_up_is_as_urgent_as_any_other_answer(
        seeds in prop::collection::vec(any::<u64>(), 64),
    ) {
        let c = content();
        let base = answers_from(c, &seeds);
        prop_assert!(c.required_follow_ups.len() >= 5);
        for q in c.required_follow_ups.iter() {
            let question = c.question(q).expect("known question");
            let mut unsure = base.clone();
            unsure.set(q, value_for(question, "not_sure"));
            let top = evaluate(c, &unsure).level;
            let mut none = base.clone();
            none.remove(q);
            prop_assert!(top >= evaluate(c, &none).level, "{} unanswered over {:?}", q, base);
            for v in question.values() {
                let mut other = base.clone();
                other.set(q, value_for(question, v));
                prop_assert!(top >= evaluate(c, &other).level, "{}={} over {:?}", q, v, base);
            }
        }
    }
}
