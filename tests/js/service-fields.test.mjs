// Today's service fields on the JS surface: validateSshPublicKeys for key-entry forms, the new
// create-body fields in validateDeployment, and the new update bodies in validateDeploymentUpdate.
import assert from "node:assert/strict";
import { test } from "node:test";
import { listRules, validateDeployment, validateDeploymentUpdate, validateSshPublicKeys } from "nosana-deployments";

// Real public keys (ssh-keygen, made for these tests; no private key kept).
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519";
const ECDSA256 =
  "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBA59lpvF5hlTFr4KV94l2a6dBWbadhcPUG5rqWN6tbur3gWRx/PKIO3zkfHmTsT1xsuMBPfYMbvPoeBTYsveFwM= test@ecdsab256";
const MARKET = "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr";

/** `n` distinct ed25519 keys (type, then 32 bytes of material: the material is not checked). */
function ed25519Keys(n) {
  return Array.from({ length: n }, (_, i) => {
    const type = Buffer.from("ssh-ed25519");
    const blob = Buffer.concat([u32(type.length), type, u32(32), Buffer.alloc(32, i)]);
    return `ssh-ed25519 ${blob.toString("base64")} key${i}`;
  });
}

function u32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

const found = (result) => result.issues.map((i) => `${i.code} ${i.pointer}`);

const JOB = { version: "0.1", type: "container", ops: [{ id: "web", type: "container/run", args: { image: "nginx", expose: 8080 } }] };
const BODY = { name: "web", market: MARKET, replicas: 1, timeout: 120, strategy: "INFINITE", confidential: false, job_definition: JOB };

test("validateSshPublicKeys: valid keys, with the whitespace a .pub file brings", () => {
  assert.deepEqual(validateSshPublicKeys([`${ED25519}\n`, ECDSA256]), { success: true, issues: [] });
  assert.deepEqual(validateSshPublicKeys([]), { success: true, issues: [] });
});

test("validateSshPublicKeys: one issue per bad key, at its index, with a message and a hint", () => {
  const result = validateSshPublicKeys([
    ED25519,
    "SSH-ED25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21",
    ECDSA256.replace("FwM=", "FwN="),
    ED25519.replace("ssh-ed25519 ", "ssh-rsa "),
    `${ED25519} laptop key`,
  ]);
  assert.equal(result.success, false);
  assert.deepEqual(found(result), [
    "unsupportedSshKeyType /1",
    "invalidSshKeyBase64 /2",
    "sshKeyTypeMismatch /3",
    "sshKeyFieldCount /4",
  ]);
  assert.equal(result.issues[0].hint, "key types are case-sensitive: use ssh-ed25519");
  assert.match(result.issues[1].message, /^keys\[2\] has key data that is not canonical base64/);
  assert.equal(result.issues[2].message, 'keys[3] says "ssh-rsa", but its key data is a "ssh-ed25519" key');
});

test("validateSshPublicKeys: the set is counted after collapsing keys with the same type and data", () => {
  const ten = ed25519Keys(10);
  const sameKeyOtherComment = ten[0].replace("key0", "alice");
  const result = validateSshPublicKeys([...ten, sameKeyOtherComment]);
  assert.equal(result.success, true);
  assert.deepEqual(found(result), ["duplicateSshKey /10"]);
  assert.deepEqual(validateSshPublicKeys([...ten, sameKeyOtherComment], { warnings: false }).issues, []);

  const eleven = validateSshPublicKeys(ed25519Keys(11));
  assert.deepEqual(found(eleven), ["tooManySshKeys "]);
  assert.equal(eleven.issues[0].hint, "remove 1 of them");
});

test("validateSshPublicKeys: line length in JavaScript characters, total size in UTF-8 bytes", () => {
  const at = (length) => `${ED25519}${"x".repeat(length - ED25519.length)}`;
  assert.equal(validateSshPublicKeys([at(8192)]).success, true);
  assert.deepEqual(found(validateSshPublicKeys([at(8193)])), ["sshKeyTooLong /0"]);
  // 8 lines of 8,192 characters are exactly 65,536 bytes; one more key is over.
  const big = ed25519Keys(8).map((k) => `${k}${"c".repeat(8192 - k.length)}`);
  assert.equal(validateSshPublicKeys(big).success, true);
  assert.deepEqual(found(validateSshPublicKeys([...big, ED25519])), ["sshKeysTooLarge "]);
});

test("validateSshPublicKeys: anything but an array of strings is an issue, not a throw", () => {
  assert.deepEqual(found(validateSshPublicKeys(ED25519)), ["invalidType "]);
  assert.deepEqual(found(validateSshPublicKeys([ED25519, 42])), ["invalidType /1"]);
  assert.throws(() => validateSshPublicKeys([ED25519], { warnigns: true }), { name: "TypeError" });
});

test("validateDeployment: the new create fields are checked, not unknownField warnings", () => {
  const body = {
    ...BODY,
    startup_timeout: 5,
    idempotency_key: "app:3f0c8a2e-0b7d-4a55-9a35-7c1f0c6f2d11",
    requirements: { gpu: "RTX 4090", vram: 24, cuda: true },
    ssh_public_keys: [ED25519, ECDSA256],
  };
  assert.deepEqual(validateDeployment(body), { success: true, issues: [] });

  const bad = validateDeployment({
    ...BODY,
    market: "11111111111111111111111111111111",
    startup_timeout: 0.5,
    idempotency_key: "my key",
    requirements: {},
    ssh_public_keys: ["ssh-dss AAAAB3NzaC1kc3MAAAABAA=="],
  });
  assert.deepEqual(found(bad).sort(), [
    "invalidIdempotencyKey /idempotency_key",
    "invalidMarket /market",
    "requirementsEmpty /requirements",
    "startupTimeoutTooShort /startup_timeout",
    "unsupportedSshKeyType /ssh_public_keys/0",
  ]);
});

test("validateDeployment: startup_timeout needs an exposed port, and INFINITE", () => {
  const noPort = { ...JOB, ops: [{ id: "job", type: "container/run", args: { image: "ubuntu" } }] };
  const result = validateDeployment({ ...BODY, startup_timeout: 5, job_definition: noPort });
  assert.deepEqual(found(result), ["startupTimeoutWithoutPort /startup_timeout"]);
  assert.match(result.issues[0].message, /^Startup timeout requires the job definition to expose at least one port/);

  const simple = validateDeployment({ ...BODY, strategy: "SIMPLE", timeout: 60, startup_timeout: 5 });
  assert.deepEqual(found(simple), ["startupTimeoutIgnored /startup_timeout"]);
  assert.equal(simple.issues[0].severity, "warning");
});

test("validateDeployment: text input gives source ranges for an SSH key issue", () => {
  const text = JSON.stringify({ ...BODY, ssh_public_keys: [ED25519, "ssh-ed25519"] }, null, 2);
  const [issue] = validateDeployment(text).issues;
  assert.equal(issue.pointer, "/ssh_public_keys/1");
  assert.equal(text.slice(issue.range.start.offset, issue.range.end.offset), '"ssh-ed25519"');
});

test("validateDeploymentUpdate: the bodies of the new routes", () => {
  const ok = { success: true, issues: [] };
  assert.deepEqual(validateDeploymentUpdate("duplicate"), ok);
  assert.deepEqual(validateDeploymentUpdate("duplicate", { name: "copy", market: MARKET, autostart: true }), ok);
  assert.deepEqual(found(validateDeploymentUpdate("duplicate", { name: "" })), ["nameEmpty /name"]);
  assert.deepEqual(validateDeploymentUpdate("updateMarket", { market: MARKET }), ok);
  assert.deepEqual(found(validateDeploymentUpdate("updateMarket", { market: "not-a-key" })), ["invalidMarket /market"]);
  assert.deepEqual(validateDeploymentUpdate("updateRequirements", { market: MARKET, requirements: null }), ok);
  assert.deepEqual(found(validateDeploymentUpdate("updateRequirements", { requirements: { gpu: "A100" } })), [
    "missingField /market",
  ]);
  assert.deepEqual(validateDeploymentUpdate("updateStartupTimeout", { startup_timeout: 10 }), ok);
  assert.deepEqual(found(validateDeploymentUpdate("updateStartupTimeout", { startup_timeout: 0 })), [
    "startupTimeoutTooShort /startup_timeout",
  ]);
  assert.deepEqual(validateDeploymentUpdate("addSshKeys", { public_keys: [ED25519] }), ok);
  assert.deepEqual(found(validateDeploymentUpdate("addSshKeys", { public_keys: ed25519Keys(11) })), ["tooManySshKeys /public_keys"]);
  // Revoking is matched by identity on the server: no cap, but each key must still be a key.
  assert.deepEqual(validateDeploymentUpdate("revokeSshKeys", { public_keys: ed25519Keys(11) }), ok);
  assert.deepEqual(found(validateDeploymentUpdate("revokeSshKeys", { public_keys: [""] })), ["sshKeyEmpty /public_keys/0"]);
  assert.deepEqual(validateDeploymentUpdate("listSshKeys"), ok);
});

test("listRules lists every new rule once", () => {
  const codes = listRules().map((r) => r.code);
  for (const code of [
    "sshKeyEmpty", "sshKeyTooLong", "sshKeyMultiline", "sshKeyFieldCount", "unsupportedSshKeyType",
    "invalidSshKeyBase64", "sshKeyTypeMismatch", "duplicateSshKey", "tooManySshKeys", "sshKeysTooLarge",
    "startupTimeoutIgnored", "startupTimeoutTooShort", "startupTimeoutWithoutPort", "invalidIdempotencyKey",
    "requirementsEmpty", "invalidRequirementKey", "invalidRequirementValue", "sshBlockReplaced",
  ]) {
    assert.equal(codes.filter((c) => c === code).length, 1, code);
  }
});
