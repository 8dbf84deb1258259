//! The widget agrees with embed.js and the station kit on `tests/host-settings.json`:
//! every value they pass on, the widget takes with the same meaning, and the hostile
//! values they drop, the widget refuses too when written into its URL by hand.
//! (`tests/e2e/kit.test.mjs` checks the same table against embed.js and the kit.)

mod common;

use cramp_core::settings;
use serde_json::Value;

/// What the widget makes of `value` for the parameter `param`, as a string; None if refused.
fn widget(param: &str, value: &str) -> Option<String> {
    match param {
        "lang" => settings::lang(value).map(|l| l.tag().to_string()),
        "brand" => settings::brand(value).map(|b| b.css()),
        "station" => settings::station(value),
        "logo" => settings::logo(value),
        "phone" => settings::phone(value),
        "skip_intro" => settings::flag(value).then(|| "true".to_string()),
        "parent_origin" => settings::origin(value),
        other => panic!("unknown parameter {other}"),
    }
}

#[test]
fn the_widget_takes_what_embed_js_and_the_kit_pass_on_and_refuses_the_hostile_values() {
    common::at_root();
    let table: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/host-settings.json").unwrap())
            .unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() > 50, "the table has its cases");
    let mut checked = 0;
    for case in cases {
        let attr = case["attr"].as_str().unwrap();
        let param = table["params"][attr].as_str().unwrap();
        let value = case["value"].as_str().unwrap();
        let Some(expected) = case.get("widget") else {
            continue;
        };
        let expected = expected.as_str().map(str::to_string);
        // The widget reads what embed.js passed on, or (for a value it dropped)
        // the raw value, as someone writing the iframe URL by hand could.
        let input = case["embed"].as_str().unwrap_or(value);
        assert_eq!(
            widget(param, input),
            expected,
            "{attr} = {value:?}: the widget and embed.js disagree"
        );
        checked += 1;
    }
    assert!(checked > 50, "only {checked} cases checked");
}
