// Loads the Node build of nosana-deployments and gets hold of its WebAssembly memory.
// The generated glue keeps the instance private, so the WebAssembly.Instance constructor is wrapped
// for the duration of the require: the wrapper records the instance the glue creates.
"use strict";
const { join } = require("node:path");

const ROOT = join(__dirname, "..");

function loadOurs() {
  const Original = WebAssembly.Instance;
  const instances = [];
  WebAssembly.Instance = new Proxy(Original, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget);
      instances.push(instance);
      return instance;
    },
  });
  let lib;
  try {
    lib = require(ROOT);
  } finally {
    WebAssembly.Instance = Original;
  }
  const memory = instances.map((i) => i.exports.memory).find((m) => m instanceof WebAssembly.Memory);
  return { lib, wasmMemoryBytes: () => (memory ? memory.buffer.byteLength : null) };
}

module.exports = { loadOurs, ROOT };
