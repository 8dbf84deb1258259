//! The architecture, checked on the source and the dependency graph (native only).
//!
//! - The core needs no browser: `cargo tree -p cramp-core` lists no browser crate,
//!   natively and for wasm32 (the widget's target).
//! - Rust code names the question files' ids only through the typed constants the
//!   build script writes (`content::ids`: `q::FREQUENCY`, `rule::…`), never as a
//!   string literal: renaming an id in `questions/` then fails to compile instead
//!   of silently matching nothing.
//! - No two modules import each other (no cycle among the modules of one parent).
//! - The core reads neither the clock nor the time zone.
//!
//! The checks read the source with a small lexer of their own (comments, strings,
//! raw strings, chars and lifetimes), so a comment or a doc link counts for nothing.

use cramp_core::content::embedded;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The top of the workspace.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root")
}

/// A path relative to the workspace, with `/` (for messages and the allow lists).
fn relative(path: &Path) -> String {
    let rel = path.strip_prefix(workspace()).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every `.rs` file under `dir`, sorted, skipping the folders named in `skip`.
fn rust_files(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                if !skip.iter().any(|s| path.ends_with(s)) {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// 1. No browser crate in the core.

/// Crates that exist only for the browser; a name matches itself and its family (`gloo-utils`).
const BROWSER_CRATES: &[&str] = &["yew", "web-sys", "gloo", "js-sys", "wasm-bindgen"];

fn is_browser_crate(name: &str) -> bool {
    BROWSER_CRATES
        .iter()
        .any(|b| name == *b || name.strip_prefix(b).is_some_and(|r| r.starts_with('-')))
}

const WASM: &str = "wasm32-unknown-unknown";

/// The crate names in `cargo tree -p <package>` (normal and build dependencies),
/// for the host or for `target`; `Err` with cargo's message if it failed.
fn dependency_names(package: &str, target: Option<&str>) -> Result<BTreeSet<String>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace()).args([
        "tree",
        "-p",
        package,
        "-e",
        "normal,build",
        "--prefix",
        "none",
        "--offline",
    ]);
    if let Some(t) = target {
        cmd.args(["--target", t]);
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    // Each line is `name vX.Y.Z [(path)] [(*)]`.
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect())
}

fn wasm_target_installed() -> bool {
    Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == WASM)
        })
}

/// The dependency names of `package` for the host and for wasm32. `cargo tree`
/// needs no installed standard library for a target; if it fails for wasm32
/// where the target is not installed, that run is skipped with a note.
fn dependency_names_everywhere(package: &str) -> Vec<(&'static str, BTreeSet<String>)> {
    let host = dependency_names(package, None).unwrap_or_else(|e| panic!("cargo tree: {e}"));
    let mut out = vec![("the host", host)];
    match dependency_names(package, Some(WASM)) {
        Ok(names) => out.push((WASM, names)),
        Err(e) if !wasm_target_installed() => {
            eprintln!("note: {WASM} is not installed and cargo tree for it failed, checked natively only: {e}");
        }
        Err(e) => panic!("cargo tree --target {WASM}: {e}"),
    }
    out
}

#[test]
fn the_core_depends_on_no_browser_crate() {
    for (target, names) in dependency_names_everywhere("cramp-core") {
        // The tree was read (a parsing slip would make the check below vacuous).
        assert!(
            names.contains("cramp-core") && names.contains("serde"),
            "cargo tree for {target} did not list cramp-core and serde: {names:?}"
        );
        let browser: Vec<&String> = names.iter().filter(|n| is_browser_crate(n)).collect();
        assert!(
            browser.is_empty(),
            "cramp-core depends on the browser crate(s) {browser:?} (for {target}); \
             the core must build and test without a browser: move that code to the widget (src/app)"
        );
    }
}

/// The same reading finds the browser crates where they are: the widget's own dependencies.
#[test]
fn the_browser_crate_check_sees_the_widgets_browser_crates() {
    let all = dependency_names_everywhere("cramp-check");
    let Some((_, names)) = all.iter().find(|(t, _)| *t == WASM) else {
        return;
    };
    for krate in BROWSER_CRATES {
        assert!(
            names.iter().any(|n| n == krate),
            "{krate} is not among the widget's wasm32 dependencies: {names:?}"
        );
    }
    assert!(is_browser_crate("gloo-utils") && is_browser_crate("wasm-bindgen-macro"));
    assert!(!is_browser_crate("yewish") && !is_browser_crate("serde"));
}

// ---------------------------------------------------------------------------
// A small Rust lexer: the string literals of a file, and its code without
// comments and literals (for the module references).

struct Lexed {
    /// Each string literal (normal, raw, byte, C) as written between its quotes, with its line.
    strings: Vec<(usize, String)>,
    /// The source with comments removed and literals emptied; lines are kept.
    code: String,
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The index after a char literal that starts at `i` (a `'`), or `None` if it is a lifetime or label.
fn char_literal_end(s: &[char], i: usize) -> Option<usize> {
    match (s.get(i + 1), s.get(i + 2)) {
        (Some('\\'), _) => {
            // '\n', '\'', '\u{1F600}': the escaped character, then up to the closing quote.
            let mut j = i + 3;
            while j < s.len() && s[j] != '\'' {
                j += 1;
            }
            Some(j + 1)
        }
        (Some(_), Some('\'')) => Some(i + 3),
        _ => None,
    }
}

fn lex(src: &str) -> Lexed {
    let s: Vec<char> = src.chars().collect();
    let mut out = Lexed {
        strings: Vec::new(),
        code: String::new(),
    };
    let mut i = 0;
    let mut line = 1;
    // Copies the newlines of s[from..to] into the code, so that lines stay aligned.
    let keep_lines = |out: &mut Lexed, line: &mut usize, from: usize, to: usize| {
        for c in &s[from..to.min(s.len())] {
            if *c == '\n' {
                *line += 1;
                out.code.push('\n');
            }
        }
    };
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            let start = i;
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && s.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if s[i] == '*' && s.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            keep_lines(&mut out, &mut line, start, i);
            out.code.push(' ');
            continue;
        }
        if is_ident_start(c) {
            let start = i;
            while i < s.len() && is_ident_continue(s[i]) {
                i += 1;
            }
            let word: String = s[start..i].iter().collect();
            let raw = matches!(word.as_str(), "r" | "br" | "cr");
            let plain = matches!(word.as_str(), "b" | "c");
            if raw && matches!(s.get(i), Some('#' | '"')) {
                let mut j = i;
                while s.get(j) == Some(&'#') {
                    j += 1;
                }
                if s.get(j) != Some(&'"') {
                    // A raw identifier (`r#type`): the identifier follows.
                    out.code.push_str("r#");
                    i = j;
                    continue;
                }
                let hashes = j - i;
                let body = j + 1;
                let mut k = body;
                while k < s.len()
                    && !(s[k] == '"' && (0..hashes).all(|h| s.get(k + 1 + h) == Some(&'#')))
                {
                    k += 1;
                }
                out.strings
                    .push((line, s[body..k.min(s.len())].iter().collect()));
                out.code.push('"');
                keep_lines(&mut out, &mut line, body, k);
                out.code.push('"');
                i = k + 1 + hashes;
                continue;
            }
            if plain && s.get(i) == Some(&'\'') {
                if let Some(end) = char_literal_end(&s, i) {
                    out.code.push_str("' '");
                    i = end;
                    continue;
                }
            }
            if plain && s.get(i) == Some(&'"') {
                // A byte or C string: read as a normal string below.
                out.code.push_str(&word);
            } else {
                out.code.push_str(&word);
                continue;
            }
        }
        let c = s[i];
        if c == '"' {
            let body = i + 1;
            let mut k = body;
            while k < s.len() && s[k] != '"' {
                k += if s[k] == '\\' { 2 } else { 1 };
            }
            out.strings
                .push((line, s[body..k.min(s.len())].iter().collect()));
            out.code.push('"');
            keep_lines(&mut out, &mut line, body, k);
            out.code.push('"');
            i = k + 1;
            continue;
        }
        if c == '\'' {
            if let Some(end) = char_literal_end(&s, i) {
                out.code.push_str("' '");
                i = end;
                continue;
            }
        }
        if c == '\n' {
            line += 1;
        }
        out.code.push(c);
        i += 1;
    }
    out
}

#[test]
fn the_lexer_reads_literals_and_skips_comments() {
    let src = concat!(
        "// \"line\" comment\n",
        "/* block /* \"nested\" */ still */ let a = \"one\";\n",
        "let b = r#\"two \"quoted\"\"#; let c = b\"three\"; let r#type = 'x';\n",
        "fn f<'a>(x: &'a str) -> char { '\\'' } let d = \"fo\\\"ur\";\n",
        "let e = \"multi\nline\"; let f = crate::x;\n",
    );
    let lexed = lex(src);
    let strings: Vec<(usize, &str)> = lexed
        .strings
        .iter()
        .map(|(l, s)| (*l, s.as_str()))
        .collect();
    assert_eq!(
        strings,
        [
            (2, "one"),
            (3, "two \"quoted\""),
            (3, "three"),
            (4, "fo\\\"ur"),
            (5, "multi\nline")
        ]
    );
    assert!(!lexed.code.contains("nested") && !lexed.code.contains("line\""));
    assert_eq!(lexed.code.lines().count(), 6);
    assert!(lexed.code.lines().nth(5).unwrap().contains("crate::x"));
}

// ---------------------------------------------------------------------------
// 2. No content id as a string literal.

/// String literals equal to an id that mean something else, each with why.
/// (file, text on the literal's line that pins it, reason). Every entry must be used.
const NOT_IDS: &[(&str, &str, &str)] = &[
    (
        "crates/cramp-core/src/diary.rs",
        "\"duration\": self.duration.id()",
        "a diary entry's own field in its stored and exported JSON: a stored format, which must \
         not change when the question `duration` (`q::DURATION`) is renamed",
    ),
    (
        "crates/cramp-core/src/diary.rs",
        "text(\"duration\")",
        "reads the diary entry's stored field `duration` (see `Entry::to_json`)",
    ),
    (
        "crates/cramp-core/src/hooks.rs",
        "Field::Duration => \"duration\"",
        "the diary form's field name (`name=\"duration\"`, beside `leg` and `severity`), \
         written by the core's markup and read by the shell through `hooks::Field`, not the question",
    ),
    (
        "crates/cramp-core/src/content/model.rs",
        "Level::Emergency => \"emergency\"",
        "the level id `emergency` (question files, `assess` output, `data-level`), which the \
         department `emergency` happens to share",
    ),
];

/// Every question, option-qualified (`question.option`, `question:option`), rule,
/// pattern and department id of the content, with its sort. Option ids alone
/// (`no`, `none`, `calf`) and step ids are left out: too many are plain words
/// that Rust code uses for other things.
fn content_ids() -> BTreeMap<String, BTreeSet<&'static str>> {
    let c = embedded();
    let mut ids: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    let mut add = |id: String, sort: &'static str| {
        ids.entry(id).or_default().insert(sort);
    };
    for q in c.questions() {
        add(q.id.to_string(), "question id");
        for o in q.options.iter() {
            add(format!("{}.{}", q.id, o.id), "option-qualified id");
            add(format!("{}:{}", q.id, o.id), "option-qualified id");
        }
    }
    for r in c.rules.iter() {
        add(r.id.to_string(), "rule id");
    }
    for p in c.patterns.iter() {
        add(p.id.to_string(), "pattern id");
    }
    for d in c.departments.iter() {
        add(d.id.to_string(), "department id");
    }
    ids
}

/// The Rust source of the widget (`src/`) and of the core (`crates/cramp-core/src`,
/// its tools included). The typed ids themselves are written by the build script
/// into `OUT_DIR`, outside these folders.
fn widget_and_core_sources() -> Vec<PathBuf> {
    let root = workspace();
    let mut files = rust_files(&root.join("src"), &[]);
    files.extend(rust_files(&root.join("crates/cramp-core/src"), &[]));
    files
}

/// Every string literal under the scanned folders that equals an id:
/// (file, line, the line's text, literal, sorts).
fn id_literals() -> Vec<(String, usize, String, String, String)> {
    let ids = content_ids();
    let mut hits = Vec::new();
    for path in widget_and_core_sources() {
        let src = read(&path);
        let lines: Vec<&str> = src.lines().collect();
        for (line, literal) in lex(&src).strings {
            if let Some(sorts) = ids.get(&literal) {
                let sorts: Vec<&str> = sorts.iter().copied().collect();
                hits.push((
                    relative(&path),
                    line,
                    lines.get(line - 1).unwrap_or(&"").trim().to_string(),
                    literal,
                    sorts.join(", "),
                ));
            }
        }
    }
    hits
}

#[test]
fn no_question_id_is_a_string_literal_under_src() {
    let ids = content_ids();
    // The ids were read (a content without them would make the check vacuous).
    for id in ["frequency", "cramp_over_10_min", "typical_nlc", "neurology"] {
        assert!(ids.contains_key(id), "{id} is not among the content's ids");
    }
    let files = widget_and_core_sources();
    for f in ["src/app/mod.rs", "crates/cramp-core/src/journey.rs"] {
        assert!(
            files.iter().any(|p| relative(p) == f),
            "{f} was not scanned"
        );
    }
    let mut used = vec![0; NOT_IDS.len()];
    let mut problems = Vec::new();
    for (file, line, text, literal, sorts) in id_literals() {
        let allowed = NOT_IDS
            .iter()
            .position(|(f, needle, _)| *f == file && text.contains(needle));
        match allowed {
            Some(k) => used[k] += 1,
            None => problems.push(format!(
                "{file}:{line}: \"{literal}\" is the content's {sorts}: name it by its typed constant \
                 (`content::ids::q::…`, `rule::…`, `pattern::…`, `dept::…`, `opt::<question>::…`), \
                 or, if it is not that id, add it to NOT_IDS with the reason\n    {text}"
            )),
        }
    }
    for ((file, needle, _), n) in NOT_IDS.iter().zip(&used) {
        if *n != 1 {
            problems.push(format!(
                "NOT_IDS entry ({file}, {needle}) matched {n} literals instead of 1: \
                 remove it if the literal is gone, or pin it to one line"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "content ids written as string literals:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 3. No cycle among modules.

/// A module of one crate: `cramp_core::journey`, `cramp_check::app::effects`.
type Module = Vec<String>;

/// One crate's modules, read from its files: `x.rs` and `x/mod.rs` are `x`,
/// `x/y.rs` is `x::y`, `lib.rs` is the crate root (`[]`).
struct Crate {
    name: &'static str,
    files: Vec<(Module, PathBuf)>,
}

impl Crate {
    fn read(name: &'static str, src: &Path, skip: &[&str]) -> Crate {
        let mut files = Vec::new();
        for path in rust_files(src, skip) {
            let rel = path.strip_prefix(src).expect("under src");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let last = parts.pop().expect("a file name");
            let stem = last.trim_end_matches(".rs");
            if !(parts.is_empty() && (stem == "lib" || stem == "main")) && stem != "mod" {
                parts.push(stem.to_string());
            }
            if parts.is_empty() && stem == "main" {
                continue; // the binary: a crate of its own
            }
            files.push((parts, path));
        }
        Crate { name, files }
    }

    fn is_module(&self, m: &[String]) -> bool {
        self.files.iter().any(|(p, _)| p == m)
    }

    /// The longest known module that `path` starts with.
    fn module_of(&self, path: &[String]) -> Module {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|m| self.is_module(m))
            .unwrap_or_default()
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Ident(String),
    Path,  // ::
    Open,  // {
    Close, // }
    Comma,
    Other(char),
}

/// Tokens, each with its line.
type Tokens = Vec<(usize, Token)>;

/// The tokens of lexed code.
fn tokens(code: &str) -> Tokens {
    let s: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < s.len() {
        let c = s[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if is_ident_start(c)
            || (c == '$' && s.get(i + 1).is_some_and(|&n| is_ident_start(n)))
        {
            let start = i;
            i += 1;
            while i < s.len() && is_ident_continue(s[i]) {
                i += 1;
            }
            out.push((line, Token::Ident(s[start..i].iter().collect())));
        } else if c == ':' && s.get(i + 1) == Some(&':') {
            out.push((line, Token::Path));
            i += 2;
        } else {
            out.push((
                line,
                match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    ',' => Token::Comma,
                    _ => Token::Other(c),
                },
            ));
            i += 1;
        }
    }
    out
}

/// The paths of a path or use tree starting at token `k`: `crate::a::{b, c::d}`
/// gives `[crate, a, b]` and `[crate, a, c, d]`. Returns them and the index after.
fn paths_at(t: &[(usize, Token)], mut k: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    while let Some((_, Token::Ident(seg))) = t.get(k) {
        prefix.push(seg.clone());
        k += 1;
        if t.get(k).map(|x| &x.1) != Some(&Token::Path) {
            return (vec![prefix], k);
        }
        k += 1;
        if t.get(k).map(|x| &x.1) == Some(&Token::Open) {
            k += 1;
            let mut all = Vec::new();
            loop {
                match t.get(k).map(|x| &x.1) {
                    Some(Token::Ident(_)) => {
                        let (inner, next) = paths_at(t, k);
                        for p in inner {
                            all.push(prefix.iter().cloned().chain(p).collect());
                        }
                        k = next;
                    }
                    Some(Token::Close) | None => {
                        return (if all.is_empty() { vec![prefix] } else { all }, k + 1);
                    }
                    Some(_) => k += 1, // `,`, `*`
                }
            }
        }
    }
    (vec![prefix], k)
}

/// An import of one module by another: (from, to, where).
type Edge = (Module, Module, String);

/// The references from each module of `krate` to the other modules of it:
/// `crate::x`, `$crate::x`, `super::x`, `self::x` and, in a module with
/// children, `child::…`; `crate::m!` names the module that defines macro `m`.
fn references(krate: &Crate) -> Vec<Edge> {
    // Exported macros live at the crate root but belong to the module that defines them.
    let mut macros: BTreeMap<String, Module> = BTreeMap::new();
    let lexed: Vec<(Module, String, Tokens)> = krate
        .files
        .iter()
        .map(|(m, path)| (m.clone(), relative(path), tokens(&lex(&read(path)).code)))
        .collect();
    for (m, _, t) in &lexed {
        for w in t.windows(3) {
            if let [(_, Token::Ident(a)), (_, Token::Other('!')), (_, Token::Ident(name))] = w {
                if a == "macro_rules" {
                    macros.insert(name.clone(), m.clone());
                }
            }
        }
    }
    let mut edges = Vec::new();
    for (file_module, file, t) in &lexed {
        // Inline modules (`mod tests { … }`): (name, brace depth inside it).
        let mut inline: Vec<(String, usize)> = Vec::new();
        let mut depth = 0;
        let mut k = 0;
        while k < t.len() {
            match &t[k].1 {
                Token::Open => depth += 1,
                Token::Close => {
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                    depth -= 1;
                }
                Token::Ident(w) if w == "mod" => {
                    if let (Some((_, Token::Ident(name))), Some((_, Token::Open))) =
                        (t.get(k + 1), t.get(k + 2))
                    {
                        inline.push((name.clone(), depth + 1));
                    }
                }
                _ => {}
            }
            let here: Module = file_module
                .iter()
                .cloned()
                .chain(inline.iter().map(|(n, _)| n.clone()))
                .collect();
            let starts_path = matches!(&t[k].1, Token::Ident(_))
                && t.get(k + 1).map(|x| &x.1) == Some(&Token::Path)
                && !(k > 0 && matches!(t[k - 1].1, Token::Path | Token::Other('.')));
            if !starts_path {
                k += 1;
                continue;
            }
            let line = t[k].0;
            let (paths, next) = paths_at(t, k);
            for path in paths {
                let mut base: Module = match path[0].as_str() {
                    "crate" | "$crate" => Vec::new(),
                    "self" | "super" => here.clone(),
                    child => {
                        let mut m = here.clone();
                        m.push(child.to_string());
                        if !krate.is_module(&m) {
                            continue;
                        }
                        m
                    }
                };
                let mut rest = &path[..];
                if path[0] != "super" {
                    rest = &rest[1..];
                }
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                let full: Vec<String> = base
                    .iter()
                    .cloned()
                    .chain(rest.iter().filter(|s| *s != "self").cloned())
                    .collect();
                let mut to = krate.module_of(&full);
                if to.len() == base.len() && base.is_empty() {
                    if let Some(m) = rest.first().and_then(|name| macros.get(name)) {
                        to = m.clone();
                    }
                }
                edges.push((here.clone(), to, format!("{file}:{line}")));
            }
            k = next.max(k + 1);
        }
    }
    edges
}

/// The imports between siblings: a reference from `a::b::x` to `a::c::y` is one
/// from `a::b` to `a::c`. A module using its own parent's or children's items is
/// not counted (a child is part of its parent).
fn sibling_edges(edges: Vec<Edge>) -> BTreeMap<(Module, Module), Vec<String>> {
    let mut out: BTreeMap<(Module, Module), Vec<String>> = BTreeMap::new();
    for (from, to, at) in edges {
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if common == from.len() || common == to.len() {
            continue;
        }
        let key = (from[..=common].to_vec(), to[..=common].to_vec());
        let places = out.entry(key).or_default();
        if !places.contains(&at) {
            places.push(at);
        }
    }
    out
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(graph: &BTreeMap<(Module, Module), Vec<String>>) -> Vec<BTreeSet<Module>> {
    let nodes: BTreeSet<&Module> = graph.keys().flat_map(|(a, b)| [a, b]).collect();
    let nodes: Vec<&Module> = nodes.into_iter().collect();
    let id = |m: &Module| nodes.iter().position(|n| *n == m).expect("a node");
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (a, b) in graph.keys() {
        next[id(a)].push(id(b));
    }
    struct Tarjan<'g> {
        next: &'g [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on_stack: Vec<bool>,
        counter: usize,
        out: Vec<Vec<usize>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.counter);
            self.low[v] = self.counter;
            self.counter += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in &self.next[v] {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(i) if self.on_stack[w] => self.low[v] = self.low[v].min(i),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                self.out.push(component);
            }
        }
    }
    let n = nodes.len();
    let mut t = Tarjan {
        next: &next,
        index: vec![None; n],
        low: vec![0; n],
        stack: Vec::new(),
        on_stack: vec![false; n],
        counter: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    t.out
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.into_iter().map(|i| nodes[i].clone()).collect())
        .collect()
}

/// Cycles there today, each with why it is left: the test fails on any other
/// cycle, and on an entry here once its cycle is gone (then delete the entry).
const KNOWN_CYCLES: &[(&str, &[&str], &str)] = &[];

fn module_name(krate: &str, m: &Module) -> String {
    std::iter::once(krate)
        .chain(m.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("::")
}

#[test]
fn no_two_modules_import_each_other() {
    let root = workspace();
    let crates = [
        // The core's tools in src/bin are crates of their own.
        Crate::read("cramp_core", &root.join("crates/cramp-core/src"), &["bin"]),
        Crate::read("cramp_check", &root.join("src"), &[]),
    ];
    let mut problems = Vec::new();
    let mut known_seen = vec![false; KNOWN_CYCLES.len()];
    for krate in &crates {
        let graph = sibling_edges(references(krate));
        // The graph was read (a parsing slip would make the check vacuous).
        let has = |a: &[&str], b: &[&str]| {
            let m = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Module>();
            graph.contains_key(&(m(a), m(b)))
        };
        match krate.name {
            "cramp_core" => assert!(
                has(&["journey"], &["engine"])
                    && has(&["fhir"], &["json"])
                    && has(&["content", "load"], &["content", "model"]),
                "the core's module graph was not read: {:?}",
                graph.keys()
            ),
            _ => assert!(
                has(&["app", "effects"], &["app", "json"]),
                "the widget's module graph was not read: {:?}",
                graph.keys()
            ),
        }
        for cycle in cycles(&graph) {
            let names: BTreeSet<String> = cycle.iter().map(|m| m.join("::")).collect();
            let known = KNOWN_CYCLES.iter().position(|(k, members, _)| {
                *k == krate.name
                    && members
                        .iter()
                        .map(|s| s.to_string())
                        .collect::<BTreeSet<_>>()
                        == names
            });
            if let Some(i) = known {
                known_seen[i] = true;
                continue;
            }
            let mut lines = vec![format!(
                "a cycle among {}:",
                names
                    .iter()
                    .map(|n| format!("{}::{n}", krate.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )];
            for ((a, b), at) in &graph {
                if cycle.contains(a) && cycle.contains(b) {
                    lines.push(format!(
                        "    {} uses {} ({})",
                        module_name(krate.name, a),
                        module_name(krate.name, b),
                        at.join(", ")
                    ));
                }
            }
            problems.push(lines.join("\n"));
        }
    }
    for ((k, members, _), seen) in KNOWN_CYCLES.iter().zip(known_seen) {
        if !seen {
            problems.push(format!(
                "the known cycle {k}: {members:?} is gone: delete it from KNOWN_CYCLES"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "modules that import each other (move what both need into one of them or a third module):\n{}",
        problems.join("\n")
    );
}

/// The clock and the time zone as the core could read them: (line, what).
fn clock_reads(code: &str) -> Vec<(usize, &'static str)> {
    let mut hits = Vec::new();
    for (n, line) in code.lines().enumerate() {
        for clock in [
            "SystemTime",
            "Instant::now",
            "UNIX_EPOCH",
            "chrono",
            "time::OffsetDateTime",
        ] {
            if line.contains(clock) {
                hits.push((n + 1, clock));
            }
        }
    }
    hits
}

/// The core reads neither the clock nor the time zone: the time comes with the
/// actions (`journey::Now`, UTC milliseconds and the offset), and each diary
/// entry keeps its own offset. (The core has no browser crate to ask `Date`
/// either: `the_core_depends_on_no_browser_crate`.)
#[test]
fn the_core_reads_no_clock() {
    // The check finds a read of the clock outside comments and strings.
    let sample = "// SystemTime in a comment\nlet s = \"Instant::now\";\nlet t = std::time::SystemTime::now();\n";
    assert_eq!(clock_reads(&lex(sample).code), vec![(3, "SystemTime")]);
    let files = rust_files(&workspace().join("crates/cramp-core/src"), &[]);
    assert!(files.len() > 10, "the core's source was found");
    let mut found = Vec::new();
    for path in files {
        for (line, what) in clock_reads(&lex(&read(&path)).code) {
            found.push(format!("{}:{line}: {what}", relative(&path)));
        }
    }
    assert!(
        found.is_empty(),
        "the core reads the clock:\n{}",
        found.join("\n")
    );
}
