// examples/webpack (docs/bundlers.md): webpack 5 with no loader configuration, `new URL(…, import.meta.url)` for the wasm and the worker.
import { test } from "node:test";
import { checkRecipe } from "./harness.mjs";

test("webpack 5: the app and its module worker build with webpack and run in Chromium", async (t) => {
  await checkRecipe(t, "webpack", { out: "dist" });
});
