//! A JS wallet as the client core's [`Signer`]: `wallet.signMessage(bytes)` resolving to the
//! signature (a Uint8Array, `{ signature }` or Wallet Standard's `[{ signature }]`). Wallet
//! objects are told apart by identity: every client given the same object shares its signature.

use std::cell::Cell;

use js_sys::{Function, Object, Promise, Reflect, Uint8Array, WeakMap};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::caller_values::{bytes_of, is_array};
use crate::api::error::Cause;
use crate::api::signing::Signer;
use crate::api::transport::LocalFuture;

thread_local! {
    /// wallet object → its identity number (weakly held: a dropped wallet is forgotten).
    static IDENTITIES: WeakMap = WeakMap::new();
    static NEXT_IDENTITY: Cell<u64> = const { Cell::new(1) };
}

pub(crate) struct JsWallet {
    wallet: Object,
    identity: u64,
}

impl JsWallet {
    pub(crate) fn new(wallet: Object) -> Self {
        let identity = IDENTITIES.with(|map| {
            if let Some(n) = map.get(&wallet).as_f64() {
                return n as u64;
            }
            let n = NEXT_IDENTITY.with(|next| next.replace(next.get() + 1));
            map.set(&wallet, &JsValue::from_f64(n as f64));
            n
        });
        Self { wallet, identity }
    }
}

/// The signature in a wallet's answer. `depth` bounds the descent: a cyclic answer ends.
fn signature_bytes(out: &JsValue, depth: u8) -> Option<Vec<u8>> {
    if let Some(bytes) = out.dyn_ref::<Uint8Array>() {
        return bytes_of(bytes);
    }
    if depth == 0 {
        return None;
    }
    if is_array(out) {
        return signature_bytes(&Reflect::get_u32(out, 0).ok()?, depth - 1);
    }
    if out.is_object() {
        let sig = Reflect::get(out, &"signature".into()).ok()?;
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
        let started = (|| -> Result<JsValue, Cause> {
            let sign = Reflect::get(&self.wallet, &"signMessage".into())
                .map_err(host)?
                .dyn_into::<Function>()
                .map_err(|_| error("wallet.signMessage is not a function"))?;
            sign.call1(&self.wallet, &Uint8Array::from(message))
                .map_err(host)
        })();
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
