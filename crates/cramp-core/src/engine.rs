//! The clinical engine: answers in, triage out. Pure: no browser, no I/O, never panics.
//!
//! The level is the most urgent level among the rules that fire, `self_care`
//! when none does. Conditions are positive only (see `content::Op`), so adding a
//! warning answer can only make more rules fire: the level never goes down.

use crate::content::{Condition, Content, Kind, Level, Op, Question};
use crate::json::Json;
use serde::Serialize;

/// One answer, normalised to the question's kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `single` (an option id) and `yes_no_unsure` (`yes`, `no` or `not_sure`).
    One(String),
    /// `multi`: the option ids chosen.
    Many(Vec<String>),
    /// `yes_no`.
    Bool(bool),
}

/// A map from text keys kept as a vector sorted by key. Answer sets hold a few
/// dozen entries; a sorted vector does all the engine needs with a fraction of
/// a B-tree's code in the wasm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Map<V>(Vec<(String, V)>);

impl<V> Default for Map<V> {
    fn default() -> Map<V> {
        Map(Vec::new())
    }
}

impl<V> Map<V> {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key`, returning the value it had.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut V) -> bool) {
        self.0.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<V> FromIterator<(String, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Map<V> {
        let mut m = Map::default();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<V> IntoIterator for Map<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// Answers keyed by question id. An unanswered question is "not reported".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(pub Map<Value>);

impl Answers {
    pub fn get(&self, q: &str) -> Option<&Value> {
        self.0.get(q)
    }

    pub fn set(&mut self, q: &str, v: Value) {
        self.0.insert(q.to_string(), v);
    }

    pub fn remove(&mut self, q: &str) {
        self.0.remove(q);
    }

    /// Does `cond` hold for these answers?
    pub fn holds(&self, cond: &Condition) -> bool {
        match (&cond.op, self.get(&cond.q)) {
            (Op::In(vs), Some(Value::One(a))) => vs.iter().any(|v| v == a),
            (Op::Has(vs), Some(Value::Many(a))) => a.iter().any(|x| vs.iter().any(|v| v == x)),
            (Op::IsTrue, Some(Value::Bool(b))) => *b,
            // "Not sure" counts as yes: if in doubt, get checked.
            (Op::IsTrue, Some(Value::One(a))) => a == "yes" || a == "not_sure",
            _ => false,
        }
    }

    /// Is this question shown, given the answers so far? (`show_if` of its step and itself.)
    pub fn is_shown(&self, content: &Content, q: &str) -> bool {
        self.pass(content).1.contains(&q)
    }

    /// The ids of the questions shown, in flow order (see [`Answers::visible`]).
    pub fn shown<'c>(&self, content: &'c Content) -> Vec<&'c str> {
        self.pass(content).1
    }

    /// The answers to questions that are shown, with what feeding questions add:
    /// what the person can see is what is assessed. **The** one place of the
    /// rule "only shown questions count": the engine, the journey, FHIR and the
    /// summary all go through here.
    ///
    /// One pass in flow order: a `show_if` only names earlier questions (the
    /// loader checks), so each question is judged on the shown answers before
    /// it. An answer left behind on a question that is now hidden therefore
    /// never shows another question (as FHIR's `enableWhen` reads it), and a
    /// hidden feeding question feeds nothing.
    pub fn visible(&self, content: &Content) -> Answers {
        self.pass(content).0
    }

    fn pass<'c>(&self, content: &'c Content) -> (Answers, Vec<&'c str>) {
        let mut out = Answers::default();
        let mut shown_ids = Vec::new();
        // What feeding questions add, by the question they feed.
        let mut fed: Vec<(&str, Vec<String>)> = Vec::new();
        for step in content.steps.iter() {
            let step_shown = step.show_if.is_empty() || step.show_if.iter().any(|c| out.holds(c));
            for q in step.questions.iter() {
                let shown =
                    step_shown && (q.show_if.is_empty() || q.show_if.iter().any(|c| out.holds(c)));
                if !shown {
                    continue;
                }
                shown_ids.push(&*q.id);
                let mut value = self.get(&q.id).cloned();
                if let Some(i) = fed.iter().position(|(t, _)| *t == &*q.id) {
                    value = Some(add_options(q, value, fed.remove(i).1));
                }
                let Some(value) = value else { continue };
                if let (Some(target), Value::Many(chosen)) = (q.feeds.as_deref(), &value) {
                    match fed.iter_mut().find(|(t, _)| *t == target) {
                        Some((_, list)) => list.extend(chosen.iter().cloned()),
                        None => fed.push((target, chosen.clone())),
                    }
                }
                out.set(&q.id, value);
            }
        }
        (out, shown_ids)
    }
}

/// `value` (a `multi` answer, or none) with the options `extra` added that `q`
/// offers, in the question's order; a real finding drops the exclusive "none".
fn add_options(q: &Question, value: Option<Value>, extra: Vec<String>) -> Value {
    let mut chosen = match value {
        Some(Value::Many(v)) => v,
        _ => Vec::new(),
    };
    chosen.extend(extra);
    let values = q.values();
    let mut out: Vec<String> = values
        .iter()
        .filter(|v| chosen.iter().any(|c| c == *v))
        .map(|v| v.to_string())
        .collect();
    if let Some(x) = &q.exclusive {
        if out.len() > 1 {
            out.retain(|c| c != &**x);
        }
    }
    Value::Many(out)
}

/// Why a part of the input was not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ignored {
    /// The question id (or key) concerned.
    pub key: String,
    pub why: String,
}

/// Reads answers from JSON, keyed by question id. Never fails: anything that is
/// not a known question with a valid value is left out and reported.
///
/// Values are read leniently in the safe direction: `true`/`false` are accepted
/// for yes/no/not-sure questions and `"yes"`/`"no"` for yes/no questions, so a
/// caller's choice of spelling can never hide an emergency answer.
pub fn parse_answers(content: &Content, json: &Json) -> (Answers, Vec<Ignored>) {
    let mut answers = Answers::default();
    let mut ignored = Vec::new();
    let Some(map) = json.as_object() else {
        ignored.push(Ignored {
            key: "-".into(),
            why: "an answer set must be a JSON object".into(),
        });
        return (answers, ignored);
    };
    for (key, value) in map {
        let Some(q) = content.question(key) else {
            ignored.push(Ignored {
                key: key.clone(),
                why: "unknown question".into(),
            });
            continue;
        };
        match read_value(q, value, &mut ignored) {
            Some(v) => answers.set(key, v),
            None if value.is_null() => {}
            None => ignored.push(Ignored {
                key: key.clone(),
                why: format!(
                    "value {} does not fit a `{}` question",
                    value.write(),
                    q.kind.id()
                ),
            }),
        }
    }
    (answers, ignored)
}

fn read_value(q: &Question, value: &Json, ignored: &mut Vec<Ignored>) -> Option<Value> {
    use Json as J;
    let valid = |s: &str| q.values().contains(&s);
    match (q.kind, value) {
        (Kind::YesNo, J::Bool(b)) => Some(Value::Bool(*b)),
        (Kind::YesNo, J::Str(s)) if s == "yes" || s == "no" => Some(Value::Bool(s == "yes")),
        (Kind::YesNoUnsure, J::Bool(b)) => Some(Value::One(if *b { "yes" } else { "no" }.into())),
        (Kind::Single | Kind::YesNoUnsure, J::Str(s)) if valid(s) => Some(Value::One(s.clone())),
        (Kind::Multi, J::Str(s)) if valid(s) => Some(Value::Many(vec![s.clone()])),
        (Kind::Multi, J::Array(items)) => {
            let mut chosen: Vec<String> = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(s) if valid(s) => {
                        if !chosen.iter().any(|c| c == s) {
                            chosen.push(s.to_string());
                        }
                    }
                    _ => ignored.push(Ignored {
                        key: q.id.to_string(),
                        why: format!("unknown option {}", item.write()),
                    }),
                }
            }
            // "None" together with real options means the options: never let "none" hide a sign.
            if let Some(x) = &q.exclusive {
                if chosen.len() > 1 {
                    chosen.retain(|c| c != x);
                }
            }
            Some(Value::Many(chosen))
        }
        _ => None,
    }
}

/// One fired rule and the answers (question ids) that made it fire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub rule: String,
    pub answers: Vec<String>,
}

/// The triage of one answer set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub level: Level,
    pub patterns: Vec<String>,
    pub departments: Vec<String>,
    /// Most urgent first; within a level, in the order of the question files.
    pub reasons: Vec<Reason>,
}

/// Turns answers into a triage. Only answers to questions that are shown count.
pub fn evaluate(content: &Content, answers: &Answers) -> Assessment {
    let answers = answers.visible(content);
    let mut fired: Vec<(Level, Reason)> = Vec::new();
    for rule in content.rules.iter() {
        let all_hold = rule.all.iter().all(|c| answers.holds(c));
        let any_hold = rule.any.is_empty() || rule.any.iter().any(|c| answers.holds(c));
        if !(all_hold && any_hold) || (rule.all.is_empty() && rule.any.is_empty()) {
            continue;
        }
        let mut ids: Vec<String> = Vec::new();
        for c in rule.all.iter().chain(rule.any.iter()) {
            if answers.holds(c) && !ids.iter().any(|i| *i == c.q) {
                ids.push(c.q.to_string());
            }
        }
        fired.push((
            rule.level,
            Reason {
                rule: rule.id.to_string(),
                answers: ids,
            },
        ));
    }
    // Most urgent first, file order within a level (grouping by level, not a
    // sort: the same order, and no sort code in the wasm).
    let mut fired: Vec<(Level, Reason)> = Level::ALL
        .iter()
        .rev()
        .flat_map(|l| fired.iter().filter(move |f| f.0 == *l).cloned())
        .collect();
    let level = fired.first().map_or(Level::SelfCare, |f| f.0);
    // A self-care rule ("consistent with common night cramps") must not sit
    // beside advice to get help today or now: it could falsely reassure.
    if level >= Level::Urgent {
        fired.retain(|f| f.0 > Level::SelfCare);
    }
    // The patterns the answers support: a pattern is left out when one of its
    // `not_if` holds (peroneal is one-sided), and a pattern shown only alone
    // (typical night cramps) when another is shown.
    let rule_of = |r: &Reason| content.rule(&r.rule);
    let mut named: Vec<&str> = Vec::new();
    for (_, reason) in &fired {
        for p in rule_of(reason).map(|r| &*r.patterns).unwrap_or_default() {
            let p = content.pattern(p);
            let kept = p.is_some_and(|p| !p.not_if.iter().any(|c| answers.holds(c)));
            if let Some(p) = p.filter(|_| kept) {
                if !named.contains(&&*p.id) {
                    named.push(&p.id);
                }
            }
        }
    }
    let others = named
        .iter()
        .any(|p| content.pattern(p).is_some_and(|p| !p.alone));
    named.retain(|p| !(others && content.pattern(p).is_some_and(|p| p.alone)));
    // A rule whose patterns are all left out is left out of the reasons too
    // (its reason names the pattern), unless no other rule gives its level or
    // it raises an alert.
    let left_out = |r: &Reason| {
        rule_of(r).is_some_and(|r| {
            !r.alert && !r.patterns.is_empty() && !r.patterns.iter().any(|p| named.contains(&&**p))
        })
    };
    let drop: Vec<bool> = fired
        .iter()
        .map(|(l, r)| left_out(r) && fired.iter().any(|(m, o)| m >= l && !left_out(o)))
        .collect();
    let mut drop = drop.into_iter();
    fired.retain(|_| !drop.next().unwrap_or(false));
    let mut patterns: Vec<String> = Vec::new();
    let mut departments: Vec<String> = Vec::new();
    let push = |list: &mut Vec<String>, id: &str| {
        if !list.iter().any(|x| x == id) {
            list.push(id.to_string());
        }
    };
    for (_, reason) in &fired {
        let Some(rule) = content.rule(&reason.rule) else {
            continue;
        };
        for d in rule.departments.iter() {
            push(&mut departments, d);
        }
        for p in rule.patterns.iter().filter(|p| named.contains(&&***p)) {
            push(&mut patterns, p);
            for d in content
                .pattern(p)
                .map(|p| &*p.departments)
                .unwrap_or_default()
            {
                push(&mut departments, d);
            }
        }
    }
    Assessment {
        level,
        patterns,
        departments,
        reasons: fired.into_iter().map(|f| f.1).collect(),
    }
}

/// The fired rules that raise an alert at once (`alert`: every emergency rule,
/// and urgent rules with an amber same-day notice), most urgent first.
pub fn alerts<'a>(content: &'a Content, assessment: &Assessment) -> Vec<&'a crate::content::Rule> {
    assessment
        .reasons
        .iter()
        .filter_map(|r| content.rule(&r.rule))
        .filter(|r| r.alert)
        .collect()
}

/// Every (question, value) that on its own gives `emergency`: the emergency
/// signs (of the rules that fire on any one of their answers; the later
/// combinations, which need several answers together, are not signs alone).
pub fn emergency_signs(content: &Content) -> Vec<(String, String)> {
    condition_answers(
        content,
        content
            .rules
            .iter()
            .filter(|r| r.level == Level::Emergency && r.all.is_empty())
            .flat_map(|r| r.any.iter()),
    )
}

/// Every (question, value) that some rule whose level passes `keep` can fire on,
/// in rule order, without repeats.
pub fn rule_answers(content: &Content, keep: impl Fn(Level) -> bool) -> Vec<(String, String)> {
    condition_answers(
        content,
        content
            .rules
            .iter()
            .filter(|r| keep(r.level))
            .flat_map(|r| r.all.iter().chain(r.any.iter())),
    )
}

/// The (question, value) pairs that `conditions` hold on, in order, without
/// repeats, leaving out values the question does not offer.
fn condition_answers<'a>(
    content: &Content,
    conditions: impl Iterator<Item = &'a Condition>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in conditions {
        let valid = content
            .question(&c.q)
            .map(|q| q.values())
            .unwrap_or_default();
        for v in c.values().into_iter().filter(|v| valid.contains(v)) {
            let pair = (c.q.to_string(), v.to_string());
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    out
}
