// The rule list the CLI knows: the library's, plus `invalidYaml` (YAML parsing happens in the CLI),
// and `--rule CODE=off|warning|error` overrides checked against it.
import { UsageError } from "./args.mjs";
import { shorten } from "./echo.mjs";

export const INVALID_YAML = {
  code: "invalidYaml",
  severity: "error",
  description: "The text is not valid YAML (YAML files only; reported by the CLI, which parses YAML)",
};

export function allRules(lib) {
  const rules = typeof lib.listRules === "function" ? lib.listRules() : [];
  return rules.some((r) => r.code === INVALID_YAML.code) ? rules : [...rules, INVALID_YAML];
}

const LEVELS = ["off", "warning", "error"];

/** `["code=off", …]` → Map(code → level); a malformed entry or an unknown code is a usage error. */
export function parseRuleOverrides(entries = [], rules) {
  const known = new Set(rules.map((r) => r.code));
  const overrides = new Map();
  for (const entry of entries) {
    const match = /^([^=\s]+)=(\w+)$/.exec(entry.trim());
    if (!match) throw new UsageError(`--rule takes CODE=off|warning|error, got '${shorten(entry)}'`);
    const [, code, level] = match;
    if (!LEVELS.includes(level))
      throw new UsageError(`--rule ${shorten(code)}: level must be off, warning or error, got '${shorten(level)}'`);
    if (!known.has(code)) {
      const near = [...known].find((k) => k.toLowerCase() === code.toLowerCase());
      throw new UsageError(
        `--rule: unknown rule code '${shorten(code)}'${near ? ` (did you mean '${near}'?)` : ""}; run 'nosana-deployments --list-rules' to see every code`,
      );
    }
    overrides.set(code, level);
  }
  return overrides;
}

/** Issues after overrides and --no-warnings. */
export function applyRuleSettings(issues, overrides, { warnings }) {
  const out = [];
  for (const issue of issues) {
    const level = overrides.get(issue.code);
    if (level === "off") continue;
    const adjusted = level && level !== issue.severity ? { ...issue, severity: level } : issue;
    if (!warnings && adjusted.severity === "warning") continue;
    out.push(adjusted);
  }
  return out;
}
