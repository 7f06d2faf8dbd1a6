// How the Node init entries load the wasm: Node's fetch has no file: URLs, so files (the default,
// a file: URL or a path) are read from disk; anything else (bytes, a module, a Response, an http(s)
// URL) goes to the glue as is.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

const isFile = (input) =>
  (input instanceof URL && input.protocol === "file:") || (typeof input === "string" && !/^https?:/.test(input));

/** The loaders for the wasm file `defaultWasm` (a file: URL). */
export function nodeLoaders(defaultWasm) {
  return {
    source: (input) => (input === undefined ? readFile(defaultWasm) : isFile(input) ? readFile(input) : input),
    bytes: (input) => (input === undefined ? readFileSync(defaultWasm) : isFile(input) ? readFileSync(input) : input),
  };
}
