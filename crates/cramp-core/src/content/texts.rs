//! The texts of one language at a time: the widget's first load carries only the
//! page's language (issue 24).
//!
//! In the release wasm (`codegen::Options::split`) every [`Text`](super::Text) of the
//! compiled-in content holds a marker instead of its words: NUL bytes, as many as its
//! index in the content's text table plus one (all cut from one string, [`mark`], so a
//! marker costs no string of its own). The words of each language come in a file of
//! their own (`cramp-texts-<lang>-<hash>.js`, written by `bin/language-files` from the
//! same table, see `codegen::TextTable`), which the page loads as a script; the shell
//! hands its string to [`install`] and [`resolve`] (behind `Text::get`) looks the
//! marker up. Natively, and in the wasm render tests, the words are compiled in as
//! before and nothing here is used.
//!
//! Depends on nothing but std, so the build script includes it too, and `model.rs`
//! can use it: a language is its index here, `Lang as usize` (0 Chinese, 1 English).

use std::sync::OnceLock;

/// Separates the table's hash and each text in a language file's string (never in a
/// text: the loader refuses control characters other than line breaks in the question
/// files, and `codegen` checks it again).
pub const SEPARATOR: char = '\u{1}';
/// A marker's bytes (never the start of a text, `codegen` checks it).
pub const MARK: u8 = 0;

/// The marker of text `n - 1`: the first `n` bytes of `marks` (the generated
/// `TEXT_MARKS`, NUL bytes only).
pub const fn mark(marks: &'static str, n: usize) -> &'static str {
    match std::str::from_utf8(marks.as_bytes().split_at(n).0) {
        Ok(s) => s,
        Err(_) => panic!("markers are NUL bytes"),
    }
}

static TABLES: [OnceLock<Box<[&'static str]>>; 2] = [OnceLock::new(), OnceLock::new()];

fn slot(lang: usize) -> &'static OnceLock<Box<[&'static str]>> {
    &TABLES[lang % TABLES.len()]
}

/// The words for `s` in `lang`: `s` itself unless it is a marker. A marker of a
/// language not installed yet gives the other language's words if that one is, else
/// nothing (the shell installs the page's language before the widget starts, and a
/// language before it switches to it: this never shows in practice).
pub fn resolve(s: &str, lang: usize) -> &str {
    if s.as_bytes().first() != Some(&MARK) {
        return s;
    }
    let index = s.len() - 1;
    [lang, 1 - lang % 2]
        .into_iter()
        .find_map(|l| slot(l).get().and_then(|t| t.get(index).copied()))
        .unwrap_or("")
}

/// Are `lang`'s words installed?
pub fn has(lang: usize) -> bool {
    slot(lang).get().is_some()
}

/// Why a language file's string was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstallError {
    /// Written for another build of the question files (`hash` is the file's).
    OtherBuild { hash: String },
    /// Not as many texts as the table has.
    Count { expected: usize, found: usize },
}

/// Installs `lang`'s words from a language file's string (`<hash>␁<text 0>␁<text 1>…`),
/// which must have been written for this build's table (`hash`, `count`: the
/// generated `TEXTS_HASH` and `TEXTS_COUNT`). Installing a language again does nothing.
pub fn install(lang: usize, file: String, hash: &str, count: usize) -> Result<(), InstallError> {
    if has(lang) {
        return Ok(());
    }
    let (found_hash, rest) = file.split_once(SEPARATOR).unwrap_or((&file, ""));
    if found_hash != hash {
        return Err(InstallError::OtherBuild {
            hash: found_hash.chars().take(32).collect(),
        });
    }
    let found = if count == 0 && rest.is_empty() {
        0
    } else {
        rest.split(SEPARATOR).count()
    };
    if found != count {
        return Err(InstallError::Count {
            expected: count,
            found,
        });
    }
    // Kept for the life of the page, as compiled-in words would be.
    let rest: &'static str = Box::leak(rest.to_owned().into_boxed_str());
    let table: Box<[&'static str]> = if count == 0 {
        Box::new([])
    } else {
        rest.split(SEPARATOR).collect()
    };
    let _ = slot(lang).set(table);
    Ok(())
}
