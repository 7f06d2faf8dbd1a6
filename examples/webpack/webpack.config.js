import { fileURLToPath } from "node:url";

// No rule is needed: webpack 5 emits every `new URL("…", import.meta.url)` as an asset, the wasm
// and the worker alike.
export default {
  mode: "production",
  entry: "./src/main.js",
  output: { path: fileURLToPath(new URL("dist", import.meta.url)), clean: true },
};
