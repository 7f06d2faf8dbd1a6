//! The job definition and deployment body formats as data: every field, its type, whether it is
//! required, its allowed values and limits, and the spec's description of it. Completion, hover, the
//! quick fixes and the JSON Schema all read this one model; `tests/lang_model.rs` holds it to what
//! the validators (`crate::job`, `crate::deployment`) accept.

mod deployment;
mod job;

pub use deployment::DEPLOYMENT;
pub use job::{JOB_DEFINITION, LITERAL_PATTERN};

use crate::json::{Kind, Value};

/// One node of the model: what a value at some path may be.
#[derive(Debug)]
pub struct Node {
    /// A short name for hover and schema titles ("container/run args").
    pub title: &'static str,
    pub description: &'static str,
    pub ty: Ty,
    /// A regex a string must match, beyond its type (the schema's `pattern`).
    pub pattern: Option<&'static str>,
    /// A string's inclusive length bounds in characters (`minLength`, `maxLength`).
    pub length: (Option<u32>, Option<u32>),
    /// The fewest members an object may have (`minProperties`).
    pub min_members: Option<u32>,
    /// A regex every key of an object must match (`propertyNames`).
    pub key_pattern: Option<&'static str>,
}

/// The shapes a value may take.
#[derive(Debug)]
pub enum Ty {
    /// Any string; `values` (when not empty) lists the allowed ones.
    String {
        values: &'static [&'static str],
        /// Only `%%ops…%%` / `%%global…%%` literals (the typia regex).
        literal: bool,
    },
    /// A number; `integer` and the inclusive bounds are limits our rules report.
    Number {
        integer: bool,
        min: Option<f64>,
        max: Option<f64>,
    },
    Boolean,
    /// An object with known fields; `rest` is the schema of any other key (records), `None` for a
    /// closed object (extra keys are `unknownKey`).
    Object {
        fields: &'static [Field],
        rest: Option<&'static Node>,
    },
    Array {
        items: &'static Node,
        min_items: Option<u32>,
        max_items: Option<u32>,
        unique: bool,
    },
    /// One of several shapes (the first that fits the value is the one completion and hover use).
    AnyOf(&'static [&'static Node]),
    /// Anything (e.g. an HTTP health check's `body`).
    Any,
}

/// A member of an object node.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub required: bool,
    pub node: &'static Node,
}

impl Node {
    pub const fn new(title: &'static str, description: &'static str, ty: Ty) -> Self {
        Self {
            title,
            description,
            ty,
            pattern: None,
            length: (None, None),
            min_members: None,
            key_pattern: None,
        }
    }

    /// This node, with a `pattern` its strings must match.
    pub const fn with_pattern(mut self, pattern: &'static str) -> Self {
        self.pattern = Some(pattern);
        self
    }

    /// This node, with a string length of `min` to `max` characters.
    pub const fn with_length(mut self, min: Option<u32>, max: Option<u32>) -> Self {
        self.length = (min, max);
        self
    }

    /// This (object) node, with at least `min` members whose keys match `key_pattern`.
    pub const fn with_members(
        mut self,
        min: Option<u32>,
        key_pattern: Option<&'static str>,
    ) -> Self {
        self.min_members = min;
        self.key_pattern = key_pattern;
        self
    }

    /// The object fields of this node, or of the object branch of a union that fits `value` best.
    pub fn fields(&'static self, value: Option<&Shape>) -> Option<&'static [Field]> {
        match &self.resolve(value).ty {
            Ty::Object { fields, .. } => Some(fields),
            _ => None,
        }
    }

    /// The field `name` of this (object) node, for `value` (the object, to choose a union branch).
    pub fn field(&'static self, name: &str, value: Option<&Shape>) -> Option<&'static Field> {
        self.fields(value)?.iter().find(|f| f.name == name)
    }

    /// The node of `name`'s value: a known field, else the record's `rest`.
    pub fn member(&'static self, name: &str, value: Option<&Shape>) -> Option<&'static Node> {
        match &self.resolve(value).ty {
            Ty::Object { fields, rest } => fields
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.node)
                .or(*rest),
            _ => None,
        }
    }

    /// The node of an array's elements (of the array branch of a union).
    pub fn element(&'static self) -> Option<&'static Node> {
        match &self.ty {
            Ty::Array { items, .. } => Some(items),
            Ty::AnyOf(branches) => branches.iter().find_map(|b| b.element()),
            _ => None,
        }
    }

    /// For a union, the branch that fits `value` best (see [`fit`]); other nodes are themselves.
    pub fn resolve(&'static self, value: Option<&Shape>) -> &'static Node {
        let Ty::AnyOf(branches) = &self.ty else {
            return self;
        };
        let mut best: Option<(u32, &'static Node)> = None;
        for branch in branches.iter() {
            let branch = branch.resolve(value);
            let score = value.map_or(0, |v| fit(branch, v));
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, branch));
            }
        }
        best.map_or(self, |(_, node)| node)
    }

    /// Whether a value of this JSON kind can appear here.
    pub fn accepts(&'static self, kind: JsonKind) -> bool {
        match &self.ty {
            Ty::String { .. } => kind == JsonKind::String,
            Ty::Number { .. } => kind == JsonKind::Number,
            Ty::Boolean => kind == JsonKind::Boolean,
            Ty::Object { .. } => kind == JsonKind::Object,
            Ty::Array { .. } => kind == JsonKind::Array,
            Ty::AnyOf(branches) => branches.iter().any(|b| b.accepts(kind)),
            Ty::Any => true,
        }
    }

    /// The allowed string values (of every string branch).
    pub fn enum_values(&'static self) -> Vec<&'static str> {
        match &self.ty {
            Ty::String { values, .. } => values.to_vec(),
            Ty::AnyOf(branches) => branches.iter().flat_map(|b| b.enum_values()).collect(),
            _ => Vec::new(),
        }
    }

    /// A one-line type summary for hover: `string`, `"api" | "api-listen"`, `number (1–65535)`.
    pub fn type_summary(&'static self) -> String {
        match &self.ty {
            Ty::String { values, literal } => {
                if *literal {
                    "literal string (%%ops…%% or %%global…%%)".to_owned()
                } else if values.is_empty() {
                    let mut s = "string".to_owned();
                    match self.length {
                        (Some(lo), Some(hi)) => s.push_str(&format!(" of {lo}–{hi} characters")),
                        (Some(1), None) => s.push_str(" of at least 1 character"),
                        (Some(lo), None) => s.push_str(&format!(" of at least {lo} characters")),
                        (None, Some(hi)) => s.push_str(&format!(" of at most {hi} characters")),
                        (None, None) => {}
                    }
                    if let Some(pattern) = self.pattern {
                        s.push_str(&format!(" matching /{pattern}/"));
                    }
                    s
                } else {
                    values
                        .iter()
                        .map(|v| format!("\"{v}\""))
                        .collect::<Vec<_>>()
                        .join(" | ")
                }
            }
            Ty::Number { integer, min, max } => {
                let mut s = if *integer { "integer" } else { "number" }.to_owned();
                match (min, max) {
                    (Some(lo), Some(hi)) => s.push_str(&format!(
                        " ({}–{})",
                        crate::diagnostics::format_number(*lo),
                        crate::diagnostics::format_number(*hi)
                    )),
                    (Some(lo), None) => s.push_str(&format!(
                        " (at least {})",
                        crate::diagnostics::format_number(*lo)
                    )),
                    (None, Some(hi)) => s.push_str(&format!(
                        " (at most {})",
                        crate::diagnostics::format_number(*hi)
                    )),
                    (None, None) => {}
                }
                s
            }
            Ty::Boolean => "boolean".to_owned(),
            Ty::Object { rest: Some(_), .. } => match self.min_members {
                Some(1) => "object (record, at least 1 entry)".to_owned(),
                Some(min) => format!("object (record, at least {min} entries)"),
                None => "object (record)".to_owned(),
            },
            Ty::Object { .. } => "object".to_owned(),
            Ty::Array {
                items,
                min_items,
                max_items,
                unique,
            } => {
                let mut s = format!("array of {}", items.title);
                match (min_items, max_items) {
                    (Some(lo), Some(hi)) => s.push_str(&format!(", {lo} to {hi} items")),
                    (Some(lo), None) => s.push_str(&format!(", at least {lo} items")),
                    (None, Some(hi)) => s.push_str(&format!(", at most {hi} items")),
                    (None, None) => {}
                }
                if *unique {
                    s.push_str(", distinct");
                }
                s
            }
            Ty::AnyOf(branches) => branches
                .iter()
                .map(|b| b.title)
                .collect::<Vec<_>>()
                .join(" | "),
            Ty::Any => "any JSON value".to_owned(),
        }
    }
}

/// The JSON kinds, for [`Node::accepts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    pub fn of(value: Value<'_>) -> Self {
        match value.kind() {
            Kind::Null => Self::Null,
            Kind::Bool(_) => Self::Boolean,
            Kind::Number(_) => Self::Number,
            Kind::String(_) => Self::String,
            Kind::Array(_) => Self::Array,
            Kind::Object(_) => Self::Object,
        }
    }
}

/// What a value looks like, for choosing a union branch: its kind and, for an object, its keys
/// with their string values. Built from a parsed value or from a tolerant scan of broken text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    pub kind: Option<JsonKind>,
    pub members: Vec<(String, Option<String>)>,
}

/// The members a [`Shape`] keeps of an object.
const MAX_SHAPE_MEMBERS: usize = 64;

impl Shape {
    pub fn of_value(value: Value<'_>) -> Self {
        // A few keys decide a union branch; a huge record (an `env` of 100,000 names) is not
        // copied whole for each fix that walks through it.
        let members = value
            .as_object()
            .map(|o| {
                o.iter()
                    .take(MAX_SHAPE_MEMBERS)
                    .map(|(k, v)| (k.to_owned(), v.as_str().map(str::to_owned)))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            kind: Some(JsonKind::of(value)),
            members,
        }
    }
}

/// How well `shape` fits `node` (higher is better): the kind must match; for objects, a field
/// with the one value it allows (an S3 `type`) weighs most, then each known key, minus unknown ones.
fn fit(node: &'static Node, shape: &Shape) -> u32 {
    if let Some(kind) = shape.kind {
        if !node.accepts(kind) {
            return 0;
        }
    }
    let Ty::Object { fields, .. } = &node.ty else {
        return 1;
    };
    if shape.kind != Some(JsonKind::Object) {
        return 1;
    }
    let mut score: u32 = 100;
    for (key, string) in &shape.members {
        match fields.iter().find(|f| f.name == key) {
            Some(field) => {
                score += 2;
                let values = field.node.enum_values();
                // A one-value field is a discriminator (an S3 resource's `type`): it decides.
                if let (Some(s), [only]) = (string, values.as_slice()) {
                    if s == only {
                        score += 50;
                    } else {
                        score = score.saturating_sub(40);
                    }
                }
            }
            None => score = score.saturating_sub(3),
        }
    }
    for field in fields.iter().filter(|f| f.required) {
        if !shape.members.iter().any(|(k, _)| k == field.name) {
            score = score.saturating_sub(1);
        }
    }
    score.max(1)
}

/// The node at `path` below `root`; `shape_at` describes the value at a path prefix (to choose
/// union branches on the way). `None` when the path leaves the model.
pub fn node_at(
    root: &'static Node,
    path: &[crate::diagnostics::PathSegment],
    shape_at: impl Fn(&[crate::diagnostics::PathSegment]) -> Option<Shape>,
) -> Option<&'static Node> {
    use crate::diagnostics::PathSegment;
    let mut node = root;
    for (depth, segment) in path.iter().enumerate() {
        let shape = shape_at(path.get(..depth).unwrap_or_default());
        let resolved = node.resolve(shape.as_ref());
        node = match segment {
            PathSegment::Key(key) => resolved.member(key, shape.as_ref())?,
            PathSegment::Index(_) => resolved.element()?,
        };
    }
    Some(node)
}
