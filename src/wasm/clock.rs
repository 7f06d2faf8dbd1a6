//! The client core's [`Clock`] in JavaScript: `Date.now()` and `setTimeout`. A sleep that is
//! dropped before it ends clears its timer. Also its [`Random`]: `crypto.getRandomValues`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::api::clock::Clock;
use crate::api::random::Random;
use crate::api::transport::LocalFuture;

#[wasm_bindgen]
extern "C" {
    // Globals in browsers, workers and Node alike (not `window.setTimeout`).
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    // `globalThis.crypto`: browsers, workers and Node ≥ 19.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &js_sys::Uint8Array) -> Result<JsValue, JsValue>;
}

pub(crate) struct JsClock;

impl Clock for JsClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn sleep(&self, ms: f64) -> LocalFuture<'static, ()> {
        let mut timer = JsValue::UNDEFINED;
        let mut settle = None;
        let promise = Promise::new(&mut |resolve, _reject| {
            timer = set_timeout(&resolve, ms.max(0.0));
            settle = Some(resolve);
        });
        Box::pin(Sleep {
            done: JsFuture::from(promise),
            timer,
            settle,
        })
    }
}

struct Sleep {
    done: JsFuture,
    timer: JsValue,
    /// The promise's resolve function. A `JsFuture` frees its two callbacks only when its promise
    /// settles: a sleep dropped early (a deadline that was not reached) resolves it on the way
    /// out, or every call would keep two closures and their table slots forever.
    settle: Option<Function>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.done).poll(cx).map(|_| ())
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(resolve) = &self.settle {
            // A promise's resolve function never throws; a second call does nothing.
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }
}

/// A seed for the backoff jitter.
pub(crate) fn random_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
}

/// Random bytes from `crypto.getRandomValues`; where that is missing, `Math.random` (keys only
/// need to be unlikely to collide, not secret).
pub(crate) struct JsRandom;

impl Random for JsRandom {
    fn fill(&self, buf: &mut [u8]) {
        let len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
        let array = js_sys::Uint8Array::new_with_length(len);
        if get_random_values(&array).is_ok() {
            array.copy_to(buf);
        } else {
            for b in buf.iter_mut() {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }
}
