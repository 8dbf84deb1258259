//! FHIR R4 output (src/fhir.rs): each language's Questionnaire has its own
//! canonical, the version of the question files, a narrative and unique
//! linkIds, its `enableWhen` mirrors `show_if`, and every QuestionnaireResponse
//! names and fits its own Questionnaire (linkIds, nesting, texts, types, codes).

mod common;

use common::*;
use cramp_core::content::load::load_sources;
use cramp_core::content::{embedded, Content, Lang};
use cramp_core::diary::{Duration, Entry, Leg};
use cramp_core::engine::{evaluate, parse_answers, Answers, Value};
use cramp_core::fhir::{self, *};

/// The core's FHIR (its own JSON tree) as serde_json, to index into.
fn questionnaire(c: &Content, lang: Lang) -> Json {
    serde_json::from_str(&fhir::questionnaire(c, lang).write()).expect("JSON")
}

#[allow(clippy::too_many_arguments)]
fn questionnaire_response(
    c: &Content,
    answers: &Answers,
    entries: &[Entry],
    assessment: &cramp_core::engine::Assessment,
    authored_ms: i64,
    offset_min: i32,
    lang: Lang,
) -> Json {
    serde_json::from_str(
        &fhir::questionnaire_response(
            c,
            answers,
            entries,
            assessment,
            authored_ms,
            offset_min,
            lang,
        )
        .write(),
    )
    .expect("JSON")
}
use serde_json::Value as Json;
use std::collections::BTreeMap;

fn content() -> &'static Content {
    embedded()
}

/// 2026-11-21T10:00:00+08:00.
const NOW: i64 = 1_795_226_400_000;

/// A Questionnaire item with the linkIds of the items it is nested in.
struct Indexed {
    path: Vec<String>,
    item: Json,
}

fn str_of<'a>(v: &'a Json, k: &str) -> &'a str {
    v[k].as_str()
        .unwrap_or_else(|| panic!("`{k}` is not a string in {v}"))
}

fn items(v: &Json) -> &[Json] {
    v["item"].as_array().map_or(&[], |a| &a[..])
}

/// Every item of a Questionnaire by linkId, checking uniqueness and the R4 item rules on the way.
fn index(q: &Json) -> BTreeMap<String, Indexed> {
    fn walk(list: &[Json], path: &mut Vec<String>, out: &mut BTreeMap<String, Indexed>) {
        for item in list {
            let id = str_of(item, "linkId").to_string();
            assert!(!id.is_empty());
            let kind = str_of(item, "type");
            assert!(
                ["group", "boolean", "choice", "integer", "dateTime", "string"].contains(&kind),
                "{id}: type {kind}"
            );
            assert!(!str_of(item, "text").is_empty(), "{id} has text");
            if kind == "group" {
                assert!(!items(item).is_empty(), "group {id} holds items");
            } else {
                assert!(
                    item.get("item").is_none(),
                    "{id}: only groups hold items here"
                );
            }
            if kind == "choice" {
                let opts = item["answerOption"].as_array().expect("answerOption");
                assert!(!opts.is_empty(), "{id} has options");
                let mut codes: Vec<&str> = Vec::new();
                for o in opts {
                    let coding = &o["valueCoding"];
                    assert_eq!(str_of(coding, "system"), system(&id));
                    assert!(!str_of(coding, "display").is_empty());
                    codes.push(str_of(coding, "code"));
                }
                let n = codes.len();
                codes.sort_unstable();
                codes.dedup();
                assert_eq!(codes.len(), n, "{id}: codes are unique");
            } else {
                assert!(item.get("answerOption").is_none(), "{id}");
            }
            let previous = out.insert(
                id.clone(),
                Indexed {
                    path: path.clone(),
                    item: item.clone(),
                },
            );
            assert!(previous.is_none(), "linkId {id} is not unique");
            path.push(id);
            walk(items(item), path, out);
            path.pop();
        }
    }
    let mut out = BTreeMap::new();
    walk(items(q), &mut Vec::new(), &mut out);
    out
}

fn codes_of(item: &Json) -> Vec<(String, String, String)> {
    item["answerOption"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| {
                    let c = &o["valueCoding"];
                    (
                        str_of(c, "system").into(),
                        str_of(c, "code").into(),
                        str_of(c, "display").into(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn is_iso_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 25
        && s.char_indices().all(|(i, ch)| match i {
            4 | 7 => ch == '-',
            10 => ch == 'T',
            13 | 16 | 22 => ch == ':',
            19 => ch == '+' || ch == '-',
            _ => ch.is_ascii_digit(),
        })
}

#[test]
fn the_questionnaire_has_the_required_fields_and_unique_link_ids() {
    common::at_root();
    let c = content();
    for lang in Lang::ALL {
        let q = questionnaire(c, lang);
        assert_eq!(q["resourceType"], "Questionnaire");
        assert_eq!(q["status"], "active");
        assert_eq!(q["id"], id(lang));
        assert_eq!(q["url"], url(lang));
        assert_eq!(q["version"], VERSION);
        assert_eq!(q["language"], lang.tag());
        assert_eq!(q["name"], name(lang));
        assert!(str_of(&q, "name")
            .chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_uppercase()));
        assert!(!str_of(&q, "title").is_empty());
        let idx = index(&q);
        // One group per step, holding its questions, and every question of the files.
        for step in c.steps.iter() {
            let g = &idx[&step_link_id(&step.id)];
            assert!(g.path.is_empty());
            assert_eq!(g.item["type"], "group");
            assert_eq!(g.item["text"], step.title.get(lang));
            for question in step.questions.iter() {
                let i = &idx[&*question.id];
                assert_eq!(i.path, [step_link_id(&step.id)], "{}", question.id);
                assert_eq!(i.item["text"], question.text.get(lang));
                let values = question.values();
                match question.kind.id() {
                    "yes_no" => assert_eq!(i.item["type"], "boolean"),
                    kind => {
                        assert_eq!(i.item["type"], "choice");
                        assert_eq!(i.item["repeats"] == true, kind == "multi");
                        let codes: Vec<String> =
                            codes_of(&i.item).into_iter().map(|c| c.1).collect();
                        assert_eq!(codes, values, "{}", question.id);
                    }
                }
            }
        }
        let n_questions = c.questions().count();
        assert_eq!(idx.len(), c.steps.len() + n_questions + 2 + 7 + 3);
        for id in [
            ENTRY_TIME,
            ENTRY_LEG,
            ENTRY_DURATION,
            ENTRY_SEVERITY,
            ENTRY_WOKE,
            ENTRY_NUMB,
            ENTRY_ACTIVITY,
        ] {
            assert_eq!(idx[id].path, [DIARY, ENTRY]);
        }
        assert_eq!(idx[ENTRY].item["repeats"], true);
        assert_eq!(idx[RESULT_LEVEL].path, [RESULT]);
        assert_eq!(idx[RESULT_PATTERNS].item["repeats"], true);
        let levels: Vec<String> = codes_of(&idx[RESULT_LEVEL].item)
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(levels, ["emergency", "urgent", "soon", "self_care"]);
        let patterns = codes_of(&idx[RESULT_PATTERNS].item);
        assert_eq!(patterns.len(), c.patterns.len());
        let durations: Vec<String> = codes_of(&idx[ENTRY_DURATION].item)
            .into_iter()
            .map(|c| c.1)
            .collect();
        assert_eq!(durations, Duration::ALL.map(|d| d.id()));
        // Diary durations read like the `duration` question's options.
        let duration_q: Vec<String> = codes_of(&idx["duration"].item)
            .into_iter()
            .map(|c| c.2)
            .collect();
        let diary_labels: Vec<String> = codes_of(&idx[ENTRY_DURATION].item)
            .into_iter()
            .map(|c| c.2)
            .collect();
        assert_eq!(duration_q, diary_labels);
    }
}

#[test]
fn enable_when_refers_to_existing_items_and_codes() {
    common::at_root();
    let c = content();
    let q = questionnaire(c, Lang::En);
    let idx = index(&q);
    let mut seen = 0;
    for (id, i) in &idx {
        let Some(list) = i.item.get("enableWhen") else {
            assert!(i.item.get("enableBehavior").is_none());
            continue;
        };
        let list = list.as_array().expect("enableWhen is a list");
        assert!(!list.is_empty());
        if list.len() > 1 {
            assert_eq!(i.item["enableBehavior"], "any", "{id}");
        }
        for w in list {
            seen += 1;
            let target = str_of(w, "question");
            let t = idx
                .get(target)
                .unwrap_or_else(|| panic!("{id}: enableWhen names unknown {target}"));
            assert_ne!(t.item["type"], "group");
            assert_eq!(w["operator"], "=");
            if let Some(b) = w.get("answerBoolean") {
                assert_eq!(t.item["type"], "boolean", "{id}");
                assert_eq!(b, true);
            } else {
                let coding = &w["answerCoding"];
                assert_eq!(str_of(coding, "system"), system(target));
                let code = str_of(coding, "code");
                assert!(
                    codes_of(&t.item).iter().any(|c| c.1 == code),
                    "{id}: {target} has no option {code}"
                );
            }
        }
    }
    let show_ifs = c.steps.iter().map(|s| s.show_if.len()).sum::<usize>()
        + c.questions().map(|q| q.show_if.len()).sum::<usize>();
    assert!(
        show_ifs == 0 || seen >= show_ifs,
        "every show_if becomes enableWhen"
    );
}

/// Evaluates `enableWhen` as a FHIR form filler would, on engine answers.
fn enabled(item: &Json, a: &Answers) -> bool {
    let Some(list) = item.get("enableWhen").and_then(Json::as_array) else {
        return true;
    };
    list.iter().any(|w| {
        let answer = a.get(str_of(w, "question"));
        match (w.get("answerBoolean"), answer) {
            (Some(b), Some(Value::Bool(x))) => b == x,
            (Some(_), _) => false,
            (None, Some(Value::One(x))) => x == str_of(&w["answerCoding"], "code"),
            (None, Some(Value::Many(xs))) => {
                xs.iter().any(|x| x == str_of(&w["answerCoding"], "code"))
            }
            _ => false,
        }
    })
}

fn random_answer_sets(c: &Content, n: u64) -> Vec<Answers> {
    let count = c.questions().count();
    let mut state = 0x5eed_u64;
    (0..n)
        .map(|_| {
            let seeds: Vec<u64> = (0..count)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    state >> 20
                })
                .collect();
            answers_from(c, &seeds)
        })
        .collect()
}

fn vignette_answer_sets() -> Vec<Answers> {
    let text = std::fs::read_to_string("tests/vignettes.jsonl").expect("tests/vignettes.jsonl");
    let out: Vec<Answers> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Json = serde_json::from_str(l).expect("vignette JSON");
            parse_answers(content(), &j(&v["answers"])).0
        })
        .collect();
    assert!(out.len() >= 40);
    out
}

fn rule_answer_sets() -> Vec<Answers> {
    content()
        .rules
        .iter()
        .map(|r| answers_firing(content(), &r.id))
        .collect()
}

fn all_answer_sets() -> Vec<Answers> {
    let mut all = vignette_answer_sets();
    all.extend(rule_answer_sets());
    all.extend(random_answer_sets(content(), 400));
    all.push(Answers::default());
    all
}

/// The real question files with `show_if` added where the real ones have none:
/// on a step (yes/no/not-sure, yes/no and single-choice conditions) and on a
/// question (a yes/no/not-sure condition), loaded through the real loader.
fn variant() -> Content {
    let mut files: Vec<(String, String)> = std::fs::read_dir("questions")
        .expect("questions/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("read"),
            )
        })
        .collect();
    files.sort();
    let mut edits = [
        (
            "40_back.toml",
            "id = \"back\"\n",
            "id = \"back\"\nshow_if = [{ q = \"ces_bladder\", is = true }, { q = \"frequency_rising\", is = true }, { q = \"frequency\", in = [\"nightly\", \"more_than_3_weekly\"] }]\n",
        ),
        (
            "60_circulation.toml",
            "id = \"varicose_veins\"\n",
            "id = \"varicose_veins\"\nshow_if = [{ q = \"leg_cold_pale\", is = true }]\n",
        ),
    ]
    .map(|e| (e, false));
    for (name, text) in &mut files {
        for ((file, from, to), done) in &mut edits {
            if name.ends_with(*file) {
                assert!(text.contains(*from), "{file} has {from}");
                *text = text.replacen(*from, to, 1);
                *done = true;
            }
        }
    }
    assert!(edits.iter().all(|e| e.1));
    load_sources(&files).unwrap_or_else(|e| panic!("variant loads: {e:?}"))
}

#[test]
fn enable_when_agrees_with_show_if_on_every_answer_set() {
    common::at_root();
    check_enable_when(content(), all_answer_sets());
    let v = variant();
    let sets = random_answer_sets(&v, 600);
    check_enable_when(&v, sets);
}

fn check_enable_when(c: &Content, sets: Vec<Answers>) {
    let idx = index(&questionnaire(c, Lang::Zh));
    for a in sets {
        for step in c.steps.iter() {
            let group_on = enabled(&idx[&step_link_id(&step.id)].item, &a);
            for q in step.questions.iter() {
                let fhir = group_on && enabled(&idx[&*q.id].item, &a);
                assert_eq!(fhir, a.is_shown(c, &q.id), "{} with {a:?}", q.id);
            }
        }
    }
}

fn diary_entries() -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, leg) in Leg::ALL.into_iter().enumerate() {
        for (j, duration) in Duration::ALL.into_iter().enumerate() {
            let k = (i * 3 + j) as i64;
            out.push(Entry {
                id: format!("e{k}"),
                at_ms: NOW - k * 86_400_000,
                offset_min: [480, -300, 0][i],
                leg,
                duration,
                severity: (k % 11) as u8,
                woke: k % 2 == 0,
                numb_after: k % 3 == 0,
                activity: (k % 4 == 0).then(|| format!("walking {k}")),
            });
        }
    }
    out
}

/// Checks one response against the Questionnaire's index; returns the answers it carries by linkId.
fn check_response(
    idx: &BTreeMap<String, Indexed>,
    r: &Json,
    lang: Lang,
) -> BTreeMap<String, Vec<Json>> {
    assert_eq!(r["resourceType"], "QuestionnaireResponse");
    assert_eq!(r["status"], "completed");
    assert_eq!(r["questionnaire"], canonical(lang));
    assert_eq!(
        r["questionnaire"],
        format!("{}|{}", url(lang), VERSION),
        "the response names its own language's Questionnaire"
    );
    assert_eq!(r["language"], lang.tag());
    assert!(is_iso_datetime(str_of(r, "authored")), "{}", r["authored"]);
    fn walk(
        list: &[Json],
        path: &mut Vec<String>,
        idx: &BTreeMap<String, Indexed>,
        out: &mut BTreeMap<String, Vec<Json>>,
    ) {
        let mut siblings: Vec<&str> = Vec::new();
        for item in list {
            let id = str_of(item, "linkId");
            let q = idx
                .get(id)
                .unwrap_or_else(|| panic!("response linkId {id} is not in the Questionnaire"));
            assert_eq!(&q.path, path, "{id} is nested as in the Questionnaire");
            assert_eq!(
                item["text"], q.item["text"],
                "{id}: the text is the Questionnaire's"
            );
            if q.item["repeats"] != true || q.item["type"] != "group" {
                assert!(!siblings.contains(&id), "{id} repeats but may not");
            }
            siblings.push(id);
            let kind = str_of(&q.item, "type");
            if kind == "group" {
                assert!(item.get("answer").is_none());
                assert!(!items(item).is_empty(), "group {id} is not empty");
                path.push(id.to_string());
                walk(items(item), path, idx, out);
                path.pop();
                continue;
            }
            assert!(item.get("item").is_none());
            let answers = item["answer"].as_array().expect("answer list");
            assert!(!answers.is_empty(), "{id} has an answer");
            if q.item["repeats"] != true {
                assert_eq!(answers.len(), 1, "{id} takes one answer");
            }
            let codes = codes_of(&q.item);
            for a in answers {
                let obj = a.as_object().expect("answer object");
                assert_eq!(obj.len(), 1, "{id}: one value[x]");
                let (key, value) = obj.iter().next().expect("a value");
                let expected = match kind {
                    "boolean" => "valueBoolean",
                    "choice" => "valueCoding",
                    "integer" => "valueInteger",
                    "dateTime" => "valueDateTime",
                    "string" => "valueString",
                    other => panic!("{other}"),
                };
                assert_eq!(key, expected, "{id}");
                match kind {
                    "boolean" => assert!(value.is_boolean()),
                    "integer" => assert!((0..=10).contains(&value.as_i64().expect("integer"))),
                    "dateTime" => assert!(is_iso_datetime(value.as_str().expect("text"))),
                    "string" => assert!(!value.as_str().expect("text").is_empty()),
                    _ => {
                        let got = (
                            str_of(value, "system").to_string(),
                            str_of(value, "code").to_string(),
                            str_of(value, "display").to_string(),
                        );
                        assert!(codes.contains(&got), "{id}: {got:?} is not an answerOption");
                    }
                }
            }
            out.entry(id.to_string())
                .or_default()
                .extend(answers.iter().cloned());
        }
    }
    let mut out = BTreeMap::new();
    walk(items(r), &mut Vec::new(), idx, &mut out);
    out
}

/// The response's own answers, as engine answers, for evaluating `enableWhen`.
fn as_engine_answers(
    idx: &BTreeMap<String, Indexed>,
    got: &BTreeMap<String, Vec<Json>>,
) -> Answers {
    let mut a = Answers::default();
    for (id, list) in got {
        if idx[id]
            .path
            .first()
            .is_some_and(|p| p == DIARY || p == RESULT)
        {
            continue;
        }
        let v = if let Some(b) = list[0].get("valueBoolean") {
            Value::Bool(b == true)
        } else if idx[id].item["repeats"] == true {
            Value::Many(
                list.iter()
                    .map(|x| str_of(&x["valueCoding"], "code").to_string())
                    .collect(),
            )
        } else {
            Value::One(str_of(&list[0]["valueCoding"], "code").to_string())
        };
        a.set(id, v);
    }
    a
}

#[test]
fn every_response_fits_the_questionnaire() {
    common::at_root();
    check_responses(content(), &all_answer_sets());
    let v = variant();
    let sets = random_answer_sets(&v, 300);
    check_responses(&v, &sets);
}

fn check_responses(c: &Content, sets: &[Answers]) {
    let entries = diary_entries();
    for lang in Lang::ALL {
        let idx = index(&questionnaire(c, lang));
        for (n, answers) in sets.iter().enumerate() {
            let diary: &[Entry] = if n % 3 == 0 { &entries } else { &[] };
            let assessment = evaluate(c, answers);
            let r = questionnaire_response(c, answers, diary, &assessment, NOW, 480, lang);
            let got = check_response(&idx, &r, lang);
            // The result carries the assessment.
            let level = str_of(&got[RESULT_LEVEL][0]["valueCoding"], "code");
            assert_eq!(level, assessment.level.id());
            let patterns: Vec<&str> = got
                .get(RESULT_PATTERNS)
                .map(|l| {
                    l.iter()
                        .map(|x| str_of(&x["valueCoding"], "code"))
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(patterns, assessment.patterns);
            // Every diary entry is there, with its time.
            let times = got.get(ENTRY_TIME).map_or(0, Vec::len);
            assert_eq!(times, diary.len());
            // Only enabled items are answered, and every shown answer is there.
            let carried = as_engine_answers(&idx, &got);
            for id in carried.0.keys() {
                let i = &idx[id];
                assert!(enabled(&i.item, &carried), "{id} is answered but disabled");
                assert!(
                    enabled(&idx[&i.path[0]].item, &carried),
                    "{id}'s group is disabled"
                );
            }
            assert_eq!(
                evaluate(c, &carried),
                assessment,
                "the response alone gives the same result"
            );
            for (q, v) in answers.visible(c).0 {
                let empty = matches!(&v, Value::Many(l) if l.is_empty());
                assert_eq!(carried.get(&q).is_some(), !empty, "{q} is carried");
            }
        }
    }
}

#[test]
fn the_diary_is_carried_in_full() {
    common::at_root();
    let c = content();
    let entries = diary_entries();
    let a = Answers::default();
    let r = questionnaire_response(c, &a, &entries, &evaluate(c, &a), NOW, -300, Lang::En);
    assert_eq!(r["authored"], "2026-11-20T21:00:00-05:00");
    let diary = r["item"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["linkId"] == DIARY)
        .expect("diary group");
    let list = items(diary);
    assert_eq!(list.len(), entries.len());
    for (e, item) in entries.iter().zip(list) {
        assert_eq!(item["linkId"], ENTRY);
        let value = |id: &str| -> Option<Json> {
            items(item)
                .iter()
                .find(|i| i["linkId"] == id)
                .map(|i| i["answer"][0].clone())
        };
        let time = value(ENTRY_TIME).expect("time");
        assert_eq!(
            time["valueDateTime"],
            cramp_core::diary::iso(e.at_ms, e.offset_min)
        );
        assert_eq!(
            value(ENTRY_LEG).expect("leg")["valueCoding"]["code"],
            e.leg.id()
        );
        assert_eq!(
            value(ENTRY_DURATION).expect("duration")["valueCoding"]["code"],
            e.duration.id()
        );
        assert_eq!(
            value(ENTRY_SEVERITY).expect("severity")["valueInteger"],
            e.severity
        );
        assert_eq!(value(ENTRY_WOKE).expect("woke")["valueBoolean"], e.woke);
        assert_eq!(
            value(ENTRY_NUMB).expect("numb")["valueBoolean"],
            e.numb_after
        );
        assert_eq!(
            value(ENTRY_ACTIVITY).map(|v| v["valueString"].as_str().expect("text").to_string()),
            e.activity
        );
    }
    // No diary, no diary group (an empty group is invalid in R4).
    let r = questionnaire_response(c, &a, &[], &evaluate(c, &a), NOW, 0, Lang::En);
    assert!(r["item"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["linkId"] != DIARY));
}

/// Every item's linkId, path, type and codes: what must not depend on the language.
/// linkId, path, type, (system, code) of each option, enableWhen.
type Shape = (String, Vec<String>, String, Vec<(String, String)>, Json);

fn structure(q: &Json) -> Vec<Shape> {
    index(q)
        .into_iter()
        .map(|(id, i)| {
            let codes = codes_of(&i.item).into_iter().map(|c| (c.0, c.1)).collect();
            let kind = str_of(&i.item, "type").to_string();
            (
                id,
                i.path,
                kind,
                codes,
                i.item.get("enableWhen").cloned().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn both_languages_give_the_same_link_ids_and_codes() {
    common::at_root();
    let c = content();
    let zh = questionnaire(c, Lang::Zh);
    let en = questionnaire(c, Lang::En);
    assert_eq!(structure(&zh), structure(&en));
    assert_ne!(zh["title"], en["title"], "texts are translated");
    assert_ne!(zh, en);
    for a in vignette_answer_sets() {
        let ass = evaluate(c, &a);
        let ids = |lang| {
            let idx = index(&questionnaire(c, lang));
            let r = questionnaire_response(c, &a, &diary_entries(), &ass, NOW, 480, lang);
            let got = check_response(&idx, &r, lang);
            got.into_iter()
                .map(|(id, l)| {
                    let codes: Vec<Json> = l
                        .iter()
                        .map(|x| {
                            x.get("valueCoding")
                                .map_or(x.clone(), |v| v["code"].clone())
                        })
                        .collect();
                    (id, codes)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(Lang::Zh), ids(Lang::En));
    }
}

#[test]
fn answers_that_do_not_fit_their_question_are_left_out() {
    common::at_root();
    let c = content();
    let mut a = Answers::default();
    a.set("frequency", Value::Many(vec!["nightly".into()])); // single given a list
    a.set("duration", Value::One("forever".into())); // unknown option
    a.set("eased_by_stretching", Value::One("maybe".into())); // yes/no given text
    a.set("ces_bladder", Value::Bool(true)); // yes/no/not sure given a boolean: yes
    a.set("location", Value::Many(vec!["calf".into(), "moon".into()]));
    a.set("no_such_question", Value::Bool(true));
    let idx = index(&questionnaire(c, Lang::En));
    let r = questionnaire_response(c, &a, &[], &evaluate(c, &a), NOW, 480, Lang::En);
    let got = check_response(&idx, &r, Lang::En);
    let ids: Vec<&str> = got.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        ["ces_bladder", "location", RESULT_LEVEL, RESULT_PATTERNS]
    );
    assert_eq!(got["ces_bladder"][0]["valueCoding"]["code"], "yes");
    assert_eq!(got["location"].len(), 1);
}

#[test]
fn every_interface_text_the_output_uses_exists_in_both_languages() {
    common::at_root();
    let c = content();
    let missing: Vec<&str> = UI_KEYS
        .iter()
        .chain(&["answer_yes", "answer_no", "answer_not_sure"])
        .copied()
        .filter(|k| {
            c.ui_text(k)
                .is_none_or(|t| t.zh.trim().is_empty() || t.en.trim().is_empty())
        })
        .collect();
    assert!(missing.is_empty(), "not in questions/ui.toml: {missing:?}");
    // And no item text falls back to a bare key.
    for lang in Lang::ALL {
        let idx = index(&questionnaire(c, lang));
        for (id, i) in &idx {
            let text = str_of(&i.item, "text");
            assert!(!UI_KEYS.contains(&text), "{id} shows the key {text}");
        }
    }
}

#[test]
fn each_language_is_its_own_questionnaire_and_a_response_names_its_own() {
    common::at_root();
    let c = content();
    let [zh, en] = Lang::ALL.map(|lang| questionnaire(c, lang));
    assert_eq!(zh["url"], "urn:cramp-check:questionnaire:zh-CN");
    assert_eq!(en["url"], "urn:cramp-check:questionnaire:en");
    for field in ["url", "id", "name"] {
        assert_ne!(
            zh[field], en[field],
            "{field} differs between the languages"
        );
    }
    // A canonical with its version names one resource: no two share url|version.
    assert_ne!(
        format!("{}|{}", zh["url"], zh["version"]),
        format!("{}|{}", en["url"], en["version"])
    );
    // No `|` or `#` in a canonical (cnl-1), nor a space.
    for q in [&zh, &en] {
        assert!(!str_of(q, "url").contains(['|', '#', ' ']));
    }
    let a = vignette_answer_sets().swap_remove(0);
    for (lang, q) in [(Lang::Zh, &zh), (Lang::En, &en)] {
        let r = questionnaire_response(c, &a, &diary_entries(), &evaluate(c, &a), NOW, 480, lang);
        assert_eq!(
            r["questionnaire"],
            format!("{}|{}", str_of(q, "url"), str_of(q, "version"))
        );
        // Checked against its own Questionnaire, texts included (check_response).
        check_response(&index(q), &r, lang);
    }
    // And the other language's Questionnaire would not fit: the texts differ.
    let r = questionnaire_response(c, &a, &[], &evaluate(c, &a), NOW, 480, Lang::Zh);
    let other = index(&en);
    let first = &items(&items(&r)[0])[0];
    assert_ne!(
        first["text"],
        other[str_of(first, "linkId")].item["text"],
        "a response in Chinese does not carry the English texts"
    );
}

#[test]
fn the_version_is_the_hash_of_the_question_files_and_the_generator() {
    use cramp_core::content::codegen::{content_hash, version_inputs};
    use std::path::Path;
    common::at_root();
    let inputs = version_inputs(
        Path::new("questions"),
        Path::new("crates/cramp-core/src/fhir.rs"),
    )
    .expect("read the inputs");
    // Every question file the loader reads, and the generator.
    let toml_files = std::fs::read_dir("questions")
        .expect("questions/")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
        .count();
    assert_eq!(inputs.len(), toml_files + 1);
    assert_eq!(inputs.last().map(|f| f.0.as_str()), Some("fhir.rs"));
    let hash = content_hash(&inputs);
    assert_eq!(hash.len(), 8);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(
        VERSION,
        format!("0.2.0+{hash}"),
        "the compiled-in version is the hash of the files as they are"
    );
    for q in Lang::ALL.map(|lang| questionnaire(content(), lang)) {
        assert_eq!(q["version"], VERSION);
    }
    // Any change to any one file (a character, a file name) gives another
    // version; CRLF line ends give the same.
    for i in 0..inputs.len() {
        let mut changed = inputs.clone();
        changed[i].1.push(' ');
        assert_ne!(content_hash(&changed), hash, "{} changed", inputs[i].0);
        let mut renamed = inputs.clone();
        renamed[i].0.push('x');
        assert_ne!(content_hash(&renamed), hash, "{} renamed", inputs[i].0);
    }
    let mut moved = inputs.clone();
    let text = std::mem::take(&mut moved[0].1);
    moved[1].1.insert_str(0, &text);
    assert_ne!(content_hash(&moved), hash, "text moved between files");
    let crlf: Vec<(String, String)> = inputs
        .iter()
        .map(|(n, t)| (n.clone(), t.replace('\n', "\r\n")))
        .collect();
    assert_eq!(content_hash(&crlf), hash);
    // Built twice, the same bytes: nothing depends on when it is built.
    for lang in Lang::ALL {
        assert_eq!(
            fhir::questionnaire(content(), lang).write(),
            fhir::questionnaire(content(), lang).write()
        );
    }
}

/// Checks that `div` is one well-formed XHTML `<div>` in `lang` using only
/// the elements the narrative writes; returns its text with the tags left out
/// and the five XML entities read back.
fn narrative_text(r: &Json, lang: Lang) -> String {
    assert_eq!(r["text"]["status"], "generated");
    let div = str_of(&r["text"], "div");
    let tag = lang.tag();
    let head =
        format!("<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{tag}\" xml:lang=\"{tag}\">");
    assert!(div.starts_with(&head), "{div}");
    assert!(div.ends_with("</div>"));
    let mut open: Vec<&str> = Vec::new();
    let mut text = String::new();
    let mut rest = &div[head.len()..div.len() - "</div>".len()];
    while let Some(start) = rest.find(['<', '&']) {
        assert!(!rest[..start].contains('>'), "a bare > in {div}");
        text.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('&') {
            let end = rest.find(';').expect("an entity ends with ;");
            text.push_str(match &rest[..=end] {
                "&amp;" => "&",
                "&lt;" => "<",
                "&gt;" => ">",
                "&quot;" => "\"",
                "&#39;" => "'",
                other => panic!("unknown entity {other}"),
            });
            rest = &rest[end + 1..];
            continue;
        }
        let end = rest.find('>').expect("a tag ends with >");
        let name = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(closing) = name.strip_prefix('/') {
            assert_eq!(open.pop(), Some(closing), "tags nest in {div}");
        } else if name == "br/" {
            text.push('\n');
        } else {
            assert!(["p", "b", "ul", "li"].contains(&name), "<{name}> in {div}");
            open.push(name);
        }
    }
    assert!(!rest.contains('>'), "a bare > in {div}");
    text.push_str(rest);
    assert!(open.is_empty(), "every tag is closed in {div}");
    text
}

#[test]
fn every_resource_carries_a_narrative_in_its_language_listing_questions_or_answers() {
    common::at_root();
    let c = content();
    for lang in Lang::ALL {
        let q = questionnaire(c, lang);
        let text = narrative_text(&q, lang);
        assert!(text.starts_with(str_of(&q, "title")));
        // Every item, and every option of a choice, is in the list.
        for (id, i) in index(&q) {
            assert!(text.contains(str_of(&i.item, "text")), "{id}");
            for (_, _, display) in codes_of(&i.item) {
                assert!(text.contains(&display), "{id}: {display}");
            }
        }
        let entries = diary_entries();
        for a in vignette_answer_sets().iter().take(12) {
            let r = questionnaire_response(c, a, &entries, &evaluate(c, a), NOW, 480, lang);
            let text = narrative_text(&r, lang);
            assert!(text.contains(str_of(&r, "authored")));
            let got = check_response(&index(&q), &r, lang);
            let yes_no = |b: bool| c.ui(if b { "answer_yes" } else { "answer_no" }, lang);
            for (id, answers) in got {
                for a in answers {
                    let (key, v) = a.as_object().and_then(|o| o.iter().next()).expect("value");
                    let shown = match key.as_str() {
                        "valueCoding" => str_of(v, "display").to_string(),
                        "valueBoolean" => yes_no(v == true).to_string(),
                        "valueInteger" => v.to_string(),
                        _ => v.as_str().expect("text").to_string(),
                    };
                    assert!(text.contains(&shown), "{id}: {shown} in {text}");
                }
            }
        }
    }
    // Free text is escaped, and characters XML cannot hold are left out.
    let a = Answers::default();
    let mut entry = diary_entries().swap_remove(0);
    entry.activity = Some("爬山 <b>&</b> \"x\" \u{7}bell".into());
    let r = questionnaire_response(c, &a, &[entry], &evaluate(c, &a), NOW, 480, Lang::En);
    let div = str_of(&r["text"], "div");
    assert!(
        div.contains("爬山 &lt;b&gt;&amp;&lt;/b&gt; &quot;x&quot;  bell"),
        "{div}"
    );
    assert!(narrative_text(&r, Lang::En).contains("爬山 <b>&</b> \"x\""));
}
