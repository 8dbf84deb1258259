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
}

/// The Rust source of `pub static CONTENT: Content = …;`.
pub fn rust_source(c: &Content, opts: Options) -> String {
    let mut w = Writer {
        out: String::new(),
        opts,
    };
    w.out.push_str("pub static CONTENT: Content = ");
    c.emit(&mut w);
    w.out.push_str(";\n");
    w.out
}

struct Writer {
    out: String,
    opts: Options,
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
emit_debug!(Level, Kind);

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
emit_struct!(Text { zh, en });
emit_struct!(Choice { id, label });
emit_struct!(Question {
    id,
    kind,
    text,
    help,
    options,
    exclusive,
    show_if,
    informational
});
emit_struct!(Step { id, title, intro, show_if, questions } @provenance { file });
emit_struct!(Condition { q, op });
emit_struct!(Rule { id, level, patterns, departments, all, any, reason } @provenance { source, file });
emit_struct!(Pattern { id, name, about, departments } @provenance { source });
emit_struct!(Department { id, name });
emit_struct!(LevelText {
    level,
    title,
    action,
    by_when
});
emit_struct!(Advice { id, title, text } @provenance { source });
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
    ui
});

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
