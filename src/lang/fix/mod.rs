//! Quick fixes as text edits: which issues get one ([`rules`]), and applying them ([`apply`]).
//!
//! Every fix is computed from the issue (its code, path and message) and the parsed document, and
//! on its own keeps the document valid JSON: it replaces one whole token with another, inserts a
//! whole member, or removes one. [`apply_fixes`] takes the first fix of each issue and skips any
//! fix that overlaps or touches an edit already taken, so applying them together stays valid too
//! (tests/lang_fix_props.rs holds it to that over the corpus with mutations).

mod apply;
mod rules;

pub use apply::{apply_edits, apply_fixes, EditAt};
pub use rules::FIXABLE;

use crate::diagnostics::{Fix, Issue, PathSegment, TextEdit};
use crate::json::{Document, Span};

use super::model::Node;

/// A fix before its byte spans become ranges.
pub(crate) struct Draft {
    pub title: String,
    pub edits: Vec<(Span, String)>,
    /// The key the fix gives an object, if any.
    pub key: Option<KeyEffect>,
}

/// How a fix gives an object (at a path) a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyEffect {
    Renamed(Vec<PathSegment>, String),
    Added(Vec<PathSegment>, String),
}

impl Draft {
    pub(crate) fn new(title: String, edits: Vec<(Span, String)>) -> Self {
        Self {
            title,
            edits,
            key: None,
        }
    }
}

/// Fills `fixes` of every issue of `text` (validated against the model `root`) that has a
/// mechanical fix. Issues without a range (from a value, not text) get none.
pub fn attach_fixes(text: &str, root: &'static Node, issues: &mut [Issue]) {
    if !issues
        .iter()
        .any(|i| i.range.is_some() && FIXABLE.contains(&i.code))
    {
        return;
    }
    let Ok(doc) = crate::source::parse(text) else {
        return;
    };
    attach_with(&doc, root, issues);
}

/// [`attach_fixes`] on an already parsed document.
pub(crate) fn attach_with(doc: &Document<'_>, root: &'static Node, issues: &mut [Issue]) {
    let mut drafts: Vec<(usize, Vec<Draft>)> = Vec::new();
    for (n, issue) in issues.iter().enumerate() {
        if issue.range.is_none() || !FIXABLE.contains(&issue.code) {
            continue;
        }
        let found = rules::fixes_for(doc, root, issue);
        if !found.is_empty() {
            drafts.push((n, found));
        }
    }
    drop_doubled_keys(&mut drafts);
    let spans = drafts
        .iter()
        .flat_map(|(_, d)| d.iter().flat_map(|f| f.edits.iter().map(|(span, _)| *span)));
    let mut ranges = crate::source::ranges_of(doc.text(), spans).into_iter();
    for (n, found) in drafts {
        let mut fixes = Vec::with_capacity(found.len());
        for draft in found {
            let mut edits = Vec::with_capacity(draft.edits.len());
            for (_, new_text) in draft.edits {
                if let Some(Some(range)) = ranges.next() {
                    edits.push(TextEdit { range, new_text });
                }
            }
            fixes.push(Fix {
                title: draft.title,
                edits,
            });
        }
        if let Some(issue) = issues.get_mut(n) {
            issue.fixes = fixes;
        }
    }
}

/// A misspelled key and the missing field it is a typo of (`"imgae"` and a missing `image`) both
/// get a fix that gives the object that key: keep the rename (it keeps the value), drop the insert.
fn drop_doubled_keys(drafts: &mut Vec<(usize, Vec<Draft>)>) {
    let renamed: Vec<(Vec<PathSegment>, String)> = drafts
        .iter()
        .flat_map(|(_, found)| found.iter())
        .filter_map(|d| match &d.key {
            Some(KeyEffect::Renamed(object, key)) => Some((object.clone(), key.clone())),
            _ => None,
        })
        .collect();
    for (_, found) in drafts.iter_mut() {
        found.retain(|d| match &d.key {
            Some(KeyEffect::Added(object, key)) => {
                !renamed.iter().any(|(o, k)| o == object && k == key)
            }
            _ => true,
        });
    }
    drafts.retain(|(_, found)| !found.is_empty());
}
