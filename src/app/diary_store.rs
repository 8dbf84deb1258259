//! The diary's years in storage, for the core's `diary_store`: which year keys
//! there are, and reading the years an action needs before it reaches the
//! reducer (a month of an older year opened, an export, an import). Reading a
//! year is one `getItem` of at most a year's entries, read straight from its
//! text when it is as this widget writes it.

use super::json;
use cramp_core::diary_store::{self, YearText};
use cramp_core::journey::{Action, State};
use web_sys::Storage;

/// The years with a key of their own.
pub fn year_keys(s: &Storage) -> Vec<i32> {
    let n = s.length().unwrap_or(0);
    let mut years: Vec<i32> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter_map(|k| diary_store::year_of_key(&k))
        .collect();
    cramp_core::diary::heapsort(&mut years, |a, b| a < b);
    years
}

/// These years, read (one without a key reads as empty).
pub fn read_years(s: &Storage, years: &[i32]) -> Vec<YearText> {
    years
        .iter()
        .map(
            |y| match s.get_item(&diary_store::year_key(*y)).ok().flatten() {
                Some(text) => YearText::read(*y, text, json::parse),
                None => YearText::missing(*y),
            },
        )
        .collect()
}

/// The action, with the years of the diary it needs read first (none: as it is).
pub fn with_years(state: &State, action: Action) -> Action {
    let years = diary_store::years_needed(&state.diary, &action);
    if years.is_empty() {
        return action;
    }
    let Some(s) = super::effects::local_storage() else {
        return action;
    };
    Action::WithDiaryYears(read_years(&s, &years), Box::new(action))
}
