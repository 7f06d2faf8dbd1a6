//! JSON text → a parsed [`Document`] or one issue, and issue paths → source ranges (for editors).
//!
//! - `parse(text)` returns the document, or one `invalidJson` / `nestingTooDeep` /
//!   `stringTooLong` / `documentTooLarge` issue with a range;
//! - `attach_ranges(doc, issues)` fills `Issue::range` from each issue's path and anchor, from the
//!   spans the parser kept. It is only called when there are issues;
//! - `validate(text, origin, rules)` is the one pipeline every entry takes (Rust text, JS string or
//!   object, `/job`, Standard Schema, the CLI): parse → rules → locate → document order → report.
//!
//! Parsing follows JS `JSON.parse` (see [`crate::json`]); a leading byte order mark is an error.
//! Limits, all documented in docs/job-rules.md: [`MAX_DOCUMENT_BYTES`], [`MAX_NESTING`] and
//! [`MAX_STRING_BYTES`].

use crate::diagnostics::{Issue, Position, Range};
use rules::{DOCUMENT_TOO_LARGE, INVALID_JSON, NESTING_TOO_DEEP, STRING_TOO_LONG};

mod collect;
mod locate;
pub(crate) mod order;
pub mod rules;
mod validate;

pub use collect::Collector;
pub(crate) use locate::Step;
pub use validate::{refuse_too_large, validate, Origin};

use crate::json::{Document, ParseErrorKind, Span, MAX_NESTING, MAX_STRING_BYTES};
use locate::Locator;

/// Documents longer than this (10 MiB of UTF-8) are refused with one `documentTooLarge` issue,
/// before parsing. The largest real job definitions are a few KB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// The `documentTooLarge` issue for a document of `size` `unit`s, with an empty range at the start
/// of the text: the whole document is the problem (and from JS it is refused before it is read).
pub fn too_large(size: usize, unit: &str) -> Issue {
    let mut issue = Issue::new(
        &DOCUMENT_TOO_LARGE,
        Vec::new(),
        format!("The document is {size} {unit} long; the limit is {MAX_DOCUMENT_BYTES} bytes of UTF-8 (10 MiB)"),
    )
    .with_hint("Job definitions are a few KB: look for data that belongs in a volume or a resource.");
    let start = Position {
        line: 1,
        column: 1,
        offset: 0,
    };
    issue.range = Some(Range { start, end: start });
    issue
}

/// Parses JSON text like `JSON.parse` (see [`crate::json`] for the differences); a syntax error, a
/// too-deep or too-large document becomes one issue with a range.
pub fn parse(text: &str) -> Result<Document<'_>, Box<Issue>> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Box::new(too_large(text.len(), "bytes")));
    }
    if text.starts_with('\u{FEFF}') {
        let issue = Issue::new(
            &INVALID_JSON,
            Vec::new(),
            "The text starts with a byte order mark (BOM), which JSON.parse rejects",
        )
        .with_hint("Save the file as UTF-8 without BOM.");
        return Err(Box::new(with_range(issue, text, 0)));
    }
    Document::parse(text).map_err(|err| {
        let issue = match err.kind {
            ParseErrorKind::TooDeep => Issue::new(
                &NESTING_TOO_DEEP,
                Vec::new(),
                format!("Arrays and objects are nested {MAX_NESTING} levels deep or more"),
            )
            .with_hint("No job definition needs this depth; flatten the structure."),
            ParseErrorKind::StringTooLong => Issue::new(
                &STRING_TOO_LONG,
                Vec::new(),
                format!("A string is longer than {MAX_STRING_BYTES} bytes (1 MiB)"),
            )
            .with_hint("Put large data in a volume or a resource, not in the job definition."),
            kind => {
                let mut message = kind.message().to_owned();
                if let Some(first) = message.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                Issue::new(
                    &INVALID_JSON,
                    Vec::new(),
                    format!("Invalid JSON: {message}"),
                )
            }
        };
        Box::new(with_range(issue, text, err.offset))
    })
}

/// Sets a one-character range at byte `offset` (empty at the end of the text).
fn with_range(mut issue: Issue, text: &str, offset: usize) -> Issue {
    let mut cursor = Cursor::new(text.as_bytes());
    while cursor.i < offset {
        cursor.bump();
    }
    let start = cursor.position();
    if cursor.i < text.len() {
        cursor.bump();
        while cursor.i < text.len() && !text.is_char_boundary(cursor.i) {
            cursor.bump();
        }
    }
    issue.range = Some(Range {
        start,
        end: cursor.position(),
    });
    issue
}

/// Walks bytes, keeping line and UTF-16 column/offset.
struct Cursor<'t> {
    bytes: &'t [u8],
    i: usize,
    line: u32,
    line_start: u32,
    utf16: u32,
}

impl<'t> Cursor<'t> {
    fn new(bytes: &'t [u8]) -> Self {
        Self {
            bytes,
            i: 0,
            line: 1,
            line_start: 0,
            utf16: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn bump(&mut self) {
        let Some(b) = self.peek() else { return };
        self.i += 1;
        match b {
            b'\n' => {
                self.utf16 += 1;
                self.line += 1;
                self.line_start = self.utf16;
            }
            b'\r' => {
                self.utf16 += 1;
                if self.peek() != Some(b'\n') {
                    self.line += 1;
                    self.line_start = self.utf16;
                }
            }
            0x80..=0xBF => {}               // UTF-8 continuation byte
            0xF0..=0xFF => self.utf16 += 2, // 4-byte sequence: a surrogate pair
            _ => self.utf16 += 1,
        }
    }

    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.utf16 - self.line_start + 1,
            offset: self.utf16,
        }
    }
}

/// The [`Position`] of each byte offset in `offsets` (sorted, deduplicated), in one pass with the
/// bookkeeping of [`Cursor`].
fn positions(text: &str, offsets: &[usize]) -> Vec<Position> {
    let bytes = text.as_bytes();
    let (mut i, mut line, mut line_start, mut utf16) = (0usize, 1u32, 0u32, 0u32);
    let mut out = Vec::with_capacity(offsets.len());
    for &offset in offsets {
        let stop = offset.min(bytes.len());
        // `Cursor::bump`, inlined into one loop.
        while i < stop {
            let b = bytes.get(i).copied().unwrap_or(0);
            i += 1;
            match b {
                b'\n' => {
                    utf16 += 1;
                    line += 1;
                    line_start = utf16;
                }
                b'\r' => {
                    utf16 += 1;
                    if bytes.get(i) != Some(&b'\n') {
                        line += 1;
                        line_start = utf16;
                    }
                }
                0x80..=0xBF => {}
                0xF0..=0xFF => utf16 += 2,
                _ => utf16 += 1,
            }
        }
        out.push(Position {
            line,
            column: utf16 - line_start + 1,
            offset: utf16,
        });
    }
    out
}

/// Fills `range` for every issue that has none, from its path and anchor, by walking the parsed
/// document (values and keys carry their byte spans). A missing member points at its object's key
/// or opening brace; any other path that is not in the document falls back to its nearest ancestor
/// (see `Locator::locate`).
pub fn attach_ranges(doc: &Document<'_>, issues: &mut [Issue]) {
    let mut locator = Locator::default();
    let mut spans: Vec<(usize, Span)> = Vec::new();
    for (n, issue) in issues.iter().enumerate() {
        if issue.range.is_none() {
            spans.push((
                n,
                locator.locate_path(doc.root(), &issue.path, issue.anchor),
            ));
        }
    }
    let ranges = ranges_of(doc.text(), spans.iter().map(|(_, span)| *span));
    for ((n, _), range) in spans.into_iter().zip(ranges) {
        if let Some(issue) = issues.get_mut(n) {
            issue.range = range;
        }
    }
}

/// The byte span each issue points at (its path and anchor; see [`attach_ranges`]), in order.
pub(crate) fn locate(doc: &Document<'_>, issues: &[Issue]) -> Vec<Span> {
    let mut locator = Locator::default();
    issues
        .iter()
        .map(|issue| locator.locate_path(doc.root(), &issue.path, issue.anchor))
        .collect()
}

/// The [`Range`] of each byte span of `text`, in one pass over the text.
pub(crate) fn ranges_of(
    text: &str,
    spans: impl Iterator<Item = Span> + Clone,
) -> Vec<Option<Range>> {
    let mut offsets: Vec<usize> = spans.clone().flat_map(|s| [s.start, s.end]).collect();
    if offsets.is_empty() {
        return Vec::new();
    }
    order::sort_usizes(&mut offsets);
    offsets.dedup();
    let found = positions(text, &offsets);
    let at = |offset: usize| {
        offsets
            .binary_search(&offset)
            .ok()
            .and_then(|k| found.get(k).copied())
    };
    // Every offset was looked up above, so `at` always finds it.
    spans
        .map(|span| {
            Some(Range {
                start: at(span.start)?,
                end: at(span.end)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
