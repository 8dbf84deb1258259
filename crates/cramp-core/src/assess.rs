//! The `assess` command's logic: JSON Lines of answer sets in, one triage per line out.
//!
//! Kept in the library so the vignette tests run exactly this code.

use crate::content::Content;
use crate::engine::{evaluate, parse_answers, Assessment, Ignored};
use crate::json::{self, ParseError};
use std::io::{BufRead, Write};

/// Assesses one line of input: a JSON object of answers keyed by question id.
pub fn assess_line(
    content: &Content,
    line: &str,
) -> Result<(Assessment, Vec<Ignored>), ParseError> {
    let json = json::parse(line)?;
    let (answers, ignored) = parse_answers(content, &json);
    Ok((evaluate(content, &answers), ignored))
}

/// Reads every line of `input`, writes one JSON line per answer set to `out` and
/// problems to `err`. Returns `false` if any line was not valid JSON (the other
/// lines are still answered). Blank lines are skipped.
pub fn run(
    content: &Content,
    input: impl BufRead,
    mut out: impl Write,
    mut err: impl Write,
) -> std::io::Result<bool> {
    let mut ok = true;
    for (i, line) in input.lines().enumerate() {
        let n = i + 1;
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match assess_line(content, &line) {
            Ok((assessment, ignored)) => {
                for x in ignored {
                    writeln!(err, "line {n}: ignored `{}`: {}", x.key, x.why)?;
                }
                let json = serde_json::to_string(&assessment).map_err(std::io::Error::other)?;
                writeln!(out, "{json}")?;
            }
            Err(e) => {
                ok = false;
                writeln!(err, "line {n}: not valid JSON: {e}")?;
            }
        }
    }
    out.flush()?;
    Ok(ok)
}
