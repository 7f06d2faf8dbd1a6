//! Every job definition rule: one code, one severity, one description, defined once here.
//!
//! Structural rules mirror what `@nosana/types@2.1.6` (typia `validateEquals`) checks; semantic rules
//! catch what the Nosana node or services fail on later. See `docs/job-rules.md`.

use crate::diagnostics::Rule;

// ---- Text ----
// Rules about the source text rather than its values belong to `crate::source`, which parses it;
// they are listed here too because a job definition reports them.
pub use crate::diagnostics::TOO_MANY_ISSUES;
pub use crate::source::rules::{
    DOCUMENT_TOO_LARGE, INVALID_JSON, NESTING_TOO_DEEP, STRING_TOO_LONG,
};
pub const TOO_MANY_OPS: Rule = Rule::error(
    "tooManyOps",
    "\"ops\" has more operations than the validator accepts (1,000)",
);

// ---- Structure (what @nosana/types 2.1.6 checks) ----
pub const INVALID_TYPE: Rule = Rule::error(
    "invalidType",
    "A value has the wrong JSON type (null is not accepted for optional fields)",
);
pub const MISSING_FIELD: Rule = Rule::error("missingField", "A required field is missing");
pub const UNKNOWN_KEY: Rule = Rule::error(
    "unknownKey",
    "An object has a key that the job definition format does not define",
);
pub const INVALID_VERSION: Rule = Rule::error("invalidVersion", "\"version\" must be \"0.1\"");
pub const INVALID_JOB_TYPE: Rule = Rule::error("invalidJobType", "\"type\" must be \"container\"");
pub const INVALID_ENUM_VALUE: Rule = Rule::error(
    "invalidEnumValue",
    "A string is not one of the values the field allows",
);
pub const INVALID_OP_ID: Rule =
    Rule::error("invalidOpId", "An operation id must not contain spaces");
pub const DUPLICATE_OP_ID: Rule = Rule::error("duplicateOpId", "Operation ids must be unique");
pub const CONFLICTING_FIELDS: Rule = Rule::error(
    "conflictingFields",
    "Two fields that cannot be used together (e.g. \"image\" and \"name\" in args, \"bucket\" and \"files\")",
);
pub const INVALID_LITERAL: Rule = Rule::error(
    "invalidLiteral",
    "A string in a literal-only position (expose, __spread__) is not a %%ops…%% / %%global…%% literal",
);
pub const PORT_RANGE_NOT_SUPPORTED: Rule = Rule::error(
    "portRangeNotSupported",
    "Port range strings (\"8000-8010\") are not accepted by @nosana/types",
);
pub const DUPLICATE_EXPOSED_PORT: Rule = Rule::error(
    "duplicateExposedPort",
    "An exposed port is listed twice, or port ranges overlap/touch",
);
pub const INVALID_LOG_TYPE: Rule = Rule::error(
    "invalidLogType",
    "\"logType\" must list 1 to 4 distinct values of stdin, stdout, stderr, nodeerr",
);
pub const HEALTH_CHECK_MISSING_CONTINUOUS: Rule = Rule::error(
    "healthCheckMissingContinuous",
    "A health check lacks the required \"continuous\" boolean",
);

// ---- Semantics (what the node or services fail on) ----
pub const ARGS_DO_NOT_MATCH_OP_TYPE: Rule = Rule::error(
    "argsDoNotMatchOpType",
    "The args have the shape of the other operation type",
);
pub const DEPENDS_ON_UNKNOWN_OP: Rule = Rule::error(
    "dependsOnUnknownOp",
    "\"depends_on\" names an operation that does not exist",
);
pub const DEPENDS_ON_SELF: Rule = Rule::error("dependsOnSelf", "An operation depends on itself");
pub const DEPENDS_ON_OTHER_GROUP: Rule = Rule::error(
    "dependsOnOtherGroup",
    "\"depends_on\" names an operation in another execution group",
);
pub const DEPENDENCY_CYCLE: Rule = Rule::error(
    "dependencyCycle",
    "Operations depend on each other in a cycle and would never start",
);
pub const UNKNOWN_VOLUME: Rule = Rule::error(
    "unknownVolume",
    "A volume is not created by any container/create-volume operation",
);
pub const LITERAL_UNKNOWN_OP: Rule = Rule::error(
    "literalUnknownOp",
    "A %%ops.ID…%% literal names an operation that does not exist",
);
pub const LITERAL_OP_ID_HAS_DOT: Rule = Rule::error(
    "literalOpIdHasDot",
    "A literal references an operation whose id contains a dot, which literals cannot address",
);
pub const LITERAL_UNKNOWN_RESULT: Rule = Rule::error(
    "literalUnknownResult",
    "A %%ops.ID.results.KEY%% literal names a result the operation does not declare",
);
pub const LITERAL_PORT_NOT_EXPOSED: Rule = Rule::error(
    "literalPortNotExposed",
    "A %%ops.ID.endpoint.PORT%% literal names a port the operation does not expose",
);
pub const LITERAL_UNKNOWN_VARIABLE: Rule = Rule::error(
    "literalUnknownVariable",
    "A %%global.variables.NAME%% literal names a variable missing from \"global.variables\"",
);
pub const INVALID_LITERAL_PATH: Rule = Rule::error(
    "invalidLiteralPath",
    "A literal's path is not one the node can resolve",
);
pub const PORT_OUT_OF_RANGE: Rule = Rule::error(
    "portOutOfRange",
    "A port is not an integer between 1 and 65535",
);
pub const INVALID_IMAGE_REFERENCE: Rule = Rule::error(
    "invalidImageReference",
    "A docker image reference cannot be pulled (grammar of distribution/reference)",
);
pub const PLAIN_TEXT_SECRET: Rule = Rule::warning(
    "plainTextSecret",
    "A secret (token, password, key) is written in plain text in the job definition",
);
pub const OP_ID_HAS_DOT: Rule = Rule::warning(
    "opIdHasDot",
    "An operation id contains a dot, so literals cannot reference it",
);
pub const EMPTY_OPS: Rule = Rule::warning(
    "emptyOps",
    "\"ops\" is empty and the job is not a confidential stub (no \"logistics\"): it does nothing",
);

pub const GPU_NOT_REQUESTED: Rule = Rule::warning(
    "gpuNotRequested",
    "meta states a GPU requirement (VRAM or CUDA), but no operation sets gpu: true, so no container gets a GPU",
);

pub static RULES: &[Rule] = &[
    INVALID_JSON,
    NESTING_TOO_DEEP,
    DOCUMENT_TOO_LARGE,
    STRING_TOO_LONG,
    TOO_MANY_ISSUES,
    TOO_MANY_OPS,
    INVALID_TYPE,
    MISSING_FIELD,
    UNKNOWN_KEY,
    INVALID_VERSION,
    INVALID_JOB_TYPE,
    INVALID_ENUM_VALUE,
    INVALID_OP_ID,
    DUPLICATE_OP_ID,
    CONFLICTING_FIELDS,
    INVALID_LITERAL,
    PORT_RANGE_NOT_SUPPORTED,
    DUPLICATE_EXPOSED_PORT,
    INVALID_LOG_TYPE,
    HEALTH_CHECK_MISSING_CONTINUOUS,
    ARGS_DO_NOT_MATCH_OP_TYPE,
    DEPENDS_ON_UNKNOWN_OP,
    DEPENDS_ON_SELF,
    DEPENDS_ON_OTHER_GROUP,
    DEPENDENCY_CYCLE,
    UNKNOWN_VOLUME,
    LITERAL_UNKNOWN_OP,
    LITERAL_OP_ID_HAS_DOT,
    LITERAL_UNKNOWN_RESULT,
    LITERAL_PORT_NOT_EXPOSED,
    LITERAL_UNKNOWN_VARIABLE,
    INVALID_LITERAL_PATH,
    PORT_OUT_OF_RANGE,
    INVALID_IMAGE_REFERENCE,
    PLAIN_TEXT_SECRET,
    OP_ID_HAS_DOT,
    EMPTY_OPS,
    GPU_NOT_REQUESTED,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_camel_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            let first = rule.code.chars().next().unwrap();
            assert!(first.is_ascii_lowercase(), "{}", rule.code);
            assert!(
                rule.code.chars().all(|c| c.is_ascii_alphanumeric()),
                "{}",
                rule.code
            );
            assert!(!rule.description.is_empty());
        }
    }
}
