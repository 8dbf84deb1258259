//! Privacy by construction: the widget's own dependency declarations cannot reach the network.
//!
//! This checks what the widget asks for (web-sys and gloo features, networking
//! crates). Yew 0.23 itself pulls gloo 0.11 with default features, which
//! switches on web-sys's Request/WebSocket/EventSource bindings without using
//! them; that the shipped JS glue and wasm contain no networking call at all is
//! checked on the built files by the browser test suite (tests/e2e, privacy).

use std::process::Command;

/// web-sys features that can send data off the device. `Navigator` is here for
/// `sendBeacon`: the widget reads the browser language without it.
const NETWORK_FEATURES: &[&str] = &[
    "Request",
    "RequestInit",
    "Response",
    "Headers",
    "XmlHttpRequest",
    "WebSocket",
    "EventSource",
    "Navigator",
    "RtcPeerConnection",
];

/// Crates whose purpose is network access.
const NETWORK_CRATES: &[&str] = &[
    "gloo-net",
    "reqwest",
    "reqwasm",
    "ureq",
    "hyper",
    "tungstenite",
    "ws_stream_wasm",
];

fn metadata() -> serde_json::Value {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn our_dependencies() -> Vec<serde_json::Value> {
    let meta = metadata();
    let package = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "cramp-check")
        .expect("our package")
        .clone();
    package["dependencies"].as_array().unwrap().clone()
}

#[test]
fn the_widget_enables_no_web_sys_networking_feature() {
    let deps = our_dependencies();
    let web_sys: Vec<_> = deps.iter().filter(|d| d["name"] == "web-sys").collect();
    assert!(
        !web_sys.is_empty(),
        "web-sys is expected among the widget's dependencies"
    );
    for d in web_sys {
        for f in d["features"].as_array().unwrap() {
            let f = f.as_str().unwrap();
            assert!(
                !NETWORK_FEATURES.contains(&f),
                "web-sys feature `{f}` would let the widget send data"
            );
        }
    }
}

#[test]
fn gloo_is_taken_without_its_network_module() {
    for d in our_dependencies().iter().filter(|d| d["name"] == "gloo") {
        assert_eq!(
            d["uses_default_features"], false,
            "gloo's default features include `net`"
        );
        let features: Vec<&str> = d["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert!(
            !features.contains(&"net") && !features.contains(&"futures"),
            "{features:?}"
        );
    }
}

#[test]
fn no_networking_crate_is_a_direct_dependency() {
    for d in our_dependencies() {
        let name = d["name"].as_str().unwrap();
        assert!(
            !NETWORK_CRATES.contains(&name),
            "{name} is a networking crate"
        );
    }
}
