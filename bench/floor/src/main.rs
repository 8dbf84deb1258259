//! Yew and the questionnaire, nothing else: the smallest wasm this product can ship.

use yew::prelude::*;

#[function_component]
fn Floor() -> Html {
    let content = cramp_check::content::embedded();
    // The address escapes, so every string the content points to (both
    // languages) stays in the binary, as it does in the widget.
    let keep = std::hint::black_box(content as *const _ as usize);
    let first = content.steps[0].questions[0].text.zh.to_string();
    html! { <main><h1>{ first }</h1><p hidden=true>{ keep }</p></main> }
}

fn main() {
    yew::Renderer::<Floor>::new().render();
}
