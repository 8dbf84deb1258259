//! `content-book`: writes the content book for clinical sign-off (`dist/content-book.html` and its stylesheet).
//!
//! `cargo run -p cramp-core --bin content-book -- [questions dir] [output dir]`
//! (defaults: `questions`, `dist`). It loads the question files with the same
//! loader and checks as the widget's build (so a file the build would refuse is
//! refused here too, with the file and the id named), keeping the sources and
//! file names that the widget's compiled-in copy leaves out.
//!
//! A native tool: the question-file loader is not built for wasm32, where this
//! binary is an empty stub so that `cargo clippy --target wasm32-unknown-unknown --bins` still builds.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use cramp_core::book::{content_book, PAGE_FILE, STYLESHEET, STYLESHEET_FILE};
    use cramp_core::content::load::load_dir;
    use std::path::PathBuf;
    use std::process::ExitCode;

    let mut args = std::env::args_os().skip(1);
    let questions = PathBuf::from(args.next().unwrap_or_else(|| "questions".into()));
    let out_dir = PathBuf::from(args.next().unwrap_or_else(|| "dist".into()));
    let content = match load_dir(&questions) {
        Ok(c) => c,
        Err(errors) => {
            eprintln!(
                "content-book: {} problem(s) in the question files:",
                errors.len()
            );
            for e in errors {
                eprintln!("  {e}");
            }
            return ExitCode::from(1);
        }
    };
    let page = out_dir.join(PAGE_FILE);
    let css = out_dir.join(STYLESHEET_FILE);
    let written = std::fs::create_dir_all(&out_dir)
        .and_then(|()| std::fs::write(&page, content_book(&content)))
        .and_then(|()| std::fs::write(&css, STYLESHEET));
    match written {
        Ok(()) => {
            println!(
                "content-book: wrote {} and {} ({} rules, {} questions)",
                page.display(),
                css.display(),
                content.rules.len(),
                content.questions().count()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("content-book: cannot write into {}: {e}", out_dir.display());
            ExitCode::from(2)
        }
    }
}
