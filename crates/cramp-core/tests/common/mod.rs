//! Shared helpers for the native tests: building answer sets over the whole answer space.

#![allow(dead_code)]

use cramp_core::content::{Content, Kind, Level, Op, Question, Text};
use cramp_core::engine::{rule_answers, Answers, Value};

/// The answer to `q` that satisfies "value `v` is chosen", for any kind.
pub fn value_for(q: &Question, v: &str) -> Value {
    match q.kind {
        Kind::YesNo => Value::Bool(v == "yes"),
        Kind::Single | Kind::YesNoUnsure => Value::One(v.to_string()),
        Kind::Multi => Value::Many(vec![v.to_string()]),
    }
}

/// Decodes one random number into an answer (or no answer) for `q`, so that a
/// vector of random numbers covers every question's whole range of answers.
pub fn decode(q: &Question, n: u64) -> Option<Value> {
    let values = q.values();
    let k = values.len() as u64;
    match q.kind {
        Kind::Multi => {
            if n % 5 == 0 {
                return None;
            }
            let bits = n >> 3;
            let mut chosen: Vec<String> = values
                .iter()
                .enumerate()
                .filter(|(i, _)| bits >> i & 1 == 1)
                .map(|(_, v)| v.to_string())
                .collect();
            if let Some(x) = &q.exclusive {
                if chosen.len() > 1 {
                    chosen.retain(|c| c != x);
                }
            }
            Some(Value::Many(chosen))
        }
        _ => {
            let i = n % (k + 1);
            (i < k).then(|| value_for(q, values[i as usize]))
        }
    }
}

/// An answer set from one random number per question (in questionnaire order).
pub fn answers_from(content: &Content, seeds: &[u64]) -> Answers {
    let mut a = Answers::default();
    for (q, n) in content.questions().zip(seeds.iter().copied()) {
        if let Some(v) = decode(q, n) {
            a.set(&q.id, v);
        }
    }
    a
}

/// Every (question, value) that some rule above `self_care` can fire on: the warning answers.
pub fn warning_answers(content: &Content) -> Vec<(String, String)> {
    rule_answers(content, |level| level > Level::SelfCare)
}

/// `base` with the warning answer `q = v` added: a multi-choice answer gains the
/// option (losing an exclusive "none"), any other kind is set to it.
pub fn with_answer(content: &Content, base: &Answers, q: &str, v: &str) -> Answers {
    let question = content.question(q).expect("known question");
    let mut a = base.clone();
    let new = match (question.kind, base.get(q)) {
        (Kind::Multi, Some(Value::Many(old))) => {
            let mut list: Vec<String> = old
                .iter()
                .filter(|x| Some(x.as_str()) != question.exclusive.as_deref())
                .cloned()
                .collect();
            if !list.iter().any(|x| x == v) {
                list.push(v.to_string());
            }
            Value::Many(list)
        }
        _ => value_for(question, v),
    };
    a.set(q, new);
    a
}

/// The smallest answer set that makes every condition of `rule` hold (its first
/// `any` condition), plus whatever reveals the questions it needs.
pub fn answers_firing(content: &Content, rule_id: &str) -> Answers {
    let rule = content.rule(rule_id).expect("known rule");
    let mut a = Answers::default();
    for c in rule.all.iter().chain(rule.any.first()) {
        let q = content.question(&c.q).expect("known question");
        let v = match &c.op {
            Op::In(vs) | Op::Has(vs) => vs[0].to_string(),
            Op::IsTrue => "yes".to_string(),
        };
        a = with_answer(content, &a, &q.id, &v);
    }
    // Reveal questions hidden by `show_if` (the loader guarantees it names earlier questions).
    for _ in 0..4 {
        for step in content.steps.iter() {
            for q in step.questions.iter() {
                if a.get(&q.id).is_some() && !a.is_shown(content, &q.id) {
                    let step_hidden =
                        !step.show_if.is_empty() && !step.show_if.iter().any(|c| a.holds(c));
                    let list = if step_hidden {
                        &step.show_if
                    } else {
                        &q.show_if
                    };
                    if let Some(c) = list.first() {
                        let v = match &c.op {
                            Op::In(vs) | Op::Has(vs) => vs[0].to_string(),
                            Op::IsTrue => "yes".to_string(),
                        };
                        a = with_answer(content, &a, &c.q, &v);
                    }
                }
            }
        }
    }
    a
}

/// Runs the real `assess` binary on `input` (JSON Lines) and returns what it printed.
/// Standard input is written from another thread so a large input cannot deadlock.
pub fn run_assess(input: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_assess"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run assess");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("assess output");
    writer
        .join()
        .expect("writer thread")
        .expect("write to assess");
    out
}

/// Runs the test from the top of the workspace, where `questions/` and
/// `tests/vignettes.jsonl` are, so file names read as a clinician knows them
/// (`questions/20_cramps.toml`). Every test sets the same folder, so the
/// process-wide working directory is never contested.
pub fn at_root() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        std::env::set_current_dir(root).expect("the workspace root");
    });
}

/// The seed documents, by file name: the sources cite them as "seed 004
/// (004_7691d2afcd462506.txt): …". They sit beside the repository
/// (`../shared/seeds`); a clone without them still checks every citation
/// against this list, and `the_seed_list_is_the_seed_folder` checks the list
/// against the folder where it is there.
pub const SEED_FILES: [&str; 5] = [
    "000_b2b82060c9a14bd7.txt",
    "001_06d396a5b1d7020d.txt",
    "002_729ce4855b307d25.txt",
    "003_550b9b7c9cec398b.txt",
    "004_7691d2afcd462506.txt",
];

/// Fails unless every seed file that `source` (of `id`) names is one of
/// `SEED_FILES`, and is named as a seed the way the loader reads it
/// (`seeds_cited`: "seed 004 (004_….txt)"); returns how many it names.
pub fn check_seed_files(id: &str, source: &str) -> usize {
    let seeds = cramp_core::content::load::seeds_cited(source);
    let cited: Vec<&str> = source
        .split(['(', ')', ',', ' ', ';', ':'])
        .filter(|part| part.ends_with(".txt"))
        .collect();
    for file in &cited {
        assert!(
            SEED_FILES.contains(file),
            "{id} cites unknown seed file {file}"
        );
        assert!(
            seeds.iter().any(|n| file.starts_with(&format!("{n}_"))),
            "{id} names {file} but not as \"seed {}\" (seeds read: {seeds:?})",
            &file[..3]
        );
    }
    cited.len()
}

/// A serde_json value as the core's JSON tree (tests write JSON with `serde_json::json!`).
pub fn j(v: &serde_json::Value) -> cramp_core::json::Json {
    cramp_core::json::parse(&v.to_string()).expect("serde_json writes JSON")
}

/// A diary entry with the common answers (left leg, seconds, 5, woke), at `at_ms` in zone `offset_min`.
pub fn entry(id: &str, at_ms: i64, offset_min: i32) -> cramp_core::diary::Entry {
    use cramp_core::diary::{Duration, Entry, Leg};
    Entry {
        id: id.to_string(),
        at_ms,
        offset_min,
        leg: Leg::Left,
        duration: Duration::Seconds,
        severity: 5,
        woke: true,
        numb_after: false,
        activity: None,
    }
}

/// Every text a person sees, with where it comes from. Citations (`source`)
/// quote the seeds as written and are left out.
pub fn visible_texts(c: &Content) -> Vec<(String, &Text)> {
    let mut out = Vec::new();
    for s in c.steps.iter() {
        out.push((s.id.to_string(), &s.title));
        out.extend(s.intro.iter().map(|t| (s.id.to_string(), t)));
        for q in s.questions.iter() {
            out.push((q.id.to_string(), &q.text));
            out.extend(q.help.iter().map(|t| (q.id.to_string(), t)));
            out.extend(q.tell_doctor.iter().map(|t| (q.id.to_string(), t)));
            out.extend(
                q.options
                    .iter()
                    .map(|o| (format!("{} {}", q.id, o.id), &o.label)),
            );
        }
    }
    for r in c.rules.iter() {
        out.push((r.id.to_string(), &r.reason));
        out.extend(r.notice.iter().map(|t| (r.id.to_string(), t)));
    }
    for p in c.patterns.iter() {
        out.push((p.id.to_string(), &p.name));
        out.push((p.id.to_string(), &p.about));
    }
    out.extend(c.departments.iter().map(|d| (d.id.to_string(), &d.name)));
    for l in c.levels.iter() {
        for t in [&l.title, &l.action, &l.by_when] {
            out.push((l.level.id().to_string(), t));
        }
    }
    for a in c
        .self_care
        .iter()
        .chain(c.stretches.iter())
        .chain(c.safety_net.iter())
    {
        out.push((a.id.to_string(), &a.title));
        out.push((a.id.to_string(), &a.text));
        out.extend(a.caution.iter().map(|t| (a.id.to_string(), t)));
    }
    out.extend(c.tests_to_ask.iter().map(|t| (t.id.to_string(), &t.text)));
    out.extend(c.ui.iter().map(|u| (u.key.to_string(), &u.text)));
    out
}

/// Every question file of questions/, in file-name order, as (path, text).
pub fn real_files() -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir("questions")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// The real files with `changes` applied, each as (file, from, to): `from`
/// must be in `file`, and its first occurrence becomes `to`.
pub fn real_files_with(changes: &[(&str, &str, &str)]) -> Vec<(String, String)> {
    let mut files = real_files();
    for (file, from, to) in changes {
        let (_, text) = files
            .iter_mut()
            .find(|(f, _)| f.ends_with(file))
            .unwrap_or_else(|| panic!("no file {file}"));
        assert!(text.contains(from), "{file} does not contain {from:?}");
        *text = text.replacen(from, to, 1);
    }
    files
}

/// Load errors as the build prints them, one a line, for a failing assertion's message.
pub fn shown(errors: &[cramp_core::content::load::LoadError]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
