//! `fhir-samples <vignettes.jsonl> <out>`: writes FHIR R4 QuestionnaireResponses
//! for the schema check (`make test-fhir`, scripts/validate-fhir.mjs).
//!
//! One response per vignette of `tests/vignettes.jsonl` and language (its answers,
//! assessed by the engine), and a few diary cases: a diary alone, a diary beside
//! answers, one entry with every optional field, and nothing at all. Each is
//! `<out>/<case>.<language>.json`, built by the same `fhir::questionnaire_response`
//! as the widget's export. Prints how many it wrote.
//!
//! A native tool, like `prerender`: for wasm32 it is an empty stub.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use cramp_core::content::{embedded, Lang};
    use cramp_core::diary::{Duration, Entry, Leg};
    use cramp_core::engine::{evaluate, parse_answers, Answers};
    use cramp_core::fhir::questionnaire_response;
    use std::path::PathBuf;
    use std::process::ExitCode;

    /// 2026-11-21T10:00:00+08:00, the time the responses are authored.
    const NOW: i64 = 1_795_226_400_000;
    const DAY: i64 = 86_400_000;

    let mut args = std::env::args_os().skip(1);
    let (Some(vignettes), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: fhir-samples <vignettes.jsonl> <output folder>");
        return ExitCode::from(2);
    };
    let (vignettes, out) = (PathBuf::from(vignettes), PathBuf::from(out));
    let c = embedded();

    // (case name, answers, diary entries)
    let mut cases: Vec<(String, Answers, Vec<Entry>)> = Vec::new();
    let text = match std::fs::read_to_string(&vignettes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("fhir-samples: cannot read {}: {e}", vignettes.display());
            return ExitCode::from(1);
        }
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = cramp_core::json::parse(line).ok();
        let id = parsed.as_ref().and_then(|v| v.get("id")?.as_str());
        let answers = parsed.as_ref().and_then(|v| v.get("answers"));
        let (Some(id), Some(answers)) = (id, answers) else {
            eprintln!(
                "fhir-samples: {} line {}: not a vignette (an object with `id` and `answers`)",
                vignettes.display(),
                i + 1
            );
            return ExitCode::from(1);
        };
        let safe: String = id
            .chars()
            .map(|ch| {
                if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                    ch
                } else {
                    '_'
                }
            })
            .collect();
        cases.push((
            format!("vignette-{safe}"),
            parse_answers(c, answers).0,
            Vec::new(),
        ));
    }
    if cases.is_empty() {
        eprintln!("fhir-samples: no vignette in {}", vignettes.display());
        return ExitCode::from(1);
    }

    // Every leg and duration, optional fields on and off, three UTC offsets.
    let mut diary = Vec::new();
    for (i, leg) in Leg::ALL.into_iter().enumerate() {
        for (j, duration) in Duration::ALL.into_iter().enumerate() {
            let k = (i * Duration::ALL.len() + j) as i64;
            diary.push(Entry {
                id: format!("e{k}"),
                at_ms: NOW - k * DAY,
                offset_min: [480, -300, 0][i],
                leg,
                duration,
                severity: (k % 11) as u8,
                woke: k % 2 == 0,
                numb_after: k % 3 == 0,
                activity: (k % 4 == 0).then(|| format!("walking {k}")),
            });
        }
    }
    let full_entry = Entry {
        id: "only".into(),
        at_ms: NOW - DAY / 2,
        offset_min: 330,
        leg: Leg::Both,
        duration: Duration::Over10MinNotEasing,
        severity: 10,
        woke: true,
        numb_after: true,
        activity: Some("爬山之后 \"quoted\" <b>&</b>".into()),
    };
    let first_answers = cases[0].1.clone();
    cases.push(("diary-only".into(), Answers::default(), diary.clone()));
    cases.push(("diary-with-answers".into(), first_answers, diary));
    cases.push((
        "diary-one-full-entry".into(),
        Answers::default(),
        vec![full_entry],
    ));
    cases.push(("nothing-answered".into(), Answers::default(), Vec::new()));

    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("fhir-samples: cannot create {}: {e}", out.display());
        return ExitCode::from(1);
    }
    let mut written = 0;
    for (name, answers, entries) in &cases {
        let assessment = evaluate(c, answers);
        for lang in Lang::ALL {
            let r = questionnaire_response(c, answers, entries, &assessment, NOW, 480, lang);
            let path = out.join(format!("{name}.{}.json", lang.tag()));
            if let Err(e) = std::fs::write(&path, r.write_pretty()) {
                eprintln!("fhir-samples: cannot write {}: {e}", path.display());
                return ExitCode::from(1);
            }
            written += 1;
        }
    }
    println!(
        "fhir-samples: wrote {written} QuestionnaireResponses ({} cases, {} languages) into {}",
        cases.len(),
        Lang::ALL.len(),
        out.display()
    );
    ExitCode::SUCCESS
}
