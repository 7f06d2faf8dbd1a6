// examples/react: the dashboard on DeploymentStore through useSyncExternalStore (see harness.mjs).
import { test } from "node:test";
import { checkDashboard } from "./harness.mjs";

test("React dashboard: create, start, stop, archive and a deletion elsewhere, in Chromium at 360 px", {
  timeout: 600_000,
}, async (t) => {
  await checkDashboard(t, "react");
});
