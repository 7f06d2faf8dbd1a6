//! Wallet signatures for the auth header: a [`Signer`] (the wallet; `signMessage` in JS) and the
//! [`SignatureCache`] that makes every request for the same wallet and message share one signing
//! (one wallet popup, not ten), also while it is still in progress. The server never expires the
//! signature, so a successful one is kept; a failed one is forgotten so the next call asks again.

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::future::{FutureExt, Shared};

use super::auth;
use super::error::{ApiError, Cause, ErrorKind};
use super::transport::LocalFuture;

/// Signs bytes with a wallet's key.
pub trait Signer {
    /// Identifies the wallet: signers with the same identity share signatures.
    fn identity(&self) -> u64;
    /// The ed25519 signature of `message` (64 bytes), or why the wallet did not sign.
    fn sign(&self, message: &[u8]) -> LocalFuture<'static, Result<Vec<u8>, Cause>>;
}

type Pending = Shared<LocalFuture<'static, Result<String, ApiError>>>;

/// Most (wallet, message) pairs kept; the oldest goes first.
const MAX_ENTRIES: usize = 64;

/// Authorization values by wallet and message, finished or in progress.
#[derive(Default)]
pub struct SignatureCache {
    entries: RefCell<Vec<(u64, String, Pending)>>,
}

impl SignatureCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// `message:base58(signature)` for `signer`, signing at most once for concurrent callers.
    pub async fn authorization(
        &self,
        signer: &Rc<dyn Signer>,
        message: &str,
    ) -> Result<String, ApiError> {
        let wallet = signer.identity();
        let pending = self.pending(signer, wallet, message);
        let result = pending.clone().await;
        if result.is_err() {
            // Forget the failed attempt (e.g. the user closed the popup), unless a newer one
            // already took its place.
            self.entries
                .borrow_mut()
                .retain(|(w, m, p)| !(*w == wallet && m == message && p.ptr_eq(&pending)));
        }
        result
    }

    fn find(&self, wallet: u64, message: &str) -> Option<Pending> {
        let entries = self.entries.borrow();
        entries
            .iter()
            .find(|(w, m, _)| *w == wallet && m == message)
            .map(|(_, _, p)| p.clone())
    }

    fn pending(&self, signer: &Rc<dyn Signer>, wallet: u64, message: &str) -> Pending {
        if let Some(p) = self.find(wallet, message) {
            return p;
        }
        // No borrow is held while the wallet runs: its code may call the client again.
        let signing = signer.sign(message.as_bytes());
        if let Some(p) = self.find(wallet, message) {
            return p; // the wallet's own code asked first
        }
        let text = message.to_owned();
        let fut: LocalFuture<'static, Result<String, ApiError>> = Box::pin(async move {
            let failed = |cause: Cause| {
                let mut e = ApiError::new(
                    ErrorKind::Unauthorized,
                    "SIGNING_FAILED",
                    "the wallet did not sign the authentication message",
                );
                e.cause = Some(cause);
                e
            };
            let signature = signing.await.map_err(failed)?;
            auth::authorization_value(&text, &signature).map_err(|m| failed(Cause::Message(m)))
        });
        let pending = fut.shared();
        let mut entries = self.entries.borrow_mut();
        if entries.len() >= MAX_ENTRIES {
            drop(entries.remove(0));
        }
        entries.push((wallet, message.to_owned(), pending.clone()));
        pending
    }
}
