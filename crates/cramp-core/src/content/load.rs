//! Reading and validating the question files in `questions/`.
//!
//! Every problem a clinician can make in a file (a typo in an id, a missing
//! translation, an unknown operator, a question nothing can reach) becomes a
//! [`LoadError`] that names the file and the id. The build script runs this and
//! fails the build on any error; the browser never parses question files.
//! This file is included by `build.rs` as well, so it depends only on `std`,
//! `serde`, `toml` and `model.rs`.

use super::model::*;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

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

// ---- The raw shapes of the files, exactly as a clinician writes them. ----

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    step: Option<RawStep>,
    #[serde(default)]
    question: Vec<RawQuestion>,
    #[serde(default)]
    rule: Vec<RawRule>,
    #[serde(default)]
    pattern: Vec<RawPattern>,
    #[serde(default)]
    department: Vec<RawDepartment>,
    #[serde(default)]
    level: Vec<RawLevel>,
    #[serde(default)]
    self_care: Vec<RawAdvice>,
    #[serde(default)]
    stretch: Vec<RawAdvice>,
    #[serde(default)]
    safety_net: Vec<RawAdvice>,
    #[serde(default)]
    ui: BTreeMap<String, RawText>,
    #[serde(default)]
    test_to_ask: Vec<RawTestToAsk>,
    /// The glossary (`questions/glossary.toml`): one name per concept. The
    /// loader checks each term's shape; `tests/wording.rs` checks the texts
    /// against it. Nothing of it is compiled in.
    #[serde(default)]
    term: Vec<RawTerm>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct RawText {
    zh: Option<String>,
    en: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: String,
    title: RawText,
    intro: Option<RawText>,
    #[serde(default)]
    show_if: Vec<RawCondition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: String,
    zh: Option<String>,
    en: Option<String>,
    drawing: Option<String>,
    /// This option satisfies every condition the named option of the same
    /// question satisfies ("not sure" when weakness came on counts as "in the
    /// last few days"). The loader writes it into the conditions.
    counts_as: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawInformational {
    All(bool),
    Some(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    kind: String,
    text: RawText,
    help: Option<RawText>,
    #[serde(default)]
    options: Vec<RawOption>,
    exclusive: Option<String>,
    #[serde(default)]
    show_if: Vec<RawCondition>,
    informational: Option<RawInformational>,
    feeds: Option<String>,
    drawing: Option<String>,
    tell_doctor: Option<RawText>,
}

/// A condition is a table with `q` and one operator key; kept loose so that an
/// unknown operator gets its own clear error rather than a generic parse error.
type RawCondition = BTreeMap<String, toml::Value>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    level: String,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    departments: Vec<String>,
    #[serde(default)]
    all: Vec<RawCondition>,
    #[serde(default)]
    any: Vec<RawCondition>,
    source: Option<String>,
    reason: RawText,
    alert: Option<bool>,
    notice: Option<RawText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    id: String,
    name: RawText,
    about: RawText,
    #[serde(default)]
    departments: Vec<String>,
    source: Option<String>,
    #[serde(default)]
    alone: bool,
    #[serde(default)]
    not_if: Vec<RawCondition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartment {
    id: String,
    name: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    id: String,
    title: RawText,
    action: RawText,
    by_when: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdvice {
    id: String,
    title: RawText,
    text: RawText,
    source: Option<String>,
    #[serde(default)]
    first_if: Vec<RawCondition>,
    caution: Option<RawText>,
    #[serde(default)]
    caution_if: Vec<RawCondition>,
    drawing: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    concept: String,
    lang: String,
    #[serde(rename = "use")]
    preferred: String,
    avoid: Vec<String>,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTestToAsk {
    id: String,
    patterns: Vec<String>,
    text: RawText,
    source: Option<String>,
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
            Err(e) => ck.err(name, "-", ErrorKind::Syntax(e)),
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

/// Turns the raw files into `Content`, recording every problem in `ck`.
fn build(ck: &mut Checker, raws: &[(&str, RawFile)]) -> Content {
    let mut c = Content::default();

    // Ids first, so later checks can refer to them.
    let all_questions: Vec<(&str, &RawQuestion)> = raws
        .iter()
        .flat_map(|(f, r)| r.question.iter().map(move |q| (*f, q)))
        .collect();
    ck.unique(
        "question",
        all_questions.iter().map(|(f, q)| (*f, q.id.as_str())),
    );
    ck.unique(
        "step",
        raws.iter()
            .filter_map(|(f, r)| r.step.as_ref().map(|s| (*f, s.id.as_str()))),
    );
    // A step's id is its screen's name: it cannot be the name of a fixed screen.
    for (file, raw) in raws {
        if let Some(step) = &raw.step {
            if Screen::FIXED.iter().any(|(_, name)| *name == step.id) {
                ck.err(file, &step.id, ErrorKind::DuplicateId { what: "screen" });
            }
        }
    }
    ck.unique(
        "rule",
        raws.iter()
            .flat_map(|(f, r)| r.rule.iter().map(move |x| (*f, x.id.as_str()))),
    );
    ck.unique(
        "pattern",
        raws.iter()
            .flat_map(|(f, r)| r.pattern.iter().map(move |x| (*f, x.id.as_str()))),
    );
    ck.unique(
        "department",
        raws.iter()
            .flat_map(|(f, r)| r.department.iter().map(move |x| (*f, x.id.as_str()))),
    );
    for (what, pick) in [
        (
            "self-care",
            (|r: &RawFile| &r.self_care) as fn(&RawFile) -> &Vec<RawAdvice>,
        ),
        ("stretch", |r: &RawFile| &r.stretch),
        ("safety-net", |r: &RawFile| &r.safety_net),
    ] {
        ck.unique(
            what,
            raws.iter()
                .flat_map(|(f, r)| pick(r).iter().map(move |x| (*f, x.id.as_str()))),
        );
    }
    ck.unique(
        "test to ask",
        raws.iter()
            .flat_map(|(f, r)| r.test_to_ask.iter().map(move |x| (*f, x.id.as_str()))),
    );
    let mut ui_seen = BTreeSet::new();
    for (file, raw) in raws {
        for key in raw.ui.keys() {
            if !ui_seen.insert(key.clone()) {
                ck.err(file, key, ErrorKind::DuplicateId { what: "ui text" });
            }
        }
    }

    // Departments and patterns.
    for (file, raw) in raws {
        for d in raw.department.iter() {
            let name = ck.text(file, &d.id, "name", &d.name);
            c.departments.to_mut().push(Department {
                id: d.id.clone().into(),
                name,
            });
        }
    }
    let departments: BTreeSet<&str> = c.departments.iter().map(|d| &*d.id).collect();
    for (file, raw) in raws {
        for p in raw.pattern.iter() {
            for d in p.departments.iter() {
                if !departments.contains(d.as_str()) {
                    ck.err(file, &p.id, ErrorKind::UnknownDepartment(d.clone()));
                }
            }
            let pattern = Pattern {
                id: p.id.clone().into(),
                name: ck.text(file, &p.id, "name", &p.name),
                about: ck.text(file, &p.id, "about", &p.about),
                departments: strs(&p.departments),
                source: ck.source(file, &p.id, &p.source),
                alone: p.alone,
                // Read below, once the questions are known.
                not_if: List::default(),
            };
            c.patterns.to_mut().push(pattern);
        }
    }

    // Levels: each of the four exactly once.
    for (file, raw) in raws {
        for l in raw.level.iter() {
            let Some(level) = Level::from_id(&l.id) else {
                ck.err(file, &l.id, ErrorKind::UnknownLevel(l.id.clone()));
                continue;
            };
            if c.levels.iter().any(|x| x.level == level) {
                ck.err(file, &l.id, ErrorKind::DuplicateId { what: "level" });
            }
            c.levels.to_mut().push(LevelText {
                level,
                title: ck.text(file, &l.id, "title", &l.title),
                action: ck.text(file, &l.id, "action", &l.action),
                by_when: ck.text(file, &l.id, "by_when", &l.by_when),
            });
        }
    }
    for level in Level::ALL {
        if c.level_text(level).is_none() {
            ck.err(
                "questions/",
                level.id(),
                ErrorKind::Missing { field: "level" },
            );
        }
    }

    // Steps and questions. A question's kind and options are needed before any
    // condition can be checked, so gather them first.
    let mut kinds: BTreeMap<&str, (Kind, Vec<String>)> = BTreeMap::new();
    for (file, q) in &all_questions {
        let Some(kind) = parse_kind(&q.kind) else {
            ck.err(file, &q.id, ErrorKind::UnknownKind(q.kind.clone()));
            continue;
        };
        let values = match kind {
            Kind::Single | Kind::Multi => q.options.iter().map(|o| o.id.clone()).collect(),
            Kind::YesNo => vec!["yes".into(), "no".into()],
            Kind::YesNoUnsure => YES_NO_UNSURE.iter().map(|s| s.to_string()).collect(),
        };
        kinds.insert(q.id.as_str(), (kind, values));
    }
    // Flow position of every question: (step index, index within the step).
    let mut position: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut step_index = 0;
    for (file, raw) in raws {
        match &raw.step {
            Some(_) => {
                for (i, q) in raw.question.iter().enumerate() {
                    position.insert(q.id.as_str(), (step_index, i));
                }
                step_index += 1;
            }
            None if !raw.question.is_empty() => ck.err(
                file,
                &raw.question[0].id,
                ErrorKind::Missing { field: "step" },
            ),
            None => {}
        }
    }

    // `counts_as`: (question, option counted as) → the options that count as it.
    let mut aliases: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for (file, q) in &all_questions {
        for o in q.options.iter() {
            let Some(target) = &o.counts_as else { continue };
            let problem = if !matches!(parse_kind(&q.kind), Some(Kind::Single | Kind::Multi)) {
                Some("`counts_as` is for the options of `single` and `multi` questions")
            } else if !q.options.iter().any(|x| x.id == *target) {
                Some("`counts_as` names an option this question does not have")
            } else if *target == o.id {
                Some("an option cannot count as itself")
            } else if q
                .options
                .iter()
                .any(|x| x.id == *target && x.counts_as.is_some())
            {
                Some("`counts_as` names an option that itself counts as another")
            } else if q.exclusive.as_deref() == Some(target.as_str()) {
                Some("`counts_as` cannot name the exclusive option")
            } else {
                None
            };
            match problem {
                Some(m) => ck.err(
                    file,
                    &q.id,
                    ErrorKind::BadCondition(format!("option `{}`: {m}", o.id)),
                ),
                None => aliases
                    .entry((q.id.as_str(), target.as_str()))
                    .or_default()
                    .push(o.id.clone()),
            }
        }
    }
    let cond = |ck: &mut Checker, file: &str, owner: &str, raw: &RawCondition| {
        parse_condition(ck, file, owner, raw, &kinds, &aliases)
    };

    // Patterns' `not_if`.
    let mut pi = 0;
    for (file, raw) in raws {
        for p in raw.pattern.iter() {
            let not_if: Vec<_> = p
                .not_if
                .iter()
                .filter_map(|x| cond(ck, file, &p.id, x))
                .collect();
            if let Some(pattern) = c.patterns.to_mut().get_mut(pi) {
                pattern.not_if = not_if.into();
            }
            pi += 1;
        }
    }

    for (file, raw) in raws {
        let Some(step) = &raw.step else { continue };
        let this_step = c.steps.len();
        let mut show_if = Vec::new();
        for rc in step.show_if.iter() {
            if let Some(cd) = cond(ck, file, &step.id, rc) {
                if position.get(&*cd.q).is_none_or(|p| p.0 >= this_step) {
                    ck.err(
                        file,
                        &step.id,
                        ErrorKind::Unreachable(format!(
                            "step `show_if` uses `{}`, which is not asked in an earlier step",
                            cd.q
                        )),
                    );
                }
                show_if.push(cd);
            }
        }
        let mut questions = Vec::new();
        for (qi, q) in raw.question.iter().enumerate() {
            let Some((kind, values)) = kinds.get(q.id.as_str()).cloned() else {
                continue;
            };
            let text = ck.text(file, &q.id, "text", &q.text);
            let help = q.help.as_ref().map(|h| ck.text(file, &q.id, "help", h));
            ck.unique("option", q.options.iter().map(|o| (*file, o.id.as_str())));
            let mut options = Vec::new();
            for o in q.options.iter() {
                let label = ck.text(
                    file,
                    &q.id,
                    &format!("option {}", o.id),
                    &RawText {
                        zh: o.zh.clone(),
                        en: o.en.clone(),
                    },
                );
                let drawing = drawing(ck, file, &q.id, o.drawing.as_deref());
                options.push(Choice {
                    id: o.id.clone().into(),
                    label,
                    drawing,
                });
            }
            match kind {
                Kind::Single | Kind::Multi if options.len() < 2 => ck.err(
                    file,
                    &q.id,
                    ErrorKind::Missing {
                        field: "options (at least two)",
                    },
                ),
                Kind::YesNo | Kind::YesNoUnsure if !options.is_empty() => ck.err(
                    file,
                    &q.id,
                    ErrorKind::BadCondition(format!(
                        "a `{}` question has fixed answers and takes no `options`",
                        kind.id()
                    )),
                ),
                _ => {}
            }
            if let Some(x) = &q.exclusive {
                if kind != Kind::Multi || !values.contains(x) {
                    ck.err(
                        file,
                        &q.id,
                        ErrorKind::UnknownOption {
                            question: q.id.clone(),
                            option: x.clone(),
                        },
                    );
                }
            }
            let informational = match &q.informational {
                None => Vec::new(),
                Some(RawInformational::All(true)) => values.clone(),
                Some(RawInformational::All(false)) => Vec::new(),
                Some(RawInformational::Some(list)) => {
                    for v in list {
                        if !values.contains(v) {
                            ck.err(
                                file,
                                &q.id,
                                ErrorKind::UnknownOption {
                                    question: q.id.clone(),
                                    option: v.clone(),
                                },
                            );
                        }
                    }
                    list.clone()
                }
            };
            let mut q_show_if = Vec::new();
            for rc in q.show_if.iter() {
                if let Some(cd) = cond(ck, file, &q.id, rc) {
                    let earlier = position.get(&*cd.q).is_some_and(|p| *p < (this_step, qi));
                    if !earlier {
                        ck.err(
                            file,
                            &q.id,
                            ErrorKind::Unreachable(format!(
                                "`show_if` uses `{}`, which is not asked before this question",
                                cd.q
                            )),
                        );
                    }
                    q_show_if.push(cd);
                }
            }
            if let Some(target) = &q.feeds {
                check_feeds(
                    ck,
                    file,
                    q,
                    kind,
                    target,
                    &kinds,
                    &position,
                    (this_step, qi),
                );
            }
            let tell_doctor = q
                .tell_doctor
                .as_ref()
                .map(|t| ck.text(file, &q.id, "tell_doctor", t));
            if tell_doctor.is_some() && kind != Kind::Multi {
                ck.err(
                    file,
                    &q.id,
                    ErrorKind::BadCondition(
                        "`tell_doctor` lists the options chosen: only for `multi` questions".into(),
                    ),
                );
            }
            questions.push(Question {
                id: q.id.clone().into(),
                kind,
                text,
                help,
                options: options.into(),
                exclusive: q.exclusive.clone().map(Str::from),
                show_if: q_show_if.into(),
                informational: strs(&informational),
                feeds: q.feeds.clone().map(Str::from),
                drawing: drawing(ck, file, &q.id, q.drawing.as_deref()),
                tell_doctor,
            });
        }
        c.steps.to_mut().push(Step {
            id: step.id.clone().into(),
            title: ck.text(file, &step.id, "title", &step.title),
            intro: step
                .intro
                .as_ref()
                .map(|t| ck.text(file, &step.id, "intro", t)),
            show_if: show_if.into(),
            questions: questions.into(),
            file: file.to_string().into(),
        });
    }

    // Rules.
    let patterns: BTreeSet<&str> = c.patterns.iter().map(|p| &*p.id).collect();
    for (file, raw) in raws {
        for r in raw.rule.iter() {
            let level = Level::from_id(&r.level);
            if level.is_none() {
                ck.err(file, &r.id, ErrorKind::UnknownLevel(r.level.clone()));
            }
            for p in r.patterns.iter() {
                if !patterns.contains(p.as_str()) {
                    ck.err(file, &r.id, ErrorKind::UnknownPattern(p.clone()));
                }
            }
            for d in r.departments.iter() {
                if !departments.contains(d.as_str()) {
                    ck.err(file, &r.id, ErrorKind::UnknownDepartment(d.clone()));
                }
            }
            let all: Vec<_> = r
                .all
                .iter()
                .filter_map(|x| cond(ck, file, &r.id, x))
                .collect();
            let any: Vec<_> = r
                .any
                .iter()
                .filter_map(|x| cond(ck, file, &r.id, x))
                .collect();
            if r.all.is_empty() && r.any.is_empty() {
                ck.err(
                    file,
                    &r.id,
                    ErrorKind::Missing {
                        field: "all or any (a rule needs conditions)",
                    },
                );
            }
            // An emergency rule on the emergency screen fires on any one of its
            // answers alone. One that also uses later questions is a "later
            // combination" (e.g. new numbness of both feet that came on over
            // days): it must say so with `alert = true`, so the alert is raised
            // on the step where it comes true.
            let first_step: BTreeSet<&str> = raws
                .iter()
                .find_map(|(_, x)| x.step.as_ref().map(|_| x))
                .map(|x| x.question.iter().map(|q| q.id.as_str()).collect())
                .unwrap_or_default();
            let later = all
                .iter()
                .chain(any.iter())
                .any(|c: &Condition| !first_step.contains(&*c.q));
            let alert = match (level, r.alert) {
                (Some(Level::Emergency), Some(false)) => {
                    ck.err(
                        file,
                        &r.id,
                        ErrorKind::Unsafe(
                            "an emergency rule always raises the alert: remove `alert = false`"
                                .into(),
                        ),
                    );
                    true
                }
                (Some(Level::Emergency), None) if later => {
                    ck.err(
                        file,
                        &r.id,
                        ErrorKind::Unsafe(
                            "an emergency rule that uses questions after the emergency screen is a later combination: declare it with `alert = true`"
                                .into(),
                        ),
                    );
                    true
                }
                (Some(Level::Emergency), _) => true,
                (Some(Level::Urgent), a) => a.unwrap_or(false),
                (_, Some(true)) => {
                    ck.err(
                        file,
                        &r.id,
                        ErrorKind::Unsafe(
                            "only `emergency` and `urgent` rules raise an alert".into(),
                        ),
                    );
                    false
                }
                _ => false,
            };
            if level == Some(Level::Emergency)
                && !later
                && (r.all.len() > 1 || (!r.all.is_empty() && !r.any.is_empty()))
            {
                ck.err(
                    file,
                    &r.id,
                    ErrorKind::Unsafe(
                        "an emergency rule must fire on any one of its conditions alone: use `any`"
                            .into(),
                    ),
                );
            }
            let notice = r.notice.as_ref().map(|t| ck.text(file, &r.id, "notice", t));
            match (level, alert, notice.is_some()) {
                (Some(Level::Urgent), true, false) => ck.err(
                    file,
                    &r.id,
                    ErrorKind::Missing {
                        field: "notice (the amber same-day notice of an `urgent` alert rule)",
                    },
                ),
                (Some(Level::Urgent), true, true) | (_, _, false) => {}
                (_, _, true) => ck.err(
                    file,
                    &r.id,
                    ErrorKind::BadCondition(
                        "`notice` is only for `urgent` rules with `alert = true`".into(),
                    ),
                ),
            }
            let reason = ck.text(file, &r.id, "reason", &r.reason);
            let source = ck.source(file, &r.id, &r.source);
            c.rules.to_mut().push(Rule {
                id: r.id.clone().into(),
                level: level.unwrap_or(Level::SelfCare),
                patterns: strs(&r.patterns),
                departments: strs(&r.departments),
                all: all.into(),
                any: any.into(),
                source,
                reason,
                file: file.to_string().into(),
                alert,
                notice,
            });
        }
    }

    check_coverage(ck, &c);
    check_alone_patterns(ck, &c);
    c.required_follow_ups = required_follow_ups(ck, &c).into();

    // Tests to ask the doctor about.
    for (file, raw) in raws {
        for t in raw.test_to_ask.iter() {
            for p in t.patterns.iter() {
                if !patterns.contains(p.as_str()) {
                    ck.err(file, &t.id, ErrorKind::UnknownPattern(p.clone()));
                }
            }
            if t.patterns.is_empty() {
                ck.err(file, &t.id, ErrorKind::Missing { field: "patterns" });
            }
            let source = ck.source(file, &t.id, &t.source);
            let cites = seeds_cited(&source);
            if cites.is_empty() && !source.is_empty() {
                ck.err(
                    file,
                    &t.id,
                    ErrorKind::Missing {
                        field: "a seed (\"seed 000\") in `source`",
                    },
                );
            }
            let test = TestToAsk {
                id: t.id.clone().into(),
                patterns: strs(&t.patterns),
                text: ck.text(file, &t.id, "text", &t.text),
                cites: strs(&cites),
                source,
            };
            c.tests_to_ask.to_mut().push(test);
        }
    }

    // Result texts.
    for (file, raw) in raws {
        for (list, out) in [
            (&raw.self_care, &mut c.self_care),
            (&raw.stretch, &mut c.stretches),
            (&raw.safety_net, &mut c.safety_net),
        ] {
            for a in list {
                let first_if: Vec<_> = a
                    .first_if
                    .iter()
                    .filter_map(|x| cond(ck, file, &a.id, x))
                    .collect();
                let caution_if: Vec<_> = a
                    .caution_if
                    .iter()
                    .filter_map(|x| cond(ck, file, &a.id, x))
                    .collect();
                let caution = a
                    .caution
                    .as_ref()
                    .map(|t| ck.text(file, &a.id, "caution", t));
                if caution.is_none() && !caution_if.is_empty() {
                    ck.err(file, &a.id, ErrorKind::Missing { field: "caution" });
                }
                out.to_mut().push(Advice {
                    id: a.id.clone().into(),
                    title: ck.text(file, &a.id, "title", &a.title),
                    text: ck.text(file, &a.id, "text", &a.text),
                    source: ck.source(file, &a.id, &a.source),
                    first_if: first_if.into(),
                    caution,
                    caution_if: caution_if.into(),
                    drawing: drawing(ck, file, &a.id, a.drawing.as_deref()),
                });
            }
        }
        for (key, t) in raw.ui.iter() {
            let text = ck.text(file, key, "ui", t);
            c.ui.to_mut().push(UiText {
                key: key.clone().into(),
                text,
            });
        }
    }
    c.ui.to_mut().sort_by(|a, b| a.key.cmp(&b.key));
    check_glossary(ck, raws);
    c
}

/// The glossary's terms can be checked: each has a concept, a language, a word
/// to use, variants to avoid and a reason, and the word to use does not itself
/// contain a variant to avoid (which would make every use a violation).
fn check_glossary(ck: &mut Checker, raws: &[(&str, RawFile)]) {
    ck.unique(
        "glossary term",
        raws.iter()
            .flat_map(|(f, r)| r.term.iter().map(move |t| (*f, t.concept.as_str())))
            .filter(|(_, concept)| !concept.trim().is_empty()),
    );
    for (file, raw) in raws {
        for t in raw.term.iter() {
            let id = t.concept.trim();
            for (field, value) in [
                ("concept", &t.concept),
                ("use", &t.preferred),
                ("why", &t.why),
            ] {
                if value.trim().is_empty() {
                    ck.err(file, id, ErrorKind::Missing { field });
                }
            }
            if t.avoid.is_empty() || t.avoid.iter().any(|a| a.trim().is_empty()) {
                ck.err(file, id, ErrorKind::Missing { field: "avoid" });
            }
            if t.lang != "zh" && t.lang != "en" {
                ck.err(
                    file,
                    id,
                    ErrorKind::BadTerm(format!("`lang` is `{}` (expected zh or en)", t.lang)),
                );
            }
            let preferred = t.preferred.to_lowercase();
            for a in t.avoid.iter().filter(|a| !a.trim().is_empty()) {
                if preferred.contains(&a.to_lowercase()) {
                    ck.err(
                        file,
                        id,
                        ErrorKind::BadTerm(format!(
                            "the word to use `{}` contains the variant to avoid `{a}`",
                            t.preferred
                        )),
                    );
                }
            }
        }
    }
}

/// A pattern shown only alone may be named only by `self_care` rules: leaving
/// it out beside another pattern then never changes the level.
fn check_alone_patterns(ck: &mut Checker, c: &Content) {
    for p in c.patterns.iter().filter(|p| p.alone) {
        for r in c.rules.iter() {
            if r.level > Level::SelfCare && r.patterns.contains(&p.id) {
                ck.err(
                    &r.file,
                    &r.id,
                    ErrorKind::Unsafe(format!(
                        "pattern `{}` is shown only alone (`alone = true`): only `self_care` rules may name it",
                        p.id
                    )),
                );
            }
        }
    }
}

/// The follow-ups that must be answered once shown: every question with a
/// `show_if` that an `urgent` or `emergency` rule reads, in flow order. Each
/// must offer "not sure" (`yes_no_unsure`, or an option `not_sure`), and an
/// `urgent` or `emergency` rule must read "not sure" too, so that it counts
/// toward the higher level (clinical brief, Decisions after the second release).
fn required_follow_ups(ck: &mut Checker, c: &Content) -> Vec<Str> {
    let mut out = Vec::new();
    for step in c.steps.iter() {
        for q in step.questions.iter().filter(|q| !q.show_if.is_empty()) {
            let high: Vec<&Condition> = c
                .rules
                .iter()
                .filter(|r| r.level >= Level::Urgent)
                .flat_map(|r| r.all.iter().chain(r.any.iter()))
                .filter(|cd| cd.q == q.id)
                .collect();
            if high.is_empty() {
                continue;
            }
            out.push(q.id.clone());
            let problem = match q.kind {
                Kind::YesNoUnsure => None,
                Kind::YesNo => Some(
                    "an `urgent` or `emergency` rule reads this follow-up, so it must be answered and offer “not sure”: make it `yes_no_unsure`"
                        .to_string(),
                ),
                Kind::Single | Kind::Multi if q.option(NOT_SURE).is_none() => Some(format!(
                    "an `urgent` or `emergency` rule reads this follow-up, so it must be answered and offer “not sure”: add an option `{NOT_SURE}`"
                )),
                Kind::Single | Kind::Multi if q.exclusive.as_deref() == Some(NOT_SURE) => {
                    Some(format!("`{NOT_SURE}` cannot be the exclusive option"))
                }
                Kind::Single | Kind::Multi
                    if !high.iter().any(|cd| cd.values().contains(&NOT_SURE)) =>
                {
                    Some(format!(
                        "“not sure” must count toward the higher level: list `{NOT_SURE}` in an `urgent` or `emergency` rule, or give it `counts_as`"
                    ))
                }
                _ => None,
            };
            if let Some(m) = problem {
                ck.err(&step.file, &q.id, ErrorKind::Unsafe(m));
            }
        }
    }
    out
}

fn strs(v: &[String]) -> List<Str> {
    v.iter().map(|s| Str::from(s.clone())).collect()
}

/// Every question is used by a rule or declared informational; every option
/// likewise; emergency questions come first and cannot be hidden.
fn check_coverage(ck: &mut Checker, c: &Content) {
    let mut used: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut emergency_questions = BTreeSet::new();
    let first_step: BTreeSet<&str> = c
        .steps
        .first()
        .map(|s| s.questions.iter().map(|q| &*q.id).collect())
        .unwrap_or_default();
    for r in c.rules.iter() {
        let conditions = || r.all.iter().chain(r.any.iter());
        // Emergency-screen signs (not the later combinations, checked with the rules).
        let screen = conditions().all(|cd| first_step.contains(&*cd.q));
        for cd in conditions() {
            used.entry(&*cd.q).or_default().extend(cd.values());
            if r.level == Level::Emergency && screen {
                emergency_questions.insert(&*cd.q);
            }
        }
    }
    for step in c.steps.iter() {
        for q in step.questions.iter() {
            // A question that feeds another is used wherever the other's options are.
            let by_rules = used.get(&*q.id);
            let by_feed = q.feeds.as_deref().and_then(|t| used.get(t));
            for v in q.values() {
                let by_rule = by_rules.is_some_and(|u| u.contains(v))
                    || by_feed.is_some_and(|u| u.contains(v));
                let declared = q.informational.iter().any(|i| i == v);
                // For yes/no questions "no" is the absence of the sign: it needs no declaration.
                let negative = matches!(q.kind, Kind::YesNo | Kind::YesNoUnsure) && v == "no";
                if by_rule && declared {
                    ck.err(
                        &step.file,
                        &q.id,
                        ErrorKind::Unreachable(format!(
                            "option `{v}` is declared informational but a rule uses it"
                        )),
                    );
                } else if !by_rule && !declared && !negative {
                    ck.err(
                        &step.file,
                        &q.id,
                        ErrorKind::Unreachable(format!(
                            "no rule uses option `{v}`: use it in a rule or list it in `informational`"
                        )),
                    );
                }
            }
        }
    }
    let first = c.steps.first();
    for q in emergency_questions {
        let found = first.and_then(|s| s.questions.iter().find(|x| x.id == q));
        if found.is_some_and(|x| !x.show_if.is_empty()) {
            ck.err(
                first.map_or("", |s| &*s.file),
                q,
                ErrorKind::Unsafe(
                    "a question used by an emergency rule is always asked: no `show_if`".into(),
                ),
            );
        }
        if found.is_none() {
            let file = c
                .rules
                .iter()
                .find(|r| r.level == Level::Emergency)
                .map(|r| &*r.file);
            ck.err(
                file.unwrap_or("questions/"),
                q,
                ErrorKind::Unsafe(
                    "a question used by an emergency rule must be in the first step".into(),
                ),
            );
        }
    }
    if let Some(s) = first {
        if !s.show_if.is_empty() {
            ck.err(
                &s.file,
                &s.id,
                ErrorKind::Unsafe("the first (emergency) step cannot be skipped".into()),
            );
        }
    }
}

/// A drawing id, if given and known.
fn drawing(ck: &mut Checker, file: &str, owner: &str, id: Option<&str>) -> Option<Drawing> {
    let id = id?;
    let d = Drawing::from_id(id);
    if d.is_none() {
        let known: Vec<&str> = Drawing::ALL.iter().map(|d| d.id()).collect();
        ck.err(
            file,
            owner,
            ErrorKind::BadCondition(format!(
                "unknown drawing `{id}` (expected one of {})",
                known.join(", ")
            )),
        );
    }
    d
}

/// `feeds = "<question>"`: both `multi`, the target asked later in the flow, and
/// every option given here (except informational ones and the exclusive one)
/// an option of the target with the same id.
#[allow(clippy::too_many_arguments)]
fn check_feeds(
    ck: &mut Checker,
    file: &str,
    q: &RawQuestion,
    kind: Kind,
    target: &str,
    kinds: &BTreeMap<&str, (Kind, Vec<String>)>,
    position: &BTreeMap<&str, (usize, usize)>,
    here: (usize, usize),
) {
    let Some((target_kind, target_values)) = kinds.get(target) else {
        ck.err(file, &q.id, ErrorKind::UnknownQuestion(target.to_string()));
        return;
    };
    if kind != Kind::Multi || *target_kind != Kind::Multi {
        ck.err(
            file,
            &q.id,
            ErrorKind::BadCondition(format!(
                "`feeds = \"{target}\"`: both questions must be `multi`"
            )),
        );
        return;
    }
    if position.get(target).is_none_or(|p| *p <= here) {
        ck.err(
            file,
            &q.id,
            ErrorKind::Unreachable(format!(
                "`feeds = \"{target}\"`: `{target}` must be asked after this question"
            )),
        );
    }
    let informational: Vec<&str> = match &q.informational {
        Some(RawInformational::Some(list)) => list.iter().map(String::as_str).collect(),
        Some(RawInformational::All(true)) => return,
        _ => Vec::new(),
    };
    for o in q.options.iter() {
        let exempt =
            informational.contains(&o.id.as_str()) || q.exclusive.as_deref() == Some(&o.id);
        if !exempt && !target_values.contains(&o.id) {
            ck.err(
                file,
                &q.id,
                ErrorKind::UnknownOption {
                    question: target.to_string(),
                    option: o.id.clone(),
                },
            );
        }
    }
}

fn parse_kind(s: &str) -> Option<Kind> {
    [Kind::Single, Kind::Multi, Kind::YesNo, Kind::YesNoUnsure]
        .into_iter()
        .find(|k| k.id() == s)
}

fn parse_condition(
    ck: &mut Checker,
    file: &str,
    owner: &str,
    raw: &RawCondition,
    kinds: &BTreeMap<&str, (Kind, Vec<String>)>,
    aliases: &BTreeMap<(&str, &str), Vec<String>>,
) -> Option<Condition> {
    let Some(q) = raw.get("q").and_then(|v| v.as_str()) else {
        ck.err(
            file,
            owner,
            ErrorKind::BadCondition("a condition needs `q = \"<question id>\"`".into()),
        );
        return None;
    };
    let ops: Vec<(&String, &toml::Value)> = raw.iter().filter(|(k, _)| *k != "q").collect();
    for (k, _) in &ops {
        if !matches!(k.as_str(), "in" | "has" | "is") {
            ck.err(file, owner, ErrorKind::UnknownOperator((*k).clone()));
            return None;
        }
    }
    let [(op, value)] = ops.as_slice() else {
        ck.err(
            file,
            owner,
            ErrorKind::BadCondition(format!("condition on `{q}` needs exactly one operator")),
        );
        return None;
    };
    let Some((kind, values)) = kinds.get(q) else {
        ck.err(file, owner, ErrorKind::UnknownQuestion(q.to_string()));
        return None;
    };
    let list = |ck: &mut Checker| -> Option<Vec<String>> {
        let items: Option<Vec<String>> = value.as_array().map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        });
        match items {
            Some(items)
                if !items.is_empty() && items.len() == value.as_array().map_or(0, |a| a.len()) =>
            {
                let mut ok = true;
                for v in &items {
                    if !values.contains(v) {
                        ck.err(
                            file,
                            owner,
                            ErrorKind::UnknownOption {
                                question: q.to_string(),
                                option: v.clone(),
                            },
                        );
                        ok = false;
                    }
                }
                ok.then_some(items)
            }
            _ => {
                ck.err(
                    file,
                    owner,
                    ErrorKind::BadCondition(format!(
                        "`{op}` on `{q}` takes a non-empty list of option ids"
                    )),
                );
                None
            }
        }
    };
    // An option that counts as another holds wherever that one does.
    let with_aliases = |mut items: Vec<String>| {
        for v in items.clone() {
            for a in aliases.get(&(q, v.as_str())).into_iter().flatten() {
                if !items.contains(a) {
                    items.push(a.clone());
                }
            }
        }
        items
    };
    let op = match (op.as_str(), kind) {
        ("in", Kind::Single) => Op::In(strs(&with_aliases(list(ck)?))),
        ("has", Kind::Multi) => Op::Has(strs(&with_aliases(list(ck)?))),
        ("is", Kind::YesNo | Kind::YesNoUnsure) => {
            if value.as_bool() != Some(true) {
                // Only positive conditions exist: that is what makes triage monotonic
                // (adding a warning answer can never lower the level).
                ck.err(
                    file,
                    owner,
                    ErrorKind::BadCondition(format!(
                        "`is` on `{q}` must be `true`; negative conditions are not allowed"
                    )),
                );
                return None;
            }
            Op::IsTrue
        }
        (op, kind) => {
            ck.err(
                file,
                owner,
                ErrorKind::BadCondition(format!(
                    "operator `{op}` does not fit `{q}`, a `{}` question (single: in, multi: has, yes/no: is)",
                    kind.id()
                )),
            );
            return None;
        }
    };
    Some(Condition {
        q: q.to_string().into(),
        op,
    })
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
