// One boundary room (issue 19): every read of a value a caller handed in goes through
// src/wasm/caller_values.rs (and its caller_values.js), whose helpers run the caller's code inside a
// `try`. This test fails the build when another file of src/wasm/ reaches caller values directly:
// through js-sys/web-sys calls that run caller code without catching (property reads, `instanceof`
// casts, Date and Array methods, JSON.stringify) or through typeof reads that bypass the room.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const WASM = join(import.meta.dirname, "..", "..", "src", "wasm");

/** The boundary room itself. */
const ROOM = new Set(["caller_values.rs"]);

// Files that touch only the host's own values, never a caller's: `transport.rs` reads what `fetch` and
// its stream reader return (and `globalThis`), `async_iter.rs` builds and chains its own result
// objects and promises. Everything else of the client (`client.rs`, `client_args.rs`, `wallet.rs`,
// `clock.rs`) is checked like the rest of the binding layer.
const HOST_ONLY = new Set(["transport.rs", "async_iter.rs"]);

/** What reaches a caller's value directly. */
const FORBIDDEN = [
  [/\bReflect::/, "Reflect (a property read runs getters and Proxy traps)"],
  [/\.dyn_into\b|\.dyn_ref\b|\bJsCast::dyn_|\.is_instance_of\b|\binstanceof\b/, "an instanceof cast"],
  [/\.unchecked_into\b|\.unchecked_ref::</, "an unchecked cast"],
  [/\bDate::new\b|\.get_time\(|dyn_ref::<js_sys::Date>|\bDate::from\b/, "a Date method on a caller's value"],
  [/\bArray::from\b|\bArray::is_array\b|\bArray::iter\b|\.iter\(\)\s*\/\/\s*js/, "an Array method on a caller's array"],
  [
    /\bObject::(keys|assign|entries|values|get_own_property|get_prototype_of)\b/,
    "an Object method on a caller's object",
  ],
  [/\bJSON::stringify\b/, "JSON.stringify (runs toJSON and getters)"],
  [/\.as_string\(\)|\.as_f64\(\)|\.as_bool\(\)/, "a typeof read outside the room (use caller_values::string/number)"],
];

// A closure's own function, handed to web-sys: no caller value.
const ALLOWED_LINES = [/on_abort\.as_ref\(\)\.unchecked_ref\(\)/];

function rustFiles() {
  return readdirSync(WASM).filter((name) => name.endsWith(".rs"));
}

/** `[file, line number, what]` for each direct touch outside the allowed files. */
function violations(files) {
  const found = [];
  for (const file of files) {
    const lines = readFileSync(join(WASM, file), "utf8").split("\n");
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, "");
      if (ALLOWED_LINES.some((re) => re.test(code))) return;
      for (const [re, what] of FORBIDDEN) {
        if (re.test(code)) found.push(`src/wasm/${file}:${i + 1}: ${what}: ${line.trim()}`);
      }
    });
  }
  return found;
}

test("no file of src/wasm/ but the boundary room reaches caller values directly", () => {
  const checked = rustFiles().filter((f) => !ROOM.has(f) && !HOST_ONLY.has(f));
  assert.ok(checked.length >= 10, `expected the binding layer's files, found ${checked.join(", ")}`);
  assert.deepEqual(violations(checked), []);
});

test("the client's files are checked, not exempted", () => {
  const checked = rustFiles().filter((f) => !ROOM.has(f) && !HOST_ONLY.has(f));
  for (const file of ["client.rs", "client_args.rs", "wallet.rs", "clock.rs"]) {
    assert.ok(checked.includes(file), `${file} is scanned`);
  }
});

test("the guard finds what it looks for (it is not vacuous)", () => {
  // The host-only files and the room itself do reach values directly: the same scan finds them.
  const present = [...HOST_ONLY].filter((f) => rustFiles().includes(f));
  assert.equal(present.length, HOST_ONLY.size, "a host-only file is gone: remove it from HOST_ONLY");
  for (const file of present) assert.ok(violations([file]).length > 0, `${file} no longer needs its exemption`);
  assert.ok(violations([...ROOM]).length > 0);
});

test("the room's JavaScript never lets an exception out of an exported function", () => {
  const source = readFileSync(join(WASM, "caller_values.js"), "utf8");
  const exported = [...source.matchAll(/^export function (\w+)\([^)]*\) \{\n([\s\S]*?)^\}/gm)];
  assert.ok(exported.length >= 10);
  for (const [, name, body] of exported) {
    const trivial = /^\s*return [\w{} ]+;\s*$/.test(body);
    assert.ok(trivial || /^\s*try \{/.test(body) || /\btry \{/.test(body), `${name} reads without a try`);
  }
});
