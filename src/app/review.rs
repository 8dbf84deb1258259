//! The review of the answers before the result, step by step, each with a way back to change it.

use super::layout::{button, progress};
use super::text::Ctx;
use crate::content::{embedded, Step};
use crate::engine::Answers;
use crate::journey::{self, Action, State};
use yew::prelude::*;

pub fn view(ctx: &Ctx, s: &State, send: &Callback<Action>) -> Html {
    let c = embedded();
    let answers = &s.journey.answers;
    let steps = journey::shown_steps(c, answers).into_iter().map(|i| {
        let step = &c.steps[i];
        let heading_id = format!("review-{}", step.id);
        html! {
            <section class="review-step" aria-labelledby={heading_id.clone()}>
                <h2 id={heading_id.clone()}>{ctx.t(&step.title)}</h2>
                { answer_list(ctx, step, answers) }
                <button type="button" class="button link-button" data-action="edit"
                    data-edit-step={step.id.to_string()} aria-describedby={heading_id}
                    onclick={send.reform(move |_: MouseEvent| Action::Edit(i))}>
                    {ctx.ui("change_answers")}
                </button>
            </section>
        }
    });
    html! {
        <section class="screen review" data-step="review" aria-labelledby="screen-heading">
            { progress(ctx, journey::progress(c, answers, s.journey.screen).unwrap_or((1, 1))) }
            <h1 id="screen-heading" tabindex="-1">{ctx.ui("review_title")}</h1>
            <p class="lead">{ctx.ui("review_intro")}</p>
            { for steps }
            <div class="nav-buttons">
                { button("primary", "next", ctx.ui("see_result"), send, || Action::Next) }
                { button("secondary", "back", ctx.ui("back"), send, || Action::Back) }
                { button("quiet", "restart", ctx.ui("restart"), send, || Action::Restart) }
            </div>
        </section>
    }
}

/// The shown questions of a step and their answers ("not answered" when blank).
/// Also used by the printed summary.
pub fn answer_list(ctx: &Ctx, step: &Step, answers: &Answers) -> Html {
    let c = embedded();
    let shown = answers.shown(c);
    let visible = answers.visible(c);
    let rows = step
        .questions
        .iter()
        .filter(|q| shown.contains(&&*q.id))
        .map(|q| {
            let labels = ctx.answer_labels(q, visible.get(&q.id));
            html! {
                <div class="answer-row" data-answer={q.id.to_string()}>
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
