//! The body of a create-deployment request (`POST /api/deployments/create`), as the service's
//! schema and our deployment rules take it (docs/deployment-rules.md).

use super::job::SSH_PUBLIC_KEY;
use super::{Field, Node, Ty, JOB_DEFINITION};

/// A Solana public key as the service's `PublicKey` schema takes it: 43–44 base58 characters
/// (they must also decode to 32 bytes, which only our validator checks).
const PUBLIC_KEY_PATTERN: &str = "^[1-9A-HJ-NP-Za-km-z]{43,44}$";

const fn field(name: &'static str, required: bool, node: &'static Node) -> Field {
    Field {
        name,
        required,
        node,
    }
}

static NAME: Node = Node::new(
    "name",
    "The deployment's name: a non-empty string.",
    Ty::String {
        values: &[],
        literal: false,
    },
);
static MARKET: Node = Node::new(
    "market",
    "The market's public key (43–44 base58 characters, 32 bytes): where the jobs are posted. With `requirements`, the market that serves them.",
    Ty::String {
        values: &[],
        literal: false,
    },
)
.with_pattern(PUBLIC_KEY_PATTERN);
static REPLICAS: Node = Node::new(
    "replicas",
    "How many jobs run at once: a whole number, at least 1.",
    Ty::Number {
        integer: true,
        min: Some(1.0),
        max: Some(9_007_199_254_740_991.0),
    },
);
static TIMEOUT: Node = Node::new(
    "timeout",
    "Each job's time limit in minutes: at least 1 (60 for INFINITE), a whole number of seconds.",
    Ty::Number {
        integer: false,
        min: Some(1.0),
        max: None,
    },
);
static STRATEGY: Node = Node::new(
    "strategy",
    "SIMPLE: run the replicas once; SIMPLE-EXTEND: extend them instead of ending; SCHEDULED: run on `schedule`; INFINITE: replace jobs before their timeout, forever.",
    Ty::String {
        values: &["SIMPLE", "SIMPLE-EXTEND", "SCHEDULED", "INFINITE"],
        literal: false,
    },
);
static SCHEDULE: Node = Node::new(
    "schedule",
    "For SCHEDULED only: a 5-field cron expression, in UTC (e.g. \"0 2 * * *\").",
    Ty::String {
        values: &[],
        literal: false,
    },
);
static ROTATION_TIME: Node = Node::new(
    "rotation_time",
    "For INFINITE only: minutes before a job's timeout to start its replacement; above 0 and below timeout − 10 (server default 20).",
    Ty::Number {
        integer: false,
        min: None,
        max: None,
    },
);
static VAULT: Node = Node::new(
    "vault",
    "An existing vault's public key (43–44 base58 characters) that pays for the jobs; not together with `new_vault`.",
    Ty::String {
        values: &[],
        literal: false,
    },
)
.with_pattern(PUBLIC_KEY_PATTERN);
static NEW_VAULT: Node = Node::new(
    "new_vault",
    "Create a new vault for this deployment; not together with `vault`.",
    Ty::Boolean,
);
static CONFIDENTIAL: Node = Node::new(
    "confidential",
    "Keep the job definition off IPFS (only a stub is public). Set it explicitly: the server's default depends on its environment.",
    Ty::Boolean,
);
static AUTOSTART: Node = Node::new(
    "autostart",
    "Start the deployment right after it is created.",
    Ty::Boolean,
);
static STARTUP_TIMEOUT: Node = Node::new(
    "startup_timeout",
    "For INFINITE only: minutes a running job has to come online (its tunnel registers) before it is stopped; at least 1, no maximum. Needs a container/run op that exposes a port; other strategies drop it.",
    Ty::Number {
        integer: false,
        min: Some(1.0),
        max: None,
    },
);
static IDEMPOTENCY_KEY: Node = Node::new(
    "idempotency_key",
    "One key per intent to create (e.g. \"app:\" and a UUID): a second create with the same key answers 409, and `GET /deployments?idempotency_key=` finds the first. 1–128 characters of A–Z a–z 0–9 : / _ . -",
    Ty::String {
        values: &[],
        literal: false,
    },
)
.with_length(Some(1), Some(128))
.with_pattern("^[A-Za-z0-9:/_.-]+$");
static REQUIREMENT: Node = Node::new(
    "requirement",
    "A number is a minimum, a string or a boolean an exact match.",
    Ty::AnyOf(&[
        &REQUIREMENT_NUMBER,
        &REQUIREMENT_STRING,
        &REQUIREMENT_BOOLEAN,
    ]),
);
static REQUIREMENT_NUMBER: Node = Node::new(
    "number",
    "The least value a node must have.",
    Ty::Number {
        integer: false,
        min: None,
        max: None,
    },
);
static REQUIREMENT_STRING: Node = Node::new(
    "string",
    "The value a node must have.",
    Ty::String {
        values: &[],
        literal: false,
    },
);
static REQUIREMENT_BOOLEAN: Node = Node::new("boolean", "The value a node must have.", Ty::Boolean);
static REQUIREMENTS: Node = Node::new(
    "requirements",
    "What a node must offer to run the jobs: at least one entry, keys of 1–256 characters (the host manager checks them when it reserves nodes), values a number (a minimum), a string or a boolean (an exact match). Leave it out for none.",
    Ty::Object {
        fields: &[],
        rest: Some(&REQUIREMENT),
    },
)
.with_members(Some(1), Some("^.{1,256}$"));
static SSH_PUBLIC_KEYS: Node = Node::new(
    "ssh_public_keys",
    "SSH public keys allowed into the jobs' containers: at most 10 distinct keys, 65,536 bytes in all. They replace any `ssh` block in `job_definition`; [] means no keys.",
    Ty::Array {
        items: &SSH_PUBLIC_KEY,
        min_items: None,
        max_items: None,
        unique: false,
    },
);

/// A create-deployment request body.
pub static DEPLOYMENT: Node = Node::new(
    "deployment",
    "The body of a create-deployment request: where, how many, how long and what to run.",
    Ty::Object {
        fields: &[
            field("name", true, &NAME),
            field("market", true, &MARKET),
            field("replicas", true, &REPLICAS),
            field("timeout", true, &TIMEOUT),
            field("strategy", true, &STRATEGY),
            field("schedule", false, &SCHEDULE),
            field("rotation_time", false, &ROTATION_TIME),
            field("vault", false, &VAULT),
            field("new_vault", false, &NEW_VAULT),
            field("confidential", false, &CONFIDENTIAL),
            field("autostart", false, &AUTOSTART),
            field("startup_timeout", false, &STARTUP_TIMEOUT),
            field("idempotency_key", false, &IDEMPOTENCY_KEY),
            field("requirements", false, &REQUIREMENTS),
            field("ssh_public_keys", false, &SSH_PUBLIC_KEYS),
            field("job_definition", true, &JOB_DEFINITION),
        ],
        rest: None,
    },
);
