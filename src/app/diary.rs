//! The cramp diary screen: log a cramp, the weekly chart and table, the entries
//! with edit and delete, and the handoff (export, FHIR, import).
//!
//! All the counting is `crate::diary` (pure, tested natively); this file only
//! reads the clock, renders and dispatches. Files go out as downloads made on
//! the device (a `blob:` URL) and come in through a file picker: nothing is
//! sent anywhere.

use super::effects::now;
use super::layout::{button, raw};
use super::text::Ctx;
use crate::codec;
use crate::content::embedded;
use crate::diary::{self, Duration, Entry, Leg};
use crate::journey::{Action, Export, Now, State};
use std::rc::Rc;
use yew::prelude::*;

/// The app's version, written into exported files.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `YYYY-MM-DDTHH:MM`, the value of a `datetime-local` input, of an entry's local time.
fn local_input_value(at_ms: i64, offset_min: i32) -> String {
    diary::iso(at_ms, offset_min).chars().take(16).collect()
}

/// A `datetime-local` value read as local time, with that moment's own offset
/// (so a date on the other side of a daylight-saving change gets its offset).
fn parse_local_input(value: &str) -> Option<Now> {
    let num = |range: std::ops::Range<usize>| value.get(range)?.parse::<u32>().ok();
    let (y, mo, d, h, mi) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
    );
    let date = js_sys::Date::new_with_year_month_day_hr_min(
        y,
        mo as i32 - 1,
        d as i32,
        h as i32,
        mi as i32,
    );
    let ms = date.get_time();
    (!ms.is_nan()).then(|| (ms as i64, -(date.get_timezone_offset() as i32)))
}

/// How an entry's time is shown: its local date and time where it was logged.
pub fn shown_time(e: &Entry) -> String {
    local_input_value(e.at_ms, e.offset_min).replace('T', " ")
}

pub fn leg_label(ctx: &Ctx, leg: Leg) -> String {
    match leg {
        Leg::Left => ctx.ui("diary_leg_left"),
        Leg::Right => ctx.ui("diary_leg_right"),
        Leg::Both => ctx.ui("diary_leg_both"),
    }
}

/// The duration labels are the `duration` question's options, same ids.
pub fn duration_label(ctx: &Ctx, d: Duration) -> String {
    embedded()
        .question(&diary::DURATION_QUESTION)
        .map(|q| ctx.value_label(q, d.id()))
        .unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct DiaryProps {
    pub ctx: Ctx,
    pub state: Rc<State>,
    pub send: Callback<Action>,
}

#[function_component(DiaryView)]
pub fn diary_view(props: &DiaryProps) -> Html {
    let ctx = &props.ctx;
    let send = &props.send;
    let s = &props.state;
    let entries = s.diary.entries.clone();
    let (now_ms, offset) = now();
    let summary = diary::summarize(&entries, now_ms, offset);

    let on_log = send.reform(|(e, now)| Action::Log(e, now));
    let on_import = {
        let send = send.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // The same file can be chosen again after a refusal.
            input.set_value("");
            // Refused before reading: the same limit the codec applies.
            if let Err(e) = codec::check_import_size(file.size() as usize) {
                send.emit(Action::ImportRefused(e));
                return;
            }
            // A FileReader and its load event: no async runtime in the wasm for one file.
            let Ok(reader) = web_sys::FileReader::new() else {
                return;
            };
            let (send, r) = (send.clone(), reader.clone());
            let onload = wasm_bindgen::closure::Closure::once(move || {
                let text = r
                    .result()
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default();
                send.emit(Action::Import(text.len(), super::json::parse(&text), now()));
            });
            reader.set_onload(Some(wasm_bindgen::JsCast::unchecked_ref(onload.as_ref())));
            onload.forget();
            let _ = reader.read_as_text(&file);
        })
    };

    let list = entries.iter().rev().map(|e| {
        let id = e.id.clone();
        if s.ui.editing.as_deref() == Some(&e.id) {
            let on_save = send.reform(|(e, now)| Action::SaveEntry(e, now));
            let on_cancel = send.reform(|_: ()| Action::EditEntry(None));
            return html! {
                <li key={id} class="entry editing">
                    <EntryForm ctx={ctx.clone()} entries={entries.clone()}
                        initial={Some(e.clone())} on_save={on_save} on_cancel={Some(on_cancel)} />
                </li>
            };
        }
        let confirming = s.ui.confirm_entry_delete.as_deref() == Some(&e.id);
        let mut details = vec![
            leg_label(ctx, e.leg),
            duration_label(ctx, e.duration),
            ctx.ui_with("diary_severity_value", &[("n", &e.severity.to_string())]),
        ];
        if e.woke {
            details.push(ctx.ui("diary_woke"));
        }
        if e.numb_after {
            details.push(ctx.ui("diary_numb"));
        }
        html! {
            <li key={id.clone()} id={format!("entry-{id}")} tabindex="-1" class="entry" data-entry={id.clone()}>
                <p class="entry-time"><strong>{shown_time(e)}</strong></p>
                <p class="entry-details">{details.join(" · ")}</p>
                if let Some(a) = &e.activity {
                    <p class="entry-activity">{a.clone()}</p>
                }
                if confirming {
                    <div class="delete-confirm" role="group">
                        <p class="delete-question" id="entry-delete-question" tabindex="-1">
                            {ctx.ui("diary_delete_question")}
                        </p>
                        <div class="nav-buttons">
                            { button("danger", "confirm-delete-entry", ctx.ui("diary_delete_yes"), send, {
                                let id = id.clone();
                                move || Action::DeleteEntry(id.clone(), now())
                            }) }
                            { button("quiet", "keep-entry", ctx.ui("diary_delete_no"), send, || Action::AskDeleteEntry(None)) }
                        </div>
                    </div>
                } else {
                    <div class="nav-buttons">
                        { button("secondary", "edit-entry", ctx.ui("diary_edit"), send, {
                            let id = id.clone();
                            move || Action::EditEntry(Some(id.clone()))
                        }) }
                        { button("quiet", "delete-entry", ctx.ui("diary_delete"), send, {
                            let id = id.clone();
                            move || Action::AskDeleteEntry(Some(id.clone()))
                        }) }
                    </div>
                }
            </li>
        }
    });

    html! {
        <section class="screen diary" data-step="diary" aria-labelledby="screen-heading">
            <h1 id="screen-heading" tabindex="-1">{ctx.ui("diary_title")}</h1>
            <p>{ctx.ui("diary_intro")}</p>

            <section class="diary-part" aria-labelledby="diary-log">
                <h2 id="diary-log">{ctx.ui("diary_log_title")}</h2>
                <EntryForm ctx={ctx.clone()} entries={entries.clone()} initial={None::<Entry>}
                    on_save={on_log} on_cancel={None::<Callback<()>>} />
            </section>

            <section class="diary-part" aria-labelledby="diary-weeks">
                <h2 id="diary-weeks">{ctx.ui("diary_weeks_title")}</h2>
                { raw(cramp_core::view::findings(embedded(), ctx.words(), &summary)) }
                { raw(cramp_core::view::weekly_chart(embedded(), ctx.words(), &summary)) }
            </section>

            <section class="diary-part" aria-labelledby="diary-entries">
                <h2 id="diary-entries" tabindex="-1">{ctx.ui("diary_entries_title")}</h2>
                if entries.is_empty() {
                    <p>{ctx.ui("diary_empty")}</p>
                } else {
                    <ol class="entries">{ for list }</ol>
                }
            </section>

            <section class="diary-part no-print" aria-labelledby="diary-handoff">
                <h2 id="diary-handoff">{ctx.ui("diary_handoff_title")}</h2>
                <p>{ctx.ui("diary_handoff_text")}</p>
                <div class="nav-buttons">
                    { button("secondary", "export-json", ctx.ui("diary_export"), send, || Action::Export(Export::Json, now(), VERSION)) }
                    { button("secondary", "export-fhir", ctx.ui("diary_export_fhir"), send, || Action::Export(Export::FhirResponse, now(), VERSION)) }
                    // The Questionnaire is written at build time (the same for everyone): a plain download.
                    <a class="button quiet" data-action="export-questionnaire"
                        href={format!("fhir/questionnaire.{}.json", ctx.lang.tag())}
                        download={format!("cramp-check-questionnaire.{}.json", ctx.lang.tag())}>
                        {ctx.ui("diary_export_questionnaire")}
                    </a>
                </div>
                <label class="import" for="diary-import">
                    <span class="label">{ctx.ui("diary_import")}</span>
                    <input id="diary-import" type="file" accept=".json,application/json" data-action="import"
                        onchange={on_import} />
                </label>
            </section>

            <div class="nav-buttons">
                { button("primary", "close-diary", ctx.ui("diary_back"), send, || Action::CloseDiary) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct EntryFormProps {
    pub ctx: Ctx,
    pub entries: Rc<Vec<Entry>>,
    /// The entry edited; `None` logs a new one.
    pub initial: Option<Entry>,
    pub on_save: Callback<(Entry, Now)>,
    pub on_cancel: Option<Callback<()>>,
}

/// Why the form was not saved.
#[derive(Clone, Copy, PartialEq)]
enum FormError {
    Leg,
    Time,
    Future,
}

/// When a new cramp happened: just now, or last night.
#[derive(Clone, Copy, PartialEq)]
enum When {
    Now,
    LastNight,
}

/// The form to log or edit a cramp. Logging takes two taps: the leg (the time
/// is preselected by the hour: in the morning "last night", else "just now")
/// and "Log it"; how long and how bad start at the common answers.
#[function_component(EntryForm)]
pub fn entry_form(props: &EntryFormProps) -> Html {
    let ctx = &props.ctx;
    let init = props.initial.clone();
    let editing = init.is_some();
    let prefix = init
        .as_ref()
        .map_or("new".to_string(), |e| format!("e{}", e.id));
    let when = use_state(|| {
        let (ms, off) = now();
        let hour = (ms / 3_600_000 + i64::from(off) / 60).rem_euclid(24);
        if (4..12).contains(&hour) {
            When::LastNight
        } else {
            When::Now
        }
    });
    let at = use_state(|| {
        init.as_ref()
            .map(|e| local_input_value(e.at_ms, e.offset_min))
            .unwrap_or_default()
    });
    let leg = use_state(|| init.as_ref().map(|e| e.leg));
    let duration = use_state(|| init.as_ref().map_or(Duration::Under10Min, |e| e.duration));
    let severity = use_state(|| init.as_ref().map_or(5, |e| e.severity));
    let woke = use_state(|| init.as_ref().is_some_and(|e| e.woke));
    let numb = use_state(|| init.as_ref().is_some_and(|e| e.numb_after));
    let activity = use_state(|| {
        init.as_ref()
            .and_then(|e| e.activity.clone())
            .unwrap_or_default()
    });
    let error = use_state(|| None::<FormError>);

    let onsubmit = {
        let (when, at, leg, duration, severity, woke, numb, activity, error) = (
            when.clone(),
            at.clone(),
            leg.clone(),
            duration.clone(),
            severity.clone(),
            woke.clone(),
            numb.clone(),
            activity.clone(),
            error.clone(),
        );
        let (entries, init, on_save) = (props.entries.clone(), init.clone(), props.on_save.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let now @ (now_ms, off) = now();
            let Some(leg) = *leg else {
                error.set(Some(FormError::Leg));
                return;
            };
            let moment = if let Some(e) = init.as_ref() {
                // An unchanged time keeps the entry's own instant and offset (it
                // may have been logged in another time zone); a changed one is
                // read as local time here.
                if *at == local_input_value(e.at_ms, e.offset_min) {
                    Some((e.at_ms, e.offset_min))
                } else {
                    parse_local_input(&at)
                }
            } else if *when == When::LastNight {
                Some((diary::last_night(now_ms, off), off))
            } else {
                Some((now_ms, off))
            };
            let Some((at_ms, offset_min)) = moment else {
                error.set(Some(FormError::Time));
                return;
            };
            if at_ms > now_ms + 60_000 {
                error.set(Some(FormError::Future));
                return;
            }
            let entry = Entry {
                id: init
                    .as_ref()
                    .map_or_else(|| diary::next_id(now_ms, &entries), |e| e.id.clone()),
                at_ms,
                offset_min,
                leg,
                duration: *duration,
                severity: *severity,
                woke: *woke,
                numb_after: *numb,
                activity: diary::clean_activity(&activity),
            };
            if !entry.is_valid() {
                error.set(Some(FormError::Time));
                return;
            }
            error.set(None);
            on_save.emit((entry, now));
        })
    };

    // One radio group; `pick` turns a checked radio into a value.
    let radios = |name: &str, items: Vec<(String, String, bool, Callback<Event>)>| {
        html! {
            <div class="options chips">
                { for items.into_iter().map(|(id, label, checked, onchange)| html! {
                    <label class={classes!("option", checked.then_some("chosen"))} for={id.clone()}>
                        <input type="radio" name={format!("{prefix}-{name}")} id={id} checked={checked} onchange={onchange} />
                        <span class="option-label">{label}</span>
                    </label>
                }) }
            </div>
        }
    };
    fn pick<T: Clone + 'static>(state: &UseStateHandle<T>, value: T) -> Callback<Event> {
        let state = state.clone();
        Callback::from(move |_: Event| state.set(value.clone()))
    }
    let when_field = if editing {
        let at = at.clone();
        html! {
            <label class="field" for={format!("{prefix}-at")}>
                <span class="label">{ctx.ui("diary_when")}</span>
                <input type="datetime-local" id={format!("{prefix}-at")} value={(*at).clone()}
                    onchange={Callback::from(move |e: Event| {
                        at.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
                    })} />
            </label>
        }
    } else {
        html! {
            <fieldset class="question" data-field="when">
                <legend>{ctx.ui("diary_when")}</legend>
                { radios("when", vec![
                    (format!("{prefix}-now"), ctx.ui("diary_now"), *when == When::Now, pick(&when, When::Now)),
                    (format!("{prefix}-night"), ctx.ui("diary_last_night"), *when == When::LastNight, pick(&when, When::LastNight)),
                ]) }
            </fieldset>
        }
    };
    let legs = Leg::ALL
        .iter()
        .map(|l| {
            (
                format!("{prefix}-leg-{}", l.id()),
                leg_label(ctx, *l),
                *leg == Some(*l),
                pick(&leg, Some(*l)),
            )
        })
        .collect();
    let durations = Duration::ALL
        .iter()
        .map(|d| {
            (
                format!("{prefix}-dur-{}", d.id()),
                duration_label(ctx, *d),
                *duration == *d,
                pick(&duration, *d),
            )
        })
        .collect();
    let severities = (0..=diary::MAX_SEVERITY)
        .map(|n| {
            (
                format!("{prefix}-sev-{n}"),
                n.to_string(),
                *severity == n,
                pick(&severity, n),
            )
        })
        .collect();
    let check = |id: &str, label: String, state: &UseStateHandle<bool>| {
        let s = state.clone();
        html! {
            <label class={classes!("option", state.then_some("chosen"))} for={format!("{prefix}-{id}")}>
                <input type="checkbox" id={format!("{prefix}-{id}")} checked={**state}
                    onchange={Callback::from(move |e: Event| {
                        s.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked())
                    })} />
                <span class="option-label">{label}</span>
            </label>
        }
    };
    let on_activity = {
        let activity = activity.clone();
        Callback::from(move |e: InputEvent| {
            activity.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let cancel = props.on_cancel.clone();
    html! {
        <form class="entry-form" data-form={if editing { "edit" } else { "log" }} onsubmit={onsubmit} novalidate=true>
            { when_field }
            <fieldset class="question" data-field="leg">
                <legend>{ctx.ui("diary_which_leg")}</legend>
                { radios("leg", legs) }
            </fieldset>
            <fieldset class="question" data-field="duration">
                <legend>{ctx.ui("diary_how_long")}</legend>
                { radios("duration", durations) }
            </fieldset>
            <fieldset class="question" data-field="severity">
                <legend>{ctx.ui("diary_how_bad")}</legend>
                <p class="help">{ctx.ui("diary_how_bad_help")}</p>
                { radios("severity", severities) }
            </fieldset>
            <details class="more" open={editing}>
                <summary>{ctx.ui("diary_more")}</summary>
                <div class="options">
                    { check("woke", ctx.ui("diary_woke"), &woke) }
                    { check("numb", ctx.ui("diary_numb"), &numb) }
                </div>
                <label class="field" for={format!("{prefix}-activity")}>
                    <span class="label">{ctx.ui("diary_activity")}</span>
                    <input type="text" id={format!("{prefix}-activity")} maxlength="200"
                        value={(*activity).clone()} oninput={on_activity} />
                </label>
            </details>
            if let Some(e) = *error {
                <p class="field-error" role="alert">{match e {
                    FormError::Leg => ctx.ui("diary_error_leg"),
                    FormError::Time => ctx.ui("diary_error_time"),
                    FormError::Future => ctx.ui("diary_error_future"),
                }}</p>
            }
            <div class="nav-buttons">
                <button type="submit" class="button primary" data-action={if editing { "save-entry" } else { "log-cramp" }}>
                    {if editing { ctx.ui("diary_save") } else { ctx.ui("diary_log") }}
                </button>
                if let Some(cancel) = cancel {
                    <button type="button" class="button quiet" data-action="cancel-edit"
                        onclick={cancel.reform(|_: MouseEvent| ())}>
                        {ctx.ui("diary_cancel")}
                    </button>
                }
            </div>
        </form>
    }
}
