//! Embedding: tells the host page the widget's height so its iframe can fit the content.
//!
//! Only when the host named its origin (`?parent_origin=`, validated by
//! `settings::origin`) and the page really is in a frame. The message goes to
//! that origin only, never `"*"`, and holds nothing but the height. The widget
//! listens to no message at all: nothing a host page posts can reach it.

use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{ResizeObserver, Window};

/// The message's `type`, the embed script's contract.
pub const HEIGHT_MESSAGE: &str = "cramp-check:height";

/// Is this page inside a frame? (`window.parent` is another window.)
pub fn in_iframe(window: &Window) -> bool {
    match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(&parent, window),
        _ => false,
    }
}

/// `{type: "cramp-check:height", height}`.
pub fn height_message(height: u32) -> JsValue {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &f64::from(height).into());
    message.into()
}

/// The height the content needs: the root element's own box, so the frame can
/// shrink as well as grow. (`scrollHeight` of the root never drops below the
/// frame's current height, so a frame sized to it could never get smaller.)
pub fn content_height() -> u32 {
    gloo::utils::document()
        .document_element()
        .map_or(0, |html| {
            let h = html.get_bounding_client_rect().height().ceil();
            // Saturating cast: a height is never negative or beyond u32.
            h.clamp(0.0, f64::from(u32::MAX)) as u32
        })
}

/// Starts reporting the height to `origin` whenever it changes. Returns whether
/// it started (not outside a frame, nor without `ResizeObserver`).
pub fn report_height(origin: String) -> bool {
    let window = gloo::utils::window();
    if !in_iframe(&window) {
        return false;
    }
    let Some(html) = gloo::utils::document().document_element() else {
        return false;
    };
    let last = Rc::new(Cell::new(0u32));
    let on_resize = Closure::<dyn FnMut(js_sys::Array, ResizeObserver)>::new(
        move |_entries: js_sys::Array, _observer: ResizeObserver| {
            let height = content_height();
            if height != last.replace(height) {
                if let Ok(Some(parent)) = window.parent() {
                    let _ = parent.post_message(&height_message(height), &origin);
                }
            }
        },
    );
    let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
        return false;
    };
    observer.observe(&html);
    // Both live as long as the page.
    on_resize.forget();
    std::mem::forget(observer);
    true
}
