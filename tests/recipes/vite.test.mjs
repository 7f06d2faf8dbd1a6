// examples/vite (docs/bundlers.md): Vite's default build, `?url` for the wasm, a module worker without worker options.
import { test } from "node:test";
import { checkRecipe } from "./harness.mjs";

test("Vite: the app and its module worker build with vite and run in Chromium", async (t) => {
  await checkRecipe(t, "vite", { out: "dist" });
});
