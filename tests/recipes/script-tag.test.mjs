// examples/script-tag (docs/bundlers.md): no bundler, an import map and `<script type="module">`; the package's files served as they are installed.
import { test } from "node:test";
import { checkRecipe } from "./harness.mjs";

test("A plain <script type=module> page and its module worker run in Chromium", async (t) => {
  await checkRecipe(t, "script-tag", { out: ".", build: false });
});
