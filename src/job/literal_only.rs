//! Positions that take only a literal string (`%%ops…%%` / `%%global…%%`): `__spread__` markers,
//! which both the structural walk and the `expose` checks meet.

use crate::json::Object;

use super::ctx::Ctx;
use super::literal::is_typia_literal;
use super::rules::INVALID_LITERAL;

/// `{__spread__: LiteralString, chunked?: boolean}`
pub(super) fn spread_marker<'a>(c: &mut Ctx<'a>, m: Object<'a>) {
    let what = "a __spread__ marker";
    c.unknown_keys(m, &["__spread__", "chunked"], what);
    c.field(m, "__spread__", Some(what), |c, v| {
        if let Some(s) = c.string(v) {
            literal_only(c, s);
        }
    });
    c.field(m, "chunked", None, |c, v| c.boolean(v));
}

/// Reports `s` unless it passes typia's `LiteralString` tag.
pub(super) fn literal_only(c: &mut Ctx<'_>, s: &str) {
    if !is_typia_literal(s) {
        c.report_hint(
            &INVALID_LITERAL,
            format!(
                "{} must be a literal such as \"%%ops.ID.results.KEY%%\", not \"{s}\"",
                c.label()
            ),
            "Literals are %%ops.<op id>.<path>%% or %%global.<key>%%.",
        );
    }
}
