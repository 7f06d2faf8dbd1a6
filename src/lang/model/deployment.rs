//! The body of a create-deployment request (`POST /api/deployments/create`), as the service's
//! schema and our deployment rules take it (docs/deployment-rules.md).

use super::{Field, Node, Ty, JOB_DEFINITION};

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
    "The market's public key (base58, 32 bytes): where the jobs are posted.",
    Ty::String {
        values: &[],
        literal: false,
    },
);
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
);
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
            field("job_definition", true, &JOB_DEFINITION),
        ],
        rest: None,
    },
);
