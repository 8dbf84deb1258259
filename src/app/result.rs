//! The result. The first screen holds what matters: the level banner, what to
//! do and by when, where, and the call link when it applies. Everything else
//! sits in native `<details>` sections (opened for printing): why, what the
//! answers are consistent with, what to tell the doctor and which tests to ask
//! about, home care with the stretches. "Get help at once if…" follows, open.
//!
//! Everything shown comes from `engine::evaluate` (through the journey's
//! `State::assessment`) and the content; the sections are the core's HTML
//! (`cramp_core::view`). The result never names a diagnosis (patterns are
//! "consistent with") and always says so.

use super::alerts::call_link;
use super::drawings;
use super::layout::{button, raw, read_aloud};
use super::text::Ctx;
use crate::content::{embedded, Level};
use crate::journey::{Action, State};
use cramp_core::view;
use yew::prelude::*;

/// A folded section of the result, open when printed.
fn part(id: &'static str, title: String, body: String) -> Html {
    html! {
        <details class="result-part" data-part={id}>
            <summary><h2 class="summary-heading" id={format!("part-{id}")}>{title}</h2></summary>
            <div class="part-body">{ raw(body) }</div>
        </details>
    }
}

pub fn view(ctx: &Ctx, s: &State, send: &Callback<Action>) -> Html {
    let c = embedded();
    let w = ctx.words();
    let a = s.assessment(c);
    let visible = s.journey.answers.visible(c);
    let level = a.level;
    let level_text = c.level_text(level);
    let needs_call = matches!(level, Level::Emergency | Level::Urgent);
    let departments: Vec<Html> = a
        .departments
        .iter()
        .filter_map(|d| c.department(d))
        .map(|d| html! { <li data-department={d.id.to_string()}>{ctx.t(&d.name)}</li> })
        .collect();
    let date = super::effects::today(ctx.lang);
    let diary = (!s.diary.entries.is_empty()).then(|| {
        let (ms, off) = super::effects::now();
        cramp_core::diary::summarize(&s.diary.entries, ms, off)
    });
    html! {
        <section class="screen result" data-step="result" data-level={level.id()}
            aria-labelledby="screen-heading">
            <div class="no-print result-first">
                <div class={classes!("banner", format!("level-{}", level.id()))}>
                    { drawings::level_icon(level) }
                    <div>
                        <h1 id="screen-heading" class="banner-title" tabindex="-1">
                            { level_text.map(|l| ctx.t(&l.title)).unwrap_or_default() }
                        </h1>
                        <p class="banner-when">
                            <span class="label">{ctx.ui("by_when")}</span>
                            <strong>{ level_text.map(|l| ctx.t(&l.by_when)).unwrap_or_default() }</strong>
                        </p>
                    </div>
                </div>
                <p class="result-action" data-part="what-to-do">
                    { level_text.map(|l| ctx.t(&l.action)).unwrap_or_default() }
                </p>
                if needs_call {
                    { call_link(ctx) }
                }
                if !departments.is_empty() {
                    <div class="where">
                        <h2 class="where-title">{ctx.ui("departments_title")}</h2>
                        <ul class="departments">{ for departments }</ul>
                    </div>
                }
                { read_aloud(ctx, s.ui.speech, send) }
                <p class="not-diagnosis">{ctx.ui("not_diagnosis")}</p>
            </div>

            <div class="no-print">
                { part("why", ctx.ui("reasons_title"), view::reasons(c, w, &visible, &a, &s.journey.from_diary)) }
                { part("patterns", ctx.ui("patterns_title"), view::patterns(c, w, &a)) }
            </div>
            { part("tell-doctor", ctx.ui("tell_doctor_title"), view::tell_doctor(c, w, &visible, &a)) }
            { part(
                "self-care",
                if needs_call { ctx.ui("self_care_later") } else { ctx.ui("self_care_title") },
                view::self_care(c, w, &visible),
            ) }
            { raw(view::safety_net(c, w)) }
            <p class="not-diagnosis">{ctx.ui("not_diagnosis_end")}</p>

            <div class="nav-buttons no-print">
                { button("primary", "print", ctx.ui("print"), send, || Action::Print) }
                { button("secondary", "back", ctx.ui("back_to_review"), send, || Action::Back) }
                { button("quiet", "restart", ctx.ui("restart"), send, || Action::Restart) }
            </div>
            { raw(view::summary(c, w, &s.journey.answers, &a, &date, diary.as_ref())) }
        </section>
    }
}
