//! A JSON document parsed once into a flat tape that borrows the text: the tree the validators walk.
//!
//! Why not `serde_json::Value`: building and freeing its B-tree maps and owned strings was ~60% of
//! the validation work (docs/benchmarks.md). Here a document is one `Vec` of nodes in document order
//! (each container knows where its subtree ends, so siblings are one step apart), strings are slices
//! of the text (escaped ones are decoded once into one side buffer), and every value and key keeps
//! its byte span, so issue ranges need no second scan.
//!
//! Semantics follow JS `JSON.parse`: duplicate keys keep the last value (the earlier members are
//! skipped by [`Object::iter`] and [`Object::get`]), lone UTF-16 surrogate escapes become U+FFFD (as
//! `String.prototype.toWellFormed` does). Differences: nesting ([`MAX_NESTING`]) and string length
//! ([`MAX_STRING_BYTES`]) are capped, and numbers beyond f64 (`1e400`, which `JSON.parse` turns into
//! `Infinity`) are refused. Strings holding `%%` (literal markers) are flagged during the scan, up
//! to the root ([`Value::has_markers`]), so the literal checks skip the rest of a document.

mod parse;
#[cfg(test)]
mod tests;

pub use parse::{ParseError, ParseErrorKind, MAX_NESTING, MAX_STRING_BYTES};

/// `s.find("%%")` without setting up a substring searcher: literal markers are rare and
/// strings short.
pub(crate) fn find_marker(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let at = from + bytes.get(from..)?.iter().position(|&b| b == b'%')?;
        if bytes.get(at + 1) == Some(&b'%') {
            return Some(at);
        }
        from = at + 1;
    }
}

/// A byte span `start..end` in the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Where a string's contents live: a slice of the text, or of the decoded-escapes buffer. Packed
/// in 8 bytes, so a node is 24 (a document costs about 24 bytes per value and key): the length
/// (at most [`MAX_STRING_BYTES`], 21 bits) shares a `u32` with two flags.
#[derive(Debug, Clone, Copy)]
struct Str {
    from: u32,
    len_flags: u32,
}

/// In `Str::len_flags`: the string lives in the decoded-escapes buffer.
const DECODED: u32 = 1 << 31;
/// In `Str::len_flags`: the string contains `%%` (a literal marker), seen during the parse's scan.
const MARKER: u32 = 1 << 30;

impl Str {
    /// `to - from` is at most [`MAX_STRING_BYTES`]: the parser refuses longer strings first.
    fn new(from: u32, to: u32, decoded: bool, marker: bool) -> Self {
        let len = to.saturating_sub(from) & !(DECODED | MARKER);
        let flags = if decoded { DECODED } else { 0 } | if marker { MARKER } else { 0 };
        Self {
            from,
            len_flags: len | flags,
        }
    }

    fn len(self) -> usize {
        (self.len_flags & !(DECODED | MARKER)) as usize
    }

    fn range(self) -> std::ops::Range<usize> {
        self.from as usize..self.from as usize + self.len()
    }

    fn decoded(self) -> bool {
        self.len_flags & DECODED != 0
    }

    fn marker(self) -> bool {
        self.len_flags & MARKER != 0
    }
}

/// An `f64` stored as two `u32`s: 4-byte alignment keeps a node at 24 bytes.
#[derive(Debug, Clone, Copy)]
struct Num([u32; 2]);

impl Num {
    #[allow(clippy::cast_possible_truncation)]
    fn new(value: f64) -> Self {
        let bits = value.to_bits();
        Self([bits as u32, (bits >> 32) as u32])
    }

    fn get(self) -> f64 {
        let [low, high] = self.0;
        f64::from_bits(u64::from(low) | u64::from(high) << 32)
    }
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    Null,
    Bool(bool),
    Number(Num),
    String(Str),
    /// `end`: index one past the last node of the subtree; `len`: number of elements; `marker`:
    /// some string in the subtree contains `%%`.
    Array {
        end: u32,
        len: u32,
        marker: bool,
    },
    /// As `Array`; `len` counts members, duplicates included. Members are key, value, key, value…
    Object {
        end: u32,
        len: u32,
        marker: bool,
    },
    /// A member's key; `next`: the index of the next member's key (or the object's end), so
    /// walking members never looks at the values; `shadowed` when a later member of the same
    /// object has the same key.
    Key {
        name: Str,
        next: u32,
        shadowed: bool,
    },
}

#[derive(Debug, Clone, Copy)]
struct Node {
    slot: Slot,
    start: u32,
    end: u32,
}

/// A parsed JSON document. [`Document::root`] gives the top-level value.
#[derive(Debug)]
pub struct Document<'t> {
    text: &'t str,
    nodes: Vec<Node>,
    decoded: String,
}

impl Drop for Document<'_> {
    fn drop(&mut self) {
        parse::recycle(std::mem::take(&mut self.nodes));
    }
}

impl<'t> Document<'t> {
    /// Parses JSON text (see the module docs for the semantics).
    pub fn parse(text: &'t str) -> Result<Self, ParseError> {
        parse::parse(text)
    }

    /// The top-level value.
    pub fn root(&self) -> Value<'_> {
        Value { doc: self, at: 0 }
    }

    /// The text the document was parsed from.
    pub fn text(&self) -> &'t str {
        self.text
    }

    fn node(&self, at: u32) -> Option<&Node> {
        self.nodes.get(at as usize)
    }

    fn bytes(&self, s: Str) -> &[u8] {
        let source = if s.decoded() {
            self.decoded.as_bytes()
        } else {
            self.text.as_bytes()
        };
        source.get(s.range()).unwrap_or_default()
    }

    fn str(&self, s: Str) -> &str {
        let source = if s.decoded() {
            self.decoded.as_str()
        } else {
            self.text
        };
        source.get(s.range()).unwrap_or_default()
    }

    /// The index of the node after the subtree at `at`.
    fn skip(&self, at: u32) -> u32 {
        match self.node(at).map(|n| n.slot) {
            Some(Slot::Array { end, .. } | Slot::Object { end, .. }) => end,
            _ => at + 1,
        }
    }

    /// The member whose key node is at `key_at` (its value is the next node).
    fn member_at(&self, key_at: u32, name: Str) -> Option<Member<'_>> {
        let node = self.node(key_at)?;
        Some(Member {
            key: self.str(name),
            key_span: Span {
                start: node.start as usize,
                end: node.end as usize,
            },
            value: Value {
                doc: self,
                at: key_at + 1,
            },
        })
    }

    /// Whether any string in the document contains `%%`.
    pub fn has_markers(&self) -> bool {
        self.root().has_markers()
    }
}

/// A value in a [`Document`]: a cheap copyable handle.
#[derive(Clone, Copy)]
pub struct Value<'d> {
    doc: &'d Document<'d>,
    at: u32,
}

/// What a [`Value`] is, for `match`.
#[derive(Clone, Copy)]
pub enum Kind<'d> {
    Null,
    Bool(bool),
    Number(f64),
    String(&'d str),
    Array(Array<'d>),
    Object(Object<'d>),
}

impl<'d> Value<'d> {
    fn slot(self) -> Slot {
        self.doc.node(self.at).map_or(Slot::Null, |n| n.slot)
    }

    pub fn kind(self) -> Kind<'d> {
        match self.slot() {
            Slot::Null | Slot::Key { .. } => Kind::Null,
            Slot::Bool(b) => Kind::Bool(b),
            Slot::Number(n) => Kind::Number(n.get()),
            Slot::String(s) => Kind::String(self.doc.str(s)),
            Slot::Array { .. } => Kind::Array(Array {
                doc: self.doc,
                at: self.at,
            }),
            Slot::Object { .. } => Kind::Object(Object {
                doc: self.doc,
                at: self.at,
            }),
        }
    }

    /// The byte span of the value in the text.
    pub fn span(self) -> Span {
        self.doc
            .node(self.at)
            .map_or(Span { start: 0, end: 0 }, |n| Span {
                start: n.start as usize,
                end: n.end as usize,
            })
    }

    /// The value's JSON text, exactly as written.
    pub fn raw(self) -> &'d str {
        let span = self.span();
        self.doc.text.get(span.start..span.end).unwrap_or_default()
    }

    /// Whether this string, or any string inside this array or object, contains `%%` (known from
    /// the parse: no scan).
    pub fn has_markers(self) -> bool {
        match self.slot() {
            Slot::String(s) => s.marker(),
            Slot::Array { marker, .. } | Slot::Object { marker, .. } => marker,
            _ => false,
        }
    }

    pub fn as_str(self) -> Option<&'d str> {
        match self.slot() {
            Slot::String(s) => Some(self.doc.str(s)),
            _ => None,
        }
    }

    pub fn as_f64(self) -> Option<f64> {
        match self.slot() {
            Slot::Number(n) => Some(n.get()),
            _ => None,
        }
    }

    pub fn as_bool(self) -> Option<bool> {
        match self.slot() {
            Slot::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_object(self) -> Option<Object<'d>> {
        match self.slot() {
            Slot::Object { .. } => Some(Object {
                doc: self.doc,
                at: self.at,
            }),
            _ => None,
        }
    }

    pub fn as_array(self) -> Option<Array<'d>> {
        match self.slot() {
            Slot::Array { .. } => Some(Array {
                doc: self.doc,
                at: self.at,
            }),
            _ => None,
        }
    }

    /// The member `key` when this is an object (`None` for any other value).
    pub fn get(self, key: &str) -> Option<Value<'d>> {
        self.as_object()?.get(key)
    }

    pub fn is_null(self) -> bool {
        matches!(self.slot(), Slot::Null)
    }

    pub fn is_boolean(self) -> bool {
        matches!(self.slot(), Slot::Bool(_))
    }

    pub fn is_number(self) -> bool {
        matches!(self.slot(), Slot::Number(_))
    }

    pub fn is_string(self) -> bool {
        matches!(self.slot(), Slot::String(_))
    }

    pub fn is_array(self) -> bool {
        matches!(self.slot(), Slot::Array { .. })
    }

    pub fn is_object(self) -> bool {
        matches!(self.slot(), Slot::Object { .. })
    }

    /// JSON type names as a JS developer would say them, for messages ("not a string").
    pub fn type_name(self) -> &'static str {
        match self.slot() {
            Slot::Null | Slot::Key { .. } => "null",
            Slot::Bool(_) => "a boolean",
            Slot::Number(_) => "a number",
            Slot::String(_) => "a string",
            Slot::Array { .. } => "an array",
            Slot::Object { .. } => "an object",
        }
    }
}

/// Node handles for the path locator (`crate::source`), which indexes big containers by node:
/// 4 bytes per element or member instead of a copy of each handle.
impl<'d> Value<'d> {
    /// The value's node in its document's tape.
    pub(crate) fn node(self) -> u32 {
        self.at
    }

    /// The value at `node` of the same document (a node from [`Value::node`] or
    /// [`Object::member_nodes`]).
    pub(crate) fn at_node(self, node: u32) -> Value<'d> {
        Value {
            doc: self.doc,
            at: node,
        }
    }
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.raw())
    }
}

/// An array in a [`Document`].
#[derive(Clone, Copy)]
pub struct Array<'d> {
    doc: &'d Document<'d>,
    at: u32,
}

impl<'d> Array<'d> {
    pub fn len(self) -> usize {
        match self.doc.node(self.at).map(|n| n.slot) {
            Some(Slot::Array { len, .. }) => len as usize,
            _ => 0,
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The elements in order.
    pub fn iter(self) -> Elements<'d> {
        Elements {
            doc: self.doc,
            next: self.at + 1,
            left: self.len(),
        }
    }

    /// The element at `index` (a walk over the siblings before it: O(index)).
    pub fn get(self, index: usize) -> Option<Value<'d>> {
        self.iter().nth(index)
    }

    pub fn first(self) -> Option<Value<'d>> {
        self.iter().next()
    }

    /// The value of the array itself.
    pub fn value(self) -> Value<'d> {
        Value {
            doc: self.doc,
            at: self.at,
        }
    }
}

/// Iterator over the elements of an [`Array`].
pub struct Elements<'d> {
    doc: &'d Document<'d>,
    next: u32,
    left: usize,
}

impl<'d> Iterator for Elements<'d> {
    type Item = Value<'d>;

    fn next(&mut self) -> Option<Value<'d>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let at = self.next;
        self.next = self.doc.skip(at);
        Some(Value { doc: self.doc, at })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Elements<'_> {}

/// An object in a [`Document`]. Duplicate keys: only the last member with a key is seen.
#[derive(Clone, Copy)]
pub struct Object<'d> {
    doc: &'d Document<'d>,
    at: u32,
}

/// One member of an [`Object`].
#[derive(Clone, Copy)]
pub struct Member<'d> {
    pub key: &'d str,
    pub key_span: Span,
    pub value: Value<'d>,
}

impl<'d> Object<'d> {
    fn all(self) -> AllMembers<'d> {
        let left = match self.doc.node(self.at).map(|n| n.slot) {
            Some(Slot::Object { len, .. }) => len as usize,
            _ => 0,
        };
        AllMembers {
            doc: self.doc,
            next: self.at + 1,
            left,
        }
    }

    /// The members in document order, duplicates left out (the last one of a key counts).
    pub fn members(self) -> impl Iterator<Item = Member<'d>> {
        self.all()
            .filter(|(_, shadowed)| !shadowed)
            .map(|(member, _)| member)
    }

    /// `(key, value)` in document order, duplicates left out.
    pub fn iter(self) -> Entries<'d> {
        Entries(self.all())
    }

    pub fn keys(self) -> impl Iterator<Item = &'d str> {
        self.members().map(|m| m.key)
    }

    /// The member with `key`, if any. Keys of another length are skipped without reading them.
    pub fn member(self, key: &str) -> Option<Member<'d>> {
        let key_bytes = key.as_bytes();
        let mut all = self.all();
        while let Some((at, name, shadowed)) = all.step() {
            // Bytes, not `str`: no char-boundary checks on every candidate.
            if !shadowed && name.len() == key.len() && self.doc.bytes(name) == key_bytes {
                return self.doc.member_at(at, name);
            }
        }
        None
    }

    pub fn get(self, key: &str) -> Option<Value<'d>> {
        self.member(key).map(|m| m.value)
    }

    pub fn contains_key(self, key: &str) -> bool {
        self.member(key).is_some()
    }

    /// The number of distinct keys.
    pub fn len(self) -> usize {
        let (mut all, mut count) = (self.all(), 0);
        while let Some((_, _, shadowed)) = all.step() {
            count += usize::from(!shadowed);
        }
        count
    }

    pub fn is_empty(self) -> bool {
        self.all().left == 0
    }

    /// The number of members as written, duplicate keys counted: O(1).
    pub fn len_with_duplicates(self) -> usize {
        self.all().left
    }

    /// The value of the object itself.
    pub fn value(self) -> Value<'d> {
        Value {
            doc: self.doc,
            at: self.at,
        }
    }

    /// The key node of each member, duplicates left out, in document order.
    pub(crate) fn member_nodes(self) -> impl Iterator<Item = u32> + 'd {
        let mut all = self.all();
        std::iter::from_fn(move || loop {
            let (at, _, shadowed) = all.step()?;
            if !shadowed {
                return Some(at);
            }
        })
    }

    /// The key of the member whose key node is `node` (from [`Object::member_nodes`]).
    pub(crate) fn key_at_node(self, node: u32) -> &'d str {
        match self.doc.node(node).map(|n| n.slot) {
            Some(Slot::Key { name, .. }) => self.doc.str(name),
            _ => "",
        }
    }

    /// The member whose key node is `node` (from [`Object::member_nodes`]).
    pub(crate) fn member_at_node(self, node: u32) -> Option<Member<'d>> {
        match self.doc.node(node)?.slot {
            Slot::Key { name, .. } => self.doc.member_at(node, name),
            _ => None,
        }
    }
}

impl<'d> IntoIterator for Object<'d> {
    type Item = (&'d str, Value<'d>);
    type IntoIter = Entries<'d>;

    fn into_iter(self) -> Entries<'d> {
        self.iter()
    }
}

impl<'d> IntoIterator for Array<'d> {
    type Item = Value<'d>;
    type IntoIter = Elements<'d>;

    fn into_iter(self) -> Elements<'d> {
        self.iter()
    }
}

/// Iterator over the `(key, value)` members of an [`Object`], duplicates left out.
pub struct Entries<'d>(AllMembers<'d>);

impl<'d> Iterator for Entries<'d> {
    type Item = (&'d str, Value<'d>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (member, shadowed) = self.0.next()?;
            if !shadowed {
                return Some((member.key, member.value));
            }
        }
    }
}

/// Every member with its `shadowed` flag.
struct AllMembers<'d> {
    doc: &'d Document<'d>,
    next: u32,
    left: usize,
}

impl AllMembers<'_> {
    /// Moves past one member: its key node, name and `shadowed` flag, without reading the key.
    fn step(&mut self) -> Option<(u32, Str, bool)> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let at = self.next;
        let Slot::Key {
            name,
            next,
            shadowed,
        } = self.doc.node(at)?.slot
        else {
            return None;
        };
        self.next = next;
        Some((at, name, shadowed))
    }
}

impl<'d> Iterator for AllMembers<'d> {
    type Item = (Member<'d>, bool);

    fn next(&mut self) -> Option<Self::Item> {
        let (at, name, shadowed) = self.step()?;
        Some((self.doc.member_at(at, name)?, shadowed))
    }
}
