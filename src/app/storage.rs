//! Saved progress: the versioned format kept in `localStorage`, and reading and writing it safely.
//!
//! One key holds one JSON object:
//! `{"version":1,"lang":"en","large_text":false,"screen":"cramps","answers":{…},"from_diary":[…]}`,
//! where `screen` uses the page's `data-step` vocabulary (`intro`, a step id,
//! `review`, `result`, `diary`), `answers` is the `assess` format (read back with
//! [`engine::parse_answers`]) and `from_diary` names the answers the diary
//! filled in. The cramp diary has its own key ([`DIARY_KEY`], format in
//! `crate::diary`): a damaged diary entry is dropped alone, and a diary that
//! cannot be read at all is moved aside to [`DIARY_BACKUP_KEY`], never lost. [`to_json`] and [`parse`] are pure; the rest
//! touches the browser and never fails: when `localStorage` is missing or
//! throws (privacy modes, sandboxed frames, a full quota) the widget simply
//! works without saving.
//!
//! **Invariant:** what comes back from storage is untrusted. Anything that is
//! not this format version is discarded whole; answers and a screen that no
//! longer fit the questionnaire are dropped one by one and reported, so the
//! person is told (`Notice`).

use super::state::{Notice, Saved, Screen, State};
use crate::content::{self, Content, Lang};
use crate::diary::{self, Entry};
use crate::engine::{self, Answers};
use serde_json::json;
use web_sys::Storage;

/// The key the widget uses; the format version is part of it and of the value.
pub const STORAGE_KEY: &str = "cramp-check/v1";

/// The format version written, and the only one read.
pub const VERSION: u64 = 1;

/// The diary's key (its format version is part of it and of the value).
pub const DIARY_KEY: &str = diary::STORAGE_KEY;

/// Where a diary that could not be read is kept, untouched, instead of being lost.
pub const DIARY_BACKUP_KEY: &str = "cramp-check/diary/unreadable";

/// Why a saved copy was thrown away whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    NotJson,
    NotAnObject,
    /// Another (older or newer) format version, or none.
    Version,
}

/// The saved form of the parts of [`State`] that survive a reload.
pub fn to_json(
    answers: &Answers,
    screen: Screen,
    lang: Lang,
    large_text: bool,
    from_diary: &[String],
) -> String {
    let c = content::embedded();
    json!({
        "version": VERSION,
        "lang": lang.tag(),
        "large_text": large_text,
        "screen": screen_id(c, screen),
        "answers": diary::answers_to_json(answers),
        "from_diary": from_diary,
    })
    .to_string()
}

/// Reads a saved copy. `Err` when it must be discarded whole; otherwise the
/// parts that fit, and whether anything was left out.
pub fn parse(c: &Content, text: &str) -> Result<(Saved, bool), Unreadable> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|_| Unreadable::NotJson)?;
    let obj = json.as_object().ok_or(Unreadable::NotAnObject)?;
    if obj.get("version").and_then(serde_json::Value::as_u64) != Some(VERSION) {
        return Err(Unreadable::Version);
    }
    let mut partial = false;
    let answers = match obj.get("answers") {
        None | Some(serde_json::Value::Null) => Answers::default(),
        Some(v) => {
            let (answers, ignored) = engine::parse_answers(c, v);
            partial |= !ignored.is_empty();
            answers
        }
    };
    let screen = match obj.get("screen") {
        None => None,
        Some(v) => {
            let screen = v.as_str().and_then(|id| screen_from_id(c, id));
            partial |= screen.is_none();
            screen
        }
    };
    let lang = obj
        .get("lang")
        .and_then(serde_json::Value::as_str)
        .and_then(crate::settings::lang);
    let large_text = obj
        .get("large_text")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    // Only answered questions can have come from the diary.
    let from_diary = obj
        .get("from_diary")
        .and_then(serde_json::Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(serde_json::Value::as_str)
                .filter(|id| answers.get(id).is_some())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    Ok((
        Saved {
            answers,
            screen,
            lang,
            large_text,
            from_diary,
        },
        partial,
    ))
}

/// The `data-step` name of a screen.
pub fn screen_id(c: &Content, screen: Screen) -> &str {
    match screen {
        Screen::Intro => "intro",
        Screen::Review => "review",
        Screen::Result => "result",
        Screen::Diary => "diary",
        Screen::Step(i) => c.steps.get(i).map_or("intro", |s| s.id.as_ref()),
    }
}

fn screen_from_id(c: &Content, id: &str) -> Option<Screen> {
    match id {
        "intro" => Some(Screen::Intro),
        "review" => Some(Screen::Review),
        "result" => Some(Screen::Result),
        "diary" => Some(Screen::Diary),
        _ => c.steps.iter().position(|s| s.id == id).map(Screen::Step),
    }
}

/// `localStorage`, if this page may use it (reading the property itself throws
/// in sandboxed frames and some privacy modes).
pub fn local_storage() -> Option<Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// Can the widget save here? (Storage present, and a write goes through.)
pub fn available() -> bool {
    const PROBE: &str = "cramp-check/probe";
    local_storage().is_some_and(|s| {
        let ok = s.set_item(PROBE, "1").is_ok();
        let _ = s.remove_item(PROBE);
        ok
    })
}

/// The saved text under `key`, if any can be read.
pub fn read(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Writes `value` under `key`; `false` if the browser refused.
pub fn write(key: &str, value: &str) -> bool {
    local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

/// Saves the parts of `state` that survive a reload (or removes them after a deletion).
pub fn save(key: &str, state: &State) {
    if state.forget {
        remove(key);
    } else {
        write(
            key,
            &to_json(
                &state.answers,
                state.screen,
                state.lang,
                state.large_text,
                &state.from_diary,
            ),
        );
    }
}

/// Saves the diary (or removes it, and any copy set aside, after a deletion).
pub fn save_diary(state: &State) {
    if state.forget {
        remove(DIARY_KEY);
        remove(DIARY_BACKUP_KEY);
    } else {
        write(DIARY_KEY, &diary::to_storage(&state.diary));
    }
}

/// Reads the saved diary. Damaged entries are left out and counted; a diary
/// that cannot be read at all is moved to [`DIARY_BACKUP_KEY`] as it was.
/// Either way the person is told, and the intact entries are kept.
pub fn load_diary() -> (Vec<Entry>, Option<Notice>) {
    let Some(text) = read(DIARY_KEY) else {
        return (Vec::new(), None);
    };
    let loaded = diary::from_storage(&text);
    if loaded.error.is_some() {
        write(DIARY_BACKUP_KEY, &text);
        remove(DIARY_KEY);
        return (Vec::new(), Some(Notice::DiaryUnreadable));
    }
    if loaded.dropped > 0 {
        write(DIARY_BACKUP_KEY, &text);
        write(DIARY_KEY, &diary::to_storage(&loaded.entries));
        return (loaded.entries, Some(Notice::DiaryPartial(loaded.dropped)));
    }
    (loaded.entries, None)
}

/// Continues `state` from what is saved under `key`. An unreadable copy is
/// removed; a copy with parts that no longer fit is rewritten without them.
/// Either way the person is told.
pub fn restore(key: &str, state: State) -> State {
    let Some(text) = read(key) else {
        return state;
    };
    match parse(content::embedded(), &text) {
        Err(_) => {
            remove(key);
            State {
                notice: Some(Notice::Unreadable),
                ..state
            }
        }
        Ok((saved, partial)) => {
            let mut state = state.resume(saved);
            if partial {
                state.notice = Some(Notice::Partial);
                save(key, &state);
            }
            state
        }
    }
}
