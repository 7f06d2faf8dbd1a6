//! A [`Document`] built from a tape that JavaScript wrote while walking a value already in memory
//! (`src/wasm/object_tape.js`): the crossing for objects, which skips writing JSON text in JS and
//! parsing it again here (docs/benchmarks.md, "Object crossing").
//!
//! The tape is a list of `i32` tags in document order ([`tag`]); numbers come in their own list,
//! and the contents of every string and key, in order, back to back in one text (the walker gives
//! up on a string that ends in a lone high surrogate, which the encoder could pair with the next
//! string's lone low one). Strings are measured in UTF-16 code units, as JS knows them.
//!
//! There is no JSON text: a node's span is its index in the tape order (`start`) and the index
//! after its subtree (`end`). Spans only order issues when the input is a value (the caller never
//! saw any text, so issues get no ranges), and node order is document order, as text offsets are.
//!
//! Building never fails: a tape that breaks the rules (only a bug in the walker could write one)
//! reads missing tags as `null`, cuts strings at the end of the text and closes what is open.

use super::{find_marker, Document, Node, Num, Slot, Str};

/// The tags of the tape.
pub mod tag {
    pub const NULL: i32 = 0;
    pub const FALSE: i32 = 1;
    pub const TRUE: i32 = 2;
    /// The next number of the number list.
    pub const NUMBER: i32 = 3;
    /// Followed by the string's length in UTF-16 code units.
    pub const STRING: i32 = 4;
    pub const ARRAY: i32 = 5;
    pub const OBJECT: i32 = 6;
    /// Closes the innermost array or object.
    pub const CLOSE: i32 = 7;
    /// An object member's key, followed by its length in UTF-16 code units; its value follows.
    pub const KEY: i32 = 8;
}

/// An open container: its node, its child count, the key node of its current member.
struct Open {
    at: u32,
    object: bool,
    len: u32,
    key: Option<u32>,
    marker: bool,
}

struct Builder<'t> {
    text: &'t str,
    /// Where the next string starts in `text`.
    at: usize,
    /// Every character of `text` is one byte: lengths in UTF-16 units are lengths in bytes.
    ascii: bool,
    nodes: Vec<Node>,
    stack: Vec<Open>,
}

impl Document<'_> {
    /// The document a JS walker wrote as `tape`, `numbers` and `text` (see the module docs).
    pub fn from_tape<'t>(text: &'t str, tape: &[i32], numbers: &[f64]) -> Document<'t> {
        let mut builder = Builder {
            text,
            at: 0,
            ascii: text.is_ascii(),
            nodes: super::parse::spare_nodes(),
            stack: Vec::new(),
        };
        builder.nodes.reserve(tape.len());
        let mut numbers = numbers.iter();
        let mut tags = tape.iter().copied();
        while let Some(t) = tags.next() {
            match t {
                tag::FALSE => builder.leaf(Slot::Bool(false)),
                tag::TRUE => builder.leaf(Slot::Bool(true)),
                // `+ 0.0`: -0 becomes 0, as `JSON.stringify(-0)` writes `0`.
                tag::NUMBER => {
                    let n = numbers.next().copied().unwrap_or_default() + 0.0;
                    builder.leaf(Slot::Number(Num::new(n)));
                }
                tag::STRING => {
                    let s = builder.string(tags.next().unwrap_or_default());
                    builder.leaf(Slot::String(s));
                }
                tag::KEY => {
                    let name = builder.string(tags.next().unwrap_or_default());
                    builder.key(name);
                }
                tag::ARRAY | tag::OBJECT => builder.open(t == tag::OBJECT),
                tag::CLOSE => builder.close(),
                _ => builder.leaf(Slot::Null),
            }
        }
        while !builder.stack.is_empty() {
            builder.close();
        }
        Document {
            text,
            nodes: builder.nodes,
            decoded: String::new(),
        }
    }
}

// Node indices fit in u32: the walker hands over tapes far shorter.
#[allow(clippy::cast_possible_truncation)]
fn index(i: usize) -> u32 {
    i as u32
}

impl Builder<'_> {
    /// The next string of the text, `units` UTF-16 code units long.
    fn string(&mut self, units: i32) -> Str {
        let units = usize::try_from(units).unwrap_or_default();
        let from = self.at;
        let rest = self.text.get(from..).unwrap_or_default();
        let len = if self.ascii {
            units.min(rest.len())
        } else {
            utf8_len(rest, units)
        };
        self.at = from + len;
        let marker = rest.get(..len).is_some_and(|s| find_marker(s).is_some());
        if marker {
            if let Some(open) = self.stack.last_mut() {
                open.marker = true;
            }
        }
        Str::new(index(from), index(from + len), false, marker)
    }

    fn push(&mut self, slot: Slot) {
        let at = index(self.nodes.len());
        self.nodes.push(Node {
            slot,
            start: at,
            end: at + 1,
        });
    }

    /// A value that is not a container; it completes its parent's element or member.
    fn leaf(&mut self, slot: Slot) {
        self.push(slot);
        self.completed();
    }

    fn key(&mut self, name: Str) {
        let at = index(self.nodes.len());
        self.push(Slot::Key {
            name,
            next: at + 2,
            shadowed: false,
        });
        if let Some(open) = self.stack.last_mut() {
            open.key = Some(at);
        }
    }

    fn open(&mut self, object: bool) {
        let at = index(self.nodes.len());
        self.push(Slot::Null); // the real slot is written by `close`
        self.stack.push(Open {
            at,
            object,
            len: 0,
            key: None,
            marker: false,
        });
    }

    fn close(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        let end = index(self.nodes.len());
        if let Some(node) = self.nodes.get_mut(open.at as usize) {
            node.end = end;
            let (len, marker) = (open.len, open.marker);
            node.slot = if open.object {
                Slot::Object { end, len, marker }
            } else {
                Slot::Array { end, len, marker }
            };
        }
        if open.marker {
            if let Some(parent) = self.stack.last_mut() {
                parent.marker = true;
            }
        }
        self.completed();
    }

    /// A value just ended: it is one more child of the open container, and the key of an
    /// object member learns where the next member starts.
    fn completed(&mut self) {
        let end = index(self.nodes.len());
        let Some(open) = self.stack.last_mut() else {
            return;
        };
        open.len += 1;
        if let Some(key) = open.key.take() {
            if let Some(Node {
                slot: Slot::Key { next, .. },
                ..
            }) = self.nodes.get_mut(key as usize)
            {
                *next = end;
            }
        }
    }
}

/// The bytes of the first `units` UTF-16 code units of `s` (a character beyond U+FFFF, four bytes
/// of UTF-8, is two units).
fn utf8_len(s: &str, units: usize) -> usize {
    let mut left = units;
    for (at, &b) in s.as_bytes().iter().enumerate() {
        // Each character's first byte (not a continuation byte `10xxxxxx`).
        if b & 0xC0 != 0x80 {
            if left == 0 {
                return at;
            }
            left = left.saturating_sub(if b >= 0xF0 { 2 } else { 1 });
        }
    }
    s.len()
}
