import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { walletFromSeed, authHeaders } from "../lib/crypto.mjs";
import { call, sandbox, newWallet } from "../testkit.mjs";

test("cli: prints the URL and the demo wallet secret, which signs as the seeded owner", {
  timeout: 15000,
}, async (t) => {
  const cli = fileURLToPath(new URL("../cli.mjs", import.meta.url));
  const child = spawn(process.execPath, [cli, "--port", "0", "--seed", "--time-scale", "100"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => {
    child.kill("SIGTERM");
  });
  let out = "";
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (c) => {
      out += c;
      if (out.includes("solana keypair")) resolve(undefined);
    });
    child.on("exit", (code) => reject(new Error(`cli exited ${code}`)));
  });
  const url = out.match(/listening on (http:\/\/\S+)/)[1];
  const hex = out.match(/secret seed \(hex\): ([0-9a-f]{64})/)[1];
  const w = walletFromSeed(Buffer.from(hex, "hex"));
  const r = await call(url, { headers: () => authHeaders(w) }, "GET", "/api/deployments");
  assert.equal(r.status, 200);
  assert.equal(r.json.pagination.total_items, 4);
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await exited;
});

test("HEAD routes and the clock control route", async (t) => {
  const sb = await sandbox(t);
  const w = newWallet();
  const head = await fetch(`${sb.url}/deployments`, { method: "HEAD", headers: w.headers() });
  assert.equal(head.status, 200);
  const before = sb.clock.now();
  const adv = await (
    await fetch(`${sb.url}/_sandbox/clock/advance`, { method: "POST", body: JSON.stringify({ minutes: 60 }) })
  ).json();
  assert.ok(Date.parse(adv.simNow) >= before + 3_600_000);
  const sc = await (
    await fetch(`${sb.url}/_sandbox/clock`, { method: "POST", body: JSON.stringify({ timeScale: 50 }) })
  ).json();
  assert.equal(sc.timeScale, 50);
  const health = await (await fetch(`${sb.url}/health`)).json();
  assert.deepEqual(health, { status: "ok" });
});
