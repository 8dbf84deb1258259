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
//! [`view::plain_question`]). Both languages are in the
//! page, each text in a `<span lang>`; `scripts/boot.js` shows the one that
//! applies before the first paint, and without scripts both show.
//!
//! The markup is the widget's own (`screens` and `view`: the top bar, the
//! progress, the questions, the alerts and the call link are made by the same
//! functions, in both languages; the emergency questions' radios moved as
//! said above, and CSS draws them where the widget does), so when the wasm
//! starts it takes over in place without a jump (the end-to-end take-over
//! test measures it). Pure: content in, markup out.

use crate::content::{Content, Lang, Level};
use crate::drawings;
use crate::engine::{self, Answers};
use crate::hooks::Hook;
use crate::journey;
use crate::markup;
use crate::markup::Markup;
use crate::screens;
use crate::view::{self, Words};

/// The prerendered first screens: what goes inside `<main id="app">`.
/// `phone` is the default emergency number (a host may set another; the
/// widget then shows it as soon as it starts).
pub fn first_screens(c: &Content, phone: &str) -> Markup {
    let w = Words::Both(phone);
    let bar = screens::TopBar {
        lang: None,
        large: false,
        in_diary: false,
        presenter: Markup::default(),
    };
    // Shown by boot.js when the widget cannot start here (see its comments).
    // The emergency screen comes first in the document so that `:target ~`
    // can hide the introduction without `:has()`; CSS shows the introduction
    // first. Only one of them is ever displayed.
    markup!(
        "<div class=\"cc-app cc-pre cc-bi\" data-prerendered=\"\">{}\
<p class=\"visually-hidden\" aria-live=\"polite\" aria-atomic=\"true\"></p>\
<div class=\"notices no-print\" role=\"status\"></div>\
<div class=\"notice danger pre-fallback\" data-fallback=\"\" role=\"alert\"><p>{}</p></div>\
<div class=\"pre-screens\">{}{}</div>\
<footer class=\"privacy no-print\"><p>{}</p>\
<button type=\"button\" id=\"delete-answers\" class=\"button quiet needs-widget\" data-action=\"{}\">{}</button></footer></div>",
        screens::top_bar_with(c, w, &bar),
        w.ui(c, "fallback_text"),
        emergency_step(c, w),
        intro(c, w),
        w.ui(c, "privacy_footer"),
        Hook::DeleteAnswers,
        w.ui(c, "delete_answers")
    )
}

fn intro(c: &Content, w: Words) -> Markup {
    markup!(
        "<section class=\"screen intro\" data-step=\"intro\" id=\"cc-intro\" aria-labelledby=\"screen-heading\">\
<h1 id=\"screen-heading\" tabindex=\"-1\">{}</h1>{}\
<div class=\"nav-buttons\"><a class=\"button primary\" href=\"#cc-emergency\" data-action=\"{}\">{}</a></div></section>",
        w.ui(c, "intro_title"),
        view::intro_text(c, w),
        Hook::Start,
        w.ui(c, "start"),
    )
}

fn emergency_step(c: &Content, w: Words) -> Markup {
    let Some(step) = c.steps.first() else {
        return Markup::default();
    };
    let empty = Answers::default();
    let (n, total) = journey::progress(c, &empty, journey::Screen::Step(0)).unwrap_or((1, 1));
    let mut out = markup!(
        "<section class=\"screen step\" data-step=\"{}\" id=\"cc-emergency\" aria-labelledby=\"cc-emergency-heading\">{}\
<h1 id=\"cc-emergency-heading\" tabindex=\"-1\">{}</h1>\
<div class=\"read-aloud no-print needs-widget\"><button type=\"button\" class=\"button quiet read-aloud-button\" data-action=\"{}\" aria-pressed=\"false\">{}<span>{}</span></button></div>",
        &step.id,
        screens::progress_with(c, w, n, total),
        w.t(&step.title),
        Hook::ReadAloud,
        drawings::speaker_icon(),
        w.ui(c, "read_aloud"),
    );
    if let Some(intro) = &step.intro {
        out += markup!("<p class=\"lead\">{}</p>", w.t(intro));
    }
    // Which answers alone raise the red alert or the amber same-day notice.
    let signs = engine::emergency_signs(c);
    let amber: Vec<&crate::content::Rule> = c
        .rules
        .iter()
        .filter(|r| r.level == Level::Urgent && r.alert)
        .filter(|r| r.all.is_empty() && r.any.len() == 1)
        .collect();
    out += markup!("<div class=\"step-form\">");
    for q in step.questions.iter() {
        let sign = signs.iter().any(|(sq, _)| *sq == q.id);
        let notice = amber.iter().find(|r| r.any[0].q == q.id);
        // The advice of this question alone, shown by CSS when it is answered
        // "yes" or "not sure" (the answers its rules fire on).
        let mut advice = Markup::default();
        if sign {
            advice +=
                screens::emergency_alert_with(c, w, "emergency-alert pre-alert", Markup::default());
        }
        if let Some(r) = notice {
            advice += screens::same_day_notice_with(c, w, "same-day-notice pre-alert", r);
        }
        out += markup!(
            "<div class=\"q-block{}\"{}>{}</div>",
            if sign || notice.is_some() {
                " pre-sign"
            } else {
                ""
            },
            if q.show_if.is_empty() {
                Markup::default()
            } else {
                markup!(" hidden=\"\"")
            },
            view::plain_question(c, w, q, &advice)
        );
    }
    out += markup!(
        "<p class=\"pre-loading\" data-pre-loading=\"\">{}</p>\
<div class=\"nav-buttons\"><button type=\"button\" class=\"button primary needs-widget-to-work\" data-action=\"{}\">{}</button>\
<a class=\"button secondary\" href=\"#cc-intro\" data-action=\"{}\">{}</a></div></div></section>",
        w.ui(c, "pre_loading"),
        Hook::Next,
        w.ui(c, "next"),
        Hook::Back,
        w.ui(c, "back")
    );
    out
}

/// The message a crash leaves instead of a blank page, in both languages, as
/// a `<template>` that `scripts/boot.js` shows when the widget stops (a wasm
/// trap: the release build aborts on a panic without running Rust code).
/// The emergency number is filled in by boot.js (`data-phone`), in an element
/// that stands where `{phone}` is (the default number until then).
pub fn crash_template(c: &Content) -> Markup {
    let phone = markup!("<span data-phone=\"\">{}</span>", journey::DEFAULT_PHONE);
    let with_phone = |key: &str| {
        let fill = |l: Lang| Markup::fill(c.ui(key, l), &[(view::PHONE, &phone)]);
        view::bilingual(fill(Lang::Zh), fill(Lang::En))
    };
    let w = Words::Both(journey::DEFAULT_PHONE);
    markup!(
        "<template id=\"cc-crash\"><div class=\"cc-app cc-bi crash\" role=\"alert\" data-crash=\"true\">\
<h1>{}</h1><p>{}</p><a href=\"./\" class=\"button primary crash-reload\" data-action=\"{}\">{}</a>\
<p class=\"crash-emergency\">{}</p><a class=\"call-link\" href=\"tel:{}\" data-action=\"{}\">{}<span>{}</span></a></div></template>",
        w.ui(c, "crash_title"),
        w.ui(c, "crash_text"),
        Hook::Reload,
        w.ui(c, "crash_reload"),
        with_phone(view::ui_key("crash_emergency")),
        journey::DEFAULT_PHONE,
        Hook::Call,
        drawings::phone_icon(),
        with_phone("call_button"),
    )
}
