//! The journey as a pure reducer: `reduce(&Content, State, Action) -> (State, Vec<Effect>)`.
//!
//! Which screen comes next, the emergency gate, the alerts, what is saved and
//! how it is resumed are decided here, natively testable; the widget only
//! dispatches [`Action`]s and performs the [`Effect`]s (storage, focus,
//! downloads, printing, speech). The reducer never reads the clock or the
//! browser: actions bring the time ([`Now`]) and what was stored.
//!
//! State has four parts with different lifetimes: the person's [`Journey`]
//! and [`Prefs`] (saved as progress), the [`DiaryState`] (saved on its own), and
//! transient [`Ui`] (never saved).
//!
//! **Invariant (the gate):** after every action, a questionnaire step after
//! the first, or the review, is shown only when every emergency question is
//! answered; the result only then, or when an emergency answer was given
//! ([`settle`] enforces it; `tests/journey.rs` drives random action sequences).

use crate::codec::{self, CodecError, Decoded, Progress};
use crate::content::{Content, Kind, Lang, Level, Question, Rule};
use crate::diary::{self, Entry};
use crate::engine::{self, Answers, Assessment, Value};
use crate::json::{Json, ParseError};
use std::rc::Rc;

/// What "read aloud" says for a screen (the `Speak` effect's text).
pub mod script;

/// Starting and resuming (the `Boot` action).
mod boot;
/// The rules of the journey as queries on the answers.
mod flow;
/// The state, the actions and the effects.
mod state;

use boot::*;
pub use flow::*;
pub use state::*;

/// The reducer. Never panics; unknown ids in actions are ignored.
pub fn reduce(c: &Content, state: State, action: Action) -> (State, Vec<Effect>) {
    let before = state.clone();
    let mut s = state;
    let mut fx = Vec::new();
    match action {
        Action::Boot(boot, now) => {
            boot_from(c, &mut s, *boot, now, &mut fx);
            // What was read is not written back (`boot_from` wrote what it repaired).
            let mut read = before;
            read.diary = s.diary.clone();
            return settle(c, s, &read, fx, true);
        }
        Action::WithDiaryYears(years, then) => {
            let (mut writes, mut damage) = (Vec::new(), None);
            if crate::diary_store::load(&mut s.diary, years, &mut damage, &mut writes) {
                writes.push(crate::diary_store::store_index(&s.diary));
            }
            diary_writes(writes, &mut fx);
            diary_notice(&mut s, damage);
            let (s, more) = reduce(c, s, *then);
            fx.extend(more);
            return (s, fx);
        }
        Action::SetLang(lang) => s.prefs.lang = Some(lang),
        Action::ToggleLargeText => s.prefs.large_text = !s.prefs.large_text,
        Action::Start => s.journey.screen = Screen::Step(0),
        Action::Next => next(c, &mut s, &mut fx),
        Action::Back => {
            s.journey.screen = match s.journey.screen {
                Screen::Intro => Screen::Intro,
                Screen::Step(i) => {
                    prev_step(c, &s.journey.answers, i).map_or(Screen::Intro, Screen::Step)
                }
                Screen::Review => prev_step(c, &s.journey.answers, c.steps.len())
                    .map_or(Screen::Intro, Screen::Step),
                // Back from a result reached straight from the alert goes to
                // the emergency questions still open, never past them.
                Screen::Result if !gate_passed(c, &s.journey.answers) => Screen::Step(0),
                Screen::Result => Screen::Review,
                Screen::Diary => s.ui.before_diary.take().unwrap_or(s.first_screen()),
            }
        }
        Action::Edit(i) if i < c.steps.len() => s.journey.screen = Screen::Step(i),
        Action::Edit(_) => {}
        Action::Answer(q) => {
            if let Some(i) = step_of(c, &q) {
                s.journey.screen = Screen::Step(i);
                fx.push(Effect::Focus(Focus::Question(q)));
            }
        }
        Action::ShowResult => s.journey.screen = Screen::Result,
        Action::Restart => {
            s.journey.answers = Answers::default();
            s.journey.from_diary.clear();
            s.journey.screen = s.first_screen();
            s.ui.show_missing = false;
            s.ui.alert_after = None;
            fill_from_diary(&mut s);
        }
        Action::Choose {
            question,
            option,
            checked,
        } => {
            if let Some(q) = c.question(&question) {
                let shown_before = s.journey.answers.shown(c);
                choose(&mut s.journey.answers, q, &option, checked);
                // A follow-up that appears on this step: into view, announced.
                if let Screen::Step(i) = s.journey.screen {
                    let new: Vec<String> = s
                        .journey
                        .answers
                        .shown(c)
                        .into_iter()
                        .filter(|x| !shown_before.contains(x) && step_of(c, x) == Some(i))
                        .map(String::from)
                        .collect();
                    if let Some(first) = new.first() {
                        fx.push(Effect::Reveal(first.clone()));
                        s.ui.revealed = new;
                    }
                }
                // The person's own answer now, not the diary's.
                s.journey.from_diary.retain(|x| *x != question);
                s.ui.alert_after =
                    alert_position(c, &s.journey.answers, &question, s.ui.alert_after.take());
            }
        }
        Action::AskDelete => {
            s.ui.confirm_delete = true;
            fx.push(Effect::Focus(Focus::DeleteQuestion));
        }
        Action::CancelDelete => {
            s.ui.confirm_delete = false;
            fx.push(Effect::Focus(Focus::DeleteButton));
        }
        Action::DeleteAll => {
            let prefs = s.prefs.clone();
            let ui = Ui {
                host: s.ui.host.clone(),
                updated: s.ui.updated,
                now: s.ui.now,
                notice: Some(Notice::Deleted),
                ..Ui::default()
            };
            s = State::new(s.ui.host.clone());
            s.prefs = prefs;
            s.ui = ui;
            for key in [
                codec::PROGRESS_KEY,
                codec::PROGRESS_KEY_V1,
                codec::PROGRESS_ASIDE_KEY,
                codec::DIARY_KEY,
                codec::DIARY_KEY_V1,
                codec::DIARY_ASIDE_KEY,
            ] {
                fx.push(Effect::Remove(key));
            }
            fx.push(Effect::RemovePrefix(crate::diary_store::YEAR_PREFIX));
            fx.push(Effect::Focus(Focus::Heading));
            // The preferences stay, and are all that is saved now.
            let mut out = settle(c, s, &before, fx, false);
            if out.0.prefs != Prefs::default() {
                out.1.push(Effect::Store {
                    key: codec::PROGRESS_KEY,
                    text: codec::encode_progress(&Progress {
                        lang: out.0.prefs.lang,
                        large_text: out.0.prefs.large_text,
                        ..Progress::default()
                    }),
                });
            }
            return out;
        }
        Action::DismissNotice => {
            s.ui.notice = None;
            fx.push(Effect::Focus(Focus::Heading));
        }
        Action::Updated => s.ui.updated = true,
        Action::DismissUpdated => {
            s.ui.updated = false;
            fx.push(Effect::Focus(Focus::Heading));
        }
        Action::OpenDiary => {
            if s.journey.screen != Screen::Diary {
                s.ui.before_diary = Some(s.journey.screen);
                s.journey.screen = Screen::Diary;
            }
        }
        Action::CloseDiary => {
            if s.journey.screen == Screen::Diary {
                s.journey.screen = s.ui.before_diary.take().unwrap_or(s.first_screen());
            }
        }
        Action::Log(entry, now) => {
            s.ui.now = now;
            if entry.is_valid() {
                let mut list = (*s.diary.entries).clone();
                list.retain(|e| e.id != entry.id);
                list.push(entry);
                diary::sort(&mut list);
                s.diary.entries = Rc::new(list);
                s.ui.notice = Some(Notice::Logged);
                fill_from_diary(&mut s);
            }
        }
        Action::EditEntry(id) => {
            s.ui.form_error = None;
            let closing = s.ui.editing.clone();
            s.ui.confirm_entry_delete = None;
            s.ui.editing = id.clone();
            match (id, closing) {
                (Some(id), _) => fx.push(Effect::Focus(Focus::EntryForm(id))),
                (None, Some(was)) => fx.push(Effect::Focus(Focus::Entry(was))),
                (None, None) => {}
            }
        }
        Action::SaveEntry(entry, now) => {
            s.ui.now = now;
            if entry.is_valid() && s.diary.entries.iter().any(|e| e.id == entry.id) {
                let id = entry.id.clone();
                let mut list: Vec<Entry> = s
                    .diary
                    .entries
                    .iter()
                    .filter(|e| e.id != entry.id)
                    .cloned()
                    .collect();
                list.push(entry);
                diary::sort(&mut list);
                s.diary.entries = Rc::new(list);
                s.ui.editing = None;
                // An entry moved to an older day is listed in its month.
                let day = entry_day(&s.diary.entries, &id);
                let (ms, off) = now;
                if let Some(day) = day.filter(|d| *d < diary::recent_from(ms, off)) {
                    let month = diary::Month::of_day(day);
                    s.ui.diary_month = Some(month);
                    s.ui.diary_year = Some(month.year);
                }
                fill_from_diary(&mut s);
                fx.push(Effect::Focus(Focus::Entry(id)));
            }
        }
        Action::SubmitEntry(form, now) => {
            s.ui.now = now;
            let editing =
                s.ui.editing
                    .as_ref()
                    .and_then(|id| s.diary.entries.iter().find(|e| e.id == *id))
                    .cloned();
            match diary::entry_from_form(&form, now, editing.as_ref(), &s.diary.entries) {
                Ok(entry) => {
                    s.ui.form_error = None;
                    s.ui.form_gen = s.ui.form_gen.wrapping_add(1);
                    let action = if editing.is_some() {
                        Action::SaveEntry(entry, now)
                    } else {
                        Action::Log(entry, now)
                    };
                    return reduce(c, s, action);
                }
                Err(e) => s.ui.form_error = Some(e),
            }
        }
        Action::AskDeleteEntry(id) => {
            let was = s.ui.confirm_entry_delete.take();
            s.ui.confirm_entry_delete = id.clone();
            match (id, was) {
                (Some(_), _) => fx.push(Effect::Focus(Focus::EntryDeleteQuestion)),
                (None, Some(was)) => fx.push(Effect::Focus(Focus::Entry(was))),
                (None, None) => {}
            }
        }
        Action::OpenMonth(month) => {
            s.ui.editing = None;
            s.ui.confirm_entry_delete = None;
            s.ui.form_error = None;
            let was = s.ui.diary_month.take();
            s.ui.diary_month = month;
            if let Some(m) = month {
                s.ui.diary_year = Some(m.year);
            }
            match (month, was) {
                (Some(_), _) => fx.push(Effect::Focus(Focus::DiaryMonth)),
                (None, Some(was)) => fx.push(Effect::Focus(Focus::MonthButton(was))),
                (None, None) => {}
            }
        }
        Action::OpenYear(year) => {
            s.ui.diary_year = (s.ui.diary_year != Some(year)).then_some(year);
            fx.push(Effect::Focus(Focus::YearButton(year)));
        }
        Action::DeleteEntry(id, now) => {
            s.ui.now = now;
            s.diary.entries = Rc::new(
                s.diary
                    .entries
                    .iter()
                    .filter(|e| e.id != id)
                    .cloned()
                    .collect(),
            );
            s.ui.confirm_entry_delete = None;
            s.ui.editing = None;
            fx.push(Effect::Focus(Focus::DiaryEntries));
        }
        Action::Import(bytes, parsed, now) => {
            s.ui.now = now;
            match codec::decode_export(c, bytes, parsed) {
                Ok(file) => {
                    let import = codec::merge_import(file, &s.diary.entries, &s.journey.answers);
                    s.diary.entries = Rc::new(import.entries);
                    if let Some(answers) = import.answers {
                        s.journey.answers = answers;
                    }
                    s.ui.notice = Some(Notice::Imported {
                        added: import.added,
                        duplicates: import.duplicates,
                        dropped: import.dropped,
                    });
                    fill_from_diary(&mut s);
                }
                Err(e) => s.ui.notice = Some(Notice::ImportRefused(e.kind)),
            }
        }
        Action::ImportRefused(e) => s.ui.notice = Some(Notice::ImportRefused(e.kind)),
        // Every year must have been read (the shell reads them first, see
        // `diary_store::years_needed`): an export never leaves entries out.
        Action::Export(..) if !s.diary.shelf.is_empty() => {}
        Action::Export(kind, now, app_version) => {
            s.ui.now = now;
            fx.push(export(c, &s, kind, now, app_version));
        }
        Action::Print => fx.push(Effect::Print),
        Action::ReadAloud => {
            if s.ui.speech == Speech::Speaking {
                s.ui.speech = Speech::Idle;
                fx.push(Effect::StopSpeaking);
            } else {
                s.ui.speech = Speech::Speaking;
                fx.push(Effect::Speak {
                    text: script::read_aloud(c, &s),
                    lang: s.lang(),
                });
            }
        }
        Action::NoVoice => s.ui.speech = Speech::NoVoice,
        Action::SpeechEnded => {
            if s.ui.speech == Speech::Speaking {
                s.ui.speech = Speech::Idle;
            }
        }
    }
    settle(c, s, &before, fx, true)
}

/// After every action: enforce the gate and skip steps that no longer apply,
/// stop reading aloud and move focus when the screen changed, and save what changed.
fn settle(
    c: &Content,
    mut s: State,
    before: &State,
    mut fx: Vec<Effect>,
    save: bool,
) -> (State, Vec<Effect>) {
    let a = &s.journey.answers;
    let gate = gate_passed(c, a);
    // A required follow-up left open (saved by an older version, imported):
    // the review and a result that is not an emergency wait until it is answered.
    let open = missing_follow_ups(c, a)
        .first()
        .and_then(|q| step_of(c, q))
        .map(Screen::Step);
    let screen = s.journey.screen;
    s.journey.screen = match screen {
        Screen::Step(i) if i > 0 && !gate => Screen::Step(0),
        Screen::Step(i) if i >= c.steps.len() => Screen::Review,
        Screen::Step(i) if !step_shown(c, a, i) => {
            next_step(c, a, i).map_or(Screen::Review, Screen::Step)
        }
        Screen::Review if !gate => Screen::Step(0),
        Screen::Result if !gate && !emergency_given(c, a) => Screen::Step(0),
        Screen::Review => open.unwrap_or(screen),
        Screen::Result if !emergency_given(c, a) => open.unwrap_or(screen),
        other => other,
    };
    let held = matches!(screen, Screen::Review | Screen::Result) && Some(s.journey.screen) == open;
    if held {
        s.ui.show_missing = true;
    } else if s.journey.screen != before.journey.screen
        || !matches!(s.journey.screen, Screen::Step(_))
    {
        s.ui.show_missing = false;
    }
    if s.journey.screen != before.journey.screen {
        s.ui.revealed.clear();
    }
    if s.ui.alert_after.is_some() && !emergency_given(c, a) {
        s.ui.alert_after = None;
    }
    if s.journey.screen != Screen::Diary {
        s.ui.editing = None;
        s.ui.confirm_entry_delete = None;
        s.ui.diary_month = None;
        s.ui.diary_year = None;
    }
    if s.journey.screen != before.journey.screen {
        if s.ui.speech == Speech::Speaking {
            fx.push(Effect::StopSpeaking);
        }
        if s.ui.speech != Speech::Idle {
            s.ui.speech = Speech::Idle;
        }
        s.ui.confirm_delete = false;
        // A question asked for (from the review) is focused instead: that brings it into view.
        let asked = fx
            .iter()
            .any(|e| matches!(e, Effect::Focus(Focus::Question(_))));
        if !asked {
            fx.push(Effect::ScrollTop);
            fx.push(Effect::Focus(Focus::Heading));
        }
    }
    if save && s.saved_parts() != before.saved_parts() {
        fx.push(Effect::Store {
            key: codec::PROGRESS_KEY,
            text: codec::encode_progress(&s.progress(c)),
        });
    }
    if save {
        let mut writes = Vec::new();
        crate::diary_store::save(&before.diary, &s.diary, &mut writes);
        diary_writes(writes, &mut fx);
    }
    (s, fx)
}

/// The diary's writes as effects (its fixed keys as [`Effect::Store`] and [`Effect::Remove`]).
fn diary_writes(writes: Vec<crate::diary_store::Write>, fx: &mut Vec<Effect>) {
    use crate::diary_store::Write;
    let fixed = |k: &str| {
        [
            codec::DIARY_KEY,
            codec::DIARY_KEY_V1,
            codec::DIARY_ASIDE_KEY,
        ]
        .into_iter()
        .find(|f| *f == k)
    };
    for w in writes {
        fx.push(match w {
            Write::Store { key, text } => match fixed(&key) {
                Some(key) => Effect::Store { key, text },
                None => Effect::StoreAt { key, text },
            },
            Write::Remove(key) => match fixed(&key) {
                Some(key) => Effect::Remove(key),
                None => Effect::RemoveAt(key),
            },
        });
    }
}

/// Says what went wrong reading the diary (unless another notice came first).
fn diary_notice(s: &mut State, damage: Option<crate::diary_store::Damage>) {
    use crate::diary_store::Damage;
    if let Some(d) = damage {
        s.ui.notice = s.ui.notice.take().or(Some(match d {
            Damage::Unreadable => Notice::DiaryUnreadable,
            Damage::Partial(n) => Notice::DiaryPartial(n),
        }));
    }
}

/// The years of the diary still in storage that `action` needs read first:
/// the year of a month opened or of an entry logged or moved there; every
/// one for an export or an import (they write or merge the whole diary). The
/// shell reads them and sends [`Action::WithDiaryYears`].
pub fn diary_years_needed(diary: &DiaryState, action: &Action) -> Vec<i32> {
    use crate::diary_store::year_of;
    if diary.shelf.is_empty() {
        return Vec::new();
    }
    let year = match action {
        Action::OpenMonth(Some(m)) => m.year,
        Action::Log(e, _) | Action::SaveEntry(e, _) => year_of(e),
        Action::SubmitEntry(form, _) => match form.at {
            Some((ms, off)) => diary::civil_from_days(diary::local_day(ms, off)).0,
            None => return Vec::new(),
        },
        Action::Export(..) | Action::Import(..) => {
            return diary.shelf.iter().map(|y| y.year).collect()
        }
        _ => return Vec::new(),
    };
    if diary.shelved(year) {
        vec![year]
    } else {
        Vec::new()
    }
}

/// Next: the emergency questions are never skipped silently.
fn next(c: &Content, s: &mut State, fx: &mut Vec<Effect>) {
    match s.journey.screen {
        Screen::Intro => s.journey.screen = Screen::Step(0),
        Screen::Step(i) => {
            let missing = missing_on_step(c, &s.journey.answers, i);
            if let Some(first) = missing.first() {
                s.ui.show_missing = true;
                // The emergency questions: the list of what is open. A follow-up:
                // the question itself, named by its error message.
                fx.push(Effect::Focus(if gate_passed(c, &s.journey.answers) {
                    Focus::Question(first.to_string())
                } else {
                    Focus::ErrorSummary
                }));
            } else {
                s.journey.screen =
                    next_step(c, &s.journey.answers, i).map_or(Screen::Review, Screen::Step);
            }
        }
        Screen::Review => s.journey.screen = Screen::Result,
        Screen::Result | Screen::Diary => {}
    }
}

/// The local day of the entry with this id, if there is one.
fn entry_day(entries: &[Entry], id: &str) -> Option<i64> {
    entries.iter().find(|e| e.id == id).map(Entry::local_day)
}

fn export(c: &Content, s: &State, kind: Export, (ms, off): Now, app_version: &str) -> Effect {
    let date: String = diary::iso(ms, off).chars().take(10).collect();
    match kind {
        Export::Json => Effect::Download {
            name: format!("cramp-check-{date}.json"),
            mime: "application/json",
            text: codec::encode_export(&s.progress(c), &s.diary.entries, ms, off, app_version),
        },
        Export::FhirResponse => {
            let a = s.assessment(c);
            let r = crate::fhir::questionnaire_response(
                c,
                &s.journey.answers,
                &s.diary.entries,
                &a,
                ms,
                off,
                s.lang(),
            );
            Effect::Download {
                name: format!("cramp-check-fhir-{date}.json"),
                mime: "application/fhir+json",
                text: r.write_pretty(),
            }
        }
    }
}
