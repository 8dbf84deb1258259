//! `prerender <dist>`: writes what the build derives from the question files.
//!
//! - standard output: the prerendered first screens (introduction and
//!   emergency screen, both languages), which `scripts/postbuild.mjs` puts
//!   into index.html's `<main id="app">`, then a line with only
//!   `<!-- crash -->`, then the crash message template it puts after it;
//! - `<dist>/fhir/questionnaire.zh-CN.json` and `.en.json`: the FHIR R4
//!   Questionnaires (one per language, each with its own canonical, at
//!   `fhir::VERSION`), the same for everyone, so the browser does not build them.
//!
//! Run by the post-build step; uses the content compiled into the core (the
//! question files the build script has just validated).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use cramp_core::content::{embedded, Lang};
    let Some(dist) = std::env::args().nth(1) else {
        eprintln!("usage: prerender <dist folder>");
        std::process::exit(2);
    };
    let c = embedded();
    let fhir = std::path::Path::new(&dist).join("fhir");
    if let Err(e) = std::fs::create_dir_all(&fhir) {
        eprintln!("prerender: cannot create {}: {e}", fhir.display());
        std::process::exit(1);
    }
    for lang in Lang::ALL {
        let q = cramp_core::fhir::questionnaire(c, lang).write_pretty();
        let path = fhir.join(format!("questionnaire.{}.json", lang.tag()));
        if let Err(e) = std::fs::write(&path, q) {
            eprintln!("prerender: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
    print!(
        "{}\n<!-- crash -->\n{}",
        cramp_core::prerender::first_screens(c, cramp_core::journey::DEFAULT_PHONE),
        cramp_core::prerender::crash_template(c)
    );
}

/// A native tool; the browser build of the workspace has nothing to run.
#[cfg(target_arch = "wasm32")]
fn main() {}
