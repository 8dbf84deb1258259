//! The widget's wording is complete in both languages: every ui key the code uses exists with
//! Chinese and English, every key defined is used, and components hold no visible text.
//!
//! Keys are found by scanning `src/app/**/*.rs` and the core's modules that word
//! things (`crates/cramp-core/src/{drawings,journey/script,fhir,prerender,view,screens/{mod,diary,page}}.rs`,
//! listed in `used_keys`) for `ui("…"`, `ui_with("…"`, `ui_text("…"` and their
//! `(c, "…"` forms, `ui_key("…"` (a key handed on before it is looked up), and `drawings.rs`'s `=> "…_label"` arms (the drawings' labels).
//! Keys are always written out in full at the call site, never built from parts.

#![cfg(not(target_arch = "wasm32"))]

use cramp_check::content::{embedded, UiText};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn app_sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("read src/app") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source");
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app"),
        &mut out,
    );
    assert!(out.len() > 3, "src/app has its modules");
    out
}

/// The string literal right after each occurrence of `call` (e.g. `ui("`).
fn literals_after(text: &str, call: &str) -> Vec<String> {
    text.match_indices(call)
        .filter_map(|(i, _)| {
            let rest = &text[i + call.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

fn used_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/cramp-core/src");
    let mut sources = app_sources();
    for name in [
        "drawings.rs",
        "journey/script.rs",
        "fhir.rs",
        "prerender.rs",
        "view.rs",
        "screens/mod.rs",
        "screens/diary.rs",
        "screens/page.rs",
    ] {
        // A file that moved must be named here anew, not skipped in silence.
        let text = std::fs::read_to_string(root.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", root.join(name).display()));
        sources.push((root.join(name), text));
    }
    for (path, text) in sources {
        // The drawings' labels: `Drawing::X => "key",` in `label_key`.
        if path.ends_with("drawings.rs") {
            keys.extend(
                literals_after(&text, "=> \"")
                    .into_iter()
                    .filter(|k| k.ends_with("_label")),
            );
        }
        // Comments may mention the call shape; only code counts. Without the
        // whitespace, so a call that rustfmt broke over lines still reads as one.
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
            .collect();
        for call in [
            "ui(\"",
            "ui_with(\"",
            "ui_text(\"",
            "ui(c,\"",
            "ui_with(c,\"",
            "ui_key(\"",
        ] {
            keys.extend(literals_after(&code, call));
        }
    }
    keys
}

#[test]
fn every_key_used_exists_in_both_languages() {
    let content = embedded();
    let used = used_keys();
    assert!(used.len() > 40, "found the keys: {used:?}");
    let mut problems = Vec::new();
    for key in &used {
        match content.ui_text(key) {
            None => problems.push(format!("`{key}` is used but not in questions/ui.toml")),
            Some(t) if t.zh.trim().is_empty() => problems.push(format!("`{key}` has no zh")),
            Some(t) if t.en.trim().is_empty() => problems.push(format!("`{key}` has no en")),
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_key_defined_is_used() {
    let used = used_keys();
    let unused: Vec<&str> = embedded()
        .ui
        .iter()
        .map(|u| &*u.key)
        .filter(|k| !used.contains(*k))
        .collect();
    assert!(
        unused.is_empty(),
        "ui keys defined but never used: {unused:?}"
    );
}

#[test]
fn both_languages_have_the_same_placeholders() {
    let placeholders = |s: &str| -> BTreeSet<String> {
        s.split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name.to_string()))
            .collect()
    };
    for UiText { key, text: t } in embedded().ui.iter() {
        assert_eq!(
            placeholders(&t.zh),
            placeholders(&t.en),
            "ui key `{key}`: zh and en use different placeholders"
        );
    }
    // The progress indicator fills exactly these.
    let progress = embedded().ui_text("progress").expect("progress text");
    assert_eq!(
        placeholders(&progress.en),
        ["n", "total"].map(String::from).into()
    );
}

#[test]
fn components_hold_no_visible_text() {
    let mut problems = Vec::new();
    for (path, text) in app_sources() {
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            // Chinese belongs in questions/, never in code.
            if code.chars().any(|c| {
                ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
            }) {
                problems.push(format!(
                    "{}:{}: Chinese text in code",
                    path.display(),
                    n + 1
                ));
            }
            // A string literal as an html! child: `{"…"}` or `>"…"`.
            for opener in ["{\"", ">\""] {
                if let Some(i) = code.find(opener) {
                    let lit = &code[i + opener.len()..];
                    if lit
                        .chars()
                        .take_while(|c| *c != '"')
                        .any(char::is_alphabetic)
                    {
                        problems.push(format!(
                            "{}:{}: text literal in markup: {code}",
                            path.display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
