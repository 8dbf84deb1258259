//! The emergency advice: the alert raised the moment an emergency answer is given, and its reminder.
//!
//! The alert is inserted with `role="alert"` so screen readers announce it at
//! once; the reminder on later screens is quiet (no role) so it is not
//! announced again on every step, but the call link stays one tap away.

use super::drawings;
use super::text::Ctx;
use yew::prelude::*;

/// A large `tel:` link to the emergency number.
///
/// Small stateless pieces like this are plain functions rather than components:
/// every component costs code in the wasm, and the size budget is tight.
pub fn call_link(ctx: &Ctx) -> Html {
    html! {
        <a class="call-link" href={ctx.tel()} data-action="call">
            { drawings::phone_icon() }
            <span>{ctx.ui("call_button")}</span>
        </a>
    }
}

#[derive(Properties, PartialEq)]
pub struct EmergencyAlertProps {
    pub ctx: Ctx,
    /// Go straight to the result and the summary for the doctor.
    pub on_result: Callback<()>,
}

#[function_component(EmergencyAlert)]
pub fn emergency_alert(props: &EmergencyAlertProps) -> Html {
    let ctx = &props.ctx;
    let on_result = props.on_result.reform(|_: MouseEvent| ());
    html! {
        <div class="emergency-alert" role="alert" data-alert="emergency">
            <p class="alert-title">{ctx.ui("emergency_alert_title")}</p>
            <p>{ctx.ui("emergency_alert_text")}</p>
            { call_link(ctx) }
            <p class="alert-more">{ctx.ui("emergency_alert_continue")}</p>
            <button type="button" class="button secondary" data-action="result" onclick={on_result}>
                {ctx.ui("emergency_alert_result")}
            </button>
        </div>
    }
}

/// Shown on the screens after the emergency step while an emergency answer stands;
/// `on_result` goes straight to the result and the summary for the doctor.
pub fn emergency_reminder(ctx: &Ctx, on_result: &Callback<()>) -> Html {
    html! {
        <div class="emergency-reminder" data-reminder="emergency">
            <p>{ctx.ui("emergency_reminder")}</p>
            { call_link(ctx) }
            <button type="button" class="button secondary" data-action="result"
                onclick={on_result.reform(|_: MouseEvent| ())}>
                {ctx.ui("emergency_alert_result")}
            </button>
        </div>
    }
}
