// `nosana-deployments schedule "<cron>"`: what a SCHEDULED deployment's cron expression means and
// when it fires next (UTC), or why it is invalid.
import { choiceOption, integerOption, parseArgs, UsageError } from "./args.mjs";
import { requireFunction } from "./library.mjs";
import { codeFrame, palette, useColor } from "./report.mjs";
import { LineIndex } from "./source.mjs";

export const SCHEDULE_OPTIONS = {
  count: { type: "string", short: "n" },
  from: { type: "string" },
  format: { type: "string", short: "f" },
  color: { type: "boolean", negatable: true },
  help: { type: "boolean", short: "h" },
};

export function runSchedule(argv, lib, env) {
  const { values, positionals } = parseArgs(argv, SCHEDULE_OPTIONS);
  const format = choiceOption("format", values.format, ["human", "json"], "human");
  const count = integerOption("count", values.count, 1, 1000) ?? 5;
  if (values.from !== undefined && Number.isNaN(Date.parse(values.from))) {
    throw new UsageError(`--from must be an ISO-8601 date and time, e.g. 2026-01-01T00:00:00Z, got '${values.from}'`);
  }
  if (positionals.length === 0) throw new UsageError('no schedule given: nosana-deployments schedule "0 9 * * 1-5"');
  if (positionals.length > 1) {
    throw new UsageError(
      `expected one cron expression, got ${positionals.length} arguments: quote it, e.g. nosana-deployments schedule "0 9 * * 1-5"`,
    );
  }
  const [expression] = positionals;
  const validateSchedule = requireFunction(lib, "validateSchedule", "check cron expressions");
  const describeSchedule = requireFunction(lib, "describeSchedule", "describe cron expressions");
  const nextScheduleTimes = requireFunction(lib, "nextScheduleTimes", "compute fire times");

  const { issues } = validateSchedule(expression);
  const errors = issues.filter((i) => i.severity === "error");
  const color = useColor(values.color, env);
  const c = palette(color);
  const lines = new LineIndex(expression);
  const issueLines = issues.flatMap((issue) => [
    `  ${issue.severity === "error" ? c.red("error") : c.yellow("warning")}  ${c.dim(issue.code)}  ${issue.message}`,
    ...(issue.hint ? [`    ${c.cyan("hint:")} ${issue.hint}`] : []),
    ...(issue.range
      ? codeFrame(lines, issue.range, c, issue.severity === "error" ? c.red : c.yellow).map((l) => `  ${l}`)
      : []),
  ]);
  if (errors.length > 0) {
    if (format === "json") return { stdout: json({ expression, valid: false, issues }), exitCode: 1 };
    return {
      stdout: [`${c.red("✖")} ${JSON.stringify(expression)} is not a valid schedule`, ...issueLines, ""].join("\n"),
      exitCode: 1,
    };
  }
  const description = describeSchedule(expression);
  const next = nextScheduleTimes(expression, { from: values.from, count });
  if (format === "json") return { stdout: json({ expression, valid: true, description, next, issues }), exitCode: 0 };
  const out = [`${c.green("✔")} ${expression}`, `  ${description}`, ...issueLines];
  out.push(
    `  next ${next.length === 1 ? "time" : `${next.length} times`} (UTC)${values.from ? ` after ${values.from}` : ""}:`,
  );
  out.push(...next.map((t) => `    ${t}`), "");
  return { stdout: out.join("\n"), exitCode: 0 };
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
