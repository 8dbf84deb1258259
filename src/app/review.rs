//! The review of the answers before the result, step by step, each with a way back to change it.

use super::layout::{button, progress, raw};
use super::text::Ctx;
use crate::content::embedded;
use crate::journey::{self, Action, State};
use cramp_core::view;
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
                { raw(view::answer_list(c, ctx.words(), step, answers)) }
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
