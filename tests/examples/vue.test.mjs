// examples/vue: the dashboard on DeploymentStore through a shallowRef updated from subscribe (see harness.mjs).
import { test } from "node:test";
import { checkDashboard } from "./harness.mjs";

test("Vue dashboard: create, start, stop, archive and a deletion elsewhere, in Chromium at 360 px", {
  timeout: 600_000,
}, async (t) => {
  await checkDashboard(t, "vue");
});
