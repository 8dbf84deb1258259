//! Short status messages above the screen: saved answers that could not be used, a deletion, an update.
//!
//! They sit in one `role="status"` region that is always in the page, so
//! screen readers announce a message politely when it appears. Each can be
//! dismissed with its own button.

use super::state::Notice;
use super::text::Ctx;
use crate::diary::ImportError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub ctx: Ctx,
    pub notice: Option<Notice>,
    pub updated: bool,
    pub on_dismiss: Callback<()>,
    pub on_dismiss_updated: Callback<()>,
}

#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    let ctx = &props.ctx;
    let item = |name: &'static str, words: String, action: &'static str, on: &Callback<()>| {
        html! {
            <div class="notice app-notice" data-notice={name}>
                <p>{words}</p>
                <button type="button" class="button quiet" data-action={action}
                    onclick={on.reform(|_: MouseEvent| ())}>
                    {ctx.ui("notice_dismiss")}
                </button>
            </div>
        }
    };
    let notice = props.notice.map(|n| {
        let (name, words) = match n {
            Notice::Unreadable => ("saved-unreadable", ctx.ui("saved_unreadable")),
            Notice::Partial => ("saved-partial", ctx.ui("saved_partial")),
            Notice::Deleted => ("deleted", ctx.ui("deleted_notice")),
            Notice::DiaryUnreadable => ("diary-unreadable", ctx.ui("diary_unreadable")),
            Notice::DiaryPartial(n) => (
                "diary-partial",
                ctx.ui_with("diary_partial", &[("n", &n.to_string())]),
            ),
            Notice::Logged => ("logged", ctx.ui("diary_logged")),
            Notice::Imported {
                added,
                duplicates,
                dropped,
            } => {
                let (added, same, n) = (
                    added.to_string(),
                    duplicates.to_string(),
                    dropped.to_string(),
                );
                let args = [("added", &*added), ("same", &*same), ("n", &*n)];
                let mut words = ctx.ui_with("diary_imported", &args);
                if dropped > 0 {
                    words = format!("{words} {}", ctx.ui_with("diary_imported_dropped", &args));
                }
                ("imported", words)
            }
            Notice::ImportRefused(why) => (
                "import-refused",
                match why {
                    ImportError::NewerVersion => ctx.ui("import_newer"),
                    ImportError::NotExport => ctx.ui("import_not_export"),
                    ImportError::TooLarge => ctx.ui("import_too_large"),
                    ImportError::NotJson => ctx.ui("import_not_json"),
                },
            ),
        };
        item(name, words, "dismiss-notice", &props.on_dismiss)
    });
    let updated = props.updated.then(|| {
        item(
            "updated",
            ctx.ui("updated_notice"),
            "dismiss-updated",
            &props.on_dismiss_updated,
        )
    });
    html! {
        <div class="notices no-print" role="status">
            { notice.unwrap_or_default() }
            { updated.unwrap_or_default() }
        </div>
    }
}
