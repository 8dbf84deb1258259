//! The journey's rules as queries on the answers: which steps are shown, what
//! is missing before a step, the review or the result, the emergency gate and
//! the alerts, the progress shown.

use super::*;

/// Records one input change, normalised to the question's kind.
pub fn choose(answers: &mut Answers, q: &Question, option: &str, checked: bool) {
    if !q.values().contains(&option) {
        return;
    }
    match q.kind {
        Kind::Single | Kind::YesNoUnsure if checked => {
            answers.set(&q.id, Value::One(option.to_string()))
        }
        Kind::YesNo if checked => answers.set(&q.id, Value::Bool(option == "yes")),
        Kind::Multi => {
            let mut chosen = match answers.get(&q.id) {
                Some(Value::Many(v)) => v.clone(),
                _ => Vec::new(),
            };
            let exclusive = q.exclusive.as_deref();
            if checked {
                // "None" and real options exclude each other.
                if Some(option) == exclusive {
                    chosen.clear();
                } else if let Some(x) = exclusive {
                    chosen.retain(|c| c != x);
                }
                if !chosen.iter().any(|c| c == option) {
                    chosen.push(option.to_string());
                }
            } else {
                chosen.retain(|c| c != option);
            }
            // Keep the file's order so the review and summary read naturally.
            let chosen: Vec<String> = q
                .options
                .iter()
                .filter(|o| chosen.iter().any(|c| *c == o.id))
                .map(|o| o.id.to_string())
                .collect();
            if chosen.is_empty() {
                answers.remove(&q.id);
            } else {
                answers.set(&q.id, Value::Many(chosen));
            }
        }
        // Radios are never unchecked by the person, only by choosing another.
        _ => {}
    }
}

/// Is this option currently chosen?
pub fn is_chosen(value: Option<&Value>, option: &str) -> bool {
    match value {
        Some(Value::One(v)) => v == option,
        Some(Value::Many(v)) => v.iter().any(|x| x == option),
        Some(Value::Bool(b)) => (option == "yes" && *b) || (option == "no" && !*b),
        None => false,
    }
}

/// The emergency questions still unanswered, in order.
pub fn missing_emergency<'c>(c: &'c Content, answers: &Answers) -> Vec<&'c str> {
    c.steps
        .first()
        .map(|s| {
            s.questions
                .iter()
                .filter(|q| q.show_if.is_empty() && answers.get(&q.id).is_none())
                .map(|q| q.id.as_ref())
                .collect()
        })
        .unwrap_or_default()
}

/// The required follow-ups (`Content::required_follow_ups`) that are shown and
/// unanswered, in flow order: Next does not go on past them, and neither the
/// review nor a result that is not an emergency is shown while one is open.
pub fn missing_follow_ups<'c>(c: &'c Content, answers: &Answers) -> Vec<&'c str> {
    answers
        .shown(c)
        .into_iter()
        .filter(|q| c.is_required_follow_up(q) && answers.get(q).is_none())
        .collect()
}

/// What Next on step `i` waits for, in order: on the emergency step every
/// question without a `show_if`, and on any step the required follow-ups shown there.
pub fn missing_on_step<'c>(c: &'c Content, answers: &Answers, i: usize) -> Vec<&'c str> {
    let emergency = if i == 0 {
        missing_emergency(c, answers)
    } else {
        Vec::new()
    };
    let follow_ups = missing_follow_ups(c, answers);
    c.steps
        .get(i)
        .map(|s| {
            s.questions
                .iter()
                .map(|q| &*q.id)
                .filter(|q| emergency.contains(q) || follow_ups.contains(q))
                .collect()
        })
        .unwrap_or_default()
}

/// The step a question is on.
pub fn step_of(c: &Content, q: &str) -> Option<usize> {
    c.steps
        .iter()
        .position(|s| s.questions.iter().any(|x| x.id == q))
}

/// For the review: the questions shown and unanswered that some rule reads,
/// other than the required follow-ups (Next has asked for those), in flow
/// order. The person may go on without them.
pub fn unanswered_for_review<'c>(c: &'c Content, answers: &Answers) -> Vec<&'c str> {
    let read = |q: &str| {
        c.rules
            .iter()
            .any(|r| r.all.iter().chain(r.any.iter()).any(|cd| cd.q == q))
    };
    answers
        .shown(c)
        .into_iter()
        .filter(|q| read(q) && !c.is_required_follow_up(q) && answers.get(q).is_none())
        .collect()
}

/// Every emergency question is answered: the gate to the rest of the journey.
pub fn gate_passed(c: &Content, answers: &Answers) -> bool {
    missing_emergency(c, answers).is_empty()
}

/// The answers as they stand give `emergency` (a screen sign or a later combination).
pub fn emergency_given(c: &Content, answers: &Answers) -> bool {
    engine::evaluate(c, answers).level == Level::Emergency
}

/// The emergency-step questions whose current answer is an emergency sign, in order.
pub fn emergency_answers(c: &Content, answers: &Answers) -> Vec<String> {
    let signs = engine::emergency_signs(c);
    c.steps
        .first()
        .map(|s| {
            s.questions
                .iter()
                .filter(|q| {
                    signs
                        .iter()
                        .any(|(sq, v)| sq == &q.id && is_chosen(answers.get(&q.id), v))
                })
                .map(|q| q.id.to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The questions of the fired emergency rules that hold now, in flow order.
pub(super) fn emergency_questions_holding(c: &Content, answers: &Answers) -> Vec<String> {
    let a = engine::evaluate(c, answers);
    let visible = answers.visible(c);
    let rules: Vec<&Rule> = engine::alerts(c, &a)
        .into_iter()
        .filter(|r| r.level == Level::Emergency)
        .collect();
    // In flow order: the shown questions, those a fired rule holds on.
    answers
        .shown(c)
        .into_iter()
        .filter(|q| {
            rules.iter().any(|r| {
                r.all
                    .iter()
                    .chain(r.any.iter())
                    .any(|cond| *cond.q == **q && visible.holds(cond))
            })
        })
        .map(String::from)
        .collect()
}

/// Where the red alert goes after `changed` was answered: right after it when
/// it raised or keeps the alert, else where it was, else the first sign.
pub(super) fn alert_position(
    c: &Content,
    answers: &Answers,
    changed: &str,
    before: Option<String>,
) -> Option<String> {
    let holding = emergency_questions_holding(c, answers);
    if holding.iter().any(|q| q == changed) {
        Some(changed.to_string())
    } else if before.as_ref().is_some_and(|b| holding.contains(b)) {
        before
    } else {
        holding.into_iter().next()
    }
}

/// The amber same-day notices standing (urgent alert rules that fired) and,
/// for each, the question after which it shows: the last of its conditions
/// that holds, in flow order. One notice per step: when several stand on the
/// same step (a swollen calf, then a clot risk asked right after it), the one
/// shown last, where the person is, says it all.
pub fn amber_notices<'c>(c: &'c Content, answers: &Answers) -> Vec<(&'c Rule, String)> {
    let a = engine::evaluate(c, answers);
    let visible = answers.visible(c);
    let order = answers.shown(c);
    let position = |q: &str| order.iter().position(|o| *o == q);
    let step_of = |q: &str| {
        c.steps
            .iter()
            .position(|s| s.questions.iter().any(|x| x.id == q))
    };
    let all: Vec<(&Rule, String)> = engine::alerts(c, &a)
        .into_iter()
        .filter(|r| r.level == Level::Urgent)
        .filter_map(|r| {
            let q = r
                .all
                .iter()
                .chain(r.any.iter())
                .filter(|cd| visible.holds(cd))
                .max_by_key(|cd| position(&cd.q))?;
            Some((r, q.q.to_string()))
        })
        .collect();
    all.iter()
        .filter(|(_, q)| {
            !all.iter()
                .any(|(_, other)| step_of(other) == step_of(q) && position(other) > position(q))
        })
        .cloned()
        .collect()
}

/// Is step `i` shown? The first step always is; others if any of their questions is.
pub fn step_shown(c: &Content, answers: &Answers, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let Some(step) = c.steps.get(i) else {
        return false;
    };
    let shown = answers.shown(c);
    step.questions.iter().any(|q| shown.contains(&&*q.id))
}

pub(super) fn next_step(c: &Content, answers: &Answers, i: usize) -> Option<usize> {
    (i + 1..c.steps.len()).find(|&j| step_shown(c, answers, j))
}

pub(super) fn prev_step(c: &Content, answers: &Answers, i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| step_shown(c, answers, j))
}

/// The shown steps, in order.
pub fn shown_steps(c: &Content, answers: &Answers) -> Vec<usize> {
    (0..c.steps.len())
        .filter(|&i| step_shown(c, answers, i))
        .collect()
}

/// (position, total) of the current screen for the progress indicator, 1-based;
/// the review counts as the last step. `None` outside the questionnaire.
pub fn progress(c: &Content, answers: &Answers, screen: Screen) -> Option<(usize, usize)> {
    let shown = shown_steps(c, answers);
    let total = shown.len() + 1;
    match screen {
        Screen::Step(i) => Some((shown.iter().filter(|&&j| j < i).count() + 1, total)),
        Screen::Review => Some((total, total)),
        Screen::Intro | Screen::Result | Screen::Diary => None,
    }
}
