//! The introduction: what the self-check is and is not, that nothing leaves the device, and Start.
//!
//! The same markup is prerendered into index.html by the core
//! (`cramp_core::prerender`), so the widget takes it over without a jump.

use super::layout::{button, raw};
use super::text::Ctx;
use crate::journey::Action;
use yew::prelude::*;

pub fn view(ctx: &Ctx, send: &Callback<Action>) -> Html {
    html! {
        <section class="screen intro" data-step="intro" aria-labelledby="screen-heading">
            <h1 id="screen-heading" tabindex="-1">{ctx.ui("intro_title")}</h1>
            { raw(cramp_core::view::intro_text(crate::content::embedded(), ctx.words())) }
            <div class="nav-buttons">
                { button("primary", "start", ctx.ui("start"), send, || Action::Start) }
            </div>
        </section>
    }
}
