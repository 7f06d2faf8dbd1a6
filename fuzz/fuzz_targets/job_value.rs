//! Structure-aware: `arbitrary`-built JSON trees (keys and strings drawn mostly from the job
//! definition vocabulary), serialized and read back by our parser → `job::validate`, placed at the
//! root, inside a valid skeleton, and as the `job_definition` of a deployment body. Also checks that
//! text input and value input agree, and issue paths against serde_json's own tree.
#![no_main]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use nosana_deployments::diagnostics::{Report, ValidateOptions};
use nosana_deployments::json::Document;
use nosana_deployments::{deployment, job};
use serde_json::{json, Map, Value};

const KEYS: &[&str] = &[
    "version", "type", "ops", "id", "args", "image", "cmd", "entrypoint", "env", "gpu", "expose",
    "port", "health_checks", "path", "method", "expected_status", "continuous", "body", "headers",
    "resources", "url", "target", "files", "bucket", "repo", "model", "volume", "work_dir",
    "required_vram", "private", "meta", "trigger", "system_requirements", "execution", "depends_on",
    "group", "results", "output", "authentication", "docker", "username", "password", "server",
    "restart_policy", "__proto__", "constructor", "name", "market", "replicas", "timeout",
    "strategy", "schedule", "rotation_time", "vault", "new_vault", "confidential", "autostart",
    "job_definition", "logs", "tags", "s3", "huggingface", "ollama", "", "0", "ops/0", "a~b",
];

const STRINGS: &[&str] = &[
    "0.1", "container", "container/run", "container/create-volume", "ubuntu", "docker.io/library/nginx:latest",
    "nginx", "true", "jupyter", "http", "api", "websocket", "webapi", "GET", "POST", "/", "8080",
    "80:tcp", "S3", "HF", "Ollama", "SIMPLE", "SIMPLE-EXTEND", "SCHEDULED", "INFINITE",
    "*/5 * * * *", "0 0 31 2 *", "%%ops.run.host%%", "%%global.host%%", "{{ llm }}", "%%", "", " ",
    "on-failure", "always", "no", "\u{0}", "\u{FEFF}", "é", "😀", "a\nb", "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",
];

#[derive(Debug, Arbitrary)]
enum Key {
    Known(u8),
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum Str {
    Known(u8),
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Small(u8),
    Float(f64),
    Str(Str),
    Arr(Vec<Node>),
    Obj(Vec<(Key, Node)>),
}

fn pick<'a>(table: &[&'a str], i: u8) -> &'a str {
    table[usize::from(i) % table.len()]
}

const MAX_DEPTH: usize = 48;

fn to_value(node: &Node, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match node {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(i) => json!(i),
        Node::Small(i) => json!(i),
        // NaN/Infinity have no JSON form: serde_json gives Null, as JSON.stringify does.
        Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Node::Str(Str::Known(i)) => Value::String(pick(STRINGS, *i).to_owned()),
        Node::Str(Str::Other(s)) => Value::String(s.clone()),
        Node::Arr(items) => Value::Array(items.iter().map(|n| to_value(n, depth + 1)).collect()),
        Node::Obj(members) => {
            let mut map = Map::new();
            for (key, node) in members {
                let key = match key {
                    Key::Known(i) => pick(KEYS, *i).to_owned(),
                    Key::Other(s) => s.clone(),
                };
                map.insert(key, to_value(node, depth + 1));
            }
            Value::Object(map)
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Input {
    frame: u8,
    warnings: bool,
    tree: Node,
}

/// `value` serialized (compact or pretty) and parsed by our parser, as the JS API does for objects.
fn parse<'t>(text: &'t str, value: &Value) -> Document<'t> {
    let doc = Document::parse(text).unwrap_or_else(|e| panic!("serde_json's output {text:?} does not parse: {e:?}"));
    if let Err(e) = common::same(doc.root(), value, "") {
        panic!("parsed {text:?} differs from the value serialized: {e}");
    }
    doc
}

fn validate_both(value: &Value, options: ValidateOptions) {
    let compact = serde_json::to_string(value).unwrap();
    let doc = parse(&compact, value);
    let issues = job::validate(doc.root(), options);
    common::check_issues(doc.root(), &issues);
    common::check_issues_serde(doc.root(), value, &issues);
    common::check_report(&Report::with_left_out(issues.issues.clone(), issues.left_out));
    if !options.warnings {
        assert!(issues.iter().all(|i| i.is_error()), "a warning with warnings off: {issues:?}");
    }

    // The same document as text: same issues (code, pointer, severity), and ranges inside the text.
    for text in [compact.clone(), serde_json::to_string_pretty(value).unwrap()] {
        let report = job::validate_text(&text, options);
        common::check_report(&report);
        common::check_ranges(&text, &report.issues);
        // `attach_ranges` gives every issue a range; only the `tooManyIssues` summary has none.
        let listed = report.issues.iter().filter(|i| i.code != "tooManyIssues").count();
        assert_eq!(common::ranged(&report.issues), listed, "an issue of parsed text without a range: {report:?}");
        common::check_same_issues(&issues, &report, &text);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(input) = Input::arbitrary(&mut u) else {
        return;
    };
    let options = ValidateOptions { warnings: input.warnings };
    let tree = to_value(&input.tree, 0);
    let value = match input.frame % 4 {
        0 => tree,
        // Inside a valid skeleton, so the rules below the root see the fuzzed part.
        1 => json!({"version": "0.1", "type": "container", "ops": [
            {"type": "container/run", "id": "run", "args": tree}]}),
        2 => json!({"version": "0.1", "type": "container", "ops": [tree]}),
        _ => json!({"version": "0.1", "type": "container", "meta": tree, "ops": [
            {"type": "container/run", "id": "run", "args": {"image": "ubuntu", "cmd": ["echo"]}}]}),
    };
    validate_both(&value, options);

    // As the job definition of a deployment body: its issues are nested under /job_definition.
    let body = json!({"name": "n", "market": "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",
        "replicas": 1, "timeout": 60, "strategy": "SIMPLE", "job_definition": value});
    let text = serde_json::to_string(&body).unwrap();
    let doc = parse(&text, &body);
    let issues = deployment::validate_create(doc.root(), options);
    common::check_issues(doc.root(), &issues);
    common::check_issues_serde(doc.root(), &body, &issues);
});
