//! The first screens as plain HTML, written into index.html at build time.
//!
//! The introduction and the emergency screen work before, and without, the
//! wasm: a person can read the introduction, follow "Start" (a link to
//! `#cc-emergency`, shown with CSS `:target`) and answer the emergency
//! questions with native radio buttons; "yes" or "not sure" shows the
//! emergency advice and the call link right after that question, in every
//! engine, with scripts or without: each radio stands just before its label
//! and the advice follows them in the same parent, so a sibling selector
//! (`input:checked ~ .pre-alert`) shows it, with no need for `:has()` (see
//! [`plain_question`]). Both languages are in the
//! page, each text in a `<span lang>`; `scripts/boot.js` shows the one that
//! applies before the first paint, and without scripts both show.
//!
//! The markup mirrors the widget's own (`src/app/intro.rs`, `step.rs`,
//! `layout.rs`: the same elements, classes and ids; the emergency questions'
//! radios moved as said above, and CSS draws them where the widget does), so
//! when the wasm starts it takes over in place without a jump (the end-to-end
//! take-over test measures it). Pure: content in, text out.

use crate::content::{Content, Lang, Level, Text};
use crate::drawings::{self, escape};
use crate::engine::{self, Answers};
use crate::journey;
use std::fmt::Write;

/// A text in both languages: one `<span lang>` each.
fn bi(zh: &str, en: &str) -> String {
    format!(
        "<span class=\"l\" lang=\"zh-CN\">{}</span><span class=\"l\" lang=\"en\">{}</span>",
        escape(zh),
        escape(en)
    )
}

struct Words<'c> {
    c: &'c Content,
    phone: &'c str,
}

impl Words<'_> {
    /// An interface text in both languages, `{phone}` filled.
    fn ui(&self, key: &str) -> String {
        bi(
            &self.c.ui(key, Lang::Zh).replace("{phone}", self.phone),
            &self.c.ui(key, Lang::En).replace("{phone}", self.phone),
        )
    }

    /// A content text in both languages, `{phone}` filled.
    fn t(&self, t: &Text) -> String {
        bi(
            &t.zh.replace("{phone}", self.phone),
            &t.en.replace("{phone}", self.phone),
        )
    }

    /// An attribute value in both languages ("中文 / English").
    fn attr(&self, key: &str) -> String {
        escape(&format!(
            "{} / {}",
            self.c.ui(key, Lang::Zh),
            self.c.ui(key, Lang::En)
        ))
    }
}

/// The call link, as the widget draws it.
fn call_link(w: &Words) -> String {
    crate::view::call_link(w.c, crate::view::Words::Both(w.phone))
}

/// The prerendered first screens: what goes inside `<main id="app">`.
/// `phone` is the default emergency number (a host may set another; the
/// widget then shows it as soon as it starts).
pub fn first_screens(c: &Content, phone: &str) -> String {
    let w = Words { c, phone };
    let mut out = String::new();
    out.push_str("<div class=\"cc-app cc-pre cc-bi\" data-prerendered=\"\">");
    top_bar(&w, &mut out);
    out.push_str("<p class=\"visually-hidden\" aria-live=\"polite\" aria-atomic=\"true\"></p>");
    out.push_str("<div class=\"notices no-print\" role=\"status\"></div>");
    // Shown by boot.js when the widget cannot start here (see its comments).
    let _ = write!(
        out,
        "<div class=\"notice danger pre-fallback\" data-fallback=\"\" role=\"alert\"><p>{}</p></div>",
        w.ui("fallback_text")
    );
    // The emergency screen comes first in the document so that `:target ~`
    // can hide the introduction without `:has()`; CSS shows the introduction
    // first. Only one of them is ever displayed.
    out.push_str("<div class=\"pre-screens\">");
    emergency_step(&w, &mut out);
    intro(&w, &mut out);
    out.push_str("</div>");
    let _ = write!(
        out,
        "<footer class=\"privacy no-print\"><p>{}</p>\
<button type=\"button\" id=\"delete-answers\" class=\"button quiet needs-widget\" data-action=\"delete-answers\">{}</button></footer>",
        w.ui("privacy_footer"),
        w.ui("delete_answers")
    );
    out.push_str("</div>");
    out
}

fn top_bar(w: &Words, out: &mut String) {
    let lang_button = |lang: Lang, key: &str| {
        format!(
            "<button type=\"button\" class=\"chip\" data-lang=\"{tag}\" lang=\"{tag}\" aria-pressed=\"false\">{}</button>",
            escape(w.c.ui(key, lang)),
            tag = lang.tag()
        )
    };
    let _ = write!(
        out,
        "<div class=\"topbar no-print\"><div class=\"names\"><p class=\"app-name\">{}</p></div>\
<div class=\"tools\"><div class=\"lang-switch\" role=\"group\" aria-label=\"{}\">{}{}</div>\
<button type=\"button\" class=\"chip\" aria-pressed=\"false\" data-action=\"larger-text\">{}</button>\
<button type=\"button\" class=\"chip needs-widget\" data-action=\"open-diary\">{}</button></div></div>",
        w.ui("app_name"),
        w.attr("language_label"),
        lang_button(Lang::Zh, "lang_zh"),
        lang_button(Lang::En, "lang_en"),
        w.ui("larger_text"),
        w.ui("diary_open"),
    );
}

fn intro(w: &Words, out: &mut String) {
    let _ = write!(
        out,
        "<section class=\"screen intro\" data-step=\"intro\" id=\"cc-intro\" aria-labelledby=\"screen-heading\">\
<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1>{}\
<div class=\"nav-buttons\"><a class=\"button primary\" href=\"#cc-emergency\" data-action=\"start\">{}</a></div></section>",
        w.ui("intro_title"),
        crate::view::intro_text(w.c, crate::view::Words::Both(w.phone)),
        w.ui("start"),
    );
}

fn emergency_step(w: &Words, out: &mut String) {
    let c = w.c;
    let Some(step) = c.steps.first() else {
        return;
    };
    let empty = Answers::default();
    let (n, total) = journey::progress(c, &empty, journey::Screen::Step(0)).unwrap_or((1, 1));
    let pct = (n * 100).checked_div(total).unwrap_or(0);
    let progress = |lang: Lang| {
        c.ui("progress", lang)
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
    };
    let _ = write!(
        out,
        "<section class=\"screen step\" data-step=\"{id}\" id=\"cc-emergency\" aria-labelledby=\"cc-emergency-heading\">\
<div class=\"progress\" data-progress=\"{n}/{total}\"><p class=\"progress-text\">{}</p>\
<svg class=\"progress-bar\" aria-hidden=\"true\" focusable=\"false\"><rect class=\"progress-fill\" x=\"0\" y=\"0\" height=\"100%\" width=\"{pct}%\"></rect></svg></div>\
<h1 id=\"cc-emergency-heading\" tabindex=\"-1\">{}</h1>\
<div class=\"read-aloud no-print needs-widget\"><button type=\"button\" class=\"button quiet read-aloud-button\" data-action=\"read-aloud\" aria-pressed=\"false\">{}<span>{}</span></button></div>",
        bi(&progress(Lang::Zh), &progress(Lang::En)),
        w.t(&step.title),
        drawings::SPEAKER_ICON,
        w.ui("read_aloud"),
        id = escape(&step.id),
    );
    if let Some(intro) = &step.intro {
        let _ = write!(out, "<p class=\"lead\">{}</p>", w.t(intro));
    }
    // Which answers alone raise the red alert or the amber same-day notice.
    let signs = engine::emergency_signs(c);
    let amber: Vec<&crate::content::Rule> = c
        .rules
        .iter()
        .filter(|r| r.level == Level::Urgent && r.alert)
        .filter(|r| r.all.is_empty() && r.any.len() == 1)
        .collect();
    out.push_str("<div class=\"step-form\">");
    for q in step.questions.iter() {
        let sign = signs.iter().any(|(sq, _)| *sq == q.id);
        let notice = amber.iter().find(|r| r.any[0].q == q.id);
        let _ = write!(
            out,
            "<div class=\"q-block{}\"{}>",
            if sign || notice.is_some() {
                " pre-sign"
            } else {
                ""
            },
            if q.show_if.is_empty() {
                ""
            } else {
                " hidden=\"\""
            }
        );
        // The advice of this question alone, shown by CSS when it is answered
        // "yes" or "not sure" (the answers its rules fire on).
        let mut advice = String::new();
        if sign {
            let _ = write!(
                advice,
                "<div class=\"emergency-alert pre-alert\" role=\"alert\" data-alert=\"emergency\"><p class=\"alert-title\">{}</p><p>{}</p>{}</div>",
                w.ui("emergency_alert_title"),
                w.ui("emergency_alert_text"),
                call_link(w)
            );
        }
        if let Some(r) = notice {
            let _ = write!(
                advice,
                "<div class=\"same-day-notice pre-alert\" role=\"alert\" data-alert=\"same-day\" data-rule=\"{}\"><p class=\"alert-title\">{}</p>{}{}</div>",
                escape(&r.id),
                w.ui("same_day_title"),
                r.notice.as_ref().map(|t| format!("<p>{}</p>", w.t(t))).unwrap_or_default(),
                call_link(w)
            );
        }
        let question = crate::view::question(c, crate::view::Words::Both(w.phone), q, false);
        out.push_str(&plain_question(&question, &advice));
        out.push_str("</div>");
    }
    let _ = write!(
        out,
        "<p class=\"pre-loading\" data-pre-loading=\"\">{}</p>",
        w.ui("pre_loading")
    );
    let _ = write!(
        out,
        "<div class=\"nav-buttons\"><button type=\"button\" class=\"button primary needs-widget-to-work\" data-action=\"next\">{}</button>\
<a class=\"button secondary\" href=\"#cc-intro\" data-action=\"back\">{}</a></div>",
        w.ui("next"),
        w.ui("back")
    );
    out.push_str("</div></section>");
}

/// The class of the options' box in the widget's question markup.
const OPTIONS: &str = "<div class=\"options\">";
/// The end of the widget's question markup: the options' box and the fieldset.
const OPTIONS_END: &str = "</div></fieldset>";

/// The widget's markup of a question (`view::question`) in the form the plain
/// page needs to show `advice` right after it without `:has()`:
///
/// - each `<input>` moves out of its `<label>` to stand just before it (the
///   label's `for` still names it, so a tap on the words still chooses it),
///   and an empty `pre-radio` keeps its place in the label;
/// - `advice` follows the options inside the same box (`pre-options`).
///
/// So inputs and advice are siblings: `input[value=yes]:checked ~ .pre-alert`
/// shows the advice in every engine, and `input:checked + .option` marks the
/// chosen answer as the widget does. CSS (`.pre-options`, a grid) lays each
/// radio over its label exactly where the widget draws it. Should the widget's
/// markup ever change shape, the advice still follows the question, after the
/// fieldset as before (the native test `prerender` fails on it).
pub fn plain_question(question: &str, advice: &str) -> String {
    moved_inputs(question, advice).unwrap_or_else(|| format!("{question}{advice}"))
}

fn moved_inputs(question: &str, advice: &str) -> Option<String> {
    let (head, rest) = question.split_once(OPTIONS)?;
    let mut rest = rest.strip_suffix(OPTIONS_END)?;
    let mut out = String::with_capacity(question.len() + advice.len() + 256);
    out.push_str(head);
    out.push_str("<div class=\"options pre-options\">");
    while !rest.is_empty() {
        // `<label class="option…" for="…">` then `<input …>`: `escape` leaves no `>` in a value.
        if !rest.starts_with("<label class=\"option") {
            return None;
        }
        let label_end = rest.find('>')? + 1;
        let (label, after_label) = rest.split_at(label_end);
        if !after_label.starts_with("<input ") {
            return None;
        }
        let input_end = after_label.find('>')? + 1;
        let (input, body) = after_label.split_at(input_end);
        let close = body.find("</label>")? + "</label>".len();
        out.push_str(input);
        out.push_str(label);
        out.push_str("<span class=\"pre-radio\" aria-hidden=\"true\"></span>");
        out.push_str(&body[..close]);
        rest = &body[close..];
    }
    out.push_str(advice);
    out.push_str(OPTIONS_END);
    Some(out)
}

/// The message a crash leaves instead of a blank page, in both languages, as
/// a `<template>` that `scripts/boot.js` shows when the widget stops (a wasm
/// trap: the release build aborts on a panic without running Rust code).
/// The emergency number is filled in by boot.js (`data-phone`).
pub fn crash_template(c: &Content) -> String {
    // A marker for the number, replaced by an element once the text is escaped.
    const MARK: &str = "\u{E000}";
    let w = Words { c, phone: MARK };
    let phone = |html: String| html.replace(MARK, "<span data-phone=\"\">120</span>");
    format!(
        "<template id=\"cc-crash\"><div class=\"cc-app cc-bi crash\" role=\"alert\" data-crash=\"true\">\
<h1>{}</h1><p>{}</p><a href=\"./\" class=\"button primary crash-reload\" data-action=\"reload\">{}</a>\
<p class=\"crash-emergency\">{}</p><a class=\"call-link\" href=\"tel:120\" data-action=\"call\">{}<span>{}</span></a></div></template>",
        w.ui("crash_title"),
        w.ui("crash_text"),
        w.ui("crash_reload"),
        phone(w.ui("crash_emergency")),
        drawings::PHONE_ICON,
        phone(w.ui("call_button")),
    )
}
