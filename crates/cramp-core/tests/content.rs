//! The question files: they all load, the binary carries exactly them, and every
//! kind of mistake a clinician can make is refused with the file and the id named.

mod common;

use cramp_core::content::load::{load_dir, load_sources, ErrorKind, LoadError};
use cramp_core::content::{embedded, Lang};
use std::path::Path;

fn real_files() -> Vec<(String, String)> {
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

#[test]
fn every_question_file_loads_and_is_what_the_binary_carries() {
    common::at_root();
    let loaded = load_dir(Path::new("questions")).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(
        &loaded,
        embedded(),
        "the embedded content is stale: rebuild"
    );
    let files = real_files();
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
    let seeds = std::fs::read_dir("../shared/seeds");
    if let Ok(seeds) = seeds {
        let names: Vec<String> = seeds
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        for r in c.rules.iter() {
            for part in r.source.split(['(', ')', ',', ' ']) {
                if part.ends_with(".txt") {
                    assert!(
                        names.iter().any(|n| n == part),
                        "rule {} cites unknown seed file {part}",
                        r.id
                    );
                }
            }
        }
    }
}

/// The real files with one textual change in one file.
fn with_change(file: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let mut files = real_files();
    let (_, text) = files
        .iter_mut()
        .find(|(f, _)| f.ends_with(file))
        .unwrap_or_else(|| panic!("no file {file}"));
    assert!(text.contains(from), "{file} does not contain {from:?}");
    *text = text.replacen(from, to, 1);
    files
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
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.file.ends_with(file) && e.id == id && e.to_string().contains(says)),
        "expected an error in {file} naming `{id}` saying {says:?}, got:\n{}",
        shown.join("\n")
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
        r#"text = { zh = "有没有腰痛或腰背不舒服？", en = "Do you have low back pain or discomfort?" }"#,
        r#"text = { zh = "有没有腰痛或腰背不舒服？" }"#,
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
        r#"show_if = [{ q = "weakness", has"#,
        r#"show_if = [{ q = "conditions", has = ["diabetes"] }, { q = "weakness", has"#,
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
        "sleep_severe",
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
    // A rule without a source.
    check(
        "60_circulation.toml",
        "source = \"Edinburgh",
        "sauce = \"Edinburgh",
        "-",
        "unknown field `sauce`",
    );
    // Not TOML at all.
    check("40_back.toml", "[step]", "[step", "-", "invalid file");
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
    // A test to ask for a pattern that does not exist.
    let files = {
        let mut f = with_change("patterns.toml", "", "");
        f.push((
            "questions/99_tests.toml".into(),
            "[[test_to_ask]]\nid = \"mri\"\npatterns = [\"no_such\"]\ntext = { zh = \"核磁\", en = \"MRI\" }\nsource = \"seed 001\"\n".into(),
        ));
        f
    };
    let errors = load_sources(&files).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.id == "mri" && e.to_string().contains("unknown pattern `no_such`")),
        "{errors:?}"
    );
}

#[test]
fn a_missing_folder_is_an_io_error_that_keeps_its_cause() {
    common::at_root();
    let errors = load_dir(Path::new("no/such/folder")).unwrap_err();
    assert!(matches!(errors[0].kind, ErrorKind::Io(_)));
    assert!(std::error::Error::source(&errors[0]).is_some());
    assert!(errors[0].to_string().starts_with("no/such/folder"));
}
