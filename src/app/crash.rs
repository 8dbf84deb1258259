//! When the widget panics: a friendly message with the emergency advice instead of a blank page.
//!
//! [`install`] sets a panic hook that logs one line for developers (not the
//! panic's own words: formatting them would cost the wasm its weight in
//! formatting code) and shows the message. The release profile aborts on panic, but the hook
//! runs first. The message is built with plain DOM calls (`create_element`,
//! `set_text_content`), never `inner_html` and never through Yew, whose state
//! may be what broke. Its texts are `questions/ui.toml` keys like every other.

use super::text::Ctx;
use crate::content::Lang;
use std::cell::RefCell;
use web_sys::{Document, Element};

/// Where and how to show the message: the mount element, the current language
/// and the emergency number.
struct Target {
    root: Element,
    lang: Lang,
    phone: String,
}

thread_local! {
    static TARGET: RefCell<Option<Target>> = const { RefCell::new(None) };
}

/// Installs the panic hook: log the panic, then show the message in `root`.
///
/// Through `yew::set_custom_panic_hook`: Yew replaces any other hook with its
/// own (a plain console log) when the app is rendered, unless one was set there.
pub fn install(root: Element, lang: Lang, phone: String) {
    TARGET.with(|t| *t.borrow_mut() = Some(Target { root, lang, phone }));
    yew::set_custom_panic_hook(Box::new(|info| {
        let _ = info;
        web_sys::console::error_1(&"cramp-check: the widget stopped (a Rust panic)".into());
        TARGET.with(|t| {
            // `try_borrow`: a panic while the target is being updated must not panic again.
            if let Ok(t) = t.try_borrow() {
                if let Some(t) = t.as_ref() {
                    show_crash_message(&t.root, t.lang, &t.phone);
                }
            }
        });
    }));
}

/// Keeps the message in the language the person is reading.
pub fn set_lang(lang: Lang) {
    TARGET.with(|t| {
        if let Ok(mut t) = t.try_borrow_mut() {
            if let Some(t) = t.as_mut() {
                t.lang = lang;
            }
        }
    });
}

/// Replaces what is in `root` with the crash message: what happened, that the
/// answers stay on the device, a reload link, and the emergency advice with a
/// one-tap call link. Every step tolerates failure: a half-built message is
/// still better than a blank page, and this must never panic.
pub fn show_crash_message(root: &Element, lang: Lang, phone: &str) {
    let Some(document) = root.owner_document() else {
        return;
    };
    // `Ctx::ui` reads `content::embedded().ui(…)` and fills `{phone}`.
    let ctx = Ctx::new(lang, phone);
    while let Some(child) = root.first_child() {
        if root.remove_child(&child).is_err() {
            break;
        }
    }
    let Some(box_) = element(
        &document,
        "div",
        &[
            ("class", "cc-app crash"),
            ("role", "alert"),
            ("data-crash", "true"),
            ("lang", lang.tag()),
        ],
    ) else {
        return;
    };
    let _ = root.append_child(&box_);
    let add = |tag: &str, attrs: &[(&str, &str)], words: String| {
        if let Some(el) = element(&document, tag, attrs) {
            el.set_text_content(Some(&words));
            let _ = box_.append_child(&el);
        }
    };
    add("h1", &[], ctx.ui("crash_title"));
    add("p", &[], ctx.ui("crash_text"));
    // A link to this very page reloads it; no script is needed for that.
    let here = gloo::utils::window()
        .location()
        .href()
        .unwrap_or_else(|_| String::from("./"));
    add(
        "a",
        &[
            ("href", &here),
            ("class", "button primary crash-reload"),
            ("data-action", "reload"),
        ],
        ctx.ui("crash_reload"),
    );
    add(
        "p",
        &[("class", "crash-emergency")],
        ctx.ui("crash_emergency"),
    );
    add(
        "a",
        &[
            ("href", &ctx.tel()),
            ("class", "call-link"),
            ("data-action", "call"),
        ],
        ctx.ui("call_button"),
    );
}

fn element(document: &Document, tag: &str, attrs: &[(&str, &str)]) -> Option<Element> {
    let el = document.create_element(tag).ok()?;
    for (name, value) in attrs {
        let _ = el.set_attribute(name, value);
    }
    Some(el)
}
