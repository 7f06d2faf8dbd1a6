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

use super::client_errors::Fail;

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
}

/// `{ next, return, [Symbol.asyncIterator]() { return this } }`. Calls to `next()` run one after
/// another even when not awaited, so the source never sees two at once.
pub(crate) fn async_iterator<S: Source>(source: Rc<S>) -> Result<JsValue, JsValue> {
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
    let ret = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |value: JsValue| {
        source.close();
        Promise::resolve(&iter_result(value, true))
    });
    let o = Object::new();
    Reflect::set(&o, &"next".into(), &next.into_js_value())?;
    Reflect::set(&o, &"return".into(), &ret.into_js_value())?;
    // `Object.prototype.valueOf` returns `this`: exactly `[Symbol.asyncIterator]() { return this }`,
    // without `new Function` (CSP) or a closure holding the object (a cycle GC cannot see).
    let value_of = Reflect::get(&Object::new(), &"valueOf".into())?;
    Reflect::set(&o, &Symbol::async_iterator(), &value_of)?;
    Ok(o.into())
}
