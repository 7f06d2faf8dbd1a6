// A browser wallet through the Wallet Standard: a fake wallet (a real extension cannot be installed
// here) registers with the page through the standard's `wallet-standard:register-wallet` event, the
// user connects it in Settings (`standard:connect`), and every API request is then signed by it
// (`solana:signMessage`) — the sandbox checks the ed25519 signature for real.
import assert from "node:assert/strict";
import { sign } from "node:crypto";
import { test } from "node:test";
import { privateKeyObject, randomWallet } from "../../sandbox/lib/crypto.mjs";
import { usePlayground } from "./harness.mjs";

const wallet = randomWallet(); // the fake wallet's key; it owns no deployment on the sandbox
const signed = []; // every message the fake wallet was asked to sign
// The wallet's signing happens in Node, with the key the page never sees.
const p = usePlayground(undefined, (opened) =>
  opened.tab.exposeFunction("fakeWalletSign", (bytes) => {
    const message = Buffer.from(bytes);
    signed.push(message.toString("utf8"));
    return [...sign(null, message, privateKeyObject(wallet.seed))];
  }),
);

/** Registers a Wallet Standard wallet the way an extension does: the register-wallet event. */
function registerFakeWallet(tab, { address, name, withSignMessage = true }) {
  return tab.evaluate(
    ({ address, name, withSignMessage }) => {
      const account = {
        address,
        publicKey: new Uint8Array(32),
        chains: ["solana:devnet"],
        features: withSignMessage ? ["solana:signMessage"] : [],
      };
      const features = {
        "standard:connect": {
          version: "1.0.0",
          connect: async () => {
            window.fakeWalletConnects = (window.fakeWalletConnects ?? 0) + 1;
            return { accounts: [account] };
          },
        },
        "standard:events": { version: "1.0.0", on: () => () => {} },
      };
      if (withSignMessage)
        features["solana:signMessage"] = {
          version: "1.0.0",
          signMessage: async (...inputs) =>
            Promise.all(
              inputs.map(async ({ message }) => ({
                signedMessage: message,
                signature: new Uint8Array(await window.fakeWalletSign([...message])),
              })),
            ),
        };
      const fake = {
        version: "1.0.0",
        name,
        icon: "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=",
        chains: ["solana:devnet"],
        features,
        accounts: [],
      };
      window.dispatchEvent(
        new CustomEvent("wallet-standard:register-wallet", { detail: ({ register }) => register(fake) }),
      );
    },
    { address, name, withSignMessage },
  );
}

test("a Wallet Standard wallet is offered, connects, and signs the API requests", { timeout: 30_000 }, async () => {
  const { tab } = p;
  await tab.waitForSelector('[data-testid="dashboard"][data-loaded=true]');
  await tab.waitForSelector('[data-testid="deployment-row"]'); // the demo wallet's deployments
  // A wallet without solana:signMessage cannot sign in: it is not offered.
  await registerFakeWallet(tab, { address: wallet.address, name: "No Sign Wallet", withSignMessage: false });
  await registerFakeWallet(tab, { address: wallet.address, name: "Fake Wallet" });
  await tab.click('[data-testid="settings-toggle"]');
  const connect = tab.locator('[data-testid="wallet-connect"]');
  await connect.first().waitFor();
  assert.deepEqual(await connect.evaluateAll((bs) => bs.map((b) => b.dataset.wallet)), ["Fake Wallet"]);

  const listed = tab.waitForResponse(
    (r) => new URL(r.url()).pathname === "/deployments" && r.request().headers()["x-user-id"] === wallet.address,
  );
  await connect.click();
  const response = await listed;
  assert.equal(response.status(), 200, "the sandbox accepted the wallet's signature");
  assert.equal(await tab.evaluate(() => window.fakeWalletConnects), 1);
  assert.deepEqual(signed, ["NosanaApiAuthentication"], "one signature of the API's message, reused");
  assert.equal(await tab.getAttribute('[data-testid="wallet-address"]', "title"), wallet.address);
  assert.equal(await tab.getAttribute('[data-testid="wallet-address"]', "data-wallet"), "Fake Wallet");
  // The fake wallet owns nothing: the list says so (not the demo wallet's rows, not "loading").
  await tab.waitForSelector('[data-testid="list-empty"]');
  assert.equal(await tab.locator('[data-testid="deployment-row"]').count(), 0);

  // Disconnecting goes back to the sandbox's demo wallet.
  await tab.click('[data-testid="wallet-disconnect"]');
  await tab.waitForSelector('[data-testid="deployment-row"]');
  assert.equal(await tab.getAttribute('[data-testid="wallet-address"]', "data-wallet"), "demo");
  assert.deepEqual(p.errors, []);
});
