//! `assess`: reads answer sets as JSON Lines on standard input and writes one triage per line.
//!
//! `cargo run --quiet --bin assess < answers.jsonl`. Exit status 1 if any line was not valid JSON.
//! `assess --dump-content` writes the questionnaire it uses (steps, questions,
//! rules, texts) as one JSON document instead, for tools such as the browser tests.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let content = cramp_core::content::embedded();
    if std::env::args().nth(1).as_deref() == Some("--dump-content") {
        match serde_json::to_string(content) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("assess: {e}");
                std::process::exit(2);
            }
        }
        return;
    }
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    let stderr = std::io::stderr().lock();
    match cramp_core::assess::run(content, stdin, stdout, stderr) {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(e) => {
            eprintln!("assess: {e}");
            std::process::exit(2);
        }
    }
}

/// `assess` is a native tool; the browser build of the workspace has nothing to run.
#[cfg(target_arch = "wasm32")]
fn main() {}
