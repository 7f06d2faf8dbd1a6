//! Create and update bodies: every rule, with exact codes and JSON pointers.

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use common::{validate_create, validate_update};
use nosana_deployments::deployment::{base58_decode, public_key_problem, Action, RULES};
use nosana_deployments::diagnostics::{Issue, Severity, ValidateOptions};
use proptest::prelude::*;
use serde_json::{json, Value};

// A 44-character key (32 bytes); the service takes 43–44 characters.
const MARKET: &str = "GQHjFXCxFNwgSYmU87k3eu5oCXCtD89WmS3DRzFX3SP9";
/// The all-zero public key (32 characters: too short for the service's 43–44).
const SYSTEM_PROGRAM: &str = "11111111111111111111111111111111";
const KEY43: &str = "nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7";

// Real public keys (made with ssh-keygen for these tests; no private key is kept).
const ED25519: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519";
const ECDSA256: &str = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA59lpvF5hlTFr4KV94l2a6dBWbadhcPUG5rqWN6tbur3gWRx/PKIO3zkfHmTsT1xsuMBPfYMbvPoeBTYsveFwM= test@ecdsab256";

/// `n` distinct ed25519 keys: blobs built here (type, then 32 bytes of material; the service
/// does not check the material itself).
fn ed25519_keys(n: u8) -> Vec<String> {
    use base64::Engine as _;
    (0..n)
        .map(|i| {
            let mut blob = Vec::new();
            blob.extend_from_slice(&11u32.to_be_bytes());
            blob.extend_from_slice(b"ssh-ed25519");
            blob.extend_from_slice(&32u32.to_be_bytes());
            blob.extend_from_slice(&[i; 32]);
            format!(
                "ssh-ed25519 {} key{i}",
                base64::engine::general_purpose::STANDARD.encode(blob)
            )
        })
        .collect()
}

/// An INFINITE body whose only op exposes `expose` (JSON), with `startup_timeout`.
fn infinite_with_expose(expose: Value, startup_timeout: Value) -> Value {
    with(json!({
        "strategy": "INFINITE",
        "timeout": 120,
        "startup_timeout": startup_timeout,
        "job_definition": {"version": "0.1", "type": "container", "ops": [
            {"id": "web", "type": "container/run", "args": {"image": "nginx", "expose": expose}}
        ]}
    }))
}

/// `body` with `key` set to `null` (`with` removes keys given as `null`).
fn null_at(mut body: Value, key: &str) -> Value {
    body[key] = Value::Null;
    body
}

fn base() -> Value {
    json!({
        "name": "my deployment",
        "market": MARKET,
        "replicas": 1,
        "timeout": 60,
        "strategy": "SIMPLE",
        "confidential": true,
        "job_definition": {"version": "0.1", "type": "container", "ops": [
            {"id": "web", "type": "container/run", "args": {"image": "nginx", "expose": 80}}
        ]}
    })
}

/// `base()` with `changes` merged in; a `null` value removes the key.
fn with(changes: Value) -> Value {
    let mut body = base();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body
}

fn all() -> ValidateOptions {
    ValidateOptions { warnings: true }
}

fn summary(issues: &[Issue]) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.code.to_owned(), i.pointer.clone()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect()
}

type Case = (&'static str, Value, &'static [(&'static str, &'static str)]);

fn create_cases() -> Vec<Case> {
    vec![
        ("valid", base(), &[]),
        (
            "confidential absent",
            with(json!({"confidential": null})),
            &[("confidentialUnset", "/confidential")],
        ),
        (
            "confidential false",
            with(json!({"confidential": false})),
            &[],
        ),
        (
            "confidential string",
            with(json!({"confidential": "true"})),
            &[("invalidType", "/confidential")],
        ),
        (
            "autostart number",
            with(json!({"autostart": 1})),
            &[("invalidType", "/autostart")],
        ),
        ("autostart true", with(json!({"autostart": true})), &[]),
        // name
        (
            "name missing",
            with(json!({"name": null})),
            &[("missingField", "/name")],
        ),
        (
            "name empty",
            with(json!({"name": ""})),
            &[("nameEmpty", "/name")],
        ),
        (
            "name blank",
            with(json!({"name": "   "})),
            &[("nameEmpty", "/name")],
        ),
        (
            "name number",
            with(json!({"name": 5})),
            &[("invalidType", "/name")],
        ),
        // market
        (
            "market missing",
            with(json!({"market": null})),
            &[("missingField", "/market")],
        ),
        (
            "market empty",
            with(json!({"market": ""})),
            &[("invalidMarket", "/market")],
        ),
        (
            "market 44 z",
            with(json!({"market": "z".repeat(44)})),
            &[("invalidMarket", "/market")],
        ),
        (
            "market bad char",
            with(json!({"market": "0".repeat(43)})),
            &[("invalidMarket", "/market")],
        ),
        ("market 43 chars", with(json!({"market": KEY43})), &[]),
        (
            "market padded (server trims)",
            with(json!({"market": format!(" {MARKET} ")})),
            &[],
        ),
        (
            "market object",
            with(json!({"market": {}})),
            &[("invalidType", "/market")],
        ),
        // replicas
        (
            "replicas missing",
            with(json!({"replicas": null})),
            &[("missingField", "/replicas")],
        ),
        (
            "replicas fractional",
            with(json!({"replicas": 1.5})),
            &[("replicasNotInteger", "/replicas")],
        ),
        (
            "replicas zero",
            with(json!({"replicas": 0})),
            &[("replicasOutOfRange", "/replicas")],
        ),
        (
            "replicas negative",
            with(json!({"replicas": -1})),
            &[("replicasOutOfRange", "/replicas")],
        ),
        (
            "replicas 1e300",
            with(json!({"replicas": 1e300})),
            &[("replicasOutOfRange", "/replicas")],
        ),
        (
            "replicas numeric string",
            with(json!({"replicas": "1"})),
            &[("invalidType", "/replicas")],
        ),
        ("replicas 1.0", with(json!({"replicas": 1.0})), &[]),
        ("replicas 100", with(json!({"replicas": 100})), &[]),
        // timeout
        (
            "timeout missing",
            with(json!({"timeout": null})),
            &[("missingField", "/timeout")],
        ),
        (
            "timeout 0.5",
            with(json!({"timeout": 0.5})),
            &[("timeoutTooShort", "/timeout")],
        ),
        (
            "timeout negative",
            with(json!({"timeout": -5})),
            &[("timeoutTooShort", "/timeout")],
        ),
        ("timeout 1", with(json!({"timeout": 1})), &[]),
        ("timeout 1.5 (90 s)", with(json!({"timeout": 1.5})), &[]),
        (
            "timeout 1.01",
            with(json!({"timeout": 1.01})),
            &[("timeoutFractionalSeconds", "/timeout")],
        ),
        (
            "timeout 1e300",
            with(json!({"timeout": 1e300})),
            &[("timeoutTooLarge", "/timeout")],
        ),
        (
            "timeout bool",
            with(json!({"timeout": true})),
            &[("invalidType", "/timeout")],
        ),
        // strategy
        (
            "strategy missing",
            with(json!({"strategy": null})),
            &[("missingField", "/strategy")],
        ),
        (
            "strategy lowercase",
            with(json!({"strategy": "simple"})),
            &[("invalidStrategy", "/strategy")],
        ),
        (
            "strategy unknown",
            with(json!({"strategy": "FOREVER"})),
            &[("invalidStrategy", "/strategy")],
        ),
        (
            "strategy number",
            with(json!({"strategy": 1})),
            &[("invalidType", "/strategy")],
        ),
        (
            "simple-extend",
            with(json!({"strategy": "SIMPLE-EXTEND"})),
            &[],
        ),
        // SCHEDULED
        (
            "scheduled without schedule",
            with(json!({"strategy": "SCHEDULED"})),
            &[("scheduleRequired", "/schedule")],
        ),
        (
            "scheduled ok",
            with(json!({"strategy": "SCHEDULED", "schedule": "0 2 * * *"})),
            &[],
        ),
        (
            "scheduled 61",
            with(json!({"strategy": "SCHEDULED", "schedule": "61 * * * *"})),
            &[("invalidCron", "/schedule")],
        ),
        (
            "scheduled 31 Feb",
            with(json!({"strategy": "SCHEDULED", "schedule": "0 0 31 2 *"})),
            &[("cronNeverFires", "/schedule")],
        ),
        (
            "scheduled @daily",
            with(json!({"strategy": "SCHEDULED", "schedule": "@daily"})),
            &[("cronFieldCount", "/schedule")],
        ),
        (
            "scheduled rare",
            with(json!({"strategy": "SCHEDULED", "schedule": "0 0 * 2 1#5"})),
            &[("cronTooRare", "/schedule")],
        ),
        (
            "scheduled schedule number",
            with(json!({"strategy": "SCHEDULED", "schedule": 5})),
            &[("invalidType", "/schedule")],
        ),
        (
            "schedule on SIMPLE",
            with(json!({"schedule": "0 2 * * *"})),
            &[("scheduleIgnored", "/schedule")],
        ),
        (
            "bad schedule, no strategy",
            with(json!({"strategy": null, "schedule": "0 24 * * *"})),
            &[("missingField", "/strategy"), ("invalidCron", "/schedule")],
        ),
        // INFINITE
        ("infinite ok", with(json!({"strategy": "INFINITE"})), &[]),
        (
            "infinite timeout 30",
            with(json!({"strategy": "INFINITE", "timeout": 30})),
            &[("timeoutTooShort", "/timeout")],
        ),
        (
            "infinite rotation ok",
            with(json!({"strategy": "INFINITE", "timeout": 60, "rotation_time": 49.5})),
            &[],
        ),
        (
            "infinite rotation 0",
            with(json!({"strategy": "INFINITE", "rotation_time": 0})),
            &[("rotationTimeNotPositive", "/rotation_time")],
        ),
        (
            "infinite rotation negative",
            with(json!({"strategy": "INFINITE", "rotation_time": -5})),
            &[("rotationTimeNotPositive", "/rotation_time")],
        ),
        (
            "infinite rotation = timeout - 10",
            with(json!({"strategy": "INFINITE", "timeout": 60, "rotation_time": 50})),
            &[("rotationTimeTooLarge", "/rotation_time")],
        ),
        (
            "infinite rotation string",
            with(json!({"strategy": "INFINITE", "rotation_time": "10"})),
            &[("invalidType", "/rotation_time")],
        ),
        (
            "rotation on SIMPLE",
            with(json!({"rotation_time": 10})),
            &[("rotationTimeIgnored", "/rotation_time")],
        ),
        // vault
        ("vault ok", with(json!({"vault": KEY43})), &[]),
        (
            "vault short",
            with(json!({"vault": SYSTEM_PROGRAM})),
            &[("invalidVault", "/vault")],
        ),
        (
            "vault 44 z",
            with(json!({"vault": "z".repeat(44)})),
            &[("invalidVault", "/vault")],
        ),
        (
            "vault and new_vault",
            with(json!({"vault": KEY43, "new_vault": true})),
            &[("vaultConflict", "/new_vault")],
        ),
        (
            "vault and new_vault false",
            with(json!({"vault": KEY43, "new_vault": false})),
            &[("vaultConflict", "/new_vault")],
        ),
        ("new_vault ok", with(json!({"new_vault": true})), &[]),
        (
            "new_vault string",
            with(json!({"new_vault": "yes"})),
            &[("invalidType", "/new_vault")],
        ),
        // job definition and unknown keys
        (
            "job_definition missing",
            with(json!({"job_definition": null})),
            &[("missingField", "/job_definition")],
        ),
        (
            "unknown key",
            with(json!({"foo": 1})),
            &[("unknownField", "/foo")],
        ),
        (
            "typo key",
            with(json!({"strategy": "INFINITE", "rotationTime": 10})),
            &[("unknownField", "/rotationTime")],
        ),
        // startup_timeout
        (
            "startup_timeout on INFINITE with a port",
            infinite_with_expose(json!(80), json!(10)),
            &[],
        ),
        (
            "startup_timeout fractional minutes",
            infinite_with_expose(json!([8080, 9090]), json!(1.5)),
            &[],
        ),
        (
            "startup_timeout below 1",
            infinite_with_expose(json!(80), json!(0.5)),
            &[("startupTimeoutTooShort", "/startup_timeout")],
        ),
        (
            "startup_timeout 0",
            infinite_with_expose(json!(80), json!(0)),
            &[("startupTimeoutTooShort", "/startup_timeout")],
        ),
        (
            "startup_timeout string",
            infinite_with_expose(json!(80), json!("10")),
            &[("invalidType", "/startup_timeout")],
        ),
        (
            "startup_timeout null",
            null_at(infinite_with_expose(json!(80), json!(10)), "startup_timeout"),
            &[("invalidType", "/startup_timeout")],
        ),
        (
            "startup_timeout with an empty expose list",
            infinite_with_expose(json!([]), json!(10)),
            &[("startupTimeoutWithoutPort", "/startup_timeout")],
        ),
        (
            "startup_timeout without any expose",
            with(json!({"strategy": "INFINITE", "timeout": 120, "startup_timeout": 10,
                "job_definition": {"version": "0.1", "type": "container", "ops": [
                    {"id": "job", "type": "container/run", "args": {"image": "ubuntu"}}
                ]}})),
            &[("startupTimeoutWithoutPort", "/startup_timeout")],
        ),
        (
            "startup_timeout where only a volume op names expose",
            with(json!({"strategy": "INFINITE", "timeout": 120, "startup_timeout": 10,
                "job_definition": {"version": "0.1", "type": "container", "ops": [
                    {"id": "v", "type": "container/create-volume", "args": {"name": "data", "expose": 80}}
                ]}})),
            &[
                ("startupTimeoutWithoutPort", "/startup_timeout"),
                ("unknownKey", "/job_definition/ops/0/args/expose"),
            ],
        ),
        (
            "startup_timeout on SIMPLE",
            with(json!({"startup_timeout": 10})),
            &[("startupTimeoutIgnored", "/startup_timeout")],
        ),
        // idempotency_key
        (
            "idempotency_key every allowed character",
            with(json!({"idempotency_key": "app:Z9/a_b.c-d"})),
            &[],
        ),
        (
            "idempotency_key 128 characters",
            with(json!({"idempotency_key": "k".repeat(128)})),
            &[],
        ),
        (
            "idempotency_key 129 characters",
            with(json!({"idempotency_key": "k".repeat(129)})),
            &[("invalidIdempotencyKey", "/idempotency_key")],
        ),
        (
            "idempotency_key empty",
            with(json!({"idempotency_key": ""})),
            &[("invalidIdempotencyKey", "/idempotency_key")],
        ),
        (
            "idempotency_key with a space",
            with(json!({"idempotency_key": "my key"})),
            &[("invalidIdempotencyKey", "/idempotency_key")],
        ),
        (
            "idempotency_key not ASCII",
            with(json!({"idempotency_key": "clé"})),
            &[("invalidIdempotencyKey", "/idempotency_key")],
        ),
        (
            "idempotency_key number",
            with(json!({"idempotency_key": 7})),
            &[("invalidType", "/idempotency_key")],
        ),
        // requirements
        (
            "requirements of every scalar",
            with(json!({"requirements": {"gpu_count": 2, "gpu": "RTX 4090", "cuda": true}})),
            &[],
        ),
        (
            "requirements empty",
            with(json!({"requirements": {}})),
            &[("requirementsEmpty", "/requirements")],
        ),
        (
            "requirements null on create",
            null_at(base(), "requirements"),
            &[("invalidType", "/requirements")],
        ),
        (
            "requirements array",
            with(json!({"requirements": ["gpu"]})),
            &[("invalidType", "/requirements")],
        ),
        (
            "requirement values that are not scalars",
            with(json!({"requirements": {"a": null, "b": [1], "c": {"d": 1}}})),
            &[
                ("invalidRequirementValue", "/requirements/a"),
                ("invalidRequirementValue", "/requirements/b"),
                ("invalidRequirementValue", "/requirements/c"),
            ],
        ),
        (
            "requirement key empty",
            with(json!({"requirements": {"": 1}})),
            &[("invalidRequirementKey", "/requirements/")],
        ),
        (
            "requirement key of 256 characters",
            with(json!({"requirements": {"k".repeat(256): 1}})),
            &[],
        ),
        (
            "requirement key of 257 characters",
            with(json!({"requirements": {"k".repeat(257): 1}})),
            &[("invalidRequirementKey", "/requirements/kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk")],
        ),
        (
            "requirement key with a line break",
            with(json!({"requirements": {"a\nb": 1}})),
            &[("invalidRequirementKey", "/requirements/a\nb")],
        ),
        // ssh_public_keys
        (
            "ssh_public_keys valid",
            with(json!({"ssh_public_keys": [ED25519, ECDSA256]})),
            &[],
        ),
        ("ssh_public_keys empty", with(json!({"ssh_public_keys": []})), &[]),
        (
            "ssh_public_keys a string",
            with(json!({"ssh_public_keys": ED25519})),
            &[("invalidType", "/ssh_public_keys")],
        ),
        (
            "ssh_public_keys a number inside",
            with(json!({"ssh_public_keys": [ED25519, 5]})),
            &[("invalidType", "/ssh_public_keys/1")],
        ),
        (
            "ssh_public_keys one bad key of three",
            with(json!({"ssh_public_keys": [ED25519, "ssh-dss AAAAB3NzaC1kc3MAAAABAA==", ECDSA256]})),
            &[("unsupportedSshKeyType", "/ssh_public_keys/1")],
        ),
        (
            "ssh_public_keys two lines in one entry",
            with(json!({"ssh_public_keys": [format!("{ED25519}\n{ECDSA256}")]})),
            &[("sshKeyMultiline", "/ssh_public_keys/0")],
        ),
        (
            "ssh_public_keys a line of 8,193 characters",
            with(json!({"ssh_public_keys": [format!("{ED25519}{}", "x".repeat(8193 - ED25519.len()))]})),
            &[("sshKeyTooLong", "/ssh_public_keys/0")],
        ),
        (
            "ssh_public_keys URL-safe base64",
            with(json!({"ssh_public_keys": [ECDSA256.replace('/', "_")]})),
            &[("invalidSshKeyBase64", "/ssh_public_keys/0")],
        ),
        (
            "ssh_public_keys over 64 KiB in 10 keys",
            with(json!({"ssh_public_keys": ed25519_keys(10).iter().map(|k| format!("{k}{}", "c".repeat(6600))).collect::<Vec<_>>()})),
            &[("sshKeysTooLarge", "/ssh_public_keys")],
        ),
        (
            "ssh_public_keys the same key twice, other comment",
            with(json!({"ssh_public_keys": [ED25519, ED25519.replace("test@ed25519", "other")]})),
            &[("duplicateSshKey", "/ssh_public_keys/1")],
        ),
        (
            "ssh_public_keys 11 keys",
            with(json!({"ssh_public_keys": ed25519_keys(11)})),
            &[("tooManySshKeys", "/ssh_public_keys")],
        ),
        (
            "ssh_public_keys replace the job definition's ssh block",
            with(json!({"ssh_public_keys": [ED25519],
                "job_definition": {"version": "0.1", "type": "container", "ssh": {"public_keys": [ECDSA256]}, "ops": [
                    {"id": "web", "type": "container/run", "args": {"image": "nginx"}}
                ]}})),
            &[("sshBlockReplaced", "/job_definition/ssh")],
        ),
        (
            "a bad key in the job definition's ssh block",
            with(json!({"job_definition": {"version": "0.1", "type": "container", "ssh": {"public_keys": ["ssh-ed25519"]}, "ops": [
                    {"id": "web", "type": "container/run", "args": {"image": "nginx"}}
                ]}})),
            &[("sshKeyFieldCount", "/job_definition/ssh/public_keys/0")],
        ),
        // several at once, in a stable order
        (
            "many",
            json!({"name": "", "market": "x", "replicas": 0, "timeout": 0, "strategy": "INFINITE", "rotation_time": 0}),
            &[
                ("nameEmpty", "/name"),
                ("invalidMarket", "/market"),
                ("replicasOutOfRange", "/replicas"),
                ("timeoutTooShort", "/timeout"),
                ("rotationTimeNotPositive", "/rotation_time"),
                ("confidentialUnset", "/confidential"),
                ("missingField", "/job_definition"),
            ],
        ),
        // not an object
        ("array body", json!([]), &[("bodyNotObject", "")]),
        ("null body", Value::Null, &[("bodyNotObject", "")]),
        ("string body", json!("{}"), &[("bodyNotObject", "")]),
    ]
}

type UpdateCase = (Action, Value, &'static [(&'static str, &'static str)]);

fn update_cases() -> Vec<UpdateCase> {
    use Action::*;
    vec![
        (Rename, json!({"name": "new"}), &[]),
        (Rename, json!({"name": ""}), &[("nameEmpty", "/name")]),
        (Rename, json!({}), &[("missingField", "/name")]),
        (Rename, json!({"name": 1}), &[("invalidType", "/name")]),
        (
            Rename,
            json!({"name": "a", "nmae": "b"}),
            &[("unknownField", "/nmae")],
        ),
        (Rename, json!("new"), &[("bodyNotObject", "")]),
        (UpdateReplicaCount, json!({"replicas": 0}), &[]),
        (UpdateReplicaCount, json!({"replicas": 3}), &[]),
        (
            UpdateReplicaCount,
            json!({"replicas": -1}),
            &[("replicasOutOfRange", "/replicas")],
        ),
        (
            UpdateReplicaCount,
            json!({"replicas": 1.5}),
            &[("replicasNotInteger", "/replicas")],
        ),
        (
            UpdateReplicaCount,
            json!({"replicas": "2"}),
            &[("invalidType", "/replicas")],
        ),
        (
            UpdateReplicaCount,
            json!({}),
            &[("missingField", "/replicas")],
        ),
        (UpdateTimeout, json!({"timeout": 60}), &[]),
        (UpdateTimeout, json!({"timeout": 90.5}), &[]),
        (
            UpdateTimeout,
            json!({"timeout": 59}),
            &[("timeoutTooShort", "/timeout")],
        ),
        (
            UpdateTimeout,
            json!({"timeout": 1}),
            &[("timeoutTooShort", "/timeout")],
        ),
        (
            UpdateTimeout,
            json!({"timeout": 60.001}),
            &[("timeoutFractionalSeconds", "/timeout")],
        ),
        (
            UpdateTimeout,
            json!({"timeout": 1e300}),
            &[("timeoutTooLarge", "/timeout")],
        ),
        (UpdateSchedule, json!({"schedule": "*/15 * * * *"}), &[]),
        (
            UpdateSchedule,
            json!({"schedule": "0 0 31 2 *"}),
            &[("cronNeverFires", "/schedule")],
        ),
        (
            UpdateSchedule,
            json!({"schedule": "0 24 * * *"}),
            &[("invalidCron", "/schedule")],
        ),
        (
            UpdateSchedule,
            json!({"schedule": "0 0 * * * *"}),
            &[("cronFieldCount", "/schedule")],
        ),
        (UpdateSchedule, json!({}), &[("missingField", "/schedule")]),
        (UpdateActiveRevision, json!({"active_revision": 2}), &[]),
        (
            UpdateActiveRevision,
            json!({"active_revision": 0}),
            &[("invalidActiveRevision", "/active_revision")],
        ),
        (
            UpdateActiveRevision,
            json!({"active_revision": 1.5}),
            &[("invalidActiveRevision", "/active_revision")],
        ),
        (
            UpdateActiveRevision,
            json!({"active_revision": "2"}),
            &[("invalidType", "/active_revision")],
        ),
        (
            UpdateActiveRevision,
            json!({}),
            &[("missingField", "/active_revision")],
        ),
        (Start, Value::Null, &[]),
        (Start, json!({}), &[]),
        (Stop, json!({"force": true}), &[("unexpectedBody", "")]),
        (Archive, json!("x"), &[("unexpectedBody", "")]),
        (Delete, Value::Null, &[]),
        (ListTasks, json!({}), &[]),
        (ListSshKeys, Value::Null, &[]),
        (ListSshKeys, json!({"x": 1}), &[("unexpectedBody", "")]),
        // duplicate: every field optional, the body too
        (Duplicate, Value::Null, &[]),
        (Duplicate, json!({}), &[]),
        (
            Duplicate,
            json!({"name": "copy", "market": MARKET, "autostart": true}),
            &[],
        ),
        (Duplicate, json!({"name": ""}), &[("nameEmpty", "/name")]),
        (Duplicate, json!({"name": 42}), &[("invalidType", "/name")]),
        (
            Duplicate,
            json!({"autostart": "yes"}),
            &[("invalidType", "/autostart")],
        ),
        (
            Duplicate,
            json!({"market": "not-a-key"}),
            &[("invalidMarket", "/market")],
        ),
        (
            Duplicate,
            json!({"nmae": "copy"}),
            &[("unknownField", "/nmae")],
        ),
        (Duplicate, json!("copy"), &[("bodyNotObject", "")]),
        // update-market
        (UpdateMarket, json!({"market": MARKET}), &[]),
        (UpdateMarket, json!({"market": format!(" {KEY43}\n")}), &[]),
        (UpdateMarket, json!({}), &[("missingField", "/market")]),
        (
            UpdateMarket,
            json!({"market": "not-a-key"}),
            &[("invalidMarket", "/market")],
        ),
        (
            UpdateMarket,
            json!({"market": SYSTEM_PROGRAM}),
            &[("invalidMarket", "/market")],
        ),
        (
            UpdateMarket,
            json!({"market": 1}),
            &[("invalidType", "/market")],
        ),
        // update-requirements: both fields required, null clears
        (
            UpdateRequirements,
            json!({"market": MARKET, "requirements": {"gpu": "A100", "vram": 40}}),
            &[],
        ),
        (
            UpdateRequirements,
            json!({"market": MARKET, "requirements": null}),
            &[],
        ),
        (
            UpdateRequirements,
            json!({"requirements": {"gpu": "A100"}}),
            &[("missingField", "/market")],
        ),
        (
            UpdateRequirements,
            json!({"market": MARKET}),
            &[("missingField", "/requirements")],
        ),
        (
            UpdateRequirements,
            json!({"market": MARKET, "requirements": {}}),
            &[("requirementsEmpty", "/requirements")],
        ),
        (
            UpdateRequirements,
            json!({"market": MARKET, "requirements": {"gpu": null}}),
            &[("invalidRequirementValue", "/requirements/gpu")],
        ),
        (
            UpdateRequirements,
            json!({"market": "x", "requirements": "gpu"}),
            &[
                ("invalidType", "/requirements"),
                ("invalidMarket", "/market"),
            ],
        ),
        // update-startup-timeout
        (UpdateStartupTimeout, json!({"startup_timeout": 5}), &[]),
        (
            UpdateStartupTimeout,
            json!({"startup_timeout": 0}),
            &[("startupTimeoutTooShort", "/startup_timeout")],
        ),
        (
            UpdateStartupTimeout,
            json!({"startup_timeout": null}),
            &[("invalidType", "/startup_timeout")],
        ),
        (
            UpdateStartupTimeout,
            json!({}),
            &[("missingField", "/startup_timeout")],
        ),
        (
            UpdateStartupTimeout,
            json!({"startupTimeout": 5}),
            &[
                ("unknownField", "/startupTimeout"),
                ("missingField", "/startup_timeout"),
            ],
        ),
        // add/revoke ssh keys
        (AddSshKeys, json!({"public_keys": [ED25519]}), &[]),
        (AddSshKeys, json!({}), &[("missingField", "/public_keys")]),
        (
            AddSshKeys,
            json!({"public_keys": [ED25519, ""]}),
            &[("sshKeyEmpty", "/public_keys/1")],
        ),
        (
            AddSshKeys,
            json!({"public_keys": ed25519_keys(11)}),
            &[("tooManySshKeys", "/public_keys")],
        ),
        (
            AddSshKeys,
            json!({"public_keys": {"0": ED25519}}),
            &[("invalidType", "/public_keys")],
        ),
        (RevokeSshKeys, json!({"public_keys": ed25519_keys(11)}), &[]),
        (
            RevokeSshKeys,
            json!({"public_keys": ["ssh-ed25519 AAAA"]}),
            &[("sshKeyTypeMismatch", "/public_keys/0")],
        ),
        (
            RevokeSshKeys,
            json!({"keys": [ED25519]}),
            &[("unknownField", "/keys"), ("missingField", "/public_keys")],
        ),
    ]
}

#[test]
fn create_bodies() {
    for (name, body, expected) in create_cases() {
        let issues = validate_create(&body, all());
        assert_eq!(summary(&issues), pairs(expected), "{name}: {issues:#?}");
    }
}

#[test]
fn update_bodies() {
    for (action, body, expected) in update_cases() {
        let issues = validate_update(action, &body, all());
        assert_eq!(
            summary(&issues),
            pairs(expected),
            "{action} {body}: {issues:#?}"
        );
    }
}

#[test]
fn warnings_can_be_switched_off() {
    let quiet = ValidateOptions { warnings: false };
    for (name, body, expected) in create_cases() {
        let issues = validate_create(&body, quiet);
        assert!(issues.iter().all(Issue::is_error), "{name}");
        let errors: Vec<_> = expected
            .iter()
            .filter(|(code, _)| {
                nosana_deployments::all_rules()
                    .find(|r| r.code == *code)
                    .unwrap()
                    .severity
                    == Severity::Error
            })
            .copied()
            .collect();
        assert_eq!(summary(&issues), pairs(&errors), "{name}");
    }
    assert!(validate_update(Action::Stop, &json!({"a": 1}), quiet).is_empty());
}

#[test]
fn severities_messages_and_hints() {
    let issue = |body: Value| validate_create(&body, all()).remove(0);

    let i = issue(with(json!({"confidential": null})));
    assert_eq!(i.severity, Severity::Warning);
    assert_eq!(
        i.hint.as_deref(),
        Some("send confidential: true or false explicitly")
    );

    let i = issue(with(json!({"market": "z".repeat(44)})));
    assert!(i.message.contains("decodes to 33 bytes"), "{}", i.message);

    let i = issue(with(json!({"market": SYSTEM_PROGRAM})));
    assert_eq!(
        i.message,
        "market is 32 characters long; a public key is 43–44 base58 characters"
    );

    let i = issue(with(json!({"market": "0".repeat(43)})));
    assert!(i.message.contains("'0'"), "{}", i.message);

    let i = issue(with(json!({"strategy": "simple-extend"})));
    assert_eq!(i.hint.as_deref(), Some("Did you mean SIMPLE-EXTEND?"));

    let i = issue(with(json!({"replicas": "3"})));
    assert_eq!(i.message, "replicas must be a number, not a string");
    assert_eq!(i.hint.as_deref(), Some("send the number without quotes: 3"));

    let i = issue(with(json!({"replicas": 1.5})));
    assert_eq!(i.hint.as_deref(), Some("use 2"));

    let i = issue(with(json!({"strategy": "INFINITE", "timeout": 30})));
    assert_eq!(
        i.message,
        "timeout is in minutes and must be at least 60 for INFINITE, not 30"
    );

    let i = issue(with(
        json!({"strategy": "INFINITE", "timeout": 60, "rotation_time": 55}),
    ));
    assert_eq!(
        i.message,
        "rotation_time must be less than timeout − 10 = 50 minutes, not 55"
    );

    let i = issue(with(json!({"strategy": "INFINITE", "rotationTime": 10})));
    assert_eq!(i.severity, Severity::Warning);
    assert_eq!(i.hint.as_deref(), Some("Did you mean \"rotation_time\"?"));

    let i = issue(with(json!({"jobDefinition": {}, "job_definition": null})));
    assert_eq!(i.hint.as_deref(), Some("Did you mean \"job_definition\"?"));

    let i = issue(with(
        json!({"strategy": "SCHEDULED", "schedule": "61 * * * *"}),
    ));
    assert_eq!(i.message, "minute 61 is out of range 0–59");
    assert_eq!(i.path.len(), 1);

    let i = issue(with(json!({"schedule": "0 2 * * *"})));
    assert_eq!(i.severity, Severity::Warning);

    let i = issue(with(json!({"vault": KEY43, "new_vault": false})));
    assert!(i.message.contains("even with new_vault: false"));

    let i = validate_update(Action::UpdateTimeout, &json!({"timeout": 30}), all()).remove(0);
    assert_eq!(
        i.message,
        "timeout is in minutes and must be at least 60 on update (for every strategy), not 30"
    );
}

#[test]
fn create_revision_body_is_the_job_definition() {
    // The body is validated as a job definition, with paths from its own root (not nested).
    let issues = validate_update(Action::CreateRevision, &json!({"version": "0.1"}), all());
    let pointers: Vec<_> = issues
        .iter()
        .map(|i| (i.code, i.pointer.as_str()))
        .collect();
    // A missing member is reported at its own path (its range is the object's brace).
    assert!(
        pointers.contains(&("missingField", "/type")),
        "{pointers:?}"
    );
    assert!(issues
        .iter()
        .all(|i| !i.pointer.starts_with("/job_definition")));
}

#[test]
fn base58_and_public_keys() {
    assert_eq!(base58_decode(SYSTEM_PROGRAM).unwrap(), vec![0u8; 32]);
    assert_eq!(base58_decode("").unwrap(), Vec::<u8>::new());
    assert_eq!(base58_decode("2g").unwrap(), vec![0x61]);
    assert_eq!(base58_decode("1112").unwrap(), vec![0, 0, 0, 1]);
    assert_eq!(base58_decode("0"), None);
    assert_eq!(base58_decode(KEY43).unwrap().len(), 32);
    assert_eq!(public_key_problem(SYSTEM_PROGRAM, 32), None);
    assert_eq!(public_key_problem(KEY43, 43), None);
    assert!(public_key_problem(SYSTEM_PROGRAM, 43)
        .unwrap()
        .contains("32 characters"));
    assert!(public_key_problem(&"z".repeat(44), 32)
        .unwrap()
        .contains("33 bytes"));
    assert!(public_key_problem(&"1".repeat(33), 32)
        .unwrap()
        .contains("33 bytes"));
    assert!(public_key_problem("ééééééééééééééééééééééééééééééééé", 32)
        .unwrap()
        .contains("contains 'é', which is not a base58"));
    // The first character outside the alphabet is named, wherever it stands.
    let zero_inside = format!("{}0{}", &"z".repeat(20), &"O".repeat(20));
    assert_eq!(
        public_key_problem(&zero_inside, 32).unwrap(),
        "contains '0', which is not a base58 character (0, O, I and l are excluded)"
    );
    let accent_inside = format!("{}é{}", &"z".repeat(20), &"0".repeat(20));
    assert!(public_key_problem(&accent_inside, 32)
        .unwrap()
        .starts_with("contains 'é'"));
}

#[test]
fn rules_are_unique_camel_case_and_all_exercised() {
    let codes: BTreeSet<&str> = RULES.iter().map(|r| r.code).collect();
    assert_eq!(codes.len(), RULES.len(), "duplicate codes");
    for code in &codes {
        assert!(code.chars().next().unwrap().is_ascii_lowercase(), "{code}");
        assert!(code.chars().all(|c| c.is_ascii_alphanumeric()), "{code}");
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (_, body, _) in create_cases() {
        seen.extend(
            validate_create(&body, all())
                .into_iter()
                .map(|i| i.code.to_owned()),
        );
    }
    for (action, body, _) in update_cases() {
        seen.extend(
            validate_update(action, &body, all())
                .into_iter()
                .map(|i| i.code.to_owned()),
        );
    }
    let missing: Vec<_> = codes.iter().filter(|c| !seen.contains(**c)).collect();
    assert!(missing.is_empty(), "rules never exercised: {missing:?}");
    // Every emitted code is a listed rule with the listed severity.
    for (_, body, _) in create_cases() {
        for issue in validate_create(&body, all()) {
            let rule = nosana_deployments::all_rules()
                .find(|r| r.code == issue.code)
                .unwrap();
            assert_eq!(rule.severity, issue.severity);
        }
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        any::<i64>().prop_map(|i| json!(i)),
        "[ -~]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("SIMPLE"),
            Just("SCHEDULED"),
            Just("INFINITE"),
            Just("0 0 * * *"),
            Just(MARKET),
            Just(KEY43),
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("name".to_string()),
                    Just("market".to_string()),
                    Just("replicas".to_string()),
                    Just("timeout".to_string()),
                    Just("strategy".to_string()),
                    Just("schedule".to_string()),
                    Just("rotation_time".to_string()),
                    Just("vault".to_string()),
                    Just("new_vault".to_string()),
                    Just("confidential".to_string()),
                    Just("active_revision".to_string()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn validators_never_panic(body in arb_json()) {
        let issues = validate_create(&body, all());
        for issue in &issues {
            prop_assert!(nosana_deployments::all_rules().any(|r| r.code == issue.code) || issue.pointer.starts_with("/job_definition"));
        }
        for action in Action::ALL {
            let _ = validate_update(action, &body, all());
        }
    }
}

#[test]
fn long_unknown_keys_get_no_suggestion_and_stay_cheap() {
    // The "did you mean" edit distance used to cost time per character of the key (robustness R1).
    let key = "k".repeat(1_000_000);
    let mut body = serde_json::Map::new();
    body.insert(key, json!(1));
    // What keeps it cheap is asserted (no suggestion, so no edit distance); its speed is the
    // bench's to measure, not a timed unit test's.
    let issues = validate_create(&Value::Object(body), all());
    let unknown = issues
        .iter()
        .find(|i| i.code == "unknownField")
        .expect("unknownField");
    assert!(unknown.hint.is_none());
    // Short typos still get their suggestion.
    let typo = validate_create(&json!({"rotationTime": 5}), all());
    assert!(
        typo.iter()
            .any(|i| i.hint.as_deref() == Some("Did you mean \"rotation_time\"?")),
        "{typo:?}"
    );
}
