//! JSON text → values, and issue paths → source ranges (for editors).
//!
//! Contract used by the rest of the crate:
//! - `parse(text)` returns the value, or one `invalidJson` (or `nestingTooDeep`) issue with a range;
//! - `attach_ranges(text, issues)` fills `Issue::range` from each issue's path and anchor.
//!   It is only called when there are issues, so valid documents never pay for it.
//!
//! Parsing follows JS `JSON.parse`: duplicate keys keep the last value, a leading byte order mark is
//! an error. Limits (see docs/job-rules.md): nesting deeper than 128 arrays/objects is refused
//! (serde_json's recursion limit); numbers beyond f64 (`1e400`) and lone UTF-16 surrogate escapes
//! (`"\ud800"`) are refused, where `JSON.parse` would give `Infinity` or a lone surrogate.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostics::{Anchor, Issue, PathSegment, Position, Range};
use crate::job::rules::{INVALID_JSON, NESTING_TOO_DEEP};

/// serde_json's parse recursion limit: arrays/objects nested deeper are refused.
pub const MAX_NESTING: usize = 128;

/// Parses JSON text like `JSON.parse` (see the module docs for the differences).
pub fn parse(text: &str) -> Result<Value, Box<Issue>> {
    if text.starts_with('\u{FEFF}') {
        let issue = Issue::new(
            &INVALID_JSON,
            Vec::new(),
            "The text starts with a byte order mark (BOM), which JSON.parse rejects",
        )
        .with_hint("Save the file as UTF-8 without BOM.");
        return Err(Box::new(with_range(issue, text, 0)));
    }
    serde_json::from_str(text).map_err(|err| {
        let full = err.to_string();
        let message = full
            .rfind(" at line ")
            .and_then(|at| full.get(..at))
            .unwrap_or(&full);
        let offset = byte_offset(text, err.line(), err.column());
        let issue = if message.contains("recursion limit") {
            Issue::new(
                &NESTING_TOO_DEEP,
                Vec::new(),
                format!("Arrays and objects are nested more than {MAX_NESTING} levels deep"),
            )
            .with_hint("No job definition needs this depth; flatten the structure.")
        } else {
            let mut message = message.to_owned();
            if let Some(first) = message.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            Issue::new(
                &INVALID_JSON,
                Vec::new(),
                format!("Invalid JSON: {message}"),
            )
        };
        Box::new(with_range(issue, text, offset))
    })
}

/// serde_json reports 1-based lines and byte columns; turn them into a byte offset on a char boundary.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    if line > 1 {
        let mut seen = 1;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    line_start = i + 1;
                    break;
                }
            }
        }
    }
    let mut offset = (line_start + column.saturating_sub(1)).min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
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

/// Walks bytes for [`locate`]: byte offsets only. Lines and UTF-16 columns are worked out once, at
/// the end, for the few offsets that become ranges ([`positions`]).
struct Scan<'t> {
    bytes: &'t [u8],
    i: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn bump(&mut self) {
        if self.i < self.bytes.len() {
            self.i += 1;
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// At an opening quote: skips the string; returns its contents' byte span (without quotes).
    fn string(&mut self) -> (usize, usize) {
        self.bump();
        let start = self.i;
        loop {
            let rest = self.bytes.get(self.i..).unwrap_or(&[]);
            let Some(n) = rest.iter().position(|&b| b == b'"' || b == b'\\') else {
                self.i = self.bytes.len();
                return (start, self.i);
            };
            self.i += n;
            if rest.get(n) == Some(&b'"') {
                let end = self.i;
                self.i += 1;
                return (start, end);
            }
            self.bump();
            self.bump();
        }
    }

    /// Skips a number, `true`, `false` or `null`.
    fn scalar(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':') {
                break;
            }
            self.i += 1;
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

/// A byte span `(start, end)` in the text.
type Span = (usize, usize);

/// A trie of the issue paths, so one pass over the text locates every issue.
#[derive(Default)]
struct Node {
    keys: HashMap<String, usize>,
    indexes: HashMap<usize, usize>,
    value: Option<Span>,
    key: Option<Span>,
}

struct Trie {
    nodes: Vec<Node>,
}

impl Trie {
    fn child(&self, node: Option<usize>, segment: Seg<'_>) -> Option<usize> {
        let n = self.nodes.get(node?)?;
        match segment {
            Seg::Key(k) => n.keys.get(k).copied(),
            Seg::Index(i) => n.indexes.get(&i).copied(),
        }
    }

    fn insert(&mut self, path: &[PathSegment]) {
        let mut at = 0;
        for segment in path {
            let next = self.nodes.len();
            let Some(node) = self.nodes.get_mut(at) else {
                return;
            };
            let child = match segment {
                PathSegment::Key(k) => *node.keys.entry(k.clone()).or_insert(next),
                PathSegment::Index(i) => *node.indexes.entry(*i).or_insert(next),
            };
            if child == next {
                self.nodes.push(Node::default());
            }
            at = child;
        }
    }

    fn node_mut(&mut self, node: Option<usize>) -> Option<&mut Node> {
        self.nodes.get_mut(node?)
    }
}

#[derive(Clone, Copy)]
enum Seg<'k> {
    Key(&'k str),
    Index(usize),
}

struct Frame {
    object: bool,
    node: Option<usize>,
    start: usize,
    index: usize,
}

/// Fills `range` for every issue that has none, from its path and anchor, in one pass over `text`.
/// A path that is not in the text (e.g. the text differs from the validated value) falls back to its
/// nearest located ancestor.
pub fn attach_ranges(text: &str, issues: &mut [Issue]) {
    let mut trie = Trie {
        nodes: vec![Node::default()],
    };
    let mut any = false;
    for issue in issues.iter().filter(|i| i.range.is_none()) {
        trie.insert(&issue.path);
        any = true;
    }
    if !any {
        return;
    }
    locate(text, &mut trie);
    let mut spans: Vec<(usize, Span)> = Vec::new();
    for (n, issue) in issues.iter().enumerate() {
        if issue.range.is_some() {
            continue;
        }
        let mut best = trie.nodes.first().and_then(|n| n.value);
        let mut at = Some(0);
        let last = issue.path.len();
        for (depth, segment) in issue.path.iter().enumerate() {
            let seg = match segment {
                PathSegment::Key(k) => Seg::Key(k),
                PathSegment::Index(i) => Seg::Index(*i),
            };
            at = trie.child(at, seg);
            let Some(node) = at.and_then(|n| trie.nodes.get(n)) else {
                break;
            };
            let key_range = (depth + 1 == last && issue.anchor == Anchor::Key)
                .then_some(node.key)
                .flatten();
            if let Some(range) = key_range.or(node.value) {
                best = Some(range);
            }
        }
        if let Some(span) = best {
            spans.push((n, span));
        }
    }
    let mut offsets: Vec<usize> = spans.iter().flat_map(|(_, (a, b))| [*a, *b]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let found = positions(text, &offsets);
    let at = |offset: usize| {
        offsets
            .binary_search(&offset)
            .ok()
            .and_then(|k| found.get(k).copied())
    };
    for (n, (start, end)) in spans {
        if let (Some(issue), Some(start), Some(end)) = (issues.get_mut(n), at(start), at(end)) {
            issue.range = Some(Range { start, end });
        }
    }
}

/// The single pass: an iterative scanner (no recursion) that records the ranges of trie paths.
fn locate(text: &str, trie: &mut Trie) {
    #[derive(PartialEq)]
    enum State {
        Value,
        KeyOrEnd,
        ValueOrEnd,
        AfterValue,
    }
    let mut c = Scan {
        bytes: text.as_bytes(),
        i: 0,
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut state = State::Value;
    let mut target: Option<usize> = Some(0);
    loop {
        c.skip_ws();
        let Some(b) = c.peek() else { return };
        match state {
            State::Value => {
                let start = c.i;
                match b {
                    b'{' | b'[' => {
                        c.bump();
                        stack.push(Frame {
                            object: b == b'{',
                            node: target,
                            start,
                            index: 0,
                        });
                        state = if b == b'{' {
                            State::KeyOrEnd
                        } else {
                            State::ValueOrEnd
                        };
                        continue;
                    }
                    b'"' => {
                        c.string();
                    }
                    _ => {
                        let before = c.i;
                        c.scalar();
                        if c.i == before {
                            return; // not JSON: stop quietly
                        }
                    }
                }
                let end = c.i;
                if let Some(node) = trie.node_mut(target) {
                    node.value = Some((start, end));
                }
                state = State::AfterValue;
            }
            State::KeyOrEnd => {
                if b == b'}' {
                    state = State::AfterValue;
                    close(&mut c, &mut stack, trie);
                    continue;
                }
                if b != b'"' {
                    return;
                }
                let parent = stack.last().and_then(|f| f.node);
                let start = c.i;
                let (from, to) = c.string();
                let end = c.i;
                target = None;
                if let Some(raw) = text.get(from..to) {
                    if trie
                        .nodes
                        .get(parent.unwrap_or(usize::MAX))
                        .is_some_and(|n| !n.keys.is_empty())
                    {
                        target = if raw.contains('\\') {
                            let decoded: Option<String> = text
                                .get(from.saturating_sub(1)..to + 1)
                                .and_then(|quoted| serde_json::from_str(quoted).ok());
                            decoded.and_then(|k| trie.child(parent, Seg::Key(&k)))
                        } else {
                            trie.child(parent, Seg::Key(raw))
                        };
                    }
                }
                if let Some(node) = trie.node_mut(target) {
                    node.key = Some((start, end));
                }
                c.skip_ws();
                if c.peek() != Some(b':') {
                    return;
                }
                c.bump();
                state = State::Value;
            }
            State::ValueOrEnd => {
                if b == b']' {
                    state = State::AfterValue;
                    close(&mut c, &mut stack, trie);
                    continue;
                }
                let parent = stack.last().and_then(|f| f.node);
                target = trie.child(parent, Seg::Index(0));
                state = State::Value;
            }
            State::AfterValue => match b {
                b',' => {
                    c.bump();
                    let Some(frame) = stack.last_mut() else {
                        return;
                    };
                    if frame.object {
                        state = State::KeyOrEnd;
                    } else {
                        frame.index += 1;
                        let (node, index) = (frame.node, frame.index);
                        target = trie.child(node, Seg::Index(index));
                        state = State::Value;
                    }
                }
                b'}' | b']' => close(&mut c, &mut stack, trie),
                _ => return,
            },
        }
        if stack.is_empty() && state == State::AfterValue {
            return;
        }
    }
}

/// At a closing bracket: records the container's range and pops it.
fn close(c: &mut Scan<'_>, stack: &mut Vec<Frame>, trie: &mut Trie) {
    c.bump();
    if let Some(frame) = stack.pop() {
        if let Some(node) = trie.node_mut(frame.node) {
            node.value = Some((frame.start, c.i));
        }
    }
}

#[cfg(test)]
mod tests;
