//! Typed reads of a body's members, with the issue a wrong type gets: shared by the body rules
//! (`body`) and the newer create fields (`fields`).

use crate::diagnostics::Issue;
use crate::json::{Kind, Object, Value};
use crate::path;
use crate::source::Collector;

use super::rules::{INVALID_TYPE, MISSING_FIELD};

pub(super) fn invalid_type(key: &str, expected: &str, value: Value<'_>) -> Issue {
    let issue = Issue::new(
        &INVALID_TYPE,
        path![key],
        format!("{key} must be {expected}, not {}", value.type_name()),
    );
    match value.kind() {
        Kind::String(s) if expected.contains("number") && s.trim().parse::<f64>().is_ok() => {
            issue.with_hint(format!("send the number without quotes: {}", s.trim()))
        }
        Kind::String(s) if expected.contains("boolean") && (s == "true" || s == "false") => {
            issue.with_hint(format!("send the boolean without quotes: {s}"))
        }
        _ => issue,
    }
}

pub(super) fn missing(key: &str, what: &str) -> Issue {
    Issue::new(
        &MISSING_FIELD,
        path![key],
        format!("{key} is required ({what})"),
    )
}

/// The member `key` as read by `read`: `None` when absent, and an `invalidType` issue naming
/// `expected` when `read` refuses it.
pub(super) fn typed<'a, T>(
    obj: Object<'a>,
    key: &str,
    expected: &str,
    read: impl FnOnce(Value<'a>) -> Option<T>,
    out: &mut Collector<'_>,
) -> Option<T> {
    let value = obj.get(key)?;
    let read_value = read(value);
    if read_value.is_none() {
        out.push(invalid_type(key, expected, value));
    }
    read_value
}

pub(super) fn number(obj: Object<'_>, key: &str, out: &mut Collector<'_>) -> Option<f64> {
    typed(obj, key, "a number", Value::as_f64, out)
}

pub(super) fn string<'a>(obj: Object<'a>, key: &str, out: &mut Collector<'_>) -> Option<&'a str> {
    typed(obj, key, "a string", Value::as_str, out)
}

pub(super) fn boolean(obj: Object<'_>, key: &str, out: &mut Collector<'_>) -> Option<bool> {
    typed(obj, key, "a boolean (true or false)", Value::as_bool, out)
}

pub(super) fn fmt_num(f: f64) -> String {
    crate::diagnostics::format_number(f)
}
