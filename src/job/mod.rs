//! Job definitions: structural rules (what `@nosana/types@2.1.6` checks), semantic rules (what the
//! node or the service fails on later), literals, image references and secrets.
//!
//! One pass over a parsed [`crate::json::Value`] with a borrowed path stack; nothing is cloned, and
//! owned paths are built only for reported issues. Every walk is bounded: the structural walk
//! follows the fixed schema, and free-form values are walked at most `semantic::MAX_WALK_DEPTH`
//! levels deep.

mod ctx;
mod expose;
mod gpu;
mod image;
mod literal;
mod literal_only;
pub mod rules;
mod secrets;
mod semantic;
mod structure;
pub(crate) mod suggest;

use crate::diagnostics::{Issues, Report, ValidateOptions};
use crate::json::Value;

pub use rules::RULES;
pub use structure::MAX_OPS;

/// Validates a job definition value: every structural and semantic issue, in one pass.
/// With `options.warnings == false`, warnings are left out.
///
/// The rule functions that run once per document or per op are `#[inline(never)]`: inlined into
/// one another they made a single 47 KB wasm function, and V8's baseline compiler (Liftoff), which
/// compiles each function on its first call, took ~7 ms on it alone: most of the time to first
/// validation.
///
/// Issues past the cap on listed issues ([`crate::diagnostics::MAX_ISSUES`], in document order)
/// are counted, not built: see [`crate::source::Collector`].
pub fn validate(value: Value<'_>, options: ValidateOptions) -> Issues {
    let mut ctx = ctx::Ctx::new(options.warnings, value);
    structure::check(&mut ctx, value);
    semantic::check(&mut ctx, value);
    if let Some(top) = value.as_object() {
        gpu::check(&mut ctx, top);
    }
    debug_assert_eq!(ctx.depth(), 0);
    ctx.finish()
}

/// Validates job definition text through the one pipeline ([`crate::source::validate`]): parse
/// errors, rule issues, and source ranges for each, in document order.
pub fn validate_text(text: &str, options: ValidateOptions) -> Report {
    crate::source::validate(text, crate::source::Origin::Caller, |value| {
        validate(value, options)
    })
}
