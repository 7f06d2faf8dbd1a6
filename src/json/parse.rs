//! The parser: one iterative pass (no recursion, so depth costs no stack), nodes pushed in document
//! order, strings borrowed from the text unless they hold escapes.

use std::cell::Cell;
use std::collections::HashSet;

use super::{Document, Node, Num, Slot, Str};

/// Arrays and objects may be nested at most `MAX_NESTING - 1` levels deep (127, as serde_json's
/// recursion limit allowed before); the 128th level is refused.
pub const MAX_NESTING: usize = 128;

/// Strings (and keys) longer than this many bytes of UTF-8 (1 MiB) are refused: no field of a job
/// definition needs one, and every string rule would otherwise scan it.
pub const MAX_STRING_BYTES: usize = 1024 * 1024;

/// Why text is not JSON, and where (a byte offset in the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub kind: ParseErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The text ends before the value does.
    UnexpectedEnd,
    /// Something other than a value where a value must be.
    ExpectedValue,
    /// Something other than a `"key"` where an object member must start.
    ExpectedKey,
    ExpectedColon,
    ExpectedCommaOrBrace,
    ExpectedCommaOrBracket,
    /// More than whitespace after the value.
    TrailingCharacters,
    /// A raw control character (U+0000–U+001F) inside a string.
    ControlCharacter,
    InvalidEscape,
    InvalidNumber,
    /// A number beyond f64 (`1e400`).
    NumberOutOfRange,
    /// [`MAX_NESTING`] levels of arrays/objects.
    TooDeep,
    /// A string longer than [`MAX_STRING_BYTES`] (the offset is its opening quote).
    StringTooLong,
    /// The text is longer than the 4 GiB a span can address.
    TooLong,
}

impl ParseErrorKind {
    /// What went wrong, as a sentence fragment ("expected `:` after an object key").
    pub fn message(self) -> &'static str {
        match self {
            Self::UnexpectedEnd => "the text ends before the JSON value does",
            Self::ExpectedValue => {
                "expected a value (object, array, string, number, true, false or null)"
            }
            Self::ExpectedKey => "expected a member name in double quotes",
            Self::ExpectedColon => "expected \":\" after the member name",
            Self::ExpectedCommaOrBrace => "expected \",\" or \"}\" after the object member",
            Self::ExpectedCommaOrBracket => "expected \",\" or \"]\" after the array element",
            Self::TrailingCharacters => "unexpected text after the JSON value",
            Self::ControlCharacter => {
                "control character in a string (write it as an escape, e.g. \\n)"
            }
            Self::InvalidEscape => "invalid escape in a string",
            Self::InvalidNumber => "invalid number",
            Self::NumberOutOfRange => "number out of range (beyond a 64-bit float)",
            Self::TooDeep => "arrays and objects nested too deep",
            Self::StringTooLong => "a string is too long",
            Self::TooLong => "the text is too long",
        }
    }
}

pub(super) fn parse(text: &str) -> Result<Document<'_>, ParseError> {
    if u32::try_from(text.len()).is_err() {
        return Err(ParseError {
            offset: 0,
            kind: ParseErrorKind::TooLong,
        });
    }
    let mut nodes = SPARE_NODES.take();
    nodes.clear();
    // At most about one node per 8 bytes in a typical job definition; big documents grow it (long
    // strings would make the estimate far too large).
    nodes.reserve((text.len() / 8 + 4).min(4096));
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        i: 0,
        nodes,
        decoded: String::new(),
        stack: SPARE_STACK.take(),
        keys: Vec::new(),
    };
    let parsed = parser.document();
    parser.stack.clear();
    SPARE_STACK.set(parser.stack);
    match parsed {
        Ok(()) => Ok(Document {
            text,
            nodes: parser.nodes,
            decoded: parser.decoded,
        }),
        Err(err) => {
            recycle(parser.nodes);
            Err(err)
        }
    }
}

// The buffers of the last parse, reused by the next one: validating is one parse after another,
// and allocating and freeing them was ~5% of a call. Buffers of big documents are not kept.
thread_local! {
    static SPARE_NODES: Cell<Vec<Node>> = const { Cell::new(Vec::new()) };
    static SPARE_STACK: Cell<Vec<Open>> = const { Cell::new(Vec::new()) };
}

/// Nodes kept for the next parse at most (384 KiB).
const SPARE_NODES_MAX: usize = 16 * 1024;

/// Takes back the node buffer of a dropped document.
pub(super) fn recycle(nodes: Vec<Node>) {
    if nodes.capacity() <= SPARE_NODES_MAX {
        SPARE_NODES.set(nodes);
    }
}

/// An open container: its node, how many children it has so far, the key node of its current
/// member (objects), and whether a string below it contains `%%`.
struct Open {
    at: u32,
    object: bool,
    len: u32,
    key: u32,
    marker: bool,
}

struct Parser<'t> {
    bytes: &'t [u8],
    text: &'t str,
    i: usize,
    nodes: Vec<Node>,
    decoded: String,
    stack: Vec<Open>,
    /// Scratch for `mark_duplicates`: (key node, name) of the object being closed.
    keys: Vec<(u32, Str)>,
}

// Offsets fit in u32: `parse` refuses longer texts first.
#[allow(clippy::cast_possible_truncation)]
fn pos(i: usize) -> u32 {
    i as u32
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

const SPACES: u64 = ONES * 0x20;

/// The bytes of `x` (eight bytes of text, little-endian) that stop the scan of a string: `"`, `\`,
/// control characters, and `%` (to notice `%%` literal markers on the way). The high bit of each
/// such byte is set; the lowest set bit marks the first one exactly, since the borrows of the
/// classic SWAR test only run upward from a true hit.
fn stop_mask(x: u64) -> u64 {
    let below_space = x.wrapping_sub(SPACES);
    let equal = |b: u8| {
        let y = x ^ (ONES * u64::from(b));
        y.wrapping_sub(ONES) & !y
    };
    (below_space & !x | equal(b'"') | equal(b'\\') | equal(b'%')) & HIGHS
}

/// The eight bytes at `i`, little-endian; `None` near the end of the text.
fn chunk_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The index of the first byte at or after `i` that stops a string scan ([`stop_mask`]), or the
/// text's length: eight bytes at a time, byte by byte near the end.
fn scan_to_stop(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = chunk_at(bytes, i) {
        let mask = stop_mask(chunk);
        if mask != 0 {
            return i + bytes_before(mask);
        }
        i += 8;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    i + rest.iter().position(|&b| stops(b)).unwrap_or(rest.len())
}

/// An upper bound on the number of nodes of `bytes` as JSON: every value but the root follows a
/// `[`, `,` or `:`, and every key a `{` or `,`, outside strings. One pass, no allocation. For text
/// that is not JSON the bound is still at most one node per byte.
pub(super) fn node_bound(bytes: &[u8]) -> usize {
    let mut count = 1;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                // To the closing quote: skip escapes (`\"` does not close).
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'"' => break,
                        b'\\' => i += 2,
                        _ => i += 1,
                    }
                }
            }
            b',' | b':' | b'[' | b'{' => count += 1,
            _ => {}
        }
        i += 1;
    }
    count
}

/// [`stop_mask`] for one byte.
fn stops(b: u8) -> bool {
    matches!(b, 0x00..=0x1F | b'"' | b'\\' | b'%')
}

/// The number of bytes before the first one that [`stop_mask`] marks (8 when none does).
#[allow(clippy::cast_possible_truncation)]
fn bytes_before(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

impl Parser<'_> {
    fn err<T>(&self, kind: ParseErrorKind) -> Result<T, ParseError> {
        let kind = if self.i >= self.bytes.len() && kind != ParseErrorKind::TooDeep {
            ParseErrorKind::UnexpectedEnd
        } else {
            kind
        };
        Err(ParseError {
            offset: self.i.min(self.bytes.len()),
            kind,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        // A local index: stores to `self.i` in the loop cost as much as the scan.
        let bytes = self.bytes;
        let mut i = self.i;
        while let Some(&b) = bytes.get(i) {
            match b {
                b' ' | b'\r' | b'\t' => i += 1,
                b'\n' => {
                    // Pretty-printed text: an indent follows; its spaces go eight at a time.
                    i += 1;
                    while let Some(chunk) = chunk_at(bytes, i) {
                        let other = chunk ^ SPACES;
                        if other != 0 {
                            i += bytes_before(other);
                            break;
                        }
                        i += 8;
                    }
                }
                _ => break,
            }
        }
        self.i = i;
    }

    fn push(&mut self, slot: Slot, start: usize) {
        if self.nodes.len() == self.nodes.capacity() {
            self.grow();
        }
        self.nodes.push(Node {
            slot,
            start: pos(start),
            end: pos(self.i),
        });
    }

    /// Makes room for the nodes of a big document once, for all of them ([`node_bound`]), instead
    /// of doubling: doubling leaves up to half the buffer unused, and each step holds the old and
    /// the new buffer at once (wasm memory never shrinks, so that peak stays).
    #[cold]
    fn grow(&mut self) {
        let len = self.nodes.len();
        let bound = node_bound(self.bytes);
        let wanted = if bound > len {
            bound - len
        } else {
            len.max(64)
        };
        self.nodes.reserve_exact(wanted);
    }

    fn document(&mut self) -> Result<(), ParseError> {
        loop {
            self.value()?;
            // After a complete value: close containers, or move on to the next element/member.
            loop {
                self.skip_ws();
                let end = pos(self.nodes.len());
                let Some(open) = self.stack.last_mut() else {
                    return if self.i < self.bytes.len() {
                        self.err(ParseErrorKind::TrailingCharacters)
                    } else {
                        Ok(())
                    };
                };
                open.len += 1;
                let (object, key) = (open.object, open.key);
                if object {
                    // The member is complete: its key learns where the next one starts.
                    if let Some(Node {
                        slot: Slot::Key { next, .. },
                        ..
                    }) = self.nodes.get_mut(key as usize)
                    {
                        *next = end;
                    }
                }
                match (self.peek(), object) {
                    (Some(b','), _) => {
                        self.i += 1;
                        if object {
                            self.key()?;
                        }
                        break;
                    }
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.i += 1;
                        self.close();
                    }
                    (_, true) => return self.err(ParseErrorKind::ExpectedCommaOrBrace),
                    (_, false) => return self.err(ParseErrorKind::ExpectedCommaOrBracket),
                }
            }
        }
    }

    /// Parses one value; an opened container is left open (with its first key read, for objects)
    /// unless it is empty.
    fn value(&mut self) -> Result<(), ParseError> {
        loop {
            self.skip_ws();
            let start = self.i;
            match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    if self.stack.len() + 1 >= MAX_NESTING {
                        return self.err(ParseErrorKind::TooDeep);
                    }
                    self.i += 1;
                    let object = open == b'{';
                    let at = pos(self.nodes.len());
                    self.push(Slot::Null, start); // the real slot is written by `close`
                    self.stack.push(Open {
                        at,
                        object,
                        len: 0,
                        key: 0,
                        marker: false,
                    });
                    self.skip_ws();
                    let close = if object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.i += 1;
                        // Empty: closed at once; `document` counts it as its parent's child.
                        self.close();
                        return Ok(());
                    }
                    if object {
                        self.key()?;
                    }
                    // Loop: the first element or member value.
                }
                Some(b'"') => {
                    let s = self.string()?;
                    self.push(Slot::String(s), start);
                    return Ok(());
                }
                Some(b'-' | b'0'..=b'9') => {
                    let n = self.number()?;
                    self.push(Slot::Number(Num::new(n)), start);
                    return Ok(());
                }
                Some(b't') => return self.literal(b"true", Slot::Bool(true)),
                Some(b'f') => return self.literal(b"false", Slot::Bool(false)),
                Some(b'n') => return self.literal(b"null", Slot::Null),
                _ => return self.err(ParseErrorKind::ExpectedValue),
            }
        }
    }

    fn literal(&mut self, word: &[u8], slot: Slot) -> Result<(), ParseError> {
        let start = self.i;
        for &expected in word {
            if self.peek() != Some(expected) {
                return self.err(ParseErrorKind::ExpectedValue);
            }
            self.i += 1;
        }
        self.push(slot, start);
        Ok(())
    }

    /// Reads `"key" :` and pushes the key node.
    fn key(&mut self) -> Result<(), ParseError> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return self.err(ParseErrorKind::ExpectedKey);
        }
        let start = self.i;
        let name = self.string()?;
        let at = pos(self.nodes.len());
        self.push(
            Slot::Key {
                name,
                next: 0,
                shadowed: false,
            },
            start,
        );
        if let Some(open) = self.stack.last_mut() {
            open.key = at;
        }
        self.skip_ws();
        if self.peek() != Some(b':') {
            return self.err(ParseErrorKind::ExpectedColon);
        }
        self.i += 1;
        Ok(())
    }

    /// Closes the innermost container (its closing bracket already consumed).
    fn close(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        let end = pos(self.nodes.len());
        let at = self.i;
        if let Some(node) = self.nodes.get_mut(open.at as usize) {
            node.end = pos(at);
            let (len, marker) = (open.len, open.marker);
            node.slot = if open.object {
                Slot::Object { end, len, marker }
            } else {
                Slot::Array { end, len, marker }
            };
        }
        if open.marker {
            self.saw_marker();
        }
        if open.object && open.len > 1 {
            self.mark_duplicates(open.at, open.len);
        }
    }

    /// Flags every member whose key appears again later in the object (the last one wins).
    fn mark_duplicates(&mut self, object: u32, len: u32) {
        let text = self.text;
        let decoded = self.decoded.as_str();
        let name = |s: Str| {
            let source = if s.decoded() { decoded } else { text };
            source.as_bytes().get(s.range()).unwrap_or_default()
        };
        let key_at = |at: u32| match self.nodes.get(at as usize).map(|n| n.slot) {
            Some(Slot::Key { name, next, .. }) => Some((name, next)),
            _ => None,
        };
        let mut shadowed = Vec::new();
        // The last member's `next` is the object's end, where the parent's next key may sit:
        // walks are bounded by the member count.
        if len <= 16 {
            // First a one-pass filter: a bit per (length, first byte). Without a clash no two keys
            // can be equal, and the pairwise walk below is skipped (the usual case).
            let (mut seen, mut clash) = (0u64, false);
            let mut at = object + 1;
            for _ in 0..len {
                let Some((key, next)) = key_at(at) else { break };
                let first = name(key).first().copied().unwrap_or_default();
                let bit = 1u64 << ((key.len() + usize::from(first)) % 64);
                clash |= seen & bit != 0;
                seen |= bit;
                at = next;
            }
            if !clash {
                return;
            }
            // Pairwise, lengths first: objects are small, and most keys differ in length.
            let mut at = object + 1;
            for left in (0..len).rev() {
                let Some((key, next)) = key_at(at) else { break };
                let mut other_at = next;
                for _ in 0..left {
                    let Some((other, other_next)) = key_at(other_at) else {
                        break;
                    };
                    if other.len() == key.len() && name(other) == name(key) {
                        shadowed.push(at);
                        break;
                    }
                    other_at = other_next;
                }
                at = next;
            }
        } else {
            self.keys.clear();
            let mut at = object + 1;
            for _ in 0..len {
                let Some((key, next)) = key_at(at) else { break };
                self.keys.push((at, key));
                at = next;
            }
            let mut seen = HashSet::with_capacity(self.keys.len());
            for &(at, key) in self.keys.iter().rev() {
                if !seen.insert(name(key)) {
                    shadowed.push(at);
                }
            }
        }
        for at in shadowed {
            if let Some(Node {
                slot: Slot::Key { shadowed, .. },
                ..
            }) = self.nodes.get_mut(at as usize)
            {
                *shadowed = true;
            }
        }
    }

    /// Notes a `%%` marker in a string just read: on the innermost open container (closing
    /// passes it up to the parent).
    fn saw_marker(&mut self) {
        if let Some(open) = self.stack.last_mut() {
            open.marker = true;
        }
    }

    /// At an opening quote: reads a string; borrowed from the text unless it has escapes.
    fn string(&mut self) -> Result<Str, ParseError> {
        let bytes = self.bytes;
        let from = self.i + 1;
        let mut i = from;
        let mut marker = false;
        loop {
            i = scan_to_stop(bytes, i);
            match bytes.get(i) {
                Some(b'"') => {
                    if i - from > MAX_STRING_BYTES {
                        self.i = from - 1;
                        return self.err(ParseErrorKind::StringTooLong);
                    }
                    self.i = i + 1;
                    if marker {
                        self.saw_marker();
                    }
                    return Ok(Str::new(pos(from), pos(i), false, marker));
                }
                Some(b'%') => {
                    i += 1;
                    marker |= bytes.get(i) == Some(&b'%');
                }
                Some(b'\\') => {
                    self.i = i;
                    return self.escaped_string(from);
                }
                Some(_) => {
                    self.i = i;
                    return self.err(ParseErrorKind::ControlCharacter);
                }
                None => {
                    self.i = bytes.len();
                    return self.err(ParseErrorKind::UnexpectedEnd);
                }
            }
        }
    }

    /// The rest of a string that has escapes, decoded into `self.decoded`.
    fn escaped_string(&mut self, from: usize) -> Result<Str, ParseError> {
        let start = self.decoded.len();
        self.decoded
            .push_str(self.text.get(from..self.i).unwrap_or_default());
        loop {
            let run = self.i;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            self.decoded
                .push_str(self.text.get(run..self.i).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    if self.decoded.len() - start > MAX_STRING_BYTES {
                        self.i = from - 1;
                        return self.err(ParseErrorKind::StringTooLong);
                    }
                    let marker = self
                        .decoded
                        .get(start..)
                        .and_then(super::find_marker)
                        .is_some();
                    if marker {
                        self.saw_marker();
                    }
                    return Ok(Str::new(pos(start), pos(self.decoded.len()), true, marker));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let c = self.unicode_escape()?;
                            self.decoded.push(c);
                            continue;
                        }
                        _ => return self.err(ParseErrorKind::InvalidEscape),
                    };
                    self.i += 1;
                    self.decoded.push(c);
                }
                Some(_) => return self.err(ParseErrorKind::ControlCharacter),
                None => return self.err(ParseErrorKind::UnexpectedEnd),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return self.err(ParseErrorKind::InvalidEscape),
            };
            value = value * 16 + u32::from(digit);
            self.i += 1;
        }
        Ok(value)
    }

    /// After `\u`: one code point; a surrogate pair joins, a lone surrogate becomes U+FFFD.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let unit = self.hex4()?;
        if (0xD800..0xDC00).contains(&unit)
            && self.bytes.get(self.i..self.i + 2) == Some(b"\\u".as_slice())
        {
            let back = self.i;
            self.i += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.i = back; // not a low surrogate: it is read as its own escape next
        }
        Ok(char::from_u32(unit).unwrap_or('\u{FFFD}'))
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<f64, ParseError> {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let int_start = self.i;
        let int_len = self.digits();
        if int_len == 0 {
            return self.err(ParseErrorKind::InvalidNumber);
        }
        if int_len > 1 && self.bytes.get(int_start) == Some(&b'0') {
            self.i = int_start + 1;
            return self.err(ParseErrorKind::InvalidNumber);
        }
        let mut simple = true;
        if self.peek() == Some(b'.') {
            self.i += 1;
            simple = false;
            if self.digits() == 0 {
                return self.err(ParseErrorKind::InvalidNumber);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            simple = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.err(ParseErrorKind::InvalidNumber);
            }
        }
        // Integers of up to 15 digits are exact in f64: no float parsing needed.
        if simple && int_len <= 15 {
            let digits = self.bytes.get(int_start..self.i).unwrap_or_default();
            let n = digits
                .iter()
                .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
            #[allow(clippy::cast_precision_loss)]
            let n = n as f64;
            return Ok(if negative { -n } else { n });
        }
        let raw = self.text.get(start..self.i).unwrap_or_default();
        match raw.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => {
                self.i = start;
                self.err(ParseErrorKind::NumberOutOfRange)
            }
        }
    }
}
