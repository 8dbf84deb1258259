//! The widget's entry point: set the panic hook and mount the app. Everything else is in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    cramp_check::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cramp-check is a browser widget: build and serve it with `make run`.");
    std::process::exit(2);
}
