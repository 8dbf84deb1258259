//! Host settings from the URL: every validator keeps the safe shapes and drops hostile input.
//!
//! Data-driven: one helper per setting, many one-line cases. The widget uses
//! these same functions (`src/settings.rs`), so what passes here is exactly what
//! can reach the page.

use cramp_core::content::Lang;
use cramp_core::settings::{self, relative_luminance, Brand, HostSettings};

/// `(input, expected)` pairs for a validator returning `Option<String>`.
fn check(name: &str, f: fn(&str) -> Option<String>, cases: &[(&str, Option<&str>)]) {
    for (input, expected) in cases {
        assert_eq!(
            f(input).as_deref(),
            *expected,
            "{name}({input:?}) should be {expected:?}"
        );
    }
}

#[test]
fn lang_is_zh_cn_zh_or_en() {
    for (input, expected) in [
        ("zh-CN", Some(Lang::Zh)),
        ("zh", Some(Lang::Zh)),
        ("ZH-cn", Some(Lang::Zh)),
        ("en", Some(Lang::En)),
        (" en ", Some(Lang::En)),
        ("en-GB", None),
        ("fr", None),
        ("", None),
        ("\"><script>alert(1)</script>", None),
        ("javascript:alert(1)", None),
    ] {
        assert_eq!(settings::lang(input), expected, "lang({input:?})");
    }
}

#[test]
fn brand_is_a_hex_colour_only() {
    check(
        "brand",
        |v| settings::brand(v).map(Brand::css),
        &[
            ("#0a5", Some("#00aa55")),
            ("#0A5", Some("#00aa55")),
            ("#12ab9F", Some("#12ab9f")),
            ("#000", Some("#000000")),
            ("#12345g", None),
            ("#1234", None),
            ("#12345", None),
            ("#1234567", None),
            ("0a5", None),
            ("#", None),
            ("red", None),
            ("rgb(0,0,0)", None),
            ("#0a5; background:url(x)", None),
            ("#0a5\"><script>", None),
            ("var(--x)", None),
            ("#０a5", None),
            ("javascript:alert(1)", None),
        ],
    );
    assert_eq!(
        settings::brand("#fff").map(Brand::css).as_deref(),
        Some("#ffffff")
    );
}

#[test]
fn the_text_colour_on_the_brand_is_black_or_white_by_luminance() {
    for (colour, css, text) in [
        ("#0a5", "#00aa55", "#000000"),
        ("#123", "#112233", "#ffffff"),
        ("#ffffff", "#ffffff", "#000000"),
        ("#000", "#000000", "#ffffff"),
        ("#0b57d0", "#0b57d0", "#ffffff"),
        ("#ffcc00", "#ffcc00", "#000000"),
    ] {
        let b = settings::brand(colour).unwrap();
        assert_eq!((b.css().as_str(), b.on_brand()), (css, text), "{colour}");
    }
}

#[test]
fn text_on_any_brand_colour_has_at_least_4_5_to_1() {
    let mut worst = f64::MAX;
    for r in (0..=255u8).step_by(3) {
        for g in (0..=255u8).step_by(3) {
            for b in (0..=255u8).step_by(5) {
                let brand = Brand { rgb: [r, g, b] };
                let c = brand.text_contrast();
                worst = worst.min(c);
                assert!(c >= 4.5, "{} gives {c:.2}:1", brand.css());
                // The text colour chosen is the one with that contrast.
                let text = if brand.on_brand() == "#000000" {
                    0.0
                } else {
                    1.0
                };
                let l = relative_luminance([r, g, b]);
                let ratio = (l.max(text) + 0.05) / (l.min(text) + 0.05);
                assert!((ratio - c).abs() < 1e-9);
            }
        }
    }
    assert!(
        worst < 4.7,
        "the search reached the hard middle greys: {worst}"
    );
    assert!((relative_luminance([255, 255, 255]) - 1.0).abs() < 1e-9);
    assert_eq!(relative_luminance([0, 0, 0]), 0.0);
}

#[test]
fn station_is_short_plain_text() {
    let long = "a".repeat(200);
    let forty = "站".repeat(40);
    let forty_one = "站".repeat(41);
    check(
        "station",
        settings::station,
        &[
            ("Radio Health 98.1", Some("Radio Health 98.1")),
            ("  健康广播  ", Some("健康广播")),
            // Shown as text only, so markup is harmless and shown as typed.
            (
                "\"><script>alert(1)</script>",
                Some("\"><script>alert(1)</script>"),
            ),
            (&forty, Some(&forty)),
            (&forty_one, None),
            (&long, None),
            ("", None),
            ("   ", None),
            ("line\nbreak", None),
            ("nul\u{0}", None),
        ],
    );
}

#[test]
fn logo_is_https_or_a_same_origin_path() {
    let long = format!("https://ok/{}", "a".repeat(2100));
    check(
        "logo",
        settings::logo,
        &[
            ("https://ok/x.png", Some("https://ok/x.png")),
            (
                "https://cdn.example.org:8443/img/logo.svg?v=2",
                Some("https://cdn.example.org:8443/img/logo.svg?v=2"),
            ),
            (
                "HTTPS://Example.com/x.png",
                Some("HTTPS://Example.com/x.png"),
            ),
            ("logo.png", Some("logo.png")),
            ("./img/logo.png", Some("./img/logo.png")),
            ("/static/logo.png", Some("/static/logo.png")),
            ("//evil.com/x.png", None),
            ("http://example.com/x.png", None),
            ("javascript:alert(1)", None),
            ("JaVaScRiPt:alert(1)", None),
            ("data:image/svg+xml,<svg onload=alert(1)>", None),
            ("data:image/png;base64,AAAA", None),
            ("../secret.png", None),
            ("img/../../x.png", None),
            ("img/%2e%2e/x.png", None),
            ("img%2f..%2fx.png", None),
            ("/\\evil.com/x.png", None),
            ("\\\\evil.com\\x.png", None),
            ("https://", None),
            ("https:///x.png", None),
            ("https://user@evil.com/x.png", None),
            ("https://ok/x.png\" onerror=\"alert(1)", None),
            ("https://ok/x y.png", None),
            ("x.png\"><script>", None),
            ("", None),
            (&long, None),
        ],
    );
}

#[test]
fn phone_is_3_to_15_digits() {
    check(
        "phone",
        settings::phone,
        &[
            ("120", Some("120")),
            ("112", Some("112")),
            ("000", Some("000")),
            (" 999 ", Some("999")),
            ("123456789012345", Some("123456789012345")),
            ("1234567890123456", None),
            ("12", None),
            ("", None),
            ("+8612", None),
            ("120; DROP", None),
            ("120\"><a", None),
            ("javascript:1", None),
            ("12 0", None),
            ("１２０", None),
        ],
    );
}

#[test]
fn skip_intro_is_true_or_1() {
    for (input, expected) in [
        ("true", true),
        ("1", true),
        ("TRUE", true),
        ("yes", false),
        ("0", false),
        ("false", false),
        ("", false),
    ] {
        assert_eq!(settings::flag(input), expected, "flag({input:?})");
    }
}

#[test]
fn parent_origin_is_exactly_an_https_or_local_origin() {
    check(
        "origin",
        settings::origin,
        &[
            ("https://example.com", Some("https://example.com")),
            ("https://Example.COM:8443", Some("https://example.com:8443")),
            (
                "https://sub.health-radio.cn",
                Some("https://sub.health-radio.cn"),
            ),
            ("http://127.0.0.1:8080", Some("http://127.0.0.1:8080")),
            ("http://localhost", Some("http://localhost")),
            ("http://localhost:3000", Some("http://localhost:3000")),
            ("http://example.com", None),
            ("http://127.0.0.2", None),
            ("http://localhost.evil.com", None),
            ("https://example.com/", None),
            ("https://example.com/path", None),
            ("https://example.com?x=1", None),
            ("https://example.com#x", None),
            ("https://user@example.com", None),
            ("https://example.com:0", None),
            ("https://example.com:65536", None),
            ("https://example.com:", None),
            ("https://", None),
            ("https://-bad.com", None),
            ("https://a..com", None),
            ("*", None),
            ("null", None),
            ("javascript:alert(1)", None),
            ("file://", None),
            ("//example.com", None),
            ("https://exa mple.com", None),
        ],
    );
}

/// A `get(name)` over fixed pairs, as `URLSearchParams.get` would answer.
fn lookup(pairs: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }
}

#[test]
fn settings_are_read_by_name_and_invalid_ones_fall_back_to_defaults() {
    let s = HostSettings::from_lookup(lookup(vec![
        ("lang", "en".into()),
        ("brand", "#0a5".into()),
        ("station", "Radio Health".into()),
        ("logo", "https://ok/x.png".into()),
        ("phone", "112".into()),
        ("skip_intro", "1".into()),
        ("parent_origin", "https://host.example".into()),
        ("unknown", "whatever".into()),
    ]));
    assert_eq!(s.lang, Some(Lang::En));
    assert_eq!(s.brand.map(Brand::css).as_deref(), Some("#00aa55"));
    assert_eq!(s.station.as_deref(), Some("Radio Health"));
    assert_eq!(s.logo.as_deref(), Some("https://ok/x.png"));
    assert_eq!(s.phone.as_deref(), Some("112"));
    assert!(s.skip_intro);
    assert_eq!(s.parent_origin.as_deref(), Some("https://host.example"));

    let hostile = HostSettings::from_lookup(lookup(vec![
        ("lang", "\"><script>".into()),
        ("brand", "#12345g".into()),
        ("station", "x".repeat(200)),
        ("logo", "//evil.com/x.png".into()),
        ("phone", "120; DROP".into()),
        ("skip_intro", "yes".into()),
        ("parent_origin", "*".into()),
    ]));
    assert_eq!(hostile, HostSettings::default());
    assert_eq!(HostSettings::from_lookup(|_| None), HostSettings::default());
}

#[test]
fn luminance_matches_the_wcag_formula() {
    for v in 0..=255u8 {
        let c = f64::from(v) / 255.0;
        let exact = if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        };
        let got = relative_luminance([v, v, v]);
        assert!((got - exact).abs() < 1e-12, "{v}: {got} against {exact}");
    }
}
