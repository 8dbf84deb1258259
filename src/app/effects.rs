//! The shell's side of the journey: reading what is stored at start, and
//! performing the effects the reducer returns (storage, focus, scrolling,
//! downloads made on the device, printing, reading aloud).
//!
//! Every browser call here tolerates failure: storage that is missing or
//! throws (privacy modes, sandboxed frames, a full quota) means the widget
//! simply works without saving; a missing voice is reported back as an action.

use super::json;
use crate::codec;
use crate::content::Lang;
use crate::journey::{Action, Boot, Effect, Focus, Now, Raw};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{HtmlElement, Storage};
use yew::UseReducerDispatcher;

/// The browser's clock: now, and the local UTC offset in minutes east.
pub fn now() -> Now {
    let date = js_sys::Date::new_0();
    (date.get_time() as i64, -(date.get_timezone_offset() as i32))
}

/// Today's date in `lang`, as the browser writes it. The month is written out
/// ("21 November 2026", "2026年11月21日") because "11/12" reads differently in
/// different countries.
pub fn today(lang: Lang) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [("year", "numeric"), ("month", "long"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    js_sys::Date::new_0()
        .to_locale_date_string(lang.tag(), &options)
        .into()
}

/// `localStorage`, if this page may use it (reading the property itself throws
/// in sandboxed frames and some privacy modes).
fn local_storage() -> Option<Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// Can the widget save here? (Storage present, and a write goes through.)
pub fn storage_available() -> bool {
    const PROBE: &str = "cramp-check/probe";
    local_storage().is_some_and(|s| {
        let ok = s.set_item(PROBE, "1").is_ok();
        let _ = s.remove_item(PROBE);
        ok
    })
}

fn read(key: &str) -> Option<Raw> {
    let text = local_storage()?.get_item(key).ok().flatten()?;
    let parsed = json::parse(&text);
    Some(Raw { text, parsed })
}

/// What is stored, for the reducer's `Boot` (it decides what it means). The
/// diary as this widget writes it is read by the codec straight from the text
/// (`codec::read_own_diary`); only anything else goes through `JSON.parse`.
pub fn read_boot() -> Boot {
    let storage = local_storage();
    let diary_text = storage
        .as_ref()
        .and_then(|s| s.get_item(codec::DIARY_KEY).ok().flatten());
    let diary_own = diary_text.as_deref().and_then(codec::read_own_diary);
    let diary = diary_text.map(|text| Raw {
        parsed: if diary_own.is_some() {
            Ok(cramp_core::json::Json::Null)
        } else {
            json::parse(&text)
        },
        text,
    });
    // The diary's years: the index names them; those from last year on are read now.
    let (diary_keys, diary_years) = match &storage {
        Some(s) => {
            let keys = super::diary_store::year_keys(s);
            let wanted = cramp_core::diary_store::boot_years(diary.as_ref(), &keys, now());
            let years = super::diary_store::read_years(s, &wanted);
            (keys, years)
        }
        None => (Vec::new(), Vec::new()),
    };
    Boot {
        progress: read(codec::PROGRESS_KEY),
        progress_v1: read(codec::PROGRESS_KEY_V1),
        diary,
        diary_own,
        diary_v1: read(codec::DIARY_KEY_V1),
        diary_keys,
        diary_years,
        prerendered: None,
    }
}

/// The element id a focus target names (the core's, beside the markup that carries it).
pub fn focus_id(f: &Focus) -> String {
    cramp_core::screens::focus_id(f)
}

/// Moves keyboard and screen-reader focus to the element with this id, if present.
pub fn focus(id: &str) {
    focus_element(gloo::utils::document().get_element_by_id(id));
}

/// Moves focus to the first element matching a CSS selector, if present.
pub fn focus_selector(selector: &str) {
    focus_element(
        gloo::utils::document()
            .query_selector(selector)
            .ok()
            .flatten(),
    );
}

fn focus_element(el: Option<web_sys::Element>) {
    if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Performs one effect. `storage`: this widget reads and writes storage.
pub fn perform(effect: Effect, storage: bool, dispatch: &UseReducerDispatcher<super::Model>) {
    match effect {
        Effect::Store { key, text } if storage => {
            if let Some(s) = local_storage() {
                let _ = s.set_item(key, &text);
            }
        }
        Effect::Remove(key) if storage => {
            if let Some(s) = local_storage() {
                let _ = s.remove_item(key);
            }
        }
        Effect::StoreAt { key, text } if storage => {
            if let Some(s) = local_storage() {
                let _ = s.set_item(&key, &text);
            }
        }
        Effect::RemoveAt(key) if storage => {
            if let Some(s) = local_storage() {
                let _ = s.remove_item(&key);
            }
        }
        Effect::RemovePrefix(prefix) if storage => {
            if let Some(s) = local_storage() {
                let n = s.length().unwrap_or(0);
                let keys: Vec<String> = (0..n)
                    .filter_map(|i| s.key(i).ok().flatten())
                    .filter(|k| k.starts_with(prefix))
                    .collect();
                for k in keys {
                    let _ = s.remove_item(&k);
                }
            }
        }
        Effect::Store { .. }
        | Effect::Remove(_)
        | Effect::StoreAt { .. }
        | Effect::RemoveAt(_)
        | Effect::RemovePrefix(_) => {}
        // A question: its first answer (the fieldset itself takes no focus).
        Effect::Focus(f @ Focus::Question(_)) => {
            focus_selector(&format!("#{} input", focus_id(&f)))
        }
        Effect::Focus(f) => {
            let id = focus_id(&f);
            focus(&id);
        }
        Effect::ScrollTop => scroll_top(),
        Effect::Reveal(q) => reveal(&format!("q-{q}")),
        Effect::Download { name, mime, text } => download(&name, mime, &text),
        Effect::Print => {
            let _ = gloo::utils::window().print();
        }
        Effect::Speak { text, lang } => speak(&text, lang, dispatch),
        Effect::StopSpeaking => {
            if let Ok(s) = gloo::utils::window().speech_synthesis() {
                s.cancel();
            }
        }
    }
}

/// Brings the top of the widget into view (a new screen starts at its heading).
fn scroll_top() {
    let window = gloo::utils::window();
    let top = gloo::utils::document()
        .get_element_by_id("app")
        .map_or(0.0, |el| {
            el.get_bounding_client_rect().top() + window.scroll_y().unwrap_or(0.0)
        });
    if window.scroll_y().unwrap_or(0.0) > top {
        window.scroll_to_with_x_and_y(0.0, top.max(0.0));
    }
}

/// Scrolls just enough to show the element with this id (a follow-up that
/// appeared below the answer that revealed it), keeping its top in view;
/// focus stays where the person is.
fn reveal(id: &str) {
    let window = gloo::utils::window();
    let Some(el) = gloo::utils::document().get_element_by_id(id) else {
        return;
    };
    let rect = el.get_bounding_client_rect();
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let margin = 16.0;
    let by = (rect.bottom() + margin - height).min(rect.top() - margin);
    if by > 0.0 {
        let y = window.scroll_y().unwrap_or(0.0);
        window.scroll_to_with_x_and_y(0.0, y + by);
    }
}

/// Saves `text` as a file on the device (a download from a `blob:` URL).
fn download(name: &str, mime: &str, text: &str) {
    let save = || -> Result<(), JsValue> {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let a: web_sys::HtmlAnchorElement =
            gloo::utils::document().create_element("a")?.dyn_into()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        // Revoked a little later: revoking at once can cancel the download.
        gloo::timers::callback::Timeout::new(10_000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
        Ok(())
    };
    let _ = save();
}

/// An on-device voice for `lang`, if the browser has one. Only voices with
/// `localService` count: a network voice would send the text off the device.
fn local_voice(
    synth: &web_sys::SpeechSynthesis,
    lang: Lang,
) -> Option<web_sys::SpeechSynthesisVoice> {
    let prefix = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let voices = synth.get_voices();
    let mut best = None;
    for v in voices.iter() {
        let v: web_sys::SpeechSynthesisVoice = v.unchecked_into();
        if !v.local_service() || !v.lang().to_ascii_lowercase().starts_with(prefix) {
            continue;
        }
        // Mainland Chinese first for Chinese.
        let exact = v.lang().eq_ignore_ascii_case(lang.tag());
        if exact {
            return Some(v);
        }
        best.get_or_insert(v);
    }
    best
}

/// Reads `text` aloud with an on-device voice; reports `NoVoice` when there is none.
fn speak(text: &str, lang: Lang, dispatch: &UseReducerDispatcher<super::Model>) {
    let Ok(synth) = gloo::utils::window().speech_synthesis() else {
        dispatch.dispatch(Action::NoVoice);
        return;
    };
    synth.cancel();
    if let Some(voice) = local_voice(&synth, lang) {
        say(&synth, text, lang, &voice, dispatch);
        return;
    }
    if synth.get_voices().length() > 0 {
        dispatch.dispatch(Action::NoVoice);
        return;
    }
    // Some browsers list their voices only after `voiceschanged`; wait for it
    // once, and give up if it does not come.
    let text = text.to_string();
    let d = dispatch.clone();
    let s = synth.clone();
    let listener = gloo::events::EventListener::once(&synth, "voiceschanged", move |_| {
        match local_voice(&s, lang) {
            Some(voice) => say(&s, &text, lang, &voice, &d),
            None => d.dispatch(Action::NoVoice),
        }
    });
    let d = dispatch.clone();
    gloo::timers::callback::Timeout::new(3_000, move || {
        drop(listener);
        if local_voice(&synth, lang).is_none() {
            d.dispatch(Action::NoVoice);
        }
    })
    .forget();
}

fn say(
    synth: &web_sys::SpeechSynthesis,
    text: &str,
    lang: Lang,
    voice: &web_sys::SpeechSynthesisVoice,
    dispatch: &UseReducerDispatcher<super::Model>,
) {
    let Ok(u) = web_sys::SpeechSynthesisUtterance::new_with_text(text) else {
        dispatch.dispatch(Action::NoVoice);
        return;
    };
    u.set_voice(Some(voice));
    u.set_lang(lang.tag());
    let d = dispatch.clone();
    let done = Closure::<dyn FnMut()>::new(move || d.dispatch(Action::SpeechEnded));
    u.set_onend(Some(done.as_ref().unchecked_ref()));
    done.forget();
    synth.speak(&u);
}
