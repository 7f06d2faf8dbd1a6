//! Applying fixes to text: UTF-16 offsets to bytes, conflicts left out, edits from the end.

use crate::diagnostics::Issue;

use crate::lang::scan::byte_offset;

/// One edit by UTF-16 offsets (`end` exclusive), as a caller's issue carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditAt {
    pub start: usize,
    pub end: usize,
    pub new_text: String,
}

/// Applies the first fix of each issue (see [`apply_edits`]).
pub fn apply_fixes(text: &str, issues: &[Issue]) -> String {
    let fixes: Vec<Vec<EditAt>> = issues
        .iter()
        .filter_map(|issue| issue.fixes.first())
        .map(|fix| {
            fix.edits
                .iter()
                .map(|e| EditAt {
                    start: e.range.start.offset as usize,
                    end: e.range.end.offset as usize,
                    new_text: e.new_text.clone(),
                })
                .collect()
        })
        .collect();
    apply_edits(text, &fixes)
}

/// Applies fixes (each a list of edits, all or nothing) to `text`, in order: a fix is left out
/// when one of its edits is out of the text, or overlaps or touches an edit of a fix already
/// taken (two edits at one place could combine into broken JSON; validate again and apply the
/// rest then).
pub fn apply_edits(text: &str, fixes: &[Vec<EditAt>]) -> String {
    let units = text.encode_utf16().count();
    let mut taken: Vec<(usize, usize, &str)> = Vec::new();
    for fix in fixes {
        let mut spans = Vec::with_capacity(fix.len());
        let ok = fix.iter().all(|e| {
            let fits = e.start <= e.end && e.end <= units;
            let (start, end) = (byte_offset(text, e.start), byte_offset(text, e.end));
            spans.push((start, end, e.new_text.as_str()));
            fits
        });
        let clear =
            |(s, e, _): &(usize, usize, &str)| taken.iter().all(|(ts, te, _)| e < ts || s > te);
        if !ok || !spans.iter().all(clear) || overlapping(&spans) {
            continue;
        }
        taken.extend(spans);
    }
    // Edits in text order (the taken spans never overlap nor touch), through the one sort the
    // issue pipeline links: no copy of the sort code for these tuples in the wasm.
    let order = crate::source::order::stable_order(taken.iter().map(|(start, _, _)| *start));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, new_text) in crate::source::order::permuted(taken, &order) {
        out.push_str(text.get(at..start).unwrap_or(""));
        out.push_str(new_text);
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Whether two edits of one fix overlap or touch (a fix has a handful of edits: no sort needed).
fn overlapping(spans: &[(usize, usize, &str)]) -> bool {
    spans.iter().enumerate().any(|(n, (s, e, _))| {
        spans
            .iter()
            .skip(n + 1)
            .any(|(os, oe, _)| !(e < os || s > oe))
    })
}
