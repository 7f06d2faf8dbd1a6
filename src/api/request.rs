//! Request building for every user endpoint of spec §4 (rows 1–23): method, path, query and body.
//! Pure: the transport only adds the root URL, headers and a signal.

use serde_json::{json, Value};

use super::config::Endpoint;
use super::error::{ApiError, ErrorKind};
use super::read::Obj;
use crate::deployment::Action;

pub use super::method::Method;

/// How the success body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// JSON, returned as it is.
    Json,
    /// JSON job detail, whose numeric `state` is mapped to the list's names.
    JobDetail,
    /// No body (204).
    Empty,
    /// `text/event-stream`.
    Stream,
}

/// The least a 2xx JSON body must be for its endpoint; anything else is `INVALID_RESPONSE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Any JSON.
    Any,
    /// An object (not an array, not `null`).
    Object,
    /// A deployment: an object with a string `id` and a string `status`.
    Deployment,
    /// A page: an object whose `<key>` is an array.
    List(&'static str),
    /// An array.
    Array,
}

impl Shape {
    /// Why `value` is not of this shape (`None`: it is).
    pub fn issue(self, value: &Value) -> Option<String> {
        let object = || match value {
            Value::Object(o) => Ok(o),
            Value::Null => Err("null, not an object".to_owned()),
            Value::Array(_) => Err("an array, not an object".to_owned()),
            _ => Err("not an object".to_owned()),
        };
        match self {
            Shape::Any => None,
            Shape::Object => object().err(),
            Shape::Deployment => match object() {
                Err(e) => Some(e),
                Ok(o) => ["id", "status"]
                    .into_iter()
                    .find(|k| !o.get(*k).is_some_and(Value::is_string))
                    .map(|k| format!("not a deployment: `{k}` is not a string")),
            },
            Shape::List(key) => match object() {
                Err(e) => Some(e),
                Ok(o) => (!o.get(key).is_some_and(Value::is_array))
                    .then(|| format!("`{key}` is not an array")),
            },
            Shape::Array => (!value.is_array()).then(|| "not an array".to_owned()),
        }
    }
}

/// One request, before the root URL and headers are added.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    pub method: Method,
    /// Path below the root, starting with `/` (or empty for the root itself).
    pub path: String,
    pub query: Vec<(String, String)>,
    /// The JSON text of the body: serialized once, when the request is built (the guards parse
    /// it, every attempt sends it).
    pub body: Option<String>,
    pub expect: Expect,
    /// What a 2xx JSON body must look like.
    pub shape: Shape,
    /// The state-machine action this request performs, for the status guard and error mapping.
    pub action: Option<Action>,
    /// The deployment it concerns, if any.
    pub deployment: Option<String>,
    /// A route newer servers added (addendum §3): a bare 404 then means "not supported yet".
    pub feature: Option<&'static str>,
    /// Safe to repeat although not a GET (a create carrying an idempotency key): retried on
    /// network errors and 5xx like a GET.
    pub replayable: bool,
}

impl RequestSpec {
    pub(super) fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            query: Vec::new(),
            body: None,
            expect: Expect::Json,
            shape: Shape::Object,
            action: None,
            deployment: None,
            feature: None,
            replayable: false,
        }
    }

    /// The full URL: root + path + encoded query.
    pub fn url(&self, endpoint: &Endpoint) -> String {
        let mut url = format!("{}{}", endpoint.root, self.path);
        for (i, (key, value)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&encode_component(key));
            url.push('=');
            url.push_str(&encode_component(value));
        }
        url
    }

    /// `"POST /deployments/{id}/start"`-style label for messages (no query: cursors are noise).
    pub fn label(&self, endpoint: &Endpoint) -> String {
        format!("{} {}{}", self.method.as_str(), endpoint.root, self.path)
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            crate::diagnostics::push_hex(&mut out, u32::from(byte), 2, true);
        }
    }
    out
}

/// Deployment, job and vault ids are 43–44 character base58 public keys (spec §3): a short one is
/// refused locally with the server's wording instead of a 400.
pub fn check_id(what: &str, id: &str) -> Result<(), ApiError> {
    let len = id.chars().count();
    let base58 = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l'));
    if !(43..=44).contains(&len) || !base58 {
        return Err(ApiError::invalid_argument(format!(
            "{what} must be a base58 public key of 43–44 characters, not \"{}\"",
            truncate(id, 60)
        )));
    }
    Ok(())
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max).collect();
        t.push('…');
        t
    }
}

fn deployment_path(id: &str, tail: &str) -> Result<String, ApiError> {
    check_id("the deployment id", id)?;
    Ok(format!("/{}{tail}", encode_component(id)))
}

pub(super) fn on_deployment(
    method: Method,
    id: &str,
    tail: &str,
    action: Option<Action>,
) -> Result<RequestSpec, ApiError> {
    let mut spec = RequestSpec::new(method, deployment_path(id, tail)?);
    spec.action = action;
    spec.deployment = Some(id.to_owned());
    Ok(spec)
}

// ---------------------------------------------------------------------------------------------
// Filters (spec §3.1). The client's own options are camelCase; values go out as the server's
// snake_case query keys. CSV filters take a string or an array of strings.

/// A CSV filter: `"RUNNING,STOPPED"` or `["RUNNING", "STOPPED"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Csv {
    One(String),
    Many(Vec<String>),
}

impl Csv {
    fn joined(&self) -> String {
        match self {
            Csv::One(s) => s.clone(),
            Csv::Many(v) => v.join(","),
        }
    }
}

/// `limit`: 10, 20, 50 or 100, as a number or a string.
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    Number(f64),
    Text(String),
}

impl Limit {
    fn checked(&self) -> Result<&'static str, ApiError> {
        // No float formatting here: it would pull ~15 KB of `flt2dec` into the wasm.
        [(10.0, "10"), (20.0, "20"), (50.0, "50"), (100.0, "100")]
            .into_iter()
            .find(|(n, t)| match self {
                Limit::Number(x) => x == n,
                Limit::Text(x) => x == t,
            })
            .map(|(_, t)| t)
            .ok_or_else(|| {
                ApiError::invalid_argument(
                    "limit must be 10, 20, 50 or 100 (the server refuses anything else)".to_owned(),
                )
            })
    }
}

fn limit_of(o: &Obj<'_>) -> Result<Option<Limit>, ApiError> {
    Ok(match o.get("limit") {
        None => None,
        Some(Value::String(t)) => Some(Limit::Text(t.clone())),
        Some(v) => Some(Limit::Number(v.as_f64().ok_or_else(|| {
            ApiError::invalid_argument("filters.limit must be 10, 20, 50 or 100".to_owned())
        })?)),
    })
}

fn csv_of(o: &Obj<'_>, key: &str) -> Result<Option<Csv>, ApiError> {
    Ok(o.csv(key)?.map(Csv::One))
}

struct Query(Vec<(String, String)>);

impl Query {
    /// The paging keys every list shares, read in place (no copy of the filters' fields).
    fn paging(
        limit: Option<&Limit>,
        sort_order: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<Self, ApiError> {
        let mut q = Query(Vec::new());
        if let Some(limit) = limit {
            q.push("limit", limit.checked()?);
        }
        if let Some(order) = sort_order {
            if order != "asc" && order != "desc" {
                return Err(ApiError::invalid_argument(format!(
                    "sortOrder must be \"asc\" or \"desc\", not \"{order}\""
                )));
            }
            q.push("sort_order", order);
        }
        q.opt("cursor", cursor);
        Ok(q)
    }
    fn push(&mut self, key: &str, value: &str) {
        self.0.push((key.to_owned(), value.to_owned()));
    }
    fn opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.push(key, v);
        }
    }
    fn csv(&mut self, key: &str, value: Option<&Csv>) {
        if let Some(v) = value {
            self.push(key, &v.joined());
        }
    }
}

/// Filters of `GET /deployments`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeploymentFilters {
    pub limit: Option<Limit>,
    pub sort_order: Option<String>,
    pub cursor: Option<String>,
    pub search: Option<String>,
    pub id: Option<Csv>,
    pub name: Option<String>,
    pub status: Option<Csv>,
    pub strategy: Option<Csv>,
    pub vault: Option<String>,
    pub created_after: Option<String>,
    pub created_before: Option<String>,
    /// Exact match on the key a create was sent with (addendum §5.1).
    pub idempotency_key: Option<String>,
}

/// Filters of `…/jobs`. There is deliberately no `revision`: the server always refuses it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobFilters {
    pub limit: Option<Limit>,
    pub sort_order: Option<String>,
    pub cursor: Option<String>,
    pub state: Option<Csv>,
    pub job: Option<String>,
    pub created_after: Option<String>,
    pub created_before: Option<String>,
}

/// Filters of `…/revisions` (no `revision`, see [`JobFilters`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RevisionFilters {
    pub limit: Option<Limit>,
    pub sort_order: Option<String>,
    pub cursor: Option<String>,
    pub created_after: Option<String>,
    pub created_before: Option<String>,
}

/// Filters of `…/events`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilters {
    pub limit: Option<Limit>,
    pub sort_order: Option<String>,
    pub cursor: Option<String>,
    pub category: Option<Csv>,
    pub kind: Option<Csv>,
    pub created_after: Option<String>,
    pub created_before: Option<String>,
}

/// Filters of `…/tasks`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskFilters {
    pub limit: Option<Limit>,
    pub sort_order: Option<String>,
    pub cursor: Option<String>,
    pub task: Option<Csv>,
    pub due_after: Option<String>,
    pub due_before: Option<String>,
}

const PAGING: [&str; 3] = ["limit", "sortOrder", "cursor"];

fn keys(extra: &[&'static str]) -> Vec<&'static str> {
    let mut all = PAGING.to_vec();
    all.extend_from_slice(extra);
    all
}

impl DeploymentFilters {
    /// Reads `list` filters (camelCase keys; unknown keys refused).
    // Filled field by field on a default value: an early `?` then drops one struct, where a
    // struct literal of `?`s drops every field read so far at each of its exits (the five
    // readers were ~1.8 KB larger in the wasm).
    #[allow(clippy::field_reassign_with_default)]
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let allowed = keys(&[
            "search",
            "id",
            "name",
            "status",
            "strategy",
            "vault",
            "createdAfter",
            "createdBefore",
            "idempotency_key",
            "idempotencyKey",
        ]);
        let o = Obj::new(v, "filters", &allowed)?;
        let idempotency_key = match o.string("idempotency_key")? {
            Some(k) => Some(k),
            None => o.string("idempotencyKey")?,
        };
        if let Some(key) = &idempotency_key {
            check_idempotency_key(key)?;
        }
        let mut f = Self::default();
        f.limit = limit_of(&o)?;
        f.sort_order = o.string("sortOrder")?;
        f.cursor = o.string("cursor")?;
        f.search = o.string("search")?;
        f.id = csv_of(&o, "id")?;
        f.name = o.string("name")?;
        f.status = csv_of(&o, "status")?;
        f.strategy = csv_of(&o, "strategy")?;
        f.vault = o.string("vault")?;
        f.created_after = o.string("createdAfter")?;
        f.created_before = o.string("createdBefore")?;
        f.idempotency_key = idempotency_key;
        Ok(f)
    }
}

impl JobFilters {
    /// Reads `jobs` filters; `revision` is refused (the server always rejects it).
    #[allow(clippy::field_reassign_with_default)] // see DeploymentFilters::from_value
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::new(
            v,
            "filters",
            &keys(&["state", "job", "createdAfter", "createdBefore"]),
        )?;
        let mut f = Self::default();
        f.limit = limit_of(&o)?;
        f.sort_order = o.string("sortOrder")?;
        f.cursor = o.string("cursor")?;
        f.state = csv_of(&o, "state")?;
        f.job = o.string("job")?;
        f.created_after = o.string("createdAfter")?;
        f.created_before = o.string("createdBefore")?;
        Ok(f)
    }
}

impl RevisionFilters {
    /// Reads `revisions` filters (no `revision`).
    #[allow(clippy::field_reassign_with_default)] // see DeploymentFilters::from_value
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::new(v, "filters", &keys(&["createdAfter", "createdBefore"]))?;
        let mut f = Self::default();
        f.limit = limit_of(&o)?;
        f.sort_order = o.string("sortOrder")?;
        f.cursor = o.string("cursor")?;
        f.created_after = o.string("createdAfter")?;
        f.created_before = o.string("createdBefore")?;
        Ok(f)
    }
}

impl EventFilters {
    /// Reads `events` filters.
    #[allow(clippy::field_reassign_with_default)] // see DeploymentFilters::from_value
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::new(
            v,
            "filters",
            &keys(&["category", "type", "createdAfter", "createdBefore"]),
        )?;
        let mut f = Self::default();
        f.limit = limit_of(&o)?;
        f.sort_order = o.string("sortOrder")?;
        f.cursor = o.string("cursor")?;
        f.category = csv_of(&o, "category")?;
        f.kind = csv_of(&o, "type")?;
        f.created_after = o.string("createdAfter")?;
        f.created_before = o.string("createdBefore")?;
        Ok(f)
    }
}

impl TaskFilters {
    /// Reads `tasks` filters.
    #[allow(clippy::field_reassign_with_default)] // see DeploymentFilters::from_value
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::new(v, "filters", &keys(&["task", "dueAfter", "dueBefore"]))?;
        let mut f = Self::default();
        f.limit = limit_of(&o)?;
        f.sort_order = o.string("sortOrder")?;
        f.cursor = o.string("cursor")?;
        f.task = csv_of(&o, "task")?;
        f.due_after = o.string("dueAfter")?;
        f.due_before = o.string("dueBefore")?;
        Ok(f)
    }
}

/// The paging part of a list's query, read from its filters.
macro_rules! paging_of {
    ($f:expr) => {
        Query::paging(
            $f.limit.as_ref(),
            $f.sort_order.as_deref(),
            $f.cursor.as_deref(),
        )
    };
}

/// Which list a paged request reads, so the iterator can set the cursor.
pub trait Filters: Clone {
    fn cursor(&self) -> Option<String>;
    fn set_cursor(&mut self, cursor: Option<String>);
    fn has_limit(&self) -> bool;
    fn set_limit(&mut self, limit: u32);
}

macro_rules! filters_impl {
    ($t:ty) => {
        impl Filters for $t {
            fn cursor(&self) -> Option<String> {
                self.cursor.clone()
            }
            fn set_cursor(&mut self, cursor: Option<String>) {
                self.cursor = cursor;
            }
            fn has_limit(&self) -> bool {
                self.limit.is_some()
            }
            fn set_limit(&mut self, limit: u32) {
                self.limit = Some(Limit::Number(f64::from(limit)));
            }
        }
    };
}
filters_impl!(DeploymentFilters);
filters_impl!(JobFilters);
filters_impl!(RevisionFilters);
filters_impl!(EventFilters);
filters_impl!(TaskFilters);

// ---------------------------------------------------------------------------------------------
// Endpoints, in the order of spec §4.

/// The path of the create endpoint (its body is checked with the create rules).
pub const CREATE_PATH: &str = "/create";

/// 1. `POST /create`.
pub fn create(body: Value) -> RequestSpec {
    let mut spec = RequestSpec::new(Method::Post, CREATE_PATH.to_owned());
    spec.body = Some(body.to_string());
    spec.shape = Shape::Deployment;
    spec
}

/// 2. `GET /` with filters.
pub fn list(f: &DeploymentFilters) -> Result<RequestSpec, ApiError> {
    let mut q = paging_of!(f)?;
    q.opt("search", f.search.as_deref());
    q.csv("id", f.id.as_ref());
    q.opt("name", f.name.as_deref());
    q.csv("status", f.status.as_ref());
    q.csv("strategy", f.strategy.as_ref());
    q.opt("vault", f.vault.as_deref());
    q.opt("created_after", f.created_after.as_deref());
    q.opt("created_before", f.created_before.as_deref());
    q.opt("idempotency_key", f.idempotency_key.as_deref());
    let mut spec = RequestSpec::new(Method::Get, String::new());
    spec.query = q.0;
    spec.shape = Shape::List("deployments");
    Ok(spec)
}

/// 3. `GET /{id}`.
pub fn get(id: &str) -> Result<RequestSpec, ApiError> {
    let mut spec = on_deployment(Method::Get, id, "", None)?;
    spec.shape = Shape::Deployment;
    Ok(spec)
}

/// 4–6. `POST /{id}/start|stop|archive`.
pub fn lifecycle(id: &str, action: Action) -> Result<RequestSpec, ApiError> {
    let tail = match action {
        Action::Start => "/start",
        Action::Stop => "/stop",
        Action::Archive => "/archive",
        other => {
            return Err(ApiError::invalid_argument(format!(
                "unknown lifecycle action {other}"
            )))
        }
    };
    on_deployment(Method::Post, id, tail, Some(action))
}

/// 7. `DELETE /{id}` (204).
pub fn delete(id: &str) -> Result<RequestSpec, ApiError> {
    let mut spec = on_deployment(Method::Delete, id, "", Some(Action::Delete))?;
    spec.expect = Expect::Empty;
    Ok(spec)
}

/// 8–11, 13. The PATCH updates: `(action, path tail, body key)`.
pub const UPDATES: [(Action, &str, &str); 5] = [
    (Action::Rename, "/update-name", "name"),
    (
        Action::UpdateReplicaCount,
        "/update-replica-count",
        "replicas",
    ),
    (Action::UpdateTimeout, "/update-timeout", "timeout"),
    (Action::UpdateSchedule, "/update-schedule", "schedule"),
    (
        Action::UpdateActiveRevision,
        "/update-active-revision",
        "active_revision",
    ),
];

/// One of [`UPDATES`]: the body is `{ <key>: value }`.
pub fn update(id: &str, action: Action, value: Value) -> Result<RequestSpec, ApiError> {
    let (action, tail, key) = UPDATES
        .iter()
        .find(|(a, _, _)| *a == action)
        .copied()
        .ok_or_else(|| ApiError::invalid_argument(format!("unknown update {action}")))?;
    let mut spec = on_deployment(Method::Patch, id, tail, Some(action))?;
    spec.body = Some(json!({ key: value }).to_string());
    Ok(spec)
}

/// 12. `POST /{id}/create-revision`: the body is the job definition itself.
pub fn create_revision(id: &str, job_definition: Value) -> Result<RequestSpec, ApiError> {
    let mut spec = on_deployment(
        Method::Post,
        id,
        "/create-revision",
        Some(Action::CreateRevision),
    )?;
    spec.body = Some(job_definition.to_string());
    Ok(spec)
}

/// 14. `GET /{id}/jobs`.
pub fn jobs(id: &str, f: &JobFilters) -> Result<RequestSpec, ApiError> {
    let mut q = paging_of!(f)?;
    q.csv("state", f.state.as_ref());
    q.opt("job", f.job.as_deref());
    q.opt("created_after", f.created_after.as_deref());
    q.opt("created_before", f.created_before.as_deref());
    let mut spec = on_deployment(Method::Get, id, "/jobs", None)?;
    spec.query = q.0;
    spec.shape = Shape::List("jobs");
    Ok(spec)
}

/// 15. `GET /{id}/jobs/{job}`; `state` comes back as a name, see [`map_job_detail`].
pub fn job(id: &str, job: &str) -> Result<RequestSpec, ApiError> {
    check_id("the job id", job)?;
    let mut spec = on_deployment(
        Method::Get,
        id,
        &format!("/jobs/{}", encode_component(job)),
        None,
    )?;
    spec.expect = Expect::JobDetail;
    Ok(spec)
}

/// 16. `GET /{id}/revisions`.
pub fn revisions(id: &str, f: &RevisionFilters) -> Result<RequestSpec, ApiError> {
    let mut q = paging_of!(f)?;
    q.opt("created_after", f.created_after.as_deref());
    q.opt("created_before", f.created_before.as_deref());
    let mut spec = on_deployment(Method::Get, id, "/revisions", None)?;
    spec.shape = Shape::List("revisions");
    spec.query = q.0;
    Ok(spec)
}

/// 17. `GET /{id}/events`.
pub fn events(id: &str, f: &EventFilters) -> Result<RequestSpec, ApiError> {
    let mut q = paging_of!(f)?;
    q.csv("category", f.category.as_ref());
    q.csv("type", f.kind.as_ref());
    q.opt("created_after", f.created_after.as_deref());
    q.opt("created_before", f.created_before.as_deref());
    let mut spec = on_deployment(Method::Get, id, "/events", None)?;
    spec.shape = Shape::List("events");
    spec.query = q.0;
    Ok(spec)
}

/// 18. `GET /{id}/tasks` (refused on ARCHIVED: action `listTasks`).
pub fn tasks(id: &str, f: &TaskFilters) -> Result<RequestSpec, ApiError> {
    let mut q = paging_of!(f)?;
    q.csv("task", f.task.as_ref());
    q.opt("due_after", f.due_after.as_deref());
    q.opt("due_before", f.due_before.as_deref());
    let mut spec = on_deployment(Method::Get, id, "/tasks", Some(Action::ListTasks))?;
    spec.shape = Shape::List("tasks");
    spec.query = q.0;
    Ok(spec)
}

/// 19. `GET /{id}/stream` (SSE).
pub fn stream(id: &str) -> Result<RequestSpec, ApiError> {
    let mut spec = on_deployment(Method::Get, id, "/stream", None)?;
    spec.expect = Expect::Stream;
    Ok(spec)
}

/// Options of the vault-signed header (row 20).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeaderOptions {
    pub message: Option<String>,
    pub include_time: Option<bool>,
}

impl HeaderOptions {
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::new(v, "header options", &["message", "includeTime"])?;
        Ok(Self {
            message: o.string("message")?,
            include_time: o.boolean("includeTime")?,
        })
    }
}

/// 20. `GET /{id}/header?message=…&includeTime=true|false`.
pub fn header(id: &str, o: &HeaderOptions) -> Result<RequestSpec, ApiError> {
    let mut spec = on_deployment(Method::Get, id, "/header", None)?;
    if let Some(message) = &o.message {
        if message.is_empty() {
            return Err(ApiError::invalid_argument(
                "message must not be empty".to_owned(),
            ));
        }
        spec.query.push(("message".to_owned(), message.clone()));
    }
    if let Some(t) = o.include_time {
        spec.query.push(("includeTime".to_owned(), t.to_string()));
    }
    Ok(spec)
}

/// 21. `GET /vaults` (not paginated).
pub fn vaults() -> RequestSpec {
    let mut spec = RequestSpec::new(Method::Get, "/vaults".to_owned());
    spec.shape = Shape::Array;
    spec
}

/// 22. `POST /vaults/create` (get or create).
pub fn create_vault() -> RequestSpec {
    RequestSpec::new(Method::Post, "/vaults/create".to_owned())
}

/// Amounts of a withdraw. The server ignores them and always withdraws everything (spec §4.7).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WithdrawBody {
    pub sol: Option<f64>,
    pub nos: Option<f64>,
}

impl WithdrawBody {
    pub fn from_value(v: &Value) -> Result<Self, ApiError> {
        let o = Obj::new(v, "amounts", &["SOL", "NOS"])?;
        Ok(Self {
            sol: o.number("SOL")?,
            nos: o.number("NOS")?,
        })
    }
}

/// 23. `POST /vaults/{vault}/withdraw`.
pub fn withdraw(vault: &str, b: &WithdrawBody) -> Result<RequestSpec, ApiError> {
    check_id("the vault address", vault)?;
    let mut body = serde_json::Map::new();
    for (key, v) in [("SOL", b.sol), ("NOS", b.nos)] {
        if let Some(v) = v {
            if !v.is_finite() || v < 0.0 {
                return Err(ApiError::invalid_argument(format!(
                    "{key} must be a number ≥ 0"
                )));
            }
            body.insert(key.to_owned(), json!(v));
        }
    }
    let mut spec = RequestSpec::new(
        Method::Post,
        format!("/vaults/{}/withdraw", encode_component(vault)),
    );
    spec.body = Some(Value::Object(body).to_string());
    Ok(spec)
}

/// Job states: numeric in the job detail (on-chain `0..3`), names in the job list (spec §4.5).
pub const JOB_STATES: [&str; 4] = ["QUEUED", "RUNNING", "COMPLETED", "STOPPED"];

/// Maps the job detail's numeric `state` to the list's names; the number stays as `state_code`.
pub fn map_job_detail(mut detail: Value) -> Value {
    if let Some(obj) = detail.as_object_mut() {
        let code = obj.get("state").and_then(Value::as_u64);
        if let Some(name) = code
            .and_then(|c| usize::try_from(c).ok())
            .and_then(|c| JOB_STATES.get(c))
        {
            obj.insert("state_code".to_owned(), json!(code));
            obj.insert("state".to_owned(), json!(name));
        }
    }
    detail
}

/// A key for the list filter: the create rules' check (1–128 of `[A-Za-z0-9:/_.-]`).
fn check_idempotency_key(key: &str) -> Result<(), ApiError> {
    match crate::deployment::idempotency_key_problem(key) {
        None => Ok(()),
        Some(problem) => Err(ApiError::new(
            ErrorKind::Validation,
            "INVALID_REQUEST",
            format!("the list filter was not sent: {problem}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::config::resolve_endpoint;

    fn body_value(spec: &RequestSpec) -> Option<Value> {
        spec.body
            .as_deref()
            .map(|b| serde_json::from_str(b).unwrap())
    }

    const ID: &str = "7Yq2hZJ3nE5mW8VZxXf6QKJ7c4fJ1dT9GmUoPr2sBQaL";
    const JOB: &str = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";

    fn root(prefix: Option<&str>) -> Endpoint {
        resolve_endpoint(Some("http://127.0.0.1:3001/api"), None, prefix).unwrap()
    }

    fn url(spec: &RequestSpec) -> String {
        spec.url(&root(None))
    }

    #[test]
    fn every_endpoint_has_its_method_path_and_body() {
        let cases: Vec<(RequestSpec, Method, String, Option<Value>)> = vec![
            (
                create(json!({"name":"a"})),
                Method::Post,
                "/create".into(),
                Some(json!({"name":"a"})),
            ),
            (
                list(&DeploymentFilters::default()).unwrap(),
                Method::Get,
                String::new(),
                None,
            ),
            (get(ID).unwrap(), Method::Get, format!("/{ID}"), None),
            (
                lifecycle(ID, Action::Start).unwrap(),
                Method::Post,
                format!("/{ID}/start"),
                None,
            ),
            (
                lifecycle(ID, Action::Stop).unwrap(),
                Method::Post,
                format!("/{ID}/stop"),
                None,
            ),
            (
                lifecycle(ID, Action::Archive).unwrap(),
                Method::Post,
                format!("/{ID}/archive"),
                None,
            ),
            (delete(ID).unwrap(), Method::Delete, format!("/{ID}"), None),
            (
                update(ID, Action::Rename, json!("n")).unwrap(),
                Method::Patch,
                format!("/{ID}/update-name"),
                Some(json!({"name":"n"})),
            ),
            (
                update(ID, Action::UpdateReplicaCount, json!(0)).unwrap(),
                Method::Patch,
                format!("/{ID}/update-replica-count"),
                Some(json!({"replicas":0})),
            ),
            (
                update(ID, Action::UpdateTimeout, json!(60)).unwrap(),
                Method::Patch,
                format!("/{ID}/update-timeout"),
                Some(json!({"timeout":60})),
            ),
            (
                update(ID, Action::UpdateSchedule, json!("0 * * * *")).unwrap(),
                Method::Patch,
                format!("/{ID}/update-schedule"),
                Some(json!({"schedule":"0 * * * *"})),
            ),
            (
                update(ID, Action::UpdateActiveRevision, json!(2)).unwrap(),
                Method::Patch,
                format!("/{ID}/update-active-revision"),
                Some(json!({"active_revision":2})),
            ),
            (
                create_revision(ID, json!({"version":"0.1"})).unwrap(),
                Method::Post,
                format!("/{ID}/create-revision"),
                Some(json!({"version":"0.1"})),
            ),
            (
                jobs(ID, &JobFilters::default()).unwrap(),
                Method::Get,
                format!("/{ID}/jobs"),
                None,
            ),
            (
                job(ID, JOB).unwrap(),
                Method::Get,
                format!("/{ID}/jobs/{JOB}"),
                None,
            ),
            (
                revisions(ID, &RevisionFilters::default()).unwrap(),
                Method::Get,
                format!("/{ID}/revisions"),
                None,
            ),
            (
                events(ID, &EventFilters::default()).unwrap(),
                Method::Get,
                format!("/{ID}/events"),
                None,
            ),
            (
                tasks(ID, &TaskFilters::default()).unwrap(),
                Method::Get,
                format!("/{ID}/tasks"),
                None,
            ),
            (
                stream(ID).unwrap(),
                Method::Get,
                format!("/{ID}/stream"),
                None,
            ),
            (
                header(ID, &HeaderOptions::default()).unwrap(),
                Method::Get,
                format!("/{ID}/header"),
                None,
            ),
            (vaults(), Method::Get, "/vaults".into(), None),
            (create_vault(), Method::Post, "/vaults/create".into(), None),
            (
                withdraw(ID, &WithdrawBody::default()).unwrap(),
                Method::Post,
                format!("/vaults/{ID}/withdraw"),
                Some(json!({})),
            ),
        ];
        assert_eq!(cases.len(), 23, "one case per user endpoint of spec §4");
        for (spec, method, path, body) in cases {
            assert_eq!(spec.method, method, "{path}");
            assert_eq!(spec.path, path);
            assert_eq!(body_value(&spec), body, "{path}");
            assert_eq!(
                url(&spec),
                format!("http://127.0.0.1:3001/api/deployments{path}")
            );
        }
    }

    #[test]
    fn prefix_is_configurable() {
        let spec = get(ID).unwrap();
        assert_eq!(
            spec.url(&root(Some(""))),
            format!("http://127.0.0.1:3001/api/{ID}")
        );
        assert_eq!(
            spec.url(&resolve_endpoint(Some("http://h:1"), None, None).unwrap()),
            format!("http://h:1/deployments/{ID}")
        );
    }

    #[test]
    fn actions_and_expectations_are_tagged() {
        assert_eq!(
            lifecycle(ID, Action::Stop).unwrap().action,
            Some(Action::Stop)
        );
        assert_eq!(delete(ID).unwrap().expect, Expect::Empty);
        assert_eq!(
            tasks(ID, &TaskFilters::default()).unwrap().action,
            Some(Action::ListTasks)
        );
        assert_eq!(job(ID, JOB).unwrap().expect, Expect::JobDetail);
        assert_eq!(stream(ID).unwrap().expect, Expect::Stream);
        assert_eq!(get(ID).unwrap().deployment.as_deref(), Some(ID));
        assert!(lifecycle(ID, Action::Rename).is_err());
        assert!(update(ID, Action::Start, json!(1)).is_err());
    }

    #[test]
    fn list_filters_are_encoded_as_snake_case_query() {
        let f = DeploymentFilters::from_value(&json!({
            "limit": 20, "sortOrder": "asc", "cursor": "eyJh+/=", "search": "my app",
            "id": ["a", "b"], "name": "x&y", "status": "RUNNING,STOPPED", "strategy": ["SIMPLE"],
            "vault": "v", "createdAfter": "2026-01-01T00:00:00.000Z", "createdBefore": "2026-02-01T00:00:00Z"
        }))
        .unwrap();
        let spec = list(&f).unwrap();
        assert_eq!(
            url(&spec),
            "http://127.0.0.1:3001/api/deployments?limit=20&sort_order=asc&cursor=eyJh%2B%2F%3D&search=my%20app&id=a%2Cb&name=x%26y&status=RUNNING%2CSTOPPED&strategy=SIMPLE&vault=v&created_after=2026-01-01T00%3A00%3A00.000Z&created_before=2026-02-01T00%3A00%3A00Z"
        );
    }

    #[test]
    fn sub_list_filters() {
        let f = JobFilters::from_value(
            &json!({"state": ["QUEUED","RUNNING"], "job": JOB, "limit": "50"}),
        )
        .unwrap();
        assert_eq!(
            jobs(ID, &f).unwrap().query,
            vec![
                ("limit".into(), "50".into()),
                ("state".into(), "QUEUED,RUNNING".into()),
                ("job".into(), JOB.into())
            ]
        );
        let f = EventFilters::from_value(
            &json!({"category": "Event", "type": ["JOB_LIST_ERROR"], "sortOrder": "desc"}),
        )
        .unwrap();
        assert_eq!(
            events(ID, &f).unwrap().query,
            vec![
                ("sort_order".into(), "desc".into()),
                ("category".into(), "Event".into()),
                ("type".into(), "JOB_LIST_ERROR".into())
            ]
        );
        let f =
            TaskFilters::from_value(&json!({"task": "LIST", "dueAfter": "a", "dueBefore": "b"}))
                .unwrap();
        assert_eq!(
            tasks(ID, &f).unwrap().query,
            vec![
                ("task".into(), "LIST".into()),
                ("due_after".into(), "a".into()),
                ("due_before".into(), "b".into())
            ]
        );
        let f = RevisionFilters::from_value(&json!({"createdAfter": "a", "limit": 100})).unwrap();
        assert_eq!(
            revisions(ID, &f).unwrap().query,
            vec![
                ("limit".into(), "100".into()),
                ("created_after".into(), "a".into())
            ]
        );
        let h = header(
            ID,
            &HeaderOptions {
                message: Some("hi there".into()),
                include_time: Some(true),
            },
        )
        .unwrap();
        assert!(url(&h).ends_with("/header?message=hi%20there&includeTime=true"));
    }

    #[test]
    fn revision_filter_is_never_sent_and_bad_paging_is_refused() {
        assert!(JobFilters::from_value(&json!({"revision": 1})).is_err());
        assert!(RevisionFilters::from_value(&json!({"revision": 1})).is_err());
        for bad in [
            json!({"limit": 15}),
            json!({"limit": "5"}),
            json!({"sortOrder": "up"}),
        ] {
            let f = DeploymentFilters::from_value(&bad).unwrap();
            assert_eq!(list(&f).unwrap_err().code, "INVALID_ARGUMENT");
        }
        for ok in [10, 20, 50, 100] {
            let f = DeploymentFilters::from_value(&json!({ "limit": ok })).unwrap();
            assert_eq!(
                list(&f).unwrap().query,
                vec![("limit".into(), ok.to_string())]
            );
        }
    }

    #[test]
    fn ids_are_checked_before_sending() {
        assert_eq!(get("short").unwrap_err().code, "INVALID_ARGUMENT");
        assert!(get(&"1".repeat(45)).is_err());
        assert!(get(&format!("{}0", &ID[..43])).is_err(), "0 is not base58");
        assert!(job(ID, "x").is_err());
        assert!(withdraw("x", &WithdrawBody::default()).is_err());
        assert!(withdraw(
            ID,
            &WithdrawBody {
                sol: Some(-1.0),
                nos: None
            }
        )
        .is_err());
        let w = withdraw(
            ID,
            &WithdrawBody {
                sol: Some(1.5),
                nos: Some(0.0),
            },
        )
        .unwrap();
        assert_eq!(body_value(&w), Some(json!({"SOL": 1.5, "NOS": 0.0})));
    }

    #[test]
    fn job_detail_state_is_named() {
        for (code, name) in JOB_STATES.iter().enumerate() {
            let out = map_job_detail(json!({"state": code, "node": "n"}));
            assert_eq!(out, json!({"state": name, "state_code": code, "node": "n"}));
        }
        assert_eq!(map_job_detail(json!({"state": 9})), json!({"state": 9}));
        assert_eq!(map_job_detail(json!([])), json!([]));
    }

    #[test]
    fn component_encoding() {
        assert_eq!(encode_component("aZ09-._~"), "aZ09-._~");
        assert_eq!(encode_component("a b/é"), "a%20b%2F%C3%A9");
    }

    #[test]
    fn filter_keys_follow_the_server_pattern() {
        for good in ["a", "app:0f1e/x_y.z-9", &"k".repeat(128)] {
            assert!(check_idempotency_key(good).is_ok(), "{good}");
        }
        for bad in ["", "has space", "ü", &"k".repeat(129), "a?b"] {
            let e = check_idempotency_key(bad).unwrap_err();
            assert_eq!((e.kind, e.code), (ErrorKind::Validation, "INVALID_REQUEST"));
        }
    }
}
