//! The sections of the question files, each turned into its part of
//! [`Content`] by one function, in the order [`super::build`] calls them:
//! the ids, departments, patterns, levels; what is known of the questions
//! before any condition is read ([`Questions`]); the patterns' `not_if`, the
//! steps with their questions, the rules; the tests to ask about, the result
//! texts and the interface texts. Every problem is recorded in the [`Checker`]
//! with the file and the id it concerns.

use super::*;

/// Every question of every file, with its file, in flow order.
pub(super) fn all_questions<'a>(raws: &'a [(&'a str, RawFile)]) -> Vec<(&'a str, &'a RawQuestion)> {
    raws.iter()
        .flat_map(|(f, r)| r.question.iter().map(move |q| (*f, q)))
        .collect()
}

/// Ids first, so later checks can refer to them: each is plain and unique
/// among its kind, and no step takes a fixed screen's name.
pub(super) fn check_ids(
    ck: &mut Checker,
    raws: &[(&str, RawFile)],
    all_questions: &[(&str, &RawQuestion)],
) {
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
}

pub(super) fn departments(ck: &mut Checker, raws: &[(&str, RawFile)], c: &mut Content) {
    for (file, raw) in raws {
        for d in raw.department.iter() {
            let name = ck.text(file, &d.id, "name", &d.name);
            c.departments.to_mut().push(Department {
                id: d.id.clone().into(),
                name,
            });
        }
    }
}

/// The patterns, without their `not_if` (read by [`pattern_conditions`] once
/// the questions are known).
pub(super) fn patterns(ck: &mut Checker, raws: &[(&str, RawFile)], c: &mut Content) {
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
                // Read by `pattern_conditions`, once the questions are known.
                not_if: List::default(),
            };
            c.patterns.to_mut().push(pattern);
        }
    }
}

/// Levels: each of the four exactly once.
pub(super) fn levels(ck: &mut Checker, raws: &[(&str, RawFile)], c: &mut Content) {
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
    // A missing level is named in the file that holds the others (or, with
    // none, the folder of the files).
    let file = raws
        .iter()
        .find(|(_, r)| !r.level.is_empty())
        .map(|(f, _)| f.to_string())
        .or_else(|| {
            let first = raws.first()?.0;
            first.rfind('/').map(|at| first[..=at].to_string())
        })
        .unwrap_or_else(|| "questions/".into());
    for level in Level::ALL {
        if c.level_text(level).is_none() {
            ck.err(&file, level.id(), ErrorKind::Missing { field: "level" });
        }
    }
}

/// What is known of the questions before any condition can be checked: each
/// one's kind and answer values, its place in the flow, and the options that
/// count as another (`counts_as`).
pub(super) struct Questions<'a> {
    kinds: BTreeMap<&'a str, (Kind, Vec<String>)>,
    /// Flow position of every question: (step index, index within the step).
    position: BTreeMap<&'a str, (usize, usize)>,
    /// (question, option counted as) → the options that count as it.
    aliases: BTreeMap<(&'a str, &'a str), Vec<String>>,
}

impl<'a> Questions<'a> {
    pub(super) fn read(
        ck: &mut Checker,
        raws: &'a [(&'a str, RawFile)],
        all_questions: &[(&'a str, &'a RawQuestion)],
    ) -> Questions<'a> {
        Questions {
            kinds: kinds(ck, all_questions),
            position: positions(ck, raws),
            aliases: aliases(ck, all_questions),
        }
    }

    /// Reads one condition of `owner` against the questions.
    fn cond(
        &self,
        ck: &mut Checker,
        file: &str,
        owner: &str,
        raw: &RawCondition,
    ) -> Option<Condition> {
        parse_condition(ck, file, owner, raw, &self.kinds, &self.aliases)
    }
}

fn kinds<'a>(
    ck: &mut Checker,
    all_questions: &[(&'a str, &'a RawQuestion)],
) -> BTreeMap<&'a str, (Kind, Vec<String>)> {
    let mut kinds: BTreeMap<&str, (Kind, Vec<String>)> = BTreeMap::new();
    for (file, q) in all_questions {
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
    kinds
}

fn positions<'a>(
    ck: &mut Checker,
    raws: &'a [(&'a str, RawFile)],
) -> BTreeMap<&'a str, (usize, usize)> {
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
    position
}

fn aliases<'a>(
    ck: &mut Checker,
    all_questions: &[(&'a str, &'a RawQuestion)],
) -> BTreeMap<(&'a str, &'a str), Vec<String>> {
    let mut aliases: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for (file, q) in all_questions {
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
    aliases
}

/// The patterns' `not_if`.
pub(super) fn pattern_conditions(
    ck: &mut Checker,
    raws: &[(&str, RawFile)],
    qs: &Questions,
    c: &mut Content,
) {
    let mut pi = 0;
    for (file, raw) in raws {
        for p in raw.pattern.iter() {
            let not_if: Vec<_> = p
                .not_if
                .iter()
                .filter_map(|x| qs.cond(ck, file, &p.id, x))
                .collect();
            if let Some(pattern) = c.patterns.to_mut().get_mut(pi) {
                pattern.not_if = not_if.into();
            }
            pi += 1;
        }
    }
}

/// The steps, in file order, each with its questions.
pub(super) fn steps(ck: &mut Checker, raws: &[(&str, RawFile)], qs: &Questions, c: &mut Content) {
    for (file, raw) in raws {
        let Some(step) = &raw.step else { continue };
        let this_step = c.steps.len();
        let mut show_if = Vec::new();
        for rc in step.show_if.iter() {
            if let Some(cd) = qs.cond(ck, file, &step.id, rc) {
                if qs.position.get(&*cd.q).is_none_or(|p| p.0 >= this_step) {
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
        let questions: Vec<Question> = raw
            .question
            .iter()
            .enumerate()
            .filter_map(|(qi, q)| question(ck, file, q, (this_step, qi), qs))
            .collect();
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
}

/// One question, asked at `here` (step index, index within the step); `None`
/// when its kind is unknown (already recorded).
fn question(
    ck: &mut Checker,
    file: &str,
    q: &RawQuestion,
    here: (usize, usize),
    qs: &Questions,
) -> Option<Question> {
    let (kind, values) = qs.kinds.get(q.id.as_str()).cloned()?;
    let text = ck.text(file, &q.id, "text", &q.text);
    let help = q.help.as_ref().map(|h| ck.text(file, &q.id, "help", h));
    ck.unique("option", q.options.iter().map(|o| (file, o.id.as_str())));
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
        if let Some(cd) = qs.cond(ck, file, &q.id, rc) {
            let earlier = qs.position.get(&*cd.q).is_some_and(|p| *p < here);
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
        check_feeds(ck, file, q, kind, target, &qs.kinds, &qs.position, here);
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
    Some(Question {
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
    })
}

/// The rules, in file order.
pub(super) fn rules(ck: &mut Checker, raws: &[(&str, RawFile)], qs: &Questions, c: &mut Content) {
    let patterns: BTreeSet<&str> = c.patterns.iter().map(|p| &*p.id).collect();
    let departments: BTreeSet<&str> = c.departments.iter().map(|d| &*d.id).collect();
    // The questions of the emergency screen (the first step).
    let first_step: BTreeSet<&str> = raws
        .iter()
        .find_map(|(_, x)| x.step.as_ref().map(|_| x))
        .map(|x| x.question.iter().map(|q| q.id.as_str()).collect())
        .unwrap_or_default();
    let known = Known {
        patterns: &patterns,
        departments: &departments,
        first_step: &first_step,
    };
    for (file, raw) in raws {
        for r in raw.rule.iter() {
            let rule = rule(ck, file, r, qs, &known);
            c.rules.to_mut().push(rule);
        }
    }
}

/// What a rule is checked against besides the questions.
struct Known<'a> {
    patterns: &'a BTreeSet<&'a str>,
    departments: &'a BTreeSet<&'a str>,
    first_step: &'a BTreeSet<&'a str>,
}

fn rule(ck: &mut Checker, file: &str, r: &RawRule, qs: &Questions, known: &Known) -> Rule {
    let level = Level::from_id(&r.level);
    if level.is_none() {
        ck.err(file, &r.id, ErrorKind::UnknownLevel(r.level.clone()));
    }
    for p in r.patterns.iter() {
        if !known.patterns.contains(p.as_str()) {
            ck.err(file, &r.id, ErrorKind::UnknownPattern(p.clone()));
        }
    }
    for d in r.departments.iter() {
        if !known.departments.contains(d.as_str()) {
            ck.err(file, &r.id, ErrorKind::UnknownDepartment(d.clone()));
        }
    }
    let all: Vec<_> = r
        .all
        .iter()
        .filter_map(|x| qs.cond(ck, file, &r.id, x))
        .collect();
    let any: Vec<_> = r
        .any
        .iter()
        .filter_map(|x| qs.cond(ck, file, &r.id, x))
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
    let later = all
        .iter()
        .chain(any.iter())
        .any(|c: &Condition| !known.first_step.contains(&*c.q));
    let alert = match (level, r.alert) {
        (Some(Level::Emergency), Some(false)) => {
            ck.err(
                file,
                &r.id,
                ErrorKind::Unsafe(
                    "an emergency rule always raises the alert: remove `alert = false`".into(),
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
                ErrorKind::Unsafe("only `emergency` and `urgent` rules raise an alert".into()),
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
                "an emergency rule must fire on any one of its conditions alone: use `any`".into(),
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
    Rule {
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
    }
}

/// Tests to ask the doctor about.
pub(super) fn tests_to_ask(ck: &mut Checker, raws: &[(&str, RawFile)], c: &mut Content) {
    let patterns: BTreeSet<&str> = c.patterns.iter().map(|p| &*p.id).collect();

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
}

/// Result texts: self-care, stretches and the safety net.
pub(super) fn advice(ck: &mut Checker, raws: &[(&str, RawFile)], qs: &Questions, c: &mut Content) {
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
                    .filter_map(|x| qs.cond(ck, file, &a.id, x))
                    .collect();
                let caution_if: Vec<_> = a
                    .caution_if
                    .iter()
                    .filter_map(|x| qs.cond(ck, file, &a.id, x))
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
    }
}

/// Interface texts, sorted by key (`Content::ui_text` searches them).
pub(super) fn ui(ck: &mut Checker, raws: &[(&str, RawFile)], c: &mut Content) {
    for (file, raw) in raws {
        for (key, t) in raw.ui.iter() {
            let text = ck.text(file, key, "ui", t);
            c.ui.to_mut().push(UiText {
                key: key.clone().into(),
                text,
            });
        }
    }
    c.ui.to_mut().sort_by(|a, b| a.key.cmp(&b.key));
}
