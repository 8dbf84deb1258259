//! The frame around every screen: the top bar (presenter, language, larger
//! text, diary), the progress indicator, the read-aloud control, the status
//! notices, the polite announcement of a new screen, and the footer with
//! "delete all my data".

use super::text::Ctx;
use crate::codec::ErrorKind;
use crate::content::{embedded, Lang};
use crate::journey::{self, Action, Notice, Screen, Speech, State, Ui};
use crate::settings::HostSettings;
use yew::prelude::*;

/// HTML the core wrote (`cramp_core::view`, escaped there), inserted as is.
pub fn raw(markup: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(markup))
}

/// A button that sends one action: its look (`primary`, `secondary`, `quiet`,
/// `danger`, `chip`), its `data-action` hook, its label and the action.
pub fn button(
    look: &'static str,
    hook: &'static str,
    label: String,
    send: &Callback<Action>,
    action: impl Fn() -> Action + 'static,
) -> Html {
    html! {
        <button type="button" class={classes!("button", look)} data-action={hook}
            onclick={send.reform(move |_: MouseEvent| action())}>
            {label}
        </button>
    }
}

pub fn top_bar(ctx: &Ctx, s: &State, settings: &HostSettings, send: &Callback<Action>) -> Html {
    let lang_button = |lang: Lang, label: String| {
        let current = ctx.lang == lang;
        html! {
            <button type="button" class={classes!("chip", current.then_some("current"))}
                data-lang={lang.tag()} lang={lang.tag()} aria-pressed={current.to_string()}
                onclick={send.reform(move |_: MouseEvent| Action::SetLang(lang))}>
                {label}
            </button>
        }
    };
    // Text and attributes only: Yew escapes both, so a station name is never markup.
    let presenter = (settings.station.is_some() || settings.logo.is_some()).then(|| {
        let station = settings.station.clone().unwrap_or_default();
        html! {
            <p class="presenter">
                if let Some(logo) = settings.logo.clone() {
                    <img class="presenter-logo" src={logo} alt={station.clone()}
                        referrerpolicy="no-referrer" />
                }
                if settings.station.is_some() {
                    <span>{ctx.ui_with("presented_by", &[("station", &station)])}</span>
                }
            </p>
        }
    });
    let in_diary = s.journey.screen == Screen::Diary;
    let large = s.prefs.large_text;
    html! {
        <div class="topbar no-print">
            <div class="names">
                <p class="app-name">{ctx.ui("app_name")}</p>
                { presenter.unwrap_or_default() }
            </div>
            <div class="tools">
                <div class="lang-switch" role="group" aria-label={ctx.ui("language_label")}>
                    { lang_button(Lang::Zh, ctx.ui("lang_zh")) }
                    { lang_button(Lang::En, ctx.ui("lang_en")) }
                </div>
                <button type="button" class={classes!("chip", large.then_some("current"))}
                    aria-pressed={large.to_string()} data-action="larger-text"
                    onclick={send.reform(|_: MouseEvent| Action::ToggleLargeText)}>
                    {ctx.ui("larger_text")}
                </button>
                <button type="button" class={classes!("chip", in_diary.then_some("current"))}
                    aria-current={in_diary.then_some("page")} data-action="open-diary"
                    onclick={send.reform(|_: MouseEvent| Action::OpenDiary)}>
                    {ctx.ui("diary_open")}
                </button>
            </div>
        </div>
    }
}

/// "Step 2 of 8" in words, with a bar drawn for sighted users (hidden from
/// screen readers, which get the words).
pub fn progress(ctx: &Ctx, (position, total): (usize, usize)) -> Html {
    let pct = (position * 100).checked_div(total).unwrap_or(0);
    let pos = position.to_string();
    let total = total.to_string();
    html! {
        <div class="progress" data-progress={format!("{pos}/{total}")}>
            <p class="progress-text">
                {ctx.ui_with("progress", &[("n", &pos), ("total", &total)])}
            </p>
            // An SVG attribute, not a style: the page's CSP allows no inline styles.
            <svg class="progress-bar" aria-hidden="true" focusable="false">
                <rect class="progress-fill" x="0" y="0" height="100%" width={format!("{pct}%")} />
            </svg>
        </div>
    }
}

/// "Read aloud" / "Stop reading", and what happened when there is no voice.
pub fn read_aloud(ctx: &Ctx, speech: Speech, send: &Callback<Action>) -> Html {
    let speaking = speech == Speech::Speaking;
    html! {
        <div class="read-aloud no-print">
            <button type="button" class="button quiet read-aloud-button" data-action="read-aloud"
                aria-pressed={speaking.to_string()}
                onclick={send.reform(|_: MouseEvent| Action::ReadAloud)}>
                { super::drawings::speaker_icon() }
                <span>{ if speaking { ctx.ui("read_aloud_stop") } else { ctx.ui("read_aloud") } }</span>
            </button>
            if speech == Speech::NoVoice {
                <p class="read-aloud-none" role="status" data-speech="no-voice">{ctx.ui("read_aloud_no_voice")}</p>
            }
        </div>
    }
}

/// Announced politely on every screen change (the heading also takes focus).
pub fn announcement(ctx: &Ctx, s: &State) -> String {
    let c = embedded();
    match s.journey.screen {
        Screen::Intro => String::new(),
        Screen::Step(i) => {
            let words = journey::progress(c, &s.journey.answers, s.journey.screen)
                .map(|(n, total)| {
                    ctx.ui_with(
                        "progress",
                        &[("n", &n.to_string()), ("total", &total.to_string())],
                    )
                })
                .unwrap_or_default();
            format!("{words} {}", ctx.t(&c.steps[i].title))
        }
        Screen::Review => ctx.ui("review_title"),
        Screen::Diary => ctx.ui("diary_title"),
        Screen::Result => c
            .level_text(s.assessment(c).level)
            .map(|l| ctx.t(&l.title))
            .unwrap_or_default(),
    }
}

/// Short status messages above the screen, in one `role="status"` region that
/// is always in the page, so screen readers announce a message when it appears.
pub fn notices(ctx: &Ctx, ui: &Ui, send: &Callback<Action>) -> Html {
    let item = |name: &'static str, words: String, hook: &'static str, action: fn() -> Action| {
        html! {
            <div class="notice app-notice" data-notice={name}>
                <p>{words}</p>
                { button("quiet", hook, ctx.ui("notice_dismiss"), send, action) }
            </div>
        }
    };
    let notice = ui.notice.as_ref().map(|n| {
        let (name, words) = match n {
            Notice::ProgressUnreadable => ("saved-unreadable", ctx.ui("saved_unreadable")),
            Notice::ProgressPartial => ("saved-partial", ctx.ui("saved_partial")),
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
                if *dropped > 0 {
                    words = format!("{words} {}", ctx.ui_with("diary_imported_dropped", &args));
                }
                ("imported", words)
            }
            Notice::ImportRefused(kind) => (
                "import-refused",
                match kind {
                    ErrorKind::NewerVersion => ctx.ui("import_newer"),
                    ErrorKind::TooLarge => ctx.ui("import_too_large"),
                    ErrorKind::NotJson => ctx.ui("import_not_json"),
                    ErrorKind::NotAnObject
                    | ErrorKind::OtherFormat
                    | ErrorKind::UnknownVersion
                    | ErrorKind::Damaged => ctx.ui("import_not_export"),
                },
            ),
        };
        item(name, words, "dismiss-notice", || Action::DismissNotice)
    });
    let updated = ui.updated.then(|| {
        item(
            "updated",
            ctx.ui("updated_notice"),
            "dismiss-updated",
            || Action::DismissUpdated,
        )
    });
    html! {
        <div class="notices no-print" role="status">
            { notice.unwrap_or_default() }
            { updated.unwrap_or_default() }
        </div>
    }
}

/// The footer on every screen: where the answers are kept, and "delete all my
/// data" with its confirmation (native buttons in the page, not `window.confirm`:
/// styled, in the page's language, read in order by screen readers).
pub fn footer(ctx: &Ctx, confirming: bool, cannot_save: bool, send: &Callback<Action>) -> Html {
    let control = if confirming {
        html! {
            <div class="delete-confirm" role="group" aria-labelledby="delete-question">
                <p id="delete-question" class="delete-question" tabindex="-1">
                    {ctx.ui("delete_confirm_question")}
                </p>
                <div class="nav-buttons">
                    { button("danger", "confirm-delete", ctx.ui("delete_confirm_yes"), send, || Action::DeleteAll) }
                    { button("quiet", "cancel-delete", ctx.ui("delete_confirm_no"), send, || Action::CancelDelete) }
                </div>
            </div>
        }
    } else {
        html! {
            <button type="button" id="delete-answers" class="button quiet" data-action="delete-answers"
                onclick={send.reform(|_: MouseEvent| Action::AskDelete)}>
                {ctx.ui("delete_answers")}
            </button>
        }
    };
    html! {
        <footer class="privacy no-print">
            <p>{ctx.ui("privacy_footer")}</p>
            if cannot_save {
                <p class="cannot-save">{ctx.ui("storage_unavailable")}</p>
            }
            { control }
        </footer>
    }
}
