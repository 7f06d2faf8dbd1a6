//! Semantic rules: what the Nosana node (TaskManager, interpolation, providers) fails on, beyond the
//! shape. Run after the structural pass, on whatever parts have the right types.

use crate::json::{Array, Kind, Object, Value};

use super::ctx::Ctx;
use super::image;
use super::literal::{self, Literal, OpPath};
use super::rules::*;
use super::secrets;
use super::structure::{args_shape, op_kind, ArgsKind, CREATE_VOLUME, RUN};

/// Free-form values (e.g. health-check `body`) are walked at most this deep when looking for literals.
pub(crate) const MAX_WALK_DEPTH: usize = 64;

struct Op<'a> {
    index: usize,
    id: Option<&'a str>,
    kind: Option<ArgsKind>,
    args: Option<Object<'a>>,
    /// `args_shape(args)`, computed once.
    shape: Option<ArgsKind>,
    group: Option<&'a str>,
    depends_on: Option<Array<'a>>,
    results: Option<Object<'a>>,
}

impl Op<'_> {
    /// Whether the op exposes `port`: `None` when unknowable (a literal or `__spread__` in `expose`).
    fn exposes(&self, port: &str) -> Option<bool> {
        let expose = self.args.and_then(|a| a.get("expose"));
        let port = port.parse::<f64>().ok()?;
        let matches = |v: Value<'_>| -> Option<bool> {
            match v.kind() {
                Kind::Number(n) => Some(n == port),
                Kind::Object(m) if m.contains_key("__spread__") => None,
                Kind::Object(m) => Some(m.get("port").and_then(Value::as_f64) == Some(port)),
                Kind::String(_) => None,
                _ => Some(false),
            }
        };
        match expose.map(|e| (e, e.as_array())) {
            None => Some(false),
            Some((_, Some(items))) => {
                let mut known = true;
                for item in items {
                    match matches(item) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => known = false,
                    }
                }
                known.then_some(false)
            }
            Some((other, None)) => matches(other),
        }
    }
}

/// The ops, indexed once so that every cross-reference is a hash lookup (linear overall).
pub(crate) struct Plan<'a> {
    ops: Vec<Op<'a>>,
    /// Position in `ops` of the first op with each id.
    /// (id, position in `ops`) sorted by id, the first op of each id only: a binary search, no
    /// hashing (a job has a handful of ops; the limit is 1,000).
    by_id: Vec<(&'a str, usize)>,
    /// Names created by `container/create-volume` ops (by type or by args shape).
    /// Sorted, deduplicated.
    volumes: Vec<&'a str>,
    /// Op ids containing a dot (usually none).
    dotted: Vec<&'a str>,
    variables: Option<Object<'a>>,
}

impl<'a> Plan<'a> {
    fn find(&self, id: &str) -> Option<&Op<'a>> {
        self.position(id).and_then(|pos| self.ops.get(pos))
    }

    fn position(&self, id: &str) -> Option<usize> {
        let k = self
            .by_id
            .binary_search_by(|(key, _)| (*key).cmp(id))
            .ok()?;
        self.by_id.get(k).map(|&(_, pos)| pos)
    }

    fn creates_volume(&self, name: &str) -> bool {
        self.volumes.binary_search(&name).is_ok()
    }
}

fn get_str<'a>(m: Object<'a>, key: &str) -> Option<&'a str> {
    m.get(key).and_then(Value::as_str)
}

#[inline(never)] // small wasm functions: see `job::validate`
pub(crate) fn check<'a>(c: &mut Ctx<'a>, root: Value<'a>) {
    let Some(top) = root.as_object() else { return };
    let (mut ops_value, mut global, mut has_logistics) = (None, None, false);
    for (key, value) in top.iter() {
        match key {
            "ops" => ops_value = value.as_array(),
            "global" => global = value.as_object(),
            "logistics" => has_logistics = true,
            _ => {}
        }
    }
    let variables = global
        .and_then(|g| g.get("variables"))
        .and_then(Value::as_object);
    let ops: Vec<Op<'a>> = match ops_value {
        Some(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, v)| {
                let m = v.as_object()?;
                // One pass over the members instead of a lookup per field.
                let (mut id, mut op_type, mut args, mut execution, mut results) =
                    (None, None, None, None, None);
                for (key, value) in m.iter() {
                    match key {
                        "id" => id = value.as_str(),
                        "type" => op_type = value.as_str(),
                        "args" => args = value.as_object(),
                        "execution" => execution = value.as_object(),
                        "results" => results = value.as_object(),
                        _ => {}
                    }
                }
                let (mut group, mut depends_on) = (None, None);
                for (key, value) in execution.into_iter().flatten() {
                    match key {
                        "group" => group = value.as_str(),
                        "depends_on" => depends_on = value.as_array(),
                        _ => {}
                    }
                }
                Some(Op {
                    shape: args.and_then(args_shape),
                    index,
                    id,
                    kind: op_kind(op_type),
                    args,
                    group,
                    depends_on,
                    results,
                })
            })
            .collect(),
        // Not an array: already an `invalidType`; still check `global` below.
        None => Vec::new(),
    };
    let mut by_id = Vec::with_capacity(ops.len());
    let mut volumes = Vec::new();
    let mut dotted = Vec::new();
    for (pos, op) in ops.iter().enumerate() {
        if let Some(id) = op.id {
            by_id.push((id, pos));
            if id.contains('.') {
                dotted.push(id);
            }
        }
        if let Some(args) = op.args {
            let volume_op =
                op.kind == Some(ArgsKind::CreateVolume) || op.shape == Some(ArgsKind::CreateVolume);
            if let Some(name) = volume_op.then(|| get_str(args, "name")).flatten() {
                volumes.push(name);
            }
        }
    }
    // By id, then position: the first op of each id comes first, and `dedup_by_key` keeps it.
    by_id.sort_unstable();
    by_id.dedup_by_key(|(id, _)| *id);
    volumes.sort_unstable();
    volumes.dedup();
    let plan = Plan {
        ops,
        by_id,
        volumes,
        dotted,
        variables,
    };

    if let Some(items) = ops_value {
        if items.is_empty() && !has_logistics {
            c.key("ops", |c| {
                c.report_hint(
                    &EMPTY_OPS,
                    "\"ops\" is empty, so the job runs nothing",
                    "Only confidential stubs (with \"logistics\") leave \"ops\" empty.",
                );
            });
        }
    }

    c.key("ops", |c| {
        for op in &plan.ops {
            c.index(op.index, |c| check_op(c, op, &plan));
        }
    });
    cycles(c, &plan);

    if let Some(global) = global {
        c.key("global", |c| {
            if let Some(image) = global.get("image") {
                c.key("image", |c| image_ref(c, image));
            }
            for key in ["env", "variables"] {
                if let Some(env) = global.get(key).and_then(Value::as_object) {
                    c.key(key, |c| secrets::env(c, env));
                }
            }
            // These are merged into every op before interpolation, so their literals must resolve.
            if !global.value().has_markers() {
                return;
            }
            for key in ["image", "entrypoint", "env", "work_dir"] {
                if let Some(value) = global.get(key) {
                    c.key(key, |c| walk_literals(c, value, &plan, 1));
                }
            }
        });
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn check_op<'a>(c: &mut Ctx<'a>, op: &Op<'a>, plan: &Plan<'a>) {
    if let Some(id) = op.id {
        if id.contains('.') {
            c.key("id", |c| {
                c.report_hint(
                    &OP_ID_HAS_DOT,
                    format!("Operation id \"{id}\" contains a dot, so %%ops.{id}…%% literals cannot reference it"),
                    "Literals split on the first dot after \"ops.\"; use - or _ instead.",
                );
            });
        }
    }
    if let Some(args) = op.args {
        if let (Some(kind), Some(shape)) = (op.kind, op.shape) {
            if kind != shape {
                let (declared, actual) = match kind {
                    ArgsKind::Run => (RUN, CREATE_VOLUME),
                    ArgsKind::CreateVolume => (CREATE_VOLUME, RUN),
                };
                c.key("args", |c| {
                    c.report_hint(
                        &ARGS_DO_NOT_MATCH_OP_TYPE,
                        format!("This operation is a {declared} but its args are {actual} args"),
                        format!("Change \"type\" to \"{actual}\" or give {declared} args."),
                    );
                });
            }
        }
        if op.shape != Some(ArgsKind::CreateVolume) {
            c.key("args", |c| run_args(c, args, plan));
        }
        // The parser flagged containers holding `%%`: most args have no literal to walk.
        if args.value().has_markers() {
            c.key("args", |c| {
                for (k, v) in args.iter() {
                    c.key(k, |c| walk_literals(c, v, plan, 1));
                }
            });
        }
    }
    dependencies(c, op, plan);
}

#[inline(never)] // small wasm functions: see `job::validate`
fn run_args<'a>(c: &mut Ctx<'a>, args: Object<'a>, plan: &Plan<'a>) {
    // One pass over the members; the checks below then run in their fixed order.
    let (mut image, mut volumes, mut env, mut authentication, mut resources) =
        (None, None, None, None, None);
    for (key, value) in args.iter() {
        match key {
            "image" => image = Some(value),
            "volumes" => volumes = Some(value),
            "env" => env = Some(value),
            "authentication" => authentication = Some(value),
            "resources" => resources = Some(value),
            _ => {}
        }
    }
    if let Some(image) = image {
        c.key("image", |c| image_ref(c, image));
    }
    if let Some(volumes) = volumes.and_then(Value::as_array) {
        c.key("volumes", |c| {
            for (i, vol) in volumes.iter().enumerate() {
                let Some(name) = vol.get("name").and_then(Value::as_str) else {
                    continue;
                };
                if !plan.creates_volume(name) {
                    c.index(i, |c| {
                        c.key("name", |c| {
                            c.report_hint(
                                &UNKNOWN_VOLUME,
                                format!("No container/create-volume operation creates volume \"{name}\""),
                                format!("Add an operation {{\"type\": \"container/create-volume\", \"id\": …, \"args\": {{\"name\": \"{name}\"}}}} before this one."),
                            );
                        });
                    });
                }
            }
        });
    }
    if let Some(env) = env.and_then(Value::as_object) {
        c.key("env", |c| secrets::env(c, env));
    }
    if let Some(docker) = authentication
        .and_then(|a| a.get("docker"))
        .and_then(Value::as_object)
    {
        if let Some(password) = docker.get("password").and_then(Value::as_str) {
            c.key("authentication", |c| {
                c.key("docker", |c| {
                    c.key("password", |c| {
                        secrets::plain(c, password, "A docker registry password")
                    });
                });
            });
        }
    }
    if let Some(resources) = resources.and_then(Value::as_array) {
        c.key("resources", |c| {
            for (i, r) in resources.iter().enumerate() {
                let Some(r) = r.as_object() else { continue };
                c.index(i, |c| {
                    if let Some(secret) = r
                        .get("IAM")
                        .and_then(|iam| iam.get("SECRET_ACCESS_KEY"))
                        .and_then(Value::as_str)
                    {
                        c.key("IAM", |c| {
                            c.key("SECRET_ACCESS_KEY", |c| {
                                secrets::plain(c, secret, "An S3 secret access key");
                            });
                        });
                    }
                    if let Some(token) = r.get("accessToken").and_then(Value::as_str) {
                        c.key("accessToken", |c| {
                            secrets::plain(c, token, "A Hugging Face access token");
                        });
                    }
                });
            }
        });
    }
}

fn image_ref(c: &mut Ctx<'_>, image: Value<'_>) {
    let Some(s) = image.as_str() else { return };
    if image.has_markers() {
        return; // a literal, resolved at run time
    }
    if let Some(why) = image::check(s) {
        c.report_hint(
            &INVALID_IMAGE_REFERENCE,
            format!("Image \"{s}\" {why}"),
            "Docker references look like [registry/]name[:tag][@sha256:digest], e.g. \"ubuntu:22.04\".",
        );
    }
}

#[inline(never)] // small wasm functions: see `job::validate`
fn dependencies(c: &mut Ctx<'_>, op: &Op<'_>, plan: &Plan<'_>) {
    let Some(deps) = op.depends_on else { return };
    c.key("execution", |c| {
        c.key("depends_on", |c| {
            for (i, dep) in deps.iter().enumerate() {
                let Some(dep) = dep.as_str() else { continue };
                c.index(i, |c| {
                    if op.id == Some(dep) {
                        c.report(&DEPENDS_ON_SELF, format!("Operation \"{dep}\" cannot depend on itself"));
                        return;
                    }
                    match plan.find(dep) {
                        None => c.report_hint(
                            &DEPENDS_ON_UNKNOWN_OP,
                            format!("No operation has id \"{dep}\""),
                            "\"depends_on\" lists ids of other operations in the same group.",
                        ),
                        Some(target) if target.group != op.group => {
                            let show = |g: Option<&str>| {
                                g.map_or_else(|| "no group".to_owned(), |g| format!("group \"{g}\""))
                            };
                            c.report_hint(
                                &DEPENDS_ON_OTHER_GROUP,
                                format!(
                                    "\"{dep}\" is in {} but this operation is in {}",
                                    show(target.group),
                                    show(op.group)
                                ),
                                "The node only resolves dependencies inside one execution group (stage).",
                            );
                        }
                        Some(_) => {}
                    }
                });
            }
        });
    });
}

/// Cycles among `depends_on` edges (self-edges are reported as `dependsOnSelf`). Iterative DFS.
/// How many ops a cycle message names before "… N more".
const MAX_CYCLE_NAMES: usize = 10;

#[inline(never)] // small wasm functions: see `job::validate`
fn cycles(c: &mut Ctx<'_>, plan: &Plan<'_>) {
    let ops = &plan.ops;
    if ops
        .iter()
        .all(|op| op.depends_on.is_none_or(|deps| deps.is_empty()))
    {
        return; // no edges, no cycle (and nothing to allocate)
    }
    // Edges by position in `ops` (the first op with each id).
    let edges: Vec<Vec<(usize, usize)>> = ops
        .iter()
        .enumerate()
        .map(|(self_pos, op)| {
            op.depends_on
                .map(|deps| {
                    deps.iter()
                        .enumerate()
                        .filter_map(|(j, d)| {
                            let d = d.as_str()?;
                            let pos = plan.position(d)?;
                            (pos != self_pos).then_some((pos, j))
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    // 0 = unvisited, 1 = on stack, 2 = done
    let mut state = vec![0u8; ops.len()];
    // Where each op on the DFS stack sits, so a back edge finds its cycle in O(1): dense graphs
    // have many back edges, and scanning the stack for each was quadratic (robustness R7).
    let mut stack_pos = vec![0usize; ops.len()];
    for start in 0..ops.len() {
        if state.get(start) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        if let Some(s) = state.get_mut(start) {
            *s = 1;
        }
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let edge = edges.get(node).and_then(|e| e.get(*next)).copied();
            *next += 1;
            match edge {
                None => {
                    if let Some(s) = state.get_mut(node) {
                        *s = 2;
                    }
                    stack.pop();
                }
                Some((to, dep_index)) => match state.get(to) {
                    Some(0) => {
                        if let Some(s) = state.get_mut(to) {
                            *s = 1;
                        }
                        if let Some(p) = stack_pos.get_mut(to) {
                            *p = stack.len();
                        }
                        stack.push((to, 0));
                    }
                    Some(1) => {
                        let from = stack_pos.get(to).copied().unwrap_or(0);
                        let cycle = stack.get(from..).unwrap_or(&[]);
                        let name = |n: usize| ops.get(n).and_then(|o| o.id).unwrap_or("?");
                        // Long cycles are named by their first ops only, so messages stay short.
                        let mut names: Vec<String> = cycle
                            .iter()
                            .take(MAX_CYCLE_NAMES)
                            .map(|(n, _)| name(*n).to_owned())
                            .collect();
                        if cycle.len() > MAX_CYCLE_NAMES {
                            names.push(format!("… {} more", cycle.len() - MAX_CYCLE_NAMES));
                        }
                        names.push(name(to).to_owned());
                        let Some(op) = ops.get(node) else { continue };
                        c.key("ops", |c| {
                            c.index(op.index, |c| {
                                c.key("execution", |c| {
                                    c.key("depends_on", |c| {
                                        c.index(dep_index, |c| {
                                            c.report_hint(
                                                &DEPENDENCY_CYCLE,
                                                format!("Dependency cycle: {}", names.join(" → ")),
                                                "Operations in a cycle wait for each other and never start.",
                                            );
                                        });
                                    });
                                });
                            });
                        });
                    }
                    _ => {}
                },
            }
        }
    }
}

/// Walks `value` (or the object `map`) and checks every literal in every string.
fn walk_literals<'a>(c: &mut Ctx<'a>, value: Value<'a>, plan: &Plan<'a>, depth: usize) {
    // The parser flagged every string (and container holding one) that contains `%%`: the rest
    // of the document has no literal to check.
    if depth > MAX_WALK_DEPTH || !value.has_markers() {
        return;
    }
    match value.kind() {
        Kind::String(s) => {
            literal::scan(s, |lit| check_literal(c, lit, plan));
        }
        Kind::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                c.index(i, |c| walk_literals(c, v, plan, depth + 1));
            }
        }
        Kind::Object(m) => {
            for (k, v) in m.iter() {
                c.key(k, |c| walk_literals(c, v, plan, depth + 1));
            }
        }
        _ => {}
    }
}

const LITERAL_HINT: &str = "Literals are %%ops.<id>.host%%, %%ops.<id>.endpoint.<port>%%, \
%%ops.<id>.deployment_endpoint%%, %%ops.<id>.results.<key>%%, %%global.variables.<name>%% \
or %%global.job|host|project|frps_address%%.";

fn check_literal(c: &mut Ctx<'_>, lit: Literal<'_>, plan: &Plan<'_>) {
    match lit {
        Literal::Malformed { text } => c.report_hint(
            &INVALID_LITERAL_PATH,
            format!("\"%%{text}%%\" is not a literal the node can resolve"),
            LITERAL_HINT,
        ),
        Literal::Global { key, path } => match (key, path) {
            ("variables", Some(name)) => {
                if !plan.variables.is_some_and(|v| v.contains_key(name)) {
                    c.report_hint(
                        &LITERAL_UNKNOWN_VARIABLE,
                        format!("\"%%global.variables.{name}%%\" names a variable that \"global.variables\" does not define"),
                        format!("Add \"{name}\" to \"global.variables\"."),
                    );
                }
            }
            ("job" | "host" | "project" | "frps_address", None) => {}
            _ => c.report_hint(
                &INVALID_LITERAL_PATH,
                format!(
                    "\"%%global.{key}{}%%\" is not a global the node provides",
                    path.map(|p| format!(".{p}")).unwrap_or_default()
                ),
                LITERAL_HINT,
            ),
        },
        Literal::Op { body } => {
            // An id with a dot can only be recognised against the real ids.
            if let Some(dotted) = plan.dotted.iter().find(|id| {
                body.strip_prefix(**id)
                    .is_some_and(|rest| rest.starts_with('.'))
            }) {
                c.report_hint(
                    &LITERAL_OP_ID_HAS_DOT,
                    format!("\"%%ops.{body}%%\" cannot reach operation \"{dotted}\": literals stop the id at its first dot"),
                    "Rename the operation without dots (e.g. with - or _).",
                );
                return;
            }
            let Some((id, path)) = body.split_once('.') else {
                c.report_hint(
                    &INVALID_LITERAL_PATH,
                    format!("\"%%ops.{body}%%\" has no path after the operation id"),
                    LITERAL_HINT,
                );
                return;
            };
            let Some(target) = plan.find(id) else {
                c.report_hint(
                    &LITERAL_UNKNOWN_OP,
                    format!(
                        "\"%%ops.{body}%%\" refers to operation \"{id}\", which does not exist"
                    ),
                    "Use the \"id\" of an operation in \"ops\".",
                );
                return;
            };
            match literal::op_path(path) {
                None => c.report_hint(
                    &INVALID_LITERAL_PATH,
                    format!("\"{path}\" in \"%%ops.{body}%%\" is not host, deployment_endpoint, endpoint.<port> or results.<key>"),
                    LITERAL_HINT,
                ),
                Some(OpPath::Result(key)) => {
                    if !target.results.is_some_and(|r| r.contains_key(key)) {
                        c.report_hint(
                            &LITERAL_UNKNOWN_RESULT,
                            format!("Operation \"{id}\" declares no result \"{key}\""),
                            format!("Add \"{key}\" to the \"results\" of operation \"{id}\"."),
                        );
                    }
                }
                Some(OpPath::Endpoint(port)) => {
                    if let Some(false) = target.exposes(port) {
                        c.report_hint(
                            &LITERAL_PORT_NOT_EXPOSED,
                            format!("Operation \"{id}\" does not expose port {port}, so \"%%ops.{body}%%\" cannot resolve"),
                            format!("Add {port} to the \"expose\" of operation \"{id}\"."),
                        );
                    }
                }
                Some(OpPath::Host | OpPath::DeploymentEndpoint) => {}
            }
        }
    }
}
