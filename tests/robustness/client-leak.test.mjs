// Issue 19: a wallet's answer is read through the boundary room (src/wasm/caller_values.js), never
// with a `catch` import, which keeps one externref table slot per throw. 100,000 signings whose answer
// is `{ get signature() { throw … } }` must leave the table (and wasm memory) as they found them.
// (Written for that, this test also found every async client call keeping two closures: the call's
// deadline sleep, dropped before it fired, left its promise unsettled; src/wasm/clock.rs.)
// Each signing fails (SIGNING_FAILED), so none is cached and every call asks the wallet again; every
// call rejects before a request is made.
//   WALLET_LEAK_CALLS=100000 node --test tests/robustness/client-leak.test.mjs
import assert from "node:assert/strict";
import { test } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";
import { loadWithInstance } from "./wasm-instance.mjs";

const TOTAL = Number(process.env.WALLET_LEAK_CALLS ?? 100_000);
const CHECKPOINT = Math.floor(TOTAL / 10);
const PAGE = 64 * 1024;
const ADDRESS = "GyoQMcTSr5J7YQfQVDZRoYjYJj3JzhoXyXdC9wdajoZh";
const JOB = {
  version: "0.1",
  type: "container",
  ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 80 } }],
};

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

const wasm = loadWithInstance();
const m = wasm.api;

/** Live entries of a table. Two kinds of leak: a slot lost by a `catch` import holds `undefined` and
 * shows only as capacity (`length`) growth; a kept closure is a live entry, which capacity an
 * earlier test grew can hide. */
function live(table) {
  let n = 0;
  for (let i = 0; i < table.length; i++) {
    const v = table.get(i);
    if (v !== undefined && v !== null) n++;
  }
  return n;
}

function sample() {
  gc();
  return {
    memory: wasm.memory.buffer.byteLength,
    tables: Object.fromEntries(wasm.tables.map(([k, t]) => [k, t.length])),
    live: Object.fromEntries(wasm.tables.map(([k, t]) => [k, live(t)])),
  };
}

/** Table capacity and live entries flat (within 128), wasm memory within one page. */
function assertFlat(label, mid, end) {
  console.log(
    `client-leak[${label}]: tables ${JSON.stringify(mid.tables)} → ${JSON.stringify(end.tables)}; ` +
      `live ${JSON.stringify(mid.live)} → ${JSON.stringify(end.live)}; memory ${mid.memory} → ${end.memory}`,
  );
  for (const [k, n] of Object.entries(end.tables)) {
    assert.ok(n <= mid.tables[k] + 128, `table ${k} grew from ${mid.tables[k]} to ${n} entries`);
    assert.ok(end.live[k] <= mid.live[k] + 128, `table ${k}: live entries ${mid.live[k]} → ${end.live[k]}`);
  }
  assert.ok(end.memory - mid.memory <= PAGE, `wasm memory grew from ${mid.memory} to ${end.memory} bytes`);
}

/** Signs `TOTAL` times with a wallet answering `answer()`; checks each call's rejection. */
async function signings(answer) {
  let signed = 0;
  const wallet = {
    address: ADDRESS,
    signMessage() {
      signed += 1;
      return answer();
    },
  };
  const client = new m.DeploymentsClient({ baseUrl: "http://127.0.0.1:9", retry: false, wallet });
  let mid = null;
  for (let i = 1; i <= TOTAL; i++) {
    const error = await client.list().then(
      () => null,
      (e) => e,
    );
    assert.ok(error?.code === "SIGNING_FAILED", `call ${i}: ${error?.code} ${error?.message}`);
    if (i === CHECKPOINT) mid = sample();
  }
  client.free();
  assert.equal(signed, TOTAL, "every call asked the wallet");
  return { mid, end: sample() };
}

const throwingGetter = () => ({
  get signature() {
    throw new Error("getter");
  },
});

for (const [label, answer] of [
  ["{ get signature() { throw } }", throwingGetter],
  ["[{ get signature() { throw } }]", () => [throwingGetter()]],
  [
    "a Proxy whose get trap throws",
    () =>
      new Proxy(
        {},
        {
          get: () => {
            throw new Error("trap");
          },
        },
      ),
  ],
  [
    "a signMessage that throws",
    () => {
      throw new Error("refused");
    },
  ],
]) {
  test(`${TOTAL} signings answered with ${label}: table and memory stable`, { timeout: 10 * 60_000 }, async () => {
    const { mid, end } = await signings(answer);
    assertFlat(label, mid, end);
    // The module still works.
    assert.deepEqual(m.validateJobDefinition(JOB), { success: true, issues: [] });
  });
}

// Every call arms its deadline (a `setTimeout` behind a promise); a call that ends first drops it.
// Calls refused by a closed loopback port go through the transport and that early drop each time.
const NETWORK_CALLS = Math.max(1, Math.floor(TOTAL / 10));
test(`${NETWORK_CALLS} calls refused by a closed port: table and memory stable`, { timeout: 10 * 60_000 }, async () => {
  const client = new m.DeploymentsClient({ baseUrl: "http://127.0.0.1:9", retry: false, timeoutMs: 60_000 });
  const checkpoint = Math.floor(NETWORK_CALLS / 10);
  let mid = null;
  for (let i = 1; i <= NETWORK_CALLS; i++) {
    const error = await client.list().then(
      () => null,
      (e) => e,
    );
    assert.ok(error?.code === "NETWORK_ERROR", `call ${i}: ${error?.code} ${error?.message}`);
    if (i === checkpoint) mid = sample();
  }
  client.free();
  assertFlat("closed port", mid, sample());
});
