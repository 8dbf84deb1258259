//! The `assess` command's contract: JSON Lines in, one JSON line out per answer set,
//! bad lines reported by number on stderr while the others are still answered.

mod common;

use common::run_assess as assess;

#[test]
fn writes_the_documented_shape() {
    let out = assess("{\"ces_bowel\": \"yes\", \"frequency\": \"nightly\"}\n");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Exactly the documented keys, in the documented order.
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["level", "patterns", "departments", "reasons"]);
    let raw = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(raw.starts_with("{\"level\":"), "{raw}");
    assert_eq!(json["level"], "emergency");
    assert_eq!(json["patterns"], serde_json::json!(["cauda_equina"]));
    assert_eq!(json["departments"][0], "emergency");
    assert_eq!(
        json["reasons"][0],
        serde_json::json!({"rule": "ces_bowel", "answers": ["ces_bowel"]})
    );
    assert_eq!(json["reasons"][1]["rule"], "frequency_high");
}

#[test]
fn a_bad_line_is_reported_by_number_and_the_others_are_still_answered() {
    let out = assess("{}\n{not json\n\n{\"duration\": \"over_10_min_not_easing\"}\n");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let levels: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["level"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(levels, ["self_care", "urgent"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("line 2: not valid JSON"), "{stderr}");
}

#[test]
fn unknown_ids_and_values_are_ignored_and_reported() {
    let out = assess("{\"cramp_colour\": \"blue\", \"frequency\": \"hourly\", \"location\": [\"calf\", \"ear\"]}\n");
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("line 1: ignored `cramp_colour`: unknown question"),
        "{stderr}"
    );
    assert!(stderr.contains("line 1: ignored `frequency`"), "{stderr}");
    assert!(
        stderr.contains("line 1: ignored `location`: unknown option \"ear\""),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["level"], "self_care");
}

#[test]
fn a_line_that_is_json_but_not_an_object_is_answered_and_reported() {
    let out = assess("[1, 2]\n\"yes\"\n");
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 2);
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("line 2: ignored `-`: an answer set must be a JSON object"));
}

/// `assess --dump-content` writes the questionnaire it evaluates with, as JSON:
/// the same content, not a copy that could drift (the browser tests read it).
#[test]
fn dump_content_writes_the_embedded_questionnaire_as_json() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_assess"))
        .arg("--dump-content")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run assess --dump-content");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dumped: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let embedded = serde_json::to_value(cramp_core::content::embedded()).unwrap();
    assert_eq!(dumped, embedded);
    // The parts the browser tests read: steps with questions (kind, options,
    // show_if) and the rules with their level and conditions.
    let content = cramp_core::content::embedded();
    let steps = dumped["steps"].as_array().unwrap();
    assert_eq!(steps.len(), content.steps.len());
    assert_eq!(steps[0]["id"], content.steps[0].id.as_ref());
    let first = &steps[0]["questions"][0];
    assert_eq!(first["id"], content.steps[0].questions[0].id.as_ref());
    assert!(first["kind"].is_string(), "{first}");
    for key in ["options", "show_if"] {
        assert!(first[key].is_array(), "question without {key}: {first}");
    }
    let rules = dumped["rules"].as_array().unwrap();
    assert_eq!(rules.len(), content.rules.len());
    assert!(rules
        .iter()
        .any(|r| r["level"] == "emergency" && r["any"][0]["q"].is_string()));
}
