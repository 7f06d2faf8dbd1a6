//! `DeploymentStore` for JavaScript: converts values to and from the pure-Rust store
//! (`crate::store`), holds the listener set and the snapshot objects (the same object until the
//! model's version changes, and each deployment's view reused until that deployment changed), and
//! exports the labels and `explainError`. No decision lives here.
//!
//! Caller values (options, listeners, ids, errors) are read only through `caller_values`; the
//! snapshot objects the store builds itself are written through it too, since the boundary guard
//! cannot tell them apart. `subscribe` and `getSnapshot` are getters returning functions made once
//! per store, so `useSyncExternalStore(store.subscribe, store.getSnapshot)` works detached and
//! React sees the same function on every render.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Object, Promise};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use super::async_iter::promise;
use super::caller_values::{self, boolean, call_listener, call_method, number, own, string};
use super::client::DeploymentsClient;
use super::client_args::{json_of, string_arg};
use super::client_errors::{type_error, Fail};
use super::clock::JsClock;
use super::serde_convert::{to_js, value_from_js};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::request::DeploymentFilters;
use crate::api::transport::LocalFuture;
use crate::deployment::{Action, Status};
use crate::store::driver::{Release, Spawner, Store, StoreOptions};
use crate::store::explain::{explain, ErrorFacts};
use crate::store::labels;
use crate::store::model::{Entry, Resource};

thread_local! {
    /// Where `DeploymentsClient.__storeCore()` leaves its core for the store's constructor.
    static HANDOFF: RefCell<Option<Rc<Client>>> = const { RefCell::new(None) };
}

#[wasm_bindgen(js_class = DeploymentsClient)]
impl DeploymentsClient {
    /// Hands this client's core to a `DeploymentStore` being constructed (internal).
    #[wasm_bindgen(js_name = __storeCore, skip_typescript)]
    pub fn store_core(&self) {
        HANDOFF.with(|h| *h.borrow_mut() = Some(self.inner.clone()));
    }
}

/// The core of `options.client`, if it is a `DeploymentsClient`: only a real one's
/// `__storeCore` leaves a core in `HANDOFF` (called through the boundary room, so a hostile
/// look-alike that throws only fails the check).
fn client_core(client: &JsValue) -> Result<Rc<Client>, Fail> {
    let bad = || type_error("options.client must be a DeploymentsClient");
    if !client.is_object() {
        return Err(bad());
    }
    HANDOFF.with(|h| h.borrow_mut().take());
    call_method(client, "__storeCore", &JsValue::UNDEFINED).map_err(|_| bad())?;
    HANDOFF.with(|h| h.borrow_mut().take()).ok_or_else(bad)
}

struct SpawnLocal;

impl Spawner for SpawnLocal {
    fn spawn(&self, task: LocalFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(task);
    }
}

/// Reads `{ client, live, pollIntervalMs, listFilters }`.
fn store_options(options: &JsValue) -> Result<(Rc<Client>, StoreOptions), Fail> {
    if !options.is_object() {
        return Err(type_error(
            "DeploymentStore needs options: { client: DeploymentsClient, … }",
        ));
    }
    let get = |key: &str| {
        caller_values::get(options, key)
            .map_err(|e| type_error(format!("options.{key} could not be read: {e}")))
    };
    let client = client_core(&get("client")?)?;
    let mut o = StoreOptions::default();
    let live = get("live")?;
    if !live.is_undefined() {
        o.live = boolean(&live).ok_or_else(|| type_error("options.live must be a boolean"))?;
    }
    let poll = get("pollIntervalMs")?;
    if !poll.is_undefined() {
        o.poll_interval_ms = number(&poll)
            .filter(|ms| ms.is_finite() && *ms >= 10.0)
            .ok_or_else(|| type_error("options.pollIntervalMs must be a number of ms ≥ 10"))?;
    }
    let filters = json_of(&get("listFilters")?, "options.listFilters")?;
    o.list_filters = DeploymentFilters::from_value(&filters)?;
    Ok((client, o))
}

/// A caller's text inside an error message, in quotes and cut at 60 characters (it may be 10 MB).
fn quoted(text: &str) -> String {
    format!("\"{}\"", crate::api::error::truncate(text, 60))
}

fn action_of(value: &JsValue) -> Result<Action, Fail> {
    let text = string_arg(value, "action")?;
    text.parse()
        .map_err(|_| type_error(format!("unknown action {}", quoted(&text))))
}

/// Freezes an object the store made (a snapshot part); returns it.
fn freeze(value: &JsValue) -> JsValue {
    if value.is_object() {
        Object::freeze(&own::<Object>(value.clone()));
    }
    value.clone()
}

/// Sets a property of an object the store made: it cannot fail.
fn set(target: &JsValue, key: &str, value: &JsValue) {
    caller_values::set(target, &JsValue::from_str(key), value);
}

fn error_js(e: &Option<ApiError>) -> JsValue {
    e.clone()
        .map_or(JsValue::UNDEFINED, |e| Fail::Api(e).into_js())
}

/// A resource as JSON (`error` is set afterwards: it is a JS error object).
#[derive(serde::Serialize)]
struct ResourceOut<'a, T> {
    state: &'static str,
    data: Option<&'a T>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<f64>,
}

impl<'a, T> ResourceOut<'a, T> {
    fn of(r: &'a Resource<T>) -> Self {
        Self {
            state: r.state.as_str(),
            data: r.data.as_ref(),
            updated_at: r.updated_at,
        }
    }
}

#[derive(serde::Serialize)]
struct PendingOut {
    action: &'static str,
    #[serde(rename = "optimisticStatus")]
    optimistic_status: Option<&'static str>,
}

/// A view as JSON: one `JSON.parse` per view, not one per field.
#[derive(serde::Serialize)]
struct ViewOut<'a> {
    id: &'a str,
    deployment: ResourceOut<'a, Value>,
    jobs: ResourceOut<'a, Vec<Value>>,
    events: ResourceOut<'a, Vec<Value>>,
    revisions: ResourceOut<'a, Vec<Value>>,
    #[serde(rename = "allowedActions")]
    allowed_actions: Vec<&'static str>,
    pending: Option<PendingOut>,
}

/// Reads a property of an object the store made (plain data: no getter can throw).
fn get(target: &JsValue, key: &str) -> JsValue {
    caller_values::get(target, key).unwrap_or(JsValue::UNDEFINED)
}

/// What JSON cannot say: `undefined` for a missing value (`null` in the JSON), and the errors.
fn finish_resource(o: &JsValue, error: &Option<ApiError>) {
    for key in ["data", "updatedAt"] {
        if get(o, key).is_null() {
            set(o, key, &JsValue::UNDEFINED);
        }
    }
    set(o, "error", &error_js(error));
    freeze(o);
}

/// `{ state, data, error, updatedAt }`, frozen.
fn resource_js<T: serde::Serialize>(r: &Resource<T>) -> Result<JsValue, JsValue> {
    let o = to_js(&ResourceOut::of(r))?;
    finish_resource(&o, &r.error);
    Ok(o)
}

fn view_js(id: &str, e: &Entry) -> Result<JsValue, JsValue> {
    let out = ViewOut {
        id,
        deployment: ResourceOut::of(&e.deployment),
        jobs: ResourceOut::of(&e.jobs),
        events: ResourceOut::of(&e.events),
        revisions: ResourceOut::of(&e.revisions),
        allowed_actions: e.allowed_actions().iter().map(|a| a.as_str()).collect(),
        pending: e.pending.as_ref().map(|p| PendingOut {
            action: p.action.as_str(),
            optimistic_status: p.optimistic_status.map(Status::as_str),
        }),
    };
    let o = to_js(&out)?;
    finish_resource(&get(&o, "deployment"), &e.deployment.error);
    finish_resource(&get(&o, "jobs"), &e.jobs.error);
    finish_resource(&get(&o, "events"), &e.events.error);
    finish_resource(&get(&o, "revisions"), &e.revisions.error);
    freeze(&get(&o, "allowedActions"));
    let pending = get(&o, "pending");
    if pending.is_null() {
        set(&o, "pending", &JsValue::UNDEFINED);
    } else {
        if get(&pending, "optimisticStatus").is_null() {
            set(&pending, "optimisticStatus", &JsValue::UNDEFINED);
        }
        freeze(&pending);
    }
    set(&o, "lastError", &error_js(&e.last_error));
    Ok(freeze(&o))
}

#[derive(Default)]
struct Cache {
    version: Option<u64>,
    snapshot: JsValue,
    /// Each deployment's view and the entry version it shows, in id order (the order of the
    /// model's `BTreeMap`): found again by a merge walk, so no hash map is linked for it.
    views: Vec<(String, u64, JsValue)>,
    list: Option<(Resource<Vec<String>>, JsValue)>,
}

type Listeners = Rc<RefCell<Vec<(u32, JsValue)>>>;

/// What `subscribe` and `getSnapshot` work on: shared with their detached functions (which hold
/// it weakly, so no cycle keeps a freed store alive).
struct Inner {
    store: Store,
    listeners: Listeners,
    next_listener: Cell<u32>,
    cache: RefCell<Cache>,
}

/// A live, framework-agnostic store of deployments. See docs/store.md.
#[wasm_bindgen(js_name = DeploymentStore, skip_typescript)]
pub struct DeploymentStore {
    inner: Rc<Inner>,
    /// `subscribe` and `getSnapshot`, made once: the same function on every read.
    subscribe: JsValue,
    get_snapshot: JsValue,
}

fn disposed_error() -> JsValue {
    type_error("the store was disposed: create a new one").into_js()
}

fn freed_error() -> JsValue {
    type_error("this DeploymentStore was freed (free() was called on it): create a new one")
        .into_js()
}

impl Inner {
    fn subscribe(&self, listener: JsValue) -> Result<JsValue, JsValue> {
        if !listener.is_function() {
            return Err(type_error("listener must be a function").into_js());
        }
        let id = self.next_listener.get() + 1;
        self.next_listener.set(id);
        if !self.store.is_disposed() {
            self.listeners.borrow_mut().push((id, listener));
        }
        let listeners = Rc::downgrade(&self.listeners);
        let unsubscribe = Closure::<dyn Fn()>::new(move || {
            if let Some(l) = listeners.upgrade() {
                l.borrow_mut().retain(|(i, _)| *i != id);
            }
        });
        Ok(unsubscribe.into_js_value())
    }

    fn get_snapshot(&self) -> Result<JsValue, JsValue> {
        let model = self.store.model();
        let mut cache = self.cache.borrow_mut();
        if cache.version == Some(model.version) {
            return Ok(cache.snapshot.clone());
        }
        let deployments: JsValue = Object::new().into();
        let mut views = Vec::with_capacity(model.entries.len());
        let mut old = std::mem::take(&mut cache.views).into_iter().peekable();
        for (id, entry) in &model.entries {
            while old.next_if(|(old_id, _, _)| old_id < id).is_some() {}
            let view = match old.next_if(|(old_id, _, _)| old_id == id) {
                Some((_, v, view)) if v == entry.version => view,
                _ => view_js(id, entry)?,
            };
            set(&deployments, id, &view);
            views.push((id.clone(), entry.version, view));
        }
        let list = match cache.list.take() {
            Some((r, js)) if r == model.list => (r, js),
            _ => (model.list.clone(), resource_js(&model.list)?),
        };
        let o: JsValue = Object::new().into();
        set(&o, "version", &JsValue::from(model.version as f64));
        set(&o, "list", &list.1);
        set(&o, "deployments", &freeze(&deployments));
        set(&o, "live", &model.live().as_str().into());
        set(
            &o,
            "serverTimeOffsetMs",
            &model.server_time.offset_ms().into(),
        );
        let snapshot = freeze(&o);
        *cache = Cache {
            version: Some(model.version),
            snapshot: snapshot.clone(),
            views,
            list: Some(list),
        };
        Ok(snapshot)
    }
}

/// `subscribe` as a function of its own, usable detached. It holds the store weakly: after
/// `free()` it throws a TypeError.
fn detached_subscribe(inner: &Rc<Inner>) -> JsValue {
    let inner: Weak<Inner> = Rc::downgrade(inner);
    Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |listener| {
        inner.upgrade().ok_or_else(freed_error)?.subscribe(listener)
    })
    .into_js_value()
}

/// `getSnapshot` as a function of its own, like [`detached_subscribe`].
fn detached_get_snapshot(inner: &Rc<Inner>) -> JsValue {
    let inner: Weak<Inner> = Rc::downgrade(inner);
    Closure::<dyn Fn() -> Result<JsValue, JsValue>>::new(move || {
        inner.upgrade().ok_or_else(freed_error)?.get_snapshot()
    })
    .into_js_value()
}

#[wasm_bindgen(js_class = DeploymentStore)]
impl DeploymentStore {
    #[wasm_bindgen(constructor, skip_typescript)]
    pub fn new(options: JsValue) -> Result<DeploymentStore, JsValue> {
        let (client, options) = store_options(&options).map_err(Fail::into_js)?;
        let store = Store::new(client, Rc::new(JsClock), Rc::new(SpawnLocal), options);
        let listeners: Listeners = Rc::default();
        let fan_out = listeners.clone();
        store.set_listener(move || {
            // A copy: a listener may subscribe or unsubscribe.
            let now: Vec<JsValue> = fan_out.borrow().iter().map(|(_, f)| f.clone()).collect();
            for f in &now {
                call_listener(f);
            }
        });
        let inner = Rc::new(Inner {
            store,
            listeners,
            next_listener: Cell::new(0),
            cache: RefCell::default(),
        });
        Ok(DeploymentStore {
            subscribe: detached_subscribe(&inner),
            get_snapshot: detached_get_snapshot(&inner),
            inner,
        })
    }

    /// `(listener) => unsubscribe`: calls `listener` after every change. The same function on
    /// every read, usable detached.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn subscribe(&self) -> JsValue {
        self.subscribe.clone()
    }

    /// `() => snapshot`: the state now, the same object until something changed. The same
    /// function on every read, usable detached.
    #[wasm_bindgen(getter = getSnapshot, skip_typescript)]
    pub fn get_snapshot(&self) -> JsValue {
        self.get_snapshot.clone()
    }

    #[wasm_bindgen(js_name = loadList, skip_typescript)]
    pub fn load_list(&self) -> Promise {
        let loading = self.inner.store.load_list();
        promise(Box::pin(async move {
            loading.await?;
            Ok(JsValue::UNDEFINED)
        }))
    }

    /// Opens deployment `id`; returns `release()`.
    #[wasm_bindgen(skip_typescript)]
    pub fn open(&self, id: JsValue) -> Result<JsValue, JsValue> {
        if self.inner.store.is_disposed() {
            return Err(disposed_error());
        }
        let id = string_arg(&id, "id").map_err(Fail::into_js)?;
        let release: Release = self
            .inner
            .store
            .open(&id)
            .map_err(|e| Fail::Api(e).into_js())?;
        let f = Closure::<dyn FnMut()>::new(move || release.release());
        Ok(f.into_js_value())
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn refresh(&self, id: JsValue) -> Promise {
        let store = self.inner.store.clone();
        promise(Box::pin(async move {
            let id = if id.is_undefined() {
                None
            } else {
                Some(string_arg(&id, "id")?)
            };
            store.refresh(id.as_deref()).await?;
            Ok(JsValue::UNDEFINED)
        }))
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn perform(&self, id: JsValue, action: JsValue, args: JsValue) -> Promise {
        let read = || -> Result<_, Fail> {
            let id = string_arg(&id, "id")?;
            let action = action_of(&action)?;
            let args = if args.is_undefined() || args.is_null() {
                Value::Object(serde_json::Map::new())
            } else {
                value_from_js(&args, "args")?
            };
            Ok((id, action, args))
        };
        // Started now, so the optimistic status is in the very next snapshot.
        let started = read().map(|(id, action, args)| self.inner.store.perform(&id, action, &args));
        promise(Box::pin(async move {
            started?.await?;
            Ok(JsValue::UNDEFINED)
        }))
    }

    /// Milliseconds since the epoch on the server's clock.
    #[wasm_bindgen(js_name = serverNow, skip_typescript)]
    pub fn server_now(&self) -> f64 {
        self.inner.store.server_now()
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn dispose(&self) {
        self.inner.store.dispose();
        self.inner.listeners.borrow_mut().clear();
    }
}

fn locale_arg(locale: &JsValue) -> Result<Option<String>, JsValue> {
    if locale.is_undefined() {
        return Ok(None);
    }
    string(locale)
        .map(Some)
        .ok_or_else(|| type_error("locale must be a string").into_js())
}

/// "Running", "Insufficient funds".
#[wasm_bindgen(js_name = statusLabel, skip_typescript)]
pub fn status_label(status: JsValue, locale: JsValue) -> Result<JsValue, JsValue> {
    let text = string_arg(&status, "status").map_err(Fail::into_js)?;
    let status: Status = text
        .parse()
        .map_err(|_| type_error(format!("unknown status {}", quoted(&text))).into_js())?;
    let label = labels::status_label(status, locale_arg(&locale)?.as_deref());
    Ok(JsValue::from_str(&label))
}

/// "Change replica count".
#[wasm_bindgen(js_name = actionLabel, skip_typescript)]
pub fn action_label(action: JsValue, locale: JsValue) -> Result<JsValue, JsValue> {
    let action = action_of(&action).map_err(Fail::into_js)?;
    let label = labels::action_label(action, locale_arg(&locale)?.as_deref());
    Ok(JsValue::from_str(&label))
}

/// Adds (or replaces) the labels and sentences of `locale`.
#[wasm_bindgen(js_name = registerLocale, skip_typescript)]
pub fn register_locale(locale: JsValue, table: JsValue) -> Result<(), JsValue> {
    let locale = string_arg(&locale, "locale").map_err(Fail::into_js)?;
    let value = json_of(&table, "table").map_err(Fail::into_js)?;
    // Read by hand: serde's typed deserialization would link its float-printing error messages.
    let not_strings = || type_error("table must map keys to strings").into_js();
    let Value::Object(entries) = value else {
        return Err(not_strings());
    };
    let mut table = Vec::with_capacity(entries.len());
    for (key, text) in entries {
        let Value::String(text) = text else {
            return Err(not_strings());
        };
        table.push((key, text));
    }
    labels::register_locale(&locale, table).map_err(|k| {
        type_error(format!("unknown key {} (see docs/store.md)", quoted(&k.0))).into_js()
    })
}

/// What an error means, read from its `name`, `code`, `httpStatus`, `action`, `deploymentStatus`.
fn facts_of(error: &JsValue) -> ErrorFacts {
    if !error.is_object() {
        return ErrorFacts::default();
    }
    // `catch` reads: a hostile getter only loses its fact.
    let get = |key: &str| caller_values::get(error, key).unwrap_or(JsValue::UNDEFINED);
    let status = number(&get("httpStatus")).or_else(|| number(&get("status")));
    ErrorFacts {
        name: string(&get("name")),
        code: string(&get("code")),
        http_status: status
            .filter(|s| (100.0..=599.0).contains(s))
            .map(|s| s as u16),
        action: string(&get("action")),
        deployment_status: string(&get("deploymentStatus")),
    }
}

/// `{ summary, advice, text }`: what happened and what to do.
#[wasm_bindgen(js_name = explainError, skip_typescript)]
pub fn explain_error(error: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let locale = if options.is_object() {
        let locale = caller_values::get(&options, "locale")
            .map_err(|e| type_error(format!("options.locale could not be read: {e}")).into_js())?;
        locale_arg(&locale)?
    } else {
        None
    };
    let e = explain(&facts_of(&error), locale.as_deref());
    to_js(&json!({ "summary": e.summary, "advice": e.advice, "text": e.text() }))
}
