//! The introduction: what the self-check is and is not, that nothing leaves the device, and Start.

use super::alerts::call_link;
use super::text::Ctx;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IntroProps {
    pub ctx: Ctx,
    pub on_start: Callback<()>,
}

#[function_component(Intro)]
pub fn intro(props: &IntroProps) -> Html {
    let ctx = &props.ctx;
    let onclick = props.on_start.reform(|_: MouseEvent| ());
    html! {
        <section class="screen intro" data-step="intro" aria-labelledby="screen-heading">
            <h1 id="screen-heading" tabindex="-1">{ctx.ui("intro_title")}</h1>
            <p class="lead">{ctx.ui("intro_what")}</p>
            <ul class="plain-list intro-points">
                <li>{ctx.ui("intro_how")}</li>
                <li>{ctx.ui("intro_time")}</li>
                <li>{ctx.ui("intro_privacy")}</li>
            </ul>
            <div class="notice">
                <h2>{ctx.ui("intro_not_title")}</h2>
                <p>{ctx.ui("intro_not")}</p>
            </div>
            <div class="notice danger">
                <p>{ctx.ui("intro_emergency")}</p>
                { call_link(ctx) }
            </div>
            <div class="nav-buttons">
                <button type="button" class="button primary" data-action="start" onclick={onclick}>
                    {ctx.ui("start")}
                </button>
            </div>
        </section>
    }
}
