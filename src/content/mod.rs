//! The questionnaire content: its types, its loader, and the copy compiled into the binary.

mod model;
pub use model::*;

#[cfg(not(target_arch = "wasm32"))]
pub mod load;

use std::sync::OnceLock;

/// The question files as validated by the build script, serialized as JSON.
/// Nothing is fetched at run time: this string is part of the binary.
const EMBEDDED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/content.json"));

/// The questionnaire compiled into this binary.
pub fn embedded() -> &'static Content {
    static CONTENT: OnceLock<Content> = OnceLock::new();
    CONTENT.get_or_init(|| {
        // The build script wrote this JSON from a `Content` it had just validated,
        // with this same type, so it always deserializes.
        serde_json::from_str(EMBEDDED_JSON).expect("embedded content written by build.rs")
    })
}
