// The wallet the page signs API requests with. In the local playground that is the sandbox's demo
// wallet: a PUBLIC THROW-AWAY key that the server hands to the page in /config.json and that only the
// local sandbox accepts. It has the Wallet Standard `signMessage` shape DeploymentsClient expects, so a
// real wallet can take its place (not wired up here: see docs/playground.md).

import bs58 from "bs58";

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed.
const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/**
 * A signer from a 32-byte seed (base58), using Web Crypto Ed25519.
 * @returns {Promise<{ address: string, signMessage(bytes: Uint8Array): Promise<Uint8Array> }>}
 */
export async function seedSigner(address, secretBase58) {
  const seed = bs58.decode(secretBase58);
  if (seed.length !== 32) throw new Error("the demo wallet's secret must be a 32-byte seed");
  const pkcs8 = new Uint8Array(48);
  pkcs8.set(PKCS8_PREFIX);
  pkcs8.set(seed, 16);
  const key = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
  return {
    address,
    async signMessage(bytes) {
      return new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key, bytes));
    },
  };
}
