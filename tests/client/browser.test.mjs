// The client in a real headless Chromium: the browser build (`/js/web.mjs`), fetch across origins
// to the sandbox (CORS), a wallet implemented in the page with Web Crypto's Ed25519.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import bs58 from "bs58";
import { startPlayground } from "../../scripts/start.mjs";
import { launchChromium } from "../e2e/browser.mjs";
import { MARKET, createBody, environment } from "./helpers.mjs";

let page;
let browser;

before(async () => {
  page = await startPlayground({ port: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await page?.close();
});

test("create, get, list and watch from a page, signing with a Web Crypto wallet", { timeout: 60_000 }, async (t) => {
  const env = await environment(t);
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (err) => errors.push(err.message));
  await tab.goto(page.url);
  // The key pair lives in the page (Web Crypto); its address is encoded here with bs58, the one base58 in JS.
  const rawPublicKey = await tab.evaluate(async () => {
    const keys = await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]);
    globalThis.testKeys = keys;
    return [...new Uint8Array(await crypto.subtle.exportKey("raw", keys.publicKey))];
  });
  const address = bs58.encode(Uint8Array.from(rawPublicKey));
  const result = await tab.evaluate(
    async ({ baseUrl, body, address }) => {
      const { DeploymentsClient } = await import("/js/web.mjs");
      const keys = globalThis.testKeys;
      let signs = 0;
      const wallet = {
        address,
        async signMessage(message) {
          signs += 1;
          return new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, keys.privateKey, message));
        },
      };
      const client = new DeploymentsClient({ baseUrl, wallet });
      const created = await client.create(body);
      const [got, list] = await Promise.all([client.get(created.id), client.list({ limit: 10 })]);
      const frames = [];
      for await (const frame of client.watch(created.id)) {
        frames.push(frame.type);
        break;
      }
      let refused;
      try {
        await client.stop(created.id);
      } catch (err) {
        refused = { name: err.name, code: err.code, isError: err instanceof Error };
      }
      return {
        address: wallet.address,
        owner: got.owner,
        status: got.status,
        listed: list.deployments.map((d) => d.id),
        id: created.id,
        signs,
        frames,
        refused,
      };
    },
    { baseUrl: env.url, body: createBody({ name: "from the browser" }), address },
  );
  assert.equal(result.owner, result.address);
  assert.equal(result.status, "DRAFT");
  assert.deepEqual(result.listed, [result.id]);
  assert.equal(result.signs, 1);
  assert.deepEqual(result.frames, ["deployment"]);
  assert.deepEqual(result.refused, { name: "InvalidStateError", code: "INVALID_STATE", isError: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(env.violations(), []);
});

test("a cross-origin PATCH or DELETE whose CORS preflight the host refuses is a NetworkError that says so", {
  timeout: 60_000,
}, async (t) => {
  // As the Deployment Manager (spec §3.4): preflights allow GET, HEAD and POST only.
  const env = await environment(t, { corsAllowAllMethods: false });
  const tab = await browser.newPage();
  await tab.goto(page.url);
  const id = "7Yq2hZJ3nE5mW8VZxXf6QKJ7c4fJ1dT9GmUoPr2sBQaL";
  const result = await tab.evaluate(
    async ({ baseUrl, id, market }) => {
      const { DeploymentsClient } = await import("/js/web.mjs");
      const client = new DeploymentsClient({ baseUrl, retry: false });
      const outcome = async (call) => {
        try {
          await call();
          return "resolved";
        } catch (err) {
          return {
            name: err.name,
            code: err.code,
            preflight: /CORS preflight/.test(err.message),
            fix: /client manager/.test(err.message),
          };
        }
      };
      return {
        patch: await outcome(() => client.updateMarket(id, market)),
        del: await outcome(() =>
          client.revokeSshKeys(id, [
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21",
          ]),
        ),
        // A GET passes the preflight and gets the server's answer.
        get: await outcome(() => client.sshKeys(id)),
      };
    },
    { baseUrl: env.url, id, market: MARKET },
  );
  const cors = { name: "NetworkError", code: "CORS_REFUSED", preflight: true, fix: true };
  assert.deepEqual(result.patch, cors);
  assert.deepEqual(result.del, cors);
  assert.equal(result.get.name, "UnauthorizedError");
  assert.equal(env.count("PATCH"), 0, "the browser never sent the PATCH");
  assert.equal(env.count("DELETE"), 0, "nor the DELETE");
});
