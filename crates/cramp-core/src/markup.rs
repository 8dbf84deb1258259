//! HTML that is safe by construction: the one type every producer of the
//! widget's markup returns (screens, views, drawings, the prerendered page),
//! and the only one the shell inserts (`raw()` in `src/app`).
//!
//! A [`Markup`] is made in one of three ways, and only these:
//!
//! - [`Markup::text`]: text, escaped ([`escape`]: `&`, `<`, `>`, `"`, `'`);
//! - [`markup!`](crate::markup!): a template that is a string literal, whose
//!   every `{}` is filled through [`Render`]: text (`&str`, `String`) is
//!   escaped, a `Markup` goes in as it is, a number as its digits. The
//!   template is passed through `concat!`, so `format!`'s implicit captures
//!   (`{name}` of a variable in scope) do not compile: every value goes
//!   through `Render`;
//! - [`Markup::trusted_static`]: markup written in the source (an SVG icon),
//!   `&'static str` only. The one opt-out; grep for it.
//!
//! Placeholders of the question files (`{phone}`, `{n}`…) are filled in one
//! place, [`fill`], for markup and for plain text (what is read aloud).

use std::fmt::{self, Display, Write};

/// HTML whose every text was escaped (see the module).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Markup(String);

impl Markup {
    /// Text, escaped.
    pub fn text(s: &str) -> Markup {
        Markup(escape(s))
    }

    /// Markup written in the source, trusted as it is: the one opt-out.
    pub fn trusted_static(s: &'static str) -> Markup {
        Markup(s.to_string())
    }

    /// The output of [`markup!`](crate::markup!) (a literal template whose every
    /// value went through [`Render`]). Not for other use.
    #[doc(hidden)]
    pub fn from_template(s: String) -> Markup {
        Markup(s)
    }

    /// Appends other markup.
    pub fn push(&mut self, m: &Markup) {
        self.0.push_str(&m.0);
    }

    /// Appends text, escaped.
    pub fn push_text(&mut self, s: &str) {
        let _ = write!(self.0, "{}", Escaped(s));
    }

    /// The markup as a string (to insert it in a page).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The items joined with `sep` (text, escaped).
    pub fn join(items: &[Markup], sep: &str) -> Markup {
        let mut out = Markup::default();
        for (i, m) in items.iter().enumerate() {
            if i > 0 {
                out.push_text(sep);
            }
            out.push(m);
        }
        out
    }
}

impl std::ops::Deref for Markup {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Display for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromIterator<Markup> for Markup {
    fn from_iter<I: IntoIterator<Item = Markup>>(iter: I) -> Markup {
        let mut out = Markup::default();
        for m in iter {
            out.push(&m);
        }
        out
    }
}

impl std::ops::AddAssign<&Markup> for Markup {
    fn add_assign(&mut self, m: &Markup) {
        self.push(m);
    }
}

impl std::ops::AddAssign<Markup> for Markup {
    fn add_assign(&mut self, m: Markup) {
        self.push(&m);
    }
}

/// `s` with `&`, `<`, `>`, `"` and `'` escaped, for element text and quoted
/// attribute values: the one escaper (the screens, the book, the prerender).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = write!(out, "{}", Escaped(s));
    out
}

/// Text written escaped.
pub struct Escaped<'a>(pub &'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

/// What a value of a [`markup!`](crate::markup!) template becomes: text is
/// escaped, markup stays, numbers are their digits.
pub trait Render {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl Render for Markup {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Render for str {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Escaped(self).fmt(f)
    }
}

impl Render for String {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Escaped(self).fmt(f)
    }
}

impl Render for std::borrow::Cow<'_, str> {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Escaped(self).fmt(f)
    }
}

impl<T: Render + ?Sized> Render for &T {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).render(f)
    }
}

impl<T: Render> Render for Option<T> {
    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(t) => t.render(f),
            None => Ok(()),
        }
    }
}

macro_rules! render_display {
    ($($t:ty),*) => {$(
        impl Render for $t {
            fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                Display::fmt(self, f)
            }
        }
    )*};
}
render_display!(u8, u16, u32, u64, usize, i32, i64, bool);

/// A value of a template, written through [`Render`].
#[doc(hidden)]
pub struct R<'a, T: Render + ?Sized>(pub &'a T);

impl<T: Render + ?Sized> Display for R<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.render(f)
    }
}

/// Markup from a literal template: `markup!("<p class=\"x\">{}</p>", text)`;
/// named values after a `;`: `markup!("<a id=\"{id}\">{}</a>", label; id = id)`.
/// Every value goes through [`Render`] (text escaped, markup as it is).
#[macro_export]
macro_rules! markup {
    ($tpl:literal $(, $arg:expr)* $(; $($name:ident = $val:expr),* )? $(,)?) => {
        $crate::markup::Markup::from_template(::std::format!(
            ::std::concat!($tpl)
            $(, $crate::markup::R(&$arg))*
            $($(, $name = $crate::markup::R(&$val))*)?
        ))
    };
}

/// The one filler of the question files' placeholders (`{phone}`, `{n}`…):
/// `template` with each `{name}` of `args` replaced by its value, other text
/// kept. The text goes to `emit` as `Ok`, the values as `Err` (so markup
/// escapes the text and not a value that is markup already).
pub fn fill_with<'a, V: ?Sized>(
    template: &'a str,
    args: &[(&str, &'a V)],
    mut emit: impl FnMut(Result<&'a str, &'a V>),
) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let found = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (close, *v))
        });
        match found {
            Some((close, v)) => {
                emit(Ok(&rest[..open]));
                emit(Err(v));
                rest = &after[close + 1..];
            }
            None => {
                emit(Ok(&rest[..=open]));
                rest = after;
            }
        }
    }
    emit(Ok(rest));
}

/// The placeholder of the emergency number in the question files (`{phone}`):
/// filled by [`fill`] (what is read aloud) and [`Markup::fill`] (the screens,
/// through `view::Words`, and the crash message), nowhere else.
pub const PHONE: &str = "phone";

/// `template` (plain text) with its placeholders filled (plain text).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    fill_with(template, args, |p| out.push_str(p.unwrap_or_else(|v| v)));
    out
}

impl Markup {
    /// `template` (text, escaped) with its placeholders filled by markup.
    pub fn fill(template: &str, args: &[(&str, &Markup)]) -> Markup {
        let mut out = Markup::default();
        fill_with(template, args, |p| match p {
            Ok(t) => out.push_text(t),
            Err(v) => out.push(v),
        });
        out
    }
}

/// A part of a screen as the shell shows it: markup inserted as it is, or an
/// element the shell makes itself so that its nodes are kept between renders
/// by their key (a step's form and its questions, the diary's forms and
/// entries). Attribute values are set as attributes, never parsed as HTML.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Html(Markup),
    /// Text (a text node).
    Text(String),
    Element {
        tag: &'static str,
        key: Option<String>,
        attrs: Vec<(&'static str, String)>,
        children: Vec<Node>,
    },
    /// A list of nodes (keyed, when its items are).
    List(Vec<Node>),
}

impl Node {
    /// An element with its attributes and children.
    pub fn el(tag: &'static str, attrs: &[(&'static str, &str)], children: Vec<Node>) -> Node {
        Node::Element {
            tag,
            key: None,
            attrs: attrs.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            children,
        }
    }

    /// The same element with a key (kept while its key is).
    pub fn keyed(mut self, k: impl Into<String>) -> Node {
        if let Node::Element { key, .. } = &mut self {
            *key = Some(k.into());
        }
        self
    }

    /// The node written out as HTML (the native tests read screens so).
    pub fn to_markup(&self) -> Markup {
        let mut out = Markup::default();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut Markup) {
        match self {
            Node::Html(m) => out.push(m),
            Node::Text(t) => out.push_text(t),
            Node::List(items) => items.iter().for_each(|n| n.write(out)),
            Node::Element {
                tag,
                attrs,
                children,
                ..
            } => {
                out.0.push('<');
                out.0.push_str(tag);
                for (k, v) in attrs {
                    let _ = write!(out.0, " {k}=\"{}\"", Escaped(v));
                }
                out.0.push('>');
                children.iter().for_each(|n| n.write(out));
                let _ = write!(out.0, "</{tag}>");
            }
        }
    }
}

impl From<Markup> for Node {
    fn from(m: Markup) -> Node {
        Node::Html(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_markup_kept() {
        let label = Markup::text("<b>&\"'");
        assert_eq!(label.as_str(), "&lt;b&gt;&amp;&quot;&#39;");
        let html = crate::markup!("<p title=\"{}\">{}{}</p>", "a\"b", label, 3usize);
        assert_eq!(
            html.as_str(),
            "<p title=\"a&quot;b\">&lt;b&gt;&amp;&quot;&#39;3</p>"
        );
        let named = crate::markup!("<a id=\"{id}\">{}</a>", "x<"; id = "y>");
        assert_eq!(named.as_str(), "<a id=\"y&gt;\">x&lt;</a>");
    }

    #[test]
    fn placeholders_are_filled_once() {
        assert_eq!(
            fill(
                "call {phone} {n} {x} {",
                &[("phone", "120"), ("n", "{phone}")]
            ),
            "call 120 {phone} {x} {"
        );
        let m = Markup::fill(
            "<{phone}>",
            &[("phone", &Markup::trusted_static("<i>1</i>"))],
        );
        assert_eq!(m.as_str(), "&lt;<i>1</i>&gt;");
    }
}
