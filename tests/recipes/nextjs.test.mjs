// examples/nextjs (docs/bundlers.md): Next.js (its default bundler) with a client component and a static export; telemetry off, as it must be offline.
import { test } from "node:test";
import { checkRecipe } from "./harness.mjs";

test("Next.js: the page and its module worker build with next build and run in Chromium", async (t) => {
  await checkRecipe(t, "nextjs", { out: "out", env: { NEXT_TELEMETRY_DISABLED: "1" } });
});
