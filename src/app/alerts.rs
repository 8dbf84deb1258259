//! The advice raised at once: the red emergency alert (on the step where an
//! emergency answer or combination is given), the amber same-day notice (an
//! urgent alert rule, e.g. a possible clot), and the quiet reminder on later screens.
//!
//! The alert and the notice are inserted with `role="alert"` so screen readers
//! announce them at once; the reminder has no role so it is not announced
//! again on every step, but the call link stays one tap away.

use super::drawings;
use super::layout::button;
use super::text::Ctx;
use crate::content::Rule;
use crate::journey::Action;
use yew::prelude::*;

/// A large `tel:` link to the emergency number.
pub fn call_link(ctx: &Ctx) -> Html {
    html! {
        <a class="call-link" href={ctx.tel()} data-action="call">
            { drawings::phone_icon() }
            <span>{ctx.ui("call_button")}</span>
        </a>
    }
}

pub fn emergency_alert(ctx: &Ctx, send: &Callback<Action>) -> Html {
    html! {
        <div class="emergency-alert" role="alert" data-alert="emergency">
            <p class="alert-title">{ctx.ui("emergency_alert_title")}</p>
            <p>{ctx.ui("emergency_alert_text")}</p>
            { call_link(ctx) }
            <p class="alert-more">{ctx.ui("emergency_alert_continue")}</p>
            { button("secondary", "result", ctx.ui("emergency_alert_result"), send, || Action::ShowResult) }
        </div>
    }
}

/// The amber notice of an urgent alert rule: see a doctor today, and its own advice.
pub fn same_day_notice(ctx: &Ctx, rule: &Rule) -> Html {
    html! {
        <div class="same-day-notice" role="alert" data-alert="same-day" data-rule={rule.id.to_string()}>
            <p class="alert-title">{ctx.ui("same_day_title")}</p>
            if let Some(text) = &rule.notice {
                <p>{ctx.t(text)}</p>
            }
            { call_link(ctx) }
        </div>
    }
}

/// Shown on the screens after the one that raised it while an emergency stands.
pub fn emergency_reminder(ctx: &Ctx, send: &Callback<Action>) -> Html {
    html! {
        <div class="emergency-reminder" data-reminder="emergency">
            <p>{ctx.ui("emergency_reminder")}</p>
            { call_link(ctx) }
            { button("secondary", "result", ctx.ui("emergency_alert_result"), send, || Action::ShowResult) }
        </div>
    }
}
