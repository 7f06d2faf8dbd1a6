// Shared by the client tests: a quiet sandbox (the local Deployments API) in strict mode, a proxy
// in front of it that counts the requests that reach it, and wallets made with node:crypto.
import { randomBytes, sign } from "node:crypto";
import bs58 from "bs58";
import { createServer, request as httpRequest } from "node:http";
import { privateKeyObject, publicKeyOf } from "../../sandbox/lib/crypto.mjs";
import { startSandbox } from "../../sandbox/server.mjs";

export const MARKET = "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr";

export function jobDefinition(opId = "web") {
  return {
    version: "0.1",
    type: "container",
    meta: { trigger: "cli" },
    ops: [{ id: opId, type: "container/run", args: { image: "nginx:1.27", expose: 80 } }],
  };
}

export function createBody(over = {}) {
  return {
    name: "web",
    market: MARKET,
    replicas: 1,
    timeout: 60,
    strategy: "SIMPLE",
    confidential: false,
    job_definition: jobDefinition(),
    ...over,
  };
}

/** A key pair from node:crypto: `{ address, seed, keypair, wallet }`; `wallet.calls` counts signMessage calls. */
export function newKey({ delayMs = 0 } = {}) {
  // From a random seed, not generateKeyPairSync + a JWK export, which can deadlock Node 20 (see
  // `publicKeyOf` in sandbox/lib/crypto.mjs).
  const seed = randomBytes(32);
  const privateKey = privateKeyObject(seed);
  const pub = publicKeyOf(privateKey);
  const address = bs58.encode(pub);
  const wallet = {
    address,
    calls: 0,
    async signMessage(message) {
      wallet.calls += 1;
      assert_u8(message);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return new Uint8Array(sign(null, Buffer.from(message), privateKey));
    },
  };
  return { address, seed: new Uint8Array(seed), keypair: new Uint8Array([...seed, ...pub]), wallet };
}

function assert_u8(message) {
  if (!(message instanceof Uint8Array)) throw new TypeError("signMessage expects a Uint8Array");
}

/**
 * Starts a strict sandbox and a counting proxy in front of it. `t.after` closes both.
 * `env.url` is the proxy; `env.requests` lists "METHOD /path" of every request that went through;
 * `env.sb` is the sandbox itself (faults, clock, streams).
 */
export async function environment(t, options = {}) {
  const logs = [];
  const sb = await startSandbox({ port: 0, strict: true, tickMs: 5, log: (m) => logs.push(m), ...options });
  const target = new URL(sb.url);
  const requests = [];
  const seen = [];
  const sockets = new Set();
  const streams = new Set();
  const proxy = createServer((req, res) => {
    requests.push(`${req.method} ${req.url.split("?")[0]}`);
    seen.push({ method: req.method, url: req.url, headers: { ...req.headers } });
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        // An event stream stays counted until the client's side of it closes.
        if (String(up.headers["content-type"] ?? "").startsWith("text/event-stream")) {
          streams.add(res);
          res.on("close", () => streams.delete(res));
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on("error", () => res.destroy());
        up.on("aborted", () => res.destroy());
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
    res.on("close", () => upstream.destroy());
  });
  proxy.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${proxy.address().port}`;
  t.after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => proxy.close(r));
    await sb.close();
  });
  return {
    sb,
    url,
    logs,
    requests,
    /** Every request as it reached the proxy: `{ method, url, headers }`. */
    seen,
    /** Event streams open through the proxy now: a client's abort or `break` brings it down. */
    openStreams: () => streams.size,
    /** Requests matching `pattern` (substring of "METHOD /path") since the start. */
    count: (pattern) => requests.filter((r) => r.includes(pattern)).length,
    /** Strict-mode violations the sandbox recorded (requests or responses off the OpenAPI document). */
    violations: () => sb.state.strictViolations,
  };
}

/** Waits until `check()` is truthy, polling every 20 ms, or fails after `ms`. */
export async function until(check, ms = 5000, what = "condition") {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Asserts a promise rejects with a real Error of this name and code; returns the error. */
export async function rejectsWith(promise, name, code) {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof Error)) throw new Error(`not an Error: ${err}`);
    if (err.name !== name || (code && err.code !== code)) {
      throw new Error(`expected ${name}/${code}, got ${err.name}/${err.code}: ${err.message}`);
    }
    return err;
  }
  throw new Error(`expected ${name}/${code}, but it resolved`);
}
