//! Loops the job definition validator over the pipeline-templates documents of the corpus,
//! natively, for profilers (`perf`, `valgrind --tool=callgrind`). It prints the time per document
//! to stderr. See docs/benchmarks.md.
//!
//! ```sh
//! cargo build --release --example profile
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out target/release/examples/profile 200
//! callgrind_annotate /tmp/cg.out | head -40
//! ```
//!
//! Arguments: `[iterations] [--warnings] [--injected]`. `--injected` puts one error in each document
//! (`"image": 42`, as `bench/corpus.mjs` does) so the source-range code runs too. The corpus is the
//! one vendored in `tests/fixtures/corpus`.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use nosana_deployments::diagnostics::ValidateOptions;
use nosana_deployments::job::validate_text;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// `"image": "…"` → `"image": 42`, or the text unchanged when it has no image string.
fn inject_error(text: &str) -> String {
    let Some(key) = text.find("\"image\"") else {
        return text.to_owned();
    };
    let after_key = key + "\"image\"".len();
    let rest = text.get(after_key..).unwrap_or("");
    let Some(colon) = rest.find(':') else {
        return text.to_owned();
    };
    let value_start = after_key
        + colon
        + 1
        + (rest.get(colon + 1..).unwrap_or("").len()
            - rest.get(colon + 1..).unwrap_or("").trim_start().len());
    let value = text.get(value_start..).unwrap_or("");
    if !value.starts_with('"') {
        return text.to_owned();
    }
    let mut escaped = false;
    for (i, c) in value.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                let end = value_start + i + 1;
                return format!(
                    "{}42{}",
                    text.get(..value_start).unwrap_or(""),
                    text.get(end..).unwrap_or("")
                );
            }
            _ => {}
        }
    }
    text.to_owned()
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let iterations: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(1000);
    let warnings = args.iter().any(|a| a == "--warnings");
    let injected = args.iter().any(|a| a == "--injected");

    let mut docs = Vec::new();
    for entry in std::fs::read_dir(corpus_dir())? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("pipeline-templates__")
            && name.contains("job-definition")
            && name.ends_with(".json")
        {
            let text = std::fs::read_to_string(&path)?;
            docs.push(if injected { inject_error(&text) } else { text });
        }
    }
    if docs.is_empty() {
        return Err(format!(
            "no pipeline-templates job definitions in {}",
            corpus_dir().display()
        )
        .into());
    }

    let options = ValidateOptions { warnings };
    let mut issues = 0usize;
    let start = Instant::now();
    for _ in 0..iterations {
        for doc in &docs {
            issues += validate_text(doc, options).issues.len();
        }
    }
    let elapsed = start.elapsed();
    let calls = iterations * docs.len();
    eprintln!(
        "{calls} validations of {} documents ({}): {:.2} µs per document, {issues} issues",
        docs.len(),
        if injected {
            "one injected error each"
        } else {
            "as found"
        },
        elapsed.as_secs_f64() * 1e6 / calls as f64,
    );
    Ok(())
}
