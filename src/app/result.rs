//! The result: the level banner, what to do and by when, where, what the answers are consistent
//! with, why, what to tell the doctor, self-care with the stretches, and "get help at once if…".
//!
//! Everything shown comes from `engine::evaluate` and the content; the result
//! never names a diagnosis (patterns are "consistent with") and always says so.

use super::alerts::call_link;
use super::drawings;
use super::layout::nav_button;
use super::summary::print_summary;
use super::text::Ctx;
use crate::content::{embedded, Level};
use crate::diary::Entry;
use crate::engine::{evaluate, Answers, Assessment, Value};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultProps {
    pub ctx: Ctx,
    pub answers: Answers,
    /// The cramp diary (its chart and table go into the printed summary).
    pub diary: Rc<Vec<Entry>>,
    /// Answers the diary filled in: their reasons say so.
    pub from_diary: Vec<String>,
    pub on_back: Callback<()>,
    pub on_restart: Callback<()>,
    pub on_print: Callback<()>,
}

/// The options chosen in a multi-choice question, without "none".
pub fn chosen_options(answers: &Answers, question: &str) -> Vec<String> {
    let exclusive = embedded()
        .question(question)
        .and_then(|q| q.exclusive.clone());
    match answers.get(question) {
        Some(Value::Many(v)) => v
            .iter()
            .filter(|x| Some(x.as_str()) != exclusive.as_deref())
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

#[function_component(ResultView)]
pub fn result_view(props: &ResultProps) -> Html {
    let ctx = &props.ctx;
    let content = embedded();
    let a: Assessment = evaluate(content, &props.answers);
    let level = a.level;
    let level_text = content.level_text(level);
    let needs_call = matches!(level, Level::Emergency | Level::Urgent);
    // For the two most urgent levels home care is not the point: keep it, folded, below.
    let fold_self_care = needs_call;

    html! {
        <section class="screen result" data-step="result" data-level={level.id()}
            aria-labelledby="screen-heading">
            <h1 id="screen-heading" tabindex="-1">{ctx.ui("result_title")}</h1>
            <div class="no-print">
                <div class={classes!("banner", format!("level-{}", level.id()))}>
                    { drawings::level_icon(level) }
                    <div>
                        <p class="banner-title">
                            { level_text.map(|l| ctx.t(&l.title)).unwrap_or_default() }
                        </p>
                        <p class="banner-when">
                            <span class="label">{ctx.ui("by_when")}</span>
                            <strong>{ level_text.map(|l| ctx.t(&l.by_when)).unwrap_or_default() }</strong>
                        </p>
                    </div>
                </div>
                <p class="not-diagnosis">{ctx.ui("not_diagnosis")}</p>

                <section class="result-part" aria-labelledby="what-to-do">
                    <h2 id="what-to-do">{ctx.ui("what_to_do")}</h2>
                    <p>{ level_text.map(|l| ctx.t(&l.action)).unwrap_or_default() }</p>
                    if needs_call {
                        { call_link(ctx) }
                    }
                </section>

                if !a.departments.is_empty() {
                    <section class="result-part" aria-labelledby="where">
                        <h2 id="where">{ctx.ui("departments_title")}</h2>
                        <ul class="departments">
                            { for a.departments.iter().filter_map(|d| content.department(d)).map(|d| html! {
                                <li data-department={d.id.clone()}>{ctx.t(&d.name)}</li>
                            }) }
                        </ul>
                    </section>
                }

                { patterns(ctx, &a) }
                { reasons(ctx, &props.answers, &a, &props.from_diary) }
                { tell_doctor(ctx, &props.answers) }

                if fold_self_care {
                    <details class="result-part self-care">
                        <summary><h2 class="summary-heading">{ctx.ui("self_care_later")}</h2></summary>
                        { self_care(ctx) }
                    </details>
                } else {
                    <section class="result-part self-care" aria-labelledby="self-care">
                        <h2 id="self-care">{ctx.ui("self_care_title")}</h2>
                        { self_care(ctx) }
                    </section>
                }

                { safety_net(ctx) }
                <p class="not-diagnosis">{ctx.ui("not_diagnosis_end")}</p>

                <div class="nav-buttons">
                    { nav_button("primary", "print", ctx.ui("print"), &props.on_print) }
                    { nav_button("secondary", "back", ctx.ui("back_to_review"), &props.on_back) }
                    { nav_button("quiet", "restart", ctx.ui("restart"), &props.on_restart) }
                </div>
            </div>
            { print_summary(ctx, &props.answers, &a, &props.diary) }
        </section>
    }
}

fn patterns(ctx: &Ctx, a: &Assessment) -> Html {
    let content = embedded();
    let items = a
        .patterns
        .iter()
        .filter_map(|p| content.pattern(p))
        .map(|p| {
            html! {
                <li data-pattern={p.id.clone()}>
                    <p class="item-title">{ctx.t(&p.name)}</p>
                    <p>{ctx.t(&p.about)}</p>
                    if !p.departments.is_empty() {
                        <p class="who">
                            <span class="label">{ctx.ui("pattern_who")}</span>
                            { for p.departments.iter().filter_map(|d| content.department(d)).map(|d| html! {
                                <span class="dept">{ctx.t(&d.name)}</span>
                            }) }
                        </p>
                    }
                </li>
            }
        });
    html! {
        <section class="result-part" aria-labelledby="patterns">
            <h2 id="patterns">{ctx.ui("patterns_title")}</h2>
            if a.patterns.is_empty() {
                <p>{ctx.ui("patterns_none")}</p>
            } else {
                <p>{ctx.ui("patterns_intro")}</p>
                <ul class="cards">{ for items }</ul>
            }
        </section>
    }
}

/// Each fired rule's reason, with the answers that led to it.
fn reasons(ctx: &Ctx, given: &Answers, a: &Assessment, from_diary: &[String]) -> Html {
    let content = embedded();
    let items = a.reasons.iter().filter_map(|r| {
        let rule = content.rule(&r.rule)?;
        let answers = r.answers.iter().filter_map(|qid| {
            let q = content.question(qid)?;
            let labels = ctx.answer_labels(q, given.get(qid));
            Some(html! {
                <li>
                    <span class="q">{ctx.t(&q.text)}</span>
                    { for labels.into_iter().map(|l| html! { <strong class="a">{l}</strong> }) }
                </li>
            })
        });
        let diary = r.answers.iter().any(|q| from_diary.contains(q));
        Some(html! {
            <li data-reason={r.rule.clone()} class={format!("reason level-{}", rule.level.id())}>
                <p>{ctx.t(&rule.reason)}</p>
                if diary {
                    <p class="from-diary" data-from-diary="reason">{ctx.ui("from_diary_reason")}</p>
                }
                <p class="label">{ctx.ui("reason_answers")}</p>
                <ul class="reason-answers">{ for answers }</ul>
            </li>
        })
    });
    html! {
        <section class="result-part" aria-labelledby="reasons">
            <h2 id="reasons">{ctx.ui("reasons_title")}</h2>
            if a.reasons.is_empty() {
                <p>{ctx.ui("reasons_none")}</p>
            } else {
                <ol class="reasons">{ for items }</ol>
            }
        </section>
    }
}

/// What to tell the doctor: the medicines and conditions given, and never to stop a medicine.
fn tell_doctor(ctx: &Ctx, answers: &Answers) -> Html {
    let content = embedded();
    // The questions the files mark `tell_doctor`, with what was chosen in each.
    let lists: Vec<(String, Vec<String>)> = content
        .questions()
        .filter_map(|q| {
            let label = q.tell_doctor.as_ref()?;
            let chosen: Vec<String> = chosen_options(answers, &q.id)
                .iter()
                .map(|v| ctx.value_label(q, v))
                .collect();
            (!chosen.is_empty()).then(|| (ctx.t(label), chosen))
        })
        .collect();
    html! {
        <section class="result-part" aria-labelledby="tell-doctor">
            <h2 id="tell-doctor">{ctx.ui("tell_doctor_title")}</h2>
            <p>{ctx.ui("tell_doctor_intro")}</p>
            { for lists.into_iter().map(|(label, chosen)| html! { <>
                <p class="label">{label}</p>
                <ul>{ for chosen.into_iter().map(|m| html! { <li>{m}</li> }) }</ul>
            </> }) }
            <p>{ctx.ui("tell_doctor_all_medicines")}</p>
            <p class="important">{ctx.ui("do_not_stop_medicine")}</p>
        </section>
    }
}

/// Home care, then the three stretches of seed 000 Table 3 with their drawings.
fn self_care(ctx: &Ctx) -> Html {
    let content = embedded();
    html! {
        <>
            <ul class="cards">
                { for content.self_care.iter().map(|a| html! {
                    <li data-advice={a.id.clone()}>
                        <p class="item-title">{ctx.t(&a.title)}</p>
                        <p>{ctx.t(&a.text)}</p>
                    </li>
                }) }
            </ul>
            <h3>{ctx.ui("stretches_title")}</h3>
            <p>{ctx.ui("stretches_intro")}</p>
            <ol class="stretches">
                { for content.stretches.iter().map(|s| html! {
                    <li data-stretch={s.id.clone()}>
                        <figure class="drawing">
                            { drawings::stretch(ctx, s.drawing).unwrap_or_default() }
                            <figcaption class="item-title">{ctx.t(&s.title)}</figcaption>
                        </figure>
                        <p>{ctx.t(&s.text)}</p>
                    </li>
                }) }
            </ol>
        </>
    }
}

/// "Get help at once if…": shown with every result.
fn safety_net(ctx: &Ctx) -> Html {
    let content = embedded();
    html! {
        <section class="result-part safety-net" aria-labelledby="safety-net" data-safety-net="">
            <h2 id="safety-net">{ctx.ui("safety_net_title")}</h2>
            <ul class="cards">
                { for content.safety_net.iter().map(|a| html! {
                    <li data-advice={a.id.clone()}>
                        <p class="item-title">{ctx.t(&a.title)}</p>
                        <p>{ctx.t(&a.text)}</p>
                    </li>
                }) }
            </ul>
            { call_link(ctx) }
        </section>
    }
}
