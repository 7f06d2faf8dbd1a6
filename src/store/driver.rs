//! The store's driver: issues the requests through the client core, feeds answers, stream frames
//! and errors into the [`Model`], and keeps opened deployments live (the stream, polling when it
//! fails, reconnecting). Host-free: the host gives the client, a clock and a [`Spawner`]; every
//! task stops when the store is disposed (one [`Cancel`] for everything).

use std::cell::{Cell, Ref, RefCell};
use std::rc::{Rc, Weak};

use futures_util::future::{join4, select, Either};
use serde_json::Value;

use super::model::{means_deleted, Input, Live, Model, Part};
use crate::api::cancel::{bounded, Bounded, Cancel, Subscription};
use crate::api::client::Client;
use crate::api::clock::Clock;
use crate::api::error::{ApiError, ErrorKind};
use crate::api::options::CallOptions;
use crate::api::request::{self, DeploymentFilters, Limit, RequestSpec};
use crate::api::service_routes;
use crate::api::transport::LocalFuture;
use crate::api::watch::Watch;
use crate::deployment::{next_status, Action};

/// Runs background work (`spawn_local` in the browser, a test executor natively).
pub trait Spawner {
    fn spawn(&self, task: LocalFuture<'static, ()>);
}

/// How the store behaves.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Keep opened deployments live (stream, else polling). Off: load once, on request.
    pub live: bool,
    /// How often to poll while the stream is down.
    pub poll_interval_ms: f64,
    pub list_filters: DeploymentFilters,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            live: true,
            poll_interval_ms: 5000.0,
            list_filters: DeploymentFilters::default(),
        }
    }
}

/// Items per page of the jobs, events and revisions of an opened deployment (newest first).
const PAGE: &str = "50";

struct Opened {
    count: u32,
    cancel: Cancel,
    _link: Subscription,
}

struct Inner {
    client: Rc<Client>,
    clock: Rc<dyn Clock>,
    spawner: Rc<dyn Spawner>,
    options: StoreOptions,
    model: RefCell<Model>,
    listener: RefCell<Option<Rc<dyn Fn()>>>,
    /// Fired by [`Store::dispose`]: every request, stream and timer ends.
    stop: Cancel,
    /// Followed deployments (a few at a time).
    opened: RefCell<Vec<(String, Opened)>>,
}

/// The store (cheap to clone: one shared state).
#[derive(Clone)]
pub struct Store {
    inner: Rc<Inner>,
}

/// Ends one [`Store::open`]: the deployment stops being live once every opener released it.
pub struct Release {
    store: Weak<Inner>,
    id: String,
    done: Cell<bool>,
}

impl Release {
    /// Idempotent.
    pub fn release(&self) {
        if self.done.replace(true) {
            return;
        }
        if let Some(inner) = self.store.upgrade() {
            Store { inner }.release(&self.id);
        }
    }
}

fn disposed() -> ApiError {
    ApiError::new(
        ErrorKind::Type,
        "DISPOSED",
        "the store was disposed: create a new one",
    )
}

fn pending_error(action: Action) -> ApiError {
    let mut e = ApiError::new(
        ErrorKind::InvalidState,
        "INVALID_STATE",
        format!("cannot {action} now: another action on this deployment is still pending"),
    );
    e.action = Some(action);
    e
}

/// The request of `perform(id, action, args)`; `args` documented per action in docs/store.md.
pub fn action_request(id: &str, action: Action, args: &Value) -> Result<RequestSpec, ApiError> {
    let arg = |key: &str| {
        args.get(key).cloned().ok_or_else(|| {
            ApiError::invalid_argument(format!("{action} needs args.{key} (see docs/store.md)"))
        })
    };
    match action {
        Action::Start | Action::Stop | Action::Archive => request::lifecycle(id, action),
        Action::Delete => request::delete(id),
        Action::Rename => request::update(id, action, arg("name")?),
        Action::UpdateReplicaCount => request::update(id, action, arg("replicas")?),
        Action::UpdateTimeout => request::update(id, action, arg("timeout")?),
        Action::UpdateSchedule => request::update(id, action, arg("schedule")?),
        Action::UpdateActiveRevision => request::update(id, action, arg("revision")?),
        Action::CreateRevision => request::create_revision(id, arg("jobDefinition")?),
        Action::UpdateMarket => service_routes::update_market(id, arg("market")?),
        Action::UpdateRequirements => service_routes::update_requirements(id, args.clone()),
        Action::UpdateStartupTimeout => service_routes::update_startup_timeout(id, arg("minutes")?),
        Action::Duplicate => service_routes::duplicate(id, args),
        Action::AddSshKeys => service_routes::add_ssh_keys(id, &arg("keys")?),
        Action::RevokeSshKeys => service_routes::revoke_ssh_keys(id, &arg("keys")?),
        Action::ListTasks | Action::ListSshKeys => Err(ApiError::invalid_argument(format!(
            "{action} reads and changes nothing: call the client's method instead"
        ))),
    }
}

fn part_request(id: &str, part: Part) -> Result<(RequestSpec, Option<&'static str>), ApiError> {
    let limit = Some(Limit::Text(PAGE.to_owned()));
    let desc = Some("desc".to_owned());
    Ok(match part {
        Part::Deployment => (request::get(id)?, None),
        Part::Jobs => {
            let f = request::JobFilters {
                limit,
                sort_order: desc,
                ..Default::default()
            };
            (request::jobs(id, &f)?, Some("jobs"))
        }
        Part::Events => {
            let f = request::EventFilters {
                limit,
                sort_order: desc,
                ..Default::default()
            };
            (request::events(id, &f)?, Some("events"))
        }
        Part::Revisions => {
            let f = request::RevisionFilters {
                limit,
                sort_order: desc,
                ..Default::default()
            };
            (request::revisions(id, &f)?, Some("revisions"))
        }
    })
}

impl Store {
    pub fn new(
        client: Rc<Client>,
        clock: Rc<dyn Clock>,
        spawner: Rc<dyn Spawner>,
        options: StoreOptions,
    ) -> Self {
        Self {
            inner: Rc::new(Inner {
                client,
                clock,
                spawner,
                options,
                model: RefCell::new(Model::default()),
                listener: RefCell::new(None),
                stop: Cancel::new(),
                opened: RefCell::new(Vec::new()),
            }),
        }
    }

    /// Called after every change (one listener: the host fans out).
    pub fn set_listener(&self, listener: impl Fn() + 'static) {
        *self.inner.listener.borrow_mut() = Some(Rc::new(listener));
    }

    /// The state now. Do not hold it across an await.
    pub fn model(&self) -> Ref<'_, Model> {
        self.inner.model.borrow()
    }

    pub fn is_disposed(&self) -> bool {
        self.inner.stop.is_fired()
    }

    /// Milliseconds since the epoch on the server's clock.
    pub fn server_now(&self) -> f64 {
        let now = self.inner.clock.now_ms();
        self.model().server_time.server_ms(now)
    }

    fn apply(&self, input: Input) {
        if self.is_disposed() {
            return;
        }
        let now = self.inner.clock.now_ms();
        let changed = self.inner.model.borrow_mut().apply(input, now);
        if changed {
            // Cloned out first: the listener may read the model or call the store.
            let listener = self.inner.listener.borrow().clone();
            if let Some(listener) = listener {
                listener();
            }
        }
    }

    fn call(&self, cancel: &Cancel, status: Option<String>) -> CallOptions {
        CallOptions {
            cancel: Some(cancel.clone()),
            timeout_ms: None,
            status,
        }
    }

    /// Loads the list: "loading" the first time, then "refreshing" (at once, before the
    /// returned future is polled); then "ready" or "error".
    pub fn load_list(&self) -> LocalFuture<'static, Result<(), ApiError>> {
        if self.is_disposed() {
            return Box::pin(std::future::ready(Err(disposed())));
        }
        let spec = match request::list(&self.inner.options.list_filters) {
            Ok(spec) => spec,
            Err(e) => return Box::pin(std::future::ready(Err(e))),
        };
        self.apply(Input::ListLoading);
        let store = self.clone();
        Box::pin(async move {
            let call = store.call(&store.inner.stop, None);
            match store.inner.client.send(&spec, &call).await {
                Ok(answer) => {
                    let items = match answer.value().get("deployments") {
                        Some(Value::Array(items)) => items.clone(),
                        _ => Vec::new(),
                    };
                    store.apply(Input::ListLoaded(items));
                    Ok(())
                }
                Err(e) => {
                    store.apply(Input::ListFailed(e.clone()));
                    Err(e)
                }
            }
        })
    }

    async fn load_part(&self, id: &str, part: Part, cancel: &Cancel) -> Result<(), ApiError> {
        let (spec, key) = part_request(id, part)?;
        self.apply(Input::Loading(id.to_owned(), vec![part]));
        match self
            .inner
            .client
            .send(&spec, &self.call(cancel, None))
            .await
        {
            Ok(answer) => {
                let value = match key {
                    Some(key) => answer.value().get(key).cloned().unwrap_or(Value::Null),
                    None => answer.value().clone(),
                };
                self.apply(Input::Loaded(id.to_owned(), part, value));
                Ok(())
            }
            Err(e) => {
                if !cancel.is_fired() {
                    self.apply(Input::Failed(id.to_owned(), part, e.clone()));
                }
                Err(e)
            }
        }
    }

    /// Loads the deployment, its jobs, events and revisions at once; the first error, if any.
    async fn load_parts(&self, id: &str, cancel: &Cancel) -> Result<(), ApiError> {
        let (a, b, c, d) = join4(
            self.load_part(id, Part::Deployment, cancel),
            self.load_part(id, Part::Jobs, cancel),
            self.load_part(id, Part::Events, cancel),
            self.load_part(id, Part::Revisions, cancel),
        )
        .await;
        a.and(b).and(c).and(d)
    }

    /// Reloads the list (no id: and every opened deployment) or one deployment.
    pub async fn refresh(&self, id: Option<&str>) -> Result<(), ApiError> {
        if self.is_disposed() {
            return Err(disposed());
        }
        match id {
            Some(id) => self.load_parts(id, &self.inner.stop).await,
            None => {
                let ids: Vec<String> = self
                    .inner
                    .opened
                    .borrow()
                    .iter()
                    .map(|(id, _)| id.clone())
                    .collect();
                let mut result = self.load_list().await;
                for id in ids {
                    let r = self.load_parts(&id, &self.inner.stop).await;
                    result = result.and(r);
                }
                result
            }
        }
    }

    /// Loads deployment `id` with its lists and keeps it live until released.
    pub fn open(&self, id: &str) -> Result<Release, ApiError> {
        if self.is_disposed() {
            return Err(disposed());
        }
        request::check_id("the deployment id", id)?;
        let first = {
            let mut opened = self.inner.opened.borrow_mut();
            match opened.iter_mut().find(|(i, _)| i == id) {
                Some((_, o)) => {
                    o.count += 1;
                    None
                }
                None => {
                    let (cancel, link) = self.inner.stop.child();
                    let o = Opened {
                        count: 1,
                        cancel: cancel.clone(),
                        _link: link,
                    };
                    opened.push((id.to_owned(), o));
                    Some(cancel)
                }
            }
        };
        if let Some(cancel) = first {
            // Loading from now on, so the very next snapshot shows it (not "no jobs").
            self.apply(Input::Loading(id.to_owned(), Part::ALL.to_vec()));
            if self.inner.options.live {
                self.set_live(id, Live::Connecting);
            }
            let store = self.clone();
            let id = id.to_owned();
            self.inner
                .spawner
                .spawn(Box::pin(async move { store.keep_live(&id, &cancel).await }));
        }
        Ok(Release {
            store: Rc::downgrade(&self.inner),
            id: id.to_owned(),
            done: Cell::new(false),
        })
    }

    fn release(&self, id: &str) {
        let ended = {
            let mut opened = self.inner.opened.borrow_mut();
            match opened.iter().position(|(i, _)| i == id) {
                Some(at) => match opened.get_mut(at) {
                    Some((_, o)) if o.count > 1 => {
                        o.count -= 1;
                        None
                    }
                    _ => Some(opened.swap_remove(at).1),
                },
                None => None,
            }
        };
        if let Some(o) = ended {
            o.cancel.fire();
            self.apply(Input::Released(id.to_owned()));
        }
    }

    fn set_live(&self, id: &str, live: Live) {
        self.apply(Input::Live(id.to_owned(), Some(live)));
    }

    fn is_deleted(&self, id: &str) -> bool {
        self.model()
            .entries
            .get(id)
            .is_some_and(|e| e.gone == Some(super::model::GoneWhy::Deleted))
    }

    /// Loads `id`, then follows its stream; while the stream is down, polls every
    /// `poll_interval_ms` and keeps trying to reconnect.
    async fn keep_live(&self, id: &str, cancel: &Cancel) {
        let _ = self.load_parts(id, cancel).await;
        if !self.inner.options.live || cancel.is_fired() || self.is_deleted(id) {
            self.apply(Input::Live(id.to_owned(), None));
            return;
        }
        let mut polling = false;
        while !cancel.is_fired() && !self.is_deleted(id) {
            let Ok(watch) = Watch::new(self.inner.client.clone(), id, Some(cancel)) else {
                return;
            };
            let first = if polling {
                // Keep polling until the stream gives a frame again.
                let frame = Box::pin(watch.next());
                let poll = Box::pin(self.poll_forever(id, cancel));
                match select(frame, poll).await {
                    Either::Left((frame, _)) => frame,
                    Either::Right(((), _)) => return,
                }
            } else {
                self.set_live(id, Live::Connecting);
                watch.next().await
            };
            let mut next = first;
            // The stream does not say "deleted": the deployment is checked every interval.
            let mut check_at = self.inner.clock.now_ms() + self.inner.options.poll_interval_ms;
            loop {
                match next {
                    Ok(Some(frame)) => {
                        self.set_live(id, Live::Open);
                        self.frame(id, frame, cancel).await;
                    }
                    Ok(None) => return,
                    Err(e) if cancel.is_fired() || e.kind == ErrorKind::Abort => return,
                    Err(e) if means_deleted(&e) => {
                        // Deleted: the model also stops following it (`live` None).
                        self.apply(Input::Failed(id.to_owned(), Part::Deployment, e));
                        return;
                    }
                    Err(_) => break,
                }
                // The same `next()` future across checks: dropping it would drop the stream.
                let mut pending = Box::pin(watch.next());
                next = loop {
                    let wait = (check_at - self.inner.clock.now_ms()).max(0.0);
                    match select(pending, self.inner.clock.sleep(wait)).await {
                        Either::Left((result, _)) => break result,
                        Either::Right(((), still)) => {
                            pending = still;
                            check_at =
                                self.inner.clock.now_ms() + self.inner.options.poll_interval_ms;
                            if !self.check(id, cancel).await {
                                return;
                            }
                        }
                    }
                };
            }
            // The stream failed for good: poll, and try the stream again meanwhile.
            polling = true;
            self.set_live(id, Live::Polling);
            if !self.poll_once(id, cancel).await {
                return;
            }
        }
        if !cancel.is_fired() {
            self.apply(Input::Live(id.to_owned(), None));
        }
    }

    /// Waits one interval and reloads; `false` once cancelled.
    async fn poll_once(&self, id: &str, cancel: &Cancel) -> bool {
        let pause = self.inner.clock.sleep(self.inner.options.poll_interval_ms);
        if bounded(pause, Some(cancel), None).await == Bounded::Cancelled {
            return false;
        }
        let _ = self.load_parts(id, cancel).await;
        !cancel.is_fired() && !self.is_deleted(id)
    }

    /// Checks that a followed deployment still exists (and is as shown); `false` once it is
    /// gone or the store stopped following it.
    async fn check(&self, id: &str, cancel: &Cancel) -> bool {
        let Ok(spec) = request::get(id) else {
            return false;
        };
        match self
            .inner
            .client
            .send(&spec, &self.call(cancel, None))
            .await
        {
            Ok(answer) => self.apply(Input::Checked(id.to_owned(), answer.value().clone())),
            Err(e) if means_deleted(&e) => {
                // Deleted: the model also stops following it (`live` None).
                self.apply(Input::Failed(id.to_owned(), Part::Deployment, e));
                return false;
            }
            // The stream is what keeps it live; a failed check is not worth showing.
            Err(_) => {}
        }
        !cancel.is_fired() && !self.is_deleted(id)
    }

    async fn poll_forever(&self, id: &str, cancel: &Cancel) {
        while self.poll_once(id, cancel).await {}
    }

    async fn frame(&self, id: &str, frame: Value, cancel: &Cancel) {
        let newer_revision = frame.get("type").and_then(Value::as_str) == Some("deployment")
            && frame
                .get("active_revision")
                .and_then(Value::as_f64)
                .is_some_and(|r| r > self.latest_revision(id));
        self.apply(Input::Frame(id.to_owned(), frame));
        if newer_revision {
            let _ = self.load_part(id, Part::Revisions, cancel).await;
        }
    }

    fn latest_revision(&self, id: &str) -> f64 {
        let model = self.model();
        let revisions = model
            .entries
            .get(id)
            .and_then(|e| e.revisions.data.as_ref());
        revisions
            .and_then(|r| r.first())
            .and_then(|r| r.get("revision"))
            .and_then(Value::as_f64)
            // Not loaded: nothing to reload.
            .unwrap_or(f64::INFINITY)
    }

    /// Performs `action` on `id`: the state machine's next status is shown at once (before the
    /// returned future is polled); the server's answer confirms it, or its error rolls it back
    /// (kept as `last_error`).
    pub fn perform(
        &self,
        id: &str,
        action: Action,
        args: &Value,
    ) -> LocalFuture<'static, Result<(), ApiError>> {
        let fail = |e| -> LocalFuture<'static, Result<(), ApiError>> {
            Box::pin(std::future::ready(Err(e)))
        };
        if self.is_disposed() {
            return fail(disposed());
        }
        let spec = match action_request(id, action, args) {
            Ok(spec) => spec,
            Err(e) => return fail(e),
        };
        let (status, pending) = {
            let model = self.model();
            let entry = model.entries.get(id);
            (
                entry.and_then(|e| e.status()),
                entry.is_some_and(|e| e.pending.is_some()),
            )
        };
        if pending {
            return fail(pending_error(action));
        }
        if let Some(status) = status {
            if let Err(refused) = next_status(status, action) {
                let e = ApiError::refused(&refused);
                self.apply(Input::ActionFailed(id.to_owned(), action, e.clone()));
                return fail(e);
            }
        }
        self.apply(Input::ActionStarted(id.to_owned(), action));
        let store = self.clone();
        let id = id.to_owned();
        Box::pin(async move { store.send_action(&id, action, spec, status).await })
    }

    async fn send_action(
        &self,
        id: &str,
        action: Action,
        spec: RequestSpec,
        status: Option<crate::deployment::Status>,
    ) -> Result<(), ApiError> {
        let call = self.call(&self.inner.stop, status.map(|s| s.as_str().to_owned()));
        match self.inner.client.send(&spec, &call).await {
            Ok(answer) => {
                let value = answer.value().clone();
                if action == Action::Duplicate {
                    self.apply(Input::Created(value));
                    self.apply(Input::ActionDone(id.to_owned(), action, None));
                } else {
                    let patch = value.is_object().then_some(value);
                    self.apply(Input::ActionDone(id.to_owned(), action, patch));
                }
                if action == Action::CreateRevision {
                    let _ = self.load_part(id, Part::Revisions, &self.inner.stop).await;
                }
                Ok(())
            }
            Err(e) => {
                self.apply(Input::ActionFailed(id.to_owned(), action, e.clone()));
                Err(e)
            }
        }
    }

    /// Cancels every request, stream and timer; later calls fail with a `DISPOSED` error.
    pub fn dispose(&self) {
        if self.is_disposed() {
            return;
        }
        {
            let mut model = self.inner.model.borrow_mut();
            for e in model.entries.values_mut().filter(|e| e.live.is_some()) {
                e.live = None;
                e.version += 1;
            }
            model.version += 1;
        }
        self.inner.stop.fire();
        self.inner.opened.borrow_mut().clear();
        *self.inner.listener.borrow_mut() = None;
    }
}
