//! The cramp self-check's pure core: everything that can be decided without a browser.
//!
//! `content` holds the validated question files (loaded and checked at build
//! time, compiled in as data), `engine` turns answers into a triage, `assess`
//! is the command-line evaluator, `diary` the cramp diary, `codec` every
//! stored and exported format (over the small JSON tree of `json`), `fhir` the FHIR R4
//! handoff, and `settings` validates what a host page passes in the URL.
//! `boot` is what scripts/boot.js must know of the core, written into it at build time.
//! `book` (native only) writes the content book for clinical sign-off.
//!
//! **Invariant:** nothing here depends on a browser crate (yew, web-sys, gloo,
//! js-sys, wasm-bindgen): the widget (`src/` at the top) is a thin shell over
//! this crate, and everything here is tested natively with `cargo test -p cramp-core`.

#[cfg(not(target_arch = "wasm32"))]
pub mod assess;
#[cfg(not(target_arch = "wasm32"))]
pub mod book;
pub mod boot;
pub mod calendar;
pub mod codec;
pub mod content;
pub mod diary;
pub mod diary_store;
pub mod drawings;
pub mod engine;
pub mod fhir;
pub mod hooks;
pub mod journey;
pub mod json;
pub mod markup;
pub mod prerender;
pub mod screens;
pub mod settings;
pub mod view;
