//! Night-time leg cramp self-check: the questionnaire, its triage engine and the widget.
//!
//! `content` holds the validated question files, `engine` turns answers into a
//! triage, `assess` is the command-line evaluator's logic, `settings` validates
//! what a host page passes in the URL, and `app` (browser only) is the Yew
//! widget built on them.
//! `diary` keeps the cramp diary (weekly counts, trend, storage, export and import).
//! `fhir` writes the FHIR R4 Questionnaire and QuestionnaireResponse for a clinic.

pub mod assess;
pub mod content;
pub mod diary;
pub mod engine;
pub mod fhir;
pub mod settings;

#[cfg(target_arch = "wasm32")]
pub mod app;
