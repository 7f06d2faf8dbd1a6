// The deployment form: validated live through validateDeployment, issues shown next to their fields.
import { has, lib } from "./lib.js";
import { $, h } from "./dom.js";

export const FIELDS = [
  "name",
  "market",
  "replicas",
  "timeout",
  "strategy",
  "schedule",
  "rotation_time",
  "confidential",
];

/**
 * @param {HTMLFormElement} form
 * @param {{ jobDefinition(): { value: unknown, error: string|null, errorCount: number }, deploy(body): Promise<void> }} o
 */
export function setupForm(form, { jobDefinition, deploy }) {
  const field = (name) => form.elements.namedItem(name);
  const strategy = () => field("strategy").value;

  function body() {
    const num = (name) => {
      const raw = field(name).value.trim();
      return raw === "" ? undefined : Number(raw);
    };
    const b = {
      name: field("name").value,
      market: field("market").value.trim(),
      replicas: num("replicas"),
      timeout: num("timeout"),
      strategy: strategy(),
      confidential: field("confidential").checked,
      job_definition: jobDefinition().value,
    };
    if (b.strategy === "SCHEDULED") b.schedule = field("schedule").value;
    if (b.strategy === "INFINITE" && field("rotation_time").value.trim() !== "") b.rotation_time = num("rotation_time");
    for (const k of Object.keys(b)) if (b[k] === undefined) delete b[k];
    return b;
  }

  function showIssues(issues) {
    const byField = new Map(FIELDS.map((f) => [f, []]));
    const general = [];
    for (const issue of issues) {
      const key = issue.path?.[0];
      if (key === "job_definition") continue; // shown in the editor
      (byField.get(key) ?? general).push(issue);
    }
    for (const [name, list] of byField) {
      const box = $(`[data-testid="issues-${name}"]`, form);
      const input = field(name);
      if (!box) continue;
      box.replaceChildren(
        ...list.map((i) =>
          h(
            "li",
            { class: `issue ${i.severity}`, dataset: { code: i.code } },
            h("code", {}, i.code),
            " ",
            i.message,
            i.hint ? h("span", { class: "hint" }, ` ${i.hint}`) : null,
          ),
        ),
      );
      if (input?.setAttribute) {
        if (list.some((i) => i.severity === "error")) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
    $('[data-testid="issues-general"]', form).replaceChildren(
      ...general.map((i) =>
        h(
          "li",
          { class: `issue ${i.severity}`, dataset: { code: i.code } },
          h("code", {}, i.code),
          " ",
          i.pointer ? `${i.pointer}: ` : "",
          i.message,
        ),
      ),
    );
  }

  function schedulePreview() {
    const out = $('[data-testid="schedule-description"]', form);
    const next = $('[data-testid="schedule-next"]', form);
    const expr = field("schedule").value;
    if (!has("describeSchedule") || !has("nextScheduleTimes")) {
      out.textContent = "Schedule preview arrives with describeSchedule() in the library.";
      next.replaceChildren();
      return;
    }
    try {
      out.textContent = lib.describeSchedule(expr);
      out.classList.remove("bad");
      next.replaceChildren(
        ...lib
          .nextScheduleTimes(expr, { count: 5 })
          .map((t) => h("li", {}, h("time", { datetime: t }, t.replace("T", " ").replace(/:00(\.000)?Z$/, " UTC")))),
      );
    } catch {
      out.textContent = ""; // the schedule's issues are listed under the field
      out.classList.add("bad");
      next.replaceChildren();
    }
  }

  let lastResult = { success: true, issues: [] };
  function update() {
    const s = strategy();
    form.dataset.strategy = s;
    $('[data-testid="row-schedule"]', form).hidden = s !== "SCHEDULED";
    $('[data-testid="row-rotation_time"]', form).hidden = s !== "INFINITE";
    if (s === "SCHEDULED") schedulePreview();
    const jd = jobDefinition();
    const jdStatus = $('[data-testid="form-jobdef-status"]', form);
    if (jd.error) {
      // The editor's own message for the same problem (one message per problem wherever it is shown).
      jdStatus.textContent = `The job definition in the editor is not valid JSON: ${jd.error}`;
      jdStatus.className = "jobdef-status bad";
    } else if (jd.errorCount) {
      jdStatus.textContent = `The job definition in the editor has ${jd.errorCount} error${jd.errorCount === 1 ? "" : "s"}.`;
      jdStatus.className = "jobdef-status bad";
    } else {
      jdStatus.textContent = "The job definition in the editor is valid.";
      jdStatus.className = "jobdef-status good";
    }
    let result = { success: !jd.error && !jd.errorCount, issues: [] };
    if (has("validateDeployment")) {
      try {
        result = lib.validateDeployment(body(), { warnings: true });
      } catch (err) {
        result = {
          success: false,
          issues: [
            { code: "validatorError", severity: "error", message: String(err?.message ?? err), path: [], pointer: "" },
          ],
        };
      }
      $('[data-testid="form-validator-note"]', form).hidden = true;
    }
    lastResult = result;
    showIssues(result.issues);
    const ok = result.success && !jd.error && !jd.errorCount;
    const button = $('[data-testid="deploy"]', form);
    button.disabled = !ok;
    form.dataset.valid = String(ok);
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    update();
    if (form.dataset.valid !== "true") return;
    const button = $('[data-testid="deploy"]', form);
    button.disabled = true;
    try {
      await deploy(body());
    } finally {
      update();
    }
  });
  update();
  return {
    update,
    body,
    get result() {
      return lastResult;
    },
  };
}
