//! Validates every file in `questions/` and compiles the content into the binary.
//!
//! A malformed question file fails the build with messages that name the file
//! and the id. The loader is the core's own (`src/content/load.rs`), included
//! here by path so that build-time and test-time validation are the same code.
//! The content is then written as Rust source (`codegen.rs`): a `static`
//! compiled into the binary, with nothing to parse at run time.

#![allow(dead_code)]

#[path = "src/content/model.rs"]
mod model;

#[path = "src/content/load.rs"]
mod load;

#[path = "src/content/codegen.rs"]
mod codegen;

#[path = "src/content/texts.rs"]
mod texts;

use std::path::Path;

fn main() {
    let manifest =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-changed=src/content/model.rs");
    println!("cargo:rerun-if-changed=src/content/load.rs");
    println!("cargo:rerun-if-changed=src/content/codegen.rs");
    println!("cargo:rerun-if-changed=src/content/texts.rs");
    // The FHIR generator is part of what the Questionnaires' version hashes.
    println!("cargo:rerun-if-changed=src/fhir.rs");
    // The question files live at the top of the workspace. Loading from there
    // names them `questions/<file>` in messages, as a clinician knows them.
    let root = manifest.join("../..");
    std::env::set_current_dir(&root).expect("the workspace root");
    // Tests point this at a broken copy to prove a bad file fails the build.
    println!("cargo:rerun-if-env-changed=CRAMP_QUESTIONS_DIR");
    let dir = std::env::var("CRAMP_QUESTIONS_DIR").unwrap_or_else(|_| "questions".into());
    println!("cargo:rerun-if-changed={}", root.join(&dir).display());
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
    // The widget never shows citations or file names: leave them out of the wasm.
    let browser = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    // The release wasm carries no words: each language comes in a file of its own
    // (`texts.rs`), so the first load has the page's language only. The wasm render
    // tests (a debug build) keep them compiled in; CRAMP_SPLIT_TEXTS=0/1 overrides.
    println!("cargo:rerun-if-env-changed=CRAMP_SPLIT_TEXTS");
    let split = match std::env::var("CRAMP_SPLIT_TEXTS").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => browser && std::env::var("PROFILE").is_ok_and(|p| p == "release"),
    };
    let source = codegen::rust_source(
        &content,
        codegen::Options {
            provenance: !browser,
            split,
        },
    );
    // The language files, from the same table (written to dist/ by
    // `bin/language-files`). A text missing in a language fails the build here.
    let table = codegen::text_table(&content);
    // The FHIR Questionnaires' version follows the question files and the
    // generator (`fhir::VERSION`): the same files, the same hash, on every build.
    let inputs = codegen::version_inputs(Path::new(&dir), &manifest.join("src/fhir.rs"))
        .expect("read the question files and src/fhir.rs");
    println!(
        "cargo:rustc-env=CRAMP_CONTENT_HASH={}",
        codegen::content_hash(&inputs)
    );
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf();
    std::fs::write(out.join("content.rs"), source).expect("write content.rs");
    std::fs::write(out.join("ids.rs"), codegen::ids_source(&content)).expect("write ids.rs");
    for lang in model::Lang::ALL {
        match table.language_file(lang) {
            Ok(file) => std::fs::write(out.join(format!("texts.{}.js", lang.tag())), file)
                .expect("write a language file"),
            Err(e) => {
                eprintln!("error: the {} language file: {e}", lang.tag());
                std::process::exit(1);
            }
        }
    }
}
