//! Promises and async iterators for the client: every call runs one boxed future type (so
//! `future_to_promise` is instantiated once, not once per method: that alone was ~40 KB of
//! wasm), and `listAll`/`watch` are `{ next, return, [Symbol.asyncIterator] }` objects.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect, Symbol};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::client_args::SignalLink;
use super::client_errors::Fail;
use super::serde_convert::to_js;
use crate::api::pagination::Pages;
use crate::api::request::Filters;
use crate::api::watch::Watch;

pub(crate) type BoxFuture = Pin<Box<dyn Future<Output = Result<JsValue, Fail>>>>;

/// Runs `f` as a promise; failures become typed JS errors.
pub(crate) fn promise(f: BoxFuture) -> Promise {
    future_to_promise(async move { f.await.map_err(Fail::into_js) })
}

/// `{ value, done }`.
pub(crate) fn iter_result(value: JsValue, done: bool) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"value".into(), &value);
    let _ = Reflect::set(&o, &"done".into(), &JsValue::from_bool(done));
    o.into()
}

/// Something that produces the items of an async iterator, one `next()` at a time.
pub(crate) trait Source: 'static {
    /// The next `{ value, done }`.
    fn next(self: Rc<Self>) -> BoxFuture;
    /// `return()`: stop now (a `break` in `for await`).
    fn close(&self);
    /// What `stats()` returns, for sources that keep statistics.
    fn stats(&self) -> Option<JsValue> {
        None
    }
}

/// `{ next, return, [Symbol.asyncIterator]() { return this } }`. Calls to `next()` run one after
/// another even when not awaited, so the source never sees two at once. A `dyn Source`: one copy
/// of these closures in the wasm for `listAll` and `watch`, not one per source type.
pub(crate) fn async_iterator(source: Rc<dyn Source>) -> Result<JsValue, JsValue> {
    let tail: Rc<RefCell<Promise>> = Rc::new(RefCell::new(Promise::resolve(&JsValue::UNDEFINED)));
    let next = {
        let source = source.clone();
        Closure::<dyn FnMut() -> Promise>::new(move || {
            let source = source.clone();
            let run =
                Closure::once_into_js(move |_: JsValue| -> Promise { promise(source.next()) });
            let prev = tail.borrow().clone();
            let chained = Reflect::get(&prev, &"then".into())
                .and_then(|then| then.unchecked_into::<Function>().call2(&prev, &run, &run))
                .map(JsCast::unchecked_into::<Promise>)
                .unwrap_or_else(|e| Promise::reject(&e));
            *tail.borrow_mut() = chained.clone();
            chained
        })
    };
    let stats = source.stats().is_some().then(|| {
        let source = source.clone();
        Closure::<dyn FnMut() -> JsValue>::new(move || source.stats().unwrap_or(JsValue::UNDEFINED))
    });
    let ret = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |value: JsValue| {
        source.close();
        Promise::resolve(&iter_result(value, true))
    });
    let o = Object::new();
    if let Some(stats) = stats {
        Reflect::set(&o, &"stats".into(), &stats.into_js_value())?;
    }
    Reflect::set(&o, &"next".into(), &next.into_js_value())?;
    Reflect::set(&o, &"return".into(), &ret.into_js_value())?;
    // `Object.prototype.valueOf` returns `this`: exactly `[Symbol.asyncIterator]() { return this }`,
    // without `new Function` (CSP) or a closure holding the object (a cycle GC cannot see).
    let value_of = Reflect::get(&Object::new(), &"valueOf".into())?;
    Reflect::set(&o, &Symbol::async_iterator(), &value_of)?;
    Ok(o.into())
}

/// `{ value, done }` of an iterator item (`None`: the end).
fn item_to_js(item: Option<serde_json::Value>) -> Result<JsValue, Fail> {
    Ok(match item {
        Some(v) => iter_result(to_js(&v)?, false),
        None => iter_result(JsValue::UNDEFINED, true),
    })
}

/// `listAll`'s iterator (the signal's link lives as long as the walk).
pub(crate) struct PagesSource<F: Filters + 'static> {
    pub(crate) pages: Pages<F>,
    pub(crate) _link: Option<SignalLink>,
}

impl<F: Filters + 'static> Source for PagesSource<F> {
    fn next(self: Rc<Self>) -> BoxFuture {
        Box::pin(async move { item_to_js(self.pages.next().await?) })
    }

    fn close(&self) {
        self.pages.close();
    }
}

/// `watch`'s iterator, with `stats()`: `{ connections, skipped }`.
pub(crate) struct WatchSource {
    pub(crate) watch: Watch,
    pub(crate) _link: Option<SignalLink>,
}

impl Source for WatchSource {
    fn next(self: Rc<Self>) -> BoxFuture {
        Box::pin(async move { item_to_js(self.watch.next().await?) })
    }

    fn close(&self) {
        self.watch.close();
    }

    fn stats(&self) -> Option<JsValue> {
        let stats = self.watch.stats();
        let o = Object::new();
        let _ = Reflect::set(&o, &"connections".into(), &stats.connections.into());
        // Counts stay far below 2^53: exact as a JS number.
        let _ = Reflect::set(&o, &"skipped".into(), &(stats.skipped as f64).into());
        Some(o.into())
    }
}
