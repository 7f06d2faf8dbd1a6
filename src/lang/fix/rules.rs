//! The fix of each fixable rule, from the issue and the parsed document.

use crate::diagnostics::{Issue, PathSegment};
use crate::json::{Document, Kind, Member, Span, Value};

use super::{Draft, KeyEffect};
use crate::job::suggest::nearest;
use crate::lang::json_out::quoted;
use crate::lang::model::{node_at, JsonKind, Node, Shape, Ty};

/// The codes that can get a fix (others are skipped without a look at the document).
pub const FIXABLE: &[&str] = &[
    "unknownKey",
    "unknownField",
    "missingField",
    "healthCheckMissingContinuous",
    "invalidType",
    "invalidVersion",
    "invalidJobType",
    "invalidEnumValue",
    "invalidStrategy",
    "dependsOnUnknownOp",
    "duplicateOpId",
    "invalidOpId",
    "opIdHasDot",
    "portRangeNotSupported",
    "literalUnknownOp",
    "literalUnknownVariable",
];

/// Port ranges up to this many ports are listed one by one; longer ones are left to the author.
const MAX_RANGE_PORTS: u32 = 64;

pub(crate) fn fixes_for(doc: &Document<'_>, root: &'static Node, issue: &Issue) -> Vec<Draft> {
    let d = Doc { doc, root };
    let fix = match issue.code {
        "unknownKey" | "unknownField" => d.rename_key(&issue.path),
        // Both report at the missing member's path: its parent is the object to complete.
        "missingField" | "healthCheckMissingContinuous" => match issue.path.split_last() {
            Some((PathSegment::Key(key), object)) => d.add_member(object, key),
            _ => None,
        },
        "invalidType" => d.retype(&issue.path),
        "invalidVersion" | "invalidJobType" | "invalidEnumValue" | "invalidStrategy" => {
            d.nearest_enum(&issue.path)
        }
        "dependsOnUnknownOp" => d.nearest_op(&issue.path),
        "duplicateOpId" => d.rename_duplicate(&issue.path),
        "invalidOpId" => d.clean_op_id(&issue.path, ' '),
        "opIdHasDot" => d.clean_op_id(&issue.path, '.'),
        "portRangeNotSupported" => d.list_ports(&issue.path),
        "literalUnknownOp" => d.literal_names(&issue.path, "%%ops.", |d, path| {
            d.ops(path)
                .map(|(_, ops)| ops.iter().map(|(_, id, _)| (*id).to_owned()).collect())
        }),
        "literalUnknownVariable" => {
            d.literal_names(&issue.path, "%%global.variables.", |d, path| {
                let at = path.iter().position(|s| s == &PathSegment::from("ops"))?;
                let mut variables = path.get(..at)?.to_vec();
                variables.extend([PathSegment::from("global"), PathSegment::from("variables")]);
                let object = d.value_at(&variables)?.as_object()?;
                Some(object.keys().map(str::to_owned).collect())
            })
        }
        _ => None,
    };
    fix.into_iter().collect()
}

/// An operation's index, id and the id's span.
type OpId<'v> = (usize, &'v str, Span);

struct Doc<'r, 'd> {
    doc: &'r Document<'d>,
    root: &'static Node,
}

impl<'d> Doc<'_, 'd> {
    fn text(&self) -> &'d str {
        self.doc.text()
    }

    fn value_at(&self, path: &[PathSegment]) -> Option<Value<'_>> {
        let mut value = self.doc.root();
        for segment in path {
            value = match segment {
                PathSegment::Key(k) => value.as_object()?.get(k)?,
                PathSegment::Index(i) => value.as_array()?.get(*i)?,
            };
        }
        Some(value)
    }

    /// The member at `path` (its last segment a key) and its object.
    fn member_at(&self, path: &[PathSegment]) -> Option<Member<'_>> {
        let (PathSegment::Key(key), parent) = path.split_last()? else {
            return None;
        };
        self.value_at(parent)?.as_object()?.member(key)
    }

    fn node_at(&self, path: &[PathSegment]) -> Option<&'static Node> {
        node_at(self.root, path, |p| self.value_at(p).map(Shape::of_value))
    }

    fn shape_at(&self, path: &[PathSegment]) -> Option<Shape> {
        self.value_at(path).map(Shape::of_value)
    }

    /// `unknownKey`: the key becomes the nearest allowed key that is not there yet.
    fn rename_key(&self, path: &[PathSegment]) -> Option<Draft> {
        let member = self.member_at(path)?;
        let parent = path.get(..path.len() - 1)?;
        let object = self.value_at(parent)?.as_object()?;
        let fields = self
            .node_at(parent)?
            .fields(self.shape_at(parent).as_ref())?;
        let free: Vec<&str> = fields
            .iter()
            .map(|f| f.name)
            .filter(|name| !object.contains_key(name))
            .collect();
        let to = nearest(member.key, &free)?;
        let mut draft = Draft::new(
            format!("Rename \"{}\" to \"{to}\"", member.key),
            vec![(member.key_span, quoted(to))],
        );
        draft.key = Some(KeyEffect::Renamed(parent.to_vec(), to.to_owned()));
        Some(draft)
    }

    /// `missingField`: inserts `"key": placeholder` into the object at `path`.
    fn add_member(&self, path: &[PathSegment], key: &str) -> Option<Draft> {
        let object = self.value_at(path)?;
        object.as_object()?;
        let field = self
            .node_at(path)?
            .field(key, self.shape_at(path).as_ref())?;
        if !field.required {
            return None;
        }
        let value = placeholder(field.node, 0);
        let span = object.span();
        let inner = self.text().get(span.start..span.end.checked_sub(1)?)?;
        let last = inner.trim_end();
        let edit = if last == "{" {
            (
                Span {
                    start: span.start + 1,
                    end: span.start + 1,
                },
                format!("{}: {value}", quoted(key)),
            )
        } else {
            let at = span.start + last.len();
            (
                Span { start: at, end: at },
                format!(", {}: {value}", quoted(key)),
            )
        };
        let mut draft = Draft::new(format!("Add \"{key}\""), vec![edit]);
        draft.key = Some(KeyEffect::Added(path.to_vec(), key.to_owned()));
        Some(draft)
    }

    /// `invalidType`: `"8080"` → `8080`, `"true"` → `true`, `1` → `"1"` where a string is wanted,
    /// and an optional member set to null is removed.
    fn retype(&self, path: &[PathSegment]) -> Option<Draft> {
        let value = self.value_at(path)?;
        let node = self.node_at(path)?;
        let span = value.span();
        match value.kind() {
            Kind::String(s) => {
                let trimmed = s.trim();
                if node.accepts(JsonKind::Number) && is_json_number(trimmed) {
                    return Some(replace(
                        span,
                        trimmed,
                        format!("Write {trimmed} as a number"),
                    ));
                }
                if node.accepts(JsonKind::Boolean) && (trimmed == "true" || trimmed == "false") {
                    return Some(replace(
                        span,
                        trimmed,
                        format!("Write {trimmed} as a boolean"),
                    ));
                }
                None
            }
            Kind::Number(_) | Kind::Bool(_) if node.accepts(JsonKind::String) => {
                let raw = value.raw();
                Some(replace(
                    span,
                    &quoted(raw),
                    format!("Write {raw} as a string"),
                ))
            }
            Kind::Null => self.remove_member(path),
            _ => None,
        }
    }

    /// Removes the (optional) member at `path`, with one of its commas.
    fn remove_member(&self, path: &[PathSegment]) -> Option<Draft> {
        let member = self.member_at(path)?;
        let parent = path.get(..path.len() - 1)?;
        let object = self.value_at(parent)?.as_object()?;
        if object.len() != object.len_with_duplicates() {
            return None; // duplicate keys: which text to cut is not clear-cut
        }
        let field = self
            .node_at(parent)?
            .field(member.key, self.shape_at(parent).as_ref());
        if field.is_some_and(|f| f.required) {
            return None;
        }
        let members: Vec<Member<'_>> = object.members().collect();
        let n = members.iter().position(|m| m.key_span == member.key_span)?;
        let end = member.value.span().end;
        let span = match (
            n.checked_sub(1).and_then(|p| members.get(p)),
            members.get(n + 1),
        ) {
            (_, Some(next)) => Span {
                start: member.key_span.start,
                end: next.key_span.start,
            },
            (Some(previous), None) => Span {
                start: previous.value.span().end,
                end,
            },
            (None, None) => Span {
                start: member.key_span.start,
                end,
            },
        };
        Some(Draft::new(
            format!(
                "Remove \"{}\" (optional fields are left out, not null)",
                member.key
            ),
            vec![(span, String::new())],
        ))
    }

    /// Enum rules: the nearest allowed value.
    fn nearest_enum(&self, path: &[PathSegment]) -> Option<Draft> {
        let value = self.value_at(path)?;
        let s = value.as_str()?;
        let values = self.node_at(path)?.enum_values();
        let to = match values.as_slice() {
            [only] => *only,
            _ => nearest(s, &values)?,
        };
        Some(replace(
            value.span(),
            &quoted(to),
            format!("Change to \"{to}\""),
        ))
    }

    /// The job definition's path prefix (`["job_definition"]` in a deployment body) and its ops.
    fn ops(&self, path: &[PathSegment]) -> Option<(usize, Vec<OpId<'_>>)> {
        let at = path.iter().position(|s| s == &PathSegment::from("ops"))?;
        let ops = self.value_at(path.get(..=at)?)?.as_array()?;
        let ids = ops
            .iter()
            .enumerate()
            .filter_map(|(i, op)| {
                let id = op.as_object()?.get("id")?;
                Some((i, id.as_str()?, id.span()))
            })
            .collect();
        Some((at, ids))
    }

    /// `dependsOnUnknownOp`: the nearest existing op id (not the op's own).
    fn nearest_op(&self, path: &[PathSegment]) -> Option<Draft> {
        let value = self.value_at(path)?;
        let s = value.as_str()?;
        let (at, ops) = self.ops(path)?;
        let own = match path.get(at + 1) {
            Some(PathSegment::Index(i)) => Some(*i),
            _ => None,
        };
        let ids: Vec<&str> = ops
            .iter()
            .filter(|(i, _, _)| Some(*i) != own)
            .map(|(_, id, _)| *id)
            .collect();
        let to = nearest(s, &ids)?;
        Some(replace(
            value.span(),
            &quoted(to),
            format!("Depend on \"{to}\""),
        ))
    }

    /// `duplicateOpId`: a fresh id, `<id>-2` (or the next free number).
    fn rename_duplicate(&self, path: &[PathSegment]) -> Option<Draft> {
        let value = self.value_at(path)?;
        let id = value.as_str()?;
        let (_, ops) = self.ops(path)?;
        let taken: Vec<&str> = ops.iter().map(|(_, id, _)| *id).collect();
        let fresh = (2..)
            .map(|n| format!("{id}-{n}"))
            .find(|c| !taken.contains(&c.as_str()))?;
        Some(replace(
            value.span(),
            &quoted(&fresh),
            format!("Rename to \"{fresh}\""),
        ))
    }

    /// `invalidOpId` / `opIdHasDot`: `bad` characters become `-`, in the id and in every
    /// `depends_on` that names it.
    fn clean_op_id(&self, path: &[PathSegment], bad: char) -> Option<Draft> {
        let value = self.value_at(path)?;
        let id = value.as_str()?;
        let (at, ops) = self.ops(path)?;
        let base: String = id.trim().replace(bad, "-");
        let taken: Vec<&str> = ops.iter().map(|(_, id, _)| *id).collect();
        let fresh = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|c| !taken.contains(&c.as_str()) && !c.is_empty())?;
        let mut edits = vec![(value.span(), quoted(&fresh))];
        let ops_value = self.value_at(path.get(..=at)?)?.as_array()?;
        for op in ops_value.iter() {
            let Some(deps) = op
                .get("execution")
                .and_then(|e| e.get("depends_on"))
                .and_then(Value::as_array)
            else {
                continue;
            };
            for dep in deps.iter() {
                if dep.as_str() == Some(id) {
                    edits.push((dep.span(), quoted(&fresh)));
                }
            }
        }
        Some(Draft::new(
            format!("Rename \"{id}\" to \"{fresh}\" (and its depends_on references)"),
            edits,
        ))
    }

    /// `portRangeNotSupported`: `"8000-8002"` → `8000, 8001, 8002` (in a list) or `[8000, 8001,
    /// 8002]` (a single expose value), for ranges of at most [`MAX_RANGE_PORTS`] ports.
    fn list_ports(&self, path: &[PathSegment]) -> Option<Draft> {
        let value = self.value_at(path)?;
        let (a, b) = value.as_str()?.split_once('-')?;
        let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
        if a > b || b - a >= MAX_RANGE_PORTS {
            return None;
        }
        let list = (a..=b)
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let in_list = matches!(path.last(), Some(PathSegment::Index(_)));
        let text = if in_list { list } else { format!("[{list}]") };
        Some(replace(
            value.span(),
            &text,
            format!("List ports {a} to {b} one by one"),
        ))
    }
}

impl Doc<'_, '_> {
    /// `literalUnknown*`: in the string at `path`, each name after `marker` (`%%ops.`) that is not
    /// one of `known` becomes the nearest one (the whole string is rewritten, once).
    fn literal_names(
        &self,
        path: &[PathSegment],
        marker: &str,
        known: impl FnOnce(&Self, &[PathSegment]) -> Option<Vec<String>>,
    ) -> Option<Draft> {
        let value = self.value_at(path)?;
        let s = value.as_str()?;
        let known = known(self, path)?;
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        let mut changed = Vec::new();
        while let Some(found) = rest.find(marker) {
            let (before, after) = rest.split_at(found + marker.len());
            out.push_str(before);
            let end = after.find(['.', '%']).unwrap_or(after.len());
            let (name, tail) = after.split_at(end);
            match (names.contains(&name), nearest(name, &names)) {
                (false, Some(to)) => {
                    out.push_str(to);
                    changed.push(format!("{name} → {to}"));
                }
                _ => out.push_str(name),
            }
            rest = tail;
        }
        out.push_str(rest);
        if changed.is_empty() {
            return None;
        }
        Some(replace(
            value.span(),
            &quoted(&out),
            format!("Fix the literal ({})", changed.join(", ")),
        ))
    }
}

fn replace(span: Span, text: &str, title: String) -> Draft {
    Draft::new(title, vec![(span, text.to_owned())])
}

/// Whether `s` is a JSON number literal (what JSON.parse reads as a number).
fn is_json_number(s: &str) -> bool {
    matches!(
        crate::json::Document::parse(s).map(|d| d.root().is_number()),
        Ok(true)
    )
}

/// A placeholder value for a missing field: the only allowed value, the first of an enum, the
/// minimum of a number, `false`, and objects with their own required fields.
pub(crate) fn placeholder(node: &'static Node, depth: usize) -> String {
    match &node.ty {
        Ty::String { values, .. } => quoted(values.first().copied().unwrap_or("")),
        Ty::Number { min, .. } => crate::diagnostics::format_number(min.unwrap_or(0.0)),
        Ty::Boolean => "false".to_owned(),
        Ty::Object { fields, .. } => {
            let members: Vec<String> = fields
                .iter()
                .filter(|f| f.required && depth < 4)
                .map(|f| format!("{}: {}", quoted(f.name), placeholder(f.node, depth + 1)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        Ty::Array { .. } => "[]".to_owned(),
        Ty::AnyOf(branches) => branches
            .first()
            .map_or_else(|| "null".to_owned(), |b| placeholder(b, depth)),
        Ty::Any => "null".to_owned(),
    }
}
