//! Every deployment rule: one stable camelCase code, a default severity and a description.
//! `docs/deployment-rules.md` explains each one against the server's behaviour.

use crate::diagnostics::Rule;

// Shape.
pub const BODY_NOT_OBJECT: Rule =
    Rule::error("bodyNotObject", "The request body must be a JSON object");
// One code, one rule: a missing field or a wrong JSON type means the same in a deployment body as
// in a job definition, so those two rules are the job definition's.
pub use crate::job::rules::{INVALID_TYPE, MISSING_FIELD};
pub const UNKNOWN_FIELD: Rule = Rule::warning(
    "unknownField",
    "The server ignores this field (often a typo of a known one)",
);
pub const UNEXPECTED_BODY: Rule = Rule::warning(
    "unexpectedBody",
    "This action takes no body; the server ignores it",
);

// Fields.
pub const NAME_EMPTY: Rule = Rule::error("nameEmpty", "The deployment name must not be empty");
pub const INVALID_MARKET: Rule = Rule::error(
    "invalidMarket",
    "The market must be a base58 public key: 43–44 characters that decode to 32 bytes (the server answers 400)",
);
pub const REPLICAS_NOT_INTEGER: Rule = Rule::error(
    "replicasNotInteger",
    "Replicas must be a whole number (the server accepts 1.5 but cannot list half a job)",
);
pub const REPLICAS_OUT_OF_RANGE: Rule = Rule::error(
    "replicasOutOfRange",
    "Replicas must be at least 1 on create, at least 0 on update, and a safe integer",
);
pub const TIMEOUT_TOO_SHORT: Rule = Rule::error(
    "timeoutTooShort",
    "Timeout (minutes) must be at least 1 on create, 60 for INFINITE and 60 on every update",
);
pub const TIMEOUT_TOO_LARGE: Rule = Rule::error(
    "timeoutTooLarge",
    "Timeout in seconds (timeout × 60) must be a safe integer for the on-chain job",
);
pub const TIMEOUT_FRACTIONAL_SECONDS: Rule = Rule::error(
    "timeoutFractionalSeconds",
    "Timeout × 60 must be a whole number of seconds: the chain stores the job timeout in whole seconds",
);
pub const INVALID_STRATEGY: Rule = Rule::error(
    "invalidStrategy",
    "Strategy must be SIMPLE, SIMPLE-EXTEND, SCHEDULED or INFINITE",
);
pub const SCHEDULE_REQUIRED: Rule = Rule::error(
    "scheduleRequired",
    "A SCHEDULED deployment needs a cron schedule",
);
pub const SCHEDULE_IGNORED: Rule = Rule::warning(
    "scheduleIgnored",
    "schedule is only used by SCHEDULED deployments; the server drops it for other strategies",
);
pub const ROTATION_TIME_IGNORED: Rule = Rule::warning(
    "rotationTimeIgnored",
    "rotation_time is only used by INFINITE deployments; the server drops it for other strategies",
);
pub const ROTATION_TIME_NOT_POSITIVE: Rule = Rule::error(
    "rotationTimeNotPositive",
    "rotation_time (minutes) must be greater than 0; the server accepts 0 and negatives, which rotate at or after the timeout",
);
pub const ROTATION_TIME_TOO_LARGE: Rule = Rule::error(
    "rotationTimeTooLarge",
    "rotation_time must be less than timeout − 10 minutes (the server answers 400)",
);
pub const INVALID_VAULT: Rule = Rule::error(
    "invalidVault",
    "The vault must be a base58 public key: 43–44 characters that decode to 32 bytes",
);
pub const VAULT_CONFLICT: Rule = Rule::error(
    "vaultConflict",
    "vault and new_vault are mutually exclusive",
);
pub const CONFIDENTIAL_UNSET: Rule = Rule::warning(
    "confidentialUnset",
    "confidential is absent: the server's default depends on its environment, so send it explicitly",
);
pub const INVALID_ACTIVE_REVISION: Rule = Rule::error(
    "invalidActiveRevision",
    "active_revision must be a whole number ≥ 1",
);

// Fields of today's service (spec addendum §5, §9).
pub const STARTUP_TIMEOUT_IGNORED: Rule = Rule::warning(
    "startupTimeoutIgnored",
    "startup_timeout is only used by INFINITE deployments; the server drops it for other strategies",
);
pub const STARTUP_TIMEOUT_TOO_SHORT: Rule = Rule::error(
    "startupTimeoutTooShort",
    "startup_timeout (minutes) must be at least 1",
);
pub const STARTUP_TIMEOUT_WITHOUT_PORT: Rule = Rule::error(
    "startupTimeoutWithoutPort",
    "startup_timeout needs a container/run operation that exposes a port: without one a job can never report that it came online (the server answers 400)",
);
pub const INVALID_IDEMPOTENCY_KEY: Rule = Rule::error(
    "invalidIdempotencyKey",
    "idempotency_key must be 1–128 characters of A–Z, a–z, 0–9 and : / _ . -",
);
pub const REQUIREMENTS_EMPTY: Rule = Rule::error(
    "requirementsEmpty",
    "requirements must have at least one entry (leave it out, or send null on update-requirements, for none)",
);
pub const INVALID_REQUIREMENT_KEY: Rule = Rule::error(
    "invalidRequirementKey",
    "A requirement's key must be 1–256 characters without line breaks",
);
pub const INVALID_REQUIREMENT_VALUE: Rule = Rule::error(
    "invalidRequirementValue",
    "A requirement's value must be a number (a minimum), a string or a boolean (an exact match)",
);
pub const SSH_BLOCK_REPLACED: Rule = Rule::warning(
    "sshBlockReplaced",
    "ssh_public_keys replaces the job definition's ssh block: the server keeps the top-level keys and drops the block",
);

// SSH public keys: one list of rules for every place keys go (`super::ssh`).
pub use super::ssh::{
    DUPLICATE_SSH_KEY, INVALID_SSH_KEY_BASE64, SSH_KEYS_TOO_LARGE, SSH_KEY_EMPTY,
    SSH_KEY_FIELD_COUNT, SSH_KEY_MULTILINE, SSH_KEY_TOO_LONG, SSH_KEY_TYPE_MISMATCH,
    TOO_MANY_SSH_KEYS, UNSUPPORTED_SSH_KEY_TYPE,
};

// Cron schedules.
pub const CRON_FIELD_COUNT: Rule = Rule::error(
    "cronFieldCount",
    "A schedule has exactly 5 whitespace-separated fields (the server's pattern; no seconds, no @aliases)",
);
pub const INVALID_CRON: Rule = Rule::error(
    "invalidCron",
    "A cron field is invalid under cron-parser 5 rules (the API accepts it, then the worker throws)",
);
pub const CRON_NEVER_FIRES: Rule = Rule::error(
    "cronNeverFires",
    "The schedule never fires (e.g. 31 February); cron-parser throws in the worker",
);
pub const CRON_TOO_RARE: Rule = Rule::error(
    "cronTooRare",
    "The schedule has gaps of more than 10 years between fires; cron-parser's search gives up and throws",
);

/// Every deployment rule, in a stable order.
pub static RULES: &[Rule] = &[
    BODY_NOT_OBJECT,
    UNKNOWN_FIELD,
    UNEXPECTED_BODY,
    NAME_EMPTY,
    INVALID_MARKET,
    REPLICAS_NOT_INTEGER,
    REPLICAS_OUT_OF_RANGE,
    TIMEOUT_TOO_SHORT,
    TIMEOUT_TOO_LARGE,
    TIMEOUT_FRACTIONAL_SECONDS,
    INVALID_STRATEGY,
    SCHEDULE_REQUIRED,
    SCHEDULE_IGNORED,
    ROTATION_TIME_IGNORED,
    ROTATION_TIME_NOT_POSITIVE,
    ROTATION_TIME_TOO_LARGE,
    INVALID_VAULT,
    VAULT_CONFLICT,
    CONFIDENTIAL_UNSET,
    INVALID_ACTIVE_REVISION,
    STARTUP_TIMEOUT_IGNORED,
    STARTUP_TIMEOUT_TOO_SHORT,
    STARTUP_TIMEOUT_WITHOUT_PORT,
    INVALID_IDEMPOTENCY_KEY,
    REQUIREMENTS_EMPTY,
    INVALID_REQUIREMENT_KEY,
    INVALID_REQUIREMENT_VALUE,
    SSH_BLOCK_REPLACED,
    SSH_KEY_EMPTY,
    SSH_KEY_TOO_LONG,
    SSH_KEY_MULTILINE,
    SSH_KEY_FIELD_COUNT,
    UNSUPPORTED_SSH_KEY_TYPE,
    INVALID_SSH_KEY_BASE64,
    SSH_KEY_TYPE_MISMATCH,
    DUPLICATE_SSH_KEY,
    TOO_MANY_SSH_KEYS,
    SSH_KEYS_TOO_LARGE,
    CRON_FIELD_COUNT,
    INVALID_CRON,
    CRON_NEVER_FIRES,
    CRON_TOO_RARE,
];
