//! Writes this build's language files, `<dir>/texts.zh-CN.js` and `<dir>/texts.en.js`:
//! the words of every text of the question files, one language each, in the order the
//! release wasm numbers them (`content::texts`). scripts/postbuild.mjs runs it, names
//! each file by its hash and has the page load the page's language only.
//!
//! Usage: language-files <dir>

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: language-files <dir>");
        std::process::exit(2);
    };
    for lang in cramp_core::content::Lang::ALL {
        let path = std::path::Path::new(&dir).join(format!("texts.{}.js", lang.tag()));
        if let Err(e) = std::fs::write(&path, cramp_core::content::language_file(lang)) {
            eprintln!("language-files: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}
