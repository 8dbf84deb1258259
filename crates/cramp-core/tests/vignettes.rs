//! The vignette suite (tests/vignettes.jsonl): clinical cases written from the seeds
//! and the brief, each with its expected level and patterns, run through `assess`.

mod common;

use cramp_core::assess::assess_line;
use cramp_core::content::{embedded, Content, Level, NOT_SURE};
use cramp_core::engine::{parse_answers, Answers, Value};
use cramp_core::journey::{missing_on_step, reduce, Action, Host, Screen, State};
use cramp_core::json;
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct Vignette {
    id: String,
    source: String,
    answers: serde_json::Value,
    expect: Expect,
}

#[derive(Deserialize, PartialEq, Debug)]
struct Expect {
    level: String,
    patterns: BTreeSet<String>,
}

fn vignettes() -> Vec<Vignette> {
    let text = std::fs::read_to_string("tests/vignettes.jsonl").expect("tests/vignettes.jsonl");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("vignettes.jsonl line {}: {e}", i + 1))
        })
        .collect()
}

/// Compares one `assess` output line with a vignette's expectation; `None` when it matches.
fn mismatch(v: &Vignette, level: &str, patterns: BTreeSet<String>) -> Option<String> {
    let got = Expect {
        level: level.to_string(),
        patterns,
    };
    (got != v.expect).then(|| {
        format!(
            "{} ({}): expected {:?}, got {:?}",
            v.id, v.source, v.expect, got
        )
    })
}

#[test]
fn the_suite_is_large_unique_and_covers_seed_002_table_1() {
    common::at_root();
    let all = vignettes();
    assert!(all.len() >= 40, "only {} vignettes", all.len());
    let ids: BTreeSet<&str> = all.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "duplicate vignette ids");
    for row in 1..=9 {
        let tag = format!("seed 002 Table 1 row {row}");
        assert!(
            all.iter().any(|v| v.source.contains(&tag)),
            "no vignette for {tag}"
        );
    }
    for level in ["emergency", "urgent", "soon", "self_care"] {
        assert!(
            all.iter().any(|v| v.expect.level == level),
            "no vignette expects {level}"
        );
    }
    // No vignette may use an id the questionnaire does not know: that would test nothing.
    for v in &all {
        for key in v.answers.as_object().expect("answers object").keys() {
            assert!(
                embedded().question(key).is_some(),
                "{}: unknown question {key}",
                v.id
            );
        }
    }
}

#[test]
fn every_vignette_gets_its_expected_level_and_patterns() {
    common::at_root();
    let mut failures = Vec::new();
    for v in vignettes() {
        let (result, ignored) =
            assess_line(embedded(), &v.answers.to_string()).expect("valid JSON");
        assert!(ignored.is_empty(), "{}: ignored answers {ignored:?}", v.id);
        failures.extend(mismatch(
            &v,
            result.level.id(),
            result.patterns.into_iter().collect(),
        ));
    }
    assert!(
        failures.is_empty(),
        "{} vignette(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_assess_command_answers_every_vignette_as_expected() {
    common::at_root();
    let all = vignettes();
    let input: String = all.iter().map(|v| format!("{}\n", v.answers)).collect();
    let out = common::run_assess(&input);
    assert!(
        out.status.success(),
        "assess failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), all.len());
    let mut failures = Vec::new();
    for (v, line) in all.iter().zip(lines) {
        let json: serde_json::Value = serde_json::from_str(line).unwrap();
        let level = json["level"].as_str().unwrap();
        let patterns = json["patterns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        failures.extend(mismatch(v, level, patterns));
    }
    assert!(
        failures.is_empty(),
        "{} vignette(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every rule of the question files fires in at least one vignette, so every
/// rule has a worked case a clinician can read, and a rule that can no longer
/// fire shows up here too.
#[test]
fn every_rule_fires_in_some_vignette() {
    common::at_root();
    let c = embedded();
    let mut fired = BTreeSet::new();
    for v in vignettes() {
        let (result, _) = assess_line(c, &v.answers.to_string()).expect("valid JSON");
        fired.extend(result.reasons.into_iter().map(|r| r.rule));
    }
    let missing: Vec<&str> = c
        .rules
        .iter()
        .map(|r| &*r.id)
        .filter(|id| !fired.contains(*id))
        .collect();
    assert!(missing.is_empty(), "no vignette fires {missing:?}");
}

/// Every vignette says where it comes from, and a seed file it names is a seed.
#[test]
fn every_vignette_cites_its_source() {
    common::at_root();
    let mut cited = 0;
    for v in vignettes() {
        assert!(v.source.trim().len() > 10, "{}: cite a source", v.id);
        cited += common::check_seed_files(&v.id, &v.source);
    }
    assert!(cited > 0, "no vignette names a seed file");
}

/// The hurried-person walk (issue 20) of one vignette, through the real
/// reducer: on each step the person answers only the questions shown when the
/// step opens (from the vignette), presses Next, and answers whatever Next then
/// asks for (from the vignette, or "not sure" when it lacks it), until the result.
fn hurried_walk(c: &Content, answers: &Answers) -> Result<Level, String> {
    let mut s = State::new(Host::default());
    let mut act = |s: &mut State, a: Action| {
        let (next, _) = reduce(c, s.clone(), a);
        *s = next;
    };
    act(&mut s, Action::Start);
    let give = |s: &mut State, q: &str, act: &mut dyn FnMut(&mut State, Action)| {
        let value = answers.get(q).cloned();
        let picks: Vec<String> = match value {
            Some(Value::One(v)) => vec![v],
            Some(Value::Bool(b)) => vec![if b { "yes" } else { "no" }.to_string()],
            Some(Value::Many(vs)) => vs,
            None => Vec::new(),
        };
        for v in picks {
            act(
                s,
                Action::Choose {
                    question: q.to_string(),
                    option: v,
                    checked: true,
                },
            );
        }
    };
    for _ in 0..4 * c.steps.len() + 4 {
        match s.journey.screen {
            Screen::Step(i) => {
                // What is shown as the step opens, from the top.
                let shown: Vec<String> = s
                    .journey
                    .answers
                    .shown(c)
                    .into_iter()
                    .filter(|q| c.steps[i].questions.iter().any(|x| x.id == *q))
                    .map(String::from)
                    .collect();
                for q in &shown {
                    give(&mut s, q, &mut act);
                }
                act(&mut s, Action::Next);
                if s.journey.screen == Screen::Step(i) {
                    let asked: Vec<String> = missing_on_step(c, &s.journey.answers, i)
                        .into_iter()
                        .map(String::from)
                        .collect();
                    if asked.is_empty() || !s.ui.show_missing {
                        return Err(format!("Next stayed on step {i} without naming a question"));
                    }
                    for q in &asked {
                        if answers.get(q).is_some() {
                            give(&mut s, q, &mut act);
                        } else {
                            act(
                                &mut s,
                                Action::Choose {
                                    question: q.clone(),
                                    option: NOT_SURE.to_string(),
                                    checked: true,
                                },
                            );
                        }
                    }
                    act(&mut s, Action::Next);
                    if s.journey.screen == Screen::Step(i) {
                        return Err(format!("Next still refused on step {i} after {asked:?}"));
                    }
                }
            }
            Screen::Review => act(&mut s, Action::Next),
            Screen::Result => return Ok(s.assessment(c).level),
            other => return Err(format!("the walk reached {other:?}")),
        }
    }
    Err("the walk did not reach the result".into())
}

/// Done when (issue 20): the hurried-person walk reaches the level `assess`
/// gives, for every vignette.
#[test]
fn the_hurried_person_walk_reaches_the_level_assess_gives_for_every_vignette() {
    common::at_root();
    let c = embedded();
    let mut failures = Vec::new();
    let mut asked_for = 0;
    for v in vignettes() {
        let (expected, _) = assess_line(c, &v.answers.to_string()).expect("valid JSON");
        let (answers, _) = parse_answers(c, &json::parse(&v.answers.to_string()).unwrap());
        asked_for += usize::from(answers.shown(c).iter().any(|q| c.is_required_follow_up(q)));
        match hurried_walk(c, &answers) {
            Ok(level) if level == expected.level => {}
            Ok(level) => failures.push(format!(
                "{}: the walk gave {}, assess {}",
                v.id,
                level.id(),
                expected.level.id()
            )),
            Err(e) => failures.push(format!("{}: {e}", v.id)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} vignette(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Not vacuous: many vignettes have a follow-up that Next asks for.
    assert!(asked_for >= 30, "{asked_for}");
}
