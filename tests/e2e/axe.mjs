// axe-core in the page under test: injected from node_modules (installed 4.14.1) and run on the whole
// document. The tests hold the page to no serious or critical violation.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The serious and critical violations on the page now: [{ id, impact, targets }]. */
export async function seriousViolations(tab) {
  if (!(await tab.evaluate(() => typeof window.axe === "object"))) await tab.addScriptTag({ content: AXE });
  const violations = await tab.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** How wide the document is: more than the viewport means a horizontal scroll. */
export const pageWidth = (tab) => tab.evaluate(() => document.documentElement.scrollWidth);
