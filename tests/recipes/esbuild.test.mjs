// examples/esbuild (docs/bundlers.md): esbuild's ESM bundle, the `file` loader for the wasm, the worker as a second entry point.
import { test } from "node:test";
import { checkRecipe } from "./harness.mjs";

test("esbuild: the app and its module worker build with esbuild and run in Chromium", async (t) => {
  await checkRecipe(t, "esbuild", { out: "dist" });
});
