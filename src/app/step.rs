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
use super::drawings;
use super::layout::{button, progress, read_aloud};
use super::text::Ctx;
use crate::content::{embedded, Kind, Question};
use crate::engine::Value;
use crate::journey::{self, is_chosen, Action, State};
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
    // `hidden` (out of sight, of the tab order and of screen readers). Inserting
    // and removing them instead made Yew move or rebuild the neighbouring
    // questions, which drops keyboard focus.
    let questions = step.questions.iter().map(|q| {
        let is_shown = shown.contains(&&*q.id);
        let alert = s.ui.alert_after.as_deref() == Some(&*q.id);
        html! {
            <div class="q-block" key={&*q.id} hidden={!is_shown}>
                { question(ctx, q, answers.get(&q.id), missing.contains(&&*q.id), send) }
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
            <form class="step-form" onsubmit={onsubmit} novalidate=true>
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

/// One question as a native fieldset: legend, help, optional drawing, and radios or checkboxes.
/// Each input's `value` is the option id (`yes`, `no`, `not_sure` for the
/// yes/no kinds): a contract with the automated checks.
fn question(
    ctx: &Ctx,
    q: &Question,
    answer: Option<&Value>,
    missing: bool,
    send: &Callback<Action>,
) -> Html {
    let multi = q.kind == Kind::Multi;
    let help_id = format!("help-{}", q.id);
    let err_id = format!("err-{}", q.id);
    let mut described = Vec::new();
    if q.help.is_some() {
        described.push(help_id.clone());
    }
    if missing {
        described.push(err_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let options = q.values().into_iter().map(|value| {
        let id = input_id(&q.id, value);
        let checked = is_chosen(answer, value);
        let onchange = {
            let (question, option) = (q.id.to_string(), value.to_string());
            send.reform(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                Action::Choose {
                    question: question.clone(),
                    option: option.clone(),
                    checked: input.checked(),
                }
            })
        };
        let drawing = q.option(value).and_then(|o| o.drawing);
        html! {
            <label class={classes!("option", checked.then_some("chosen"), drawing.is_some().then_some("with-drawing"))} for={id.clone()}>
                <input type={if multi { "checkbox" } else { "radio" }} name={q.id.to_string()} id={id}
                    value={value.to_string()} checked={checked} aria-describedby={described.clone()}
                    onchange={onchange} />
                <span class="option-label">{ctx.value_label(q, value)}</span>
                { drawing.map(|d| drawings::figure(ctx, d, "option-drawing")).unwrap_or_default() }
            </label>
        }
    });
    html! {
        <fieldset class={classes!("question", missing.then_some("missing"))} id={format!("q-{}", q.id)}
            data-question={q.id.to_string()}>
            <legend>{ctx.t(&q.text)}</legend>
            if let Some(help) = &q.help {
                <p class="help" id={help_id}>{ctx.t(help)}</p>
            }
            { q.drawing.map(|d| drawings::figure(ctx, d, "drawing")).unwrap_or_default() }
            if missing {
                <p class="field-error" id={err_id}>{ctx.ui("error_answer_this")}</p>
            }
            <div class="options">{ for options }</div>
        </fieldset>
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
