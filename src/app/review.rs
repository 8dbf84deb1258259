//! The review of the answers before the result, step by step, each with a way back to change it.

use super::layout::{nav_button, progress};
use super::state::shown_steps;
use super::text::Ctx;
use crate::content::{embedded, Step};
use crate::engine::Answers;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub ctx: Ctx,
    pub answers: Answers,
    pub progress: (usize, usize),
    pub on_edit: Callback<usize>,
    pub on_next: Callback<()>,
    pub on_back: Callback<()>,
    pub on_restart: Callback<()>,
}

#[function_component(Review)]
pub fn review(props: &ReviewProps) -> Html {
    let ctx = &props.ctx;
    let content = embedded();
    let steps = shown_steps(content, &props.answers).into_iter().map(|i| {
        let step = &content.steps[i];
        let heading_id = format!("review-{}", step.id);
        let on_edit = props.on_edit.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_edit.emit(i));
        html! {
            <section class="review-step" aria-labelledby={heading_id.clone()}>
                <h2 id={heading_id.clone()}>{ctx.t(&step.title)}</h2>
                { answer_list(ctx, step, &props.answers) }
                <button
                    type="button"
                    class="button link-button"
                    data-action="edit"
                    data-edit-step={step.id.clone()}
                    aria-describedby={heading_id}
                    onclick={onclick}
                >
                    {ctx.ui("change_answers")}
                </button>
            </section>
        }
    });
    html! {
        <section class="screen review" data-step="review" aria-labelledby="screen-heading">
            { progress(ctx, props.progress) }
            <h1 id="screen-heading" tabindex="-1">{ctx.ui("review_title")}</h1>
            <p class="lead">{ctx.ui("review_intro")}</p>
            { for steps }
            <div class="nav-buttons">
                { nav_button("primary", "next", ctx.ui("see_result"), &props.on_next) }
                { nav_button("secondary", "back", ctx.ui("back"), &props.on_back) }
                { nav_button("quiet", "restart", ctx.ui("restart"), &props.on_restart) }
            </div>
        </section>
    }
}

/// The shown questions of a step and their answers ("not answered" when blank).
/// Also used by the printed summary.
pub fn answer_list(ctx: &Ctx, step: &Step, answers: &Answers) -> Html {
    let content = embedded();
    let rows = step
        .questions
        .iter()
        .filter(|q| answers.is_shown(content, &q.id))
        .map(|q| {
            let labels = ctx.answer_labels(q, answers.get(&q.id));
            html! {
                <div class="answer-row" data-answer={q.id.clone()}>
                    <dt>{ctx.t(&q.text)}</dt>
                    if labels.is_empty() {
                        <dd class="not-answered">{ctx.ui("not_answered")}</dd>
                    } else {
                        { for labels.into_iter().map(|l| html! { <dd>{l}</dd> }) }
                    }
                </div>
            }
        });
    html! { <dl class="answers">{ for rows }</dl> }
}
