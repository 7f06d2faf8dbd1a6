//! Rules about the source text itself, before any value is judged: whatever the document is (a job
//! definition or a deployment body), the parser reports these.

use crate::diagnostics::Rule;

pub const INVALID_JSON: Rule = Rule::error("invalidJson", "The text is not valid JSON");
pub const NESTING_TOO_DEEP: Rule = Rule::error(
    "nestingTooDeep",
    "The document nests arrays/objects 128 levels deep or more",
);
pub const DOCUMENT_TOO_LARGE: Rule = Rule::error(
    "documentTooLarge",
    "The document is larger than the validator accepts (10 MiB)",
);
pub const STRING_TOO_LONG: Rule = Rule::error(
    "stringTooLong",
    "A string or key is longer than the validator accepts (1 MiB)",
);
