//! Every real job definition in the corpus: our verdict (errors or not) must match
//! `@nosana/types@2.1.6` (`types_2_1_6_valid` in `expected-results.csv`), except the deliberate
//! differences listed in `DELIBERATE` below (also in docs/differences.md).
//!
//! The corpus is vendored in `tests/fixtures/corpus` (where each file comes from:
//! `tests/fixtures/corpus/PROVENANCE.md`).

// Test code: panics are how tests fail.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::PathBuf;

use nosana_deployments::diagnostics::{Severity, ValidateOptions};
use nosana_deployments::job;

/// Files we judge differently from @nosana/types 2.1.6: (file, the only error codes allowed, reason).
const DELIBERATE: &[(&str, &[&str], &str)] = &[];

/// Files in the corpus that are not JSON job definitions.
fn skip_reason(name: &str) -> Option<&'static str> {
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some("YAML, not JSON: only the CLI's `post --file` reads YAML, and this library reads JSON")
    } else if name.ends_with("benchmarks.json") {
        Some("pipeline-templates benchmark support_ops, not a job definition")
    } else if name == "expected-results.csv" {
        Some("the verdicts themselves")
    } else if name == "PROVENANCE.md" {
        Some("where the corpus files come from")
    } else {
        None
    }
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus"
    ))
}

/// Minimal RFC 4180 reader: quoted fields with `""` escapes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match (quoted, ch) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn corpus() -> (PathBuf, Vec<Vec<String>>) {
    let dir = corpus_dir();
    let csv = std::fs::read_to_string(dir.join("expected-results.csv"))
        .unwrap_or_else(|e| panic!("cannot read the corpus in {}: {e}", dir.display()));
    (dir, parse_csv(&csv))
}

#[test]
fn corpus_verdicts_match_nosana_types() {
    let (dir, rows) = corpus();
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (file_col, types_col) = (col("file"), col("types_2_1_6_valid"));

    let mut checked = 0;
    let mut invalid = 0;
    let mut skipped = 0;
    let mut agree = 0;
    let mut deliberate = 0;
    let mut failures = Vec::new();
    for row in &rows[1..] {
        let name = &row[file_col];
        if let Some(reason) = skip_reason(name) {
            eprintln!("skip {name}: {reason}");
            skipped += 1;
            continue;
        }
        let expected_valid = row[types_col] == "true";
        invalid += usize::from(!expected_valid);
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let report = job::validate_text(&text, ValidateOptions::default());
        let errors: Vec<_> = report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .collect();
        checked += 1;
        let ours_valid = errors.is_empty();
        if let Some((_, codes, _)) = DELIBERATE.iter().find(|(f, _, _)| f == name) {
            // A deliberate difference: types accepts it, we report only the listed codes.
            assert!(
                expected_valid && !ours_valid,
                "{name}: stale deliberate entry"
            );
            for e in &errors {
                assert!(codes.contains(&e.code), "{name}: unexpected {e}");
            }
            deliberate += 1;
            continue;
        }
        if ours_valid == expected_valid {
            agree += 1;
        } else {
            failures.push(format!(
                "{name}: types says valid={expected_valid}, we found {:?}",
                errors.iter().map(ToString::to_string).collect::<Vec<_>>()
            ));
        }
    }
    eprintln!("corpus: {checked} checked, {agree} agree, {deliberate} deliberate differences, {skipped} skipped");
    assert!(checked >= 100, "too few corpus files checked: {checked}");
    // Both verdicts are compared, not only documents everyone accepts.
    assert!(
        invalid > 0,
        "no corpus file is invalid under @nosana/types 2.1.6"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every file in the corpus directory has a verdict: no job definition goes unchecked.
#[test]
fn every_corpus_file_is_listed() {
    let (dir, rows) = corpus();
    let listed: Vec<&String> = rows.iter().skip(1).map(|r| &r[0]).collect();
    let mut documents = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(reason) = skip_reason(&name) {
            eprintln!("skip {name}: {reason}");
        } else {
            assert!(
                listed.contains(&&name),
                "{name} has no verdict in expected-results.csv"
            );
            documents += 1;
        }
    }
    // An emptied directory would pass the loop above vacuously.
    assert!(
        documents >= 100,
        "only {documents} documents in {}",
        dir.display()
    );
}

/// `gpuNotRequested` (a VRAM/CUDA requirement in `meta` without `gpu: true`) has no false positive
/// on real job definitions: every corpus file that states a requirement also requests a GPU.
/// Deployment bodies in the corpus are checked through their `job_definition`.
#[test]
fn no_corpus_file_asks_for_a_gpu_without_requesting_one() {
    let dir = corpus_dir();
    let (mut checked, mut stating) = (0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if skip_reason(&name).is_some() {
            continue;
        }
        let Ok(mut value) =
            serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&path).unwrap())
        else {
            continue;
        };
        if let Some(inner) = value.get("job_definition").cloned() {
            value = inner;
        }
        let text = value.to_string();
        checked += 1;
        if value.pointer("/meta/system_requirements").is_some() {
            stating += 1;
        }
        let report = job::validate_text(&text, ValidateOptions::default());
        let flagged: Vec<_> = report
            .issues
            .iter()
            .filter(|i| i.code == "gpuNotRequested")
            .collect();
        assert!(flagged.is_empty(), "{name}: {flagged:?}");
    }
    assert!(checked >= 100, "only {checked} corpus files read");
    // The rule was looked at on real requirements, not only on files without any.
    assert!(
        stating >= 30,
        "only {stating} files state system_requirements"
    );
}
