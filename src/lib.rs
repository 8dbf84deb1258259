//! The cramp self-check widget: a thin Yew shell over the pure core (`cramp_core`).
//!
//! Everything that can be decided without a browser lives in `crates/cramp-core`
//! and is tested natively; `app` (browser only) renders the core's state and
//! performs its effects (storage, focus, downloads, speech).

pub use cramp_core::{codec, content, diary, engine, fhir, journey, settings};

#[cfg(target_arch = "wasm32")]
pub mod app;
