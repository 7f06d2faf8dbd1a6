//! Table-driven tests: one or more cases per rule, valid and invalid, asserting the exact set of
//! (code, severity, pointer) each document produces.

// Test code: panics are how tests fail.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

mod common;

use common::validate_job;
use nosana_deployments::diagnostics::{Severity, ValidateOptions};
use nosana_deployments::job;
use serde_json::{json, Value};

const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

/// (name, document, expected (code, severity, pointer) set).
type Case = (
    &'static str,
    Value,
    Vec<(&'static str, Severity, &'static str)>,
);

/// A valid job with one `container/run` op whose args are `args`.
fn run(args: Value) -> Value {
    json!({"version": "0.1", "type": "container", "ops": [{"id": "app", "type": "container/run", "args": args}]})
}

/// A valid job with these ops.
fn ops(ops: Value) -> Value {
    json!({"version": "0.1", "type": "container", "ops": ops})
}

fn with(mut doc: Value, key: &str, value: Value) -> Value {
    doc[key] = value;
    doc
}

fn op(id: &str, execution: Value) -> Value {
    json!({"id": id, "type": "container/run", "args": {"image": "ubuntu"}, "execution": execution})
}

fn check(name: &str, doc: &Value, expected: &[(&str, Severity, &str)]) {
    let issues = validate_job(doc, ValidateOptions::default());
    let mut got: Vec<(String, Severity, String)> = issues
        .iter()
        .map(|i| (i.code.to_owned(), i.severity, i.pointer.clone()))
        .collect();
    let mut want: Vec<(String, Severity, String)> = expected
        .iter()
        .map(|(c, s, p)| ((*c).to_owned(), *s, (*p).to_owned()))
        .collect();
    got.sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
    want.sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
    assert_eq!(got, want, "case `{name}`: {issues:#?}");
    for issue in &issues {
        assert!(!issue.message.is_empty(), "case `{name}`: empty message");
        let rule = job::RULES.iter().find(|r| r.code == issue.code);
        assert!(
            rule.is_some(),
            "case `{name}`: {} is not in RULES",
            issue.code
        );
    }
}

#[test]
fn valid_documents_have_no_issues() {
    let cases: Vec<(&str, Value)> = vec![
        ("minimal", run(json!({"image": "ubuntu"}))),
        (
            "empty ops with logistics (confidential stub)",
            json!({
                "version": "0.1", "type": "container", "ops": [],
                "logistics": {"send": {"type": "api-listen", "args": {}}, "receive": {"type": "api-listen", "args": {}}}
            }),
        ),
        (
            "every run arg",
            run(json!({
                "image": "docker.io/library/nginx:1.25", "aliases": ["web", "www"], "cmd": ["nginx", "__remove-if-empty__"],
                "entrypoint": "/bin/sh", "volumes": [], "expose": [80, {"port": 443, "type": "web", "health_checks": [
                    {"type": "http", "path": "/", "method": "GET", "expected_status": 200, "headers": {"a": "b"}, "body": {"x": [null]}, "continuous": true},
                    {"type": "websocket", "expected_response": "pong", "continuous": false}
                ]}], "gpu": true, "work_dir": "/app", "env": {"MODE": "prod"}, "restart_policy": {"policy": "on-failure", "restart_tries": 3},
                "private": false, "resources": ["__remove-if-empty__",
                    {"type": "S3", "target": "/a", "url": "s3://x", "files": ["f"], "allowWrite": true, "IAM": {"REGION": "", "ACCESS_KEY_ID": "id", "SECRET_ACCESS_KEY": ""}},
                    {"type": "S3", "target": "/b", "bucket": "bk"},
                    {"type": "S3", "target": "/c", "buckets": [{"url": "s3://y", "files": ["g"]}]},
                    {"type": "HF", "target": "/d", "repo": "org/model", "revision": "main", "files": ["w"]},
                    {"type": "Ollama", "model": "llama3"}],
                "authentication": {"docker": {"username": "u", "server": "ghcr.io"}}
            })),
        ),
        (
            "meta, global, ssh, deployment_id",
            json!({
                "version": "0.1", "type": "container", "deployment_id": "d1",
                "meta": {"trigger": "dashboard", "system_resources": {"required_vram": 4, "x": "y"},
                         "system_requirements": {"required_vram": 8, "required_cuda": ["12.8"]}, "tags": ["a", 1], "n": 3},
                "global": {"image": "ubuntu", "gpu": true, "entrypoint": ["a", "__remove-if-empty__"], "env": {"A": "b"}, "work_dir": "/", "variables": {"MODEL": "m"}},
                // A real public key (ssh-keygen): the keys are checked as the service checks them.
                "ssh": {"public_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519"]},
                "ops": [{"id": "app", "type": "container/run", "args": {"image": "ubuntu", "cmd": "echo %%global.variables.MODEL%%"}}]
            }),
        ),
        (
            "literals that resolve",
            ops(json!([
                {"id": "setter", "type": "container/run", "args": {"image": "ubuntu", "expose": [{"port": 80}]}, "results": {"img": "IMG=(.*)", "r": {"regex": "x", "logType": ["stdout", "stderr"]}}, "execution": {"group": "g"}},
                {"id": "user", "type": "container/run", "args": {"image": "%%ops.setter.results.img%%",
                    "env": {"U": "http://%%ops.setter.host%%:%%ops.setter.endpoint.80%%", "J": "%%global.job%%", "D": "%%ops.setter.deployment_endpoint%%", "G": "%%globals.host%%"},
                    "expose": ["%%ops.setter.results.r%%", {"__spread__": "%%ops.setter.results.r%%", "chunked": true}]},
                 "execution": {"group": "g", "depends_on": ["setter"], "stop_if_dependent_stops": true}}
            ])),
        ),
        (
            "volumes created by an op",
            ops(json!([
                {"id": "vol", "type": "container/create-volume", "args": {"name": "data"}},
                {"id": "app", "type": "container/run", "args": {"image": "ubuntu", "volumes": [{"name": "data", "dest": "/data"}]}}
            ])),
        ),
        (
            "adjacent port ranges pass the uniqueness tag (but ranges are rejected)",
            run(json!({"image": "x", "expose": [8000, 8001]})),
        ),
        (
            "newer spec: execution.timeout and flat stop_if_dependent_stops",
            ops(json!([op(
                "a",
                json!({"timeout": 60, "stop_if_dependent_stops": true})
            )])),
        ),
        (
            "shell %% is not a literal",
            run(json!({"image": "x", "cmd": "date +%%Y-%%m"})),
        ),
    ];
    for (name, doc) in &cases {
        check(name, doc, &[]);
    }
}

#[test]
fn structural_rules() {
    let cases: Vec<Case> = vec![
        ("not an object", json!([]), vec![("invalidType", E, "")]),
        (
            "missing everything",
            json!({}),
            vec![
                ("missingField", E, "/version"),
                ("missingField", E, "/type"),
                ("missingField", E, "/ops"),
            ],
        ),
        (
            "unknown top-level key",
            with(run(json!({"image": "x"})), "name", json!("n")),
            vec![("unknownKey", E, "/name")],
        ),
        (
            "version",
            with(run(json!({"image": "x"})), "version", json!("0.0.1")),
            vec![("invalidVersion", E, "/version")],
        ),
        (
            "version number",
            with(run(json!({"image": "x"})), "version", json!(0.1)),
            vec![("invalidType", E, "/version")],
        ),
        (
            "job type",
            with(run(json!({"image": "x"})), "type", json!("docker")),
            vec![("invalidJobType", E, "/type")],
        ),
        (
            "ops not array",
            with(run(json!({"image": "x"})), "ops", json!({})),
            vec![("invalidType", E, "/ops")],
        ),
        (
            "null optional field",
            with(run(json!({"image": "x"})), "meta", Value::Null),
            vec![("invalidType", E, "/meta")],
        ),
        (
            "meta null value",
            with(
                run(json!({"image": "x"})),
                "meta",
                json!({"x": null, "y": true, "z": {"a": {"b": 1}}}),
            ),
            vec![
                ("invalidType", E, "/meta/x"),
                ("invalidType", E, "/meta/y"),
                ("invalidType", E, "/meta/z/a"),
            ],
        ),
        (
            "logistics needs both",
            with(
                run(json!({"image": "x"})),
                "logistics",
                json!({"send": {"type": "api", "args": {}}}),
            ),
            vec![("missingField", E, "/logistics/receive")],
        ),
        (
            "logistics bad type and args",
            with(
                run(json!({"image": "x"})),
                "logistics",
                json!({"send": {"type": "ftp"}, "receive": {"type": "api", "args": {"endpoint": 1, "x": 2}}}),
            ),
            vec![
                ("invalidEnumValue", E, "/logistics/send/type"),
                ("missingField", E, "/logistics/send/args"),
                ("invalidType", E, "/logistics/receive/args/endpoint"),
                ("unknownKey", E, "/logistics/receive/args/x"),
            ],
        ),
        (
            "global unknown key and types",
            with(
                run(json!({"image": "x"})),
                "global",
                json!({"gpu": "yes", "env": {"A": 1}, "foo": 1}),
            ),
            vec![
                ("invalidType", E, "/global/gpu"),
                ("invalidType", E, "/global/env/A"),
                ("unknownKey", E, "/global/foo"),
            ],
        ),
        (
            "ssh",
            with(
                run(json!({"image": "x"})),
                "ssh",
                json!({"public_keys": "k", "x": 1}),
            ),
            vec![
                ("invalidType", E, "/ssh/public_keys"),
                ("unknownKey", E, "/ssh/x"),
            ],
        ),
        (
            "image is required at args",
            run(json!({"cmd": "x"})),
            vec![("missingField", E, "/ops/0/args/image")],
        ),
        (
            "removed SDK args",
            run(json!({"image": "x", "output": "/o", "required_vram": 4})),
            vec![
                ("unknownKey", E, "/ops/0/args/output"),
                ("unknownKey", E, "/ops/0/args/required_vram"),
            ],
        ),
        (
            "op fields",
            ops(
                json!([{"id": 1, "type": "container/exec", "args": {"image": "x"}, "extra": true}]),
            ),
            vec![
                ("invalidType", E, "/ops/0/id"),
                ("invalidEnumValue", E, "/ops/0/type"),
                ("unknownKey", E, "/ops/0/extra"),
            ],
        ),
        (
            "op missing fields",
            ops(json!([{}])),
            vec![
                ("missingField", E, "/ops/0/type"),
                ("missingField", E, "/ops/0/id"),
                ("missingField", E, "/ops/0/args"),
            ],
        ),
        (
            "op id with space",
            ops(json!([{"id": "my op", "type": "container/run", "args": {"image": "x"}}])),
            vec![("invalidOpId", E, "/ops/0/id")],
        ),
        (
            "duplicate ids do not hide per-op errors",
            ops(json!([
            {"id": "a", "type": "container/run", "args": {"image": "x"}},
            {"id": "a", "type": "container/run", "args": {}}])),
            vec![
                ("duplicateOpId", E, "/ops/1/id"),
                ("missingField", E, "/ops/1/args/image"),
            ],
        ),
        (
            "image and name together",
            run(json!({"image": "x", "name": "v"})),
            vec![("unknownKey", E, "/ops/0/args/name")],
        ),
        (
            "create-volume args",
            ops(
                json!([{"id": "v", "type": "container/create-volume", "args": {"name": 3, "size": 1}}]),
            ),
            vec![
                ("invalidType", E, "/ops/0/args/name"),
                ("unknownKey", E, "/ops/0/args/size"),
            ],
        ),
        (
            "cmd numbers",
            run(json!({"image": "x", "cmd": ["a", 1], "entrypoint": 5})),
            vec![
                ("invalidType", E, "/ops/0/args/cmd/1"),
                ("invalidType", E, "/ops/0/args/entrypoint"),
            ],
        ),
        (
            "volume shape",
            run(json!({"image": "x", "volumes": [{"name": "v"}]})),
            vec![
                ("missingField", E, "/ops/0/args/volumes/0/dest"),
                ("unknownVolume", E, "/ops/0/args/volumes/0/name"),
            ],
        ),
        (
            "restart policy",
            run(json!({"image": "x", "restart_policy": "sometimes"})),
            vec![("invalidEnumValue", E, "/ops/0/args/restart_policy")],
        ),
        (
            "restart policy object",
            run(json!({"image": "x", "restart_policy": {"policy": "always"}})),
            vec![("invalidEnumValue", E, "/ops/0/args/restart_policy/policy")],
        ),
        (
            "docker auth",
            run(json!({"image": "x", "authentication": {"docker": {"token": "t"}}})),
            vec![("unknownKey", E, "/ops/0/args/authentication/docker/token")],
        ),
        (
            "results",
            ops(
                json!([{"id": "a", "type": "container/run", "args": {"image": "x"},
            "results": {"a": 1, "b": {"regex": "x"}, "c": {"regex": "x", "logType": ["stdout", "stdout"]}, "d": {"regex": "x", "logType": []}, "e": {"regex": "x", "logType": ["stdio"]}}}]),
            ),
            vec![
                ("invalidType", E, "/ops/0/results/a"),
                ("missingField", E, "/ops/0/results/b/logType"),
                ("invalidLogType", E, "/ops/0/results/c/logType"),
                ("invalidLogType", E, "/ops/0/results/d/logType"),
                ("invalidEnumValue", E, "/ops/0/results/e/logType/0"),
            ],
        ),
        (
            "execution types",
            ops(json!([op(
                "a",
                json!({"group": 1, "depends_on": "b", "stop_if_dependent_stops": "y", "timeout": "1", "x": 1})
            )])),
            vec![
                ("invalidType", E, "/ops/0/execution/group"),
                ("invalidType", E, "/ops/0/execution/depends_on"),
                ("invalidType", E, "/ops/0/execution/stop_if_dependent_stops"),
                ("invalidType", E, "/ops/0/execution/timeout"),
                ("unknownKey", E, "/ops/0/execution/x"),
            ],
        ),
    ];
    for (name, doc, expected) in &cases {
        check(name, doc, expected);
    }
}

#[test]
fn expose_rules() {
    let cases: Vec<Case> = vec![
        (
            "numeric string",
            run(json!({"image": "x", "expose": "80"})),
            vec![("invalidType", E, "/ops/0/args/expose")],
        ),
        (
            "port range string",
            run(json!({"image": "x", "expose": ["8000-8010"]})),
            vec![("portRangeNotSupported", E, "/ops/0/args/expose/0")],
        ),
        (
            "not a literal",
            run(json!({"image": "x", "expose": ["%%foo.bar%%"]})),
            vec![("invalidLiteral", E, "/ops/0/args/expose/0")],
        ),
        (
            "typia quirk: %%opsXy%% passes typia but cannot resolve",
            run(json!({"image": "x", "expose": "%%opsXy%%"})),
            vec![("invalidLiteralPath", E, "/ops/0/args/expose")],
        ),
        (
            "duplicate numbers",
            run(json!({"image": "x", "expose": [80, {"port": 80}]})),
            vec![("duplicateExposedPort", E, "/ops/0/args/expose/1")],
        ),
        (
            "touching ranges collide",
            run(json!({"image": "x", "expose": ["8000-8010", "8010-8020"]})),
            vec![
                ("portRangeNotSupported", E, "/ops/0/args/expose/0"),
                ("portRangeNotSupported", E, "/ops/0/args/expose/1"),
                ("duplicateExposedPort", E, "/ops/0/args/expose/1"),
            ],
        ),
        (
            "adjacent ranges pass the tag",
            run(json!({"image": "x", "expose": ["8000-8010", "8011-8020"]})),
            vec![
                ("portRangeNotSupported", E, "/ops/0/args/expose/0"),
                ("portRangeNotSupported", E, "/ops/0/args/expose/1"),
            ],
        ),
        (
            "number inside range",
            run(json!({"image": "x", "expose": [8005, "8000-8010"]})),
            vec![
                ("portRangeNotSupported", E, "/ops/0/args/expose/1"),
                ("duplicateExposedPort", E, "/ops/0/args/expose/0"),
            ],
        ),
        (
            "literals and spreads are skipped by uniqueness",
            run(
                json!({"image": "x", "expose": [80, "%%global.variables.P%%", "%%global.variables.P%%"]}),
            ),
            vec![
                ("literalUnknownVariable", E, "/ops/0/args/expose/1"),
                ("literalUnknownVariable", E, "/ops/0/args/expose/2"),
            ],
        ),
        (
            "port out of range",
            run(json!({"image": "x", "expose": [0, 65536, 80.5, -1, 65535, 1]})),
            vec![
                ("portOutOfRange", E, "/ops/0/args/expose/0"),
                ("portOutOfRange", E, "/ops/0/args/expose/1"),
                ("portOutOfRange", E, "/ops/0/args/expose/2"),
                ("portOutOfRange", E, "/ops/0/args/expose/3"),
            ],
        ),
        (
            "object port out of range",
            run(json!({"image": "x", "expose": {"port": 70000}})),
            vec![("portOutOfRange", E, "/ops/0/args/expose/port")],
        ),
        (
            "exposed port shape",
            run(json!({"image": "x", "expose": {"port": "80", "type": "http", "x": 1}})),
            vec![
                ("invalidType", E, "/ops/0/args/expose/port"),
                ("invalidEnumValue", E, "/ops/0/args/expose/type"),
                ("unknownKey", E, "/ops/0/args/expose/x"),
            ],
        ),
        (
            "spread marker",
            run(json!({"image": "x", "expose": {"__spread__": "nope", "chunked": 1, "y": 2}})),
            vec![
                ("invalidLiteral", E, "/ops/0/args/expose/__spread__"),
                ("invalidType", E, "/ops/0/args/expose/chunked"),
                ("unknownKey", E, "/ops/0/args/expose/y"),
            ],
        ),
        (
            "health check without continuous",
            run(
                json!({"image": "x", "expose": [{"port": 80, "health_checks": [{"type": "http", "path": "/", "method": "GET", "expected_status": 200}]}]}),
            ),
            vec![(
                "healthCheckMissingContinuous",
                E,
                "/ops/0/args/expose/0/health_checks/0/continuous",
            )],
        ),
        (
            "http health check fields",
            run(
                json!({"image": "x", "expose": {"port": 80, "health_checks": [{"type": "http", "method": "PATCH", "expected_status": "200", "continuous": "no", "expected_response": "x"}]}}),
            ),
            vec![
                ("missingField", E, "/ops/0/args/expose/health_checks/0/path"),
                (
                    "invalidEnumValue",
                    E,
                    "/ops/0/args/expose/health_checks/0/method",
                ),
                (
                    "invalidType",
                    E,
                    "/ops/0/args/expose/health_checks/0/expected_status",
                ),
                (
                    "invalidType",
                    E,
                    "/ops/0/args/expose/health_checks/0/continuous",
                ),
                (
                    "unknownKey",
                    E,
                    "/ops/0/args/expose/health_checks/0/expected_response",
                ),
            ],
        ),
        (
            "websocket health check",
            run(
                json!({"image": "x", "expose": {"port": 80, "health_checks": [{"type": "websocket", "continuous": true, "path": "/"}, {"type": "tcp"}]}}),
            ),
            vec![
                (
                    "missingField",
                    E,
                    "/ops/0/args/expose/health_checks/0/expected_response",
                ),
                ("unknownKey", E, "/ops/0/args/expose/health_checks/0/path"),
                (
                    "invalidEnumValue",
                    E,
                    "/ops/0/args/expose/health_checks/1/type",
                ),
            ],
        ),
        (
            "expose boolean",
            run(json!({"image": "x", "expose": true})),
            vec![("invalidType", E, "/ops/0/args/expose")],
        ),
    ];
    for (name, doc, expected) in &cases {
        check(name, doc, expected);
    }
}

#[test]
fn resource_rules() {
    let r = |res: Value| run(json!({"image": "x", "resources": [res]}));
    let cases: Vec<Case> = vec![
        (
            "bad marker string",
            run(json!({"image": "x", "resources": ["__remove__"]})),
            vec![("invalidType", E, "/ops/0/args/resources/0")],
        ),
        (
            "missing type",
            r(json!({"target": "/a"})),
            vec![("missingField", E, "/ops/0/args/resources/0/type")],
        ),
        (
            "unknown type",
            r(json!({"type": "IPFS", "target": "/a"})),
            vec![("invalidEnumValue", E, "/ops/0/args/resources/0/type")],
        ),
        (
            "bucket with files",
            r(json!({"type": "S3", "target": "/a", "bucket": "b", "files": ["f"]})),
            vec![("conflictingFields", E, "/ops/0/args/resources/0/files")],
        ),
        (
            "bucket with buckets",
            r(json!({"type": "S3", "target": "/a", "bucket": "b", "buckets": []})),
            vec![("conflictingFields", E, "/ops/0/args/resources/0/bucket")],
        ),
        (
            "buckets shape",
            r(json!({"type": "S3", "target": "/a", "buckets": [{"files": []}], "files": ["f"]})),
            vec![
                ("missingField", E, "/ops/0/args/resources/0/buckets/0/url"),
                ("unknownKey", E, "/ops/0/args/resources/0/files"),
            ],
        ),
        (
            "IAM needs all three",
            r(
                json!({"type": "S3", "target": "/a", "IAM": {"ACCESS_KEY_ID": "a", "SECRET_ACCESS_KEY": "s"}}),
            ),
            vec![
                ("missingField", E, "/ops/0/args/resources/0/IAM/REGION"),
                (
                    "plainTextSecret",
                    W,
                    "/ops/0/args/resources/0/IAM/SECRET_ACCESS_KEY",
                ),
            ],
        ),
        (
            "S3 target required",
            r(json!({"type": "S3"})),
            vec![("missingField", E, "/ops/0/args/resources/0/target")],
        ),
        (
            "HF url rejected",
            r(json!({"type": "HF", "target": "/a", "repo": "r", "url": "u"})),
            vec![("unknownKey", E, "/ops/0/args/resources/0/url")],
        ),
        (
            "HF token",
            r(
                json!({"type": "HF", "target": "/a", "repo": "r", "accessToken": "hf_abcdefghijklmnopqrstuvwxyzABCDEF"}),
            ),
            vec![("plainTextSecret", W, "/ops/0/args/resources/0/accessToken")],
        ),
        (
            "Ollama model",
            r(json!({"type": "Ollama", "target": "/m"})),
            vec![("missingField", E, "/ops/0/args/resources/0/model")],
        ),
        (
            "spread in resources",
            r(json!({"__spread__": "%%ops.app.results.r%%"})),
            vec![(
                "literalUnknownResult",
                E,
                "/ops/0/args/resources/0/__spread__",
            )],
        ),
    ];
    for (name, doc, expected) in &cases {
        check(name, doc, expected);
    }
}

#[test]
fn semantic_rules() {
    let cases: Vec<Case> = vec![
        (
            "create-volume args on a run op",
            ops(json!([{"id": "a", "type": "container/run", "args": {"name": "v"}}])),
            vec![("argsDoNotMatchOpType", E, "/ops/0/args")],
        ),
        (
            "run args on a create-volume op",
            ops(
                json!([{"id": "a", "type": "container/create-volume", "args": {"image": "ubuntu"}}]),
            ),
            vec![("argsDoNotMatchOpType", E, "/ops/0/args")],
        ),
        (
            "depends on unknown",
            ops(json!([op("a", json!({"depends_on": ["zzz"]}))])),
            vec![("dependsOnUnknownOp", E, "/ops/0/execution/depends_on/0")],
        ),
        (
            "depends on self",
            ops(json!([op("a", json!({"depends_on": ["a"]}))])),
            vec![("dependsOnSelf", E, "/ops/0/execution/depends_on/0")],
        ),
        (
            "cross group",
            ops(json!([
                op("a", json!({"group": "g1"})),
                op("b", json!({"group": "g2", "depends_on": ["a"]}))
            ])),
            vec![("dependsOnOtherGroup", E, "/ops/1/execution/depends_on/0")],
        ),
        (
            "grouped vs ungrouped",
            ops(json!([
                op("a", json!({})),
                op("b", json!({"group": "g", "depends_on": ["a"]}))
            ])),
            vec![("dependsOnOtherGroup", E, "/ops/1/execution/depends_on/0")],
        ),
        (
            "undefined groups compare equal",
            ops(json!([
                op("a", json!({})),
                op("b", json!({"depends_on": ["a"]}))
            ])),
            vec![],
        ),
        (
            "cycle",
            ops(json!([
                op("a", json!({"depends_on": ["c"]})),
                op("b", json!({"depends_on": ["a"]})),
                op("c", json!({"depends_on": ["b"]}))
            ])),
            vec![("dependencyCycle", E, "/ops/1/execution/depends_on/0")],
        ),
        (
            "two-cycle and a tail",
            ops(json!([
                op("a", json!({"depends_on": ["b"]})),
                op("b", json!({"depends_on": ["a"]})),
                op("c", json!({"depends_on": ["a"]}))
            ])),
            vec![("dependencyCycle", E, "/ops/1/execution/depends_on/0")],
        ),
        (
            "unknown volume",
            run(json!({"image": "x", "volumes": [{"name": "data", "dest": "/d"}]})),
            vec![("unknownVolume", E, "/ops/0/args/volumes/0/name")],
        ),
        (
            "literal unknown op",
            run(json!({"image": "x", "cmd": ["%%ops.nope.host%%"]})),
            vec![("literalUnknownOp", E, "/ops/0/args/cmd/0")],
        ),
        (
            "literal bad path",
            run(
                json!({"image": "x", "env": {"A": "%%ops.app.ip%%", "B": "%%ops.app%%", "C": "%%ops.app.endpoint.http%%"}}),
            ),
            vec![
                ("invalidLiteralPath", E, "/ops/0/args/env/A"),
                ("invalidLiteralPath", E, "/ops/0/args/env/B"),
                ("invalidLiteralPath", E, "/ops/0/args/env/C"),
            ],
        ),
        (
            "literal unknown result",
            run(json!({"image": "x", "cmd": "echo %%ops.app.results.url%%"})),
            vec![("literalUnknownResult", E, "/ops/0/args/cmd")],
        ),
        (
            "literal unknown variable",
            run(json!({"image": "x", "cmd": "echo %%global.variables.NOPE%%"})),
            vec![("literalUnknownVariable", E, "/ops/0/args/cmd")],
        ),
        (
            "literal unknown global",
            run(json!({"image": "x", "cmd": "echo %%global.wallet%% %%globals.variables.X%%"})),
            vec![
                ("invalidLiteralPath", E, "/ops/0/args/cmd"),
                ("invalidLiteralPath", E, "/ops/0/args/cmd"),
            ],
        ),
        (
            "literal to dotted op id",
            ops(json!([
            {"id": "llama3.1", "type": "container/run", "args": {"image": "x"}},
            {"id": "ui", "type": "container/run", "args": {"image": "x", "env": {"U": "%%ops.llama3.1.host%%"}}}])),
            vec![
                ("opIdHasDot", W, "/ops/0/id"),
                ("literalOpIdHasDot", E, "/ops/1/args/env/U"),
            ],
        ),
        (
            "invalid images",
            ops(json!([
            {"id": "a", "type": "container/run", "args": {"image": "<docker-hub-user>/<image-name>"}},
            {"id": "b", "type": "container/run", "args": {"image": "Ubuntu:latest"}},
            {"id": "c", "type": "container/run", "args": {"image": ""}},
            {"id": "d", "type": "container/run", "args": {"image": "%%ops.a.results.img%%"}}])),
            vec![
                ("invalidImageReference", E, "/ops/0/args/image"),
                ("invalidImageReference", E, "/ops/1/args/image"),
                ("invalidImageReference", E, "/ops/2/args/image"),
                ("literalUnknownResult", E, "/ops/3/args/image"),
            ],
        ),
        (
            "global image",
            with(
                run(json!({"image": "x"})),
                "global",
                json!({"image": "bad image"}),
            ),
            vec![("invalidImageReference", E, "/global/image")],
        ),
        (
            "empty ops without logistics",
            ops(json!([])),
            vec![("emptyOps", W, "/ops")],
        ),
        (
            "secrets",
            with(
                run(
                    json!({"image": "x", "env": {"HF_TOKEN": "abc123", "OPENAI_API_KEY": "sk-abcdefghijklmnopqrstuvwxyz", "MODEL": "hf_abcdefghijklmnopqrstuvwxyzABCDEF",
                "DEBUG": "true", "PASSWORD": "", "TOKEN": "%%global.variables.T%%", "X_TOKEN": "YOUR_TOKEN_HERE"},
                "authentication": {"docker": {"password": "hunter2"}}}),
                ),
                "global",
                json!({"variables": {"T": "t0k3n", "DB_PASSWORD": "pw"}}),
            ),
            vec![
                ("plainTextSecret", W, "/ops/0/args/env/HF_TOKEN"),
                ("plainTextSecret", W, "/ops/0/args/env/OPENAI_API_KEY"),
                ("plainTextSecret", W, "/ops/0/args/env/MODEL"),
                (
                    "plainTextSecret",
                    W,
                    "/ops/0/args/authentication/docker/password",
                ),
                ("plainTextSecret", W, "/global/variables/DB_PASSWORD"),
            ],
        ),
    ];
    for (name, doc, expected) in &cases {
        check(name, doc, expected);
    }
}

#[test]
fn warnings_can_be_turned_off() {
    let doc = ops(
        json!([{"id": "a.b", "type": "container/run", "args": {"image": "x", "env": {"TOKEN": "abc"}}}]),
    );
    let all = validate_job(&doc, ValidateOptions { warnings: true });
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|i| i.severity == W));
    assert!(validate_job(&doc, ValidateOptions { warnings: false }).is_empty());
}

#[test]
fn hints_and_messages_are_precise() {
    let doc = run(
        json!({"image": "x", "expose": [{"port": 80, "health_checks": [{"type": "websocket", "expected_response": "ok"}]}]}),
    );
    let issues = validate_job(&doc, ValidateOptions::default());
    assert_eq!(issues.len(), 1);
    assert!(issues[0].hint.as_deref().unwrap().contains("docs omit"));
    let issues = validate_job(&run(json!({"cmd": "x"})), ValidateOptions::default());
    assert_eq!(
        issues[0].message,
        "\"image\" is required in container/run args"
    );
    let issues = validate_job(
        &with(run(json!({"image": "x"})), "meta", Value::Null),
        ValidateOptions::default(),
    );
    assert_eq!(issues[0].message, "\"meta\" must be an object, not null");
    assert!(issues[0].hint.is_some());
    let issues = validate_job(
        &run(json!({"image": "x", "foo": 1})),
        ValidateOptions::default(),
    );
    assert_eq!(
        issues[0].anchor,
        nosana_deployments::diagnostics::Anchor::Key
    );
}

#[test]
fn every_rule_is_documented() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/job-rules.md")).unwrap();
    for rule in job::RULES {
        assert!(
            docs.contains(&format!("| `{}` |", rule.code)),
            "{} is not in docs/job-rules.md",
            rule.code
        );
    }
}

/// Every deliberate difference from @nosana/types 2.1.6 (docs/differences.md), with the verdict
/// 2.1.6 gives according to the spec (§ cited) and the error codes we give instead.
#[test]
fn deliberate_differences_from_nosana_types() {
    // (case, document, valid under 2.1.6, our error codes, reason)
    type Diff = (&'static str, Value, bool, Vec<&'static str>, &'static str);
    let cases: Vec<Diff> = vec![
        (
            "top-level ssh",
            with(
                run(json!({"image": "x"})),
                "ssh",
                json!({"public_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519"]}),
            ),
            false,
            vec![],
            "newest kit allows `ssh` (§1)",
        ),
        (
            "execution.timeout",
            ops(json!([op("a", json!({"timeout": 30}))])),
            false,
            vec![],
            "newest kit flat execution (§1)",
        ),
        (
            "stop_if_dependent_stops without depends_on",
            ops(json!([op("a", json!({"stop_if_dependent_stops": false}))])),
            false,
            vec![],
            "newest kit flat execution (§1, §3.2)",
        ),
        (
            "create-volume op with run args",
            ops(json!([{"id": "a", "type": "container/create-volume", "args": {"image": "x"}}])),
            true,
            vec!["argsDoNotMatchOpType"],
            "typia does not tie type to args (§3.2); the node does",
        ),
        (
            "self dependency",
            ops(json!([op("a", json!({"depends_on": ["a"]}))])),
            true,
            vec!["dependsOnSelf"],
            "validateExecutionPlan (§5.2)",
        ),
        (
            "cross-group dependency",
            ops(json!([
                op("a", json!({"group": "x"})),
                op("b", json!({"group": "y", "depends_on": ["a"]}))
            ])),
            true,
            vec!["dependsOnOtherGroup"],
            "validateExecutionPlan (§5.2, §7.9)",
        ),
        (
            "ports not range-checked by typia",
            run(json!({"image": "x", "expose": [0, 70000, 80.5]})),
            true,
            vec!["portOutOfRange", "portOutOfRange", "portOutOfRange"],
            "§3.4: 0, 70000 and 80.5 pass typia",
        ),
        (
            "empty image",
            run(json!({"image": ""})),
            true,
            vec!["invalidImageReference"],
            "§3.3: \"\" passes typia",
        ),
        (
            "placeholder image",
            run(json!({"image": "<docker-hub-user>/<image-name>"})),
            true,
            vec!["invalidImageReference"],
            "§6",
        ),
        (
            "typia literal quirk",
            run(json!({"image": "x", "expose": "%%opsXy%%"})),
            true,
            vec!["invalidLiteralPath"],
            "§3.6: the compiled regex accepts it; the node cannot resolve it",
        ),
        (
            "volume without create-volume op",
            run(json!({"image": "x", "volumes": [{"name": "v", "dest": "/v"}]})),
            true,
            vec!["unknownVolume"],
            "§3.3: the volume must be created by a create-volume op",
        ),
    ];
    for (name, doc, types_valid, codes, reason) in &cases {
        let issues = validate_job(doc, ValidateOptions::default());
        let errors: Vec<&str> = issues
            .iter()
            .filter(|i| i.severity == E)
            .map(|i| i.code)
            .collect();
        assert_eq!(&errors, codes, "case `{name}` ({reason}): {issues:#?}");
        // Each case really is a difference: valid under types ⇔ errors here.
        assert_eq!(
            *types_valid,
            !errors.is_empty(),
            "case `{name}` is not a difference"
        );
    }
}

#[test]
fn gpu_requirement_rules() {
    let with_meta = |doc: Value, meta: Value| with(doc, "meta", meta);
    let vram = json!({"system_requirements": {"required_vram": 16}});
    let cases: Vec<Case> = vec![
        (
            "VRAM asked, no gpu anywhere",
            with_meta(run(json!({"image": "vllm/vllm-openai"})), vram.clone()),
            vec![(
                "gpuNotRequested",
                W,
                "/meta/system_requirements/required_vram",
            )],
        ),
        (
            "gpu: false is no request",
            with_meta(
                run(json!({"image": "x", "gpu": false})),
                json!({"system_requirements": {"vram_total_mb": 16384}}),
            ),
            vec![(
                "gpuNotRequested",
                W,
                "/meta/system_requirements/vram_total_mb",
            )],
        ),
        (
            "CUDA versions asked",
            with_meta(
                run(json!({"image": "x"})),
                json!({"system_requirements": {"required_cuda": ["12.8"]}}),
            ),
            vec![(
                "gpuNotRequested",
                W,
                "/meta/system_requirements/required_cuda",
            )],
        ),
        (
            "the docs' system_resources",
            with_meta(
                run(json!({"image": "x"})),
                json!({"system_resources": {"required_vram": 18}}),
            ),
            vec![("gpuNotRequested", W, "/meta/system_resources/required_vram")],
        ),
        (
            "one op with gpu is enough",
            with_meta(
                ops(json!([
                    {"id": "a", "type": "container/run", "args": {"image": "x"}},
                    {"id": "b", "type": "container/run", "args": {"image": "y", "gpu": true}}
                ])),
                vram.clone(),
            ),
            vec![],
        ),
        (
            "global gpu",
            with(
                with_meta(run(json!({"image": "x"})), vram.clone()),
                "global",
                json!({"gpu": true}),
            ),
            vec![],
        ),
        (
            "no requirement stated",
            with_meta(
                run(json!({"image": "nvidia/cuda:12.4.1-base-ubuntu22.04"})),
                json!({"system_requirements": {"required_vram": 0, "required_cuda": []}, "trigger": "cli"}),
            ),
            vec![],
        ),
        (
            "gpu without a stated requirement is fine",
            run(json!({"image": "ubuntu", "gpu": true})),
            vec![],
        ),
    ];
    for (name, doc, expected) in &cases {
        check(name, doc, expected);
    }
    // A warning: left out when warnings are off.
    let doc = with_meta(run(json!({"image": "x"})), vram);
    assert!(validate_job(&doc, ValidateOptions { warnings: false }).is_empty());
}
