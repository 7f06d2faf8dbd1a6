//! Snapshots of every rule's issue: code, severity, place, message, hint and range, for one small
//! document that triggers it, through the pipeline every entry takes (`source::validate`). Wording
//! changes show up as diffs of `tests/snapshots/rule_messages__*.snap`; after a deliberate change,
//! review them with `cargo insta review` (or rerun with `INSTA_UPDATE=always` and read the diff).

// Test code: panics are how tests fail.
#![allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::fmt::Write as _;

use nosana_deployments::deployment::{self, Action};
use nosana_deployments::diagnostics::{Issue, Report, ValidateOptions};
use nosana_deployments::json::Value;
use nosana_deployments::source::{self, Origin, MAX_DOCUMENT_BYTES};
use nosana_deployments::{all_rules, job};

const KEY: &str = "nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7";
/// A real public key (ssh-keygen; no private key kept).
const SSH_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519";

/// `n` distinct ed25519 keys, each line `len` characters (its comment pads it).
fn ssh_keys(n: u8, len: usize) -> String {
    use base64::Engine as _;
    let keys: Vec<String> = (0..n)
        .map(|i| {
            let mut blob = Vec::new();
            blob.extend_from_slice(&11u32.to_be_bytes());
            blob.extend_from_slice(b"ssh-ed25519");
            blob.extend_from_slice(&32u32.to_be_bytes());
            blob.extend_from_slice(&[i; 32]);
            let bare = format!(
                "ssh-ed25519 {}",
                base64::engine::general_purpose::STANDARD.encode(blob)
            );
            format!("\"{bare} {}\"", "c".repeat(len - bare.len() - 1))
        })
        .collect();
    format!("[{}]", keys.join(", "))
}

/// An add-ssh-keys body with the one key `key` (JSON string contents).
fn add_key(key: &str) -> String {
    format!(r#"{{"public_keys": ["{key}"]}}"#)
}

/// Where a document goes in.
#[derive(Clone, Copy)]
enum Entry {
    Job,
    Create,
    /// An update body, for the action of this JS name.
    Update(&'static str),
}

/// A job definition with one `container/run` op `a` whose members are `op` and args are `args`
/// (JSON object members, without braces), plus top-level members `extra`.
fn job_with(op: &str, args: &str, extra: &str) -> String {
    format!(
        r#"{{"version": "0.1", "type": "container", "ops": [{{"id": "a", "type": "container/run", "args": {{"image": "ubuntu"{args}}}{op}}}]{extra}}}"#
    )
}

fn run(args: &str) -> String {
    job_with("", args, "")
}

const JOB: &str = r#"{"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/run", "args": {"image": "ubuntu"}}]}"#;

/// A valid create body (SIMPLE), with `members` replacing or adding members.
fn body_with(members: &str) -> String {
    let base = [
        ("name", "\"web\"".to_owned()),
        ("market", format!("\"{KEY}\"")),
        ("replicas", "1".to_owned()),
        ("timeout", "60".to_owned()),
        ("strategy", "\"SIMPLE\"".to_owned()),
        ("confidential", "false".to_owned()),
        ("job_definition", JOB.to_owned()),
    ];
    let changes: Vec<(&str, &str)> = members
        .split(", \"")
        .filter(|m| !m.is_empty())
        .map(|m| {
            let (key, value) = m.trim_start_matches('"').split_once("\": ").unwrap();
            (key, value)
        })
        .collect();
    let mut out: Vec<String> = base
        .iter()
        .filter_map(
            |(key, value)| match changes.iter().find(|(k, _)| k == key) {
                Some((_, "REMOVE")) => None,
                Some((_, v)) => Some(format!("\"{key}\": {v}")),
                None => Some(format!("\"{key}\": {value}")),
            },
        )
        .collect();
    for (key, value) in &changes {
        if !base.iter().any(|(k, _)| k == key) {
            out.push(format!("\"{key}\": {value}"));
        }
    }
    format!("{{{}}}", out.join(", "))
}

/// `base` (a body from [`body_with`]) with `members` (JSON members, which may hold `, "`) added at
/// its end.
fn plus(base: &str, members: &str) -> String {
    format!("{}, {members}}}", base.strip_suffix('}').unwrap())
}

fn scheduled(schedule: &str) -> String {
    body_with(&format!(
        r#""strategy": "SCHEDULED", "schedule": "{schedule}""#
    ))
}

/// (rule code, entry, document): one per rule that `all_rules()` lists.
fn cases() -> Vec<(&'static str, Entry, String)> {
    use Entry::*;
    let many_keys: Vec<String> = (0..1100).map(|i| format!("\"k{i}\": {i}")).collect();
    let many_ops: Vec<String> = (0..1001)
        .map(|i| {
            format!(r#"{{"id": "o{i}", "type": "container/run", "args": {{"image": "ubuntu"}}}}"#)
        })
        .collect();
    let two_ops = |first: &str, second: &str| {
        format!(
            r#"{{"version": "0.1", "type": "container", "ops": [{{"id": "a", "type": "container/run", "args": {{"image": "ubuntu"}}{first}}}, {{"id": "b", "type": "container/run", "args": {{"image": "ubuntu"}}{second}}}]}}"#
        )
    };
    vec![
        // Text.
        (
            "invalidJson",
            Job,
            r#"{"version": "0.1", "type": }"#.to_owned(),
        ),
        (
            "nestingTooDeep",
            Job,
            format!("{}{}", "[".repeat(200), "]".repeat(200)),
        ),
        ("documentTooLarge", Job, " ".repeat(MAX_DOCUMENT_BYTES + 1)),
        (
            "stringTooLong",
            Job,
            format!(r#"{{"a": "{}"}}"#, "x".repeat(1024 * 1024 + 1)),
        ),
        (
            "tooManyIssues",
            Job,
            job_with("", "", &format!(", {}", many_keys.join(", "))),
        ),
        (
            "tooManyOps",
            Job,
            format!(
                r#"{{"version": "0.1", "type": "container", "ops": [{}]}}"#,
                many_ops.join(", ")
            ),
        ),
        // Structure.
        ("invalidType", Job, JOB.replace("\"ubuntu\"", "42")),
        (
            "missingField",
            Job,
            r#"{"version": "0.1", "ops": []}"#.to_owned(),
        ),
        // A typo of "gpu": the hint suggests it ("did you mean"), before the allowed keys.
        ("unknownKey", Job, run(r#", "gpus": true"#)),
        ("invalidVersion", Job, JOB.replace("\"0.1\"", "\"0.2\"")),
        (
            "invalidJobType",
            Job,
            JOB.replace("\"container\",", "\"vm\","),
        ),
        (
            "invalidEnumValue",
            Job,
            run(r#", "gpu": true, "required_vram": 4, "restart_policy": "sometimes""#),
        ),
        (
            "invalidOpId",
            Job,
            JOB.replace("\"id\": \"a\"", "\"id\": \"a b\""),
        ),
        (
            "duplicateOpId",
            Job,
            two_ops("", "").replace("\"id\": \"b\"", "\"id\": \"a\""),
        ),
        (
            "conflictingFields",
            Job,
            run(
                r#", "resources": [{"type": "S3", "url": "s3://b", "bucket": "b", "files": ["f"], "target": "/d"}]"#,
            ),
        ),
        (
            "invalidLiteral",
            Job,
            run(r#", "expose": [{"__spread__": "not a literal"}]"#),
        ),
        (
            "portRangeNotSupported",
            Job,
            run(r#", "expose": ["8000-8010"]"#),
        ),
        ("duplicateExposedPort", Job, run(r#", "expose": [80, 80]"#)),
        (
            "invalidLogType",
            Job,
            job_with(
                r#", "results": {"out": {"regex": "x", "logType": ["stdout", "stdout"]}}"#,
                "",
                "",
            ),
        ),
        (
            "healthCheckMissingContinuous",
            Job,
            run(
                r#", "expose": [{"port": 80, "health_checks": [{"type": "http", "path": "/", "method": "GET", "expected_status": 200}]}]"#,
            ),
        ),
        // Semantics.
        (
            "argsDoNotMatchOpType",
            Job,
            JOB.replace("container/run", "container/create-volume"),
        ),
        (
            "dependsOnUnknownOp",
            Job,
            job_with(r#", "execution": {"depends_on": ["nope"]}"#, "", ""),
        ),
        (
            "dependsOnSelf",
            Job,
            job_with(r#", "execution": {"depends_on": ["a"]}"#, "", ""),
        ),
        (
            "dependsOnOtherGroup",
            Job,
            two_ops(
                r#", "execution": {"group": "g1"}"#,
                r#", "execution": {"group": "g2", "depends_on": ["a"]}"#,
            ),
        ),
        (
            "dependencyCycle",
            Job,
            two_ops(
                r#", "execution": {"depends_on": ["b"]}"#,
                r#", "execution": {"depends_on": ["a"]}"#,
            ),
        ),
        (
            "unknownVolume",
            Job,
            run(r#", "volumes": [{"name": "data", "dest": "/data"}]"#),
        ),
        (
            "literalUnknownOp",
            Job,
            run(r#", "cmd": ["%%ops.nope.host%%"]"#),
        ),
        (
            "literalOpIdHasDot",
            Job,
            r#"{"version": "0.1", "type": "container", "ops": [{"id": "a", "type": "container/run", "args": {"image": "ubuntu", "cmd": ["%%ops.x.y.host%%"]}}, {"id": "x.y", "type": "container/run", "args": {"image": "ubuntu"}}]}"#.to_owned(),
        ),
        (
            "literalUnknownResult",
            Job,
            run(r#", "cmd": ["%%ops.a.results.nope%%"]"#),
        ),
        (
            "literalPortNotExposed",
            Job,
            run(r#", "expose": 80, "cmd": ["%%ops.a.endpoint.81%%"]"#),
        ),
        (
            "literalUnknownVariable",
            Job,
            run(r#", "cmd": ["%%global.variables.NOPE%%"]"#),
        ),
        (
            "invalidLiteralPath",
            Job,
            run(r#", "cmd": ["%%ops.a.nonsense%%"]"#),
        ),
        ("portOutOfRange", Job, run(r#", "expose": 70000"#)),
        (
            "invalidImageReference",
            Job,
            JOB.replace("\"ubuntu\"", "\"NGINX:::bad\""),
        ),
        (
            "plainTextSecret",
            Job,
            run(r#", "env": {"API_TOKEN": "hunter2hunter2hunter2"}"#),
        ),
        (
            "opIdHasDot",
            Job,
            JOB.replace("\"id\": \"a\"", "\"id\": \"a.b\""),
        ),
        (
            "emptyOps",
            Job,
            r#"{"version": "0.1", "type": "container", "ops": []}"#.to_owned(),
        ),
        (
            "gpuNotRequested",
            Job,
            job_with(
                "",
                "",
                r#", "meta": {"system_requirements": {"required_vram": 16}}"#,
            ),
        ),
        // Deployment bodies.
        ("bodyNotObject", Create, "[]".to_owned()),
        ("unknownField", Create, body_with(r#""nmae": "web""#)),
        (
            "unexpectedBody",
            Update("stop"),
            r#"{"force": true}"#.to_owned(),
        ),
        ("nameEmpty", Create, body_with(r#""name": """#)),
        ("invalidMarket", Create, body_with(r#""market": "abc""#)),
        (
            "replicasNotInteger",
            Create,
            body_with(r#""replicas": 1.5"#),
        ),
        ("replicasOutOfRange", Create, body_with(r#""replicas": 0"#)),
        ("timeoutTooShort", Create, body_with(r#""timeout": 0.5"#)),
        ("timeoutTooLarge", Create, body_with(r#""timeout": 1e300"#)),
        (
            "timeoutFractionalSeconds",
            Create,
            body_with(r#""timeout": 60.001"#),
        ),
        (
            "invalidStrategy",
            Create,
            body_with(r#""strategy": "WEIRD""#),
        ),
        (
            "scheduleRequired",
            Create,
            body_with(r#""strategy": "SCHEDULED""#),
        ),
        (
            "scheduleIgnored",
            Create,
            body_with(r#""schedule": "0 * * * *""#),
        ),
        (
            "rotationTimeIgnored",
            Create,
            body_with(r#""rotation_time": 30"#),
        ),
        (
            "rotationTimeNotPositive",
            Create,
            body_with(r#""strategy": "INFINITE", "timeout": 120, "rotation_time": 0"#),
        ),
        (
            "rotationTimeTooLarge",
            Create,
            body_with(r#""strategy": "INFINITE", "timeout": 120, "rotation_time": 115"#),
        ),
        ("invalidVault", Create, body_with(r#""vault": "abc""#)),
        (
            "vaultConflict",
            Create,
            body_with(&format!(r#""vault": "{KEY}", "new_vault": true"#)),
        ),
        (
            "confidentialUnset",
            Create,
            body_with(r#""confidential": REMOVE"#),
        ),
        (
            "invalidActiveRevision",
            Update("updateActiveRevision"),
            r#"{"active_revision": 0}"#.to_owned(),
        ),
        // Fields of today's service.
        (
            "startupTimeoutIgnored",
            Create,
            body_with(r#""startup_timeout": 10"#),
        ),
        (
            "startupTimeoutTooShort",
            Update("updateStartupTimeout"),
            r#"{"startup_timeout": 0}"#.to_owned(),
        ),
        (
            "startupTimeoutWithoutPort",
            Create,
            body_with(r#""strategy": "INFINITE", "timeout": 120, "startup_timeout": 10"#),
        ),
        (
            "invalidIdempotencyKey",
            Create,
            body_with(r#""idempotency_key": "my key""#),
        ),
        (
            "requirementsEmpty",
            Update("updateRequirements"),
            format!(r#"{{"market": "{KEY}", "requirements": {{}}}}"#),
        ),
        (
            "invalidRequirementKey",
            Create,
            body_with(r#""requirements": {"": 1}"#),
        ),
        (
            "invalidRequirementValue",
            Create,
            body_with(r#""requirements": {"gpu": ["A100"]}"#),
        ),
        (
            "sshBlockReplaced",
            Create,
            plus(
                &body_with(r#""job_definition": REMOVE"#),
                &format!(
                    r#""ssh_public_keys": [], "job_definition": {{"version": "0.1", "type": "container", "ssh": {{"public_keys": ["{SSH_KEY}"]}}, "ops": []}}"#
                ),
            ),
        ),
        // SSH public keys.
        ("sshKeyEmpty", Update("addSshKeys"), add_key(" ")),
        (
            "sshKeyTooLong",
            Update("addSshKeys"),
            add_key(&format!("{SSH_KEY}{}", "x".repeat(8193 - SSH_KEY.len()))),
        ),
        (
            "sshKeyMultiline",
            Update("addSshKeys"),
            add_key(&SSH_KEY.replace(" test@", "\\ntest@")),
        ),
        (
            "sshKeyFieldCount",
            Job,
            job_with("", "", &format!(r#", "ssh": {{"public_keys": ["{SSH_KEY} my laptop"]}}"#)),
        ),
        (
            "unsupportedSshKeyType",
            Create,
            body_with(&format!(
                r#""ssh_public_keys": ["{}"]"#,
                SSH_KEY.replace("ssh-ed25519", "SSH-ED25519")
            )),
        ),
        (
            "invalidSshKeyBase64",
            Update("revokeSshKeys"),
            add_key(&SSH_KEY.replace("AAAAC3Nz", "AAAAC3N_")),
        ),
        (
            "sshKeyTypeMismatch",
            Update("addSshKeys"),
            add_key(&SSH_KEY.replace("ssh-ed25519 ", "ssh-rsa ")),
        ),
        (
            "duplicateSshKey",
            Create,
            plus(
                &body_with(""),
                &format!(
                    r#""ssh_public_keys": ["{SSH_KEY}", "{}"]"#,
                    SSH_KEY.replace("test@", "other@")
                ),
            ),
        ),
        (
            "tooManySshKeys",
            Update("addSshKeys"),
            format!(r#"{{"public_keys": {}}}"#, ssh_keys(11, 81)),
        ),
        (
            "sshKeysTooLarge",
            Update("addSshKeys"),
            format!(r#"{{"public_keys": {}}}"#, ssh_keys(9, 8000)),
        ),
        // Cron schedules.
        ("cronFieldCount", Create, scheduled("0 0 * * * *")),
        ("invalidCron", Create, scheduled("0 24 * * *")),
        ("cronNeverFires", Create, scheduled("0 0 31 2 *")),
        ("cronTooRare", Create, scheduled("0 0 * 2 1#5")),
    ]
}

fn report(entry: Entry, text: &str) -> Report {
    let options = ValidateOptions::default();
    match entry {
        Entry::Job => job::validate_text(text, options),
        Entry::Create => source::validate(text, Origin::Caller, |value: Value<'_>| {
            deployment::validate_create(value, options)
        }),
        Entry::Update(action) => {
            let action: Action = action.parse().unwrap();
            source::validate(text, Origin::Caller, |value: Value<'_>| {
                deployment::validate_update(action, value, options)
            })
        }
    }
}

/// The document (or its size, for the generated giants), then each issue of the rule.
fn snapshot(entry: Entry, text: &str, issues: &[&Issue]) -> String {
    let mut out = String::new();
    let entry = match entry {
        Entry::Job => "job definition".to_owned(),
        Entry::Create => "deployment create body".to_owned(),
        Entry::Update(action) => format!("deployment update body ({action})"),
    };
    if text.len() <= 600 {
        writeln!(out, "{entry}: {text}").unwrap();
    } else {
        writeln!(out, "{entry}: (generated, {} bytes)", text.len()).unwrap();
    }
    for issue in issues {
        let range = issue.range.map_or("none".to_owned(), |r| {
            format!(
                "{}:{}–{}:{} (offsets {}–{})",
                r.start.line,
                r.start.column,
                r.end.line,
                r.end.column,
                r.start.offset,
                r.end.offset
            )
        });
        writeln!(
            out,
            "\n{} ({:?}) at {:?} {:?}",
            issue.code, issue.severity, issue.pointer, issue.path
        )
        .unwrap();
        writeln!(out, "  message: {}", issue.message).unwrap();
        writeln!(
            out,
            "  hint:    {}",
            issue.hint.as_deref().unwrap_or("none")
        )
        .unwrap();
        writeln!(out, "  range:   {range}").unwrap();
    }
    out
}

#[test]
fn every_rule_has_a_case() {
    let listed: BTreeSet<&str> = all_rules().map(|r| r.code).collect();
    let covered: BTreeSet<&str> = cases().iter().map(|(code, _, _)| *code).collect();
    assert_eq!(covered, listed, "rules without a case, or cases of no rule");
}

#[test]
fn every_rules_message() {
    let mut silent = Vec::new();
    for (code, entry, text) in cases() {
        let report = report(entry, &text);
        let issues: Vec<&Issue> = report.issues.iter().filter(|i| i.code == code).collect();
        if issues.is_empty() {
            let got: Vec<&str> = report.issues.iter().map(|i| i.code).collect();
            silent.push(format!("{code}: got {got:?}"));
            continue;
        }
        let rule = all_rules().find(|r| r.code == code).unwrap();
        assert!(
            issues.iter().all(|i| i.severity == rule.severity),
            "{code}: severity"
        );
        insta::assert_snapshot!(code, snapshot(entry, &text, &issues));
    }
    assert!(
        silent.is_empty(),
        "cases that do not trigger their rule:\n{}",
        silent.join("\n")
    );
}

/// Messages and hints are plain text (no Markdown backticks: editors, toasts and the CLI show them
/// as they are), and a hint is its own field, never repeated inside the message.
#[test]
fn messages_are_plain_text_with_hints_apart() {
    let mut bad = Vec::new();
    for (code, entry, text) in cases() {
        for issue in &report(entry, &text).issues {
            let hint = issue.hint.as_deref().unwrap_or_default();
            if issue.message.contains('`') || hint.contains('`') {
                bad.push(format!(
                    "{code}: backtick in {:?} / {hint:?}",
                    issue.message
                ));
            }
            if !hint.is_empty() && issue.message.contains(hint) {
                bad.push(format!(
                    "{code}: hint {hint:?} glued to {:?}",
                    issue.message
                ));
            }
            let lower = issue.message.to_lowercase();
            if ["hint:", "did you mean", "allowed keys:"]
                .iter()
                .any(|h| lower.contains(h))
            {
                bad.push(format!(
                    "{code}: hint text in the message {:?}",
                    issue.message
                ));
            }
        }
    }
    for rule in all_rules() {
        if rule.description.contains('`') {
            bad.push(format!("{}: backtick in the description", rule.code));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
