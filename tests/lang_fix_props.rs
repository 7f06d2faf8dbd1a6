//! Property: applying every fix `validate*` proposes never makes a document invalid JSON, over the
//! whole corpus (tests/fixtures/corpus) with random mutations of the kinds the fixes are for
//! (misspelled keys, missing fields, quoted numbers and booleans, nulls, wrong case, unknown and
//! duplicate op ids). Fixes are also applied again and again until nothing changes, which must
//! converge and stay valid JSON.

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use nosana_deployments::diagnostics::ValidateOptions;
use nosana_deployments::lang;
use proptest::prelude::*;
use serde_json::Value;

/// The corpus' JSON job definitions, parsed.
fn corpus() -> &'static [(String, Value)] {
    static CORPUS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        let out: Vec<_> = files
            .into_iter()
            .filter_map(|p| {
                let text = std::fs::read_to_string(&p).ok()?;
                Some((
                    p.file_name()?.to_string_lossy().into_owned(),
                    serde_json::from_str(&text).ok()?,
                ))
            })
            .collect();
        assert!(out.len() > 90, "corpus not found: {} files", out.len());
        out
    })
}

#[derive(Debug, Clone, Copy)]
enum Mutation {
    /// A key of an object gets a typo (a character dropped, doubled or swapped).
    TypoKey,
    DeleteKey,
    /// A number or boolean becomes its string.
    Quote,
    /// A value becomes null.
    Null,
    /// A string changes case.
    Case,
    /// An op's id is copied onto the next op.
    DuplicateId,
    /// A `depends_on` names a misspelled op id.
    TypoDependency,
}

fn mutation() -> impl Strategy<Value = (Mutation, usize, usize)> {
    (
        prop_oneof![
            Just(Mutation::TypoKey),
            Just(Mutation::DeleteKey),
            Just(Mutation::Quote),
            Just(Mutation::Null),
            Just(Mutation::Case),
            Just(Mutation::DuplicateId),
            Just(Mutation::TypoDependency),
        ],
        any::<usize>(),
        any::<usize>(),
    )
}

/// Every object and array in `value`, depth first (as mutable pointers one at a time: by index).
fn count_objects(value: &Value) -> usize {
    match value {
        Value::Object(m) => 1 + m.values().map(count_objects).sum::<usize>(),
        Value::Array(a) => a.iter().map(count_objects).sum(),
        _ => 0,
    }
}

/// The `n`-th object of `value`, depth first.
fn nth_object<'v>(
    value: &'v mut Value,
    n: &mut usize,
) -> Option<&'v mut serde_json::Map<String, Value>> {
    if value.is_object() {
        if *n == 0 {
            return value.as_object_mut();
        }
        *n -= 1;
    }
    match value {
        Value::Object(m) => m.values_mut().find_map(|v| nth_object(v, n)),
        Value::Array(a) => a.iter_mut().find_map(|v| nth_object(v, n)),
        _ => None,
    }
}

fn typo(word: &str, pick: usize) -> String {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return format!("{word}x");
    }
    let i = pick % (chars.len() - 1);
    let mut out = chars.clone();
    match pick % 3 {
        0 => {
            out.remove(i);
        }
        1 => out.insert(i, chars[i]),
        _ => out.swap(i, i + 1),
    }
    out.into_iter().collect()
}

fn mutate(doc: &mut Value, (kind, a, b): (Mutation, usize, usize)) {
    let objects = count_objects(doc);
    if objects == 0 {
        return;
    }
    match kind {
        Mutation::DuplicateId | Mutation::TypoDependency => {
            let Some(ops) = doc.get_mut("ops").and_then(Value::as_array_mut) else {
                return;
            };
            if ops.len() < 2 {
                return;
            }
            let i = a % (ops.len() - 1);
            let id = ops[i].get("id").cloned().unwrap_or(Value::Null);
            let Some(next) = ops[i + 1].as_object_mut() else {
                return;
            };
            match kind {
                Mutation::DuplicateId => {
                    next.insert("id".to_owned(), id);
                }
                _ => {
                    let misspelled = typo(id.as_str().unwrap_or("op"), b);
                    next.insert(
                        "execution".to_owned(),
                        serde_json::json!({"depends_on": [misspelled]}),
                    );
                }
            }
        }
        _ => {
            let mut n = a % objects;
            let Some(object) = nth_object(doc, &mut n) else {
                return;
            };
            if object.is_empty() {
                return;
            }
            let key = object.keys().nth(b % object.len()).unwrap().clone();
            match kind {
                Mutation::TypoKey => {
                    let value = object.remove(&key).unwrap();
                    object.insert(typo(&key, b / 7), value);
                }
                Mutation::DeleteKey => {
                    object.remove(&key);
                }
                Mutation::Quote => {
                    let value = &object[&key];
                    if value.is_number() || value.is_boolean() {
                        let quoted = Value::String(value.to_string());
                        object.insert(key, quoted);
                    }
                }
                Mutation::Null => {
                    object.insert(key, Value::Null);
                }
                Mutation::Case => {
                    if let Some(s) = object[&key].as_str() {
                        let changed = if b % 2 == 0 {
                            s.to_uppercase()
                        } else {
                            s.to_lowercase()
                        };
                        object.insert(key, Value::String(changed));
                    }
                }
                Mutation::DuplicateId | Mutation::TypoDependency => {}
            }
        }
    }
}

fn check(name: &str, text: &str) -> Result<(), TestCaseError> {
    let mut current = text.to_owned();
    for round in 0..8 {
        let report = lang::validate_job_text(&current, ValidateOptions::default());
        let fixed = lang::apply_fixes(&current, &report.issues);
        prop_assert!(
            serde_json::from_str::<Value>(&fixed).is_ok(),
            "{name}, round {round}: fixes made invalid JSON:\n{current}\n→\n{fixed}"
        );
        if fixed == current {
            return Ok(());
        }
        current = fixed;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn fixes_keep_every_mutated_corpus_document_valid_json(
        mutations in prop::collection::vec(mutation(), 1..6),
        pretty in any::<bool>(),
    ) {
        for (name, original) in corpus() {
            let mut doc = original.clone();
            for m in &mutations {
                mutate(&mut doc, *m);
            }
            let text = if pretty {
                serde_json::to_string_pretty(&doc).unwrap()
            } else {
                serde_json::to_string(&doc).unwrap()
            };
            check(name, &text)?;
        }
    }
}

#[test]
fn mutations_do_get_fixes() {
    // Not vacuous: the mutations above produce issues that have fixes.
    let (_, original) = &corpus()[0];
    let mut fixed_some = 0;
    for pick in 0..40 {
        let mut doc = original.clone();
        mutate(&mut doc, (Mutation::TypoKey, pick, pick * 7 + 3));
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let report = lang::validate_job_text(&text, ValidateOptions::default());
        if report.issues.iter().any(|i| !i.fixes.is_empty()) {
            fixed_some += 1;
        }
    }
    assert!(
        fixed_some > 10,
        "only {fixed_some} of 40 typo'd documents got a fix"
    );
}
