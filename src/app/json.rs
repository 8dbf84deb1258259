//! The browser's own `JSON.parse`, read into the core's JSON tree, so the wasm
//! carries no JSON parser (see `cramp_core::json`).

use cramp_core::json::{Json, ParseError};
use wasm_bindgen::{JsCast, JsValue};

/// Parses `text` with `JSON.parse`; the error keeps the browser's message.
pub fn parse(text: &str) -> Result<Json, ParseError> {
    match js_sys::JSON::parse(text) {
        Ok(v) => Ok(tree(&v, 0)),
        Err(e) => Err(ParseError(
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "JSON.parse failed".into()),
        )),
    }
}

/// Deeper than any of our formats: beyond it a value is read as `null`, so a
/// hostile file cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

fn tree(v: &JsValue, depth: usize) -> Json {
    if depth > MAX_DEPTH || v.is_null() || v.is_undefined() {
        return Json::Null;
    }
    if let Some(b) = v.as_bool() {
        return Json::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        // Integers up to 2^53 are exact in a double; beyond or fractional, not ours.
        return if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0 {
            Json::Int(n as i64)
        } else {
            Json::Fraction
        };
    }
    if let Some(s) = v.as_string() {
        return Json::Str(s);
    }
    if js_sys::Array::is_array(v) {
        let a: &js_sys::Array = v.unchecked_ref();
        return Json::Array(a.iter().map(|x| tree(&x, depth + 1)).collect());
    }
    let o: &js_sys::Object = v.unchecked_ref();
    Json::Object(
        js_sys::Object::entries(o)
            .iter()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.unchecked_into();
                let key = pair.get(0).as_string()?;
                Some((key, tree(&pair.get(1), depth + 1)))
            })
            .collect(),
    )
}
