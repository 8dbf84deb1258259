//! Render tests of the widget in a real browser: the hooks contract, both languages, the emergency
//! gate and alert, skipping, going back, and results.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
//! Each test mounts its own widget, drives it through the same native inputs and
//! `data-*` hooks a person and the end-to-end tests use, and removes it.

#![cfg(target_arch = "wasm32")]

use cramp_check::app::lang_of as browser_lang;
use cramp_check::app::{mount, App, AppProps};
use cramp_check::codec;
use cramp_check::content::{embedded, Kind, Lang};
use cramp_check::engine::emergency_signs;
use cramp_check::journey::Host;
use cramp_check::settings::{self, HostSettings};
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
        Widget::with(AppProps {
            host: host(lang, "120"),
            settings: HostSettings::default(),
            storage: false,
            prerendered: None,
        })
        .await
    }

    /// A widget with these props (host settings, storage).
    async fn with(props: AppProps) -> Widget {
        let document = gloo::utils::document();
        let root = document.create_element("main").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let handle = mount(root.clone(), props);
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
        for q in emergency_questions() {
            self.choose(q, "no").await;
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

/// The host: this language (as if `?lang=` said so) and emergency number.
fn host(lang: Lang, phone: &str) -> Host {
    Host {
        lang: Some(lang),
        browser_lang: Lang::Zh,
        phone: phone.into(),
        skip_intro: false,
    }
}

/// The questions of the emergency screen that are always asked (the gate).
fn emergency_questions() -> Vec<&'static str> {
    embedded().steps[0]
        .questions
        .iter()
        .filter(|q| q.show_if.is_empty())
        .map(|q| &*q.id)
        .collect()
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
    let always: Vec<_> = first
        .questions
        .iter()
        .filter(|q| q.show_if.is_empty())
        .collect();
    let shown = w
        .root
        .query_selector_all(".q-block:not([hidden]) [data-question]")
        .unwrap();
    assert_eq!(
        shown.length() as usize,
        always.len(),
        "every emergency question is shown"
    );
    for q in always {
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
    assert_eq!(links, emergency_questions().len() - 1);
    assert!(w.find("[data-question=\"ces_bladder\"].missing").is_none());
    assert!(w.find("[data-question=\"ces_bowel\"].missing").is_some());
    // Focus went to the error summary so screen readers read it.
    let active = gloo::utils::document().active_element().unwrap();
    assert_eq!(active.id(), "error-summary");

    w.pass_emergency_step().await;
    assert_eq!(w.step(), embedded().steps[1].id);
    assert!(w.text().contains(&*embedded().steps[1].title.en));
}

#[wasm_bindgen_test]
async fn switching_language_keeps_answers_and_sets_html_lang() {
    let w = Widget::new(Lang::Zh).await;
    w.action("start").await;
    w.choose("ces_bowel", "not_sure").await;
    w.click("[data-lang=\"en\"]").await;
    assert_eq!(html_lang(), "en");
    assert!(w.checked("ces_bowel", "not_sure"));
    assert!(w.text().contains(&*embedded().steps[0].title.en));
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
    // The guided self-test may be skipped.
    assert_eq!(w.step(), "self_test");
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
    assert_eq!(w.step(), "self_test");
    w.action("back").await;
    assert_eq!(w.step(), "cramps");
    assert!(w.checked("frequency", "nightly"));
    w.action("next").await;
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
        w.action("next").await;
        w.choose("tingling", "no").await;
        w.action("back").await;
        w.action("back").await;
        assert_eq!(w.step(), "cramps");
        for (q, v) in answers {
            assert!(w.checked(q, v), "{q} = {v} was lost");
        }
        w.action("back").await;
        for q in emergency_questions() {
            assert!(w.checked(q, "no"), "{q} = no was lost");
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
    assert_eq!(w.step(), "self_test");
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
    assert_eq!(settings::lang("en"), Some(Lang::En));
    assert_eq!(settings::lang("EN"), Some(Lang::En));
    assert_eq!(settings::lang("en-GB"), None);
    assert_eq!(settings::lang("zh-CN"), Some(Lang::Zh));
    assert_eq!(settings::lang("<script>alert(1)</script>"), None);
    assert_eq!(browser_lang(Some("en-US")), Lang::En);
    assert_eq!(browser_lang(Some("fr-FR")), Lang::Zh);
    assert_eq!(browser_lang(None), Lang::Zh);
    assert_eq!(settings::phone("112").as_deref(), Some("112"));
    assert_eq!(settings::phone("+8612"), None);
    assert_eq!(settings::phone("120\"><a"), None);
}

// ---------------------------------------------------------------------------
// Saved progress, with the browser's real localStorage and the widget's own
// keys (what the storage effects write; what they mean is tested natively in
// crates/cramp-core/tests/journey.rs and codec.rs). Each test clears them first
// and last.

fn local() -> web_sys::Storage {
    gloo::utils::window().local_storage().unwrap().unwrap()
}

fn clear_storage() {
    for key in [
        codec::PROGRESS_KEY,
        codec::PROGRESS_KEY_V1,
        codec::PROGRESS_ASIDE_KEY,
        codec::DIARY_KEY,
        codec::DIARY_KEY_V1,
        codec::DIARY_ASIDE_KEY,
    ] {
        local().remove_item(key).unwrap();
    }
    // The diary's years (a key each, see cramp_core::diary_store).
    let years: Vec<String> = (0..local().length().unwrap())
        .filter_map(|i| local().key(i).unwrap())
        .filter(|k| k.starts_with(cramp_core::diary_store::YEAR_PREFIX))
        .collect();
    for key in years {
        local().remove_item(&key).unwrap();
    }
}

fn stored(key: &str) -> Option<serde_json::Value> {
    local()
        .get_item(key)
        .unwrap()
        .map(|t| serde_json::from_str(&t).expect("the saved copy is JSON"))
}

fn saving(lang: Lang) -> AppProps {
    AppProps {
        host: host(lang, "120"),
        settings: HostSettings::default(),
        storage: true,
        prerendered: None,
    }
}

#[wasm_bindgen_test]
async fn progress_is_saved_on_every_change_and_comes_back_after_a_reload() {
    clear_storage();
    let key = codec::PROGRESS_KEY;
    let w = Widget::with(saving(Lang::En)).await;
    assert_eq!(stored(key), None, "opening the page is not progress");
    w.action("start").await;
    assert_eq!(stored(key).unwrap()["screen"], "emergency");
    w.pass_emergency_step().await;
    w.choose("frequency", "nightly").await;
    w.choose("location", "calf").await;
    w.choose("eased_by_stretching", "yes").await;
    w.click("[data-lang=\"zh-CN\"]").await;
    w.action("larger-text").await;
    let saved = stored(key).unwrap();
    assert_eq!(saved["format"], "cramp-check-progress");
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["screen"], "cramps");
    assert_eq!(saved["lang"], "zh-CN");
    assert_eq!(saved["large_text"], true);
    assert_eq!(saved["answers"]["frequency"], "nightly");
    assert_eq!(saved["answers"]["location"], serde_json::json!(["calf"]));
    assert_eq!(saved["answers"]["eased_by_stretching"], true);
    assert_eq!(saved["answers"]["ces_bladder"], "no");
    drop(w);

    // A reload: a new widget, the host asking for English.
    let w = Widget::with(saving(Lang::En)).await;
    assert_eq!(w.step(), "cramps");
    assert!(w.checked("frequency", "nightly"));
    assert!(w.checked("location", "calf"));
    assert!(w.checked("eased_by_stretching", "yes"));
    assert_eq!(html_lang(), "zh-CN", "the person's language wins");
    assert!(w.find(".cc-app.large-text").is_some());
    assert!(w.find("[data-notice]").is_none());
    w.action("back").await;
    for q in emergency_questions() {
        assert!(w.checked(q, "no"));
    }
    drop(w);
    clear_storage();
}

#[wasm_bindgen_test]
async fn version_1_progress_is_upgraded_and_unreadable_progress_set_aside_with_a_notice() {
    clear_storage();
    local()
        .set_item(
            codec::PROGRESS_KEY_V1,
            r#"{"version":1,"lang":"en","screen":"emergency","answers":{"ces_bladder":"no"}}"#,
        )
        .unwrap();
    let w = Widget::with(saving(Lang::Zh)).await;
    assert_eq!(w.step(), "emergency");
    assert!(w.checked("ces_bladder", "no"));
    assert_eq!(html_lang(), "en");
    assert!(w.find("[data-notice]").is_none());
    assert_eq!(
        local().get_item(codec::PROGRESS_KEY_V1).unwrap(),
        None,
        "moved"
    );
    assert_eq!(stored(codec::PROGRESS_KEY).unwrap()["version"], 2);
    drop(w);

    for (case, text) in [
        ("corrupted", "{\"version\":1,\"answers\":{\"ces_bl"),
        (
            "newer version",
            r#"{"format":"cramp-check-progress","version":9}"#,
        ),
        ("not an object", "[1,2,3]"),
        ("empty", ""),
    ] {
        clear_storage();
        local().set_item(codec::PROGRESS_KEY, text).unwrap();
        let w = Widget::with(saving(Lang::Zh)).await;
        assert_eq!(w.step(), "intro", "{case}");
        let notice = w.get("[data-notice=\"saved-unreadable\"]");
        assert!(notice.closest("[role=\"status\"]").unwrap().is_some());
        assert!(
            w.text().contains(&ui("saved_unreadable", Lang::Zh)),
            "{case}"
        );
        assert_eq!(
            local().get_item(codec::PROGRESS_KEY).unwrap(),
            None,
            "{case}: cleared"
        );
        assert_eq!(
            local()
                .get_item(codec::PROGRESS_ASIDE_KEY)
                .unwrap()
                .as_deref(),
            Some(text),
            "{case}: kept aside as it was"
        );
        w.click("[data-lang=\"en\"]").await;
        assert!(
            w.text().contains(&ui("saved_unreadable", Lang::En)),
            "{case}"
        );
        w.action("dismiss-notice").await;
        assert!(w.find("[data-notice]").is_none());
        drop(w);
    }
    clear_storage();
}

#[wasm_bindgen_test]
async fn delete_my_answers_asks_first_then_removes_the_saved_copy() {
    clear_storage();
    let key = codec::PROGRESS_KEY;
    let w = Widget::with(saving(Lang::En)).await;
    w.action("start").await;
    w.choose("ces_bladder", "no").await;
    assert!(stored(key).is_some());
    let active = || gloo::utils::document().active_element().unwrap().id();

    w.action("delete-answers").await;
    assert!(w.text().contains(&ui("delete_confirm_question", Lang::En)));
    assert_eq!(active(), "delete-question", "the question takes focus");
    w.action("cancel-delete").await;
    assert_eq!(active(), "delete-answers", "focus goes back to the button");
    assert!(stored(key).is_some(), "kept");
    assert!(w.checked("ces_bladder", "no"));

    w.action("delete-answers").await;
    assert_eq!(
        w.get("[data-action=\"confirm-delete\"]").tag_name(),
        "BUTTON",
        "a native button, not window.confirm"
    );
    w.action("confirm-delete").await;
    assert_eq!(stored(key), None, "removed");
    assert_eq!(w.step(), "intro");
    assert!(w.find("[data-notice=\"deleted\"]").is_some());
    assert_eq!(html_lang(), "en", "the language stays");
    w.action("start").await;
    assert!(!w.checked("ces_bladder", "no"));
    // The next change is new progress, saved again.
    assert_eq!(stored(key).unwrap()["answers"], serde_json::json!({}));
    drop(w);
    clear_storage();
}

/// Makes reading `window.localStorage` throw, as in a sandboxed frame, until dropped.
struct NoStorage(wasm_bindgen::JsValue);

impl NoStorage {
    fn new() -> NoStorage {
        let window = gloo::utils::window();
        let before = js_sys::Object::get_own_property_descriptor(&window, &"localStorage".into());
        let getter = js_sys::Function::new_no_args(
            "throw new DOMException('The document is sandboxed', 'SecurityError');",
        );
        let desc = js_sys::Object::new();
        js_sys::Reflect::set(&desc, &"get".into(), &getter).unwrap();
        js_sys::Reflect::set(&desc, &"configurable".into(), &true.into()).unwrap();
        js_sys::Object::define_property(&window, &"localStorage".into(), &desc);
        assert!(gloo::utils::window().local_storage().is_err());
        NoStorage(before)
    }
}

impl Drop for NoStorage {
    fn drop(&mut self) {
        let window = gloo::utils::window();
        if self.0.is_undefined() {
            js_sys::Reflect::delete_property(&window, &"localStorage".into()).unwrap();
        } else {
            js_sys::Object::define_property(
                &window,
                &"localStorage".into(),
                self.0.unchecked_ref(),
            );
        }
    }
}

#[wasm_bindgen_test]
async fn without_local_storage_the_widget_works_without_saving() {
    clear_storage();
    let blocked = NoStorage::new();
    let w = Widget::with(saving(Lang::En)).await;
    assert!(w.text().contains(&ui("storage_unavailable", Lang::En)));
    w.action("start").await;
    w.pass_emergency_step().await;
    assert_eq!(w.step(), embedded().steps[1].id);
    w.action("delete-answers").await;
    w.action("confirm-delete").await;
    assert_eq!(w.step(), "intro");
    drop(w);
    drop(blocked);
    assert_eq!(local().get_item(codec::PROGRESS_KEY).unwrap(), None);
}

// ---------------------------------------------------------------------------
// The crash message, host settings, the update notice, embedding.

/// Loads the widget's stylesheet into the test page (the runner's page has none).
fn with_app_css() -> Element {
    let document = gloo::utils::document();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../styles/app.css")));
    document.head().unwrap().append_child(&style).unwrap();
    style
}

fn computed(el: &Element, property: &str) -> String {
    let window = gloo::utils::window();
    let f: js_sys::Function = js_sys::Reflect::get(&window, &"getComputedStyle".into())
        .unwrap()
        .unchecked_into();
    let style = f.call1(&window, el).unwrap();
    js_sys::Reflect::get(&style, &property.into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn host_settings_brand_present_and_renumber_the_widget_as_text_only() {
    let style = with_app_css();
    let station = "<b>Radio</b> & \"Health\"";
    let settings = HostSettings {
        station: settings::station(station),
        logo: settings::logo("https://ok/x.png"),
        brand: settings::brand("#0a5"),
        skip_intro: true,
        ..HostSettings::default()
    };
    let w = Widget::with(AppProps {
        host: Host {
            skip_intro: true,
            ..host(Lang::En, "112")
        },
        settings,
        storage: false,
        prerendered: None,
    })
    .await;
    // skip_intro: straight to the emergency step, and back there on a restart.
    assert_eq!(w.step(), embedded().steps[0].id);
    // The station is text, never markup.
    let presenter = w.get(".presenter");
    assert!(presenter
        .text_content()
        .unwrap()
        .contains(&ui("presented_by", Lang::En).replace("{station}", station)));
    assert!(presenter.query_selector("b").unwrap().is_none());
    let img = w.get(".presenter img");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("https://ok/x.png")
    );
    assert_eq!(img.get_attribute("alt").as_deref(), Some(station));
    // The colour arrives only as the two custom properties, and the buttons use it.
    let app: HtmlElement = w.get(".cc-app").unchecked_into();
    assert_eq!(app.style().length(), 2);
    assert_eq!(
        app.style().get_property_value("--brand").unwrap(),
        "#00aa55"
    );
    assert_eq!(
        app.style().get_property_value("--on-brand").unwrap(),
        "#000000"
    );
    let next = w.get("[data-action=\"next\"]");
    assert_eq!(computed(&next, "backgroundColor"), "rgb(0, 170, 85)");
    assert_eq!(computed(&next, "color"), "rgb(0, 0, 0)");
    // The number is the host's everywhere.
    w.choose("ces_bladder", "yes").await;
    assert!(w
        .find("[data-alert=\"emergency\"] a[href=\"tel:112\"]")
        .is_some());
    assert!(w.find("a[href=\"tel:120\"]").is_none());
    assert!(!w.text().contains("120"));
    w.click("[data-lang=\"zh-CN\"]").await;
    assert!(w
        .get(".presenter")
        .text_content()
        .unwrap()
        .contains(&ui("presented_by", Lang::Zh).replace("{station}", station)));
    w.action("delete-answers").await;
    w.action("confirm-delete").await;
    assert_eq!(w.step(), embedded().steps[0].id);
    assert!(!w.checked("ces_bladder", "yes"));
    drop(w);

    // Without a brand the stylesheet's own colours apply.
    let plain = Widget::new(Lang::En).await;
    assert!(plain.get(".cc-app").get_attribute("style").is_none());
    plain.action("start").await;
    assert_ne!(
        computed(&plain.get("[data-action=\"next\"]"), "backgroundColor"),
        "rgb(0, 170, 85)"
    );
    drop(plain);
    style.remove();
}

#[wasm_bindgen_test]
async fn the_update_event_shows_a_dismissible_status_notice() {
    let w = Widget::new(Lang::Zh).await;
    assert!(w.find("[data-notice=\"updated\"]").is_none());
    let event = web_sys::Event::new("cramp-check:updated").unwrap();
    gloo::utils::document().dispatch_event(&event).unwrap();
    settle(&w.root).await;
    let notice = w.get("[data-notice=\"updated\"]");
    assert!(notice.closest("[role=\"status\"]").unwrap().is_some());
    assert!(w.text().contains(&ui("updated_notice", Lang::Zh)));
    w.click("[data-lang=\"en\"]").await;
    assert!(w.text().contains(&ui("updated_notice", Lang::En)));
    w.action("dismiss-updated").await;
    assert!(w.find("[data-notice=\"updated\"]").is_none());
}

#[wasm_bindgen_test]
fn the_height_message_holds_only_its_type_and_the_height() {
    use cramp_check::app::embed::{content_height, height_message, in_iframe, HEIGHT_MESSAGE};
    let message = height_message(812);
    let object: js_sys::Object = message.clone().unchecked_into();
    let keys = js_sys::Object::keys(&object);
    assert_eq!(keys.length(), 2);
    assert_eq!(
        js_sys::Reflect::get(&message, &"type".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some(HEIGHT_MESSAGE)
    );
    assert_eq!(
        js_sys::Reflect::get(&message, &"height".into())
            .unwrap()
            .as_f64(),
        Some(812.0)
    );
    assert!(content_height() > 0);
    // The render tests run in a top-level page, and outside a frame nothing is reported.
    assert!(
        !in_iframe(&gloo::utils::window()),
        "the render tests are expected to run in a top-level page"
    );
    assert!(!cramp_check::app::embed::report_height(
        "https://host.example".into()
    ));
}
