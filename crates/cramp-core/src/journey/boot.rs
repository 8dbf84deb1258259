//! Starting and resuming: the saved progress and diary read (and upgraded),
//! the answers of the prerendered page taken over, the frequency answers
//! filled from the diary.

use super::*;

/// Start: resume what was saved (upgrading version 1), load the diary, take
/// over the answers given on the prerendered page, fill from the diary.
pub(super) fn boot_from(c: &Content, s: &mut State, boot: Boot, now: Now, fx: &mut Vec<Effect>) {
    s.ui.now = now;
    // Saved progress: the current key, else version 1's (then moved).
    let (progress, old_key) = match (boot.progress, boot.progress_v1) {
        (Some(p), _) => (Some(p), None),
        (None, Some(p)) => (Some(p), Some(codec::PROGRESS_KEY_V1)),
        (None, None) => (None, None),
    };
    if let Some(raw) = progress {
        match codec::decode_progress(c, raw.parsed) {
            Ok(Decoded {
                value,
                dropped,
                upgraded_from,
            }) => {
                resume(c, s, value);
                if dropped > 0 {
                    s.ui.notice = Some(Notice::ProgressPartial);
                }
                // Rewritten in the current version and without what was dropped.
                if dropped > 0 || upgraded_from.is_some() || old_key.is_some() {
                    fx.push(Effect::Store {
                        key: codec::PROGRESS_KEY,
                        text: codec::encode_progress(&s.progress(c)),
                    });
                }
            }
            Err(_) => {
                fx.push(Effect::Store {
                    key: codec::PROGRESS_ASIDE_KEY,
                    text: raw.text,
                });
                fx.push(Effect::Remove(codec::PROGRESS_KEY));
                s.ui.notice = Some(Notice::ProgressUnreadable);
            }
        }
        if let Some(old) = old_key {
            fx.push(Effect::Remove(old));
        }
    }
    // The diary: its index and recent years, or a whole diary of an older version.
    let (mut writes, mut damage) = (Vec::new(), None);
    crate::diary_store::boot(
        &mut s.diary,
        boot.diary,
        boot.diary_own,
        boot.diary_v1,
        &boot.diary_keys,
        boot.diary_years,
        &mut damage,
        &mut writes,
    );
    super::diary_writes(writes, fx);
    super::diary_notice(s, damage);
    // Answers given on the prerendered page before the widget started win:
    // they are what the person sees, and the journey goes on from there.
    if let Some(pre) = boot.prerendered {
        if let Some(lang) = pre.lang {
            s.prefs.lang = Some(lang);
        }
        if let Some(large) = pre.large_text {
            s.prefs.large_text = large;
        }
        let taken = !pre.checked.is_empty() || pre.on_emergency_step || pre.next;
        for (q, v) in &pre.checked {
            if let Some(question) = c
                .steps
                .first()
                .and_then(|st| st.questions.iter().find(|x| x.id == *q))
            {
                choose(&mut s.journey.answers, question, v, true);
            }
        }
        if taken {
            s.journey.screen = Screen::Step(0);
            s.ui.alert_after = emergency_answers(c, &s.journey.answers).into_iter().last();
        }
        fill_from_diary_on_resume(s);
        // Next pressed while the page was loading: go on (or show what is missing).
        if pre.next {
            next(c, s, fx);
        }
        return;
    }
    fill_from_diary_on_resume(s);
}

/// Continues from saved progress. The screen is resumed only if the answers
/// could have reached it (see [`settle`]); otherwise on the emergency step, or
/// at the start when nothing was answered.
pub(super) fn resume(c: &Content, s: &mut State, p: Progress) {
    s.journey.answers = p.answers;
    s.journey.from_diary = p.from_diary;
    s.prefs = Prefs {
        lang: p.lang,
        large_text: p.large_text,
    };
    let fallback = if s.journey.answers.0.is_empty() {
        s.first_screen()
    } else {
        Screen::Step(0)
    };
    s.journey.screen = p
        .screen
        .and_then(|id| Screen::from_id(c, &id))
        .unwrap_or(fallback);
    if s.journey.screen == Screen::Diary {
        s.ui.before_diary = Some(fallback);
    }
    s.ui.alert_after = emergency_answers(c, &s.journey.answers).into_iter().next();
}

/// Raises the frequency answers to what the diary shows (never lowers them)
/// and remembers which ones came from it. Done when the diary changes.
pub(super) fn fill_from_diary(s: &mut State) {
    fill(s, false);
}

/// The same on opening the page, except that an answer the person gave
/// themselves after the diary filled it stands: it was their choice then, and
/// reopening the page must not change it behind their back.
pub(super) fn fill_from_diary_on_resume(s: &mut State) {
    fill(s, true);
}

pub(super) fn fill(s: &mut State, keep_own: bool) {
    let (ms, off) = s.ui.now;
    let summary = s.diary.summarize(ms, off);
    let mut raised = s.journey.answers.clone();
    for q in summary.fill(&mut raised) {
        let own =
            s.journey.answers.get(q).is_some() && !s.journey.from_diary.iter().any(|x| x == q);
        if keep_own && own {
            continue;
        }
        if let Some(v) = raised.get(q) {
            s.journey.answers.set(q, v.clone());
        }
        if !s.journey.from_diary.iter().any(|x| x == q) {
            s.journey.from_diary.push(q.to_string());
        }
    }
}
