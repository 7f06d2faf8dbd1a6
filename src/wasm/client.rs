//! `DeploymentsClient` for JavaScript: an adapter over the client core (`crate::api::client`).
//! It reads the arguments, runs the core on `fetch` (`transport.rs`), the JS clock (`clock.rs`)
//! and the JS wallet (`wallet.rs`), and turns answers into JS values and failures into typed
//! errors. Retries, time limits, guards, waiting, watching and paging all live in the core.

use std::rc::Rc;

use js_sys::{Promise, JSON};
use wasm_bindgen::prelude::*;

use super::async_iter::{async_iterator, promise, PagesSource, WatchSource};
use super::caller_values::{self, array_items};
use super::client_args::{
    call_options, client_options, filters, json_of, split, string_arg, SignalLink,
};
use super::client_errors::{type_error, Fail};
use super::clock::{random_seed, JsClock, JsRandom};
use super::serde_convert::{to_js, value_from_js};
use super::transport::FetchTransport;
use crate::api::client::{Answer, Client, Host};
use crate::api::error::ApiError;
use crate::api::options::{WaitOptions, WatchOptions};
use crate::api::pagination::Pages;
use crate::api::request::{self, RequestSpec};
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
    /// Strings go out as `JsValue`s made here: a `String` return adds a copy into wasm memory and
    /// a larger export shim, for the same JS string.
    #[wasm_bindgen(getter, skip_typescript)]
    pub fn address(&self) -> JsValue {
        self.inner
            .address()
            .map_or(JsValue::UNDEFINED, JsValue::from_str)
    }

    /// The node API / SSH domain (`https://<node>.<nodeDomain>`).
    #[wasm_bindgen(getter, js_name = nodeDomain, skip_typescript)]
    pub fn node_domain(&self) -> JsValue {
        JsValue::from_str(self.inner.node_domain())
    }

    /// `{base}{prefix}`, the root of every request.
    #[wasm_bindgen(getter, js_name = baseUrl, skip_typescript)]
    pub fn base_url(&self) -> JsValue {
        JsValue::from_str(&self.inner.endpoint().root)
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
            let (id, wanted) = (string_arg(&id, "id")?, statuses_arg(&statuses)?);
            let (wait, _link) = wait_options(&options)?;
            answer_to_js(inner.wait_for_status(&id, &wanted, &wait).await?)
        }))
    }

    /// Polls `get` until an endpoint is online; resolves with that endpoint.
    #[wasm_bindgen(js_name = waitForEndpoint, skip_typescript)]
    pub fn wait_for_endpoint(&self, id: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(Box::pin(async move {
            let id = string_arg(&id, "id")?;
            let (wait, _link) = wait_options(&options)?;
            Ok(to_js(&inner.wait_for_endpoint(&id, &wait).await?)?)
        }))
    }

    /// The deployment's live stream: an async iterator over its frames, with `stats()`.
    #[wasm_bindgen(skip_typescript)]
    pub fn watch(&self, id: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let build = || -> Result<WatchSource, Fail> {
            let id = string_arg(&id, "id")?;
            let (rest, link) = with_signal(&options)?;
            let o = WatchOptions::from_value(&rest)?;
            let cancel = SignalLink::cancel(&link);
            let watch = Watch::new(self.inner.clone(), &id, cancel.as_ref())?
                .with_connect_timeout(o.connect_timeout_ms);
            Ok(WatchSource { watch, _link: link })
        };
        async_iterator(Rc::new(build().map_err(Fail::into_js)?))
    }
}

/// `{ signal, ...json }`: the JSON part, and the signal's link (kept for the whole call).
fn with_signal(options: &JsValue) -> Result<(serde_json::Value, Option<SignalLink>), Fail> {
    let (taken, rest) = split(options, &["signal"])?;
    let rest = json_of(&rest, "options")?;
    Ok((
        rest,
        SignalLink::new(taken.first().unwrap_or(&JsValue::UNDEFINED))?,
    ))
}

/// The options of `waitForStatus` and `waitForEndpoint`, and the signal's link (kept for the
/// whole wait). Not inlined: one copy for both waits.
#[inline(never)]
fn wait_options(options: &JsValue) -> Result<(WaitOptions, Option<SignalLink>), Fail> {
    let (rest, link) = with_signal(options)?;
    let mut wait = WaitOptions::from_value(&rest)?;
    wait.cancel = SignalLink::cancel(&link);
    Ok((wait, link))
}

/// `waitForStatus`'s statuses: one, or an array of at most 64.
fn statuses_arg(statuses: &JsValue) -> Result<Vec<String>, Fail> {
    if let Some(s) = caller_values::string(statuses) {
        return Ok(vec![s]);
    }
    let bad = || type_error("statuses must be a status or an array of statuses");
    let items = array_items(statuses, "statuses", 64)?.ok_or_else(bad)?;
    items
        .iter()
        .map(caller_values::string)
        .collect::<Option<_>>()
        .ok_or_else(|| type_error("statuses must be strings"))
}

/// The methods that differ only in the request they build, by their arguments:
/// `(id, options)`, `(id, value, options)` and `(id, filters, options)`.
macro_rules! methods {
    (
        on_id { $($js:tt $name:ident => $build:expr;)* }
        with_value { $($vjs:tt $vname:ident $what:literal => $vbuild:expr;)* }
        update { $($ujs:tt $uname:ident => $action:ident;)* }
        filtered { $($fjs:tt $fname:ident => $read:path, $fbuild:path;)* }
    ) => {
        #[wasm_bindgen(js_class = DeploymentsClient)]
        impl DeploymentsClient {
            $(#[wasm_bindgen(js_name = $js, skip_typescript)]
            pub fn $name(&self, id: JsValue, options: JsValue) -> Promise {
                self.on_id(id, $build, options)
            })*
            $(#[wasm_bindgen(js_name = $vjs, skip_typescript)]
            pub fn $vname(&self, id: JsValue, value: JsValue, options: JsValue) -> Promise {
                self.with_value(id, value, $what, $vbuild, options)
            })*
            $(#[wasm_bindgen(js_name = $ujs, skip_typescript)]
            pub fn $uname(&self, id: JsValue, value: JsValue, options: JsValue) -> Promise {
                self.update(Action::$action, id, value, options)
            })*
            $(#[wasm_bindgen(js_name = $fjs, skip_typescript)]
            pub fn $fname(&self, id: JsValue, f: JsValue, options: JsValue) -> Promise {
                self.with_filters(id, f, $read, $fbuild, options)
            })*
        }
    };
}

methods! {
    on_id {
        get get => request::get;
        delete delete => request::delete;
        start start => |id| request::lifecycle(id, Action::Start);
        stop stop => |id| request::lifecycle(id, Action::Stop);
        archive archive => |id| request::lifecycle(id, Action::Archive);
        sshKeys ssh_keys => service_routes::ssh_keys;
    }
    with_value {
        updateMarket update_market "market" => service_routes::update_market;
        updateRequirements update_requirements "{ market, requirements }" =>
            service_routes::update_requirements;
        updateStartupTimeout update_startup_timeout "minutes" =>
            service_routes::update_startup_timeout;
        addSshKeys add_ssh_keys "keys" => |id, keys| service_routes::add_ssh_keys(id, &keys);
        revokeSshKeys revoke_ssh_keys "keys" => |id, keys| service_routes::revoke_ssh_keys(id, &keys);
    }
    update {
        rename rename => Rename;
        updateReplicaCount update_replica_count => UpdateReplicaCount;
        updateTimeout update_timeout => UpdateTimeout;
        updateSchedule update_schedule => UpdateSchedule;
        updateActiveRevision update_active_revision => UpdateActiveRevision;
    }
    filtered {
        jobs jobs => request::JobFilters::from_value, request::jobs;
        revisions revisions => request::RevisionFilters::from_value, request::revisions;
        events events => request::EventFilters::from_value, request::events;
        tasks tasks => request::TaskFilters::from_value, request::tasks;
        header header => request::HeaderOptions::from_value, request::header;
    }
}

/// What a deployment event `type` means, in words (undefined for an unknown type). Takes a
/// `JsValue`: a `&str` parameter lets wasm-bindgen's glue copy a non-string into wasm memory
/// unchecked, which traps (issue 19, the hostile-value harness).
#[wasm_bindgen(js_name = describeEventType, skip_typescript)]
pub fn describe_event_type(kind: JsValue) -> Result<JsValue, JsValue> {
    let kind = string_arg(&kind, "type").map_err(Fail::into_js)?;
    Ok(crate::api::events::describe(&kind).map_or(JsValue::UNDEFINED, JsValue::from_str))
}
