//! The questionnaire content: its types, its loader, and the copy compiled into the binary.

mod model;
pub use model::*;

pub mod texts;

#[cfg(not(target_arch = "wasm32"))]
pub mod load;

#[cfg(not(target_arch = "wasm32"))]
pub mod codegen;

// `pub static CONTENT: Content`, written by the build script from the question
// files it has just validated (see `codegen.rs`). Nothing is fetched or parsed
// at run time: the questionnaire is data in the binary.
include!(concat!(env!("OUT_DIR"), "/content.rs"));

/// Typed ids of everything in the question files (see [`QuestionId`]): the
/// only way Rust code names a question, option, rule, pattern, department or step.
pub mod ids {
    include!(concat!(env!("OUT_DIR"), "/ids.rs"));
}

/// This build's language file for `lang` (a script: see `texts.rs`), written by the
/// build script from the same text table as the release wasm's markers.
#[cfg(not(target_arch = "wasm32"))]
pub fn language_file(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => include_str!(concat!(env!("OUT_DIR"), "/texts.zh-CN.js")),
        Lang::En => include_str!(concat!(env!("OUT_DIR"), "/texts.en.js")),
    }
}

/// The questionnaire compiled into this binary.
pub fn embedded() -> &'static Content {
    &CONTENT
}
