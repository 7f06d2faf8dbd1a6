//! Hover: the spec's description of the key or value under the cursor, with its type and limits.

use crate::diagnostics::PathSegment;
use crate::json::Span;

use super::model::{node_at, Ty};
use super::scan::{byte_offset, scan, Role};
use super::DocKind;

/// What to show for the token under the cursor: Markdown text and the bytes it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Hover {
    pub contents: String,
    pub span: Span,
}

/// The hover at UTF-16 offset `offset` of `text`, or `None` where the model has nothing to say.
pub fn hover_at(text: &str, offset: usize) -> Option<Hover> {
    let at = byte_offset(text, offset);
    let scan = scan(text, None);
    let kind = DocKind::detect(&scan);
    let token = scan
        .tokens
        .iter()
        .rfind(|t| t.span.start <= at && at < t.span.end)?;
    if let Some(hover) = literal_hover(text, &scan, kind, token, at) {
        return Some(hover);
    }
    let shape_at = |p: &[PathSegment]| scan.shape_at(p);
    let node = node_at(kind.root(), &token.path, shape_at)?;
    let shape = scan.shape_at(&token.path);
    let resolved = node.resolve(shape.as_ref());
    let mut contents = String::new();
    match token.role {
        Role::Key => {
            let parent = token
                .path
                .get(..token.path.len().saturating_sub(1))
                .unwrap_or_default();
            let required = node_at(kind.root(), parent, shape_at)
                .and_then(|p| p.field(&token.text, scan.shape_at(parent).as_ref()))
                .is_some_and(|f| f.required);
            contents.push_str(&format!(
                "**`{}`** — {}{}\n\n{}",
                token.text,
                node.type_summary(),
                if required { ", required" } else { ", optional" },
                node.description
            ));
        }
        Role::Value => {
            let label = match token.path.last() {
                Some(PathSegment::Key(k)) => format!("`{k}`"),
                Some(PathSegment::Index(i)) => format!("element {i}"),
                None => resolved.title.to_owned(),
            };
            contents.push_str(&format!(
                "**{}** ({}) — {}\n\n{}",
                label,
                resolved.title,
                resolved.type_summary(),
                resolved.description
            ));
            if let Ty::String { values, .. } = &resolved.ty {
                if !values.is_empty() && !values.contains(&token.text.as_str()) {
                    contents.push_str(&format!(
                        "\n\nAllowed: {}.",
                        values
                            .iter()
                            .map(|v| format!("\"{v}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
    }
    Some(Hover {
        contents,
        span: token.span,
    })
}

/// Inside a string, on a `%%…%%` literal this document defines: what it resolves to.
fn literal_hover(
    text: &str,
    scan: &super::scan::Scan,
    kind: DocKind,
    token: &super::scan::Token,
    at: usize,
) -> Option<Hover> {
    if token.role != Role::Value || token.kind != super::model::JsonKind::String {
        return None;
    }
    let raw = text.get(token.span.start..token.span.end)?;
    let cursor = at - token.span.start;
    let mut from = 0;
    while let Some(open) = raw.get(from..)?.find("%%").map(|i| i + from) {
        let close = raw.get(open + 2..)?.find("%%").map(|i| i + open + 2)?;
        let end = close + 2;
        if (open..end).contains(&cursor) {
            let literal = raw.get(open..end)?;
            let (_, doc) = super::complete::literal_names(scan, kind.job_prefix())
                .into_iter()
                .find(|(name, _)| name == literal)?;
            return Some(Hover {
                contents: format!(
                    "**`{literal}`** — literal, resolved by the node at run time\n\n{doc}"
                ),
                span: Span {
                    start: token.span.start + open,
                    end: token.span.start + end,
                },
            });
        }
        from = end;
    }
    None
}
