// examples/rollup (docs/bundlers.md): Rollup with node-resolve and @rollup/plugin-url for the wasm, the worker as a second input.
import { test } from "node:test";
import { checkRecipe } from "./harness.mjs";

test("Rollup: the app and its module worker build with rollup and run in Chromium", async (t) => {
  await checkRecipe(t, "rollup", { out: "dist" });
});
