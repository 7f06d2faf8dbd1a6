//! The job definition (version "0.1") as @nosana/types 2.1.6 checks it, plus the newer-spec
//! allowances our validator takes (`ssh`, `execution.timeout`; see docs/differences.md).
//! Descriptions are the spec's (Nosana's docs and types), shortened.

use super::{Field, Node, Ty};

/// The typia `LiteralString` regex, as compiled (its `.` is any character: spec §3.6).
pub const LITERAL_PATTERN: &str = "^%%(ops|global).[^%]+%%$";

const fn string(title: &'static str, description: &'static str) -> Node {
    Node::new(
        title,
        description,
        Ty::String {
            values: &[],
            literal: false,
        },
    )
}

const fn one_of(
    title: &'static str,
    description: &'static str,
    values: &'static [&'static str],
) -> Node {
    Node::new(
        title,
        description,
        Ty::String {
            values,
            literal: false,
        },
    )
}

const fn boolean(title: &'static str, description: &'static str) -> Node {
    Node::new(title, description, Ty::Boolean)
}

const fn number(title: &'static str, description: &'static str) -> Node {
    Node::new(
        title,
        description,
        Ty::Number {
            integer: false,
            min: None,
            max: None,
        },
    )
}

const fn object(title: &'static str, description: &'static str, fields: &'static [Field]) -> Node {
    Node::new(title, description, Ty::Object { fields, rest: None })
}

const fn record(title: &'static str, description: &'static str, rest: &'static Node) -> Node {
    Node::new(
        title,
        description,
        Ty::Object {
            fields: &[],
            rest: Some(rest),
        },
    )
}

const fn array(title: &'static str, description: &'static str, items: &'static Node) -> Node {
    Node::new(
        title,
        description,
        Ty::Array {
            items,
            min_items: None,
            max_items: None,
            unique: false,
        },
    )
}

const fn req(name: &'static str, node: &'static Node) -> Field {
    Field {
        name,
        required: true,
        node,
    }
}

const fn opt(name: &'static str, node: &'static Node) -> Field {
    Field {
        name,
        required: false,
        node,
    }
}

// ---- shared pieces ----
static ANY_STRING: Node = string("string", "A string.");
static ANY_NUMBER: Node = number("number", "A number.");
/// One SSH public key, as the service's `@nosana/ssh` checks it (docs/deployment-rules.md); shared
/// by a job definition's `ssh` block and a deployment's `ssh_public_keys`.
pub(super) static SSH_PUBLIC_KEY: Node = string(
    "SSH public key",
    "An OpenSSH public key line, \"<type> <base64> [comment]\" (a .pub file's content): type ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, sk-ssh-ed25519@openssh.com or sk-ecdsa-sha2-nistp256@openssh.com; at most 8,192 characters, one line, no authorized_keys options.",
)
.with_length(Some(1), None);
static STRING_LIST: Node = array("string[]", "A list of strings.", &ANY_STRING);
static ENV_VALUE: Node = string(
    "string",
    "The variable's value (a string; literals are resolved at run time).",
);
static REMOVE_IF_EMPTY: Node = one_of(
    "\"__remove-if-empty__\"",
    "An array element the node removes (the first one of a top-level args array) after literal interpolation; the key goes when the array ends up empty.",
    &["__remove-if-empty__"],
);
pub(crate) static LITERAL: Node = Node::new(
    "literal",
    "A %%ops.<id>.<path>%% or %%global.<key>%% literal the node resolves at run time: `host`, `endpoint.<port>`, `deployment_endpoint`, `results.<key>` of an operation; `job`, `host`, `project`, `frps_address`, `variables.<name>` of the job.",
    Ty::String {
        values: &[],
        literal: true,
    },
);
static CMD_ELEMENT: Node = Node::new(
    "string",
    "One argument (or \"__remove-if-empty__\").",
    Ty::AnyOf(&[&ANY_STRING]),
);
static CMD_ARRAY: Node = array(
    "string[]",
    "The command as an argument list, used verbatim (no shell).",
    &CMD_ELEMENT,
);
static SPREAD_MARKER: Node = object(
    "__spread__ marker",
    "Spreads the value of a literal (an array or object) into the enclosing array at run time.",
    &[
        req(
            "__spread__",
            &Node::new(
                "literal",
                "The literal whose value is spread (e.g. %%ops.prepare.results.ports%%).",
                Ty::String {
                    values: &[],
                    literal: true,
                },
            ),
        ),
        opt(
            "chunked",
            &boolean(
                "chunked",
                "Join string chunks of the resolved value before spreading.",
            ),
        ),
    ],
);

// ---- meta ----
static META_VALUE: Node = Node::new(
    "meta value",
    "Extra metadata: a string, a number, an array of them, or an object of them (e.g. `system_requirements`).",
    Ty::AnyOf(&[&ANY_STRING, &ANY_NUMBER, &META_LIST, &META_RECORD]),
);
static META_SCALAR: Node = Node::new(
    "string | number",
    "A string or a number.",
    Ty::AnyOf(&[&ANY_STRING, &ANY_NUMBER]),
);
static META_LIST: Node = array(
    "(string | number)[]",
    "A list of strings and numbers.",
    &META_SCALAR,
);
static META_RECORD_VALUE: Node = Node::new(
    "string | number | (string | number)[]",
    "A string, a number or a list of them.",
    Ty::AnyOf(&[&ANY_STRING, &ANY_NUMBER, &META_LIST]),
);
static META_RECORD: Node = record(
    "object",
    "An object of strings, numbers and lists of them.",
    &META_RECORD_VALUE,
);
static META: Node = Node::new(
    "meta",
    "Metadata about the job, not read by the node: `trigger`, `system_resources`, and free keys such as `system_requirements` ({required_vram (GB), vram_total_mb, required_cuda}).",
    Ty::Object {
        fields: &[
            opt(
                "trigger",
                &string("trigger", "What posted the job: \"cli\", \"dashboard\", \"deployment-manager\", \"api\" (any string is accepted)."),
            ),
            opt(
                "system_resources",
                &record(
                    "system_resources",
                    "Resources the job needs, e.g. {\"required_vram\": 8}. Documented, but nothing reads it: markets filter on meta.system_requirements.",
                    &META_SCALAR,
                ),
            ),
        ],
        rest: Some(&META_VALUE),
    },
);

// ---- global ----
static ENV: Node = record(
    "env",
    "Environment variables (name → string value). An op's `env` overrides `global.env`; the node adds NOSANA_ID.",
    &ENV_VALUE,
);
static IMAGE: Node = string(
    "image",
    "The docker image to run, pulled as given (e.g. \"ubuntu\", \"docker.io/nginx:1.27\", \"ghcr.io/org/app@sha256:…\"). A reference must follow the grammar of distribution/reference (checked by `invalidImageReference`).",
);
static ENTRYPOINT: Node = Node::new(
    "entrypoint",
    "Overrides the image's entrypoint: a string (becomes [string]) or an argument list.",
    Ty::AnyOf(&[&ANY_STRING, &CMD_ARRAY]),
);
static WORK_DIR: Node = string("work_dir", "The working directory inside the container.");
static GPU: Node = boolean(
    "gpu",
    "Give the container the node's GPUs (an NVIDIA device request). `ops[].args.gpu || global.gpu`.",
);
static GLOBAL: Node = object(
    "global",
    "Defaults for every operation: image, gpu, entrypoint, env, work_dir, and `variables` for %%global.variables.NAME%% literals.",
    &[
        opt("image", &IMAGE),
        opt("gpu", &GPU),
        opt("entrypoint", &ENTRYPOINT),
        opt("env", &ENV),
        opt("work_dir", &WORK_DIR),
        opt(
            "variables",
            &record(
                "variables",
                "Named strings for %%global.variables.NAME%% literals.",
                &ENV_VALUE,
            ),
        ),
    ],
);

// ---- logistics ----
static LOGISTIC: Node = object(
    "logistic",
    "How the job definition reaches the node (`send`) or the results leave it (`receive`).",
    &[
        req(
            "type",
            &one_of(
                "type",
                "\"api\": the node calls `endpoint`; \"api-listen\": the node waits to be called.",
                &["api", "api-listen"],
            ),
        ),
        req(
            "args",
            &object(
                "args",
                "Arguments of the logistic (`{}` is fine).",
                &[opt(
                    "endpoint",
                    &string(
                        "endpoint",
                        "The URL to call; its first %%global.job%% is replaced with the job id.",
                    ),
                )],
            ),
        ),
    ],
);
static LOGISTICS: Node = object(
    "logistics",
    "Confidential jobs: how the real job definition and its results travel between the poster and the node. @nosana/types requires both `send` and `receive`.",
    &[req("send", &LOGISTIC), req("receive", &LOGISTIC)],
);

// ---- ops ----
static OP_ID: Node = string(
    "id",
    "The operation's id: unique across `ops`, without spaces; avoid dots, which %%ops.ID…%% literals cannot address.",
)
.with_pattern("^[^ ]*$");
static OP_TYPE: Node = one_of(
    "type",
    "\"container/run\" runs a container; \"container/create-volume\" creates a volume other operations mount.",
    &["container/run", "container/create-volume"],
);
static LOG_STREAM: Node = one_of(
    "log stream",
    "A log stream to search.",
    &["stdin", "stdout", "stderr", "nodeerr"],
);
static RESULT_EXTRACTOR: Node = object(
    "result extractor",
    "A regex matched against each line of the chosen log streams.",
    &[
        req("regex", &string("regex", "A JavaScript regex (no flags), matched per log line; \"*\" matches everything.")),
        req(
            "logType",
            &Node::new(
                "logType",
                "The log streams to search: 1 to 4 distinct values of stdin, stdout, stderr, nodeerr.",
                Ty::Array {
                    items: &LOG_STREAM,
                    min_items: Some(1),
                    max_items: Some(4),
                    unique: true,
                },
            ),
        ),
    ],
);
static RESULT: Node = Node::new(
    "result",
    "A regex string, or {regex, logType}; the matches become %%ops.ID.results.KEY%%.",
    Ty::AnyOf(&[&ANY_STRING, &RESULT_EXTRACTOR]),
);
static RESULTS: Node = record(
    "results",
    "Values extracted from the operation's logs, by name; other operations read them as %%ops.ID.results.NAME%%.",
    &RESULT,
);
static EXECUTION: Node = object(
    "execution",
    "When the operation runs: its stage (`group`) and the operations it waits for.",
    &[
        opt(
            "group",
            &string(
                "group",
                "The stage this operation runs in. Stages run one at a time, in order of first appearance; ops without a group are each their own stage.",
            ),
        ),
        opt(
            "depends_on",
            &array(
                "depends_on",
                "Operation ids (in the same group) that must have started (and passed their health checks) before this one starts.",
                &Node::new("op id", "The id of an operation in the same group.", Ty::String { values: &[], literal: false }),
            ),
        ),
        opt(
            "stop_if_dependent_stops",
            &boolean("stop_if_dependent_stops", "Stop this operation when any operation in its `depends_on` settles."),
        ),
        opt(
            "timeout",
            &number("timeout", "A time limit for the operation (newer @nosana/types only; 2.1.6 rejects it)."),
        ),
    ],
);

static PORT: Node = Node::new(
    "port",
    "A container port (an integer from 1 to 65535).",
    Ty::Number {
        integer: true,
        min: Some(1.0),
        max: Some(65535.0),
    },
);
static HTTP_HEALTH_CHECK: Node = object(
    "HTTP health check",
    "Calls `path` with `method` and expects `expected_status`: once at startup, then every 30 s if `continuous`.",
    &[
        req("type", &one_of("type", "An HTTP health check.", &["http"])),
        req("path", &string("path", "The path to call, e.g. \"/health\".")),
        req("method", &one_of("method", "The HTTP method.", &["GET", "POST", "PUT", "DELETE"])),
        req("expected_status", &number("expected_status", "The status code that means healthy.")),
        opt("headers", &record("headers", "Request headers.", &ANY_STRING)),
        opt("body", &Node::new("body", "The request body (sent for POST and PUT only).", Ty::Any)),
        req("continuous", &boolean("continuous", "Check every 30 s (true) or once at startup (false). Required, though Nosana's docs omit it.")),
    ],
);
static WS_HEALTH_CHECK: Node = object(
    "WebSocket health check",
    "Connects to the port and expects `expected_response` in the output.",
    &[
        req(
            "type",
            &one_of("type", "A WebSocket health check.", &["websocket"]),
        ),
        req(
            "expected_response",
            &string("expected_response", "Text the output must contain."),
        ),
        req(
            "continuous",
            &boolean(
                "continuous",
                "Check every 30 s (true) or once at startup (false). Required.",
            ),
        ),
    ],
);
static HEALTH_CHECK: Node = Node::new(
    "health check",
    "An HTTP or WebSocket health check.",
    Ty::AnyOf(&[&HTTP_HEALTH_CHECK, &WS_HEALTH_CHECK]),
);
static EXPOSED_PORT: Node = object(
    "exposed port",
    "A port with its service type and health checks.",
    &[
        req("port", &PORT),
        opt(
            "type",
            &one_of(
                "type",
                "The service behind the port.",
                &["web", "api", "websocket", "webapi", "none"],
            ),
        ),
        opt(
            "health_checks",
            &array(
                "health_checks",
                "Checks that decide when the service is up.",
                &HEALTH_CHECK,
            ),
        ),
    ],
);
static EXPOSE_ELEMENT: Node = Node::new(
    "exposed port",
    "A port number, a {port} object, a literal or a __spread__ marker.",
    Ty::AnyOf(&[&PORT, &EXPOSED_PORT, &LITERAL, &SPREAD_MARKER]),
);
static EXPOSE_LIST: Node = array(
    "expose[]",
    "Ports to expose; each port at most once (ranges are not accepted by @nosana/types).",
    &EXPOSE_ELEMENT,
);
static EXPOSE: Node = Node::new(
    "expose",
    "Ports the node exposes through its gateway: a port, a {port, type, health_checks} object, a literal, a __spread__ marker, or a list of them. Read by %%ops.ID.endpoint.PORT%%.",
    Ty::AnyOf(&[&PORT, &EXPOSED_PORT, &LITERAL, &SPREAD_MARKER, &EXPOSE_LIST]),
);

static VOLUME: Node = object(
    "volume",
    "A volume created by a container/create-volume operation of the same `name`, mounted at `dest`.",
    &[
        req("name", &string("name", "The name of a volume a container/create-volume operation creates.")),
        req("dest", &string("dest", "Where the volume is mounted in the container.")),
    ],
);
static RESTART_POLICY: Node = Node::new(
    "restart_policy",
    "When the container restarts: \"no\", \"always\", \"unless-stopped\", \"on-failure\", or {policy: \"on-failure\", restart_tries}.",
    Ty::AnyOf(&[
        &Node::new(
            "restart policy",
            "A restart policy (podman maps \"always\" to \"unless-stopped\").",
            Ty::String {
                values: &["no", "always", "unless-stopped", "on-failure"],
                literal: false,
            },
        ),
        &RESTART_POLICY_OBJECT,
    ]),
);
static RESTART_POLICY_OBJECT: Node = object(
    "restart policy object",
    "Restart on failure, at most `restart_tries` times.",
    &[
        req(
            "policy",
            &one_of(
                "policy",
                "Only \"on-failure\" takes a retry count.",
                &["on-failure"],
            ),
        ),
        opt(
            "restart_tries",
            &number("restart_tries", "How many times to restart."),
        ),
    ],
);
static DOCKER_AUTH: Node = object(
    "docker",
    "Credentials for a private registry (images pulled with them are not cached).",
    &[
        opt("username", &string("username", "Registry user name.")),
        opt("password", &string("password", "Registry password or token (better passed as a literal or secret than in plain text).")),
        opt("email", &string("email", "Registry account email.")),
        opt("server", &string("server", "Registry server, e.g. \"ghcr.io\".")),
    ],
);

// ---- resources ----
static TARGET: Node = string("target", "Where the resource is mounted in the container.");
static S3_URL: Node = string(
    "url",
    "The S3 endpoint or object URL (s3:// URLs of Nosana's buckets are rewritten).",
);
static ALLOW_WRITE: Node = boolean("allowWrite", "Mount read-write (read-only by default).");
static FILES: Node = array("files", "Only these files.", &ANY_STRING);
static IAM: Node = object(
    "IAM",
    "S3 credentials: all three keys are required (REGION may be \"\").",
    &[
        req(
            "REGION",
            &string("REGION", "The bucket's region (may be \"\")."),
        ),
        req(
            "ACCESS_KEY_ID",
            &string("ACCESS_KEY_ID", "The access key id."),
        ),
        req(
            "SECRET_ACCESS_KEY",
            &string(
                "SECRET_ACCESS_KEY",
                "The secret access key (better not in plain text).",
            ),
        ),
    ],
);
static S3_TYPE: Node = one_of("type", "An S3 resource.", &["S3"]);
static S3_BASE: Node = object(
    "S3 resource",
    "Files from S3, downloaded before the container starts.",
    &[
        req("type", &S3_TYPE),
        req("target", &TARGET),
        opt("url", &S3_URL),
        opt("allowWrite", &ALLOW_WRITE),
        opt("files", &FILES),
        opt("IAM", &IAM),
    ],
);
static S3_WITH_BUCKET: Node = object(
    "S3 resource with bucket",
    "A whole S3 bucket (no `files`).",
    &[
        req("type", &S3_TYPE),
        req("target", &TARGET),
        req("bucket", &string("bucket", "The bucket name.")),
        opt("url", &S3_URL),
        opt("allowWrite", &ALLOW_WRITE),
        opt("IAM", &IAM),
    ],
);
static S3_BUCKET: Node = object(
    "S3 bucket",
    "One bucket and, optionally, the files to take from it.",
    &[req("url", &S3_URL), opt("files", &FILES)],
);
static S3_WITH_BUCKETS: Node = object(
    "S3 resource with buckets",
    "Several buckets, each with its own files.",
    &[
        req("type", &S3_TYPE),
        req("target", &TARGET),
        req("buckets", &array("buckets", "The buckets.", &S3_BUCKET)),
        opt("url", &S3_URL),
        opt("allowWrite", &ALLOW_WRITE),
        opt("IAM", &IAM),
    ],
);
static HF_RESOURCE: Node = object(
    "HF resource",
    "A Hugging Face repository, downloaded before the container starts.",
    &[
        req("type", &one_of("type", "A Hugging Face resource.", &["HF"])),
        req("target", &TARGET),
        req(
            "repo",
            &string("repo", "The repository, e.g. \"meta-llama/Llama-3.1-8B\"."),
        ),
        opt("revision", &string("revision", "A branch, tag or commit.")),
        opt("files", &FILES),
        opt(
            "accessToken",
            &string(
                "accessToken",
                "A Hugging Face token for gated repositories (better not in plain text).",
            ),
        ),
    ],
);
static OLLAMA_RESOURCE: Node = object(
    "Ollama resource",
    "An Ollama model, pulled before the container starts.",
    &[
        req("type", &one_of("type", "An Ollama resource.", &["Ollama"])),
        req(
            "model",
            &string("model", "The model, e.g. \"llama3.1:8b\"."),
        ),
        opt(
            "target",
            &string(
                "target",
                "Where the models are mounted (default /root/.ollama/models).",
            ),
        ),
    ],
);
static RESOURCE: Node = Node::new(
    "resource",
    "An S3, HF or Ollama resource, a __spread__ marker, or \"__remove-if-empty__\".",
    Ty::AnyOf(&[
        &S3_BASE,
        &S3_WITH_BUCKET,
        &S3_WITH_BUCKETS,
        &HF_RESOURCE,
        &OLLAMA_RESOURCE,
        &SPREAD_MARKER,
        &REMOVE_IF_EMPTY,
    ]),
);

pub(crate) static RUN_ARGS: Node = object(
    "container/run args",
    "The container to run. `image` is the only required key.",
    &[
        req("image", &IMAGE),
        opt(
            "aliases",
            &Node::new(
                "aliases",
                "Network aliases on the node's gateway network: a string (split on \",\") or a list.",
                Ty::AnyOf(&[&ANY_STRING, &STRING_LIST]),
            ),
        ),
        opt(
            "cmd",
            &Node::new(
                "cmd",
                "The command: a string runs through /bin/sh -c; an argument list is used verbatim.",
                Ty::AnyOf(&[&ANY_STRING, &CMD_ARRAY]),
            ),
        ),
        opt("volumes", &array("volumes", "Volumes to mount.", &VOLUME)),
        opt("expose", &EXPOSE),
        opt("gpu", &GPU),
        opt("work_dir", &WORK_DIR),
        opt("entrypoint", &ENTRYPOINT),
        opt("env", &ENV),
        opt("restart_policy", &RESTART_POLICY),
        opt(
            "private",
            &boolean("private", "With `expose`: a random URL id instead of a guessable one."),
        ),
        opt(
            "resources",
            &array(
                "resources",
                "Files and models downloaded before the container starts.",
                &RESOURCE,
            ),
        ),
        opt(
            "authentication",
            &object(
                "authentication",
                "Registry credentials for the image.",
                &[opt("docker", &DOCKER_AUTH)],
            ),
        ),
    ],
);
pub(crate) static VOLUME_ARGS: Node = object(
    "container/create-volume args",
    "The volume to create; container/run operations mount it by `name`.",
    &[req(
        "name",
        &string(
            "name",
            "The volume's name, as `volumes[].name` refers to it.",
        ),
    )],
);
static ARGS: Node = Node::new(
    "args",
    "The operation's arguments: container/run args ({image, …}) or container/create-volume args ({name}), matching `type`.",
    Ty::AnyOf(&[&RUN_ARGS, &VOLUME_ARGS]),
);
pub(crate) static OPERATION: Node = object(
    "operation",
    "One step of the job: a container to run or a volume to create.",
    &[
        req("id", &OP_ID),
        req("type", &OP_TYPE),
        req("args", &ARGS),
        opt("results", &RESULTS),
        opt("execution", &EXECUTION),
    ],
);

/// The whole job definition.
pub static JOB_DEFINITION: Node = object(
    "job definition",
    "A Nosana job definition: the containers a node runs, version \"0.1\".",
    &[
        req(
            "version",
            &one_of("version", "The format version: \"0.1\" is the only one Nosana accepts.", &["0.1"]),
        ),
        req(
            "type",
            &one_of("type", "The job type: always \"container\".", &["container"]),
        ),
        req(
            "ops",
            &Node::new(
                "ops",
                "The operations, run in stages (see `execution`). May be empty only for a confidential stub (with `logistics`). At most 1,000.",
                Ty::Array {
                    items: &OPERATION,
                    min_items: None,
                    max_items: Some(1000),
                    unique: false,
                },
            ),
        ),
        opt("meta", &META),
        opt("global", &GLOBAL),
        opt("logistics", &LOGISTICS),
        opt(
            "deployment_id",
            &string("deployment_id", "The deployment this job belongs to; the deployment manager sets it."),
        ),
        opt(
            "ssh",
            &object(
                "ssh",
                "SSH access to the job's containers (newer @nosana/types).",
                &[opt("public_keys", &array("public_keys", "Public keys allowed to log in: at most 10 distinct keys, 65,536 bytes in all. A deployment's `ssh_public_keys` replaces this block.", &SSH_PUBLIC_KEY))],
            ),
        ),
    ],
);
