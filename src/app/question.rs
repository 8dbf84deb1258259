//! One question as a native fieldset: legend, help, optional drawing, and radios or checkboxes.
//!
//! Native inputs give keyboard use, labels and screen-reader semantics for free.
//! Each input's `value` is the option id (`yes`, `no`, `not_sure` for the yes/no
//! kinds): a contract with the automated checks.

use super::drawings;
use super::state::is_chosen;
use super::text::Ctx;
use crate::content::{Kind, Question};
use crate::engine::Value;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuestionProps {
    pub ctx: Ctx,
    pub question: &'static Question,
    pub answer: Option<Value>,
    /// Mark the question as needing an answer (emergency questions left blank).
    #[prop_or_default]
    pub missing: bool,
    /// `(question id, option id, checked)`.
    pub on_choose: Callback<(String, String, bool)>,
}

/// The id of a question's container, used by error links.
pub fn container_id(question: &str) -> String {
    format!("q-{question}")
}

/// The id of an option's input: the first one is the target of error links.
pub fn input_id(question: &str, option: &str) -> String {
    format!("in-{question}-{option}")
}

#[function_component(QuestionView)]
pub fn question_view(props: &QuestionProps) -> Html {
    let ctx = &props.ctx;
    let q = props.question;
    let multi = q.kind == Kind::Multi;
    let help_id = format!("help-{}", q.id);
    let err_id = format!("err-{}", q.id);
    let mut described = Vec::new();
    if q.help.is_some() {
        described.push(help_id.clone());
    }
    if props.missing {
        described.push(err_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));

    let options = q.values().into_iter().map(|value| {
        let id = input_id(&q.id, value);
        let checked = is_chosen(props.answer.as_ref(), value);
        let onchange = {
            let on_choose = props.on_choose.clone();
            let qid = q.id.clone();
            let value = value.to_string();
            Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                on_choose.emit((qid.to_string(), value.to_string(), input.checked()));
            })
        };
        html! {
            <label class={classes!("option", checked.then_some("chosen"))} for={id.clone()}>
                <input
                    type={if multi { "checkbox" } else { "radio" }}
                    name={q.id.clone()}
                    id={id}
                    value={value.to_string()}
                    checked={checked}
                    aria-describedby={described.clone()}
                    onchange={onchange}
                />
                <span class="option-label">{ctx.value_label(q, value)}</span>
            </label>
        }
    });

    html! {
        <fieldset
            class={classes!("question", props.missing.then_some("missing"))}
            id={container_id(&q.id)}
            data-question={q.id.clone()}
        >
            <legend>{ctx.t(&q.text)}</legend>
            if let Some(help) = &q.help {
                <p class="help" id={help_id}>{ctx.t(help)}</p>
            }
            { drawings::for_question(ctx, q.drawing).unwrap_or_default() }
            if props.missing {
                <p class="field-error" id={err_id}>{ctx.ui("error_answer_this")}</p>
            }
            <div class="options">{ for options }</div>
        </fieldset>
    }
}
