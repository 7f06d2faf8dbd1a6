//! `DeploymentsClient` for JavaScript: an adapter over the client core (`crate::api::client`).
//! It reads the arguments, runs the core on `fetch` (`transport.rs`), the JS clock (`clock.rs`)
//! and the JS wallet (`wallet.rs`), and turns answers into JS values and failures into typed
//! errors. Retries, time limits, guards, waiting, watching and paging all live in the core.

use std::rc::Rc;

use js_sys::{Promise, JSON};
use wasm_bindgen::prelude::*;

use super::async_iter::{async_iterator, iter_result, promise, BoxFuture, Source};
use super::caller_values::array_items;
use super::client_args::{
    call_options, client_options, filters, json_of, split, string_arg, SignalLink,
};
use super::client_errors::{type_error, Fail};
use super::clock::{random_seed, JsClock, JsRandom};
use super::serde_convert::{to_js, value_from_js};
use super::transport::FetchTransport;
use crate::api::client::{Answer, Client, Host};
use crate::api::error::ApiError;
use crate::api::options::WaitOptions;
use crate::api::pagination::Pages;
use crate::api::request::{self, Filters, RequestSpec};
use crate::api::service_routes;
use crate::api::signing::SignatureCache;
use crate::api::watch::Watch;
use crate::deployment::Action;

thread_local! {
    /// One signature per wallet, shared by every client and every concurrent request.
    static SIGNATURES: Rc<SignatureCache> = Rc::new(SignatureCache::new());
}

fn host() -> Host {
    Host {
        transport: Rc::new(FetchTransport),
        clock: Rc::new(JsClock),
        signatures: SIGNATURES.with(Rc::clone),
        seed: random_seed(),
        random: Rc::new(JsRandom),
    }
}

/// An answer as JS: plain objects through `JSON.parse` of the body as received.
fn answer_to_js(answer: Answer) -> Result<JsValue, Fail> {
    Ok(match answer {
        Answer::Empty => JsValue::UNDEFINED,
        Answer::Json { text, .. } => JSON::parse(&text)?,
        Answer::Mapped(value) => to_js(&value)?,
    })
}

/// `{ value, done }` of an iterator item (`None`: the end).
fn item_to_js(item: Option<serde_json::Value>) -> Result<JsValue, Fail> {
    Ok(match item {
        Some(v) => iter_result(to_js(&v)?, false),
        None => iter_result(JsValue::UNDEFINED, true),
    })
}

/// The Nosana Deployments API. See `docs/client.md`.
#[wasm_bindgen(js_name = DeploymentsClient, skip_typescript)]
pub struct DeploymentsClient {
    pub(super) inner: Rc<Client>,
}

#[wasm_bindgen(js_class = DeploymentsClient)]
impl DeploymentsClient {
    #[wasm_bindgen(constructor, skip_typescript)]
    pub fn new(options: JsValue) -> Result<DeploymentsClient, JsValue> {
        let (options, credentials) = client_options(&options).map_err(Fail::into_js)?;
        Ok(DeploymentsClient {
            inner: Rc::new(Client::new(options, credentials, host())),
        })
    }

    /// The wallet address requests are signed for (undefined for API-key or anonymous clients).
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn address(&self) -> Option<String> {
        self.inner.address().map(str::to_owned)
    }

    /// The node API / SSH domain (`https://<node>.<nodeDomain>`).
    #[wasm_bindgen(getter, js_name = nodeDomain, skip_typescript)]
    pub fn node_domain(&self) -> String {
        self.inner.node_domain().to_owned()
    }

    /// `{base}{prefix}`, the root of every request.
    #[wasm_bindgen(getter, js_name = baseUrl, skip_typescript)]
    pub fn base_url(&self) -> String {
        self.inner.endpoint().root.clone()
    }

    fn run_js(
        &self,
        build: impl FnOnce() -> Result<RequestSpec, Fail>,
        options: JsValue,
    ) -> Promise {
        self.run_spec(build(), &options)
    }

    // Not inlined into each of the ~20 methods: one copy of the promise plumbing.
    #[inline(never)]
    fn run_spec(&self, spec: Result<RequestSpec, Fail>, options: &JsValue) -> Promise {
        let inner = self.inner.clone();
        let prepared = call_options(options).and_then(|(call, link)| Ok((call, link, spec?)));
        promise(Box::pin(async move {
            let (call, _link, spec) = prepared?;
            answer_to_js(inner.send(&spec, &call).await?)
        }))
    }

    fn on_id(
        &self,
        id: JsValue,
        build: fn(&str) -> Result<RequestSpec, ApiError>,
        options: JsValue,
    ) -> Promise {
        self.run_js(move || Ok(build(&string_arg(&id, "id")?)?), options)
    }

    fn with_filters<F>(
        &self,
        id: JsValue,
        f: JsValue,
        read: fn(&serde_json::Value) -> Result<F, ApiError>,
        build: fn(&str, &F) -> Result<RequestSpec, ApiError>,
        options: JsValue,
    ) -> Promise {
        self.run_js(
            move || Ok(build(&string_arg(&id, "id")?, &filters(&f, read)?)?),
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn list(&self, f: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                let f = filters(&f, request::DeploymentFilters::from_value)?;
                Ok(request::list(&f)?)
            },
            options,
        )
    }

    #[wasm_bindgen(js_name = listAll, skip_typescript)]
    pub fn list_all(&self, f: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let build = || -> Result<PagesSource<_>, Fail> {
            let f = filters(&f, request::DeploymentFilters::from_value)?;
            let (call, link) = call_options(&options)?;
            let pages = Pages::new(self.inner.clone(), f, request::list, "deployments", call)?;
            Ok(PagesSource { pages, _link: link })
        };
        async_iterator(Rc::new(build().map_err(Fail::into_js)?))
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn get(&self, id: JsValue, options: JsValue) -> Promise {
        self.on_id(id, request::get, options)
    }

    /// Creates with an idempotency key (the body's, or a generated one): safe to retry.
    #[wasm_bindgen(skip_typescript)]
    pub fn create(&self, body: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        let prepared = call_options(&options).and_then(|(call, link)| {
            if !body.is_object() {
                return Err(type_error("the create body must be an object"));
            }
            Ok((call, link, value_from_js(&body, "the create body")?))
        });
        promise(Box::pin(async move {
            let (call, _link, body) = prepared?;
            answer_to_js(inner.create(body, &call).await?)
        }))
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn duplicate(&self, id: JsValue, overrides: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                let id = string_arg(&id, "id")?;
                let overrides = if overrides.is_undefined() || overrides.is_null() {
                    serde_json::Value::Null
                } else {
                    value_from_js(&overrides, "overrides")?
                };
                Ok(service_routes::duplicate(&id, &overrides)?)
            },
            options,
        )
    }

    fn with_value(
        &self,
        id: JsValue,
        value: JsValue,
        what: &'static str,
        build: fn(&str, serde_json::Value) -> Result<RequestSpec, ApiError>,
        options: JsValue,
    ) -> Promise {
        self.run_js(
            move || {
                let id = string_arg(&id, "id")?;
                Ok(build(&id, value_from_js(&value, what)?)?)
            },
            options,
        )
    }

    #[wasm_bindgen(js_name = updateMarket, skip_typescript)]
    pub fn update_market(&self, id: JsValue, market: JsValue, options: JsValue) -> Promise {
        self.with_value(id, market, "market", service_routes::update_market, options)
    }

    #[wasm_bindgen(js_name = updateRequirements, skip_typescript)]
    pub fn update_requirements(&self, id: JsValue, body: JsValue, options: JsValue) -> Promise {
        let build = service_routes::update_requirements;
        self.with_value(id, body, "{ market, requirements }", build, options)
    }

    #[wasm_bindgen(js_name = updateStartupTimeout, skip_typescript)]
    pub fn update_startup_timeout(
        &self,
        id: JsValue,
        minutes: JsValue,
        options: JsValue,
    ) -> Promise {
        let build = service_routes::update_startup_timeout;
        self.with_value(id, minutes, "minutes", build, options)
    }

    #[wasm_bindgen(js_name = sshKeys, skip_typescript)]
    pub fn ssh_keys(&self, id: JsValue, options: JsValue) -> Promise {
        self.on_id(id, service_routes::ssh_keys, options)
    }

    #[wasm_bindgen(js_name = addSshKeys, skip_typescript)]
    pub fn add_ssh_keys(&self, id: JsValue, keys: JsValue, options: JsValue) -> Promise {
        let build = |id: &str, keys: serde_json::Value| service_routes::add_ssh_keys(id, &keys);
        self.with_value(id, keys, "keys", build, options)
    }

    #[wasm_bindgen(js_name = revokeSshKeys, skip_typescript)]
    pub fn revoke_ssh_keys(&self, id: JsValue, keys: JsValue, options: JsValue) -> Promise {
        let build = |id: &str, keys: serde_json::Value| service_routes::revoke_ssh_keys(id, &keys);
        self.with_value(id, keys, "keys", build, options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn start(&self, id: JsValue, options: JsValue) -> Promise {
        self.on_id(id, |id| request::lifecycle(id, Action::Start), options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn stop(&self, id: JsValue, options: JsValue) -> Promise {
        self.on_id(id, |id| request::lifecycle(id, Action::Stop), options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn archive(&self, id: JsValue, options: JsValue) -> Promise {
        self.on_id(id, |id| request::lifecycle(id, Action::Archive), options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn delete(&self, id: JsValue, options: JsValue) -> Promise {
        self.on_id(id, request::delete, options)
    }

    fn update(&self, action: Action, id: JsValue, value: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                let id = string_arg(&id, "id")?;
                let value = value_from_js(&value, "the value")?;
                Ok(request::update(&id, action, value)?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn rename(&self, id: JsValue, name: JsValue, options: JsValue) -> Promise {
        self.update(Action::Rename, id, name, options)
    }

    #[wasm_bindgen(js_name = updateReplicaCount, skip_typescript)]
    pub fn update_replica_count(&self, id: JsValue, n: JsValue, options: JsValue) -> Promise {
        self.update(Action::UpdateReplicaCount, id, n, options)
    }

    #[wasm_bindgen(js_name = updateTimeout, skip_typescript)]
    pub fn update_timeout(&self, id: JsValue, minutes: JsValue, options: JsValue) -> Promise {
        self.update(Action::UpdateTimeout, id, minutes, options)
    }

    #[wasm_bindgen(js_name = updateSchedule, skip_typescript)]
    pub fn update_schedule(&self, id: JsValue, schedule: JsValue, options: JsValue) -> Promise {
        self.update(Action::UpdateSchedule, id, schedule, options)
    }

    #[wasm_bindgen(js_name = updateActiveRevision, skip_typescript)]
    pub fn update_active_revision(&self, id: JsValue, rev: JsValue, options: JsValue) -> Promise {
        self.update(Action::UpdateActiveRevision, id, rev, options)
    }

    #[wasm_bindgen(js_name = createRevision, skip_typescript)]
    pub fn create_revision(&self, id: JsValue, definition: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                let id = string_arg(&id, "id")?;
                let body = value_from_js(&definition, "the job definition")?;
                Ok(request::create_revision(&id, body)?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn jobs(&self, id: JsValue, f: JsValue, options: JsValue) -> Promise {
        let read = request::JobFilters::from_value;
        self.with_filters(id, f, read, request::jobs, options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn job(&self, id: JsValue, job: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                let (id, job) = (string_arg(&id, "id")?, string_arg(&job, "job")?);
                Ok(request::job(&id, &job)?)
            },
            options,
        )
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn revisions(&self, id: JsValue, f: JsValue, options: JsValue) -> Promise {
        let read = request::RevisionFilters::from_value;
        self.with_filters(id, f, read, request::revisions, options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn events(&self, id: JsValue, f: JsValue, options: JsValue) -> Promise {
        let read = request::EventFilters::from_value;
        self.with_filters(id, f, read, request::events, options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn tasks(&self, id: JsValue, f: JsValue, options: JsValue) -> Promise {
        let read = request::TaskFilters::from_value;
        self.with_filters(id, f, read, request::tasks, options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn header(&self, id: JsValue, header_options: JsValue, options: JsValue) -> Promise {
        let read = request::HeaderOptions::from_value;
        self.with_filters(id, header_options, read, request::header, options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn vaults(&self, options: JsValue) -> Promise {
        self.run_js(|| Ok(request::vaults()), options)
    }

    #[wasm_bindgen(js_name = createVault, skip_typescript)]
    pub fn create_vault(&self, options: JsValue) -> Promise {
        self.run_js(|| Ok(request::create_vault()), options)
    }

    #[wasm_bindgen(skip_typescript)]
    pub fn withdraw(&self, vault: JsValue, amounts: JsValue, options: JsValue) -> Promise {
        self.run_js(
            move || {
                let b = filters(&amounts, request::WithdrawBody::from_value)?;
                Ok(request::withdraw(&string_arg(&vault, "vault")?, &b)?)
            },
            options,
        )
    }

    /// Polls `get` until the status is one of `statuses`.
    #[wasm_bindgen(js_name = waitForStatus, skip_typescript)]
    pub fn wait_for_status(&self, id: JsValue, statuses: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(Box::pin(async move {
            let id = string_arg(&id, "id")?;
            let wanted: Vec<String> = if let Some(s) = statuses.as_string() {
                vec![s]
            } else if let Some(items) = array_items(&statuses, "statuses", 64)? {
                items
                    .iter()
                    .map(JsValue::as_string)
                    .collect::<Option<_>>()
                    .ok_or_else(|| type_error("statuses must be strings"))?
            } else {
                return Err(type_error(
                    "statuses must be a status or an array of statuses",
                ));
            };
            let (taken, rest) = split(&options, &["signal"])?;
            let mut wait = WaitOptions::from_value(&json_of(&rest, "options")?)?;
            let link = SignalLink::new(taken.first().unwrap_or(&JsValue::UNDEFINED))?;
            wait.cancel = SignalLink::cancel(&link);
            answer_to_js(inner.wait_for_status(&id, &wanted, &wait).await?)
        }))
    }

    /// Polls `get` until an endpoint is online; resolves with that endpoint.
    #[wasm_bindgen(js_name = waitForEndpoint, skip_typescript)]
    pub fn wait_for_endpoint(&self, id: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(Box::pin(async move {
            let id = string_arg(&id, "id")?;
            let (taken, rest) = split(&options, &["signal"])?;
            let mut wait = WaitOptions::from_value(&json_of(&rest, "options")?)?;
            let link = SignalLink::new(taken.first().unwrap_or(&JsValue::UNDEFINED))?;
            wait.cancel = SignalLink::cancel(&link);
            Ok(to_js(&inner.wait_for_endpoint(&id, &wait).await?)?)
        }))
    }

    /// The deployment's live stream: an async iterator over its frames.
    #[wasm_bindgen(skip_typescript)]
    pub fn watch(&self, id: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let build = || -> Result<WatchSource, Fail> {
            let id = string_arg(&id, "id")?;
            let (call, link) = call_options(&options)?;
            let watch = Watch::new(self.inner.clone(), &id, call.cancel.as_ref())?;
            Ok(WatchSource { watch, _link: link })
        };
        async_iterator(Rc::new(build().map_err(Fail::into_js)?))
    }
}

/// `listAll`'s iterator.
struct PagesSource<F: Filters + 'static> {
    pages: Pages<F>,
    _link: Option<SignalLink>,
}

impl<F: Filters + 'static> Source for PagesSource<F> {
    fn next(self: Rc<Self>) -> BoxFuture {
        Box::pin(async move { item_to_js(self.pages.next().await?) })
    }

    fn close(&self) {
        self.pages.close();
    }
}

/// `watch`'s iterator.
struct WatchSource {
    watch: Watch,
    _link: Option<SignalLink>,
}

impl Source for WatchSource {
    fn next(self: Rc<Self>) -> BoxFuture {
        Box::pin(async move { item_to_js(self.watch.next().await?) })
    }

    fn close(&self) {
        self.watch.close();
    }
}

/// What a deployment event `type` means, in words (undefined for an unknown type).
#[wasm_bindgen(js_name = describeEventType, skip_typescript)]
pub fn describe_event_type(kind: &str) -> Option<String> {
    crate::api::events::describe(kind).map(str::to_owned)
}
