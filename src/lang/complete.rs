//! Completion at a cursor: the keys allowed at that path (with snippets for their required
//! children), enum values, op ids in `depends_on`, `%%ops.<id>.…%%` / `%%global.…%%` literals and
//! the image names already used in the document. Works on broken text ([`super::scan`]).

use crate::diagnostics::PathSegment;
use crate::json::Span;

use super::json_out::quoted;
use super::model::{node_at, JsonKind, Node, Ty};
use super::scan::{byte_offset, scan, Cursor, Role, Scan};
use super::DocKind;

/// What a completion inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// An object key (with its value's snippet).
    Key,
    /// An enum value, `true`/`false`, or a value skeleton.
    Value,
    /// An operation id (in `depends_on`).
    OpId,
    /// A `%%ops…%%` / `%%global…%%` literal.
    Literal,
    /// An image already used in the document.
    Image,
}

impl CompletionKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Key => "key",
            Self::Value => "value",
            Self::OpId => "opId",
            Self::Literal => "literal",
            Self::Image => "image",
        }
    }
}

/// One completion. `insert_text` replaces the bytes `replace`; with `snippet`, it uses the
/// TextMate/LSP snippet syntax (`$1`, `${1:default}`), which CodeMirror and Monaco both read.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: String,
    pub documentation: String,
    pub insert_text: String,
    pub snippet: bool,
    pub replace: Span,
}

/// The completions at UTF-16 offset `offset` of `text`.
pub fn completions_at(text: &str, offset: usize) -> Vec<Completion> {
    let at = byte_offset(text, offset);
    let scan = scan(text, Some(at));
    let kind = DocKind::detect(&scan);
    let root = kind.root();
    let Some(cursor) = scan.cursor.clone() else {
        return Vec::new();
    };
    let shape_at = |p: &[PathSegment]| scan.shape_at(p);
    match cursor {
        Cursor::Key {
            object,
            replace,
            has_colon,
            after_value,
            ..
        } => {
            let Some(node) = node_at(root, &object, shape_at) else {
                return Vec::new();
            };
            let shape = scan.shape_at(&object);
            let Some(fields) = node.fields(shape.as_ref()) else {
                return Vec::new();
            };
            let present = scan.keys_of(&object);
            let typed = scan
                .tokens
                .iter()
                .find(|t| t.role == Role::Key && t.span == replace)
                .map(|t| t.text.as_str());
            fields
                .iter()
                .filter(|f| !present.contains(&f.name) || typed == Some(f.name))
                .map(|f| {
                    let mut insert = if after_value {
                        format!(", {}", quoted(f.name))
                    } else {
                        quoted(f.name)
                    };
                    if !has_colon {
                        insert.push_str(": ");
                        insert.push_str(&value_snippet(f.node, &mut 1, 0));
                    }
                    Completion {
                        label: f.name.to_owned(),
                        kind: CompletionKind::Key,
                        detail: detail(f.node, f.required),
                        documentation: f.node.description.to_owned(),
                        insert_text: insert,
                        snippet: !has_colon,
                        replace,
                    }
                })
                .collect()
        }
        Cursor::Value {
            path,
            prefix,
            replace,
            in_string,
        } => {
            let mut out = Vec::new();
            let Some(node) = node_at(root, &path, shape_at) else {
                return out;
            };
            let job = kind.job_prefix();
            values(node, replace, in_string, &mut out);
            if in_job(&path, job, &["execution", "depends_on"], true) {
                op_ids(&scan, job, &path, replace, &mut out);
            }
            if path.last() == Some(&PathSegment::from("image")) {
                images(&scan, replace, &mut out);
            }
            if node.accepts(JsonKind::String) && (in_string || prefix.is_empty()) {
                literals(&scan, job, at, &prefix, in_string, replace, &mut out);
            }
            out
        }
    }
}

/// `string, required` / `number (1–65535)`.
fn detail(node: &'static Node, required: bool) -> String {
    let mut s = node.type_summary();
    if required {
        s.push_str(", required");
    }
    s
}

/// A snippet for a value of `node`: its required children for objects, a placeholder otherwise.
/// `n` numbers the tab stops.
pub(crate) fn value_snippet(node: &'static Node, n: &mut u32, depth: usize) -> String {
    let mut stop = |default: &str| {
        let s = if default.is_empty() {
            format!("${n}")
        } else {
            format!("${{{n}:{default}}}")
        };
        *n += 1;
        s
    };
    match &node.ty {
        Ty::String { values, .. } => match values {
            [one] => quoted(one),
            [first, ..] => format!("\"{}\"", stop(first)),
            [] => format!("\"{}\"", stop("")),
        },
        Ty::Number { min, .. } => stop(&crate::diagnostics::format_number(min.unwrap_or(0.0))),
        Ty::Boolean => stop("false"),
        Ty::Object { fields, .. } => {
            let required: Vec<_> = fields.iter().filter(|f| f.required).collect();
            if required.is_empty() || depth >= 3 {
                return format!("{{{}}}", stop(""));
            }
            let indent = "\t".repeat(depth + 1);
            let members: Vec<String> = required
                .iter()
                .map(|f| {
                    format!(
                        "{indent}{}: {}",
                        quoted(f.name),
                        value_snippet(f.node, n, depth + 1)
                    )
                })
                .collect();
            format!("{{\n{}\n{}}}", members.join(",\n"), "\t".repeat(depth))
        }
        Ty::Array { .. } => format!("[{}]", stop("")),
        Ty::AnyOf(branches) => match branches.first() {
            Some(first) => value_snippet(first, n, depth),
            None => stop(""),
        },
        Ty::Any => stop("null"),
    }
}

/// Enum values, booleans, and object skeletons (for an array element such as an operation; not
/// inside a string's quotes).
fn values(node: &'static Node, replace: Span, in_string: bool, out: &mut Vec<Completion>) {
    match &node.ty {
        Ty::String { values, .. } => {
            for v in values.iter() {
                out.push(Completion {
                    label: quoted(v),
                    kind: CompletionKind::Value,
                    detail: node.title.to_owned(),
                    documentation: node.description.to_owned(),
                    insert_text: quoted(v),
                    snippet: false,
                    replace,
                });
            }
        }
        Ty::Boolean => {
            for v in ["true", "false"] {
                out.push(Completion {
                    label: v.to_owned(),
                    kind: CompletionKind::Value,
                    detail: "boolean".to_owned(),
                    documentation: node.description.to_owned(),
                    insert_text: v.to_owned(),
                    snippet: false,
                    replace,
                });
            }
        }
        Ty::Object { fields, .. } if !in_string && fields.iter().any(|f| f.required) => {
            out.push(Completion {
                label: format!("{{{}}}", node.title),
                kind: CompletionKind::Value,
                detail: node.type_summary(),
                documentation: node.description.to_owned(),
                insert_text: value_snippet(node, &mut 1, 0),
                snippet: true,
                replace,
            });
        }
        Ty::AnyOf(branches) => {
            for branch in branches.iter() {
                values(branch, replace, in_string, out);
            }
        }
        _ => {}
    }
}

/// Whether `path` is `<job>/ops/<i>/<rest…>` (with one more index at the end when `element`).
fn in_job(path: &[PathSegment], job: &[PathSegment], rest: &[&str], element: bool) -> bool {
    let Some(tail) = path.strip_prefix(job) else {
        return false;
    };
    let expected = 2 + rest.len() + usize::from(element);
    tail.len() == expected
        && tail.first() == Some(&PathSegment::from("ops"))
        && matches!(tail.get(1), Some(PathSegment::Index(_)))
        && rest
            .iter()
            .enumerate()
            .all(|(k, r)| tail.get(2 + k) == Some(&PathSegment::from(*r)))
}

/// The operation ids in the document, with the index of their op.
pub(crate) fn op_ids_of(scan: &Scan, job: &[PathSegment]) -> Vec<(usize, String)> {
    scan.tokens
        .iter()
        .filter(|t| t.role == Role::Value && t.kind == JsonKind::String)
        .filter_map(|t| {
            let tail = t.path.strip_prefix(job)?;
            match tail {
                [PathSegment::Key(ops), PathSegment::Index(i), PathSegment::Key(id)]
                    if ops == "ops" && id == "id" =>
                {
                    Some((*i, t.text.clone()))
                }
                _ => None,
            }
        })
        .collect()
}

fn op_ids(
    scan: &Scan,
    job: &[PathSegment],
    path: &[PathSegment],
    replace: Span,
    out: &mut Vec<Completion>,
) {
    let own = match path.strip_prefix(job) {
        Some([_, PathSegment::Index(i), ..]) => Some(*i),
        _ => None,
    };
    for (i, id) in op_ids_of(scan, job) {
        if Some(i) == own || id.is_empty() {
            continue;
        }
        out.push(Completion {
            label: id.clone(),
            kind: CompletionKind::OpId,
            detail: format!("operation {i}"),
            documentation: "An operation this one waits for (it must be in the same group)."
                .to_owned(),
            insert_text: quoted(&id),
            snippet: false,
            replace,
        });
    }
}

fn images(scan: &Scan, replace: Span, out: &mut Vec<Completion>) {
    let mut seen: Vec<&str> = Vec::new();
    for t in scan.tokens.iter().filter(|t| {
        t.role == Role::Value
            && t.kind == JsonKind::String
            && t.path.last() == Some(&PathSegment::from("image"))
            && t.span != replace
            && !t.text.is_empty()
    }) {
        if seen.contains(&t.text.as_str()) {
            continue;
        }
        seen.push(&t.text);
        out.push(Completion {
            label: t.text.clone(),
            kind: CompletionKind::Image,
            detail: "image used in this document".to_owned(),
            documentation: String::new(),
            insert_text: quoted(&t.text),
            snippet: false,
            replace,
        });
    }
}

/// Literal completions: inside a string after `%%` (replacing from the `%%` to the cursor), or
/// as the start of a string value.
fn literals(
    scan: &Scan,
    job: &[PathSegment],
    at: usize,
    prefix: &str,
    in_string: bool,
    replace: Span,
    out: &mut Vec<Completion>,
) {
    let names = literal_names(scan, job);
    let (span, quote) = if in_string {
        match prefix.rfind("%%") {
            // The `%%` is `prefix.len() - found` bytes before the cursor.
            Some(found) => (
                Span {
                    start: at - (prefix.len() - found),
                    end: at,
                },
                false,
            ),
            None => return,
        }
    } else {
        (replace, true)
    };
    for (name, documentation) in names {
        out.push(Completion {
            insert_text: if quote { quoted(&name) } else { name.clone() },
            label: name,
            kind: CompletionKind::Literal,
            detail: "literal".to_owned(),
            documentation,
            snippet: false,
            replace: span,
        });
    }
}

/// Every literal this document can resolve, with what it stands for.
pub(crate) fn literal_names(scan: &Scan, job: &[PathSegment]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for key in ["job", "host", "project", "frps_address"] {
        out.push((format!("%%global.{key}%%"), global_doc(key).to_owned()));
    }
    let mut variables = job.to_vec();
    variables.extend([PathSegment::from("global"), PathSegment::from("variables")]);
    for name in scan.keys_of(&variables) {
        out.push((
            format!("%%global.variables.{name}%%"),
            format!("The value of global.variables.{name}."),
        ));
    }
    for (i, id) in op_ids_of(scan, job) {
        if id.is_empty() || id.contains('.') {
            continue; // literals cannot address dotted ids
        }
        out.push((
            format!("%%ops.{id}.host%%"),
            format!("The host name of operation {id}."),
        ));
        out.push((
            format!("%%ops.{id}.deployment_endpoint%%"),
            format!("The deployment's public endpoint of operation {id}."),
        ));
        let mut op = job.to_vec();
        op.extend([PathSegment::from("ops"), PathSegment::Index(i)]);
        let mut results = op.clone();
        results.push(PathSegment::from("results"));
        for key in scan.keys_of(&results) {
            out.push((
                format!("%%ops.{id}.results.{key}%%"),
                format!("The matches of operation {id}'s result `{key}`."),
            ));
        }
        for port in exposed_ports(scan, &op) {
            out.push((
                format!("%%ops.{id}.endpoint.{port}%%"),
                format!("The public URL of operation {id}'s port {port}."),
            ));
        }
    }
    out
}

fn global_doc(key: &str) -> &'static str {
    match key {
        "job" => "The job's id.",
        "host" => "The node's address.",
        "project" => "The project's address.",
        _ => "The node's FRP server address.",
    }
}

/// The port numbers an op exposes (`expose: 80`, `[80, {"port": 81}]`).
fn exposed_ports(scan: &Scan, op: &[PathSegment]) -> Vec<String> {
    let mut expose = op.to_vec();
    expose.extend([PathSegment::from("args"), PathSegment::from("expose")]);
    let mut ports: Vec<String> = Vec::new();
    for t in scan
        .tokens
        .iter()
        .filter(|t| t.role == Role::Value && t.kind == JsonKind::Number)
    {
        let Some(tail) = t.path.strip_prefix(expose.as_slice()) else {
            continue;
        };
        let is_port = match tail {
            [] | [PathSegment::Index(_)] => true,
            [PathSegment::Key(k)] | [PathSegment::Index(_), PathSegment::Key(k)] => k == "port",
            _ => false,
        };
        if is_port && !ports.contains(&t.text) {
            ports.push(t.text.clone());
        }
    }
    ports
}
