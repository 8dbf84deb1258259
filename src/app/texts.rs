//! The words of one language at a time (issue 24: the first load carries only the
//! page's language).
//!
//! The release wasm has no words compiled in (`cramp_core::content::texts`). Each
//! language is a script of its own, `cramp-texts-<lang>-<hash>.js`, which sets
//! `self.ccTexts[<lang tag>]` to its string. The page's loader (scripts/postbuild.mjs)
//! loads the page's language before it starts the widget, and offers
//! `ccLoadTexts(tag, done)` for another one: it adds that script to the page (same
//! origin, so the CSP's `script-src 'self'` allows it; the service worker has it
//! cached for offline use) and calls `done(loaded)`. Here the strings are handed to
//! the core, which checks that they were written for this build.
//! Natively compiled-in builds (the wasm render tests) need none of this.

use cramp_core::content::{self, texts, Lang};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Can `lang` be shown now?
pub fn ready(lang: Lang) -> bool {
    !content::TEXTS_SPLIT || texts::has(lang as usize)
}

/// Installs every language the page has loaded already (before the first render).
pub fn install_loaded() {
    for lang in Lang::ALL {
        install_from_page(lang);
    }
}

fn install_from_page(lang: Lang) -> bool {
    if ready(lang) {
        return true;
    }
    let window = gloo::utils::window();
    let Some(text) = js_sys::Reflect::get(&window, &"ccTexts".into())
        .ok()
        .filter(|t| t.is_object())
        .and_then(|t| js_sys::Reflect::get(&t, &lang.tag().into()).ok())
        .and_then(|s| s.as_string())
    else {
        return false;
    };
    texts::install(
        lang as usize,
        text,
        content::TEXTS_HASH,
        content::TEXTS_COUNT,
    )
    .is_ok()
}

/// Makes `lang` ready, loading its file if needed, then calls `done(ready)`: at once
/// when it is, else when the page's loader has the script loaded or failed.
pub fn ensure(lang: Lang, done: impl FnOnce(bool) + 'static) {
    if install_from_page(lang) {
        done(true);
        return;
    }
    let load = js_sys::Reflect::get(&gloo::utils::window(), &"ccLoadTexts".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(load) = load else {
        done(false);
        return;
    };
    let callback = Closure::once_into_js(move || done(install_from_page(lang)));
    // The loader's function does not throw; if it did, nothing changes on the page.
    let _ = load.call2(&JsValue::NULL, &lang.tag().into(), &callback);
}
