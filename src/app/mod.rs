//! The Yew widget (browser only).

/// Mounts the widget on the page.
pub fn start() {
    console_error_panic_hook::set_once();
}
