//! The one-page summary for the doctor: hidden on screen, the only thing printed (see styles/app.css).
//!
//! It repeats the result compactly and lists every answer, so the doctor sees
//! what the person said, not only what the self-check concluded.

use super::chart::weekly_chart;
use super::diary::{findings, now};
use super::result::chosen_options;
use super::review::answer_list;
use super::state::shown_steps;
use super::text::Ctx;
use crate::content::embedded;
use crate::diary::{summarize, Entry};
use crate::engine::{Answers, Assessment};
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

pub fn print_summary(ctx: &Ctx, answers: &Answers, a: &Assessment, diary: &[Entry]) -> Html {
    let content = embedded();
    let level_text = content.level_text(a.level);
    // The questions the files mark `tell_doctor`, with what was chosen in each.
    let told: Vec<(String, Vec<String>)> = content
        .questions()
        .filter_map(|q| {
            let label = q.tell_doctor.as_ref()?;
            let chosen = chosen_options(answers, &q.id)
                .iter()
                .map(|v| ctx.value_label(q, v))
                .collect();
            Some((ctx.t(label), chosen))
        })
        .collect();
    html! {
        <div class="print-summary" data-summary="doctor">
            <h2>{ctx.ui("summary_title")}</h2>
            <p class="summary-note">{ctx.ui("summary_for_doctor")}</p>
            <table class="summary-table">
                <tbody>
                    <tr>
                        <th scope="row">{ctx.ui("summary_date")}</th>
                        <td>{today(ctx)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{ctx.ui("summary_level")}</th>
                        <td>
                            <strong>{ level_text.map(|l| ctx.t(&l.title)).unwrap_or_default() }</strong>
                            <span class="summary-when">
                                <span class="label">{ctx.ui("by_when")}</span>
                                <span>{ level_text.map(|l| ctx.t(&l.by_when)).unwrap_or_default() }</span>
                            </span>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">{ctx.ui("departments_title")}</th>
                        <td>
                            { for a.departments.iter().filter_map(|d| content.department(d)).map(|d| html! {
                                <span class="dept">{ctx.t(&d.name)}</span>
                            }) }
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">{ctx.ui("patterns_title")}</th>
                        <td>
                            if a.patterns.is_empty() {
                                {ctx.ui("patterns_none")}
                            }
                            { for a.patterns.iter().filter_map(|p| content.pattern(p)).map(|p| html! {
                                <span class="dept">{ctx.t(&p.name)}</span>
                            }) }
                        </td>
                    </tr>
                    { for told.into_iter().map(|(label, chosen)| html! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td>
                                if chosen.is_empty() {
                                    {ctx.ui("summary_none_chosen")}
                                }
                                { for chosen.into_iter().map(|m| html! { <span class="dept">{m}</span> }) }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <h3>{ctx.ui("reasons_title")}</h3>
            if a.reasons.is_empty() {
                <p>{ctx.ui("reasons_none")}</p>
            } else {
                <ol class="summary-reasons">
                    { for a.reasons.iter().filter_map(|r| content.rule(&r.rule)).map(|r| html! {
                        <li>{ctx.t(&r.reason)}</li>
                    }) }
                </ol>
            }
            <h3>{ctx.ui("summary_answers")}</h3>
            <div class="summary-answers">
                { for shown_steps(content, answers).into_iter().map(|i| html! {
                    <div class="summary-step">
                        <h4>{ctx.t(&content.steps[i].title)}</h4>
                        { answer_list(ctx, &content.steps[i], answers) }
                    </div>
                }) }
            </div>
            if !diary.is_empty() {
                <h3>{ctx.ui("diary_title")}</h3>
                {{
                    let (ms, off) = now();
                    let s = summarize(diary, ms, off);
                    html! { <>{ findings(ctx, &s) }{ weekly_chart(ctx, &s) }</> }
                }}
            }
            <p class="summary-note">{ctx.ui("not_diagnosis")}</p>
        </div>
    }
}
