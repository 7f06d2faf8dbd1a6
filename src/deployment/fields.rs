//! The fields today's service added to create and update bodies (spec addendum §5, §9): market as
//! a public key, `startup_timeout`, `idempotency_key`, `requirements` and SSH key lists. Each
//! check is shared by the create body and the update routes that take the field.

use crate::diagnostics::{Issue, PathSegment};
use crate::json::{Kind, Object, Value};
use crate::path;
use crate::source::Collector;

use super::member::{fmt_num, missing, number, string, typed};
use super::rules::*;
use super::ssh::{self, KeyList};
use super::status::Strategy;

/// Longest `idempotency_key` the server takes.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 128;
/// Longest requirement key (UTF-16 code units, as the server's `^.{1,256}$` counts).
pub const MAX_REQUIREMENT_KEY_UNITS: usize = 256;

/// `market`: a base58 public key of 43–44 characters, trimmed first as the server does.
pub(super) fn check_market(obj: Object<'_>, required: bool, out: &mut Collector<'_>) {
    match string(obj, "market", out) {
        None if required && !obj.contains_key("market") => {
            out.push(missing("market", "the market's public key"));
        }
        Some(market) => {
            if let Some(problem) = super::public_key_problem(market.trim(), 43) {
                out.push(Issue::new(
                    &INVALID_MARKET,
                    path!["market"],
                    format!("market {problem}"),
                ));
            }
        }
        None => {}
    }
}

/// `startup_timeout` as a number of minutes ≥ 1 (`null` is refused: there is no way to clear it).
pub(super) fn check_startup_timeout(obj: Object<'_>, out: &mut Collector<'_>) -> Option<f64> {
    let minutes = number(obj, "startup_timeout", out)?;
    if minutes < 1.0 {
        out.push(Issue::new(
            &STARTUP_TIMEOUT_TOO_SHORT,
            path!["startup_timeout"],
            format!(
                "startup_timeout is in minutes and must be at least 1, not {}",
                fmt_num(minutes)
            ),
        ));
        return None;
    }
    Some(minutes)
}

/// On create: the value, the strategy (INFINITE only) and the exposed-port rule of the server's
/// handler, which looks at the body as sent, whatever the strategy.
pub(super) fn check_create_startup_timeout(
    obj: Object<'_>,
    strategy: Option<Strategy>,
    out: &mut Collector<'_>,
) {
    if !obj.contains_key("startup_timeout") {
        return;
    }
    check_startup_timeout(obj, out);
    if let Some(other) = strategy.filter(|s| *s != Strategy::Infinite) {
        out.push(
            Issue::new(
                &STARTUP_TIMEOUT_IGNORED,
                path!["startup_timeout"],
                format!("startup_timeout is ignored for strategy {other}; only INFINITE uses it"),
            )
            .at_key(),
        );
    }
    let job_definition = obj.get("job_definition").filter(|jd| jd.is_object());
    if job_definition.is_some_and(|jd| !exposes_a_port(jd)) {
        out.push(
            Issue::new(
                &STARTUP_TIMEOUT_WITHOUT_PORT,
                path!["startup_timeout"],
                "Startup timeout requires the job definition to expose at least one port; without one the job can never report that it came online.",
            )
            .with_hint("expose a port in a container/run operation (args.expose), or leave startup_timeout out"),
        );
    }
}

/// The server's `hasExposedPorts`: a `container/run` op whose `expose` is a scalar (not null) or
/// a non-empty array.
pub fn exposes_a_port(job_definition: Value<'_>) -> bool {
    let Some(ops) = job_definition.get("ops").and_then(Value::as_array) else {
        return false;
    };
    ops.iter().any(|op| {
        op.get("type").and_then(Value::as_str) == Some("container/run")
            && op
                .get("args")
                .and_then(|args| args.get("expose"))
                .is_some_and(|expose| match expose.kind() {
                    Kind::Null => false,
                    Kind::Array(items) => !items.is_empty(),
                    _ => true,
                })
    })
}

/// Why `key` is not an idempotency key the server takes; `None` when it is one.
pub fn idempotency_key_problem(key: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '_' | '.' | '-');
    if key.is_empty() {
        return Some("idempotency_key must not be empty".to_owned());
    }
    if let Some(bad) = key.chars().find(|c| !allowed(*c)) {
        let shown = if bad.is_whitespace() || bad.is_control() {
            let mut code = "U+".to_owned();
            crate::diagnostics::push_hex(&mut code, u32::from(bad), 4, true);
            code
        } else {
            format!("'{bad}'")
        };
        return Some(format!(
            "idempotency_key contains {shown}; only A–Z, a–z, 0–9 and : / _ . - are allowed"
        ));
    }
    // Only ASCII is left, so bytes are characters.
    if key.len() > MAX_IDEMPOTENCY_KEY_LEN {
        return Some(format!(
            "idempotency_key is {} characters long; at most {MAX_IDEMPOTENCY_KEY_LEN}",
            key.len()
        ));
    }
    None
}

pub(super) fn check_idempotency_key(obj: Object<'_>, out: &mut Collector<'_>) {
    if let Some(key) = string(obj, "idempotency_key", out) {
        if let Some(problem) = idempotency_key_problem(key) {
            out.push(
                Issue::new(&INVALID_IDEMPOTENCY_KEY, path!["idempotency_key"], problem)
                    .with_hint("one key per user intent, e.g. \"app:\" followed by a UUID"),
            );
        }
    }
}

/// `requirements`: a non-empty map of scalar values with keys of 1–256 characters. `nullable`:
/// `null` clears them (update-requirements); on create `null` is a wrong type.
pub(super) fn check_requirements(
    obj: Object<'_>,
    required: bool,
    nullable: bool,
    out: &mut Collector<'_>,
) {
    let Some(value) = obj.get("requirements") else {
        if required {
            out.push(missing(
                "requirements",
                "an object of requirements, or null to clear them",
            ));
        }
        return;
    };
    if nullable && value.is_null() {
        return;
    }
    let expected = if nullable {
        "an object of requirements or null"
    } else {
        "an object of requirements"
    };
    let Some(map) = typed(obj, "requirements", expected, Value::as_object, out) else {
        return;
    };
    if map.is_empty() {
        out.push(Issue::new(
            &REQUIREMENTS_EMPTY,
            path!["requirements"],
            if nullable {
                "requirements must have at least one entry; send null to clear them"
            } else {
                "requirements must have at least one entry; leave it out for none"
            },
        ));
    }
    // Built only when kept (a map of many bad requirements costs no message past the cap): each
    // issue is offered at its key's or value's place in the text.
    for member in map.members() {
        let (key, item) = (member.key, member.value);
        let at = || vec![PathSegment::from("requirements"), PathSegment::from(key)];
        let units = key.encode_utf16().count();
        let severity = INVALID_REQUIREMENT_KEY.severity;
        if units == 0 || units > MAX_REQUIREMENT_KEY_UNITS {
            out.offer(member.key_span.start, severity, || {
                Issue::new(
                    &INVALID_REQUIREMENT_KEY,
                    at(),
                    format!("a requirement's key must be 1–{MAX_REQUIREMENT_KEY_UNITS} characters, not {units}"),
                )
                .at_key()
            });
        } else if key.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
            out.offer(member.key_span.start, severity, || {
                Issue::new(
                    &INVALID_REQUIREMENT_KEY,
                    at(),
                    "a requirement's key must not contain a line break",
                )
                .at_key()
            });
        }
        if !matches!(
            item.kind(),
            Kind::Number(_) | Kind::String(_) | Kind::Bool(_)
        ) {
            out.offer(
                item.span().start,
                INVALID_REQUIREMENT_VALUE.severity,
                || {
                    Issue::new(
                        &INVALID_REQUIREMENT_VALUE,
                        at(),
                        format!(
                            "requirements.{key} must be a number, a string or a boolean, not {}",
                            item.type_name()
                        ),
                    )
                    .with_hint("a number is a minimum, a string or a boolean an exact match")
                },
            );
        }
    }
}

/// A list of SSH public keys at `key`, checked by [`ssh::check_key_list`]. `required`: absent is
/// a `missingField`.
pub(super) fn check_ssh_keys(
    obj: Object<'_>,
    key: &str,
    list: KeyList,
    required: bool,
    out: &mut Collector<'_>,
) {
    match obj.get(key) {
        Some(value) => {
            ssh::collect_key_list(value, key, list, &[PathSegment::from(key)], out);
        }
        None if required => out.push(missing(key, "an array of SSH public keys")),
        None => {}
    }
}

/// Both `ssh_public_keys` and a job definition `ssh` block: the top-level keys win.
pub(super) fn check_ssh_block_replaced(obj: Object<'_>, out: &mut Collector<'_>) {
    let block = obj
        .get("job_definition")
        .and_then(|jd| jd.get("ssh"))
        .is_some();
    if block && obj.contains_key("ssh_public_keys") {
        out.push(
            Issue::new(
                &SSH_BLOCK_REPLACED,
                path!["job_definition", "ssh"],
                "job_definition.ssh is dropped: the server keeps ssh_public_keys instead (an empty list means no keys)",
            )
            .with_hint("put every key in ssh_public_keys and remove the ssh block")
            .at_key(),
        );
    }
}
