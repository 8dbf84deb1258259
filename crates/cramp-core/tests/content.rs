//! The question files: they all load, the binary carries exactly them, and every
//! kind of mistake a clinician can make is refused with the file and the id named.

mod common;

use cramp_core::content::load::{load_dir, load_sources, ErrorKind, LoadError};
use cramp_core::content::{embedded, Lang, Level};
use std::path::Path;

#[test]
fn every_question_file_loads_and_is_what_the_binary_carries() {
    common::at_root();
    let loaded = load_dir(Path::new("questions"))
        .unwrap_or_else(|errors| panic!("{}", common::shown(&errors)));
    assert_eq!(
        &loaded,
        embedded(),
        "the embedded content is stale: rebuild"
    );
    let files = common::real_files();
    for step in loaded.steps.iter() {
        assert!(files.iter().any(|(f, _)| *f == step.file), "{}", step.file);
    }
}

#[test]
fn the_brief_stable_ids_are_all_present() {
    common::at_root();
    let c = embedded();
    let expect: &[(&str, &[&str])] = &[
        (
            "frequency",
            &[
                "less_than_weekly",
                "weekly_1_to_3",
                "more_than_3_weekly",
                "nightly",
            ],
        ),
        (
            "duration",
            &["seconds", "under_10_min", "over_10_min_not_easing"],
        ),
        ("location", &["calf", "foot", "thigh", "shin_front"]),
        (
            "timing",
            &[
                "night_in_bed",
                "resting_daytime",
                "during_exercise",
                "walking",
            ],
        ),
        ("weeks", &["under_1", "1_to_2", "2_to_12", "over_12"]),
        ("sleep_lost", &["none", "wakes_me", "severe_cannot_sleep"]),
        (
            "numbness",
            &[
                "none",
                "after_cramps",
                "outer_calf_top_of_foot",
                "back_of_thigh_to_calf",
                "both_feet",
            ],
        ),
        (
            "weakness",
            &[
                "none",
                "toe_drags_foot_drop",
                "cannot_walk_on_heels",
                "cannot_walk_on_tiptoe",
                "stairs_hard",
            ],
        ),
        ("weakness_onset", &["days", "weeks_or_longer"]),
        (
            "posture_triggers",
            &[
                "bending",
                "cough_sneeze_strain",
                "long_sitting",
                "long_standing",
                "squatting_or_leg_crossing",
            ],
        ),
        (
            "medicines",
            &[
                "diuretic",
                "statin",
                "calcium_channel_blocker",
                "beta_agonist",
                "steroid",
                "opioid",
                "cimetidine",
                "penicillamine",
                "lithium",
                "none",
            ],
        ),
        (
            "conditions",
            &[
                "diabetes",
                "kidney_disease",
                "thyroid",
                "pregnancy",
                "lumbar_disc_or_stenosis",
                "liver_disease",
                "none",
            ],
        ),
        ("age_band", &["under_50", "50_to_64", "65_plus"]),
    ];
    for (q, options) in expect {
        let question = c
            .question(q)
            .unwrap_or_else(|| panic!("missing question {q}"));
        for o in *options {
            assert!(question.option(o).is_some(), "{q} lacks option {o}");
        }
    }
    for q in [
        "frequency_rising",
        "eased_by_stretching",
        "pain_between_cramps",
        "sudden_worsening",
        "tingling",
        "back_pain",
        "radiating_pain",
        "buttock_pain_sitting",
        "urge_to_move",
        "worse_at_rest",
        "relieved_by_moving",
        "worse_evening",
        "walking_pain_eases_standing",
        "varicose_veins",
    ] {
        assert!(c.question(q).is_some(), "missing question {q}");
    }
    for p in [
        "typical_nlc",
        "nerve_root",
        "peroneal",
        "piriformis",
        "polyneuropathy",
        "restless_legs",
        "claudication",
        "venous",
        "medication",
        "metabolic",
        "cauda_equina",
    ] {
        assert!(c.pattern(p).is_some(), "missing pattern {p}");
    }
}

#[test]
fn every_text_has_both_languages_and_every_rule_cites_a_source() {
    common::at_root();
    let c = embedded();
    for r in c.rules.iter() {
        assert!(!r.source.is_empty(), "{}", r.id);
        for lang in Lang::ALL {
            assert!(!r.reason.get(lang).is_empty(), "{}", r.id);
        }
    }
    // The texts that come from the seeds say which seed file.
    let cited: usize = c
        .rules
        .iter()
        .map(|r| common::check_seed_files(&r.id, &r.source))
        .sum();
    assert!(cited > 0, "no rule names a seed file");
}

/// The real files with one textual change in one file.
fn with_change(file: &str, from: &str, to: &str) -> Vec<(String, String)> {
    common::real_files_with(&[(file, from, to)])
}

/// Loads the real files with one textual change in one file and returns the errors.
fn errors_after(file: &str, from: &str, to: &str) -> Vec<LoadError> {
    let files = with_change(file, from, to);
    match load_sources(&files) {
        Ok(_) => panic!("{file}: changing {from:?} to {to:?} was accepted"),
        Err(errors) => errors,
    }
}

/// One broken edit, the id the error must name, and words the message must contain.
fn check(file: &str, from: &str, to: &str, id: &str, says: &str) {
    let errors = errors_after(file, from, to);
    assert!(
        errors
            .iter()
            .any(|e| e.file.ends_with(file) && e.id == id && e.to_string().contains(says)),
        "expected an error in {file} naming `{id}` saying {says:?}, got:\n{}",
        common::shown(&errors)
    );
}

#[test]
fn malformed_question_files_are_refused_naming_the_file_and_the_id() {
    common::at_root();
    // Unknown question in a rule.
    check(
        "20_cramps.toml",
        r#"{ q = "frequency_rising", is = true }"#,
        r#"{ q = "frequency_risen", is = true }"#,
        "frequency_rising",
        "unknown question `frequency_risen`",
    );
    // Unknown option in a rule.
    check(
        "20_cramps.toml",
        r#"in = ["more_than_3_weekly", "nightly"]"#,
        r#"in = ["more_than_3_weekly", "every_night"]"#,
        "frequency_high",
        "no option `every_night`",
    );
    // Missing translation.
    check(
        "40_back.toml",
        r#"text = { zh = "最近有没有腰疼？", en = "Have you had low back pain lately?" }"#,
        r#"text = { zh = "最近有没有腰疼？" }"#,
        "back_pain",
        "missing `en` translation of `text`",
    );
    // Duplicate id.
    check(
        "60_circulation.toml",
        r#"id = "venous""#,
        r#"id = "claudication""#,
        "claudication",
        "duplicate rule id",
    );
    // Unknown operator.
    check(
        "60_circulation.toml",
        r#"{ q = "varicose_veins", is = true }"#,
        r#"{ q = "varicose_veins", equals = true }"#,
        "venous",
        "unknown operator `equals`",
    );
    // An operator that does not fit the kind.
    check(
        "60_circulation.toml",
        r#"{ q = "varicose_veins", is = true }"#,
        r#"{ q = "varicose_veins", in = ["yes"] }"#,
        "venous",
        "does not fit",
    );
    // A negative condition, which would break monotonic triage.
    check(
        "60_circulation.toml",
        r#"{ q = "varicose_veins", is = true }"#,
        r#"{ q = "varicose_veins", is = false }"#,
        "venous",
        "must be `true`",
    );
    // A question no rule can reach.
    check(
        "80_about.toml",
        "informational = true",
        "",
        "age_band",
        "no rule uses option `under_50`",
    );
    // An option no rule uses and nobody declared informational.
    check(
        "20_cramps.toml",
        r#"informational = ["thigh", "shin_front"]"#,
        r#"informational = ["thigh"]"#,
        "location",
        "no rule uses option `shin_front`",
    );
    // A show_if that names a later question: the flow can never show it.
    check(
        "30_nerves.toml",
        "show_if = [\n  { q = \"numbness\", has = [\"both_feet\"] },",
        "show_if = [\n  { q = \"conditions\", has = [\"diabetes\"] },",
        "weakness_onset",
        "not asked before this question",
    );
    // Unknown level, pattern, department.
    check(
        "60_circulation.toml",
        r#"level = "soon""#,
        r#"level = "later""#,
        "claudication",
        "unknown level `later`",
    );
    check(
        "60_circulation.toml",
        r#"patterns = ["venous"]"#,
        r#"patterns = ["veins"]"#,
        "venous",
        "unknown pattern `veins`",
    );
    check(
        "20_cramps.toml",
        r#"departments = ["primary_care"]"#,
        r#"departments = ["gp"]"#,
        "cramp_over_10_min_eased",
        "unknown department `gp`",
    );
    // An emergency rule that needs two answers together could miss an emergency.
    check(
        "10_emergency.toml",
        r#"any = [{ q = "ces_bowel", is = true }]"#,
        r#"all = [{ q = "ces_bowel", is = true }, { q = "ces_bladder", is = true }]"#,
        "ces_bowel",
        "must fire on any one of its conditions alone",
    );
    // A misspelt field: the TOML reader's error, named by the rule it is in.
    check(
        "60_circulation.toml",
        "source = \"Edinburgh",
        "sauce = \"Edinburgh",
        "claudication",
        "unknown field `sauce`",
    );
    // Not TOML at all: named by the entry where the reader stopped.
    check("40_back.toml", "[step]", "[step", "back", "invalid file");
}

#[test]
fn a_later_emergency_combination_must_be_declared_with_alert() {
    common::at_root();
    // Undeclared: refused, naming the rule.
    let errors = errors_after(
        "60_circulation.toml",
        "level = \"soon\"\npatterns = [\"venous\"]",
        "level = \"emergency\"\npatterns = [\"venous\"]",
    );
    assert!(
        errors.iter().any(|e| e.id == "venous"
            && matches!(&e.kind, ErrorKind::Unsafe(m) if m.contains("alert = true"))),
        "{errors:?}"
    );
    // Declared: accepted, and it raises the alert.
    let files = with_change(
        "60_circulation.toml",
        "level = \"soon\"\npatterns = [\"venous\"]",
        "level = \"emergency\"\nalert = true\npatterns = [\"venous\"]",
    );
    let c = load_sources(&files).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(c.rule("venous").is_some_and(|r| r.alert));
    // Every emergency rule alerts, and saying otherwise is refused.
    assert!(c
        .rules
        .iter()
        .filter(|r| r.level == cramp_core::content::Level::Emergency)
        .all(|r| r.alert));
    check(
        "10_emergency.toml",
        "id = \"ces_bowel\"\nlevel = \"emergency\"",
        "id = \"ces_bowel\"\nlevel = \"emergency\"\nalert = false",
        "ces_bowel",
        "always raises the alert",
    );
}

#[test]
fn alerts_notices_feeds_drawings_and_tests_to_ask_are_checked() {
    common::at_root();
    // Only emergency and urgent rules alert; an urgent alert needs its amber notice.
    check(
        "60_circulation.toml",
        "level = \"soon\"\npatterns = [\"venous\"]",
        "level = \"soon\"\nalert = true\npatterns = [\"venous\"]",
        "venous",
        "only `emergency` and `urgent` rules raise an alert",
    );
    check(
        "60_circulation.toml",
        "level = \"soon\"\npatterns = [\"venous\"]",
        "level = \"urgent\"\nalert = true\npatterns = [\"venous\"]",
        "venous",
        "`notice",
    );
    // A drawing that does not exist.
    check(
        "40_back.toml",
        "id = \"back_pain\"\nkind = \"yes_no\"",
        "id = \"back_pain\"\nkind = \"yes_no\"\ndrawing = \"spine\"",
        "back_pain",
        "unknown drawing `spine`",
    );
    // A question that feeds another: the other must exist, come later, be multi, and have the options.
    check(
        "40_back.toml",
        "id = \"posture_triggers\"\nkind = \"multi\"",
        "id = \"posture_triggers\"\nkind = \"multi\"\nfeeds = \"numbness\"",
        "posture_triggers",
        "must be asked after this question",
    );
    check(
        "40_back.toml",
        "id = \"posture_triggers\"\nkind = \"multi\"",
        "id = \"posture_triggers\"\nkind = \"multi\"\nfeeds = \"no_such\"",
        "posture_triggers",
        "unknown question `no_such`",
    );
    // A test to ask (an `mri` in a file of its own) that the loader refuses.
    let refused = |patterns: &str, source: &str, expect: &str| {
        let mut files = with_change("patterns.toml", "", "");
        files.push((
            "questions/99_tests.toml".into(),
            format!("[[test_to_ask]]\nid = \"mri\"\npatterns = [\"{patterns}\"]\ntext = {{ zh = \"核磁\", en = \"MRI\" }}\nsource = \"{source}\"\n"),
        ));
        let errors = load_sources(&files).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.id == "mri" && e.to_string().contains(expect)),
            "{expect}: {errors:?}"
        );
    };
    // For a pattern that does not exist.
    refused("no_such", "seed 001", "unknown pattern `no_such`");
    // Citing no seed: the person and the doctor would not see where it comes from.
    refused("nerve_root", "a textbook", "a seed");
}

#[test]
fn a_missing_folder_is_an_io_error_that_keeps_its_cause() {
    common::at_root();
    let errors = load_dir(Path::new("no/such/folder")).unwrap_err();
    assert!(matches!(errors[0].kind, ErrorKind::Io(_)));
    assert!(std::error::Error::source(&errors[0]).is_some());
    assert!(errors[0].to_string().starts_with("no/such/folder"));
}

// ---- Plain Chinese for an elderly reader (issue 11, item 10) ----

/// The longest a question's Chinese text may be, in characters (punctuation
/// and the "（可多选）" hint included; help texts aside): two short lines on a
/// phone held at arm's length with the larger text switched on. Detail goes
/// in the help text.
const ZH_QUESTION_MAX_CHARS: usize = 36;
/// The longest an option's Chinese label may be, in characters.
const ZH_OPTION_MAX_CHARS: usize = 26;

#[test]
fn zh_question_texts_are_short_and_ask_one_thing() {
    common::at_root();
    let mut problems = Vec::new();
    for q in embedded().questions() {
        let n = q.text.zh.chars().count();
        if n > ZH_QUESTION_MAX_CHARS {
            problems.push(format!(
                "{}: {n} characters (at most {ZH_QUESTION_MAX_CHARS}): {}",
                q.id, q.text.zh
            ));
        }
        // One question per sentence: one question mark.
        if q.text.zh.matches('？').count() + q.text.zh.matches('?').count() != 1 {
            problems.push(format!("{}: ask exactly one question: {}", q.id, q.text.zh));
        }
        for o in q.options.iter() {
            let n = o.label.zh.chars().count();
            if n > ZH_OPTION_MAX_CHARS {
                problems.push(format!(
                    "{} option {}: {n} characters (at most {ZH_OPTION_MAX_CHARS}): {}",
                    q.id, o.id, o.label.zh
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_emergency_number_is_always_written_phone() {
    // The host page may set another number than 120: texts say `{phone}`.
    common::at_root();
    for (id, t) in common::visible_texts(embedded()) {
        for s in [&t.zh, &t.en] {
            assert!(
                !s.contains("120"),
                "{id}: write {{phone}}, not the number: {s}"
            );
        }
    }
}

#[test]
fn the_emergency_questions_say_new_in_the_last_days_or_weeks() {
    common::at_root();
    let c = embedded();
    for id in [
        "ces_saddle_numbness",
        "ces_bladder",
        "ces_bowel",
        "ces_sexual",
        "both_legs_weak",
    ] {
        let q = c.question(id).unwrap();
        assert!(
            q.text.zh.starts_with("最近几天或几周"),
            "{id}: {}",
            q.text.zh
        );
        assert!(q.text.en.starts_with("In the last days or weeks"), "{id}");
    }
    // Feet are part of the legs here (issue 11 item 1).
    assert!(c
        .question("both_legs_weak")
        .unwrap()
        .text
        .zh
        .contains("两只脚"));
    // A long-standing prostate problem is not a new bladder problem.
    let help = c.question("ces_bladder").unwrap().help.clone().unwrap();
    assert!(help.zh.contains("前列腺") && help.en.contains("prostate"));
    // Everyday words, the doctor's word in brackets.
    let saddle = c.question("ces_saddle_numbness").unwrap();
    assert!(saddle.text.zh.contains("裆部"));
    assert!(saddle
        .help
        .as_ref()
        .unwrap()
        .zh
        .contains("（医生叫“鞍区”或“会阴”）"));
    // Not feeling a full bladder, said plainly (issue 21: 憋 means holding on on purpose).
    assert!(c
        .question("ces_bladder")
        .unwrap()
        .text
        .zh
        .contains("感觉不到要小便"));
}

#[test]
fn medicines_are_named_as_people_know_them() {
    common::at_root();
    let q = embedded().question("medicines").unwrap();
    let label = |id: &str| q.option(id).unwrap().label.zh.to_string();
    assert!(label("calcium_channel_blocker").contains("硝苯地平（心痛定）"));
    assert!(label("calcium_channel_blocker").contains("名字带“地平”的降压药"));
    assert!(label("diuretic").contains("氢氯噻嗪（双氢克尿噻）"));
    assert!(label("diuretic").contains("呋塞米（速尿）"));
    assert!(label("statin").contains("名字带“他汀”的降脂药"));
}

#[test]
fn export_buttons_say_what_they_are_for() {
    common::at_root();
    let c = embedded();
    let zh = |k: &str| c.ui_text(k).unwrap().zh.to_string();
    assert_eq!(zh("diary_export"), "把记录存到这部手机或电脑上");
    assert_eq!(zh("diary_export_fhir"), "给医院电脑系统用的文件");
    assert!(zh("diary_export_questionnaire").contains("医院电脑系统"));
    for k in [
        "diary_export",
        "diary_export_fhir",
        "diary_export_questionnaire",
    ] {
        let t = c.ui_text(k).unwrap();
        assert!(!t.zh.contains("JSON") && !t.zh.contains("FHIR"), "{k}");
        assert!(!t.en.contains("JSON") && !t.en.contains("FHIR"), "{k}");
    }
}

// ---- The guided self-test, stretches and tests to ask (issue 11, items 8 and 9) ----

#[test]
fn the_self_test_is_optional_says_how_to_be_safe_and_feeds_weakness() {
    common::at_root();
    let c = embedded();
    let steps: Vec<&str> = c.steps.iter().map(|s| &*s.id).collect();
    let at = |id: &str| steps.iter().position(|s| *s == id).unwrap();
    assert_eq!(at("self_test") + 1, at("nerves"), "{steps:?}");
    let step = &c.steps[at("self_test")];
    let intro = step.intro.as_ref().expect("the self-test intro");
    // Do not do this if you might fall; ask someone to stand by you.
    assert!(intro.zh.contains("怕摔倒") && intro.zh.contains("不要做"));
    assert!(intro.zh.contains("站在旁边") && intro.zh.contains("扶着墙"));
    assert!(intro.en.contains("might fall") && intro.en.contains("stand next to you"));
    assert!(step.title.zh.contains("可以跳过"));
    let q = c.question("self_test").unwrap();
    assert_eq!(q.feeds.as_deref(), Some("weakness"));
    let weakness = c.question("weakness").unwrap();
    for (id, drawing) in [
        ("cannot_walk_on_tiptoe", "tiptoe"),
        ("cannot_walk_on_heels", "heels"),
        ("cannot_lift_big_toe", "big_toe"),
    ] {
        let o = q
            .option(id)
            .unwrap_or_else(|| panic!("self_test lacks {id}"));
        assert_eq!(o.drawing.map(|d| d.id()), Some(drawing), "{id}");
        assert!(weakness.option(id).is_some(), "weakness lacks {id}");
    }
    // "I could do all of them" clears the rest and leads to nothing.
    let all = q.exclusive.as_deref().expect("an exclusive option");
    assert!(q.informational.iter().any(|i| i == all));
    // Skipping it is allowed: nothing is needed from it.
    let (a, _) = cramp_core::engine::parse_answers(c, &common::j(&serde_json::json!({})));
    assert!(a.get("self_test").is_none());
}

#[test]
fn older_people_see_the_seated_stretch_first_and_hold_on_when_standing() {
    common::at_root();
    let c = embedded();
    for s in c.stretches.iter() {
        if s.id == "seated_hamstring_calf" {
            assert!(
                s.first_if
                    .iter()
                    .any(|x| x.q == "age_band" && x.values().contains(&"65_plus")),
                "{}",
                s.id
            );
        } else {
            let caution = s.caution.as_ref().unwrap_or_else(|| panic!("{}", s.id));
            assert!(
                caution.zh.contains("扶") && caution.en.contains("Hold on"),
                "{}",
                s.id
            );
            assert!(s.caution_if.is_empty(), "{}: always shown", s.id);
        }
    }
}

/// Issue 11 item 9: the tests to ask for, by pattern, each from its seed.
#[test]
fn the_tests_to_ask_are_those_of_the_seeds() {
    common::at_root();
    let c = embedded();
    let expect: &[(&str, &[&str], &[&str], &str)] = &[
        // (pattern, words of the test, seeds cited, …)
        (
            "metabolic",
            &["尿素", "肌酐", "钾", "镁", "钙", "血糖", "甲状腺"],
            &["000_b2b82060c9a14bd7.txt"],
            "urea",
        ),
        (
            "nerve_root",
            &["核磁共振", "CT"],
            &[
                "001_06d396a5b1d7020d.txt",
                "003_550b9b7c9cec398b.txt",
                "004_7691d2afcd462506.txt",
            ],
            "MRI",
        ),
        (
            "claudication",
            &["血管B超"],
            &["001_06d396a5b1d7020d.txt"],
            "ultrasound",
        ),
        (
            "polyneuropathy",
            &["肌电图"],
            &["001_06d396a5b1d7020d.txt"],
            "EMG",
        ),
        (
            "peroneal",
            &["肌电图", "神经B超", "可能正常"],
            &["002_729ce4855b307d25.txt"],
            "can be normal",
        ),
        (
            "restless_legs",
            &["血常规", "铁蛋白"],
            &["000_b2b82060c9a14bd7.txt"],
            "ferritin",
        ),
    ];
    for (pattern, words, seeds, en) in expect {
        let tests: Vec<_> = c
            .tests_to_ask
            .iter()
            .filter(|t| t.patterns.iter().any(|p| p == pattern))
            .collect();
        for w in *words {
            assert!(
                tests.iter().any(|t| t.text.zh.contains(w)),
                "{pattern}: no test to ask mentions {w}"
            );
        }
        assert!(
            tests.iter().any(|t| t.text.en.contains(en)),
            "{pattern}: {en}"
        );
        for s in *seeds {
            assert!(
                tests.iter().any(|t| t.source.contains(s)),
                "{pattern}: no test cites {s}"
            );
        }
    }
}

#[test]
fn every_source_cites_seed_files_that_exist() {
    common::at_root();
    let c = embedded();
    let mut sources: Vec<(String, String)> = Vec::new();
    sources.extend(
        c.patterns
            .iter()
            .map(|p| (p.id.to_string(), p.source.to_string())),
    );
    sources.extend(
        c.tests_to_ask
            .iter()
            .map(|t| (t.id.to_string(), t.source.to_string())),
    );
    for a in c
        .self_care
        .iter()
        .chain(c.stretches.iter())
        .chain(c.safety_net.iter())
    {
        sources.push((a.id.to_string(), a.source.to_string()));
    }
    let cited: usize = sources
        .iter()
        .map(|(id, source)| common::check_seed_files(id, source))
        .sum();
    assert!(
        cited > 0,
        "no pattern, test to ask or advice names a seed file"
    );
}

/// `SEED_FILES`, which the citations are checked against, is the seed folder
/// beside the repository. A clone without the folder (CI's may have none) says
/// so on stderr: the citations are then checked against the list alone.
#[test]
fn the_seed_list_is_the_seed_folder() {
    common::at_root();
    let Ok(dir) = std::fs::read_dir("../shared/seeds") else {
        eprintln!("../shared/seeds is not here: SEED_FILES not compared with the folder");
        return;
    };
    let mut names: Vec<String> = dir
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, common::SEED_FILES);
}

#[test]
fn a_later_emergency_combination_without_alert_is_refused_in_the_real_files() {
    common::at_root();
    check(
        "30_nerves.toml",
        "id = \"both_feet_numb_new\"\nlevel = \"emergency\"\nalert = true",
        "id = \"both_feet_numb_new\"\nlevel = \"emergency\"",
        "both_feet_numb_new",
        "later combination",
    );
    // An amber notice without its text is refused too.
    check(
        "10_emergency.toml",
        "notice = { zh = \"有这些情况",
        "notes = { zh = \"有这些情况",
        "calf_clot_risk",
        "unknown field `notes`",
    );
    check(
        "70_medicines.toml",
        "id = \"statin_dark_urine\"\nlevel = \"urgent\"\nalert = true",
        "id = \"statin_dark_urine\"\nlevel = \"soon\"\nalert = true",
        "statin_dark_urine",
        "only `emergency` and `urgent` rules raise an alert",
    );
}

/// Issue 20: the follow-ups that must be answered are derived from the rules
/// (questions with `show_if` that an `urgent` or `emergency` rule reads), and
/// the loader refuses one without a "not sure" that counts toward the higher level.
#[test]
fn required_follow_ups_are_derived_from_the_rules_and_offer_not_sure() {
    common::at_root();
    let c = embedded();
    let derived: Vec<&str> = c
        .questions()
        .filter(|q| !q.show_if.is_empty())
        .filter(|q| {
            c.rules.iter().any(|r| {
                r.level >= Level::Urgent && r.all.iter().chain(r.any.iter()).any(|x| x.q == q.id)
            })
        })
        .map(|q| &*q.id)
        .collect();
    let required: Vec<&str> = c.required_follow_ups.iter().map(|q| &**q).collect();
    assert_eq!(required, derived);
    assert_eq!(
        required,
        [
            "clot_risks",
            "weakness_both_legs",
            "weakness_onset",
            "back_red_flags",
            "statin_muscle_dark_urine"
        ]
    );
    // "Not sure" when weakness came on is read wherever "in the last few days" is.
    for r in c.rules.iter() {
        for x in r.all.iter().chain(r.any.iter()) {
            if x.q == "weakness_onset" && x.values().contains(&"days") {
                assert!(x.values().contains(&"not_sure"), "{}", r.id);
            }
        }
    }
    // Without "not sure": refused, naming the question.
    check(
        "30_nerves.toml",
        r#"  { id = "not_sure", zh = "不确定", en = "Not sure", counts_as = "days" },"#,
        "",
        "weakness_onset",
        "add an option `not_sure`",
    );
    check(
        "70_medicines.toml",
        "kind = \"yes_no_unsure\"\nshow_if = [{ q = \"medicines\"",
        "kind = \"yes_no\"\nshow_if = [{ q = \"medicines\"",
        "statin_muscle_dark_urine",
        "make it `yes_no_unsure`",
    );
    // "Not sure" that counts toward nothing: refused.
    check(
        "30_nerves.toml",
        r#", counts_as = "days" }"#,
        " }",
        "weakness_onset",
        "must count toward the higher level",
    );
    // `counts_as` naming an option the question lacks.
    check(
        "30_nerves.toml",
        r#"counts_as = "days""#,
        r#"counts_as = "hours""#,
        "weakness_onset",
        "does not have",
    );
}

/// A pattern shown only alone may be named only by `self_care` rules, so
/// leaving it out beside another pattern never changes the level.
#[test]
fn a_pattern_shown_only_alone_is_named_by_self_care_rules_only() {
    common::at_root();
    check(
        "20_cramps.toml",
        "id = \"typical_nlc\"\nlevel = \"self_care\"",
        "id = \"typical_nlc\"\nlevel = \"soon\"",
        "typical_nlc",
        "only `self_care` rules may name it",
    );
    let c = embedded();
    assert!(c.pattern("typical_nlc").is_some_and(|p| p.alone));
    assert!(c.pattern("peroneal").is_some_and(|p| !p.not_if.is_empty()));
}

/// Ids become Rust names, `data-*` values and link targets: the loader itself
/// refuses any other character, naming the file and the id, for every kind of id.
#[test]
fn an_id_with_other_characters_is_refused_by_the_loader_naming_file_and_id() {
    common::at_root();
    for (file, from, to, id, what) in [
        (
            "30_nerves.toml",
            "id = \"numbness\"",
            "id = \"numb<b>ness\"",
            "numb<b>ness",
            "question",
        ),
        (
            "30_nerves.toml",
            "{ id = \"after_cramps\"",
            "{ id = \"after-cramps\"",
            "after-cramps",
            "option",
        ),
        (
            "30_nerves.toml",
            "id = \"nerves\"",
            "id = \"Nerves\"",
            "Nerves",
            "step",
        ),
        (
            "patterns.toml",
            "id = \"peroneal\"",
            "id = \"pero\\\"neal\"",
            "pero\"neal",
            "pattern",
        ),
    ] {
        check(file, from, to, id, &format!("bad {what} id"));
    }
}

/// A step's id is its screen's `data-step` name (and the saved screen): one
/// that is the name of a fixed screen (`intro`, `review`, `result`, `diary`)
/// would be read back as that screen, so the loader refuses it.
#[test]
fn a_step_named_like_a_fixed_screen_is_refused() {
    common::at_root();
    for (_, name) in cramp_core::content::Screen::FIXED {
        check(
            "30_nerves.toml",
            "id = \"nerves\"",
            &format!("id = \"{name}\""),
            name,
            "duplicate screen id",
        );
    }
}

/// One vocabulary of screens: every screen's name reads back as that screen,
/// in the journey and in the codec alike.
#[test]
fn every_screen_name_reads_back_as_its_screen() {
    use cramp_core::content::Screen;
    let c = embedded();
    let all = Screen::FIXED
        .iter()
        .map(|&(s, _)| s)
        .chain((0..c.steps.len()).map(Screen::Step));
    for screen in all {
        let id = screen.id(c);
        assert_eq!(Screen::from_id(c, id), Some(screen), "{id}");
        assert!(cramp_core::codec::screen_exists(c, id), "{id}");
        assert_eq!(cramp_core::journey::Screen::from_id(c, id), Some(screen));
    }
    assert!(!cramp_core::codec::screen_exists(c, "nowhere"));
}

/// Every load error names the file and the id of what it concerns, the errors
/// of the TOML reader too (a misspelt field, a table that does not fit): the
/// entry the reader stopped in, by its `id` (a glossary term by its concept, a
/// text of `[ui]` by its key); and a missing level is named in the file that
/// holds the others.
#[test]
fn errors_the_toml_reader_finds_name_the_entry_they_are_in() {
    common::at_root();
    // A field misspelt in an option's inline table: the question it belongs to.
    check(
        "30_nerves.toml",
        "{ id = \"after_cramps\"",
        "{ idd = \"after_cramps\"",
        "numbness",
        "invalid file",
    );
    // A ui text with a language that does not exist: its key.
    check(
        "ui.toml",
        "app_name = { zh = ",
        "app_name = { zh_cn = ",
        "app_name",
        "unknown field `zh_cn`",
    );
    // A glossary term: its concept.
    check(
        "glossary.toml",
        "why = \"一边 is the everyday word",
        "whyy = \"一边 is the everyday word",
        "one side of the body (one leg, one calf)",
        "unknown field `whyy`",
    );
    // A level left out: named in the file of the levels, by its id.
    check(
        "levels.toml",
        "[[level]]\nid = \"emergency\"",
        "[[not_a_level]]\nid = \"emergency\"",
        "emergency",
        "invalid file",
    );
    let errors = errors_after("levels.toml", "id = \"emergency\"", "id = \"emergent\"");
    assert!(
        errors.iter().any(|e| e.file.ends_with("levels.toml")
            && e.id == "emergency"
            && e.to_string().contains("`level` is missing")),
        "{}",
        common::shown(&errors)
    );
    // No error of a question file is left without an id but those about the
    // file as a whole (it cannot be read).
    for (file, from, to) in [
        ("40_back.toml", "[step]", "[step"),
        (
            "60_circulation.toml",
            "source = \"Edinburgh",
            "sauce = \"Edinburgh",
        ),
        (
            "30_nerves.toml",
            "id = \"numbness\"",
            "id = \"numbness\"\nid = \"twice\"",
        ),
    ] {
        for e in errors_after(file, from, to) {
            assert_ne!(e.id, "-", "{e}");
        }
    }
}
