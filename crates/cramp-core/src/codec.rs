//! One codec for every format the widget stores or hands over: saved progress,
//! the cramp diary, the JSON export (and, written by `fhir`, the FHIR files).
//!
//! Every format is a JSON object that names itself and its version:
//! `{"format": "cramp-check-progress", "version": 2, …}`. Reading goes through
//! one path per format: parse (the shell's parser, see `json`), check the
//! format and version, upgrade older versions step by step to the current one,
//! then read the fields, dropping what does not fit (an answer to a question
//! that no longer exists, a damaged diary entry) and counting it, so the person
//! can be told. Nothing here panics, and every refusal is one [`CodecError`]
//! that keeps its cause.
//!
//! | format | key (localStorage) | versions |
//! |---|---|---|
//! | progress | `cramp-check/progress` (v1: `cramp-check/v1`) | 1: no `format`, `lang` as shown; 2: `format`, `lang` only when the person chose it |
//! | diary | `cramp-check/diary` (v1: `cramp-check/diary/v1`); since the diary is kept by year, an index there and a year in each `cramp-check/diary/YYYY` (see `diary_store`) | 1: no `format`; 2: `format` (a year's entries, and the export's) |
//! | export | a file | 1: `answers` and `diary` (a list); 2: `progress` and `diary` in their own formats |
//!
//! **Invariant:** stored text and imported files are untrusted; v1 data is
//! upgraded, never discarded for being old.

use crate::content::{Content, Lang, Screen};
use crate::diary::{self, Entry};
use crate::engine::{self, Answers, Value};
use crate::json::{Json, ParseError};
use crate::obj;
use std::fmt;

/// The formats, each with its name and current version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Progress,
    Diary,
    Export,
}

impl Format {
    /// The `format` field.
    pub fn name(self) -> &'static str {
        match self {
            Format::Progress => "cramp-check-progress",
            Format::Diary => "cramp-check-diary",
            Format::Export => "cramp-check-export",
        }
    }

    /// The version written.
    pub fn version(self) -> u64 {
        match self {
            Format::Progress | Format::Diary | Format::Export => 2,
        }
    }
}

/// Where saved progress is kept.
pub const PROGRESS_KEY: &str = "cramp-check/progress";
/// Where version 1 kept it (read once, upgraded, then removed).
pub const PROGRESS_KEY_V1: &str = "cramp-check/v1";
/// Where the diary is kept.
pub const DIARY_KEY: &str = "cramp-check/diary";
/// Where version 1 kept it.
pub const DIARY_KEY_V1: &str = "cramp-check/diary/v1";
/// Where a diary that could not be read is kept, untouched, instead of being lost.
pub const DIARY_ASIDE_KEY: &str = "cramp-check/diary/unreadable";
/// Where saved progress that could not be read is kept, untouched.
pub const PROGRESS_ASIDE_KEY: &str = "cramp-check/progress/unreadable";

/// The largest import file read (an export of years of entries is far smaller).
pub const MAX_IMPORT_BYTES: usize = 5_000_000;

/// Why a text was refused whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not JSON at all.
    NotJson,
    /// JSON, but not an object.
    NotAnObject,
    /// An object, but not this format (another format, or none).
    OtherFormat,
    /// A version newer than this widget reads.
    NewerVersion,
    /// No version, or one that never existed.
    UnknownVersion,
    /// The right format and version, but a part it cannot do without is missing or broken.
    Damaged,
    /// Larger than [`MAX_IMPORT_BYTES`].
    TooLarge,
}

impl ErrorKind {
    /// A stable id (tests, messages).
    pub fn id(self) -> &'static str {
        match self {
            ErrorKind::NotJson => "not_json",
            ErrorKind::NotAnObject => "not_an_object",
            ErrorKind::OtherFormat => "other_format",
            ErrorKind::NewerVersion => "newer_version",
            ErrorKind::UnknownVersion => "unknown_version",
            ErrorKind::Damaged => "damaged",
            ErrorKind::TooLarge => "too_large",
        }
    }
}

/// The one error of the codec: which format, what went wrong, and the parser's own words when it was the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodecError {
    pub format: Format,
    pub kind: ErrorKind,
    cause: Option<ParseError>,
}

impl CodecError {
    fn new(format: Format, kind: ErrorKind) -> CodecError {
        CodecError {
            format,
            kind,
            cause: None,
        }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.format.name(), self.kind.id())?;
        if let Some(c) = &self.cause {
            write!(f, ": {c}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CodecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_ref().map(|c| c as _)
    }
}

/// What was read, and what had to be left out or changed on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    /// The version the text was written in, when older than the current one (it was upgraded).
    pub upgraded_from: Option<u64>,
    /// Parts left out because they no longer fit or were damaged (answers, entries).
    pub dropped: usize,
}

/// The object of `format`, upgraded to the current version, and the version it was written in when older.
fn envelope(
    format: Format,
    parsed: Result<Json, ParseError>,
) -> Result<(Json, Option<u64>), CodecError> {
    let json = parsed.map_err(|e| CodecError {
        format,
        kind: ErrorKind::NotJson,
        cause: Some(e),
    })?;
    if json.as_object().is_none() {
        return Err(CodecError::new(format, ErrorKind::NotAnObject));
    }
    let named = json.get("format").and_then(Json::as_str);
    let version = json.get("version").and_then(Json::as_u64);
    // Version 1 of progress and diary did not carry `format`.
    let v1_unnamed = matches!(format, Format::Progress | Format::Diary);
    match (named, version) {
        (Some(n), _) if n != format.name() => Err(CodecError::new(format, ErrorKind::OtherFormat)),
        (None, _) if !v1_unnamed => Err(CodecError::new(format, ErrorKind::OtherFormat)),
        (None, Some(1)) => Ok((upgrade(format, 1, json), Some(1))),
        (None, _) => Err(CodecError::new(format, ErrorKind::UnknownVersion)),
        (Some(_), Some(v)) if v == format.version() => Ok((json, None)),
        (Some(_), Some(v)) if v > format.version() => {
            Err(CodecError::new(format, ErrorKind::NewerVersion))
        }
        (Some(_), Some(v)) if v >= 1 => Ok((upgrade(format, v, json), Some(v))),
        (Some(_), _) => Err(CodecError::new(format, ErrorKind::UnknownVersion)),
    }
}

/// Upgrades `json`, written in version `from` of `format`, to the current version, one step at a time.
fn upgrade(format: Format, from: u64, mut json: Json) -> Json {
    let mut v = from;
    while v < format.version() {
        json = match (format, v) {
            (Format::Progress, 1) => progress_v1_to_v2(json),
            (Format::Diary, 1) => diary_v1_to_v2(json),
            (Format::Export, 1) => export_v1_to_v2(json),
            _ => json,
        };
        v += 1;
    }
    json
}

/// Progress 1 → 2: name the format. Version 1 saved the language shown, which
/// the person may or may not have chosen; it is kept as their choice, so
/// nothing they saw changes.
fn progress_v1_to_v2(mut json: Json) -> Json {
    json.set("format", Format::Progress.name().into());
    json.set("version", Json::Int(2));
    json
}

/// Diary 1 → 2: name the format; the entries are unchanged.
fn diary_v1_to_v2(mut json: Json) -> Json {
    json.set("format", Format::Diary.name().into());
    json.set("version", Json::Int(2));
    json
}

/// Export 1 → 2: the answers become a progress object and the entries a diary
/// object, each in its own format, so one reader serves stored and exported data.
fn export_v1_to_v2(json: Json) -> Json {
    let answers = json.get("answers").cloned().unwrap_or(Json::Null);
    let entries = json.get("diary").cloned().unwrap_or(Json::Null);
    let exported = json.get("exported").cloned().unwrap_or(Json::Null);
    let app_version = json.get("app_version").cloned().unwrap_or(Json::Null);
    obj! {
        "format": Format::Export.name(),
        "version": 2i64,
        "exported": exported,
        "app_version": app_version,
        "progress": obj! {
            "format": Format::Progress.name(),
            "version": 2i64,
            "answers": answers,
        },
        "diary": obj! {
            "format": Format::Diary.name(),
            "version": 2i64,
            "entries": entries,
        },
    }
}

// ---------------------------------------------------------------- answers

/// Answers in the `assess` format: option id, list of option ids, or boolean.
pub fn answers_to_json(answers: &Answers) -> Json {
    Json::Object(
        answers
            .0
            .iter()
            .map(|(q, v)| {
                let v = match v {
                    Value::One(s) => Json::from(s),
                    Value::Many(vs) => Json::Array(vs.iter().map(Json::from).collect()),
                    Value::Bool(b) => Json::Bool(*b),
                };
                (q.clone(), v)
            })
            .collect(),
    )
}

// ---------------------------------------------------------------- progress

/// Saved progress: what of the journey and the preferences survives a reload.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// The language the person chose (`None`: they never chose; the host's or
    /// the browser's applies).
    pub lang: Option<Lang>,
    pub large_text: bool,
    /// The screen, in the page's `data-step` vocabulary (`intro`, a step id,
    /// `review`, `result`, `diary`); `None` when not saved or not known.
    pub screen: Option<String>,
    pub answers: Answers,
    /// The answers the diary filled in.
    pub from_diary: Vec<String>,
}

pub fn encode_progress(p: &Progress) -> String {
    progress_json(p).write()
}

fn progress_json(p: &Progress) -> Json {
    obj! {
        "format": Format::Progress.name(),
        "version": Format::Progress.version(),
        "lang": p.lang.map_or(Json::Null, |l| l.tag().into()),
        "large_text": p.large_text,
        "screen": p.screen.clone().map_or(Json::Null, Json::from),
        "answers": answers_to_json(&p.answers),
        "from_diary": Json::Array(p.from_diary.iter().map(Json::from).collect()),
    }
}

/// Reads saved progress. Answers that no longer fit the questionnaire are left
/// out and counted; a screen that no longer exists is left out (the journey
/// decides where to resume).
pub fn decode_progress(
    c: &Content,
    parsed: Result<Json, ParseError>,
) -> Result<Decoded<Progress>, CodecError> {
    let (json, upgraded_from) = envelope(Format::Progress, parsed)?;
    let mut dropped = 0;
    let answers = match json.get("answers") {
        None | Some(Json::Null) => Answers::default(),
        Some(v) => {
            let (answers, ignored) = engine::parse_answers(c, v);
            dropped += ignored.len();
            answers
        }
    };
    let screen = match json.get("screen") {
        None | Some(Json::Null) => None,
        Some(v) => match v.as_str().filter(|id| screen_exists(c, id)) {
            Some(id) => Some(id.to_string()),
            None => {
                dropped += 1;
                None
            }
        },
    };
    // Only answered questions can have come from the diary.
    let from_diary = json
        .get("from_diary")
        .and_then(Json::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(Json::as_str)
                .filter(|id| answers.get(id).is_some())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    Ok(Decoded {
        value: Progress {
            lang: json
                .get("lang")
                .and_then(Json::as_str)
                .and_then(crate::settings::lang),
            large_text: json
                .get("large_text")
                .and_then(Json::as_bool)
                .unwrap_or(false),
            screen,
            answers,
            from_diary,
        },
        upgraded_from,
        dropped,
    })
}

/// Is `id` a screen of the `data-step` vocabulary for this questionnaire?
pub fn screen_exists(c: &Content, id: &str) -> bool {
    Screen::from_id(c, id).is_some()
}

// ---------------------------------------------------------------- diary

/// The stored diary: the same text as writing [`Entry::to_json`] of each entry
/// in a `{"format","version","entries"}` object, written straight into one
/// string without building the tree first (a whole diary is written on every
/// change; at 10,000 entries the tree alone was 120,000 allocations).
pub fn encode_diary(entries: &[Entry]) -> String {
    encode_diary_refs(&entries.iter().collect::<Vec<_>>())
}

/// [`encode_diary`] of some entries of a diary (a year's, see `diary_store`), in diary order.
pub fn encode_diary_refs(entries: &[&Entry]) -> String {
    use crate::json::write_int;
    // Ids and option ids are plain ASCII: copied whole, not a character at a time.
    let write_str = |out: &mut String, s: &str| {
        if s.bytes()
            .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b < 0x80)
        {
            out.push('"');
            out.push_str(s);
            out.push('"');
        } else {
            crate::json::write_str(out, s);
        }
    };
    let mut out = String::with_capacity(64 + entries.len() * 160);
    out.push_str("{\"format\":");
    write_str(&mut out, Format::Diary.name());
    out.push_str(",\"version\":");
    write_int(&mut out, Format::Diary.version() as i64);
    out.push_str(",\"entries\":[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"id\":");
        write_str(&mut out, &e.id);
        out.push_str(",\"at_ms\":");
        write_int(&mut out, e.at_ms);
        out.push_str(",\"offset_min\":");
        write_int(&mut out, i64::from(e.offset_min));
        out.push_str(",\"leg\":");
        write_str(&mut out, e.leg.id());
        out.push_str(",\"duration\":");
        write_str(&mut out, e.duration.id());
        out.push_str(",\"severity\":");
        write_int(&mut out, i64::from(e.severity));
        out.push_str(if e.woke {
            ",\"woke\":true"
        } else {
            ",\"woke\":false"
        });
        out.push_str(if e.numb_after {
            ",\"numb_after\":true"
        } else {
            ",\"numb_after\":false"
        });
        if let Some(a) = &e.activity {
            out.push_str(",\"activity\":");
            write_str(&mut out, a);
        }
        out.push('}');
    }
    out.push_str("]}");
    out
}

fn diary_json(entries: &[Entry]) -> Json {
    obj! {
        "format": Format::Diary.name(),
        "version": Format::Diary.version(),
        "entries": Json::Array(entries.iter().map(Entry::to_json).collect()),
    }
}

/// Reads the diary. Damaged entries and repeated ids are dropped one by one
/// and counted; the intact ones are kept, in diary order.
pub fn decode_diary(parsed: Result<Json, ParseError>) -> Result<Decoded<Vec<Entry>>, CodecError> {
    let (json, upgraded_from) = envelope(Format::Diary, parsed)?;
    let (entries, dropped) = diary_entries(&json)?;
    Ok(Decoded {
        value: entries,
        upgraded_from,
        dropped,
    })
}

fn diary_entries(json: &Json) -> Result<(Vec<Entry>, usize), CodecError> {
    let Some(list) = json.get("entries").and_then(Json::as_array) else {
        return Err(CodecError::new(Format::Diary, ErrorKind::Damaged));
    };
    // Repeated ids are found by sorting (diary::repeated_ids, O(n log n)): a
    // diary of years holds thousands of entries, and a heapsort keeps the
    // B-tree and the standard sort out of the wasm.
    let valid: Vec<Entry> = list.iter().filter_map(Entry::from_json).collect();
    let repeated = diary::repeated_ids(&valid);
    let mut dropped = list.len() - valid.len();
    let mut out = Vec::with_capacity(valid.len());
    for (e, again) in valid.into_iter().zip(repeated) {
        if again {
            dropped += 1;
        } else {
            out.push(e);
        }
    }
    diary::sort(&mut out);
    Ok((out, dropped))
}

// ---------------------------------------------------------------- export and import

/// Everything, as one file: `{"format":"cramp-check-export","version":2,
/// "exported":ISO,"app_version","progress":{…},"diary":{…}}`. Each diary entry
/// also carries its local `time` (ISO 8601) for people reading the file;
/// reading ignores it.
pub fn encode_export(
    progress: &Progress,
    entries: &[Entry],
    exported_ms: i64,
    offset_min: i32,
    app_version: &str,
) -> String {
    let mut diary = diary_json(entries);
    if let Some(Json::Array(list)) = diary.get("entries").cloned() {
        let list = list
            .into_iter()
            .zip(entries)
            .map(|(mut v, e)| {
                v.set("time", diary::iso(e.at_ms, e.offset_min).into());
                v
            })
            .collect();
        diary.set("entries", Json::Array(list));
    }
    let progress = progress_json(progress);
    obj! {
        "format": Format::Export.name(),
        "version": Format::Export.version(),
        "exported": diary::iso(exported_ms, offset_min),
        "app_version": app_version,
        "progress": progress,
        "diary": diary,
    }
    .write_pretty()
}

/// An export file, read.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    pub answers: Answers,
    pub entries: Vec<Entry>,
    /// Answers in the file that do not fit the questionnaire, left out.
    pub ignored_answers: usize,
}

/// Refuses a file larger than [`MAX_IMPORT_BYTES`] before it is even read.
pub fn check_import_size(bytes: usize) -> Result<(), CodecError> {
    if bytes > MAX_IMPORT_BYTES {
        Err(CodecError::new(Format::Export, ErrorKind::TooLarge))
    } else {
        Ok(())
    }
}

/// Reads an export file (version 1 or 2). Damaged entries are dropped and counted.
pub fn decode_export(
    c: &Content,
    bytes: usize,
    parsed: Result<Json, ParseError>,
) -> Result<Decoded<Export>, CodecError> {
    check_import_size(bytes)?;
    let (json, upgraded_from) = envelope(Format::Export, parsed)?;
    let damaged = || CodecError::new(Format::Export, ErrorKind::Damaged);
    let (answers, ignored_answers) = match json.get("progress").and_then(|p| p.get("answers")) {
        None | Some(Json::Null) => (Answers::default(), 0),
        Some(v) if v.as_object().is_some() => {
            let (a, ignored) = engine::parse_answers(c, v);
            (a, ignored.len())
        }
        Some(_) => return Err(damaged()),
    };
    let (entries, dropped) = match json.get("diary") {
        None | Some(Json::Null) => (Vec::new(), 0),
        Some(d) => match d.get("entries") {
            None | Some(Json::Null) => (Vec::new(), 0),
            Some(_) => diary_entries(d).map_err(|_| damaged())?,
        },
    };
    Ok(Decoded {
        value: Export {
            answers,
            entries,
            ignored_answers,
        },
        upgraded_from,
        dropped,
    })
}

/// The outcome of merging an import into the current diary and answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The current entries and the new ones, in diary order.
    pub entries: Vec<Entry>,
    /// The file's answers, only when there were no current answers (and the file had some).
    pub answers: Option<Answers>,
    /// The file had answers but the current ones were kept.
    pub kept_current_answers: bool,
    /// Entries added.
    pub added: usize,
    /// Entries already in the diary (same id, or same instant, leg, duration and severity).
    pub duplicates: usize,
    /// Damaged entries left out.
    pub dropped: usize,
    /// Answers in the file that do not fit the questionnaire, left out.
    pub ignored_answers: usize,
}

/// Merges a read export into the current diary and answers, without duplicates.
/// The file's answers are taken only when there are none yet. An entry of the
/// file is a duplicate when it has the id of a current entry or describes the
/// same cramp (same instant, leg, duration and severity), or does either with
/// an entry before it in the file. O((n + m) log (n + m)): found by binary
/// search and sorting, so importing years of entries into years of entries
/// stays quick.
pub fn merge_import(
    file: Decoded<Export>,
    current_entries: &[Entry],
    current_answers: &Answers,
) -> Import {
    let Decoded {
        value: export,
        dropped,
        ..
    } = file;
    let take = current_answers.0.is_empty() && !export.answers.0.is_empty();
    let mut out = Import {
        entries: current_entries.to_vec(),
        kept_current_answers: !take && !export.answers.0.is_empty(),
        answers: take.then_some(export.answers),
        added: 0,
        duplicates: 0,
        dropped,
        ignored_answers: export.ignored_answers,
    };
    let mut ids: Vec<&str> = current_entries.iter().map(|e| &*e.id).collect();
    diary::heapsort(&mut ids, |a, b| a < b);
    let mut keys: Vec<_> = current_entries.iter().map(Entry::same_cramp_key).collect();
    diary::heapsort(&mut keys, |a, b| a < b);
    let (fresh, known): (Vec<Entry>, Vec<Entry>) = export.entries.into_iter().partition(|e| {
        ids.binary_search(&&*e.id).is_err() && keys.binary_search(&e.same_cramp_key()).is_err()
    });
    out.duplicates += known.len();
    let same_id = diary::repeated_ids(&fresh);
    let same_key = diary::repeated_by(fresh.len(), |i, j| {
        fresh[i].same_cramp_key().cmp(&fresh[j].same_cramp_key())
    });
    for (i, e) in fresh.into_iter().enumerate() {
        if same_id[i] || same_key[i] {
            out.duplicates += 1;
        } else {
            out.entries.push(e);
            out.added += 1;
        }
    }
    diary::sort(&mut out.entries);
    out
}

// ---------------------------------------------------------------- the diary as written here, read back fast

/// Reads the diary exactly as [`encode_diary`] writes it (the current version,
/// its keys in its order, no spaces), straight from the text: no `JSON.parse`
/// and no tree, which for years of entries were most of the widget's start-up.
/// `None` for any other text (another version, another writer, a damaged,
/// repeated or out-of-order entry): that goes the general way,
/// [`decode_diary`], which upgrades, drops and counts. Not a JSON parser: it
/// accepts only this one shape.
pub fn read_own_diary(text: &str) -> Option<Vec<Entry>> {
    let mut r = Own(text.as_bytes(), 0);
    r.lit(b"{\"format\":")?;
    if r.string()? != Format::Diary.name() {
        return None;
    }
    r.lit(b",\"version\":")?;
    if u64::try_from(r.int()?).ok()? != Format::Diary.version() {
        return None;
    }
    r.lit(b",\"entries\":[")?;
    let mut out: Vec<Entry> = Vec::new();
    if !r.eat(b']') {
        loop {
            let e = r.entry()?;
            // In diary order, strictly: so no two have the same instant and id.
            if out
                .last()
                .is_some_and(|p| (p.at_ms, &p.id) >= (e.at_ms, &e.id))
            {
                return None;
            }
            out.push(e);
            if r.eat(b']') {
                break;
            }
            r.lit(b",")?;
        }
    }
    r.lit(b"}")?;
    if r.1 != r.0.len() || diary::repeated_ids(&out).contains(&true) {
        return None;
    }
    Some(out)
}

/// A cursor over the text [`read_own_diary`] reads.
struct Own<'a>(&'a [u8], usize);

impl Own<'_> {
    fn eat(&mut self, b: u8) -> bool {
        let hit = self.0.get(self.1) == Some(&b);
        if hit {
            self.1 += 1;
        }
        hit
    }

    fn lit(&mut self, s: &[u8]) -> Option<()> {
        let end = self.1.checked_add(s.len())?;
        (self.0.get(self.1..end)? == s).then(|| self.1 = end)
    }

    fn int(&mut self) -> Option<i64> {
        let neg = self.eat(b'-');
        let start = self.1;
        let mut n: i64 = 0;
        while let Some(d) = self.0.get(self.1).filter(|b| b.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
            self.1 += 1;
        }
        (self.1 > start).then_some(if neg { -n } else { n })
    }

    fn flag(&mut self) -> Option<bool> {
        if self.lit(b"true").is_some() {
            Some(true)
        } else {
            self.lit(b"false").map(|_| false)
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = std::str::from_utf8(self.0.get(self.1..self.1 + 4)?).ok()?;
        self.1 += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.lit(b"\"")?;
        let mut out = String::new();
        loop {
            // A run without quote or backslash, copied whole.
            let start = self.1;
            while self
                .0
                .get(self.1)
                .is_some_and(|b| *b != b'"' && *b != b'\\' && *b >= 0x20)
            {
                self.1 += 1;
            }
            out.push_str(std::str::from_utf8(&self.0[start..self.1]).ok()?);
            match *self.0.get(self.1)? {
                b'"' => {
                    self.1 += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.1 += 1;
                    let c = match *self.0.get(self.1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            self.1 += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.lit(b"\\u")?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code)?);
                            continue;
                        }
                        _ => return None,
                    };
                    self.1 += 1;
                    out.push(c);
                }
                _ => return None,
            }
        }
    }

    fn entry(&mut self) -> Option<Entry> {
        self.lit(b"{\"id\":")?;
        let id = self.string()?;
        self.lit(b",\"at_ms\":")?;
        let at_ms = self.int()?;
        self.lit(b",\"offset_min\":")?;
        let offset_min = i32::try_from(self.int()?).ok()?;
        self.lit(b",\"leg\":")?;
        let leg = diary::Leg::from_id(&self.string()?)?;
        self.lit(b",\"duration\":")?;
        let duration = diary::Duration::from_id(&self.string()?)?;
        self.lit(b",\"severity\":")?;
        let severity = u8::try_from(self.int()?).ok()?;
        self.lit(b",\"woke\":")?;
        let woke = self.flag()?;
        self.lit(b",\"numb_after\":")?;
        let numb_after = self.flag()?;
        let activity = if self.lit(b",\"activity\":").is_some() {
            Some(self.string()?)
        } else {
            None
        };
        self.lit(b"}")?;
        let e = Entry {
            id,
            at_ms,
            offset_min,
            leg,
            duration,
            severity,
            woke,
            numb_after,
            activity,
        };
        e.is_valid().then_some(e)
    }
}
