//! The one-page summary for the doctor: hidden on screen, printed first (see styles/app.css).
//!
//! It repeats the result compactly and lists every answer, so the doctor sees
//! what the person said, not only what the self-check concluded.

use super::chart::weekly_chart;
use super::diary::findings;
use super::result::{tests_to_ask, told_lists};
use super::review::answer_list;
use super::text::Ctx;
use crate::content::embedded;
use crate::diary::summarize;
use crate::engine::Assessment;
use crate::journey::{self, State};
use yew::prelude::*;

/// Today's date in the person's language, as the browser writes it.
/// The month is written out ("21 November 2026", "2026年11月21日") because
/// "11/12" reads differently in different countries.
fn today(ctx: &Ctx) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [("year", "numeric"), ("month", "long"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    js_sys::Date::new_0()
        .to_locale_date_string(ctx.lang.tag(), &options)
        .into()
}

pub fn print_summary(ctx: &Ctx, s: &State, a: &Assessment) -> Html {
    let c = embedded();
    let answers = &s.journey.answers;
    let visible = answers.visible(c);
    let level_text = c.level_text(a.level);
    let tests = tests_to_ask(ctx, a);
    let row = |title: String, body: Html| {
        html! {
            <tr><th scope="row">{title}</th><td>{body}</td></tr>
        }
    };
    let spans = |items: Vec<String>| {
        html! {
            { for items.into_iter().map(|x| html! { <span class="dept">{x}</span> }) }
        }
    };
    html! {
        <div class="print-summary" data-summary="doctor">
            <h2>{ctx.ui("summary_title")}</h2>
            <p class="summary-note">{ctx.ui("summary_for_doctor")}</p>
            <table class="summary-table">
                <tbody>
                    { row(ctx.ui("summary_date"), html! { {today(ctx)} }) }
                    { row(ctx.ui("summary_level"), html! { <>
                        <strong>{ level_text.map(|l| ctx.t(&l.title)).unwrap_or_default() }</strong>
                        <span class="summary-when">
                            <span class="label">{ctx.ui("by_when")}</span>
                            <span>{ level_text.map(|l| ctx.t(&l.by_when)).unwrap_or_default() }</span>
                        </span>
                    </> }) }
                    { row(ctx.ui("departments_title"), spans(a.departments.iter().filter_map(|d| c.department(d)).map(|d| ctx.t(&d.name)).collect())) }
                    { row(ctx.ui("patterns_title"), if a.patterns.is_empty() {
                        html! { {ctx.ui("patterns_none")} }
                    } else {
                        spans(a.patterns.iter().filter_map(|p| c.pattern(p)).map(|p| ctx.t(&p.name)).collect())
                    }) }
                    { for told_lists(ctx, &visible).into_iter().map(|(label, chosen)| row(label, if chosen.is_empty() {
                        html! { {ctx.ui("summary_none_chosen")} }
                    } else {
                        spans(chosen)
                    })) }
                    if !tests.is_empty() {
                        { row(ctx.ui("tests_to_ask_title"), spans(tests)) }
                    }
                </tbody>
            </table>
            <h3>{ctx.ui("reasons_title")}</h3>
            if a.reasons.is_empty() {
                <p>{ctx.ui("reasons_none")}</p>
            } else {
                <ol class="summary-reasons">
                    { for a.reasons.iter().filter_map(|r| c.rule(&r.rule)).map(|r| html! {
                        <li>{ctx.t(&r.reason)}</li>
                    }) }
                </ol>
            }
            <h3>{ctx.ui("summary_answers")}</h3>
            <div class="summary-answers">
                { for journey::shown_steps(c, answers).into_iter().map(|i| html! {
                    <div class="summary-step">
                        <h4>{ctx.t(&c.steps[i].title)}</h4>
                        { answer_list(ctx, &c.steps[i], answers) }
                    </div>
                }) }
            </div>
            if !s.diary.entries.is_empty() {
                <h3>{ctx.ui("diary_title")}</h3>
                {{
                    let (ms, off) = super::effects::now();
                    let sum = summarize(&s.diary.entries, ms, off);
                    html! { <>{ findings(ctx, &sum) }{ weekly_chart(ctx, &sum) }</> }
                }}
            }
            <p class="summary-note">{ctx.ui("not_diagnosis")}</p>
        </div>
    }
}
