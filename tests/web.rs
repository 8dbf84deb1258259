//! Render tests of the widget in a real browser: the hooks contract, both languages, the emergency
//! gate and alert, skipping, going back, and results.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
//! Each test mounts its own widget, drives it through the same native inputs and
//! `data-*` hooks a person and the end-to-end tests use, and removes it.

#![cfg(target_arch = "wasm32")]

use cramp_check::app::text::{choose_lang, lang_from_param, valid_phone};
use cramp_check::app::{mount, App, AppProps};
use cramp_check::content::{embedded, Kind, Lang};
use cramp_check::engine::emergency_signs;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

/// Lets Yew's scheduler finish what the last event started. It runs in a
/// microtask but yields to the browser (a zero-length timer) when a batch takes
/// over ~16 ms, as a slow debug build on a busy machine can; so wait, one
/// zero-length timer at a time, until the widget's DOM has stayed the same for
/// three turns. No fixed delay: it returns as soon as the widget is quiet.
async fn settle(root: &Element) {
    let mut last = root.inner_html();
    let mut quiet = 0;
    for _ in 0..200 {
        yew::platform::time::sleep(Duration::ZERO).await;
        let now = root.inner_html();
        if now == last {
            quiet += 1;
            if quiet == 3 {
                return;
            }
        } else {
            quiet = 0;
            last = now;
        }
    }
    panic!("the widget kept changing");
}

/// One mounted widget, removed from the page when dropped.
struct Widget {
    root: Element,
    handle: Option<AppHandle<App>>,
}

impl Widget {
    async fn new(lang: Lang) -> Widget {
        let document = gloo::utils::document();
        let root = document.create_element("main").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let handle = mount(
            root.clone(),
            AppProps {
                lang,
                phone: "120".into(),
            },
        );
        settle(&root).await;
        Widget {
            root,
            handle: Some(handle),
        }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
    }

    fn count(&self, selector: &str) -> u32 {
        self.root.query_selector_all(selector).unwrap().length()
    }

    fn step(&self) -> String {
        self.get("[data-step]").get_attribute("data-step").unwrap()
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    async fn click(&self, selector: &str) {
        self.get(selector).unchecked_into::<HtmlElement>().click();
        settle(&self.root).await;
    }

    async fn action(&self, action: &str) {
        self.click(&format!("[data-action=\"{action}\"]")).await;
    }

    /// Clicks the input of option `value` of question `q`, as a person would.
    async fn choose(&self, q: &str, value: &str) {
        self.click(&input(q, value)).await;
    }

    /// Is question `q` shown? (Questions that do not apply are in the page but `hidden`.)
    fn shown(&self, q: &str) -> bool {
        let el = self.get(&format!("[data-question=\"{q}\"]"));
        el.closest("[hidden]").unwrap().is_none()
    }

    fn checked(&self, q: &str, value: &str) -> bool {
        self.get(&input(q, value))
            .unchecked_into::<HtmlInputElement>()
            .checked()
    }

    /// Answers every emergency question "no" and moves on to the next step.
    async fn pass_emergency_step(&self) {
        for q in &embedded().steps[0].questions {
            self.choose(&q.id, "no").await;
        }
        self.action("next").await;
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

fn input(q: &str, value: &str) -> String {
    format!("[data-question=\"{q}\"] input[value=\"{value}\"]")
}

fn ui(key: &str, lang: Lang) -> String {
    embedded().ui(key, lang).to_string()
}

fn html_lang() -> String {
    gloo::utils::document()
        .document_element()
        .unwrap()
        .get_attribute("lang")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn intro_is_chinese_by_default_and_english_on_request() {
    let zh = Widget::new(Lang::Zh).await;
    assert_eq!(zh.step(), "intro");
    assert!(zh.find("[data-action=\"start\"]").is_some());
    assert!(zh.text().contains(&ui("intro_title", Lang::Zh)));
    assert!(zh.text().contains(&ui("intro_privacy", Lang::Zh)));
    assert_eq!(html_lang(), "zh-CN");
    drop(zh);

    let en = Widget::new(Lang::En).await;
    assert!(en.text().contains(&ui("intro_title", Lang::En)));
    assert!(!en.text().contains(&ui("intro_title", Lang::Zh)));
    assert_eq!(html_lang(), "en");
}

#[wasm_bindgen_test]
async fn emergency_step_comes_first_with_yes_no_not_sure_for_every_question() {
    let w = Widget::new(Lang::Zh).await;
    w.action("start").await;
    let first = &embedded().steps[0];
    assert_eq!(w.step(), first.id);
    assert_eq!(
        w.count("[data-question]") as usize,
        first.questions.len(),
        "every emergency question is shown"
    );
    for q in &first.questions {
        assert_eq!(q.kind, Kind::YesNoUnsure);
        let container = w.get(&format!("[data-question=\"{}\"]", q.id));
        assert_eq!(container.tag_name().to_lowercase(), "fieldset");
        assert!(container.query_selector("legend").unwrap().is_some());
        for v in ["yes", "no", "not_sure"] {
            let el = w.get(&input(&q.id, v));
            assert_eq!(el.get_attribute("type").as_deref(), Some("radio"));
            // Every input has a label that names it.
            let id = el.id();
            assert!(w.find(&format!("label[for=\"{id}\"]")).is_some());
        }
        assert_eq!(w.count(&format!("[data-question=\"{}\"] input", q.id)), 3);
    }
    // The saddle drawing is named for screen readers.
    let svg = w.get("[data-question=\"ces_saddle_numbness\"] svg[role=\"img\"]");
    assert_eq!(
        svg.get_attribute("aria-label"),
        Some(ui("saddle_drawing_label", Lang::Zh))
    );
}

#[wasm_bindgen_test]
async fn every_emergency_answer_raises_the_alert_at_once() {
    let signs = emergency_signs(embedded());
    assert!(!signs.is_empty());
    for (q, v) in signs {
        let w = Widget::new(Lang::Zh).await;
        w.action("start").await;
        assert!(w.find("[data-alert=\"emergency\"]").is_none());
        w.choose(&q, &v).await;
        let alert = w
            .find("[data-alert=\"emergency\"]")
            .unwrap_or_else(|| panic!("no alert after {q} = {v}"));
        assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));
        let call = alert
            .query_selector("a[href=\"tel:120\"]")
            .unwrap()
            .expect("a tel: link in the alert");
        assert!(call.text_content().unwrap().contains("120"));
        // Changing the answer to "no" takes the alert away again.
        w.choose(&q, "no").await;
        assert!(w.find("[data-alert=\"emergency\"]").is_none());
    }
}

#[wasm_bindgen_test]
async fn unanswered_emergency_questions_block_next_and_are_linked() {
    let w = Widget::new(Lang::En).await;
    w.action("start").await;
    w.choose("ces_bladder", "no").await;
    w.action("next").await;
    assert_eq!(w.step(), embedded().steps[0].id, "Next did not move on");
    let summary = w.get("#error-summary");
    let links = summary.query_selector_all("a").unwrap().length() as usize;
    assert_eq!(links, embedded().steps[0].questions.len() - 1);
    assert!(w.find("[data-question=\"ces_bladder\"].missing").is_none());
    assert!(w.find("[data-question=\"ces_bowel\"].missing").is_some());
    // Focus went to the error summary so screen readers read it.
    let active = gloo::utils::document().active_element().unwrap();
    assert_eq!(active.id(), "error-summary");

    w.pass_emergency_step().await;
    assert_eq!(w.step(), embedded().steps[1].id);
    assert!(w.text().contains(&embedded().steps[1].title.en));
}

#[wasm_bindgen_test]
async fn switching_language_keeps_answers_and_sets_html_lang() {
    let w = Widget::new(Lang::Zh).await;
    w.action("start").await;
    w.choose("ces_bowel", "not_sure").await;
    w.click("[data-lang=\"en\"]").await;
    assert_eq!(html_lang(), "en");
    assert!(w.checked("ces_bowel", "not_sure"));
    assert!(w.text().contains(&embedded().steps[0].title.en));
    assert_eq!(
        w.get("[data-lang=\"en\"]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    w.click("[data-lang=\"zh-CN\"]").await;
    assert_eq!(html_lang(), "zh-CN");
    assert!(w.checked("ces_bowel", "not_sure"));
}

#[wasm_bindgen_test]
async fn back_keeps_answers_and_skipped_questions_appear_when_they_apply() {
    let w = Widget::new(Lang::En).await;
    w.action("start").await;
    w.pass_emergency_step().await;
    w.choose("frequency", "nightly").await;
    w.action("next").await;
    assert_eq!(w.step(), "nerves");
    // weakness_onset is asked only when there is weakness.
    assert!(!w.shown("weakness_onset"));
    // Answering keeps keyboard focus where it is while the new question appears.
    let stairs: HtmlElement = w.get(&input("weakness", "stairs_hard")).unchecked_into();
    stairs.focus().unwrap();
    w.choose("weakness", "stairs_hard").await;
    assert!(w.shown("weakness_onset"));
    let active = gloo::utils::document().active_element().unwrap();
    assert!(
        active.is_same_node(Some(stairs.as_ref())),
        "focus stayed on the answer"
    );
    w.action("back").await;
    assert_eq!(w.step(), "cramps");
    assert!(w.checked("frequency", "nightly"));
    w.action("next").await;
    assert!(w.checked("weakness", "stairs_hard"));
}

#[wasm_bindgen_test]
async fn every_answer_survives_going_forward_and_back() {
    // Regression: without keys, Yew reused one step's radios for the next step's
    // questions and the browser's radio groups silently unchecked answers.
    let w = Widget::new(Lang::En).await;
    w.action("start").await;
    w.pass_emergency_step().await;
    let answers = [
        ("frequency", "weekly_1_to_3"),
        ("frequency_rising", "no"),
        ("duration", "under_10_min"),
        ("location", "calf"),
        ("timing", "night_in_bed"),
        ("eased_by_stretching", "yes"),
        ("weeks", "over_12"),
        ("pain_between_cramps", "no"),
        ("sleep_lost", "wakes_me"),
        ("sudden_worsening", "no"),
    ];
    for (q, v) in answers {
        w.choose(q, v).await;
    }
    for _ in 0..2 {
        w.action("next").await;
        w.choose("tingling", "no").await;
        w.action("back").await;
        assert_eq!(w.step(), "cramps");
        for (q, v) in answers {
            assert!(w.checked(q, v), "{q} = {v} was lost");
        }
        w.action("back").await;
        for q in &embedded().steps[0].questions {
            assert!(w.checked(&q.id, "no"), "{} = no was lost", q.id);
        }
        w.action("next").await;
        for (q, v) in answers {
            assert!(w.checked(q, v), "{q} = {v} was lost");
        }
    }
}

#[wasm_bindgen_test]
async fn none_excludes_the_other_options() {
    let w = Widget::new(Lang::En).await;
    w.action("start").await;
    w.pass_emergency_step().await;
    w.action("next").await;
    assert_eq!(w.step(), "nerves");
    w.choose("numbness", "both_feet").await;
    w.choose("numbness", "after_cramps").await;
    w.choose("numbness", "none").await;
    assert!(w.checked("numbness", "none"));
    assert!(!w.checked("numbness", "both_feet"));
    assert!(!w.checked("numbness", "after_cramps"));
    w.choose("numbness", "both_feet").await;
    assert!(!w.checked("numbness", "none"));
    assert!(w.checked("numbness", "both_feet"));
}

#[wasm_bindgen_test]
async fn typical_cramps_reach_a_self_care_result_through_the_review() {
    let w = Widget::new(Lang::En).await;
    w.action("start").await;
    w.pass_emergency_step().await;
    assert_eq!(w.step(), "cramps");
    w.choose("frequency", "weekly_1_to_3").await;
    w.choose("duration", "under_10_min").await;
    w.choose("location", "calf").await;
    w.choose("timing", "night_in_bed").await;
    w.choose("eased_by_stretching", "yes").await;
    for _ in 0..20 {
        if w.step() == "review" {
            break;
        }
        w.action("next").await;
    }
    assert_eq!(w.step(), "review");
    assert!(w.find("[data-progress]").is_some());
    w.action("next").await;
    let result = w.get("[data-level]");
    assert_eq!(
        result.get_attribute("data-level").as_deref(),
        Some("self_care")
    );
    assert!(w
        .find("[data-level] [data-pattern=\"typical_nlc\"]")
        .is_some());
    // The three stretches are drawn and named.
    assert_eq!(w.count("[data-stretch] svg[role=\"img\"][aria-label]"), 3);
    assert!(w.text().contains(&ui("not_diagnosis", Lang::En)));
    assert!(w.find("[data-action=\"print\"]").is_some());
    // Start again clears the answers.
    w.action("restart").await;
    assert_eq!(w.step(), "intro");
    w.action("start").await;
    assert!(!w.checked("ces_bladder", "no"));
}

#[wasm_bindgen_test]
async fn an_emergency_answer_gives_an_emergency_result_with_reasons() {
    let w = Widget::new(Lang::Zh).await;
    w.action("start").await;
    w.choose("ces_saddle_numbness", "yes").await;
    w.action("result").await;
    assert_eq!(
        w.get("[data-level]").get_attribute("data-level").as_deref(),
        Some("emergency")
    );
    assert!(w.find("[data-pattern=\"cauda_equina\"]").is_some());
    assert!(w.find("[data-reason=\"ces_saddle_numbness\"]").is_some());
    assert!(w.find("[data-level] a[href=\"tel:120\"]").is_some());
}

#[wasm_bindgen_test]
fn language_choice_ignores_unknown_values() {
    assert_eq!(lang_from_param("en"), Some(Lang::En));
    assert_eq!(lang_from_param("EN-gb"), Some(Lang::En));
    assert_eq!(lang_from_param("zh-CN"), Some(Lang::Zh));
    assert_eq!(lang_from_param("zh"), Some(Lang::Zh));
    assert_eq!(lang_from_param("<script>alert(1)</script>"), None);
    assert_eq!(lang_from_param("english"), None);
    assert_eq!(choose_lang(Some("en"), Some("zh-CN")), Lang::En);
    assert_eq!(choose_lang(Some("zh-CN"), Some("en-US")), Lang::Zh);
    assert_eq!(choose_lang(Some("\"><img>"), Some("en-US")), Lang::En);
    assert_eq!(choose_lang(None, Some("fr-FR")), Lang::Zh);
    assert_eq!(choose_lang(None, None), Lang::Zh);
    assert_eq!(valid_phone("112").as_deref(), Some("112"));
    assert_eq!(valid_phone("+8612"), Some("+8612".into()));
    assert_eq!(valid_phone("120\"><a"), None);
    assert_eq!(valid_phone("1"), None);
    assert_eq!(valid_phone("javascript:1"), None);
}
