//! Writes validated content as Rust source: one `static` the binary uses as is.
//!
//! Used by the build script only. Compiling the questionnaire in as data (instead
//! of JSON parsed at start-up) means the browser runs no parser and ships no
//! deserialization code, and the content is ready before the first frame.

use super::model::*;
use std::fmt::Write;

/// What the generated source keeps.
#[derive(Clone, Copy)]
pub struct Options {
    /// Keep `source` and `file` (citations and file names, for tools and tests).
    /// The browser never shows them, so the widget's build leaves them empty.
    pub provenance: bool,
    /// Leave the words of every [`Text`] out: each holds a marker, its index in the
    /// [`TextTable`], and the words come from the language files (`texts.rs`). The
    /// release wasm's build, so that its first load carries one language only.
    pub split: bool,
}

/// Every [`Text`] of the content in the order the generated source writes them,
/// each distinct pair once: what the language files hold, one language each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextTable {
    pub texts: Vec<(String, String)>,
    index: std::collections::HashMap<(String, String), usize>,
}

impl TextTable {
    fn add(&mut self, t: &Text) -> usize {
        let key = (t.zh.to_string(), t.en.to_string());
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.texts.len();
        self.texts.push(key.clone());
        self.index.insert(key, i);
        i
    }

    /// The table's hash (8 hex digits): a language file of another build is refused.
    pub fn hash(&self) -> String {
        let files: Vec<(String, String)> = self.texts.clone();
        content_hash(&files)
    }

    /// The string a language file hands to the widget (`texts::install`):
    /// `<hash>␁<text 0>␁<text 1>…`. A text that is empty in `lang`, starts with a
    /// marker or holds the separator is refused, naming its index and its words in
    /// the other language (the loader refuses such question files first, naming the
    /// file and the id).
    pub fn language_string(&self, lang: Lang) -> Result<String, String> {
        let mut out = self.hash();
        for (i, (zh, en)) in self.texts.iter().enumerate() {
            let (text, other) = match lang {
                Lang::Zh => (zh, en),
                Lang::En => (en, zh),
            };
            if text.trim().is_empty() {
                return Err(format!(
                    "text {i} has no {} words (in the other language: {other:?})",
                    lang.tag()
                ));
            }
            if text.as_bytes()[0] == super::texts::MARK || text.contains(super::texts::SEPARATOR) {
                return Err(format!("text {i} holds a control character: {text:?}"));
            }
            out.push(super::texts::SEPARATOR);
            out.push_str(text);
        }
        Ok(out)
    }

    /// The language file itself: a script that hands the string to the widget
    /// (`self.ccTexts[<tag>]`, read by the shell's `app::texts`). Only `"`, `\\` and
    /// line breaks are escaped: the words stay as they are (UTF-8), for size.
    pub fn language_file(&self, lang: Lang) -> Result<String, String> {
        let s = self.language_string(lang)?;
        let mut lit = String::with_capacity(s.len() + 64);
        for ch in s.chars() {
            match ch {
                '"' => lit.push_str("\\\""),
                '\\' => lit.push_str("\\\\"),
                '\n' => lit.push_str("\\n"),
                '\r' => lit.push_str("\\r"),
                '\u{2028}' => lit.push_str("\\u2028"),
                '\u{2029}' => lit.push_str("\\u2029"),
                c => lit.push(c),
            }
        }
        Ok(format!(
            "(self.ccTexts=self.ccTexts||{{}})[{:?}]=\"{lit}\";\n",
            lang.tag()
        ))
    }
}

/// The Rust source of `pub static CONTENT: Content = …;`.
pub fn rust_source(c: &Content, opts: Options) -> String {
    let mut w = Writer {
        out: String::new(),
        opts,
        table: TextTable::default(),
    };
    w.out.push_str("pub static CONTENT: Content = ");
    c.emit(&mut w);
    w.out.push_str(";\n");
    // What the markers are cut from (`texts::mark`): one NUL per text and one more.
    let _ = writeln!(
        w.out,
        "#[allow(dead_code)]\nconst TEXT_MARKS: &str = \"{}\";",
        "\\0".repeat(if opts.split {
            w.table.texts.len() + 1
        } else {
            0
        })
    );
    let _ = writeln!(
        w.out,
        "/// Are the words left out, in language files (`texts.rs`)?\npub const TEXTS_SPLIT: bool = {};\n\
         /// The text table's hash and size, which a language file must match.\n\
         pub const TEXTS_HASH: &str = {:?};\npub const TEXTS_COUNT: usize = {};",
        opts.split,
        w.table.hash(),
        w.table.texts.len()
    );
    w.out
}

/// The table of every text, as the source written by [`rust_source`] numbers them
/// (the same for every `Options`).
pub fn text_table(c: &Content) -> TextTable {
    let mut w = Writer {
        out: String::new(),
        opts: Options {
            provenance: false,
            split: true,
        },
        table: TextTable::default(),
    };
    c.emit(&mut w);
    w.table
}

/// The Rust source of the typed id constants (`content::ids`): one module per
/// sort of id, and per question a module of its option ids.
pub fn ids_source(c: &Content) -> String {
    let mut out = String::from("// Written by the build script from questions/: do not edit.\n");
    let mut module = |name: &str, doc: &str, ty: &str, ids: &mut dyn Iterator<Item = &str>| {
        let _ = writeln!(
            out,
            "#[doc = {doc:?}]\npub mod {name} {{\n    use super::super::{ty};"
        );
        for id in ids {
            let _ = writeln!(out, "    pub const {}: {ty} = {ty}({id:?});", constant(id));
        }
        out.push_str("}\n");
    };
    module(
        "step",
        "Step ids.",
        "StepId",
        &mut c.steps.iter().map(|s| &*s.id),
    );
    module(
        "q",
        "Question ids.",
        "QuestionId",
        &mut c.questions().map(|q| &*q.id),
    );
    module(
        "rule",
        "Rule ids.",
        "RuleId",
        &mut c.rules.iter().map(|r| &*r.id),
    );
    module(
        "pattern",
        "Pattern ids.",
        "PatternId",
        &mut c.patterns.iter().map(|p| &*p.id),
    );
    module(
        "dept",
        "Department ids.",
        "DepartmentId",
        &mut c.departments.iter().map(|d| &*d.id),
    );
    out.push_str("/// Option ids, one module per question.\npub mod opt {\n");
    for q in c.questions() {
        if q.options.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "    pub mod {} {{\n        use super::super::super::OptionId;",
            module_name(&q.id)
        );
        for o in q.options.iter() {
            let _ = writeln!(
                out,
                "        pub const {}: OptionId = OptionId({:?});",
                constant(&o.id),
                &*o.id
            );
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

/// `over_10_min` → `OVER_10_MIN`; `65_plus` → `_65_PLUS` (an identifier cannot start with a digit).
fn constant(id: &str) -> String {
    let up = id.to_ascii_uppercase();
    if up.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{up}")
    } else {
        up
    }
}

/// A question id as a module name (raw identifier when it is a keyword).
fn module_name(id: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
        "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
        "return", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
        "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
        "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
    ];
    if KEYWORDS.contains(&id) {
        format!("r#{id}")
    } else if id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{id}")
    } else {
        id.to_string()
    }
}

struct Writer {
    out: String,
    opts: Options,
    table: TextTable,
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn provenance(&mut self, s: &str) {
        let kept = if self.opts.provenance { s } else { "" };
        kept.emit(self);
    }
}

trait Emit {
    fn emit(&self, w: &mut Writer);
}

impl Emit for str {
    fn emit(&self, w: &mut Writer) {
        // `{:?}` of a str is a valid Rust string literal.
        let _ = write!(w.out, "::std::borrow::Cow::Borrowed({self:?})");
    }
}

impl Emit for Str {
    fn emit(&self, w: &mut Writer) {
        (**self).emit(w);
    }
}

impl<T: Emit + Clone> Emit for List<T> {
    fn emit(&self, w: &mut Writer) {
        w.raw("::std::borrow::Cow::Borrowed(&[");
        for item in self.iter() {
            item.emit(w);
            w.raw(",");
        }
        w.raw("])");
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, w: &mut Writer) {
        match self {
            None => w.raw("None"),
            Some(x) => {
                w.raw("Some(");
                x.emit(w);
                w.raw(")");
            }
        }
    }
}

/// Enums without data are written by their variant name.
macro_rules! emit_debug {
    ($($t:ty),*) => {$(
        impl Emit for $t {
            fn emit(&self, w: &mut Writer) {
                let _ = write!(w.out, "{}::{:?}", stringify!($t), self);
            }
        }
    )*};
}
emit_debug!(Level, Kind, Drawing);

/// Structs are written field by field; `@provenance` fields only when kept.
macro_rules! emit_struct {
    ($t:ident { $($f:ident),* } $(@provenance { $($p:ident),* })?) => {
        impl Emit for $t {
            fn emit(&self, w: &mut Writer) {
                w.raw(concat!(stringify!($t), "{"));
                $(
                    w.raw(concat!(stringify!($f), ": "));
                    self.$f.emit(w);
                    w.raw(",");
                )*
                $($(
                    w.raw(concat!(stringify!($p), ": "));
                    w.provenance(&self.$p);
                    w.raw(",");
                )*)?
                w.raw("}");
            }
        }
    };
}
impl Emit for Text {
    fn emit(&self, w: &mut Writer) {
        let i = w.table.add(self);
        if w.opts.split {
            // The same marker in both fields, a prefix of `TEXT_MARKS` (see `texts.rs`):
            // no string of its own in the wasm, the index in its length.
            let n = i + 1;
            let _ = write!(w.out, "Text{{zh: ::std::borrow::Cow::Borrowed(texts::mark(TEXT_MARKS, {n})),en: ::std::borrow::Cow::Borrowed(texts::mark(TEXT_MARKS, {n})),}}");
        } else {
            w.raw("Text{zh: ");
            self.zh.emit(w);
            w.raw(",en: ");
            self.en.emit(w);
            w.raw(",}");
        }
    }
}
emit_struct!(Choice { id, label, drawing });
emit_struct!(Question {
    id,
    kind,
    text,
    help,
    options,
    exclusive,
    show_if,
    informational,
    feeds,
    drawing,
    tell_doctor
});
emit_struct!(Step { id, title, intro, show_if, questions } @provenance { file });
emit_struct!(Condition { q, op });
emit_struct!(Rule { id, level, patterns, departments, all, any, reason, alert, notice } @provenance { source, file });
emit_struct!(Pattern { id, name, about, departments, alone, not_if } @provenance { source });
emit_struct!(Department { id, name });
emit_struct!(LevelText {
    level,
    title,
    action,
    by_when
});
emit_struct!(Advice { id, title, text, first_if, caution, caution_if, drawing } @provenance { source });
emit_struct!(TestToAsk { id, patterns, text, cites } @provenance { source });
emit_struct!(UiText { key, text });
emit_struct!(Content {
    steps,
    rules,
    patterns,
    departments,
    levels,
    self_care,
    stretches,
    safety_net,
    ui,
    tests_to_ask,
    required_follow_ups
});

impl Emit for bool {
    fn emit(&self, w: &mut Writer) {
        let _ = write!(w.out, "{self}");
    }
}

impl Emit for Op {
    fn emit(&self, w: &mut Writer) {
        match self {
            Op::In(v) => {
                w.raw("Op::In(");
                v.emit(w);
                w.raw(")");
            }
            Op::Has(v) => {
                w.raw("Op::Has(");
                v.emit(w);
                w.raw(")");
            }
            Op::IsTrue => w.raw("Op::IsTrue"),
        }
    }
}

/// What the FHIR Questionnaires' version is derived from (`fhir::VERSION`):
/// every question file the loader reads (`<questions>/*.toml`) and the
/// generator that turns them into FHIR (`generator`, the core's `src/fhir.rs`),
/// each as (file name without its folder, text).
pub fn version_inputs(
    questions: &std::path::Path,
    generator: &std::path::Path,
) -> std::io::Result<Vec<(String, String)>> {
    let mut paths: Vec<_> = std::fs::read_dir(questions)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths.push(generator.to_path_buf());
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned());
            Ok((name, std::fs::read_to_string(&p)?))
        })
        .collect()
}

/// A short stable hash of `files` (8 hex digits): 64-bit FNV-1a over each
/// name and text (with `\r` left out, so a checkout with CRLF line ends gives
/// the same), each length-prefixed, folded to 32 bits. Not cryptographic: it
/// only has to change when a file does.
pub fn content_hash(files: &[(String, String)]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for (name, text) in files {
        let text: Vec<u8> = text.bytes().filter(|b| *b != b'\r').collect();
        for part in [name.as_bytes(), &text[..]] {
            eat(&(part.len() as u64).to_le_bytes());
            eat(part);
        }
    }
    format!("{:08x}", (h ^ (h >> 32)) as u32)
}
