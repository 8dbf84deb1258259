//! The loader's checks of the questionnaire as a whole (coverage, the emergency
//! screen, required follow-ups, the glossary) and of single fields (a drawing,
//! `feeds`, a condition), each recording its problems in the [`Checker`].

use super::*;

/// The glossary's terms can be checked: each has a concept, a language, a word
/// to use, variants to avoid and a reason, and the word to use does not itself
/// contain a variant to avoid (which would make every use a violation).
pub(super) fn check_glossary(ck: &mut Checker, raws: &[(&str, RawFile)]) {
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
pub(super) fn check_alone_patterns(ck: &mut Checker, c: &Content) {
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
pub(super) fn required_follow_ups(ck: &mut Checker, c: &Content) -> Vec<Str> {
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

pub(super) fn strs(v: &[String]) -> List<Str> {
    v.iter().map(|s| Str::from(s.clone())).collect()
}

/// Every question is used by a rule or declared informational; every option
/// likewise; emergency questions come first and cannot be hidden.
pub(super) fn check_coverage(ck: &mut Checker, c: &Content) {
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
pub(super) fn drawing(
    ck: &mut Checker,
    file: &str,
    owner: &str,
    id: Option<&str>,
) -> Option<Drawing> {
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
pub(super) fn check_feeds(
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

pub(super) fn parse_kind(s: &str) -> Option<Kind> {
    [Kind::Single, Kind::Multi, Kind::YesNo, Kind::YesNoUnsure]
        .into_iter()
        .find(|k| k.id() == s)
}

pub(super) fn parse_condition(
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
