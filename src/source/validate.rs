//! The one pipeline from JSON text to a report, for job definitions and deployment bodies alike:
//! parse → rules → locate each issue → document order → [`Report`]. Every entry takes it (Rust text,
//! a JS string on the one-call path or the general one, a JS object through its JSON, `/job`,
//! Standard Schema, the CLI), so one document gets the same issues in the same order from each.

use crate::diagnostics::{Issue, Issues, Report};
use crate::json::{Document, Value};

/// Whose text is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The caller's own text: issues get source ranges in it.
    Caller,
    /// JSON written from a value (e.g. by `JSON.stringify`): the caller never saw this text, so
    /// issues get no ranges (they are still ordered by where they stand in it).
    Value,
}

/// Parses `text` and runs `rules` on it. A text that does not parse gives its one parse issue;
/// otherwise the rules' issues are listed in document order: by where each points in the text
/// (its value, or its key for an `at_key` issue), a stable sort, so issues at the same place keep
/// the order the rules reported them in. Ranges are only computed when there are issues.
///
/// The rules return [`Issues`] (built through a [`super::Collector`]: at most
/// [`crate::diagnostics::MAX_ISSUES`], the rest only counted) or a plain `Vec<Issue>`.
pub fn validate<R: Into<Issues>>(
    text: &str,
    origin: Origin,
    rules: impl FnOnce(Value<'_>) -> R,
) -> Report {
    match super::parse(text) {
        Ok(doc) => {
            let Issues { issues, left_out } = rules(doc.root()).into();
            Report::with_left_out(in_document_order(&doc, issues, origin), left_out)
        }
        Err(issue) => Report::new(vec![without_range_unless_caller(*issue, origin)]),
    }
}

/// The report of a document refused before it was read: `size` `unit`s is over
/// [`super::MAX_DOCUMENT_BYTES`] (from JS, a string is measured in UTF-16 code units).
pub fn refuse_too_large(size: usize, unit: &str, origin: Origin) -> Report {
    let issue = super::too_large(size, unit);
    Report::new(vec![without_range_unless_caller(issue, origin)])
}

fn without_range_unless_caller(mut issue: Issue, origin: Origin) -> Issue {
    if origin == Origin::Value {
        issue.range = None;
    }
    issue
}

/// Sorts `issues` by where they point in `doc`, and gives them ranges when the text is the caller's.
fn in_document_order(doc: &Document<'_>, issues: Vec<Issue>, origin: Origin) -> Vec<Issue> {
    // Nothing to order or locate: a valid document (the common case) costs nothing here.
    if issues.is_empty() || (issues.len() == 1 && origin == Origin::Value) {
        return issues;
    }
    let spans = super::locate(doc, &issues);
    let order = super::order::stable_order(spans.iter().map(|span| span.start));
    let mut placed = super::order::permuted(spans.into_iter().zip(issues).collect(), &order);
    if origin == Origin::Caller {
        let ranges = super::ranges_of(doc.text(), placed.iter().map(|(span, _)| *span));
        for ((_, issue), range) in placed.iter_mut().zip(ranges) {
            issue.range = issue.range.or(range);
        }
    }
    placed.into_iter().map(|(_, issue)| issue).collect()
}
