//! Literals: `%%ops.ID.path%%`, `%%global.KEY%%`, `%%global.variables.NAME%%`.
//!
//! Two grammars matter. typia's `LiteralString` tag (compiled regex `/^%%(ops|global).[^%]+%%$/`, the
//! `.` is any character: a quirk of the TS template type) decides what `expose` and `__spread__`
//! accept. The node's interpolation (`/%%(ops|global)\.([^.]+)\.([A-Za-z0-9._-]+)%%/` and
//! `/%%(global|globals)\.([^.]+)%%/`) decides what resolves at run time.

use crate::json::find_marker;

/// typia's `LiteralString` predicate, exactly: `/^%%(ops|global).[^%]+%%$/`.
pub(crate) fn is_typia_literal(s: &str) -> bool {
    let Some(middle) = s
        .strip_prefix("%%")
        .and_then(|rest| rest.strip_suffix("%%"))
    else {
        return false;
    };
    let rest = middle
        .strip_prefix("ops")
        .or_else(|| middle.strip_prefix("global"));
    let Some(rest) = rest else {
        return false;
    };
    let mut chars = rest.chars();
    match chars.next() {
        // JS `.` does not match line terminators.
        Some('\n' | '\r' | '\u{2028}' | '\u{2029}') | None => false,
        Some(_) => {
            let tail = chars.as_str();
            !tail.is_empty() && !tail.contains('%')
        }
    }
}

/// One literal found inside a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Literal<'s> {
    /// `%%ops.<id>.<path>%%`; `body` is everything after `ops.` (the id may be ambiguous when op ids
    /// contain dots, so callers resolve it against the real ids).
    Op { body: &'s str },
    /// `%%global.<key>%%`, `%%globals.<key>%%` or `%%global.<key>.<path>%%`.
    Global { key: &'s str, path: Option<&'s str> },
    /// Starts like a literal (`%%ops…%%`, `%%global…%%`) but the node cannot parse it.
    Malformed { text: &'s str },
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// Calls `f` with each literal in `s`. Text between `%%` pairs that does not start with `ops` or
/// `global` is ordinary text (shell `%%` and the like) and is skipped.
pub(crate) fn scan<'s>(s: &'s str, mut f: impl FnMut(Literal<'s>)) {
    let mut rest = s;
    while let Some(open) = find_marker(rest) {
        let after = rest.get(open + 2..).unwrap_or("");
        let Some(close) = find_marker(after) else {
            return;
        };
        let body = after.get(..close).unwrap_or("");
        let looks_like = body.starts_with("ops") || body.starts_with("global");
        if !looks_like || body.chars().any(char::is_whitespace) {
            // Not a literal; the closing `%%` may open the next one.
            rest = after;
            continue;
        }
        f(classify(body));
        rest = after.get(close + 2..).unwrap_or("");
    }
}

fn classify(body: &str) -> Literal<'_> {
    if let Some(op) = body.strip_prefix("ops.") {
        if !op.is_empty() {
            return Literal::Op { body: op };
        }
    } else if let Some(global) = body
        .strip_prefix("globals.")
        .or_else(|| body.strip_prefix("global."))
    {
        let (key, path) = match global.split_once('.') {
            Some((key, path)) => (key, Some(path)),
            None => (global, None),
        };
        let path_ok = path.is_none_or(|p| !p.is_empty() && p.chars().all(is_path_char));
        if !key.is_empty() && path_ok && !(body.starts_with("globals.") && path.is_some()) {
            return Literal::Global { key, path };
        }
    }
    Literal::Malformed { text: body }
}

/// What an `%%ops.ID.<path>%%` path may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpPath<'s> {
    Host,
    DeploymentEndpoint,
    Endpoint(&'s str),
    Result(&'s str),
}

/// Parses the part after the op id. `None` when the node cannot resolve it.
pub(crate) fn op_path(path: &str) -> Option<OpPath<'_>> {
    if path.is_empty() || !path.chars().all(is_path_char) {
        return None;
    }
    match path {
        "host" => Some(OpPath::Host),
        "deployment_endpoint" => Some(OpPath::DeploymentEndpoint),
        _ => {
            if let Some(port) = path.strip_prefix("endpoint.") {
                (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
                    .then_some(OpPath::Endpoint(port))
            } else if let Some(key) = path.strip_prefix("results.") {
                (!key.is_empty()).then_some(OpPath::Result(key))
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typia_literal_predicate() {
        for ok in [
            "%%ops.a.host%%",
            "%%global.variables.X%%",
            "%%opsXy%%",
            "%%globals.job%%",
            "%%ops%a%%",
        ] {
            assert!(is_typia_literal(ok), "{ok}");
        }
        for bad in [
            "%%foo.bar%%",
            "%%ops.%%",
            "%%ops.a%b%%",
            "ops.a.host",
            "%%ops.a.host",
            "%%%%",
            "%%ops\na%%",
            "x%%ops.a.host%%",
        ] {
            assert!(!is_typia_literal(bad), "{bad}");
        }
    }

    fn all(s: &str) -> Vec<Literal<'_>> {
        let mut out = Vec::new();
        scan(s, |l| out.push(l));
        out
    }

    #[test]
    fn scans_literals_in_text() {
        assert_eq!(
            all("http://%%ops.api.host%%:%%global.variables.PORT%%/x"),
            vec![
                Literal::Op { body: "api.host" },
                Literal::Global {
                    key: "variables",
                    path: Some("PORT")
                }
            ]
        );
        assert_eq!(
            all("%%globals.job%%"),
            vec![Literal::Global {
                key: "job",
                path: None
            }]
        );
        assert_eq!(all("date +%%Y %% plain"), vec![]);
        assert_eq!(all("%%ops%%"), vec![Literal::Malformed { text: "ops" }]);
        assert_eq!(all("%%opsXy%%"), vec![Literal::Malformed { text: "opsXy" }]);
    }

    #[test]
    fn finds_markers_as_str_find_does() {
        for s in ["", "%", "%%", "a%b%%c", "%a%", "x%%%y", "ab%%", "é%%"] {
            assert_eq!(find_marker(s), s.find("%%"), "{s}");
        }
    }

    #[test]
    fn op_paths() {
        assert_eq!(op_path("host"), Some(OpPath::Host));
        assert_eq!(op_path("endpoint.8080"), Some(OpPath::Endpoint("8080")));
        assert_eq!(op_path("results.url"), Some(OpPath::Result("url")));
        assert_eq!(
            op_path("deployment_endpoint"),
            Some(OpPath::DeploymentEndpoint)
        );
        assert_eq!(op_path("endpoint.http"), None);
        assert_eq!(op_path("results."), None);
        assert_eq!(op_path("ip"), None);
        assert_eq!(op_path(""), None);
    }
}
