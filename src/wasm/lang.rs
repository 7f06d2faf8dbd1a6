//! The language service's exports: `applyFixes`, `completionsAt`, `hoverAt`,
//! `jobDefinitionJsonSchema`, `deploymentJsonSchema` (feature `editor`: the main and `/editor`
//! modules, not `/job`). Values cross as JSON text (no `serde_json`); every decision is in
//! `crate::lang`.

use js_sys::JSON;
use wasm_bindgen::prelude::*;

use super::caller_values::{self, Unreadable};
use super::errors::invalid_argument;
use crate::json::Span;
use crate::lang::json_out::Out;
use crate::lang::{self, EditAt};

fn text_arg(text: &JsValue, name: &str) -> Result<String, JsValue> {
    caller_values::string(text)
        .ok_or_else(|| invalid_argument(&format!("{name}: expected a string")))
}

/// A UTF-16 offset: a whole number from 0 (past the end means the end).
fn offset_arg(offset: &JsValue) -> Result<usize, JsValue> {
    match caller_values::number(offset) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 => Ok(n as usize),
        _ => Err(invalid_argument(
            "offset: expected a whole number of UTF-16 code units from 0",
        )),
    }
}

/// Most issues `applyFixes` reads (a report lists at most 1,000), and most edits per fix.
const MAX_ISSUES: u32 = 100_000;
const MAX_EDITS: u32 = 10_000;

fn unreadable(err: Unreadable) -> JsValue {
    invalid_argument(&format!("issues: cannot be read: {err}"))
}

fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if target.is_undefined() || target.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    caller_values::get(target, key).map_err(unreadable)
}

/// The elements of a caller's array, or `None` when it is not one.
fn items(value: &JsValue, max: u32, what: &str) -> Result<Option<Vec<JsValue>>, JsValue> {
    if !caller_values::array_check_of(value).map_err(unreadable)? {
        return Ok(None);
    }
    let len = caller_values::number(&get(value, "length")?)
        .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(max)).contains(n))
        .ok_or_else(|| {
            invalid_argument(&format!("issues: {what} must have at most {max} elements"))
        })?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let len = len as u32;
    (0..len)
        .map(|i| caller_values::get_index(value, i).map_err(unreadable))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The first fix of each issue, as edits by UTF-16 offsets. Issues without fixes are skipped; a
/// malformed fix (not the shape `validate*` returns) is a `TypeError`. Every read of the caller's
/// issues goes through `caller_values`.
fn fixes_from_js(issues: &JsValue) -> Result<Vec<Vec<EditAt>>, JsValue> {
    let Some(issues) = items(issues, MAX_ISSUES, "the list")? else {
        return Err(invalid_argument("issues: expected an array of issues"));
    };
    let bad = |why: &str| invalid_argument(&format!("issues: {why}"));
    let mut out = Vec::new();
    for issue in &issues {
        let fixes = get(issue, "fixes")?;
        if fixes.is_undefined() || fixes.is_null() {
            continue;
        }
        if !caller_values::array_check_of(&fixes).map_err(unreadable)? {
            return Err(bad("`fixes` must be an array"));
        }
        let first = get(&fixes, "0")?;
        if first.is_undefined() {
            continue;
        }
        let Some(edits) = items(&get(&first, "edits")?, MAX_EDITS, "a fix's `edits`")? else {
            return Err(bad("a fix's `edits` must be an array"));
        };
        let mut fix = Vec::new();
        for edit in &edits {
            let range = get(edit, "range")?;
            let offset = |end: &str| -> Result<Option<f64>, JsValue> {
                Ok(caller_values::number(&get(&get(&range, end)?, "offset")?)
                    .filter(|n| *n >= 0.0 && n.fract() == 0.0))
            };
            let new_text = caller_values::string(&get(edit, "newText")?);
            let (Some(start), Some(end), Some(new_text)) =
                (offset("start")?, offset("end")?, new_text)
            else {
                return Err(bad(
                    "an edit must be {range: {start: {offset}, end: {offset}}, newText: string}",
                ));
            };
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            fix.push(EditAt {
                start: start as usize,
                end: end as usize,
                new_text,
            });
        }
        out.push(fix);
    }
    Ok(out)
}

#[wasm_bindgen(js_name = applyFixes, skip_typescript)]
pub fn apply_fixes(text: JsValue, issues: JsValue) -> Result<String, JsValue> {
    let text = text_arg(&text, "text")?;
    let fixes = fixes_from_js(&issues)?;
    Ok(lang::apply_edits(&text, &fixes))
}

/// `{start, end}` positions of byte spans of `text`, as JSON values.
fn ranges(text: &str, spans: &[Span]) -> Vec<Out> {
    crate::source::ranges_of(text, spans.iter().copied())
        .into_iter()
        .map(|range| match range {
            Some(r) => {
                let position = |p: crate::diagnostics::Position| {
                    Out::Object(vec![
                        ("line".to_owned(), Out::number(f64::from(p.line))),
                        ("column".to_owned(), Out::number(f64::from(p.column))),
                        ("offset".to_owned(), Out::number(f64::from(p.offset))),
                    ])
                };
                Out::Object(vec![
                    ("start".to_owned(), position(r.start)),
                    ("end".to_owned(), position(r.end)),
                ])
            }
            None => Out::Null,
        })
        .collect()
}

#[wasm_bindgen(js_name = completionsAt, skip_typescript)]
pub fn completions_at(text: JsValue, offset: JsValue) -> Result<JsValue, JsValue> {
    let text = text_arg(&text, "text")?;
    let offset = offset_arg(&offset)?;
    let items = lang::completions_at(&text, offset);
    let spans: Vec<Span> = items.iter().map(|c| c.replace).collect();
    let list = items
        .into_iter()
        .zip(ranges(&text, &spans))
        .map(|(c, range)| {
            Out::Object(vec![
                ("label".to_owned(), Out::Str(c.label)),
                ("kind".to_owned(), Out::str(c.kind.name())),
                ("detail".to_owned(), Out::Str(c.detail)),
                ("documentation".to_owned(), Out::Str(c.documentation)),
                ("insertText".to_owned(), Out::Str(c.insert_text)),
                ("snippet".to_owned(), Out::Bool(c.snippet)),
                ("range".to_owned(), range),
            ])
        })
        .collect();
    JSON::parse(&Out::Array(list).to_json())
}

#[wasm_bindgen(js_name = hoverAt, skip_typescript)]
pub fn hover_at(text: JsValue, offset: JsValue) -> Result<JsValue, JsValue> {
    let text = text_arg(&text, "text")?;
    let offset = offset_arg(&offset)?;
    let Some(hover) = lang::hover_at(&text, offset) else {
        return Ok(JsValue::NULL);
    };
    let range = ranges(&text, &[hover.span]).pop().unwrap_or(Out::Null);
    let out = Out::Object(vec![
        ("contents".to_owned(), Out::Str(hover.contents)),
        ("range".to_owned(), range),
    ]);
    JSON::parse(&out.to_json())
}

#[wasm_bindgen(js_name = jobDefinitionJsonSchema, skip_typescript)]
pub fn job_definition_json_schema() -> Result<JsValue, JsValue> {
    JSON::parse(&lang::job_definition_schema())
}

#[wasm_bindgen(js_name = deploymentJsonSchema, skip_typescript)]
pub fn deployment_json_schema() -> Result<JsValue, JsValue> {
    JSON::parse(&lang::deployment_schema())
}
