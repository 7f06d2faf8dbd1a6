//! `expose`: every form @nosana/types accepts, health checks, the `UniqueExposedPorts` predicate
//! (§3.4: touching ranges collide, adjacent ranges pass) and the 1–65535 port range.

use std::collections::{HashMap, HashSet};

use crate::json::{Kind, Object, Value};

use super::ctx::Ctx;
use super::literal::is_typia_literal;
use super::literal_only::{literal_only, spread_marker};
use super::rules::*;

const CONTINUOUS_HINT: &str =
    "Add \"continuous\": false (check once at startup) or true (every 30 s). \
Nosana's own health-check docs omit it, but the validator requires it.";

#[inline(never)] // small wasm functions: see `job::validate`
pub(crate) fn check<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    match v.as_array() {
        Some(items) => {
            // Collected once: `unique` looks elements up by index.
            let items: Vec<Value<'a>> = items.iter().collect();
            for (i, item) in items.iter().enumerate() {
                c.index(i, |c| element(c, *item));
            }
            unique(c, &items);
        }
        None => element(c, v),
    }
}

/// `number | ExposedPort | LiteralString | SpreadMarker`
fn element<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    match v.kind() {
        Kind::Number(n) => port_number(c, Some(n)),
        Kind::String(s) => {
            if parse_range(s).is_some() {
                c.report_hint(
                    &PORT_RANGE_NOT_SUPPORTED,
                    format!("Port range \"{s}\" is not accepted by @nosana/types"),
                    "List the ports one by one (numbers or {\"port\": …} objects).",
                );
            } else if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                c.report_hint(
                    &INVALID_TYPE,
                    format!("Port \"{s}\" must be a number, not a string"),
                    format!("Write {s} without quotes."),
                );
            } else {
                literal_only(c, s);
            }
        }
        Kind::Object(m) if m.contains_key("__spread__") => spread_marker(c, m),
        Kind::Object(m) => exposed_port(c, m),
        _ => c.type_error(
            v,
            "a port number, a {port} object, a literal or a __spread__ marker",
        ),
    }
}

fn port_number(c: &mut Ctx<'_>, port: Option<f64>) {
    let ok = port.is_some_and(|p| p.fract() == 0.0 && (1.0..=65535.0).contains(&p));
    if !ok {
        let shown = port.map_or_else(|| "?".to_owned(), crate::diagnostics::format_number);
        c.report(
            &PORT_OUT_OF_RANGE,
            format!("Port {shown} is not an integer between 1 and 65535"),
        );
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn exposed_port<'a>(c: &mut Ctx<'a>, m: Object<'a>) {
    let what = "an exposed port";
    c.unknown_keys(m, &["port", "type", "health_checks"], what);
    c.field(m, "port", Some(what), |c, v| match v.as_f64() {
        Some(n) => port_number(c, Some(n)),
        None => c.type_error(v, "a number"),
    });
    c.field(m, "type", None, |c, v| {
        if let Some(s) = c.string(v) {
            let allowed = ["web", "api", "websocket", "webapi", "none"];
            if !allowed.contains(&s) {
                c.report(
                    &INVALID_ENUM_VALUE,
                    format!("\"type\" must be one of \"web\", \"api\", \"websocket\", \"webapi\", \"none\", not \"{s}\""),
                );
            }
        }
    });
    c.field(m, "health_checks", None, |c, v| {
        let Some(items) = c.array(v) else { return };
        for (i, item) in items.iter().enumerate() {
            c.index(i, |c| health_check(c, item));
        }
    });
}

#[inline(never)] // small wasm functions: see `job::validate`
fn health_check<'a>(c: &mut Ctx<'a>, v: Value<'a>) {
    let Some(m) = c.object(v) else { return };
    let Some(kind) = m.get("type") else {
        c.missing("type", "a health check (\"http\" or \"websocket\")");
        return;
    };
    let Some(kind) = c.key("type", |c| {
        let s = c.string(kind)?;
        if s == "http" || s == "websocket" {
            Some(s)
        } else {
            c.report(
                &INVALID_ENUM_VALUE,
                format!("\"type\" must be \"http\" or \"websocket\", not \"{s}\""),
            );
            None
        }
    }) else {
        return;
    };
    let string = |c: &mut Ctx<'a>, v: Value<'a>| {
        c.string(v);
    };
    if kind == "http" {
        let what = "an http health check";
        c.unknown_keys(
            m,
            &[
                "type",
                "path",
                "method",
                "expected_status",
                "headers",
                "body",
                "continuous",
            ],
            what,
        );
        c.field(m, "path", Some(what), string);
        c.field(m, "method", Some(what), |c, v| {
            if let Some(s) = c.string(v) {
                if !["GET", "POST", "PUT", "DELETE"].contains(&s) {
                    c.report(
                        &INVALID_ENUM_VALUE,
                        format!("\"method\" must be one of \"GET\", \"POST\", \"PUT\", \"DELETE\", not \"{s}\""),
                    );
                }
            }
        });
        c.field(m, "expected_status", Some(what), |c, v| {
            c.number(v);
        });
        c.field(m, "headers", None, |c, v| {
            if let Some(h) = c.object(v) {
                for (k, item) in h.iter() {
                    c.key(k, |c| {
                        c.string(item);
                    });
                }
            }
        });
        // `body` is `any`: not walked.
    } else {
        let what = "a websocket health check";
        c.unknown_keys(m, &["type", "expected_response", "continuous"], what);
        c.field(m, "expected_response", Some(what), string);
    }
    match m.get("continuous") {
        Some(v) => c.key("continuous", |c| c.boolean(v)),
        // At the missing member's path, as `missingField`: the range is the check's brace.
        None => c.key("continuous", |c| {
            c.report_hint(
                &HEALTH_CHECK_MISSING_CONTINUOUS,
                "This health check needs \"continuous\" (true or false)",
                CONTINUOUS_HINT,
            );
        }),
    }
}

/// `^([0-9]+)-([0-9]+)$` → (start, end) as JS `Number`s.
fn parse_range(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once('-')?;
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(a) || !digits(b) {
        return None;
    }
    Some((a.parse::<f64>().ok()?, b.parse::<f64>().ok()?))
}

/// Arrays up to this long look ports up in a list; longer ones hash (SipHash and the table's
/// allocation cost more than a scan of a few ports).
const FEW_PORTS: usize = 16;

/// The `UniqueExposedPorts` predicate (identical in SDK and types), reported per offending element.
/// Hash set for numbers and sorted intervals for ranges: O(n log n) for adversarial arrays.
#[inline(never)] // small wasm functions: see `job::validate`
fn unique(c: &mut Ctx<'_>, items: &[Value<'_>]) {
    let few = items.len() <= FEW_PORTS;
    let mut numbers: HashMap<u64, usize> = HashMap::new();
    let mut number_list: Vec<(f64, usize)> = Vec::new();
    let mut ranges: Vec<(f64, f64, usize)> = Vec::new();
    for (i, &item) in items.iter().enumerate() {
        let port = match item.kind() {
            Kind::String(s) if is_typia_literal(s) => continue,
            Kind::Object(m) => {
                if m.get("__spread__").is_some_and(truthy) {
                    continue;
                }
                m.get("port")
            }
            _ => Some(item),
        };
        match port.map(Value::kind) {
            Some(Kind::Number(p)) => {
                // JS Set semantics: 0 and -0 are the same value (as `==` on f64; JSON has no NaN).
                let bits = if p == 0.0 { 0 } else { p.to_bits() };
                let first = if few {
                    number_list
                        .iter()
                        .find(|&&(q, _)| q == p)
                        .map(|&(_, at)| at)
                } else {
                    numbers.get(&bits).copied()
                };
                if let Some(first) = first {
                    c.index(i, |c| {
                        c.report(
                            &DUPLICATE_EXPOSED_PORT,
                            format!(
                                "Port {} is already exposed by \"expose[{first}]\"",
                                crate::diagnostics::format_number(p)
                            ),
                        );
                    });
                } else {
                    if !few {
                        numbers.insert(bits, i);
                    }
                    number_list.push((p, i));
                }
            }
            Some(Kind::String(s)) => {
                if let Some((start, end)) = parse_range(s) {
                    ranges.push((start, end, i));
                }
            }
            _ => {}
        }
    }
    if ranges.is_empty() {
        return;
    }
    // Two ranges collide when `start <= other_end && end >= other_start` (touching ranges collide,
    // adjacent ones pass). Sorted by start, a range collides with an earlier-sorted one exactly when
    // its start is <= the largest end so far; report it at the later element in document order.
    let mut sorted: Vec<usize> = (0..ranges.len()).collect();
    sorted.sort_by(|&a, &b| {
        let (ra, rb) = (ranges.get(a), ranges.get(b));
        let key = |r: Option<&(f64, f64, usize)>| r.map_or((0.0, 0), |r| (r.0, r.2));
        let (ka, kb) = (key(ra), key(rb));
        ka.0.total_cmp(&kb.0).then(ka.1.cmp(&kb.1))
    });
    let mut reported: HashSet<usize> = HashSet::new();
    let mut widest: Option<(f64, f64, usize)> = None;
    for &k in &sorted {
        let Some(&(start, end, i)) = ranges.get(k) else {
            continue;
        };
        if let Some((w_start, w_end, w)) = widest {
            if start <= w_end && end >= w_start {
                let (later, earlier) = if i > w { (i, w) } else { (w, i) };
                if reported.insert(later) {
                    let text = |idx: usize| items.get(idx).and_then(|v| v.as_str()).unwrap_or("");
                    let (later_text, earlier_text) = (text(later), text(earlier));
                    c.index(later, |c| {
                        c.report(
                            &DUPLICATE_EXPOSED_PORT,
                            format!("Port range \"{later_text}\" overlaps or touches \"{earlier_text}\" at \"expose[{earlier}]\""),
                        );
                    });
                }
            }
        }
        if widest.is_none_or(|(_, w_end, _)| end > w_end) {
            widest = Some((start, end, i));
        }
    }
    // Numbers inside any range (inclusive): binary search over ranges sorted by start, with the
    // running maximum end.
    let mut max_end: Vec<(f64, f64, usize)> = Vec::with_capacity(sorted.len());
    let mut best: Option<(f64, f64, usize)> = None;
    for &k in &sorted {
        let Some(&(start, end, r)) = ranges.get(k) else {
            continue;
        };
        if best.is_none_or(|(_, e, _)| end > e) {
            best = Some((start, end, r));
        }
        if let Some(b) = best {
            max_end.push((start, b.1, b.2));
        }
    }
    for (p, i) in number_list {
        let count = max_end.partition_point(|(start, _, _)| *start <= p);
        let Some(&(_, end, r)) = count.checked_sub(1).and_then(|last| max_end.get(last)) else {
            continue;
        };
        if p <= end {
            let range = items.get(r).and_then(|v| v.as_str()).unwrap_or("");
            c.index(i, |c| {
                c.report(
                    &DUPLICATE_EXPOSED_PORT,
                    format!(
                        "Port {} lies inside the range \"{range}\" at \"expose[{r}]\"",
                        crate::diagnostics::format_number(p)
                    ),
                );
            });
        }
    }
}

fn truthy(v: Value<'_>) -> bool {
    match v.kind() {
        Kind::Null => false,
        Kind::Bool(b) => b,
        Kind::Number(n) => n != 0.0 && !n.is_nan(),
        Kind::String(s) => !s.is_empty(),
        Kind::Array(_) | Kind::Object(_) => true,
    }
}
