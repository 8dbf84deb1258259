//! The result. The first screen holds what matters: the level banner, what to
//! do and by when, where, and the call link when it applies. Everything else
//! sits in native `<details>` sections (opened for printing): why, what the
//! answers are consistent with, what to tell the doctor and which tests to ask
//! about, home care with the stretches. "Get help at once if…" follows, open.
//!
//! Everything shown comes from `engine::evaluate` (through the journey's
//! `State::assessment`) and the content; the result never names a diagnosis
//! (patterns are "consistent with") and always says so.

use super::alerts::call_link;
use super::drawings;
use super::layout::{button, read_aloud};
use super::summary::print_summary;
use super::text::Ctx;
use crate::content::{embedded, Advice, Level};
use crate::engine::{Answers, Assessment, Value};
use crate::journey::{Action, State};
use yew::prelude::*;

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

/// A folded section of the result, open when printed.
fn part(id: &'static str, title: String, body: Html) -> Html {
    html! {
        <details class="result-part" data-part={id}>
            <summary><h2 class="summary-heading" id={format!("part-{id}")}>{title}</h2></summary>
            <div class="part-body">{ body }</div>
        </details>
    }
}

pub fn view(ctx: &Ctx, s: &State, send: &Callback<Action>) -> Html {
    let c = embedded();
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
                { part("why", ctx.ui("reasons_title"), reasons(ctx, &visible, &a, &s.journey.from_diary)) }
                { part("patterns", ctx.ui("patterns_title"), patterns(ctx, &a)) }
            </div>
            { part("tell-doctor", ctx.ui("tell_doctor_title"), tell_doctor(ctx, &visible, &a)) }
            { part(
                "self-care",
                if needs_call { ctx.ui("self_care_later") } else { ctx.ui("self_care_title") },
                self_care(ctx, &visible),
            ) }
            { safety_net(ctx) }
            <p class="not-diagnosis">{ctx.ui("not_diagnosis_end")}</p>

            <div class="nav-buttons no-print">
                { button("primary", "print", ctx.ui("print"), send, || Action::Print) }
                { button("secondary", "back", ctx.ui("back_to_review"), send, || Action::Back) }
                { button("quiet", "restart", ctx.ui("restart"), send, || Action::Restart) }
            </div>
            { print_summary(ctx, s, &a) }
        </section>
    }
}

fn patterns(ctx: &Ctx, a: &Assessment) -> Html {
    let c = embedded();
    let items = a.patterns.iter().filter_map(|p| c.pattern(p)).map(|p| {
        html! {
            <li data-pattern={p.id.to_string()}>
                <p class="item-title">{ctx.t(&p.name)}</p>
                <p>{ctx.t(&p.about)}</p>
                if !p.departments.is_empty() {
                    <p class="who">
                        <span class="label">{ctx.ui("pattern_who")}</span>
                        { for p.departments.iter().filter_map(|d| c.department(d)).map(|d| html! {
                            <span class="dept">{ctx.t(&d.name)}</span>
                        }) }
                    </p>
                }
            </li>
        }
    });
    if a.patterns.is_empty() {
        html! { <p>{ctx.ui("patterns_none")}</p> }
    } else {
        html! { <><p>{ctx.ui("patterns_intro")}</p><ul class="cards">{ for items }</ul></> }
    }
}

/// Each fired rule's reason, with the answers that led to it.
fn reasons(ctx: &Ctx, given: &Answers, a: &Assessment, from_diary: &[String]) -> Html {
    let c = embedded();
    if a.reasons.is_empty() {
        return html! { <p>{ctx.ui("reasons_none")}</p> };
    }
    let items = a.reasons.iter().filter_map(|r| {
        let rule = c.rule(&r.rule)?;
        let answers = r.answers.iter().filter_map(|qid| {
            let q = c.question(qid)?;
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
    html! { <ol class="reasons">{ for items }</ol> }
}

/// The `tell_doctor` lists of the question files with what was chosen, and the
/// tests to ask about for the patterns found (each citing its seed).
pub fn told_lists(ctx: &Ctx, answers: &Answers) -> Vec<(String, Vec<String>)> {
    embedded()
        .questions()
        .filter_map(|q| {
            let label = q.tell_doctor.as_ref()?;
            let chosen = chosen_options(answers, &q.id)
                .iter()
                .map(|v| ctx.value_label(q, v))
                .collect();
            Some((ctx.t(label), chosen))
        })
        .collect()
}

/// The tests to ask about for the patterns of `a`.
pub fn tests_to_ask(ctx: &Ctx, a: &Assessment) -> Vec<String> {
    embedded()
        .tests_to_ask
        .iter()
        .filter(|t| {
            t.patterns
                .iter()
                .any(|p| a.patterns.iter().any(|x| *x == **p))
        })
        .map(|t| ctx.t(&t.text))
        .collect()
}

fn tell_doctor(ctx: &Ctx, answers: &Answers, a: &Assessment) -> Html {
    let tests = tests_to_ask(ctx, a);
    html! {
        <>
            <p>{ctx.ui("tell_doctor_intro")}</p>
            { for told_lists(ctx, answers).into_iter().filter(|(_, chosen)| !chosen.is_empty()).map(|(label, chosen)| html! { <>
                <p class="label">{label}</p>
                <ul>{ for chosen.into_iter().map(|m| html! { <li>{m}</li> }) }</ul>
            </> }) }
            if !tests.is_empty() {
                <p class="label">{ctx.ui("tests_to_ask_title")}</p>
                <ul class="tests-to-ask" data-tests="">{ for tests.into_iter().map(|t| html! { <li>{t}</li> }) }</ul>
            }
            <p>{ctx.ui("tell_doctor_all_medicines")}</p>
            <p class="important">{ctx.ui("do_not_stop_medicine")}</p>
        </>
    }
}

/// The stretches in the order to show them: those whose `first_if` holds first.
fn stretches_in_order<'c>(list: &'c [Advice], answers: &Answers) -> Vec<&'c Advice> {
    let first = |a: &Advice| a.first_if.iter().any(|c| answers.holds(c));
    let mut out: Vec<&Advice> = list.iter().filter(|a| first(a)).collect();
    out.extend(list.iter().filter(|a| !first(a)));
    out
}

/// Home care, then the three stretches of seed 000 Table 3 with their drawings.
fn self_care(ctx: &Ctx, answers: &Answers) -> Html {
    let c = embedded();
    let caution = |a: &Advice| {
        a.caution
            .as_ref()
            .filter(|_| a.caution_if.is_empty() || a.caution_if.iter().any(|x| answers.holds(x)))
            .map(|t| html! { <p class="caution" data-caution="">{ctx.t(t)}</p> })
    };
    html! {
        <>
            <ul class="cards">
                { for c.self_care.iter().map(|a| html! {
                    <li data-advice={a.id.to_string()}>
                        <p class="item-title">{ctx.t(&a.title)}</p>
                        <p>{ctx.t(&a.text)}</p>
                        { caution(a).unwrap_or_default() }
                    </li>
                }) }
            </ul>
            <h3>{ctx.ui("stretches_title")}</h3>
            <p>{ctx.ui("stretches_intro")}</p>
            <ol class="stretches">
                { for stretches_in_order(&c.stretches, answers).into_iter().map(|s| html! {
                    <li data-stretch={s.id.to_string()}>
                        <figure class="drawing">
                            { s.drawing.map(|d| drawings::svg(ctx, d)).unwrap_or_default() }
                            <figcaption class="item-title">{ctx.t(&s.title)}</figcaption>
                        </figure>
                        { caution(s).unwrap_or_default() }
                        <p>{ctx.t(&s.text)}</p>
                    </li>
                }) }
            </ol>
        </>
    }
}

/// "Get help at once if…": shown with every result.
fn safety_net(ctx: &Ctx) -> Html {
    let c = embedded();
    html! {
        <section class="result-part safety-net" aria-labelledby="safety-net" data-safety-net="">
            <h2 id="safety-net">{ctx.ui("safety_net_title")}</h2>
            <ul class="cards">
                { for c.safety_net.iter().map(|a| html! {
                    <li data-advice={a.id.to_string()}>
                        <p class="item-title">{ctx.t(&a.title)}</p>
                        <p>{ctx.t(&a.text)}</p>
                    </li>
                }) }
            </ul>
            { call_link(ctx) }
        </section>
    }
}
