//! What scripts/boot.js knows that the core decides: the language rule, where
//! things are saved, the emergency number and the hooks of the prerendered page.
//!
//! boot.js runs before the widget (and where it cannot run), so it cannot ask
//! the core; instead its copy is written from here at build time: the
//! `boot-constants` binary prints [`constants_js`], and scripts/postbuild.mjs
//! puts it in place of boot.js's `__CC_CONSTANTS__` (the build fails when the
//! placeholder is missing). boot.js itself holds none of these values.
//!
//! The hooks of the prerendered page are `data-action` values that boot.js
//! handles until the widget starts; `tests/boot.rs` checks that each is the
//! hook the core reads (`Action::from_hook`) or writes (the crash message).

use crate::codec;
use crate::content::Lang;
use crate::hooks::Hook;
use crate::journey::DEFAULT_PHONE;
use crate::json::Json;
use crate::settings;

/// The `data-action` of the Next button (boot.js remembers a press on it).
pub const HOOK_NEXT: &str = Hook::Next.as_str();
/// The `data-action` of the larger-text button (boot.js toggles it).
pub const HOOK_LARGER_TEXT: &str = Hook::LargerText.as_str();
/// The `data-action` of the crash message's reload link (boot.js points it at the page).
pub const HOOK_RELOAD: &str = Hook::Reload.as_str();

/// The fields of saved progress that boot.js reads (before the widget, for
/// the first paint): the chosen language and larger text.
pub const PROGRESS_LANG_FIELD: &str = "lang";
pub const PROGRESS_LARGE_TEXT_FIELD: &str = "large_text";

fn pairs(table: &[(&str, Lang)]) -> Json {
    Json::Array(
        table
            .iter()
            .map(|&(name, l)| Json::Array(vec![name.into(), l.tag().into()]))
            .collect(),
    )
}

/// The constants as JSON (names chosen for boot.js).
pub fn constants() -> Json {
    crate::obj! {
        // [name, tag] pairs: a lower-case, trimmed name and the language it names.
        "langNames": pairs(&settings::LANG_NAMES),
        // [prefix, tag]: a browser language starting with prefix; else the default.
        "browserPrefixes": pairs(&settings::BROWSER_LANG_PREFIXES),
        "browserDefault": settings::BROWSER_LANG_DEFAULT.tag(),
        // Saved progress, the current key first, then older ones.
        "progressKeys": Json::Array(vec![codec::PROGRESS_KEY.into(), codec::PROGRESS_KEY_V1.into()]),
        "diaryKeys": Json::Array(vec![codec::DIARY_KEY.into(), codec::DIARY_KEY_V1.into()]),
        "progressLang": PROGRESS_LANG_FIELD,
        "progressLargeText": PROGRESS_LARGE_TEXT_FIELD,
        "phone": DEFAULT_PHONE,
        "hookNext": HOOK_NEXT,
        "hookLargerText": HOOK_LARGER_TEXT,
        "hookReload": HOOK_RELOAD,
    }
}

/// [`constants`] as a JavaScript expression for boot.js (ES5: a JSON object
/// literal; `<` is written as `\u003c` so that it can never end the inline
/// `<script>`).
pub fn constants_js() -> String {
    constants().write().replace('<', "\\u003c")
}
