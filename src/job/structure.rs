//! Structural rules: the shape `@nosana/types@2.1.6` checks (typia `validateEquals`), reported
//! precisely and without short-circuiting, plus the newer-spec allowances listed in
//! `docs/differences.md` (`ssh`, `execution.timeout`, flat `execution`).

use std::collections::HashSet;

use crate::json::{Kind, Object, Value};

use crate::deployment::ssh;

use super::ctx::Ctx;
use super::literal_only::spread_marker;
use super::rules::*;

const TOP_KEYS: &[&str] = &[
    "version",
    "type",
    "ops",
    "meta",
    "global",
    "logistics",
    "deployment_id",
    "ssh",
];
const OP_KEYS: &[&str] = &["id", "type", "args", "results", "execution"];
pub(crate) const RUN_KEYS: &[&str] = &[
    "image",
    "aliases",
    "cmd",
    "volumes",
    "expose",
    "gpu",
    "work_dir",
    "entrypoint",
    "env",
    "restart_policy",
    "private",
    "resources",
    "authentication",
];
const VOLUME_KEYS: &[&str] = &["name"];
const GLOBAL_KEYS: &[&str] = &["image", "gpu", "entrypoint", "env", "work_dir", "variables"];
const EXECUTION_KEYS: &[&str] = &["group", "depends_on", "stop_if_dependent_stops", "timeout"];
const REMOVE_IF_EMPTY: &str = "__remove-if-empty__";

pub(crate) const RUN: &str = "container/run";
pub(crate) const CREATE_VOLUME: &str = "container/create-volume";

/// Which args branch the op's args are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgsKind {
    Run,
    CreateVolume,
}

pub(crate) fn op_kind(op_type: Option<&str>) -> Option<ArgsKind> {
    match op_type {
        Some(RUN) => Some(ArgsKind::Run),
        Some(CREATE_VOLUME) => Some(ArgsKind::CreateVolume),
        _ => None,
    }
}

/// The branch whose shape the args have, when that is unambiguous: the branch's required key is
/// present, the other's is absent, and every key belongs to the branch.
pub(crate) fn args_shape(args: Object<'_>) -> Option<ArgsKind> {
    if args.len() == 1 && args.contains_key("name") {
        return Some(ArgsKind::CreateVolume);
    }
    let mut image = false;
    for key in args.keys() {
        match key {
            "image" => image = true,
            k if is_run_key(k) => {}
            _ => return None,
        }
    }
    image.then_some(ArgsKind::Run)
}

/// `RUN_KEYS.contains(k)`, as a `match` (a jump on length, then one comparison).
fn is_run_key(k: &str) -> bool {
    matches!(
        k,
        "image"
            | "aliases"
            | "cmd"
            | "volumes"
            | "expose"
            | "gpu"
            | "work_dir"
            | "entrypoint"
            | "env"
            | "restart_policy"
            | "private"
            | "resources"
            | "authentication"
    )
}

#[inline(never)] // small wasm functions: see `job::validate`
pub(crate) fn check<'a>(c: &mut Ctx<'a>, root: Value<'a>) {
    let Some(top) = c.object(root) else { return };
    let what = "the job definition";
    // One pass over the members (unknown keys reported in it, in key order, as `unknown_keys`
    // does); the fields are then checked in their fixed order.
    let mut found: [Option<Value<'a>>; 8] = [None; 8];
    for (key, value) in top.iter() {
        let slot = match key {
            "version" => 0,
            "type" => 1,
            "ops" => 2,
            "meta" => 3,
            "global" => 4,
            "logistics" => 5,
            "deployment_id" => 6,
            "ssh" => 7,
            _ => {
                c.unknown_key(top, key, TOP_KEYS, what);
                continue;
            }
        };
        if let Some(s) = found.get_mut(slot) {
            *s = Some(value);
        }
    }
    let [version, job_type, ops_value, meta_value, global_value, logistics_value, deployment_id, ssh] =
        found;
    c.found("version", version, Some(what), |c, v| {
        if let Some(s) = c.string(v) {
            if s != "0.1" {
                c.report_hint(
                    &INVALID_VERSION,
                    format!("\"version\" must be \"0.1\", not \"{s}\""),
                    "0.1 is the only job definition version Nosana accepts.",
                );
            }
        }
    });
    c.found("type", job_type, Some(what), |c, v| {
        if let Some(s) = c.string(v) {
            if s != "container" {
                c.report(
                    &INVALID_JOB_TYPE,
                    format!("\"type\" must be \"container\", not \"{s}\""),
                );
            }
        }
    });
    c.found("ops", ops_value, Some(what), ops);
    c.found("meta", meta_value, None, meta);
    c.found("global", global_value, None, global);
    c.found("logistics", logistics_value, None, logistics);
    c.found("deployment_id", deployment_id, None, |c, v| {
        c.string(v);
    });
    c.found("ssh", ssh, None, |c, v| {
        let Some(m) = c.object(v) else { return };
        c.unknown_keys(m, &["public_keys"], "\"ssh\"");
        // The service checks these keys as every key set (`deployment::ssh`), then moves them off
        // the revision onto the deployment.
        c.field(m, "public_keys", None, |c, keys| {
            c.report_into(|out, at| {
                ssh::collect_key_list(keys, "ssh.public_keys", ssh::KeyList::Set, at, out);
            });
        });
    });
}

fn string_array<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    if let Some(items) = c.array(v) {
        for (i, item) in items.iter().enumerate() {
            c.index(i, |c| {
                c.string(item);
            });
        }
    }
}

fn string_record<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    if let Some(m) = c.object(v) {
        for (k, item) in m.iter() {
            c.key(k, |c| {
                c.string(item);
            });
        }
    }
}

/// `string | Array<string | "__remove-if-empty__">`
fn cmd_like<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    match v.kind() {
        Kind::String(_) => {}
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                c.index(i, |c| {
                    c.string(item);
                });
            }
        }
        _ => c.type_error(v, "a string or an array of strings"),
    }
}

fn enum_value(c: &mut Ctx<'_>, v: Value<'_>, allowed: &[&str]) -> Option<usize> {
    let s = c.string(v)?;
    let found = allowed.iter().position(|a| *a == s);
    if found.is_none() {
        let list = allowed
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ");
        c.report(
            &INVALID_ENUM_VALUE,
            format!("{} must be one of {list}, not \"{s}\"", c.label()),
        );
    }
    found
}

#[inline(never)] // small wasm functions: see `job::validate`
fn meta<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(m) = c.object(v) else { return };
    for (k, item) in m.iter() {
        c.key(k, |c| match k {
            "trigger" => {
                c.string(item);
            }
            "system_resources" => {
                if let Some(r) = c.object(item) {
                    for (rk, rv) in r.iter() {
                        c.key(rk, |c| string_or_number(c, rv));
                    }
                }
            }
            _ => meta_extra(c, item),
        });
    }
}

fn string_or_number(c: &mut Ctx<'_>, v: Value<'_>) {
    if !(v.is_string() || v.is_number()) {
        c.type_error(v, "a string or a number");
    }
}

/// `string | number | Array<string|number> | Record<string, string|number|Array<string|number>>`
fn meta_extra<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    match v.kind() {
        Kind::String(_) | Kind::Number(_) => {}
        Kind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                c.index(i, |c| string_or_number(c, item));
            }
        }
        Kind::Object(m) => {
            for (k, item) in m.iter() {
                c.key(k, |c| match item.kind() {
                    Kind::Array(items) => {
                        for (i, el) in items.iter().enumerate() {
                            c.index(i, |c| string_or_number(c, el));
                        }
                    }
                    _ => {
                        if !(item.is_string() || item.is_number()) {
                            c.type_error(item, "a string, a number or an array of them");
                        }
                    }
                });
            }
        }
        _ => c.type_error(
            v,
            "a string, a number, an array of them, or an object of them",
        ),
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn global<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(m) = c.object(v) else { return };
    c.unknown_keys(m, GLOBAL_KEYS, "\"global\"");
    c.field(m, "image", None, |c, v| {
        c.string(v);
    });
    c.field(m, "gpu", None, |c, v| c.boolean(v));
    c.field(m, "entrypoint", None, cmd_like);
    c.field(m, "env", None, string_record);
    c.field(m, "work_dir", None, |c, v| {
        c.string(v);
    });
    c.field(m, "variables", None, string_record);
}

#[inline(never)] // small wasm functions: see `job::validate`
fn logistics<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(m) = c.object(v) else { return };
    c.unknown_keys(m, &["send", "receive"], "\"logistics\"");
    for key in ["send", "receive"] {
        c.field(
            m,
            key,
            Some("\"logistics\" (@nosana/types requires both send and receive)"),
            |c, v| {
                let Some(l) = c.object(v) else { return };
                let what = format!("\"logistics.{key}\"");
                c.unknown_keys(l, &["type", "args"], &what);
                c.field(l, "type", Some(&what), |c, v| {
                    enum_value(c, v, &["api", "api-listen"]);
                });
                c.field(l, "args", Some(&what), |c, v| {
                    let Some(a) = c.object(v) else { return };
                    c.unknown_keys(a, &["endpoint"], "logistics \"args\"");
                    c.field(a, "endpoint", None, |c, v| {
                        c.string(v);
                    });
                });
            },
        );
    }
}

/// More operations than this is `tooManyOps` (each op is still checked). Real job definitions have
/// a handful; the corpus' largest has six.
pub const MAX_OPS: usize = 1000;

#[inline(never)] // small wasm functions: see `job::validate`
fn ops<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(items) = c.array(v) else { return };
    if items.len() > MAX_OPS {
        // At the key: the whole array (megabytes) underlined would hide every issue inside it.
        c.report_key(
            &TOO_MANY_OPS,
            format!(
                "\"ops\" has {} operations; the limit is {MAX_OPS}",
                items.len()
            ),
            Some("Split the work over several deployments.".to_owned()),
        );
    }
    let mut seen = SeenIds::new(items.len());
    for (i, op_value) in items.iter().enumerate() {
        c.index(i, |c| {
            let id = operation(c, op_value);
            if let Some(id) = id {
                if !seen.insert(id) {
                    c.key("id", |c| {
                        c.report_hint(
                            &DUPLICATE_OP_ID,
                            format!("Operation id \"{id}\" is already used by an earlier operation"),
                            "Operation ids must be unique: the node refuses the job (Duplicate operation IDs found).",
                        );
                    });
                }
            }
        });
    }
}

/// Op ids seen so far: a list for the usual handful of ops (no hashing), a hash set for many.
enum SeenIds<'a> {
    Few(Vec<&'a str>),
    Many(HashSet<&'a str>),
}

impl<'a> SeenIds<'a> {
    fn new(ops: usize) -> Self {
        if ops <= 16 {
            Self::Few(Vec::with_capacity(ops))
        } else {
            Self::Many(HashSet::with_capacity(ops))
        }
    }

    /// `false` when `id` was seen before.
    fn insert(&mut self, id: &'a str) -> bool {
        match self {
            Self::Few(ids) if ids.contains(&id) => false,
            Self::Few(ids) => {
                ids.push(id);
                true
            }
            Self::Many(ids) => ids.insert(id),
        }
    }
}

/// Checks one operation; returns its id when it is a string. One pass over the members (a
/// `match` per key) instead of a map lookup per known field.
#[inline(never)] // small wasm functions: see `job::validate`
fn operation<'a>(c: &mut Ctx<'a>, v: Value<'a>) -> Option<&'a str> {
    let m = c.object(v)?;
    let what = "an operation";
    let mut id = None;
    let mut op_type = None;
    if let Some(t) = m.get("type") {
        c.key("type", |c| {
            if let Some(found) = enum_value(c, t, &[RUN, CREATE_VOLUME]) {
                op_type = [ArgsKind::Run, ArgsKind::CreateVolume].get(found).copied();
            }
        });
    } else {
        c.missing("type", what);
    }
    let (mut has_id, mut has_args) = (false, false);
    for (key, value) in m.iter() {
        match key {
            "id" => {
                has_id = true;
                c.key("id", |c| {
                    if let Some(s) = c.string(value) {
                        id = Some(s);
                        if s.contains(' ') {
                            c.report_hint(
                                &INVALID_OP_ID,
                                format!("Operation id \"{s}\" contains a space"),
                                "Use letters, digits, - or _ (e.g. \"my-op\").",
                            );
                        }
                    }
                });
            }
            "type" => {}
            "args" => {
                has_args = true;
                c.key("args", |c| {
                    let Some(args) = c.object(value) else { return };
                    // The union branch: the op type's, unless the args clearly have the other
                    // shape (that mismatch is a semantic issue, `argsDoNotMatchOpType`).
                    let kind = args_shape(args).or(op_type).unwrap_or(ArgsKind::Run);
                    match kind {
                        ArgsKind::Run => run_args(c, args),
                        ArgsKind::CreateVolume => {
                            let what = "container/create-volume args";
                            c.unknown_keys(args, VOLUME_KEYS, what);
                            c.field(args, "name", Some(what), |c, v| {
                                c.string(v);
                            });
                        }
                    }
                });
            }
            "results" => c.key("results", |c| results(c, value)),
            "execution" => c.key("execution", |c| execution(c, value)),
            _ => c.unknown_key(m, key, OP_KEYS, what),
        }
    }
    if !has_id {
        c.missing("id", what);
    }
    if !has_args {
        c.missing("args", what);
    }
    id
}

#[inline(never)] // small wasm functions: see `job::validate`
fn results<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(m) = c.object(v) else { return };
    for (k, item) in m.iter() {
        c.key(k, |c| match item.kind() {
            Kind::String(_) => {}
            Kind::Object(r) => {
                let what = "a result extractor";
                c.unknown_keys(r, &["regex", "logType"], what);
                c.field(r, "regex", Some(what), |c, v| {
                    c.string(v);
                });
                c.field(r, "logType", Some(what), |c, v| {
                    let Some(items) = c.array(v) else { return };
                    let mut seen: Vec<&str> = Vec::new();
                    let mut ok = true;
                    for (i, item) in items.iter().enumerate() {
                        c.index(i, |c| {
                            if let Some(found) =
                                enum_value(c, item, &["stdin", "stdout", "stderr", "nodeerr"])
                            {
                                let s = ["stdin", "stdout", "stderr", "nodeerr"]
                                    .get(found)
                                    .copied()
                                    .unwrap_or("");
                                if seen.contains(&s) {
                                    ok = false;
                                } else {
                                    seen.push(s);
                                }
                            }
                        });
                    }
                    if !ok || items.is_empty() || items.len() > 4 {
                        c.report(
                            &INVALID_LOG_TYPE,
                            "\"logType\" must list 1 to 4 distinct log streams",
                        );
                    }
                });
            }
            _ => c.type_error(item, "a regex string or {regex, logType}"),
        });
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn execution<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(m) = c.object(v) else { return };
    for (key, value) in m.iter() {
        match key {
            "group" => c.key("group", |c| {
                c.string(value);
            }),
            "depends_on" => c.key("depends_on", |c| string_array(c, value)),
            "stop_if_dependent_stops" => c.key("stop_if_dependent_stops", |c| c.boolean(value)),
            "timeout" => c.key("timeout", |c| {
                c.number(value);
            }),
            _ => c.unknown_key(m, key, EXECUTION_KEYS, "\"execution\""),
        }
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn run_args<'a>(c: &mut Ctx<'a>, args: Object<'a>) {
    let what = "container/run args";
    let mut has_image = false;
    for (key, value) in args.iter() {
        if !is_run_key(key) {
            c.unknown_key(args, key, RUN_KEYS, what);
            continue;
        }
        c.key(key, |c| match key {
            "image" => {
                has_image = true;
                c.string(value);
            }
            "aliases" => {
                if value.is_array() {
                    string_array(c, value);
                } else if !value.is_string() {
                    c.type_error(value, "a string or an array of strings");
                }
            }
            "cmd" | "entrypoint" => cmd_like(c, value),
            "volumes" => volumes(c, value),
            "expose" => super::expose::check(c, value),
            "gpu" | "private" => c.boolean(value),
            "work_dir" => {
                c.string(value);
            }
            "env" => string_record(c, value),
            "restart_policy" => restart_policy(c, value),
            "resources" => resources(c, value),
            "authentication" => authentication(c, value),
            _ => {} // reported above, at the key
        });
    }
    if !has_image {
        c.missing("image", what);
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn volumes<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(items) = c.array(v) else { return };
    for (i, item) in items.iter().enumerate() {
        c.index(i, |c| {
            let Some(vol) = c.object(item) else { return };
            let (mut name, mut dest) = (None, None);
            for (key, value) in vol.iter() {
                match key {
                    "name" => name = Some(value),
                    "dest" => dest = Some(value),
                    _ => c.unknown_key(vol, key, &["name", "dest"], "a volume"),
                }
            }
            for (key, value) in [("name", name), ("dest", dest)] {
                c.found(key, value, Some("a volume"), |c, v| {
                    c.string(v);
                });
            }
        });
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn restart_policy<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    match v.kind() {
        Kind::String(_) => {
            enum_value(c, v, &["no", "always", "unless-stopped", "on-failure"]);
        }
        Kind::Object(p) => {
            let what = "\"restart_policy\"";
            c.unknown_keys(p, &["policy", "restart_tries"], what);
            c.field(p, "policy", Some(what), |c, v| {
                enum_value(c, v, &["on-failure"]);
            });
            c.field(p, "restart_tries", None, |c, v| {
                c.number(v);
            });
        }
        _ => c.type_error(v, "a string or {policy, restart_tries}"),
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn authentication<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(a) = c.object(v) else { return };
    c.unknown_keys(a, &["docker"], "\"authentication\"");
    c.field(a, "docker", None, |c, v| {
        let Some(d) = c.object(v) else { return };
        let keys = ["username", "password", "email", "server"];
        c.unknown_keys(d, &keys, "docker authentication");
        for key in keys {
            c.field(d, key, None, |c, v| {
                c.string(v);
            });
        }
    });
}

#[inline(never)] // small wasm functions: see `job::validate`
fn resources<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(items) = c.array(v) else { return };
    for (i, item) in items.iter().enumerate() {
        c.index(i, |c| match item.kind() {
            Kind::String(s) => {
                if s != REMOVE_IF_EMPTY {
                    c.report(
                        &INVALID_TYPE,
                        format!(
                            "{} must be a resource object or \"{REMOVE_IF_EMPTY}\", not \"{s}\"",
                            c.label()
                        ),
                    );
                }
            }
            Kind::Object(m) if m.contains_key("__spread__") => spread_marker(c, m),
            Kind::Object(m) => resource(c, m),
            _ => c.type_error(item, "a resource object"),
        });
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn resource<'a>(c: &mut Ctx<'a>, m: Object<'a>) {
    let Some(type_value) = m.get("type") else {
        c.missing("type", "a resource (\"S3\", \"HF\" or \"Ollama\")");
        return;
    };
    let Some(kind) = c.key("type", |c| {
        enum_value(c, type_value, &["S3", "HF", "Ollama"])
    }) else {
        return;
    };
    let string = |c: &mut Ctx<'a>, v: Value<'a>| {
        c.string(v);
    };
    match kind {
        0 => {
            let has_bucket = m.contains_key("bucket");
            let has_buckets = m.contains_key("buckets");
            let (what, keys): (&str, &[&str]) = if has_buckets {
                (
                    "an S3 resource with \"buckets\"",
                    &["type", "target", "buckets", "url", "allowWrite", "IAM"],
                )
            } else if has_bucket {
                (
                    "an S3 resource with \"bucket\"",
                    &["type", "target", "bucket", "url", "allowWrite", "IAM"],
                )
            } else {
                (
                    "an S3 resource",
                    &["type", "target", "url", "allowWrite", "files", "IAM"],
                )
            };
            if has_bucket && has_buckets {
                c.key("bucket", |c| {
                    c.report_key(
                        &CONFLICTING_FIELDS,
                        "An S3 resource takes \"bucket\" or \"buckets\", not both",
                        None,
                    );
                });
            } else if has_bucket && m.contains_key("files") {
                c.key("files", |c| {
                    c.report_key(
                        &CONFLICTING_FIELDS,
                        "An S3 resource with \"bucket\" cannot list \"files\"",
                        Some(
                            "List the bucket in \"buckets\" instead, as {\"url\": …, \"files\": […]}."
                                .to_owned(),
                        ),
                    );
                });
            }
            for key in m.keys() {
                let conflict_reported = (key == "bucket" && has_buckets)
                    || (key == "files" && has_bucket && !has_buckets);
                if !keys.contains(&key) && !conflict_reported {
                    c.unknown_key(m, key, keys, what);
                }
            }
            c.field(m, "target", Some(what), string);
            c.field(m, "url", None, string);
            c.field(m, "allowWrite", None, |c, v| c.boolean(v));
            if !has_bucket && !has_buckets {
                c.field(m, "files", None, string_array);
            }
            if !has_buckets {
                c.field(m, "bucket", None, string);
            }
            c.field(m, "buckets", None, |c, v| {
                let Some(items) = c.array(v) else { return };
                for (i, item) in items.iter().enumerate() {
                    c.index(i, |c| {
                        let Some(b) = c.object(item) else { return };
                        c.unknown_keys(b, &["url", "files"], "an S3 bucket");
                        c.field(b, "url", Some("an S3 bucket"), string);
                        c.field(b, "files", None, string_array);
                    });
                }
            });
            c.field(m, "IAM", None, |c, v| {
                let Some(iam) = c.object(v) else { return };
                let keys = ["REGION", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY"];
                let what = "\"IAM\" (all three keys are required; REGION may be \"\")";
                c.unknown_keys(iam, &keys, "\"IAM\"");
                for key in keys {
                    c.field(iam, key, Some(what), string);
                }
            });
        }
        1 => {
            let what = "an HF resource";
            c.unknown_keys(
                m,
                &["type", "target", "repo", "revision", "files", "accessToken"],
                what,
            );
            c.field(m, "target", Some(what), string);
            c.field(m, "repo", Some(what), string);
            c.field(m, "revision", None, string);
            c.field(m, "files", None, string_array);
            c.field(m, "accessToken", None, string);
        }
        _ => {
            let what = "an Ollama resource";
            c.unknown_keys(m, &["type", "model", "target"], what);
            c.field(m, "model", Some(what), string);
            c.field(m, "target", None, string);
        }
    }
}
