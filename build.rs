//! Validates every file in `questions/` and compiles the content into the binary.
//!
//! A malformed question file fails the build with messages that name the file
//! and the id. The loader is the library's own (`src/content/load.rs`), included
//! here by path so that build-time and test-time validation are the same code.

#![allow(dead_code)]

#[path = "src/content/model.rs"]
mod model;

#[path = "src/content/load.rs"]
mod load;

use std::path::Path;

fn main() {
    // Tests point this at a broken copy to prove a bad file fails the build.
    println!("cargo:rerun-if-env-changed=CRAMP_QUESTIONS_DIR");
    let dir = std::env::var("CRAMP_QUESTIONS_DIR").unwrap_or_else(|_| "questions".into());
    println!("cargo:rerun-if-changed={dir}");
    println!("cargo:rerun-if-changed=src/content/model.rs");
    println!("cargo:rerun-if-changed=src/content/load.rs");
    let content = match load::load_dir(Path::new(&dir)) {
        Ok(c) => c,
        Err(errors) => {
            eprintln!("error: {} problem(s) in the question files:", errors.len());
            for e in &errors {
                eprintln!("  {e}");
            }
            std::process::exit(1);
        }
    };
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("content.json");
    let json = serde_json::to_string(&content).expect("content serializes");
    std::fs::write(&out, json).expect("write content.json");
}
