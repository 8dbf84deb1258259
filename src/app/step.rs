//! One questionnaire step: its heading, the questions that apply, the emergency alert, Next and Back.
//!
//! On the emergency step, Next with questions unanswered shows an error summary
//! whose links lead to each unanswered question: those questions are never
//! skipped silently.

use super::alerts::EmergencyAlert;
use super::layout::progress;
use super::question::{container_id, input_id, QuestionView};
use super::text::Ctx;
use crate::content::Step;
use crate::engine::Answers;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StepProps {
    pub ctx: Ctx,
    pub step: &'static Step,
    pub answers: Answers,
    /// `(position, total)` for the progress indicator.
    pub progress: (usize, usize),
    /// Unanswered questions to mark (only ever the emergency step's).
    pub missing: Vec<&'static str>,
    /// The question after which the emergency alert is shown, if any.
    pub alert_after: Option<String>,
    /// Questions whose answer the cramp diary filled in.
    pub from_diary: Vec<String>,
    pub on_choose: Callback<(String, String, bool)>,
    pub on_next: Callback<()>,
    pub on_back: Callback<()>,
    pub on_result: Callback<()>,
}

#[function_component(StepView)]
pub fn step_view(props: &StepProps) -> Html {
    let ctx = &props.ctx;
    let step = props.step;
    let content = crate::content::embedded();
    let onsubmit = props.on_next.reform(|e: SubmitEvent| e.prevent_default());
    let onback = props.on_back.reform(|_: MouseEvent| ());

    // Every question of the step is always in the page, those that do not apply
    // `hidden` (out of sight, of the tab order and of screen readers). Inserting
    // and removing them instead made Yew move or rebuild the neighbouring
    // questions, which drops keyboard focus and can let the browser's radio-group
    // rules uncheck answers behind the reducer's back. (The step itself is keyed
    // in `App`, so a new step never reuses the last one's inputs.)
    let questions = step.questions.iter().map(|q| {
        let shown = props.answers.is_shown(content, &q.id);
        let alert = (props.alert_after.as_deref() == Some(q.id.as_ref())).then(|| {
            html! { <EmergencyAlert ctx={ctx.clone()} on_result={props.on_result.clone()} /> }
        });
        html! {
                <div class="q-block" key={&*q.id} hidden={!shown}>
                    <QuestionView
                        ctx={ctx.clone()}
                        question={q}
                        answer={props.answers.get(&q.id).cloned()}
                        missing={props.missing.contains(&q.id.as_ref())}
                        on_choose={props.on_choose.clone()}
                    />
                    if props.from_diary.iter().any(|x| *x == q.id) {
                        <p class="from-diary" data-from-diary={&*q.id}>{ctx.ui("from_diary_note")}</p>
                    }
                    { alert.unwrap_or_default() }
                </div>
        }
    });

    html! {
        <section class="screen step" data-step={step.id.clone()} aria-labelledby="screen-heading">
            { progress(ctx, props.progress) }
            <h1 id="screen-heading" tabindex="-1">{ctx.t(&step.title)}</h1>
            if let Some(intro) = &step.intro {
                <p class="lead">{ctx.t(intro)}</p>
            }
            if !props.missing.is_empty() {
                { error_summary(ctx, &props.missing) }
            }
            <form class="step-form" onsubmit={onsubmit} novalidate=true>
                { for questions }
                <div class="nav-buttons">
                    <button type="submit" class="button primary" data-action="next">
                        {ctx.ui("next")}
                    </button>
                    <button type="button" class="button secondary" data-action="back" onclick={onback}>
                        {ctx.ui("back")}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The list of unanswered emergency questions, each a link that moves focus to the question.
fn error_summary(ctx: &Ctx, missing: &[&'static str]) -> Html {
    let content = crate::content::embedded();
    let items = missing.iter().filter_map(|id| {
        let q = content.question(id)?;
        let first = q.values().first().map(|v| input_id(id, v))?;
        let onclick = Callback::from(move |e: MouseEvent| {
            // Focus the first answer rather than follow the fragment: the URL stays clean
            // and keyboard users land where they can answer.
            e.prevent_default();
            if let Some(el) = gloo::utils::document().get_element_by_id(&first) {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
        Some(html! {
            <li><a href={format!("#{}", container_id(id))} onclick={onclick}>{ctx.t(&q.text)}</a></li>
        })
    });
    html! {
        <div class="error-summary" id="error-summary" tabindex="-1">
            <p class="error-title">{ctx.ui("error_summary_title")}</p>
            <ul>{ for items }</ul>
        </div>
    }
}
