// Authentication: a Wallet Standard-shaped wallet (real ed25519 keys from node:crypto, checked by
// the sandbox), a raw secret key, an API key; and secrets never leaking into errors.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import vm from "node:vm";
import { test } from "node:test";
import { DeploymentsClient } from "nosana-deployments";
import bs58 from "bs58";
import { createBody, environment, newKey, rejectsWith } from "./helpers.mjs";

test("ten concurrent requests share one wallet signature (one popup)", async (t) => {
  const env = await environment(t);
  const key = newKey({ delayMs: 50 });
  const client = new DeploymentsClient({ baseUrl: env.url, wallet: key.wallet });
  assert.equal(client.address, key.address);
  const results = await Promise.all(Array.from({ length: 10 }, () => client.list()));
  // Each call got the server's answer (a list), not only a settled promise.
  assert.ok(
    results.every((r) => Array.isArray(r.deployments) && typeof r.pagination.total_items === "number"),
    JSON.stringify(results[0]),
  );
  assert.equal(key.wallet.calls, 1);
  // cached per wallet: later calls and other clients of the same wallet do not sign again
  await client.vaults();
  const other = new DeploymentsClient({ baseUrl: env.url, wallet: key.wallet });
  await other.list();
  assert.equal(key.wallet.calls, 1);
  const headers = env.seen.map((r) => r.headers);
  assert.equal(headers.length, 12, "10 lists, the vaults, the other client's list");
  assert.ok(headers.every((h) => h["x-user-id"] === key.address));
  assert.ok(headers.every((h) => /^NosanaApiAuthentication:[1-9A-HJ-NP-Za-km-z]{80,90}$/.test(h.authorization)));
});

test("a signature from another realm (a vm context's Uint8Array) is recognised and accepted", async (t) => {
  const env = await environment(t);
  const key = newKey();
  const foreign = [];
  const wallet = {
    address: key.address,
    async signMessage(m) {
      const bytes = await key.wallet.signMessage(m);
      // Made in a fresh realm: not `instanceof` this realm's Uint8Array, yet a real Uint8Array.
      const other = vm.runInNewContext("new Uint8Array(bytes)", { bytes: [...bytes] });
      foreign.push(other);
      return other;
    },
  };
  // Each answer shape of a wallet, with the other realm's bytes inside.
  const shapes = [
    wallet,
    { address: key.address, signMessage: async (m) => ({ signature: await wallet.signMessage(m) }) },
    { address: key.address, signMessage: async (m) => [{ signature: await wallet.signMessage(m) }] },
  ];
  for (const w of shapes) {
    const result = await new DeploymentsClient({ baseUrl: env.url, wallet: w }).list();
    assert.ok(Array.isArray(result.deployments));
  }
  assert.equal(foreign.length, 3);
  assert.ok(
    foreign.every((bytes) => !(bytes instanceof Uint8Array)),
    "the answers were cross-realm",
  );
  const auth = env.seen.map((r) => r.headers.authorization);
  assert.equal(auth.length, 3, "each list was sent, signed");
  assert.ok(
    auth.every((h) => /^NosanaApiAuthentication:[1-9A-HJ-NP-Za-km-z]{80,90}$/.test(h)),
    auth.join(),
  );
});

test("a signMessage that throws at once rejects with its own error as the cause, nothing sent", async (t) => {
  const env = await environment(t);
  const key = newKey();
  const refusal = new Error("no popup today");
  const wallet = {
    address: key.address,
    signMessage() {
      throw refusal;
    },
  };
  const err = await rejectsWith(
    new DeploymentsClient({ baseUrl: env.url, wallet }).list(),
    "UnauthorizedError",
    "SIGNING_FAILED",
  );
  assert.equal(err.cause, refusal);
  // A member that stopped being a function after the constructor checked it.
  const fickle = { address: key.address, signMessage() {} };
  const client = new DeploymentsClient({ baseUrl: env.url, wallet: fickle });
  fickle.signMessage = 42;
  const notFn = await rejectsWith(client.list(), "UnauthorizedError", "SIGNING_FAILED");
  assert.match(notFn.cause.message, /wallet\.signMessage is not a function/);
  assert.equal(env.requests.length, 0);
});

test("a refused signature is an UnauthorizedError and the next call asks again", async (t) => {
  const env = await environment(t);
  const key = newKey();
  let refuse = true;
  const wallet = {
    address: key.address,
    calls: 0,
    async signMessage(m) {
      wallet.calls += 1;
      if (refuse) throw new Error("User rejected the request.");
      return key.wallet.signMessage(m);
    },
  };
  const client = new DeploymentsClient({ baseUrl: env.url, wallet });
  const err = await rejectsWith(client.list(), "UnauthorizedError", "SIGNING_FAILED");
  assert.equal(err.cause.message, "User rejected the request.");
  assert.equal(env.requests.length, 0, "nothing sent without a signature");
  refuse = false;
  await client.list();
  assert.equal(wallet.calls, 2);
  // Wallet Standard's solana:signMessage output shape is accepted too
  const std = {
    address: key.address,
    signMessage: async (m) => [{ signedMessage: m, signature: await key.wallet.signMessage(m) }],
  };
  await new DeploymentsClient({ baseUrl: env.url, wallet: std }).list();
});

test("a signature by the wrong key is refused by the server with 401", async (t) => {
  const env = await environment(t);
  const a = newKey();
  const b = newKey();
  const client = new DeploymentsClient({
    baseUrl: env.url,
    wallet: { address: a.address, signMessage: b.wallet.signMessage },
  });
  const err = await rejectsWith(client.list(), "UnauthorizedError", "UNAUTHORIZED");
  assert.equal(err.status, 401);
  assert.equal(err.serverMessage, "Unauthorized");
  const anonymous = new DeploymentsClient({ baseUrl: env.url });
  const err2 = await rejectsWith(anonymous.list(), "UnauthorizedError", "UNAUTHORIZED");
  assert.equal(err2.serverMessage, "Unauthorized, missing or invalid headers");
});

test("a raw secret key signs in Rust: seed, keypair, base58 and byte arrays", async (t) => {
  const env = await environment(t);
  const key = newKey();
  const forms = [key.seed, key.keypair, bs58.encode(key.keypair), bs58.encode(key.seed), Array.from(key.seed)];
  for (const secretKey of forms) {
    const client = new DeploymentsClient({ baseUrl: env.url, secretKey });
    assert.equal(client.address, key.address);
    await client.list();
  }
  // the same identity as the wallet: deployments made one way are seen the other way
  const bySecret = new DeploymentsClient({ baseUrl: env.url, secretKey: key.seed });
  const d = await bySecret.create(createBody());
  const byWallet = new DeploymentsClient({ baseUrl: env.url, wallet: key.wallet });
  assert.equal((await byWallet.get(d.id)).id, d.id);
  // and the signature is the one node:crypto makes (ed25519 is deterministic)
  const auths = new Set(env.seen.map((r) => r.headers.authorization));
  assert.equal(auths.size, 1);
});

test("an API key is sent as a Bearer token (for the gateway)", async (t) => {
  const env = await environment(t);
  const client = new DeploymentsClient({ baseUrl: env.url, apiKey: "nos_test_key", headers: { "x-trace": "1" } });
  assert.equal(client.address, undefined);
  // The service itself does not accept Bearer tokens (spec §2.2): without x-user-id it is a 401.
  await rejectsWith(client.list(), "UnauthorizedError", "UNAUTHORIZED");
  assert.equal(env.seen[0].headers.authorization, "Bearer nos_test_key");
  assert.equal(env.seen[0].headers["x-trace"], "1");
  assert.equal(env.seen[0].headers["x-user-id"], undefined);
});

test("misconfigured auth is a TypeError", () => {
  const key = newKey();
  const bad = [
    { wallet: key.wallet, apiKey: "nos_x" },
    { wallet: { address: "nope", signMessage() {} } },
    { wallet: { address: key.address } },
    { secretKey: new Uint8Array(31) },
    { secretKey: "0OIl" },
    { apiKey: " " },
    { authMessage: "a:b" },
    { network: "testnet" },
    { baseUrl: "localhost:3000" },
    { unknownOption: 1 },
  ];
  for (const options of bad) {
    assert.throws(
      () => new DeploymentsClient(options),
      (err) => err instanceof Error && err.name === "TypeError" && err.code === "INVALID_ARGUMENT",
      JSON.stringify(Object.keys(options)),
    );
  }
  // Numbers out of their documented range are a RangeError (issue 19), with the same code.
  for (const options of [{ timeoutMs: -1 }, { retry: { retries: -1 } }]) {
    assert.throws(
      () => new DeploymentsClient(options),
      (err) => err instanceof RangeError && err.code === "INVALID_ARGUMENT",
      JSON.stringify(options),
    );
  }
});

test("secrets never appear in errors, messages or inspection", async (t) => {
  const env = await environment(t);
  const key = newKey();
  const secretB58 = bs58.encode(key.keypair);
  const seedHex = Buffer.from(key.seed).toString("hex");
  const client = new DeploymentsClient({ baseUrl: env.url, secretKey: secretB58, timeoutMs: 300, retry: false });
  await client.list();
  const authorization = env.seen[0].headers.authorization;
  const signature = authorization.split(":")[1];
  const secrets = [secretB58, seedHex, bs58.encode(key.seed), signature];
  const errors = [];
  const collect = async (p) => {
    try {
      await p;
    } catch (e) {
      errors.push(e);
    }
  };
  await collect(client.get("9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"));
  env.sb.setFaults([{ type: "latency", ms: 1000, count: 1 }]);
  await collect(client.list());
  env.sb.setFaults([{ type: "status", status: 401, body: "Unauthorized", contentType: "text/plain", count: 1 }]);
  await collect(client.list());
  await collect(new DeploymentsClient({ baseUrl: "http://127.0.0.1:9", secretKey: secretB58, retry: false }).list());
  for (const bad of [`${secretB58}x`, secretB58.slice(0, 40), `${seedHex}`]) {
    try {
      new DeploymentsClient({ secretKey: bad });
    } catch (e) {
      errors.push(e);
    }
  }
  try {
    new DeploymentsClient({ secretKey: key.seed, network: "nope" });
  } catch (e) {
    errors.push(e);
  }
  assert.ok(errors.length >= 7);
  const text =
    errors.map((e) => `${e.message}\n${e.stack}\n${inspect(e)}\n${JSON.stringify(e)}`).join("\n") + inspect(client);
  for (const s of secrets) assert.ok(!text.includes(s), "a secret leaked into an error");
});
