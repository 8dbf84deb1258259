//! FHIR R4 handoff: the Questionnaires generated from the question files (one
//! per language), and a QuestionnaireResponse carrying the answers, the diary
//! and the result. Pure.
//!
//! **Canonicals.** Each language is its own Questionnaire with its own
//! canonical, [`url`]: `urn:cramp-check:questionnaire:zh-CN` and
//! `urn:cramp-check:questionnaire:en`, both at [`VERSION`]. A response names
//! the one it was answered in, `url|version` ([`canonical`]), so a system that
//! resolves it finds the texts the person read. Codes do not depend on the
//! language: both use the same code systems ([`system`]).
//!
//! **Version.** [`VERSION`] is `0.2.0+<hash>`: the hash (build.rs,
//! `content::codegen::content_hash`) covers every question file and this
//! generator, so it changes whenever the Questionnaires can. No clock is read.
//!
//! **Narrative.** Every resource carries `text` (status `generated`): the
//! Questionnaire lists its questions and options, a response its answers, as
//! escaped XHTML in the resource's language, written from the items themselves.
//!
//! Structure: one `group` item per step (linkId `step.<step id>`, see
//! [`step_link_id`]) holding its questions (linkId = question id); a `diary` group with a repeating
//! `diary.entry` group; a `result` group. Every choice item's codes are the
//! stable option ids, in the code system [`system`]`(linkId)`. Texts are in the
//! chosen language; ids, linkIds and codes never are. Nothing here is fetched
//! or sent: the caller saves the JSON as a file.

use crate::content::{Condition, Content, Kind, Lang, Level, Op, Question, YES_NO_UNSURE};
use crate::diary::{self, Duration, Entry, Leg};
use crate::engine::{Answers, Assessment, Value};
use crate::json::Json;
use crate::markup::escape;
use crate::obj;

/// What every Questionnaire canonical starts with (a URN: the product has no
/// web address of its own); [`url`] adds the language.
pub const URL_BASE: &str = "urn:cramp-check:questionnaire";
/// What every code system starts with; [`system`] adds the item's linkId.
pub const SYSTEM_BASE: &str = "urn:cramp-check:code";
/// The Questionnaires' version, `0.2.0+<8 hex digits>`: the hash of the
/// question files and of this generator, taken by the build script, so a
/// change to either gives a new version. The leading number changes by hand
/// when the layout of the FHIR output changes on purpose.
pub const VERSION: &str = concat!("0.2.0+", env!("CRAMP_CONTENT_HASH"));

/// The canonical URL of the Questionnaire in `lang`, e.g. `urn:cramp-check:questionnaire:zh-CN`.
pub fn url(lang: Lang) -> String {
    format!("{URL_BASE}:{}", lang.tag())
}

/// The resource id of the Questionnaire in `lang`, e.g. `cramp-check-zh-CN`.
pub fn id(lang: Lang) -> String {
    format!("cramp-check-{}", lang.tag())
}

/// The computer-friendly name of the Questionnaire in `lang` (que-0: `[A-Z][A-Za-z0-9_]*`).
pub fn name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "CrampCheckZhCN",
        Lang::En => "CrampCheckEn",
    }
}

/// linkIds of the diary and result items (steps and questions use their own ids).
pub const DIARY: &str = "diary";
pub const ENTRY: &str = "diary.entry";
pub const ENTRY_TIME: &str = "diary.entry.time";
pub const ENTRY_LEG: &str = "diary.entry.leg";
pub const ENTRY_DURATION: &str = "diary.entry.duration";
pub const ENTRY_SEVERITY: &str = "diary.entry.severity";
pub const ENTRY_WOKE: &str = "diary.entry.woke";
pub const ENTRY_NUMB: &str = "diary.entry.numb";
pub const ENTRY_ACTIVITY: &str = "diary.entry.activity";
pub const RESULT: &str = "result";
pub const RESULT_LEVEL: &str = "result.level";
pub const RESULT_PATTERNS: &str = "result.patterns";

/// The `questions/ui.toml` keys whose text this module uses (besides the
/// question files' own texts, `answer_yes`/`answer_no`/`answer_not_sure` and the
/// level and pattern names), the same keys the diary screen shows. A missing
/// key shows as the key itself.
pub const UI_KEYS: [&str; 16] = [
    "app_title",
    "diary_title",
    "diary_entries_title",
    "diary_when",
    "diary_which_leg",
    "diary_leg_left",
    "diary_leg_right",
    "diary_leg_both",
    "diary_how_long",
    "diary_how_bad",
    "diary_woke",
    "diary_numb",
    "diary_activity",
    "result_title",
    "what_to_do",
    "patterns_title",
];

/// The linkId of a step's group. Not the bare step id: a step and a question
/// may share an id (`medicines` is both), and linkIds must be unique.
pub fn step_link_id(step_id: &str) -> String {
    format!("step.{step_id}")
}

/// The code system of a choice item's codes, the same in every language:
/// [`SYSTEM_BASE`] and the item's linkId, e.g. `urn:cramp-check:code:frequency`.
pub fn system(link_id: &str) -> String {
    format!("{SYSTEM_BASE}:{link_id}")
}

/// The `questionnaire` reference of a response in `lang`: `url|version`.
pub fn canonical(lang: Lang) -> String {
    format!("{}|{VERSION}", url(lang))
}

/// `text` with characters XML does not allow (controls) left out, escaped.
fn xml_text(text: &str) -> String {
    escape(&text.replace(|ch: char| ch.is_control(), " "))
}

/// A resource's `text`: generated XHTML in `lang`, the title in bold, then `body`.
fn narrative(lang: Lang, title: &str, body: &str) -> Json {
    let tag = lang.tag();
    obj! {
        "status": "generated",
        "div": format!(
            "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{tag}\" xml:lang=\"{tag}\"><p><b>{}</b></p>{body}</div>",
            xml_text(title)
        ),
    }
}

/// A nested list of `items` (Questionnaire or response items): each item's
/// text, then on a line of its own what `values` says of it (its options, or
/// its answers: in bold), then its own items.
fn item_list(items: &[Json], bold: bool, values: &dyn Fn(&Json) -> Vec<String>) -> String {
    let mut out = String::from("<ul>");
    for i in items {
        out.push_str("<li>");
        out.push_str(&xml_text(
            i.get("text").and_then(Json::as_str).unwrap_or(""),
        ));
        let shown = values(i);
        if !shown.is_empty() {
            let (open, close) = if bold { ("<b>", "</b>") } else { ("", "") };
            out.push_str(&format!(
                "<br/>{open}{}{close}",
                xml_text(&shown.join(" / "))
            ));
        }
        if let Some(sub) = i.get("item").and_then(Json::as_array) {
            out.push_str(&item_list(sub, bold, values));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// How a value (of an answer or an option) reads: a coding's display, yes or
/// no, the number or the text.
fn value_text(c: &Content, v: &Json, lang: Lang) -> Option<String> {
    let (key, value) = v.as_object()?.first()?;
    Some(match (key.as_str(), value) {
        ("valueCoding", coding) => coding.get("display")?.as_str()?.to_string(),
        ("valueBoolean", Json::Bool(b)) => {
            yes_no_label(c, if *b { "yes" } else { "no" }, lang).to_string()
        }
        (_, Json::Int(n)) => n.to_string(),
        (_, Json::Str(t)) => t.clone(),
        _ => return None,
    })
}

fn values_of(c: &Content, item: &Json, key: &str, lang: Lang) -> Vec<String> {
    item.get(key)
        .and_then(Json::as_array)
        .map_or(&[][..], |a| a)
        .iter()
        .filter_map(|v| value_text(c, v, lang))
        .collect()
}

fn coding(link_id: &str, code: &str, display: &str) -> Json {
    obj! { "system": system(link_id), "code": code, "display": display }
}

fn item(link_id: &str, text: &str, kind: &str) -> Json {
    let mut m = Json::Object(Vec::new());
    m.set("linkId", Json::from(link_id));
    m.set("text", Json::from(text));
    m.set("type", Json::from(kind));
    m
}

/// A choice item with its options as (code, display) pairs.
fn choice<'a>(
    link_id: &str,
    text: &str,
    repeats: bool,
    options: impl Iterator<Item = (&'a str, &'a str)>,
) -> Json {
    let mut m = item(link_id, text, "choice");
    if repeats {
        m.set("repeats", Json::Bool(true));
    }
    let opts: Vec<Json> = options
        .map(|(code, display)| obj! { "valueCoding": coding(link_id, code, display) })
        .collect();
    m.set("answerOption", Json::Array(opts));
    m
}

fn group(link_id: &str, text: &str, items: Vec<Json>) -> Json {
    let mut m = item(link_id, text, "group");
    m.set("item", Json::Array(items));
    m
}

/// The options of a question as (code, display): its own options, or yes / no / not sure.
fn options<'a>(c: &'a Content, q: &'a Question, lang: Lang) -> Vec<(&'a str, &'a str)> {
    match q.kind {
        Kind::Single | Kind::Multi => q
            .options
            .iter()
            .map(|o| (&*o.id, o.label.get(lang)))
            .collect(),
        Kind::YesNo => Vec::new(),
        Kind::YesNoUnsure => YES_NO_UNSURE
            .iter()
            .map(|v| (*v, yes_no_label(c, v, lang)))
            .collect(),
    }
}

fn yes_no_label<'a>(c: &'a Content, v: &str, lang: Lang) -> &'a str {
    match v {
        "yes" => c.ui("answer_yes", lang),
        "no" => c.ui("answer_no", lang),
        _ => c.ui("answer_not_sure", lang),
    }
}

fn leg_label(c: &Content, leg: Leg, lang: Lang) -> &str {
    match leg {
        Leg::Left => c.ui("diary_leg_left", lang),
        Leg::Right => c.ui("diary_leg_right", lang),
        Leg::Both => c.ui("diary_leg_both", lang),
    }
}

/// A diary duration's label: the `duration` question's option text (same ids).
fn duration_label(c: &Content, d: Duration, lang: Lang) -> &str {
    c.question(&diary::DURATION_QUESTION)
        .and_then(|q| q.options.iter().find(|o| *o.id == *d.id()))
        .map_or(d.id(), |o| o.label.get(lang))
}

fn level_label(c: &Content, level: Level, lang: Lang) -> &str {
    c.level_text(level)
        .map_or(level.id(), |t| t.title.get(lang))
}

/// `enableWhen` from `show_if` (any one condition enables the item).
fn enable_when(c: &Content, show_if: &[Condition], m: &mut Json) {
    let mut list = Vec::new();
    for cond in show_if {
        let q = &*cond.q;
        let codes: Vec<&str> = match &cond.op {
            Op::In(vs) | Op::Has(vs) => vs.iter().map(|v| &**v).collect(),
            Op::IsTrue if c.question(q).is_some_and(|x| x.kind == Kind::YesNo) => {
                list.push(obj! { "question": q, "operator": "=", "answerBoolean": true });
                continue;
            }
            // "Not sure" counts as yes.
            Op::IsTrue => vec!["yes", "not_sure"],
        };
        for code in &codes {
            list.push(obj! {
                "question": q,
                "operator": "=",
                "answerCoding": obj! { "system": system(q), "code": *code },
            });
        }
        // An option chosen in a question that feeds this one (the guided
        // self-test feeds `weakness`) counts as chosen here too.
        if matches!(cond.op, Op::Has(_)) {
            for feeder in c.questions().filter(|f| f.feeds.as_deref() == Some(q)) {
                for code in codes.iter().filter(|v| feeder.option(v).is_some()) {
                    list.push(obj! {
                        "question": &*feeder.id,
                        "operator": "=",
                        "answerCoding": obj! { "system": system(&feeder.id), "code": *code },
                    });
                }
            }
        }
    }
    if list.len() > 1 {
        m.set("enableBehavior", Json::from("any"));
    }
    if !list.is_empty() {
        m.set("enableWhen", Json::Array(list));
    }
}

/// The FHIR R4 Questionnaire of this self-check in `lang`, generated from the question files.
pub fn questionnaire(content: &Content, lang: Lang) -> Json {
    let c = content;
    let ui = |k| c.ui(k, lang);
    let mut items: Vec<Json> = Vec::new();
    for step in c.steps.iter() {
        let qs = step
            .questions
            .iter()
            .map(|q| {
                let text = q.text.get(lang);
                let mut m = if q.kind == Kind::YesNo {
                    item(&q.id, text, "boolean")
                } else {
                    choice(
                        &q.id,
                        text,
                        q.kind == Kind::Multi,
                        options(c, q, lang).into_iter(),
                    )
                };
                enable_when(c, &q.show_if, &mut m);
                m
            })
            .collect();
        let mut g = group(&step_link_id(&step.id), step.title.get(lang), qs);
        enable_when(c, &step.show_if, &mut g);
        items.push(g);
    }
    let mut activity = item(ENTRY_ACTIVITY, ui("diary_activity"), "string");
    activity.set("maxLength", Json::from(diary::MAX_ACTIVITY_CHARS));
    let entry_items = vec![
        item(ENTRY_TIME, ui("diary_when"), "dateTime"),
        choice(
            ENTRY_LEG,
            ui("diary_which_leg"),
            false,
            Leg::ALL.iter().map(|l| (l.id(), leg_label(c, *l, lang))),
        ),
        choice(
            ENTRY_DURATION,
            ui("diary_how_long"),
            false,
            Duration::ALL
                .iter()
                .map(|d| (d.id(), duration_label(c, *d, lang))),
        ),
        item(ENTRY_SEVERITY, ui("diary_how_bad"), "integer"),
        item(ENTRY_WOKE, ui("diary_woke"), "boolean"),
        item(ENTRY_NUMB, ui("diary_numb"), "boolean"),
        activity,
    ];
    let mut entry = group(ENTRY, ui("diary_entries_title"), entry_items);
    entry.set("repeats", Json::Bool(true));
    items.push(group(DIARY, ui("diary_title"), vec![entry]));
    let mut level = choice(
        RESULT_LEVEL,
        ui("what_to_do"),
        false,
        Level::ALL
            .iter()
            .rev()
            .map(|l| (l.id(), level_label(c, *l, lang))),
    );
    let mut patterns = choice(
        RESULT_PATTERNS,
        ui("patterns_title"),
        true,
        c.patterns.iter().map(|p| (&*p.id, p.name.get(lang))),
    );
    for m in [&mut level, &mut patterns] {
        m.set("readOnly", Json::Bool(true));
    }
    items.push(group(RESULT, ui("result_title"), vec![level, patterns]));
    // The narrative lists every item with its options (yes / no for a boolean).
    let yes_no = [true, false].map(|b| obj! { "valueBoolean": b });
    let options = |i: &Json| {
        if i.get("type").and_then(Json::as_str) == Some("boolean") {
            return yes_no
                .iter()
                .filter_map(|v| value_text(c, v, lang))
                .collect();
        }
        values_of(c, i, "answerOption", lang)
    };
    let text = narrative(lang, ui("app_title"), &item_list(&items, false, &options));
    obj! {
        "resourceType": "Questionnaire",
        "id": id(lang),
        "language": lang.tag(),
        "text": text,
        "url": url(lang),
        "version": VERSION,
        "name": name(lang),
        "title": ui("app_title"),
        "status": "active",
        "subjectType": vec!["Patient"],
        "item": items,
    }
}

/// A response item: linkId, text and answers.
fn answered(link_id: &str, text: &str, answers: Vec<Json>) -> Json {
    obj! { "linkId": link_id, "text": text, "answer": answers }
}

fn response_group(link_id: &str, text: &str, items: Vec<Json>) -> Json {
    obj! { "linkId": link_id, "text": text, "item": items }
}

/// The answers of one question as FHIR answers (only values the question offers).
fn question_answers(c: &Content, q: &Question, v: &Value, lang: Lang) -> Vec<Json> {
    if q.kind == Kind::YesNo {
        return match v {
            Value::Bool(b) => vec![obj! { "valueBoolean": *b }],
            Value::One(s) if s == "yes" || s == "no" => vec![obj! { "valueBoolean": s == "yes" }],
            _ => Vec::new(),
        };
    }
    let chosen: Vec<&str> = match v {
        Value::One(s) => vec![s.as_str()],
        Value::Many(vs) if q.kind == Kind::Multi => vs.iter().map(String::as_str).collect(),
        Value::Bool(b) if q.kind == Kind::YesNoUnsure => vec![if *b { "yes" } else { "no" }],
        _ => Vec::new(),
    };
    let opts = options(c, q, lang);
    chosen
        .into_iter()
        .filter_map(|s| opts.iter().find(|(code, _)| *code == s))
        .map(|(code, display)| obj! { "valueCoding": coding(&q.id, code, display) })
        .collect()
}

fn entry_item(c: &Content, e: &Entry, lang: Lang) -> Json {
    let ui = |k| c.ui(k, lang);
    let mut items = vec![
        answered(
            ENTRY_TIME,
            ui("diary_when"),
            vec![obj! { "valueDateTime": diary::iso(e.at_ms, e.offset_min) }],
        ),
        answered(
            ENTRY_LEG,
            ui("diary_which_leg"),
            vec![obj! { "valueCoding": coding(ENTRY_LEG, e.leg.id(), leg_label(c, e.leg, lang)) }],
        ),
        answered(
            ENTRY_DURATION,
            ui("diary_how_long"),
            vec![obj! { "valueCoding": coding(
                ENTRY_DURATION,
                e.duration.id(),
                duration_label(c, e.duration, lang),
            ) }],
        ),
        answered(
            ENTRY_SEVERITY,
            ui("diary_how_bad"),
            vec![obj! { "valueInteger": e.severity }],
        ),
        answered(
            ENTRY_WOKE,
            ui("diary_woke"),
            vec![obj! { "valueBoolean": e.woke }],
        ),
        answered(
            ENTRY_NUMB,
            ui("diary_numb"),
            vec![obj! { "valueBoolean": e.numb_after }],
        ),
    ];
    if let Some(a) = &e.activity {
        items.push(answered(
            ENTRY_ACTIVITY,
            ui("diary_activity"),
            vec![obj! { "valueString": a }],
        ));
    }
    response_group(ENTRY, ui("diary_entries_title"), items)
}

/// A FHIR R4 QuestionnaireResponse: the answers to shown questions (grouped by
/// step, as in [`questionnaire`]), every diary entry, and the result of
/// `assessment` (from [`crate::engine::evaluate`] on the same answers).
#[allow(clippy::too_many_arguments)]
pub fn questionnaire_response(
    content: &Content,
    answers: &Answers,
    entries: &[Entry],
    assessment: &Assessment,
    authored_ms: i64,
    offset_min: i32,
    lang: Lang,
) -> Json {
    let c = content;
    let ui = |k| c.ui(k, lang);
    // Only shown questions count, as everywhere (`Answers::visible`); FHIR
    // reads `enableWhen` the same way.
    let answers = answers.visible(c);
    let mut items: Vec<Json> = Vec::new();
    for step in c.steps.iter() {
        let qs: Vec<Json> = step
            .questions
            .iter()
            .filter_map(|q| {
                let list = question_answers(c, q, answers.get(&q.id)?, lang);
                (!list.is_empty()).then(|| answered(&q.id, q.text.get(lang), list))
            })
            .collect();
        if !qs.is_empty() {
            items.push(response_group(
                &step_link_id(&step.id),
                step.title.get(lang),
                qs,
            ));
        }
    }
    if !entries.is_empty() {
        let list = entries.iter().map(|e| entry_item(c, e, lang)).collect();
        items.push(response_group(DIARY, ui("diary_title"), list));
    }
    let level = assessment.level;
    let mut result = vec![answered(
        RESULT_LEVEL,
        ui("what_to_do"),
        vec![obj! { "valueCoding": coding(RESULT_LEVEL, level.id(), level_label(c, level, lang)) }],
    )];
    let patterns: Vec<Json> = assessment
        .patterns
        .iter()
        .filter_map(|id| c.pattern(id))
        .map(|p| obj! { "valueCoding": coding(RESULT_PATTERNS, &p.id, p.name.get(lang)) })
        .collect();
    if !patterns.is_empty() {
        result.push(answered(RESULT_PATTERNS, ui("patterns_title"), patterns));
    }
    items.push(response_group(RESULT, ui("result_title"), result));
    let authored = diary::iso(authored_ms, offset_min);
    let answers = |i: &Json| values_of(c, i, "answer", lang);
    let body = format!(
        "<p>{}</p>{}",
        xml_text(&authored),
        item_list(&items, true, &answers)
    );
    obj! {
        "resourceType": "QuestionnaireResponse",
        "language": lang.tag(),
        "text": narrative(lang, ui("app_title"), &body),
        "questionnaire": canonical(lang),
        "status": "completed",
        "authored": authored,
        "item": items,
    }
}
