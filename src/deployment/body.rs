//! Create and update request bodies: the server's schema (spec §4.1, §4.4), plus the checks the
//! server skips but the worker or the chain fail on later.

use crate::json::{Kind, Object, Value};

use super::fields;
use super::member::{boolean, fmt_num, missing, number, string};
use super::rules::*;
use super::schedule;
use super::ssh::KeyList;
use super::status::{Action, Strategy};
use crate::diagnostics::{Issue, Issues, PathSegment, ValidateOptions};
use crate::job::suggest::nearest;
use crate::path;
use crate::source::Collector;

/// `Number.MAX_SAFE_INTEGER`: larger values lose precision in JavaScript and on the way to the
/// chain's 64-bit integers.
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
/// Minimum timeout (minutes) for INFINITE on create and for every `updateTimeout`.
pub const MIN_LONG_TIMEOUT: f64 = 60.0;
/// `rotation_time` must be below `timeout − ROTATION_MARGIN` (minutes).
pub const ROTATION_MARGIN: f64 = 10.0;

const CREATE_KEYS: &[&str] = &[
    "name",
    "market",
    "replicas",
    "timeout",
    "strategy",
    "schedule",
    "rotation_time",
    "vault",
    "new_vault",
    "confidential",
    "autostart",
    "job_definition",
    "idempotency_key",
    "ssh_public_keys",
    "startup_timeout",
    "requirements",
];

/// Decodes base58 (Bitcoin alphabet, as Solana keys use it); `None` on a character outside it.
pub fn base58_decode(text: &str) -> Option<Vec<u8>> {
    bs58::decode(text).into_vec().ok()
}

/// Why `text` is not a Solana public key, or `None` when it is one (base58, 32 bytes).
/// `min_len` is 32 for markets (any 32-byte key) and 43 for the server's `PublicKey` schema.
pub fn public_key_problem(text: &str, min_len: usize) -> Option<String> {
    let len = text.chars().count();
    if len < min_len || len > 44 {
        return Some(format!(
            "is {len} characters long; a public key is {min_len}–44 base58 characters"
        ));
    }
    let bad_character = |bad: char| {
        format!("contains '{bad}', which is not a base58 character (0, O, I and l are excluded)")
    };
    match bs58::decode(text).into_vec() {
        Ok(bytes) if bytes.len() == 32 => None,
        Ok(bytes) => Some(format!(
            "decodes to {} bytes; a public key is 32 bytes",
            bytes.len()
        )),
        Err(bs58::decode::Error::InvalidCharacter { character, .. }) => {
            Some(bad_character(character))
        }
        // `index` is a byte offset: the character that starts there.
        Err(bs58::decode::Error::NonAsciiCharacter { index }) => {
            match text.get(index..).and_then(|rest| rest.chars().next()) {
                Some(bad) => Some(bad_character(bad)),
                None => Some("is not valid base58".to_owned()),
            }
        }
        Err(_) => Some("is not valid base58".to_owned()),
    }
}

fn unknown_keys(obj: Object<'_>, known: &[&str], out: &mut Collector<'_>) {
    for member in obj.members() {
        let key = member.key;
        if known.contains(&key) {
            continue;
        }
        // Built only when kept: a body of many unknown keys costs no message past the cap.
        out.offer(member.key_span.start, UNKNOWN_FIELD.severity, || {
            let mut issue = Issue::new(
                &UNKNOWN_FIELD,
                path![key],
                format!("\"{key}\" is not a deployment field; the server ignores it"),
            )
            .at_key();
            if let Some(s) = nearest(key, known) {
                issue = issue.with_hint(format!("Did you mean \"{s}\"?"));
            }
            issue
        });
    }
}

fn check_name(obj: Object<'_>, out: &mut Collector<'_>) {
    match string(obj, "name", out) {
        None if !obj.contains_key("name") => out.push(missing("name", "a non-empty string")),
        Some(name) if name.trim().is_empty() => out.push(Issue::new(
            &NAME_EMPTY,
            path!["name"],
            if name.is_empty() {
                "name must not be empty".to_owned()
            } else {
                "name must not be blank".to_owned()
            },
        )),
        _ => {}
    }
}

fn check_replicas(obj: Object<'_>, min: f64, out: &mut Collector<'_>) {
    let Some(replicas) = number(obj, "replicas", out) else {
        if !obj.contains_key("replicas") {
            out.push(missing("replicas", "a whole number of jobs"));
        }
        return;
    };
    if replicas.fract() != 0.0 {
        out.push(
            Issue::new(
                &REPLICAS_NOT_INTEGER,
                path!["replicas"],
                format!(
                    "replicas must be a whole number, not {}; the server accepts it but lists jobs by count",
                    fmt_num(replicas)
                ),
            )
            .with_hint(format!("use {}", fmt_num(replicas.round().max(min)))),
        );
    } else if replicas < min {
        out.push(Issue::new(
            &REPLICAS_OUT_OF_RANGE,
            path!["replicas"],
            format!(
                "replicas must be at least {}, not {}",
                fmt_num(min),
                fmt_num(replicas)
            ),
        ));
    } else if replicas > MAX_SAFE_INTEGER {
        out.push(Issue::new(
            &REPLICAS_OUT_OF_RANGE,
            path!["replicas"],
            format!(
                "replicas {} is larger than JavaScript's safe integer range",
                fmt_num(replicas)
            ),
        ));
    }
}

/// Checks `timeout`; returns it when it is a usable number (for the rotation check).
fn check_timeout(obj: Object<'_>, min: f64, why_min: &str, out: &mut Collector<'_>) -> Option<f64> {
    let Some(timeout) = number(obj, "timeout", out) else {
        if !obj.contains_key("timeout") {
            out.push(missing("timeout", "minutes"));
        }
        return None;
    };
    if timeout < min {
        out.push(Issue::new(
            &TIMEOUT_TOO_SHORT,
            path!["timeout"],
            format!(
                "timeout is in minutes and must be at least {}{why_min}, not {}",
                fmt_num(min),
                fmt_num(timeout)
            ),
        ));
        return None;
    }
    if timeout * 60.0 > MAX_SAFE_INTEGER {
        out.push(Issue::new(
            &TIMEOUT_TOO_LARGE,
            path!["timeout"],
            format!(
                "timeout {} minutes is too large: the job timeout in seconds must be a safe integer",
                fmt_num(timeout)
            ),
        ));
        return None;
    }
    let seconds = timeout * 60.0;
    if (seconds - seconds.round()).abs() > 1e-6 {
        out.push(
            Issue::new(
                &TIMEOUT_FRACTIONAL_SECONDS,
                path!["timeout"],
                format!(
                    "timeout {} minutes is {} seconds; the chain takes whole seconds, so posting the job would fail",
                    fmt_num(timeout),
                    fmt_num(seconds)
                ),
            )
            .with_hint(format!("use {} minutes", fmt_num(timeout.round().max(min)))),
        );
    }
    Some(timeout)
}

fn check_schedule(obj: Object<'_>, out: &mut Collector<'_>) {
    if let Some(expr) = string(obj, "schedule", out) {
        out.extend(
            schedule::validate(expr)
                .into_iter()
                .map(|i| i.nested_under(&[PathSegment::from("schedule")])),
        );
    }
}

fn parse_strategy(obj: Object<'_>, out: &mut Collector<'_>) -> Option<Strategy> {
    let Some(text) = string(obj, "strategy", out) else {
        if !obj.contains_key("strategy") {
            out.push(missing(
                "strategy",
                "SIMPLE, SIMPLE-EXTEND, SCHEDULED or INFINITE",
            ));
        }
        return None;
    };
    match text.parse::<Strategy>() {
        Ok(s) => Some(s),
        Err(_) => {
            let mut issue = Issue::new(
                &INVALID_STRATEGY,
                path!["strategy"],
                format!(
                    "strategy \"{text}\" is not one of SIMPLE, SIMPLE-EXTEND, SCHEDULED, INFINITE"
                ),
            );
            let names = Strategy::ALL.map(Strategy::as_str);
            if let Some(s) = nearest(text.trim(), &names) {
                issue = issue.with_hint(format!("Did you mean {s}?"));
            }
            out.push(issue);
            None
        }
    }
}

fn check_vault(obj: Object<'_>, out: &mut Collector<'_>) {
    if let Some(vault) = string(obj, "vault", out) {
        if let Some(problem) = public_key_problem(vault, 43) {
            out.push(Issue::new(
                &INVALID_VAULT,
                path!["vault"],
                format!("vault {problem}"),
            ));
        }
    }
    let new_vault = boolean(obj, "new_vault", out);
    if obj.contains_key("vault") && obj.contains_key("new_vault") {
        let message = if new_vault == Some(false) {
            "vault and new_vault cannot both be present, even with new_vault: false; the server rejects the body"
        } else {
            "vault and new_vault are mutually exclusive: give an existing vault, or new_vault: true, not both"
        };
        out.push(Issue::new(&VAULT_CONFLICT, path!["new_vault"], message).at_key());
    }
}

fn check_job_definition(
    value: Value<'_>,
    options: ValidateOptions,
    prefix: &[PathSegment],
    out: &mut Collector<'_>,
) {
    out.merge(crate::job::validate(value, options), prefix);
}

fn not_object(body: Value<'_>, what: &str) -> Issue {
    Issue::new(
        &BODY_NOT_OBJECT,
        Vec::new(),
        format!("{what} must be a JSON object, not {}", body.type_name()),
    )
}

/// Validates a `POST /deployments/create` body.
///
/// Issues past the cap on listed issues are counted, not built (see [`Collector`]).
pub fn validate_create(body: Value<'_>, options: ValidateOptions) -> Issues {
    let Some(obj) = body.as_object() else {
        return vec![not_object(body, "the create body")].into();
    };
    let mut out = Collector::new(body, options.warnings);
    unknown_keys(obj, CREATE_KEYS, &mut out);
    check_name(obj, &mut out);

    fields::check_market(obj, true, &mut out);
    check_replicas(obj, 1.0, &mut out);
    let strategy = parse_strategy(obj, &mut out);
    let timeout = if strategy == Some(Strategy::Infinite) {
        check_timeout(obj, MIN_LONG_TIMEOUT, " for INFINITE", &mut out)
    } else {
        check_timeout(obj, 1.0, "", &mut out)
    };

    // schedule: required for SCHEDULED, dropped by the server for the other strategies.
    match strategy {
        Some(Strategy::Scheduled) | None => {
            if obj.contains_key("schedule") {
                check_schedule(obj, &mut out);
            } else if strategy.is_some() {
                out.push(
                    Issue::new(
                        &SCHEDULE_REQUIRED,
                        path!["schedule"],
                        "a SCHEDULED deployment needs schedule, a 5-field cron expression (UTC)",
                    )
                    .with_hint("e.g. \"0 2 * * *\" for every day at 02:00 UTC"),
                );
            }
        }
        Some(other) => {
            if obj.contains_key("schedule") {
                out.push(
                    Issue::new(
                        &SCHEDULE_IGNORED,
                        path!["schedule"],
                        format!("schedule is ignored for strategy {other}; only SCHEDULED uses it"),
                    )
                    .at_key(),
                );
            }
        }
    }

    // rotation_time: INFINITE only, minutes, 0 < rotation_time < timeout − 10.
    match strategy {
        Some(Strategy::Infinite) | None => {
            if let Some(rotation) = number(obj, "rotation_time", &mut out) {
                if rotation <= 0.0 {
                    out.push(Issue::new(
                        &ROTATION_TIME_NOT_POSITIVE,
                        path!["rotation_time"],
                        format!(
                            "rotation_time is the lead time in minutes before a job's timeout and must be greater than 0, not {}; the server accepts it but then replaces jobs only at (or after) their timeout",
                            fmt_num(rotation)
                        ),
                    ).with_hint("omit it to use the server default (20 minutes)"));
                } else if let Some(timeout) = timeout {
                    if rotation >= timeout - ROTATION_MARGIN {
                        out.push(Issue::new(
                            &ROTATION_TIME_TOO_LARGE,
                            path!["rotation_time"],
                            format!(
                                "rotation_time must be less than timeout − 10 = {} minutes, not {}",
                                fmt_num(timeout - ROTATION_MARGIN),
                                fmt_num(rotation)
                            ),
                        ));
                    }
                }
            }
        }
        Some(other) => {
            if obj.contains_key("rotation_time") {
                out.push(
                    Issue::new(
                        &ROTATION_TIME_IGNORED,
                        path!["rotation_time"],
                        format!(
                            "rotation_time is ignored for strategy {other}; only INFINITE uses it"
                        ),
                    )
                    .at_key(),
                );
            }
        }
    }

    check_vault(obj, &mut out);
    if boolean(obj, "confidential", &mut out).is_none() && !obj.contains_key("confidential") {
        out.push(
            Issue::new(
                &CONFIDENTIAL_UNSET,
                path!["confidential"],
                "confidential is not set: the server's default depends on its environment; with false the full job definition (env, secrets) is public on IPFS",
            )
            .with_hint("send confidential: true or false explicitly"),
        );
    }
    boolean(obj, "autostart", &mut out);
    fields::check_create_startup_timeout(obj, strategy, &mut out);
    fields::check_idempotency_key(obj, &mut out);
    fields::check_requirements(obj, false, false, &mut out);
    fields::check_ssh_keys(obj, "ssh_public_keys", KeyList::Set, false, &mut out);
    fields::check_ssh_block_replaced(obj, &mut out);

    match obj.get("job_definition") {
        None => out.push(missing("job_definition", "the job definition object")),
        Some(jd) => check_job_definition(
            jd,
            options,
            &[PathSegment::from("job_definition")],
            &mut out,
        ),
    }
    out.finish()
}

/// The body of an update route that takes the members `keys`: any other member is an
/// `unknownField` warning (the server ignores it).
fn fields_body<'a>(
    body: Value<'a>,
    keys: &[&str],
    action: Action,
    out: &mut Collector<'_>,
) -> Option<Object<'a>> {
    let Some(obj) = body.as_object() else {
        out.push(not_object(body, &format!("the {action} body")));
        return None;
    };
    for member in obj.members().filter(|m| !keys.contains(&m.key)) {
        let k = member.key;
        // Built only when kept, as in `unknown_keys`.
        out.offer(member.key_span.start, UNKNOWN_FIELD.severity, || {
            let only = keys.join(", ");
            let mut issue = Issue::new(
                &UNKNOWN_FIELD,
                path![k],
                format!(
                    "\"{k}\" is not part of the {action} body (only {only}); the server ignores it"
                ),
            )
            .at_key();
            if let Some(s) = nearest(k, keys) {
                issue = issue.with_hint(format!("Did you mean \"{s}\"?"));
            }
            issue
        });
    }
    Some(obj)
}

fn single_field_body<'a>(
    body: Value<'a>,
    key: &str,
    action: Action,
    out: &mut Collector<'_>,
) -> Option<Object<'a>> {
    fields_body(body, &[key], action, out)
}

/// Validates the body of an update action; for actions without a body, an absent (`null`) or
/// empty-object body gives no issues and anything else an `unexpectedBody` warning. `duplicate`'s
/// body is optional: absent (`null`) is `{}`, as the server's `defaultEmptyBody` makes it.
pub fn validate_update(action: Action, body: Value<'_>, options: ValidateOptions) -> Issues {
    let mut out = Collector::new(body, options.warnings);
    match action {
        Action::CreateRevision => {
            // The body IS the job definition (not wrapped in {job_definition}).
            check_job_definition(body, options, &[], &mut out);
        }
        Action::Rename => {
            if let Some(obj) = single_field_body(body, "name", action, &mut out) {
                check_name(obj, &mut out);
            }
        }
        Action::UpdateReplicaCount => {
            if let Some(obj) = single_field_body(body, "replicas", action, &mut out) {
                check_replicas(obj, 0.0, &mut out);
            }
        }
        Action::UpdateTimeout => {
            if let Some(obj) = single_field_body(body, "timeout", action, &mut out) {
                check_timeout(
                    obj,
                    MIN_LONG_TIMEOUT,
                    " on update (for every strategy)",
                    &mut out,
                );
            }
        }
        Action::UpdateSchedule => {
            if let Some(obj) = single_field_body(body, "schedule", action, &mut out) {
                if obj.contains_key("schedule") {
                    check_schedule(obj, &mut out);
                } else {
                    out.push(missing("schedule", "a 5-field cron expression"));
                }
            }
        }
        Action::UpdateActiveRevision => {
            if let Some(obj) = single_field_body(body, "active_revision", action, &mut out) {
                match number(obj, "active_revision", &mut out) {
                    None if !obj.contains_key("active_revision") => {
                        out.push(missing("active_revision", "a revision number ≥ 1"));
                    }
                    Some(r) if r.fract() != 0.0 || !(1.0..=MAX_SAFE_INTEGER).contains(&r) => {
                        out.push(Issue::new(
                            &INVALID_ACTIVE_REVISION,
                            path!["active_revision"],
                            format!(
                                "active_revision must be a whole revision number ≥ 1, not {}",
                                fmt_num(r)
                            ),
                        ));
                    }
                    _ => {}
                }
            }
        }
        Action::Start
        | Action::Stop
        | Action::Archive
        | Action::Delete
        | Action::ListTasks
        | Action::ListSshKeys => {
            let empty = match body.kind() {
                Kind::Null => true,
                Kind::Object(o) => o.is_empty(),
                _ => false,
            };
            if !empty {
                out.push(Issue::new(
                    &UNEXPECTED_BODY,
                    Vec::new(),
                    format!("{action} takes no body; the server ignores it"),
                ));
            }
        }
        Action::Duplicate => {
            // The body is optional: the server reads a missing one as {}.
            if !body.is_null() {
                let keys = ["name", "market", "autostart"];
                if let Some(obj) = fields_body(body, &keys, action, &mut out) {
                    if obj.contains_key("name") {
                        check_name(obj, &mut out);
                    }
                    fields::check_market(obj, false, &mut out);
                    boolean(obj, "autostart", &mut out);
                }
            }
        }
        Action::UpdateMarket => {
            if let Some(obj) = single_field_body(body, "market", action, &mut out) {
                fields::check_market(obj, true, &mut out);
            }
        }
        Action::UpdateRequirements => {
            let keys = ["requirements", "market"];
            if let Some(obj) = fields_body(body, &keys, action, &mut out) {
                fields::check_requirements(obj, true, true, &mut out);
                fields::check_market(obj, true, &mut out);
            }
        }
        Action::UpdateStartupTimeout => {
            if let Some(obj) = single_field_body(body, "startup_timeout", action, &mut out) {
                if obj.contains_key("startup_timeout") {
                    fields::check_startup_timeout(obj, &mut out);
                } else {
                    out.push(missing("startup_timeout", "minutes, at least 1"));
                }
            }
        }
        Action::AddSshKeys | Action::RevokeSshKeys => {
            let list = if action == Action::AddSshKeys {
                KeyList::Set
            } else {
                KeyList::Revoke
            };
            if let Some(obj) = single_field_body(body, "public_keys", action, &mut out) {
                fields::check_ssh_keys(obj, "public_keys", list, true, &mut out);
            }
        }
    }
    out.finish()
}
