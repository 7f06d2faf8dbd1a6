//! Structure-aware: `arbitrary`-built JSON trees (keys and strings drawn mostly from the job
//! definition vocabulary) → `job::validate`, placed at the root, inside a valid skeleton, and as the
//! `job_definition` of a deployment body. Also checks that text input and value input agree.
#![no_main]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use nosana_deployments::diagnostics::{Report, ValidateOptions};
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

fn validate_both(value: &Value, options: ValidateOptions) {
    let issues = job::validate(value, options);
    common::check_issues(value, &issues);
    common::check_report(&Report::new(issues.clone()));

    // The same document as text: same issues (code, pointer, severity), and ranges inside the text.
    for text in [
        serde_json::to_string(value).unwrap(),
        serde_json::to_string_pretty(value).unwrap(),
    ] {
        let report = job::validate_text(&text, options);
        common::check_report(&report);
        common::check_ranges(&text, &report.issues);
        let key = |i: &nosana_deployments::diagnostics::Issue| (i.code, i.pointer.clone(), i.severity);
        let mut a: Vec<_> = issues.iter().map(key).collect();
        let mut b: Vec<_> = report.issues.iter().map(key).collect();
        a.sort_by(|x, y| (x.0, &x.1).cmp(&(y.0, &y.1)));
        b.sort_by(|x, y| (x.0, &x.1).cmp(&(y.0, &y.1)));
        assert_eq!(a, b, "value and text input disagree for {text}");
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
    let issues = deployment::validate_create(&body, options);
    common::check_issues(&body, &issues);
});
