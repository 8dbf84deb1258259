//! The introduction: what the self-check is and is not, that nothing leaves the device, and Start.
//!
//! The same markup is prerendered into index.html by the core
//! (`cramp_core::prerender`), so the widget takes it over without a jump.

use super::alerts::call_link;
use super::layout::button;
use super::text::Ctx;
use crate::journey::Action;
use yew::prelude::*;

pub fn view(ctx: &Ctx, send: &Callback<Action>) -> Html {
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
                { button("primary", "start", ctx.ui("start"), send, || Action::Start) }
            </div>
        </section>
    }
}
