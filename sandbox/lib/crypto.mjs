// Ed25519 keys, signatures and the Nosana wallet-auth header, using only node:crypto.
import { createPrivateKey, createPublicKey, sign, verify, createHash, randomBytes } from "node:crypto";
import bs58 from "bs58";

const base58Encode = bs58.encode;
const base58Decode = bs58.decode;

const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** @param {Uint8Array} raw 32-byte public key */
export function publicKeyObject(raw) {
  if (raw.length !== 32) throw new Error("ed25519 public key must be 32 bytes");
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(raw)]), format: "der", type: "spki" });
}

/** @param {Uint8Array} seed 32-byte private seed */
export function privateKeyObject(seed) {
  if (seed.length !== 32) throw new Error("ed25519 seed must be 32 bytes");
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(seed)]), format: "der", type: "pkcs8" });
}

/**
 * The raw 32-byte public key of a private key object: the tail of its SPKI DER form.
 * Keys here are never made with generateKeyPair(Sync) and never exported as JWK: on Node 20 a
 * garbage collection inside a JWK export can run a finished key-generation job's destructor, which
 * takes the lock the export holds, and the process deadlocks (seen in `npm test`, 2026-11-28).
 * @param {import('node:crypto').KeyObject} privateKey
 */
export function publicKeyOf(privateKey) {
  return Buffer.from(createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX.length));
}

/**
 * @typedef {{ address: string, publicKey: Uint8Array, seed: Uint8Array, secretHex: string, secretBase58: string, keypairBase58: string }} Wallet
 * `secretHex`/`secretBase58`: the 32-byte ed25519 seed; `keypairBase58`: Solana's 64-byte seed‖public-key form.
 */

/** @param {Uint8Array} [seed] 32 bytes; random when omitted @returns {Wallet} */
export function walletFromSeed(seed) {
  const s = seed ? Buffer.from(seed) : randomBytes(32);
  const publicKey = publicKeyOf(privateKeyObject(s));
  return {
    address: base58Encode(publicKey),
    publicKey,
    seed: s,
    secretHex: s.toString("hex"),
    secretBase58: base58Encode(s),
    keypairBase58: base58Encode(Buffer.concat([s, publicKey])),
  };
}

/**
 * A fresh random wallet (a random seed). About 0.1 % of random keys encode to fewer than 43 base58
 * characters, which the DM's PublicKey schema (43–44) would then refuse; those are drawn again.
 */
export function randomWallet() {
  for (;;) {
    const w = walletFromSeed(randomBytes(32));
    if (w.address.length >= 43) return w;
  }
}

/** A random 32-byte ed25519 public key in base58 (how the DM makes deployment/job ids). */
export function randomAddress() {
  return randomWallet().address;
}

/** @param {Uint8Array} seed @param {string} message @returns {string} base58 signature */
export function signMessage(seed, message) {
  return base58Encode(sign(null, Buffer.from(message, "utf8"), privateKeyObject(seed)));
}

/**
 * Build the headers the DM expects (§2.1).
 * @param {Wallet} wallet @param {{message?: string, timestamp?: number|boolean}} [opts]
 */
export function authHeaders(wallet, opts = {}) {
  const message = opts.message ?? "NosanaApiAuthentication";
  let header = `${message}:${signMessage(wallet.seed, message)}`;
  if (opts.timestamp === true) header += `:${Date.now()}`;
  else if (typeof opts.timestamp === "number") header += `:${opts.timestamp}`;
  return { "x-user-id": wallet.address, authorization: header };
}

/**
 * Mirror of @nosana/authorization `validate` (2.1.8) with expiry 300 s.
 * @returns {boolean} signature valid; throws (→ 500) on malformed input or expiry.
 */
export function validateAuthorization(header, userId, now = Date.now(), expirySeconds = 300) {
  const pub = base58Decode(userId);
  const key = publicKeyObject(pub); // throws on wrong length → 500 like the DM
  const [message, signature, date] = String(header).split(":");
  if (!message || !signature) throw new Error("Invalid signature.");
  if (date && now - Number(date) >= expirySeconds * 1000) throw new Error("Authorization has expired.");
  const sig = base58Decode(signature);
  if (sig.length !== 64) throw new Error("bad signature size");
  return verify(null, Buffer.from(message, "utf8"), key, sig);
}

/** `createHash(s, n)` of @nosana/endpoints: base58(SHA-512(utf8(s)))[0:n] */
export function endpointHash(s, n) {
  return base58Encode(createHash("sha512").update(s, "utf8").digest()).slice(0, n);
}

/** Fake 46-char IPFS CIDv0-like hash for a job definition (deterministic). */
export function fakeIpfsHash(obj) {
  const digest = createHash("sha256").update(JSON.stringify(obj)).digest();
  return base58Encode(Buffer.concat([Buffer.from([0x12, 0x20]), digest]));
}

/** Fake transaction signature (64 random bytes, base58). */
export function fakeTx() {
  return base58Encode(randomBytes(64));
}
