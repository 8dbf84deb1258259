//! Taking over the prerendered first screens in place.
//!
//! index.html carries the introduction and the emergency screen as plain HTML
//! (written at build time by `cramp_core::prerender`), so a person can read and
//! answer them before, or without, the wasm. When the widget starts it reads
//! what they did there (checked answers, whether they went on to the emergency
//! questions), which element had focus and where the page was scrolled, mounts
//! (Yew replaces the prerendered nodes with the same markup), and puts focus
//! and scroll back: the element they were looking at stays where it was.

use crate::journey::Prerendered;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

thread_local! {
    /// What `read` saw, until the widget's first render has replaced the page.
    static PENDING: RefCell<Option<(Element, Before)>> = const { RefCell::new(None) };
}

/// Keeps `before` until [`finish_pending`] (after the first render).
pub fn keep(root: Element, before: Before) {
    PENDING.with(|p| *p.borrow_mut() = Some((root, before)));
}

/// Called once the widget has rendered: puts the answers, focus and scroll back.
pub fn finish_pending() {
    if let Some((root, before)) = PENDING.with(|p| p.borrow_mut().take()) {
        finish(&root, before);
    }
}

/// Right after `mount`: puts the answers, focus and scroll back in a microtask
/// queued after Yew's first render, so in the same task as that render. Yew
/// yields to the browser once a render has taken 16 ms (always, on a slow phone)
/// and runs the render's effects (where [`finish_pending`] was called) a task
/// later: the browser painted the widget in between, without the prerendered
/// answers chosen, the focus elsewhere and the page moved, for a frame, while a
/// tap could land on it. The effect's call then finds nothing left to do.
pub fn finish_after_first_render() {
    let done = wasm_bindgen::closure::Closure::once_into_js(finish_pending);
    gloo::utils::window().queue_microtask(done.unchecked_ref());
}

/// What the prerendered page held just before the widget took over.
pub struct Before {
    answers: Prerendered,
    /// The id of the element that had focus, if it was in the widget.
    focus: Option<String>,
    /// An element in view and its distance from the top of the viewport.
    anchor: Option<(String, f64)>,
}

impl Before {
    /// The answers and choices made on the prerendered page.
    pub fn answers(&self) -> Prerendered {
        self.answers.clone()
    }
}

/// Reads the prerendered page in `root`; `None` when there is none.
pub fn read(root: &Element) -> Option<Before> {
    let document = gloo::utils::document();
    root.query_selector(".cc-pre").ok().flatten()?;
    let mut checked = Vec::new();
    if let Ok(list) = root.query_selector_all("input:checked") {
        for i in 0..list.length() {
            if let Some(input) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                checked.push((input.name(), input.value()));
            }
        }
    }
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    let focus = document
        .active_element()
        .filter(|el| root.contains(Some(el)))
        .map(|el| el.id())
        .filter(|id| !id.is_empty());
    // The first element with an id whose top is in view: it must not move.
    let mut anchor = None;
    if let Ok(list) = root.query_selector_all("[id]") {
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let r = el.get_bounding_client_rect();
            if r.height() > 0.0 && r.top() >= 0.0 {
                anchor = Some((el.id(), r.top()));
                break;
            }
        }
    }
    let on_emergency_step = hash == "#cc-emergency" || !checked.is_empty();
    // What boot.js recorded of the person's choices before the widget started.
    let html = document.document_element()?;
    let attr = |name: &str| html.get_attribute(name);
    Some(Before {
        answers: Prerendered {
            checked,
            on_emergency_step,
            lang: attr("data-cc-lang")
                .as_deref()
                .and_then(crate::settings::lang),
            large_text: attr("data-cc-large").map(|v| v == "true"),
            next: attr("data-cc-next").as_deref() == Some("true"),
        },
        focus,
        anchor,
    })
}

/// After the first render: the answers given on the prerendered page chosen (as
/// the first render's effects do), focus on the same element again and the page
/// scrolled so the anchor is where it was.
fn finish(root: &Element, before: Before) {
    let document = gloo::utils::document();
    let window = gloo::utils::window();
    let checked = &before.answers.checked;
    if let Ok(list) = root.query_selector_all(".step-form input[name]") {
        for i in 0..list.length() {
            let Some(input) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                continue;
            };
            let name = input.name();
            if !checked.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let value = input.value();
            let chosen = checked.iter().any(|(n, v)| *n == name && *v == value);
            input.set_checked(chosen);
            if let Some(label) = input.parent_element() {
                let _ = label.class_list().toggle_with_force("chosen", chosen);
            }
        }
    }
    if let Some((id, top)) = before.anchor {
        if let Some(el) = document
            .get_element_by_id(&id)
            .filter(|el| root.contains(Some(el)))
        {
            let now = el.get_bounding_client_rect().top();
            window.scroll_by_with_x_and_y(0.0, now - top);
        }
    }
    if let Some(id) = before.focus {
        if let Some(el) = document
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            // No scrolling: the page is already where the person left it.
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = el.focus_with_options(&options);
        }
    }
}
