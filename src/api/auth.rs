//! Authentication headers (spec §2).
//!
//! - Wallet / secret key: `x-user-id: <address>` and
//!   `authorization: <message>:<base58(ed25519 signature of the message)>`. The server does not
//!   check the message and the signature never expires, so one signature per wallet is enough.
//! - API key: `Authorization: Bearer nos_…`, for the public gateway (the service itself does not
//!   accept it).
//!
//! [`SecretKeySigner`] holds a raw ed25519 key, for Node scripts only: never put a secret key in a
//! browser page. Its `Debug` is redacted and no error message ever contains key material.

#[cfg(feature = "secret-key")]
use ed25519_dalek::{Signer, SigningKey};

/// The message the official client signs (`@nosana/api`).
pub const DEFAULT_MESSAGE: &str = "NosanaApiAuthentication";

/// `message:base58(signature)`.
pub fn authorization_value(message: &str, signature: &[u8]) -> Result<String, String> {
    if signature.len() != 64 {
        return Err(format!(
            "the wallet returned a {}-byte signature; an ed25519 signature has 64 bytes",
            signature.len()
        ));
    }
    if message.contains(':') {
        return Err("the auth message must not contain ':'".to_owned());
    }
    Ok(format!(
        "{message}:{}",
        bs58::encode(signature).into_string()
    ))
}

/// Checks a wallet address: base58 of a 32-byte public key.
pub fn check_address(address: &str) -> Result<(), String> {
    match bs58::decode(address).into_vec() {
        Ok(bytes) if bytes.len() == 32 => Ok(()),
        _ => Err(format!(
            "wallet address must be a base58 ed25519 public key (32 bytes), not \"{}\"",
            address.chars().take(60).collect::<String>()
        )),
    }
}

/// An ed25519 key held in memory.
#[cfg(feature = "secret-key")]
pub struct SecretKeySigner {
    key: SigningKey,
    address: String,
}

#[cfg(feature = "secret-key")]
impl std::fmt::Debug for SecretKeySigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretKeySigner")
            .field("address", &self.address)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[cfg(feature = "secret-key")]
const KEY_LENGTH: &str =
    "secretKey must be a 32-byte ed25519 seed or a 64-byte keypair (seed + public key)";

#[cfg(feature = "secret-key")]
impl SecretKeySigner {
    /// A 32-byte seed, or a 64-byte keypair (seed then public key, as Solana keypair files and
    /// wallet exports store it; the public half must match the seed).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let seed: [u8; 32] = bytes
            .get(..32)
            .and_then(|s| <[u8; 32]>::try_from(s).ok())
            .ok_or_else(|| KEY_LENGTH.to_owned())?;
        let key = SigningKey::from_bytes(&seed);
        match bytes.len() {
            32 => {}
            64 => {
                if bytes.get(32..) != Some(key.verifying_key().as_bytes().as_slice()) {
                    return Err(
                        "secretKey is a 64-byte keypair whose public half does not match its seed"
                            .to_owned(),
                    );
                }
            }
            _ => return Err(KEY_LENGTH.to_owned()),
        }
        let address = bs58::encode(key.verifying_key().as_bytes()).into_string();
        Ok(Self { key, address })
    }

    /// Base58 text of a seed or keypair (as Phantom and Solflare export it).
    pub fn from_base58(text: &str) -> Result<Self, String> {
        let bytes = bs58::decode(text.trim())
            .into_vec()
            .map_err(|_| format!("secretKey is not valid base58; {KEY_LENGTH}"))?;
        Self::from_bytes(&bytes)
    }

    /// The wallet address (base58 public key).
    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The `authorization` header value for `message`.
    pub fn authorization(&self, message: &str) -> Result<String, String> {
        authorization_value(message, &self.sign(message.as_bytes()))
    }
}

#[cfg(test)]
#[cfg(feature = "secret-key")]
mod tests {
    use super::*;
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    // RFC 8032 §7.1, TEST 1 and TEST 2.
    const SEED1: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const PUB1: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    const SIG1: &str = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    const SEED2: &str = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    const SIG2: &str = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    #[test]
    fn known_vectors() {
        let s = SecretKeySigner::from_bytes(&hex(SEED1)).unwrap();
        assert_eq!(s.sign(b"").to_vec(), hex(SIG1));
        assert_eq!(s.address(), bs58::encode(hex(PUB1)).into_string());
        let s = SecretKeySigner::from_bytes(&hex(SEED2)).unwrap();
        assert_eq!(s.sign(&[0x72]).to_vec(), hex(SIG2));
    }

    #[test]
    fn header_signature_verifies_against_the_address() {
        let s = SecretKeySigner::from_bytes(&hex(SEED1)).unwrap();
        let header = s.authorization(DEFAULT_MESSAGE).unwrap();
        let (message, sig) = header.split_once(':').unwrap();
        assert_eq!(message, "NosanaApiAuthentication");
        let sig = Signature::from_slice(&bs58::decode(sig).into_vec().unwrap()).unwrap();
        let public: [u8; 32] = bs58::decode(s.address())
            .into_vec()
            .unwrap()
            .try_into()
            .unwrap();
        VerifyingKey::from_bytes(&public)
            .unwrap()
            .verify(message.as_bytes(), &sig)
            .unwrap();
    }

    #[test]
    fn keypair_and_base58_forms() {
        let mut pair = hex(SEED1);
        pair.extend(hex(PUB1));
        let a = SecretKeySigner::from_bytes(&pair).unwrap();
        let b = SecretKeySigner::from_base58(&bs58::encode(&pair).into_string()).unwrap();
        let c = SecretKeySigner::from_base58(&bs58::encode(hex(SEED1)).into_string()).unwrap();
        assert_eq!(a.address(), b.address());
        assert_eq!(b.address(), c.address());
        let mut wrong = pair.clone();
        wrong[40] ^= 1;
        assert!(SecretKeySigner::from_bytes(&wrong).is_err());
        assert!(SecretKeySigner::from_bytes(&[1; 31]).is_err());
        assert!(SecretKeySigner::from_bytes(&[1; 33]).is_err());
        assert!(SecretKeySigner::from_base58("0OIl").is_err());
    }

    #[test]
    fn secrets_are_never_in_messages_or_debug() {
        let seed = hex(SEED1);
        let b58 = bs58::encode(&seed).into_string();
        let s = SecretKeySigner::from_bytes(&seed).unwrap();
        let debug = format!("{s:?}");
        assert!(!debug.contains(SEED1) && !debug.contains(&b58));
        assert!(debug.contains("redacted"));
        // A near-miss key: the error must not echo it.
        let bad = format!("{b58}0");
        let err = SecretKeySigner::from_base58(&bad).unwrap_err();
        assert!(!err.contains(&b58[..20]), "{err}");
        let mut long = seed.clone();
        long.push(7);
        let err = SecretKeySigner::from_bytes(&long).unwrap_err();
        assert!(!err.contains(SEED1));
    }
}

#[cfg(test)]
mod wallet_tests {
    use super::*;

    #[test]
    fn wallet_signatures_and_addresses() {
        let sig = [7u8; 64];
        assert_eq!(
            authorization_value("M", &sig).unwrap(),
            format!("M:{}", bs58::encode(sig).into_string())
        );
        assert!(authorization_value("M", &[1; 63]).is_err());
        assert!(authorization_value("a:b", &sig).is_err());
        assert!(check_address(&bs58::encode([1u8; 32]).into_string()).is_ok());
        assert!(check_address("abc").is_err());
        assert!(check_address("0000").is_err());
    }
}
