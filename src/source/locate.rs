//! Issue paths → byte spans in the parsed document: each issue points at a value (or a member's
//! key), found by walking its path from the root. Used to put issues in document order (before the
//! cap on listed issues applies: see [`super::collect`]) and to give them source ranges.

use std::collections::HashMap;

use crate::diagnostics::{Anchor, PathSegment};
use crate::json::{Array, Object, Span, Value};

/// One step of a borrowed path: the rules' path stack and owned issue paths both map onto it, so
/// an issue is located before its owned path is built (or without ever building it).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'p> {
    Key(&'p str),
    Index(usize),
}

impl<'p> From<&'p PathSegment> for Step<'p> {
    fn from(segment: &'p PathSegment) -> Self {
        match segment {
            PathSegment::Key(key) => Step::Key(key),
            PathSegment::Index(index) => Step::Index(*index),
        }
    }
}

/// Containers with more children than this get an index on first use, so locating many issues in
/// one big array or object stays linear (a lookup walks the siblings otherwise).
const INDEX_FROM: usize = 16;

/// Path lookups, with indexes of the big containers already visited. An index holds one `u32`
/// node per element or member (members sorted by key), so locating issues in a container of a
/// million members costs 4 MB, not a copy of every handle and key.
#[derive(Default)]
pub(crate) struct Locator {
    arrays: HashMap<u32, Vec<u32>>,
    objects: HashMap<u32, Vec<u32>>,
}

impl Locator {
    fn element<'d>(&mut self, array: Array<'d>, index: usize) -> Option<Value<'d>> {
        if array.len() <= INDEX_FROM {
            return array.get(index);
        }
        let root = array.value();
        let elements = self
            .arrays
            .entry(root.node())
            .or_insert_with(|| array.iter().map(Value::node).collect());
        elements.get(index).map(|&node| root.at_node(node))
    }

    fn member<'d>(&mut self, object: Object<'d>, key: &str) -> Option<crate::json::Member<'d>> {
        if object.len_with_duplicates() <= INDEX_FROM {
            return object.member(key);
        }
        let members = self
            .objects
            .entry(object.value().node())
            .or_insert_with(|| {
                let mut nodes: Vec<u32> = object.member_nodes().collect();
                // Keys are distinct once duplicates are left out, so the order is total.
                nodes.sort_unstable_by(|&a, &b| object.key_at_node(a).cmp(object.key_at_node(b)));
                nodes
            });
        let found = members
            .binary_search_by(|&node| object.key_at_node(node).cmp(key))
            .ok()?;
        object.member_at_node(*members.get(found)?)
    }

    /// The span of `path` below `value` (the key's, for a `Key` anchor on a member). A path
    /// that names a member an object does not have (a missing field) points at that object's
    /// handle: its own key in its parent (`"args"`), or its opening brace when it has no key (an
    /// array element, the document). Underlining the whole object for one missing key would hide
    /// every other issue inside it. Any other path that is not in the document (an index beyond
    /// an array, a key inside a non-object) falls back to the nearest ancestor that exists.
    pub(crate) fn locate<'p>(
        &mut self,
        mut value: Value<'_>,
        path: impl ExactSizeIterator<Item = Step<'p>>,
        anchor: Anchor,
    ) -> Span {
        let last = path.len();
        // The key span of the member whose value `value` is, if it is one.
        let mut key_span: Option<Span> = None;
        for (depth, step) in path.enumerate() {
            match step {
                Step::Key(key) => {
                    let Some(object) = value.as_object() else {
                        break;
                    };
                    let Some(member) = self.member(object, key) else {
                        return key_span.unwrap_or_else(|| opening_brace(value.span()));
                    };
                    if depth + 1 == last && anchor == Anchor::Key {
                        return member.key_span;
                    }
                    key_span = Some(member.key_span);
                    value = member.value;
                }
                Step::Index(index) => {
                    let Some(element) = value.as_array().and_then(|a| self.element(a, index))
                    else {
                        break;
                    };
                    key_span = None;
                    value = element;
                }
            }
        }
        value.span()
    }

    /// [`Locator::locate`] for an owned issue path.
    pub(crate) fn locate_path(
        &mut self,
        value: Value<'_>,
        path: &[PathSegment],
        anchor: Anchor,
    ) -> Span {
        self.locate(value, path.iter().map(Step::from), anchor)
    }
}

/// The first byte of a container's span: its `{` or `[`.
fn opening_brace(span: Span) -> Span {
    Span {
        start: span.start,
        end: (span.start + 1).min(span.end),
    }
}
