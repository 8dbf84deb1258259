//! The footer on every screen: where the answers are kept, and "delete my answers" with its confirmation.
//!
//! The confirmation is part of the page (native buttons), not `window.confirm`:
//! it is styled, in the page's language, and read in order by screen readers.
//! Focus moves to the question when it opens and back to the button on "keep".

use super::text::Ctx;
use yew::prelude::*;

/// The ids focus moves to (see `App`).
pub const DELETE_BUTTON_ID: &str = "delete-answers";
pub const DELETE_QUESTION_ID: &str = "delete-question";

#[derive(Properties, PartialEq)]
pub struct PrivacyFooterProps {
    pub ctx: Ctx,
    /// The confirmation is open.
    pub confirming: bool,
    /// The widget was asked to save but the browser does not allow it.
    pub cannot_save: bool,
    pub on_ask: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_delete: Callback<()>,
}

#[function_component(PrivacyFooter)]
pub fn privacy_footer(props: &PrivacyFooterProps) -> Html {
    let ctx = &props.ctx;
    let control = if props.confirming {
        html! {
            <div class="delete-confirm" role="group" aria-labelledby={DELETE_QUESTION_ID}>
                <p id={DELETE_QUESTION_ID} class="delete-question" tabindex="-1">
                    {ctx.ui("delete_confirm_question")}
                </p>
                <div class="nav-buttons">
                    <button type="button" class="button danger" data-action="confirm-delete"
                        onclick={props.on_delete.reform(|_: MouseEvent| ())}>
                        {ctx.ui("delete_confirm_yes")}
                    </button>
                    <button type="button" class="button quiet" data-action="cancel-delete"
                        onclick={props.on_cancel.reform(|_: MouseEvent| ())}>
                        {ctx.ui("delete_confirm_no")}
                    </button>
                </div>
            </div>
        }
    } else {
        html! {
            <button type="button" id={DELETE_BUTTON_ID} class="button quiet" data-action="delete-answers"
                onclick={props.on_ask.reform(|_: MouseEvent| ())}>
                {ctx.ui("delete_answers")}
            </button>
        }
    };
    html! {
        <footer class="privacy no-print">
            <p>{ctx.ui("privacy_footer")}</p>
            if props.cannot_save {
                <p class="cannot-save">{ctx.ui("storage_unavailable")}</p>
            }
            { control }
        </footer>
    }
}
