//! A JS wallet as the client core's [`Signer`]: `wallet.signMessage(bytes)` resolving to the
//! signature (a Uint8Array, `{ signature }` or Wallet Standard's `[{ signature }]`). Wallet
//! objects are told apart by identity: every client given the same object shares its signature.

use std::cell::Cell;

use js_sys::{Promise, Uint8Array, WeakMap};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::caller_values::{
    call_method, get, get_index, is_array, number, uint8_bytes, CallFailure,
};
use crate::api::error::Cause;
use crate::api::signing::Signer;
use crate::api::transport::LocalFuture;

thread_local! {
    /// wallet object → its identity number (weakly held: a dropped wallet is forgotten).
    /// Keys typed `JsValue`: the wallet is the caller's value, checked to be an object before
    /// `JsWallet::new` (`set` would throw on anything else).
    static IDENTITIES: WeakMap<JsValue, JsValue> = WeakMap::new_typed();
    static NEXT_IDENTITY: Cell<u64> = const { Cell::new(1) };
}

pub(crate) struct JsWallet {
    wallet: JsValue,
    identity: u64,
}

impl JsWallet {
    /// `wallet`: the caller's object (`typeof` "object", not null). A `WeakMap` lookup runs none of
    /// its code.
    pub(crate) fn new(wallet: JsValue) -> Self {
        let identity = IDENTITIES.with(|map| {
            if let Some(n) = number(&map.get(&wallet)) {
                return n as u64;
            }
            let n = NEXT_IDENTITY.with(|next| next.replace(next.get() + 1));
            map.set(&wallet, &JsValue::from_f64(n as f64));
            n
        });
        Self { wallet, identity }
    }
}

/// The signature in a wallet's answer, read through the boundary room: a real `Uint8Array` of any
/// realm (an iframe's, a `vm` context's), `[answer]` or `{ signature }`. A getter or Proxy trap that
/// throws makes it `None`. `depth` bounds the descent: a cyclic answer ends.
fn signature_bytes(out: &JsValue, depth: u8) -> Option<Vec<u8>> {
    if let Some(bytes) = uint8_bytes(out) {
        return Some(bytes);
    }
    if depth == 0 {
        return None;
    }
    if is_array(out) {
        return signature_bytes(&get_index(out, 0).ok()?, depth - 1);
    }
    if out.is_object() {
        let sig = get(out, "signature").ok()?;
        if sig.is_object() {
            return signature_bytes(&sig, depth - 1);
        }
    }
    None
}

fn host(value: JsValue) -> Cause {
    Cause::Host(std::rc::Rc::new(value))
}

fn error(message: &str) -> Cause {
    host(js_sys::Error::new(message).into())
}

impl Signer for JsWallet {
    fn identity(&self) -> u64 {
        self.identity
    }

    fn sign(&self, message: &[u8]) -> LocalFuture<'static, Result<Vec<u8>, Cause>> {
        // Called now, not at the first poll: the wallet's popup opens with the first request.
        let started = call_method(&self.wallet, "signMessage", &Uint8Array::from(message)).map_err(
            |failure| match failure {
                CallFailure::Threw(thrown) => host(thrown),
                CallFailure::NotAFunction => error("wallet.signMessage is not a function"),
            },
        );
        Box::pin(async move {
            let out = started?;
            // A fresh promise resolved with the answer: resolve functions never throw (a throwing
            // `then` getter rejects it), and its `then` is the native one.
            let out = JsFuture::from(Promise::new(&mut |resolve, _| {
                let _ = resolve.call1(&JsValue::UNDEFINED, &out);
            }))
            .await
            .map_err(host)?;
            signature_bytes(&out, 2).ok_or_else(|| {
                error("wallet.signMessage must resolve to the signature bytes (a Uint8Array)")
            })
        })
    }
}
