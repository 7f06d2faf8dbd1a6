//! Issues, reports, Standard Schema failures and rule lists as JSON text, for `JSON.parse` on the JS
//! side: the one way an [`Issue`] crosses to JavaScript. Written by hand, so the job-definition
//! module links no `serde_json` (docs/benchmarks.md, size); the output is what `serde_json` writes
//! for the same `Serialize` derives (a test checks it, natively: see `lib.rs`).

use crate::diagnostics::{Fix, Issue, PathSegment, Position, Range, Report, Rule, Severity};

/// Appends `s` as a JSON string literal.
pub(crate) fn string(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => "",
            _ => continue,
        };
        out.push_str(s.get(run..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u");
            crate::diagnostics::push_hex(out, u32::from(b), 4, false);
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\"error\"",
        Severity::Warning => "\"warning\"",
    }
}

fn range(out: &mut String, range: Range) {
    out.push_str("{\"start\":");
    position(out, range.start);
    out.push_str(",\"end\":");
    position(out, range.end);
    out.push('}');
}

/// `[{"title":…,"edits":[{"range":…,"newText":…}]}]`
fn fixes(out: &mut String, fixes: &[Fix]) {
    out.push('[');
    for (n, fix) in fixes.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"title\":");
        string(out, &fix.title);
        out.push_str(",\"edits\":[");
        for (k, edit) in fix.edits.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str("{\"range\":");
            range(out, edit.range);
            out.push_str(",\"newText\":");
            string(out, &edit.new_text);
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push(']');
}

fn position(out: &mut String, p: Position) {
    out.push_str(&format!(
        "{{\"line\":{},\"column\":{},\"offset\":{}}}",
        p.line, p.column, p.offset
    ));
}

/// `["ops",0,"args"]`
fn path(out: &mut String, path: &[PathSegment]) {
    out.push('[');
    for (n, segment) in path.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        match segment {
            PathSegment::Key(key) => string(out, key),
            PathSegment::Index(index) => out.push_str(&index.to_string()),
        }
    }
    out.push(']');
}

fn issue(out: &mut String, issue: &Issue) {
    out.push_str("{\"code\":");
    string(out, issue.code);
    out.push_str(",\"severity\":");
    out.push_str(severity(issue.severity));
    out.push_str(",\"message\":");
    string(out, &issue.message);
    out.push_str(",\"path\":");
    path(out, &issue.path);
    out.push_str(",\"pointer\":");
    string(out, &issue.pointer);
    if let Some(at) = issue.range {
        out.push_str(",\"range\":");
        range(out, at);
    }
    if let Some(hint) = &issue.hint {
        out.push_str(",\"hint\":");
        string(out, hint);
    }
    out.push_str(",\"fixes\":");
    fixes(out, &issue.fixes);
    out.push('}');
}

/// `{"success":…,"issues":[…]}`
pub(crate) fn report(report: &Report) -> String {
    let mut out = String::with_capacity(64 + 256 * report.issues.len());
    out.push_str(if report.success {
        "{\"success\":true,\"issues\":["
    } else {
        "{\"success\":false,\"issues\":["
    });
    issue_list(&mut out, &report.issues);
    out.push_str("]}");
    out
}

/// `[…]`: the issues alone, as a `ValidationError` carries them.
#[cfg(feature = "full")]
pub(crate) fn issues(issues: &[Issue]) -> String {
    let mut out = String::with_capacity(2 + 256 * issues.len());
    out.push('[');
    issue_list(&mut out, issues);
    out.push(']');
    out
}

fn issue_list(out: &mut String, issues: &[Issue]) {
    for (n, i) in issues.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        issue(out, i);
    }
}

/// Standard Schema's failure result: `{"issues":[{"code":…,"message":…,"path":[…]},…]}` (`code`,
/// the rule code, is ours: the spec's issue has `message` and `path`, and allows more).
pub(crate) fn standard_failure<'i>(
    issues: impl IntoIterator<Item = (&'i str, &'i str, &'i [PathSegment])>,
) -> String {
    let mut out = String::from("{\"issues\":[");
    for (n, (code, message, at)) in issues.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"code\":");
        string(&mut out, code);
        out.push_str(",\"message\":");
        string(&mut out, message);
        out.push_str(",\"path\":");
        path(&mut out, at);
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// `[{"code":…,"severity":…,"description":…}, …]`
pub(crate) fn rules<'r>(rules: impl Iterator<Item = &'r Rule>) -> String {
    let mut out = String::from("[");
    for (n, rule) in rules.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"code\":");
        string(&mut out, rule.code);
        out.push_str(",\"severity\":");
        out.push_str(severity(rule.severity));
        out.push_str(",\"description\":");
        string(&mut out, rule.description);
        out.push('}');
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::{Fix, Issue, Position, Range, Report, TextEdit};
    use crate::path;

    #[test]
    fn writes_what_serde_json_writes() {
        let rule = crate::job::rules::INVALID_TYPE;
        let warning = crate::job::rules::PLAIN_TEXT_SECRET;
        let at = |offset| Position {
            line: 2,
            column: 3,
            offset,
        };
        let mut ranged = Issue::new(
            &rule,
            path!["ops", 0, "a\"b\\c/d~e"],
            "quote \" slash \\ é 😀",
        )
        .with_hint("tab\there\nnew line \u{1} \u{1f} \u{7f} \r \u{8} \u{c}");
        ranged.range = Some(Range {
            start: at(5),
            end: at(9),
        });
        ranged.fixes = vec![Fix {
            title: "Rename \"a\" to `b`".to_owned(),
            edits: vec![TextEdit {
                range: Range {
                    start: at(5),
                    end: at(9),
                },
                new_text: "\"b\"\n".to_owned(),
            }],
        }];
        let reports = [
            Report::new(vec![]),
            Report::new(vec![ranged.clone()]),
            Report::new(vec![Issue::new(&warning, vec![], ""), ranged]),
        ];
        for report in &reports {
            assert_eq!(
                super::report(report),
                serde_json::to_string(report).unwrap()
            );
        }
        let failure = [
            ("unknownKey", "quote \" é", &path!["ops", 0, "a/b"][..]),
            ("invalidType", "", &[][..]),
        ];
        assert_eq!(
            super::standard_failure(failure),
            serde_json::json!({"issues": [
                {"code": "unknownKey", "message": "quote \" é", "path": ["ops", 0, "a/b"]},
                {"code": "invalidType", "message": "", "path": []},
            ]})
            .to_string()
        );
        let rules: Vec<_> = crate::all_rules().collect();
        assert_eq!(
            super::rules(rules.iter().copied()),
            serde_json::to_string(&rules).unwrap()
        );
    }
}
