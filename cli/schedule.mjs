// `nosana-deployments schedule "<cron>"`: what a SCHEDULED deployment's cron expression means and
// when it fires next (UTC), or why it is invalid.
import { choiceOption, integerOption, parseArgs, UsageError } from "./args.mjs";
import { shorten, shortenMessage } from "./echo.mjs";
import { parseInstant } from "./instant.mjs";
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
  let from = Date.now();
  if (values.from !== undefined) {
    const instant = parseInstant(values.from);
    if (instant.reason !== undefined) {
      throw new UsageError(
        `--from must be an ISO-8601 date or date and time, e.g. 2026-01-01 or 2026-01-01T09:30:00Z, got '${shorten(values.from)}': ${instant.reason}`,
      );
    }
    from = instant.ms;
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
    `  ${issue.severity === "error" ? c.red("error") : c.yellow("warning")}  ${c.dim(issue.code)}  ${shortenMessage(issue.message)}`,
    ...(issue.hint ? [`    ${c.cyan("hint:")} ${shortenMessage(issue.hint)}`] : []),
    ...(issue.range
      ? codeFrame(lines, issue.range, c, issue.severity === "error" ? c.red : c.yellow).map((l) => `  ${l}`)
      : []),
  ]);
  if (errors.length > 0) {
    if (format === "json") return { stdout: json({ expression, valid: false, issues }), exitCode: 1 };
    return {
      stdout: [`${c.red("✖")} ${JSON.stringify(shorten(expression))} is not a valid schedule`, ...issueLines, ""].join(
        "\n",
      ),
      exitCode: 1,
    };
  }
  // A valid expression can still have no answer: fire times past the end of the Date range (a
  // --from near it), or none within the library's search window. A message, not a crash.
  let description;
  let next;
  try {
    description = describeSchedule(expression);
    next = nextScheduleTimes(expression, { from, count });
  } catch (err) {
    const why = shortenMessage(err?.message ?? String(err));
    const after = new Date(from).toISOString();
    return {
      stderr: `nosana-deployments: cannot list ${count === 1 ? "the next fire time" : `${count} fire times`} after ${after}: ${why}\n`,
      exitCode: 2,
    };
  }
  if (format === "json") return { stdout: json({ expression, valid: true, description, next, issues }), exitCode: 0 };
  const out = [`${c.green("✔")} ${shorten(expression)}`, `  ${description}`, ...issueLines];
  const after = values.from === undefined ? "" : ` after ${new Date(from).toISOString()}`;
  out.push(`  next ${next.length === 1 ? "time" : `${next.length} times`} (UTC)${after}:`);
  out.push(...next.map((t) => `    ${t}`), "");
  return { stdout: out.join("\n"), exitCode: 0 };
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
