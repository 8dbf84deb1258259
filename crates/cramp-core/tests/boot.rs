//! What scripts/boot.js knows of the core (`cramp_core::boot`): each constant
//! is the one the core uses, and boot.js holds none of them itself (the build
//! writes them in, scripts/postbuild.mjs).

use cramp_core::boot::{self, HOOK_LARGER_TEXT, HOOK_NEXT, HOOK_RELOAD};
use cramp_core::codec::{self, Progress};
use cramp_core::content::{embedded, Lang};
use cramp_core::journey::{Action, DEFAULT_PHONE};
use cramp_core::prerender::{crash_template, first_screens};
use cramp_core::settings;
use std::path::Path;

fn constants() -> serde_json::Value {
    serde_json::from_str(&boot::constants_js()).expect("the constants are a JSON object")
}

fn boot_js() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/boot.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_hooks_boot_js_handles_are_the_ones_the_core_reads_and_writes() {
    let c = embedded();
    let now = (0, 0);
    assert!(matches!(
        Action::from_hook(c, HOOK_NEXT, None, now, "t"),
        Some(Action::Next)
    ));
    assert!(matches!(
        Action::from_hook(c, HOOK_LARGER_TEXT, None, now, "t"),
        Some(Action::ToggleLargeText)
    ));
    // The reload link is no action of the widget: boot.js alone handles it.
    assert!(Action::from_hook(c, HOOK_RELOAD, None, now, "t").is_none());
    let page = first_screens(c, DEFAULT_PHONE);
    for hook in [HOOK_NEXT, HOOK_LARGER_TEXT] {
        assert!(
            page.contains(&format!("data-action=\"{hook}\"")),
            "the prerendered page has no {hook}"
        );
    }
    assert!(crash_template(c).contains(&format!("data-action=\"{HOOK_RELOAD}\"")));
}

#[test]
fn the_language_rule_boot_js_gets_is_the_cores() {
    let k = constants();
    let names = k["langNames"].as_array().unwrap();
    assert_eq!(names.len(), settings::LANG_NAMES.len());
    for pair in names {
        let (name, tag) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        assert_eq!(settings::lang(name).map(Lang::tag), Some(tag), "{name}");
        assert_eq!(
            settings::lang(&name.to_uppercase()).map(Lang::tag),
            Some(tag),
            "{name}"
        );
    }
    assert_eq!(settings::lang("fr"), None);
    // The browser's language: the prefixes, else the default.
    let default = k["browserDefault"].as_str().unwrap();
    assert_eq!(settings::browser_lang(None).tag(), default);
    assert_eq!(settings::browser_lang(Some("fr-FR")).tag(), default);
    for pair in k["browserPrefixes"].as_array().unwrap() {
        let (prefix, tag) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        assert_eq!(
            settings::browser_lang(Some(&format!("{prefix}-GB"))).tag(),
            tag
        );
        assert_eq!(
            settings::browser_lang(Some(&prefix.to_uppercase())).tag(),
            tag
        );
    }
    assert_eq!(settings::browser_lang(Some("en-US")), Lang::En);
    assert_eq!(settings::browser_lang(Some("zh-TW")), Lang::Zh);
}

#[test]
fn the_storage_keys_and_fields_boot_js_gets_are_the_codecs() {
    let k = constants();
    assert_eq!(
        k["progressKeys"],
        serde_json::json!([codec::PROGRESS_KEY, codec::PROGRESS_KEY_V1])
    );
    assert_eq!(
        k["diaryKeys"],
        serde_json::json!([codec::DIARY_KEY, codec::DIARY_KEY_V1])
    );
    assert_eq!(k["phone"], DEFAULT_PHONE);
    let saved = codec::encode_progress(&Progress {
        lang: Some(Lang::En),
        large_text: true,
        ..Progress::default()
    });
    let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(saved[k["progressLang"].as_str().unwrap()], "en");
    assert_eq!(saved[k["progressLargeText"].as_str().unwrap()], true);
}

#[test]
fn boot_js_holds_none_of_the_constants_itself() {
    let js = boot_js();
    assert_eq!(
        js.matches("__CC_CONSTANTS__").count(),
        1,
        "one place for the constants"
    );
    let k = constants();
    let mut values = vec![k["phone"].as_str().unwrap().to_string()];
    for key in ["progressKeys", "diaryKeys"] {
        values.extend(
            k[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string()),
        );
    }
    for key in [
        "hookNext",
        "hookLargerText",
        "hookReload",
        "progressLargeText",
    ] {
        values.push(k[key].as_str().unwrap().to_string());
    }
    values.push(Lang::Zh.tag().to_string());
    for v in values {
        for quoted in [format!("'{v}'"), format!("\"{v}\"")] {
            assert!(
                !js.contains(&quoted),
                "scripts/boot.js writes {quoted} itself"
            );
        }
    }
}

#[test]
fn the_constants_cannot_end_the_inline_script() {
    assert!(!boot::constants_js().contains('<'));
}
