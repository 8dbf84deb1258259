//! One questionnaire step: its heading, read aloud, the questions that apply
//! (native fieldsets with radios or checkboxes), the alerts raised on this
//! step, Next and Back.
//!
//! On the emergency step, Next with questions unanswered shows an error summary
//! whose links lead to each unanswered question: those questions are never
//! skipped silently. The emergency step's markup is also prerendered into
//! index.html by the core (`cramp_core::prerender`); the two must agree, which
//! the end-to-end take-over test measures.

use super::alerts::{emergency_alert, same_day_notice};
use super::layout::{button, progress, raw, read_aloud};
use super::text::Ctx;
use crate::content::embedded;
use crate::journey::{self, is_chosen, Action, State};
use cramp_core::view;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub fn view(ctx: &Ctx, s: &State, i: usize, send: &Callback<Action>) -> Html {
    let c = embedded();
    let step = &c.steps[i];
    let answers = &s.journey.answers;
    let missing = if i == 0 && s.ui.show_missing {
        journey::missing_emergency(c, answers)
    } else {
        Vec::new()
    };
    let shown = answers.shown(c);
    let amber = journey::amber_notices(c, answers);
    let onsubmit = send.reform(|e: SubmitEvent| {
        e.prevent_default();
        Action::Next
    });

    // Every question of the step is always in the page, those that do not apply
    // `hidden` (out of sight, of the tab order and of screen readers). Each
    // question's markup is the core's (`view::question`, the same as the
    // prerendered page) and does not change while a person answers: the
    // inputs stay the same nodes and keep their focus; their state is set
    // from the answers after each render (`sync_inputs`), and one listener on
    // the form turns every change into an action.
    let w = ctx.words();
    let questions = step.questions.iter().map(|q| {
        let is_shown = shown.contains(&&*q.id);
        let alert = s.ui.alert_after.as_deref() == Some(&*q.id);
        html! {
            <div class="q-block" key={&*q.id} hidden={!is_shown}>
                { raw(view::question(c, w, q, missing.contains(&&*q.id))) }
                if s.journey.from_diary.iter().any(|x| *x == q.id) {
                    <p class="from-diary" data-from-diary={q.id.to_string()}>{ctx.ui("from_diary_note")}</p>
                }
                if alert {
                    { emergency_alert(ctx, send) }
                }
                { for amber.iter().filter(|(_, after)| *after == q.id).map(|(r, _)| same_day_notice(ctx, r)) }
            </div>
        }
    });
    let onchange = send.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Action::Choose {
            question: input.name(),
            option: input.value(),
            checked: input.checked(),
        }
    });

    html! {
        // A new step is a new form: the key stops Yew reusing the last one's inputs.
        <section key={step.id.to_string()} class="screen step" data-step={step.id.to_string()}
            aria-labelledby="screen-heading">
            { progress(ctx, journey::progress(c, answers, s.journey.screen).unwrap_or((1, 1))) }
            <h1 id="screen-heading" tabindex="-1">{ctx.t(&step.title)}</h1>
            { read_aloud(ctx, s.ui.speech, send) }
            if let Some(intro) = &step.intro {
                <p class="lead">{ctx.t(intro)}</p>
            }
            if !missing.is_empty() {
                { error_summary(ctx, &missing) }
            }
            <form class="step-form" onsubmit={onsubmit} onchange={onchange} novalidate=true>
                { for questions }
                <div class="nav-buttons">
                    <button type="submit" class="button primary" data-action="next">
                        {ctx.ui("next")}
                    </button>
                    { button("secondary", "back", ctx.ui("back"), send, || Action::Back) }
                </div>
            </form>
        </section>
    }
}

/// The id of an option's input: the first one is the target of error links.
pub fn input_id(question: &str, option: &str) -> String {
    format!("in-{question}-{option}")
}

/// Sets every input of the step's form from the answers (after a render):
/// checked or not, and its label's `chosen` look.
pub fn sync_inputs(s: &State) {
    let Ok(list) = gloo::utils::document().query_selector_all(".step-form input[name]") else {
        return;
    };
    let visible = &s.journey.answers;
    for i in 0..list.length() {
        let Some(input) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            continue;
        };
        let checked = is_chosen(visible.get(&input.name()), &input.value());
        if input.checked() != checked {
            input.set_checked(checked);
        }
        if let Some(label) = input.parent_element() {
            let _ = label.class_list().toggle_with_force("chosen", checked);
        }
    }
}

/// The list of unanswered emergency questions, each a link that moves focus to the question.
fn error_summary(ctx: &Ctx, missing: &[&str]) -> Html {
    let c = embedded();
    let items = missing.iter().filter_map(|id| {
        let q = c.question(id)?;
        let first = q.values().first().map(|v| input_id(id, v))?;
        let onclick = Callback::from(move |e: MouseEvent| {
            // Focus the first answer rather than follow the fragment: the URL
            // stays clean and keyboard users land where they can answer.
            e.prevent_default();
            super::effects::focus(&first);
        });
        Some(html! {
            <li><a href={format!("#q-{id}")} onclick={onclick}>{ctx.t(&q.text)}</a></li>
        })
    });
    html! {
        <div class="error-summary" id="error-summary" tabindex="-1">
            <p class="error-title">{ctx.ui("error_summary_title")}</p>
            <ul>{ for items }</ul>
        </div>
    }
}
