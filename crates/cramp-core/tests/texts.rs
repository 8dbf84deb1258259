//! The words of each language in a file of its own (issue 24): the release wasm carries
//! markers (`codegen::Options::split`), the page loads the page's language file.
//! Here: each language file holds every text of the question files, in the order of
//! the table the markers index, and a marker resolves to its words once installed.

use cramp_core::content::{self, codegen, embedded, texts, Lang, Text};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// A language file's string, as the widget reads it from `ccTexts[<tag>]`.
fn file_string(lang: Lang) -> String {
    let file = content::language_file(lang);
    let prefix = format!("(self.ccTexts=self.ccTexts||{{}})[{:?}]=\"", lang.tag());
    let body = file
        .strip_prefix(&prefix)
        .and_then(|f| f.strip_suffix("\";\n"))
        .unwrap_or_else(|| panic!("{} file is not one assignment: {}", lang.tag(), &file[..80]));
    // The file's string literal escapes only these.
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            panic!("an unescaped quote in the {} file", lang.tag());
        }
        if c == '\n' || c == '\r' {
            panic!("a raw line break in the {} file", lang.tag());
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            other => panic!("unexpected escape {other:?} in the {} file", lang.tag()),
        }
    }
    out
}

fn entries(lang: Lang) -> (String, Vec<String>) {
    let s = file_string(lang);
    let mut parts = s.split(texts::SEPARATOR).map(str::to_owned);
    let hash = parts.next().unwrap();
    (hash, parts.collect())
}

/// Every `{zh, en}` pair of the content, found through its serialised form (not
/// through codegen's own walk, which these tests check).
fn every_text_pair() -> BTreeSet<(String, String)> {
    fn walk(v: &serde_json::Value, out: &mut BTreeSet<(String, String)>) {
        match v {
            serde_json::Value::Object(m) => {
                if m.len() == 2 {
                    if let (Some(zh), Some(en)) = (m.get("zh"), m.get("en")) {
                        if let (Some(zh), Some(en)) = (zh.as_str(), en.as_str()) {
                            out.insert((zh.to_owned(), en.to_owned()));
                            return;
                        }
                    }
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(&serde_json::to_value(embedded()).unwrap(), &mut out);
    out
}

#[test]
fn each_language_file_holds_every_text_of_the_question_files_in_the_table_order() {
    let table = codegen::text_table(embedded());
    assert_eq!(table.texts.len(), content::TEXTS_COUNT);
    assert_eq!(table.hash(), content::TEXTS_HASH);
    let (zh_hash, zh) = entries(Lang::Zh);
    let (en_hash, en) = entries(Lang::En);
    assert_eq!(zh_hash, content::TEXTS_HASH, "the zh-CN file's hash");
    assert_eq!(en_hash, content::TEXTS_HASH, "the en file's hash");
    assert_eq!(zh.len(), content::TEXTS_COUNT, "texts in the zh-CN file");
    assert_eq!(en.len(), content::TEXTS_COUNT, "texts in the en file");
    // Ids line up: entry i of each file is text i of the table, in its language.
    for (i, (z, e)) in table.texts.iter().enumerate() {
        assert_eq!(&zh[i], z, "zh-CN text {i}");
        assert_eq!(&en[i], e, "en text {i}");
        assert!(
            !zh[i].trim().is_empty() && !en[i].trim().is_empty(),
            "text {i} is empty"
        );
    }
    // Every text of the content is in the table (each distinct pair once).
    let pairs = every_text_pair();
    let in_table: BTreeSet<(String, String)> = table.texts.iter().cloned().collect();
    assert_eq!(in_table.len(), table.texts.len(), "a pair listed twice");
    let missing: Vec<_> = pairs.difference(&in_table).collect();
    assert!(
        missing.is_empty(),
        "texts missing from the language files: {missing:?}"
    );
    assert!(
        pairs.len() > 300,
        "only {} texts found: the walk is broken",
        pairs.len()
    );
}

#[test]
fn a_text_missing_in_one_language_gives_no_language_file_and_says_which() {
    let mut c = embedded().clone();
    let q = &mut c.steps.to_mut()[1].questions.to_mut()[0];
    let english = q.text.en.to_string();
    q.text.zh = Cow::Borrowed(" ");
    let table = codegen::text_table(&c);
    assert!(table.language_file(Lang::En).is_ok());
    let err = table.language_file(Lang::Zh).unwrap_err();
    assert!(
        err.contains("no zh-CN words") && err.contains(&english),
        "{err}"
    );
}

#[test]
fn a_marker_gives_the_words_of_the_installed_language_and_a_file_of_another_build_is_refused() {
    let table = codegen::text_table(embedded());
    let (hash, count) = (content::TEXTS_HASH, content::TEXTS_COUNT);
    let refused = texts::install(
        Lang::En as usize,
        format!("00000000{}x", texts::SEPARATOR),
        hash,
        count,
    );
    assert!(
        matches!(refused, Err(texts::InstallError::OtherBuild { .. })),
        "{refused:?}"
    );
    let short = format!("{hash}{}only one", texts::SEPARATOR);
    assert_eq!(
        texts::install(Lang::En as usize, short, hash, count),
        Err(texts::InstallError::Count {
            expected: count,
            found: 1
        })
    );
    assert!(!texts::has(Lang::En as usize));

    let i = table.texts.len() - 1;
    let mark = "\u{0}".repeat(i + 1);
    let t = Text {
        zh: Cow::Owned(mark.clone()),
        en: Cow::Owned(mark),
    };
    // Nothing installed: nothing to show (the shell never renders then).
    assert_eq!(t.get(Lang::En), "");
    texts::install(Lang::En as usize, file_string(Lang::En), hash, count).unwrap();
    assert_eq!(t.get(Lang::En), table.texts[i].1);
    // Chinese not installed yet: the installed language's words stand in.
    assert_eq!(t.get(Lang::Zh), table.texts[i].1);
    texts::install(Lang::Zh as usize, file_string(Lang::Zh), hash, count).unwrap();
    assert_eq!(t.get(Lang::Zh), table.texts[i].0);
    // Words that are no marker are themselves.
    let plain = &embedded().steps[0].title;
    assert!(plain.get(Lang::Zh).chars().any(|c| c > '\u{2e80}'));
}
