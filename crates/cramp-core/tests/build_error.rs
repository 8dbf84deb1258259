//! A malformed question file fails the real build (not only the loader's tests),
//! with a message that names the file and the id.

mod common;

use std::process::Command;

#[test]
fn a_broken_question_file_fails_cargo_build_naming_file_and_id() {
    common::at_root();
    let broken =
        std::env::temp_dir().join(format!("cramp-broken-questions-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&broken);
    std::fs::create_dir_all(&broken).unwrap();
    for entry in std::fs::read_dir("questions").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let mut text = std::fs::read_to_string(&path).unwrap();
            if path.ends_with("60_circulation.toml") {
                text = text.replacen(
                    "{ q = \"varicose_veins\", is = true }",
                    "{ q = \"varicose_vein\", is = true }",
                    1,
                );
                // A text without its English words: the English language file
                // (issue 24) could not be written either.
                text = text.replacen(
                    ", en = \"Do you get calf pain when walking that goes away within 10 minutes of standing still?\" }",
                    " }",
                    1,
                );
            }
            std::fs::write(broken.join(path.file_name().unwrap()), text).unwrap();
        }
    }
    // A separate target folder: the outer `cargo test` holds the lock on the usual one.
    let target = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken-build");
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "-p", "cramp-core", "--lib", "--offline"])
        .env("CRAMP_QUESTIONS_DIR", &broken)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("run cargo");
    let _ = std::fs::remove_dir_all(&broken);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "the build accepted a broken question file"
    );
    assert!(
        stderr.contains("60_circulation.toml: `venous`: unknown question `varicose_vein`"),
        "the build error does not name the file and id:\n{stderr}"
    );
    assert!(
        stderr.lines().any(|l| l.contains("60_circulation.toml")
            && l.contains("walking_pain_eases_standing")
            && l.contains("missing `en` translation of `text`")),
        "the build error does not name the file and id of the missing text:\n{stderr}"
    );
}
