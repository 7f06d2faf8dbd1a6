//! Who the client is, and the headers that say so (spec §2): a wallet that signs (through the
//! shared [`SignatureCache`]), a raw secret key signed with once, an API key, or nobody. The
//! caller's own `authorization`/`x-user-id` headers never override the configured credentials.

use std::rc::Rc;

use super::auth;
use super::error::ApiError;
use super::header_check;
use super::signing::{SignatureCache, Signer};

pub enum Credentials {
    Anonymous,
    Wallet {
        signer: Rc<dyn Signer>,
        address: String,
        message: String,
    },
    /// Signed once, up front (a raw secret key).
    Signed {
        address: String,
        authorization: String,
    },
    ApiKey(String),
}

/// The message signed for the auth header: `authMessage`, or the official client's.
pub fn auth_message(given: Option<&str>) -> Result<String, ApiError> {
    let message = given.unwrap_or(auth::DEFAULT_MESSAGE);
    match header_check::auth_message_problem(message) {
        Some(problem) => Err(ApiError::invalid_argument(problem)),
        None => Ok(message.to_owned()),
    }
}

impl Credentials {
    /// A wallet at `address` that signs through `signer`.
    pub fn wallet(
        signer: Rc<dyn Signer>,
        address: String,
        message: String,
    ) -> Result<Self, ApiError> {
        auth::check_address(&address).map_err(ApiError::invalid_argument)?;
        Ok(Credentials::Wallet {
            signer,
            address,
            message,
        })
    }

    /// A raw ed25519 key (Node scripts): signed with once, here.
    #[cfg(feature = "secret-key")]
    pub fn secret_key(signer: &auth::SecretKeySigner, message: &str) -> Result<Self, ApiError> {
        Ok(Credentials::Signed {
            address: signer.address().to_owned(),
            authorization: signer
                .authorization(message)
                .map_err(ApiError::invalid_argument)?,
        })
    }

    /// An API key (`Authorization: Bearer …`, for the gateway).
    pub fn api_key(key: &str) -> Result<Self, ApiError> {
        let key = key.trim();
        if key.is_empty() {
            return Err(ApiError::invalid_argument(
                "apiKey must not be empty".to_owned(),
            ));
        }
        if header_check::value_problem(key).is_some() {
            // Never echo the key, not even the one character at fault.
            return Err(ApiError::invalid_argument(
                "apiKey is sent in the authorization header: Latin-1 characters only, no NUL, \
                 CR or LF"
                    .to_owned(),
            ));
        }
        Ok(Credentials::ApiKey(key.to_owned()))
    }

    /// The wallet address requests are signed for.
    pub fn address(&self) -> Option<&str> {
        match self {
            Credentials::Wallet { address, .. } | Credentials::Signed { address, .. } => {
                Some(address)
            }
            Credentials::Anonymous | Credentials::ApiKey(_) => None,
        }
    }

    /// `custom` headers plus the auth headers (a wallet signs here, once for all requests).
    pub async fn headers(
        &self,
        custom: &[(String, String)],
        signatures: &SignatureCache,
    ) -> Result<Vec<(String, String)>, ApiError> {
        let reserved = |name: &str| {
            !matches!(self, Credentials::Anonymous)
                && ["authorization", "x-user-id"].contains(&name.to_ascii_lowercase().as_str())
        };
        let mut headers: Vec<(String, String)> = custom
            .iter()
            .filter(|(name, _)| !reserved(name))
            .cloned()
            .collect();
        let mut signed = |address: &str, authorization: String| {
            headers.push(("x-user-id".to_owned(), address.to_owned()));
            headers.push(("authorization".to_owned(), authorization));
        };
        match self {
            Credentials::Anonymous => {}
            Credentials::Wallet {
                signer,
                address,
                message,
            } => signed(address, signatures.authorization(signer, message).await?),
            Credentials::Signed {
                address,
                authorization,
            } => signed(address, authorization.clone()),
            Credentials::ApiKey(key) => {
                headers.push(("authorization".to_owned(), format!("Bearer {key}")));
            }
        }
        Ok(headers)
    }
}
