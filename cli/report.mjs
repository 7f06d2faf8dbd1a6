// Output formats: human (with a caret under the source), json (one document), github (workflow
// commands that become annotations on the pull request), sarif (code scanning; cli/sarif.mjs).
import { shorten } from "./echo.mjs";
import { sarifLog } from "./sarif.mjs";

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** --color/--no-color win; otherwise colour when stdout is a terminal and NO_COLOR is unset or empty. */
export const useColor = (flag, env) => flag ?? (Boolean(process.stdout.isTTY) && !env.NO_COLOR);

export function palette(enabled) {
  const wrap = (open, close) => (s) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/** @returns {{ stdout: string, stderr?: string }} */
export function formatReport(report, { format, color, quiet }) {
  const visible = (issues) => (quiet ? issues.filter((i) => i.severity === "error") : issues);
  if (format === "json") return { stdout: `${JSON.stringify(jsonDocument(report, visible), null, 2)}\n` };
  if (format === "sarif")
    return { stdout: `${JSON.stringify(sarifLog(report, report.rules ?? [], visible), null, 2)}\n` };
  // The summary line speaks of what is shown: with --quiet, errors and the files that have them.
  const shown = quiet
    ? {
        ...report.counts,
        warnings: 0,
        filesWithProblems: report.files.filter((f) => f.issues?.some((i) => i.severity === "error")).length,
      }
    : report.counts;
  if (format === "github") return { stdout: github(report, visible, summary(shown)) };
  const c = palette(color);
  return human(report, visible, c, summary(shown, c));
}

function jsonDocument({ files, counts, exitCode, maxWarnings, version }, visible) {
  return {
    version,
    files: files.map((f) =>
      f.problem
        ? { file: f.file, error: f.problem }
        : {
            file: f.file,
            kind: f.kind,
            language: f.language,
            errorCount: f.issues.filter((i) => i.severity === "error").length,
            warningCount: f.issues.filter((i) => i.severity === "warning").length,
            issues: visible(f.issues),
            ...(f.fixed ? { fixed: f.fixed } : {}),
          },
    ),
    counts,
    maxWarnings: maxWarnings ?? null,
    exitCode,
  };
}

function human({ files, counts, maxWarnings, tooManyWarnings }, visible, c, summaryLine) {
  const out = [];
  const err = [];
  for (const f of files) {
    if (f.problem) {
      err.push(`${c.bold(shorten(f.file))}: ${c.red("cannot lint")}: ${f.problem}`);
      continue;
    }
    const issues = visible(f.issues);
    if (issues.length === 0) continue;
    const file = shorten(f.file);
    for (const issue of issues) {
      const where = issue.range ? `${file}:${issue.range.start.line}:${issue.range.start.column}` : file;
      const severity = issue.severity === "error" ? c.red("error") : c.yellow("warning");
      out.push(`${c.bold(where)}  ${severity}  ${c.dim(issue.code)}  ${issue.message}`);
      if (issue.hint) out.push(`  ${c.cyan("hint:")} ${issue.hint}`);
      if (issue.range) out.push(...codeFrame(f.lines, issue.range, c, issue.severity === "error" ? c.red : c.yellow));
    }
    out.push("");
  }
  out.push(summaryLine);
  if (tooManyWarnings)
    out.push(c.red(`✖ ${plural(counts.warnings, "warning")}, more than --max-warnings ${maxWarnings}`));
  return { stdout: `${out.join("\n")}\n`, stderr: err.length > 0 ? `${err.join("\n")}\n` : "" };
}

export function summary({ files, filesWithProblems, errors, warnings, unreadable }, c = palette(false)) {
  const unread = unreadable > 0 ? `${plural(unreadable, "file")} could not be linted` : "";
  let line;
  if (errors + warnings === 0) {
    line = files > 0 || !unread ? `${c.green("✔")} ${plural(files, "file")}, no problems` : "";
  } else {
    const parts = [errors > 0 ? plural(errors, "error") : "", warnings > 0 ? plural(warnings, "warning") : ""].filter(
      Boolean,
    );
    const where =
      filesWithProblems === files ? plural(files, "file") : `${filesWithProblems} of ${plural(files, "file")}`;
    line = `${errors > 0 ? c.red("✖") : c.yellow("⚠")} ${parts.join(", ")} in ${where}`;
  }
  if (!unread) return line;
  return line ? `${line}; ${c.red(unread)}` : `${c.red("✖")} ${unread}`;
}

/** The source line of a range with a caret (or underline) beneath it; long lines are windowed. */
export function codeFrame(lines, range, c, mark) {
  const text = lines?.lineText(range.start.line);
  if (text === undefined) return [];
  const WIDTH = 160;
  let start = range.start.column - 1;
  let end = range.end.line === range.start.line ? Math.max(range.end.column - 1, start + 1) : text.length;
  let shown = text;
  let lead = "";
  if (text.length > WIDTH) {
    const from = Math.max(0, Math.min(start - 40, text.length - WIDTH));
    shown = text.slice(from, from + WIDTH);
    lead = from > 0 ? "…" : "";
    start -= from;
    end -= from;
    if (from + WIDTH < text.length) shown += "…";
  }
  start = Math.min(start, shown.length);
  end = Math.max(start + 1, Math.min(end, shown.length));
  // One space per character before the column (tabs kept, so the caret lines up in a terminal).
  const pad = [...(lead + shown.slice(0, start))].map((ch) => (ch === "\t" ? "\t" : " ")).join("");
  const underline = "^".repeat(Math.max(1, [...shown.slice(start, end)].length));
  const gutter = String(range.start.line);
  return [
    `  ${c.dim(`${gutter} |`)} ${lead}${shown}`,
    `  ${c.dim(`${" ".repeat(gutter.length)} |`)} ${pad}${mark(underline)}`,
  ];
}

// GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const escapeData = (s) => String(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function annotation(level, props, message) {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(",");
  return `::${level} ${list}::${escapeData(message)}`;
}

function github({ files, counts, maxWarnings, tooManyWarnings }, visible, summaryLine) {
  const out = [];
  for (const f of files) {
    const file = f.file.split("\\").join("/");
    if (f.problem) {
      out.push(annotation("error", { file, title: "cannot lint" }, f.problem));
      continue;
    }
    for (const issue of visible(f.issues)) {
      const r = issue.range;
      const oneLine = r && r.end.line === r.start.line && r.end.column > r.start.column;
      const props = {
        file,
        line: r?.start.line,
        col: r?.start.column,
        endLine: oneLine ? r.end.line : undefined,
        endColumn: oneLine ? r.end.column - 1 : undefined, // GitHub's end column is inclusive
        title: issue.code,
      };
      out.push(
        annotation(
          issue.severity === "error" ? "error" : "warning",
          props,
          issue.hint ? `${issue.message}\nhint: ${issue.hint}` : issue.message,
        ),
      );
    }
  }
  out.push(summaryLine);
  if (tooManyWarnings) out.push(`✖ ${plural(counts.warnings, "warning")}, more than --max-warnings ${maxWarnings}`);
  return `${out.join("\n")}\n`;
}

export function formatRuleList(rules, format) {
  if (format === "json") return `${JSON.stringify(rules, null, 2)}\n`;
  const width = Math.max(...rules.map((r) => r.code.length));
  return `${rules.map((r) => `${r.code.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}`).join("\n")}\n`;
}
