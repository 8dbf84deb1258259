//! Reading and validating the question files in `questions/`.
//!
//! Every problem a clinician can make in a file (a typo in an id, a missing
//! translation, an unknown operator, a question nothing can reach) becomes a
//! [`LoadError`] that names the file and the id. The build script runs this and
//! fails the build on any error; the browser never parses question files.
//! This file is included by `build.rs` as well, so it depends only on `std`,
//! `serde`, `toml` and `model.rs`; so are its parts, named by `#[path]` so that
//! both includes find them: `load/raw.rs` (the files' shapes),
//! `load/sections.rs` (one function per section, called in order by
//! [`build`]) and `load/checks.rs` (the checks across sections).

use super::model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

#[path = "load/checks.rs"]
mod checks;
#[path = "load/raw.rs"]
mod raw;
#[path = "load/sections.rs"]
mod sections;

use checks::*;
use raw::*;

/// A problem in one question file, naming the file and the id it concerns.
#[derive(Debug)]
pub struct LoadError {
    /// The file, as given to the loader (e.g. `questions/20_cramps.toml`).
    pub file: String,
    /// The id of the step, question, rule, pattern… concerned, or `-` when none applies.
    pub id: String,
    pub kind: ErrorKind,
}

/// What went wrong. The variants are stable so tests can match on them.
#[derive(Debug)]
pub enum ErrorKind {
    /// The folder or a file could not be read.
    Io(std::io::Error),
    /// The file is not valid TOML or does not have the expected shape.
    Syntax(toml::de::Error),
    /// Two things of the same sort share an id.
    DuplicateId {
        what: &'static str,
    },
    /// A text lacks one of the languages.
    MissingTranslation {
        field: String,
        lang: &'static str,
    },
    /// A required field is empty or missing.
    Missing {
        field: &'static str,
    },
    UnknownKind(String),
    UnknownLevel(String),
    UnknownQuestion(String),
    UnknownOption {
        question: String,
        option: String,
    },
    UnknownPattern(String),
    UnknownDepartment(String),
    /// A condition uses an operator that does not exist.
    UnknownOperator(String),
    /// A condition has no operator, several, or one that does not fit the question's kind.
    BadCondition(String),
    /// A question or option no rule and no flow can reach.
    Unreachable(String),
    /// A rule that would break a safety invariant of the clinical brief.
    Unsafe(String),
    /// A glossary term (`[[term]]`) that cannot be checked as written.
    BadTerm(String),
    /// An id with characters other than `a`–`z`, `0`–`9` and `_`: ids become
    /// Rust names (`content::ids`), `data-*` values and link targets, so the
    /// loader refuses them here, naming the file and the id, rather than the
    /// compiler later in generated code.
    BadId {
        what: &'static str,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: `{}`: ", self.file, self.id)?;
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "cannot read: {e}"),
            ErrorKind::Syntax(e) => write!(f, "invalid file: {}", e.to_string().trim_end()),
            ErrorKind::DuplicateId { what } => write!(f, "duplicate {what} id"),
            ErrorKind::MissingTranslation { field, lang } => {
                write!(f, "missing `{lang}` translation of `{field}`")
            }
            ErrorKind::Missing { field } => write!(f, "`{field}` is missing or empty"),
            ErrorKind::UnknownKind(k) => write!(
                f,
                "unknown question kind `{k}` (expected single, multi, yes_no or yes_no_unsure)"
            ),
            ErrorKind::UnknownLevel(l) => write!(
                f,
                "unknown level `{l}` (expected emergency, urgent, soon or self_care)"
            ),
            ErrorKind::UnknownQuestion(q) => write!(f, "unknown question `{q}`"),
            ErrorKind::UnknownOption { question, option } => {
                write!(f, "question `{question}` has no option `{option}`")
            }
            ErrorKind::UnknownPattern(p) => write!(f, "unknown pattern `{p}`"),
            ErrorKind::UnknownDepartment(d) => write!(f, "unknown department `{d}`"),
            ErrorKind::UnknownOperator(o) => {
                write!(f, "unknown operator `{o}` (expected `in`, `has` or `is`)")
            }
            ErrorKind::BadCondition(m) => write!(f, "bad condition: {m}"),
            ErrorKind::Unreachable(m) => write!(f, "unreachable: {m}"),
            ErrorKind::Unsafe(m) => write!(f, "unsafe rule: {m}"),
            ErrorKind::BadTerm(m) => write!(f, "bad glossary term: {m}"),
            ErrorKind::BadId { what } => write!(
                f,
                "bad {what} id: use only lowercase letters a-z, digits and `_`"
            ),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            ErrorKind::Syntax(e) => Some(e),
            _ => None,
        }
    }
}

/// Collects errors so a clinician sees every problem of a change at once.
struct Checker {
    errors: Vec<LoadError>,
}

impl Checker {
    fn err(&mut self, file: &str, id: &str, kind: ErrorKind) {
        self.errors.push(LoadError {
            file: file.to_string(),
            id: id.to_string(),
            kind,
        });
    }

    fn text(&mut self, file: &str, id: &str, field: &str, raw: &RawText) -> Text {
        let mut pick = |lang: &'static str, v: &Option<String>| match v {
            Some(s) if !s.trim().is_empty() => Str::from(s.trim().to_string()),
            _ => {
                self.err(
                    file,
                    id,
                    ErrorKind::MissingTranslation {
                        field: field.to_string(),
                        lang,
                    },
                );
                Str::default()
            }
        };
        Text {
            zh: pick("zh", &raw.zh),
            en: pick("en", &raw.en),
        }
    }

    fn source(&mut self, file: &str, id: &str, s: &Option<String>) -> Str {
        match s {
            Some(s) if !s.trim().is_empty() => s.trim().to_string().into(),
            _ => {
                self.err(file, id, ErrorKind::Missing { field: "source" });
                Str::default()
            }
        }
    }

    fn unique<'a>(
        &mut self,
        what: &'static str,
        items: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) {
        let mut seen = BTreeSet::new();
        for (file, id) in items {
            if id.trim().is_empty() {
                self.err(file, id, ErrorKind::Missing { field: "id" });
            } else if what != "glossary term" && !is_plain_id(id) {
                self.err(file, id, ErrorKind::BadId { what });
            } else if !seen.insert(id) {
                self.err(file, id, ErrorKind::DuplicateId { what });
            }
        }
    }
}

/// An id that is safe as a Rust name part, an attribute value and a URL
/// fragment as it is: lowercase ASCII letters, digits and `_`.
fn is_plain_id(id: &str) -> bool {
    id.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Loads every `*.toml` file of `dir` (in file-name order, which is the order of
/// the steps) and validates the whole questionnaire.
pub fn load_dir(dir: &Path) -> Result<Content, Vec<LoadError>> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![LoadError {
            file: shown.clone(),
            id: "-".into(),
            kind: ErrorKind::Io(e),
        }]
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((name, text)),
            Err(e) => errors.push(LoadError {
                file: name,
                id: "-".into(),
                kind: ErrorKind::Io(e),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    load_sources(&files)
}

/// Validates question files given as `(file name, contents)`, in flow order.
pub fn load_sources(files: &[(String, String)]) -> Result<Content, Vec<LoadError>> {
    let mut ck = Checker { errors: Vec::new() };
    let mut raws = Vec::new();
    for (name, text) in files {
        match toml::from_str::<RawFile>(text) {
            Ok(raw) => raws.push((name.as_str(), raw)),
            Err(e) => {
                let id = e
                    .span()
                    .map_or_else(|| "-".into(), |at| id_at(text, at.start));
                ck.err(name, &id, ErrorKind::Syntax(e));
            }
        }
    }
    if !ck.errors.is_empty() {
        return Err(ck.errors);
    }
    let content = build(&mut ck, &raws);
    if ck.errors.is_empty() {
        Ok(content)
    } else {
        Err(ck.errors)
    }
}

/// The id of the entry (a `[[…]]` or `[…]` table) of the file `text` that
/// holds byte `at`, so that an error the TOML reader finds there (a field
/// misspelt, a quote left open) names it like every other error: the entry's
/// `id = "…"` (a glossary term's `concept = "…"`), or in a table of keys
/// (`[ui]`) the key on that line; `-` outside any entry.
fn id_at(text: &str, at: usize) -> String {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    let is_header = |l: &str| {
        let l = l.trim_start();
        l.starts_with('[') && l[1..].starts_with(|c: char| c == '[' || c.is_ascii_alphabetic())
    };
    let value_of = |line: &str, key: &str| {
        let rest = line.trim_start().strip_prefix(key)?.trim_start();
        let rest = rest.strip_prefix('=')?.trim_start().strip_prefix('"')?;
        Some(rest[..rest.find('"')?].to_string())
    };
    let Some(here) = lines.iter().rposition(|&(o, _)| o <= at) else {
        return "-".into();
    };
    let Some(head) = (0..=here).rev().find(|&i| is_header(lines[i].1)) else {
        return "-".into();
    };
    let end = (head + 1..lines.len())
        .find(|&i| is_header(lines[i].1))
        .unwrap_or(lines.len());
    let own = lines[head + 1..end]
        .iter()
        .find_map(|(_, l)| value_of(l, "id").or_else(|| value_of(l, "concept")));
    let key = || {
        let (k, _) = lines[here].1.split_once('=')?;
        let k = k.trim();
        let plain = !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        (here > head && plain).then(|| k.to_string())
    };
    own.or_else(key).unwrap_or_else(|| "-".into())
}

/// Turns the raw files into `Content`, recording every problem in `ck`.
/// Each section is read by its own function (`sections`), in an order where
/// everything a section refers to is known before it.
fn build(ck: &mut Checker, raws: &[(&str, RawFile)]) -> Content {
    let mut c = Content::default();
    let all_questions = sections::all_questions(raws);
    sections::check_ids(ck, raws, &all_questions);
    sections::departments(ck, raws, &mut c);
    sections::patterns(ck, raws, &mut c);
    sections::levels(ck, raws, &mut c);
    // A question's kind and options are needed before any condition can be checked.
    let qs = sections::Questions::read(ck, raws, &all_questions);
    sections::pattern_conditions(ck, raws, &qs, &mut c);
    sections::steps(ck, raws, &qs, &mut c);
    sections::rules(ck, raws, &qs, &mut c);
    check_coverage(ck, &c);
    check_alone_patterns(ck, &c);
    c.required_follow_ups = required_follow_ups(ck, &c).into();
    sections::tests_to_ask(ck, raws, &mut c);
    sections::advice(ck, raws, &qs, &mut c);
    sections::ui(ck, raws, &mut c);
    check_glossary(ck, raws);
    c
}

/// The seeds a source names, each once, in order: "seed 000 (…): …; seeds 001,
/// 003 (…)" → ["000", "001", "003"].
pub fn seeds_cited(source: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (at, _) in source.match_indices("seed") {
        let rest = &source[at + 4..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == ' '))
            .unwrap_or(rest.len());
        for n in rest[..end].split([',', ' ']) {
            if n.len() == 3 && !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        }
    }
    out
}
