// `nosana-deployments lint`: read each file, validate it as a job definition or a deployment body
// with the library, apply --rule/--no-warnings, report, and choose the exit code.
import { choiceOption, integerOption, parseArgs, sizeOption, UsageError } from "./args.mjs";
import { shortenMessage } from "./echo.mjs";
import { resolve } from "node:path";
import { planOperands, settleOperands, writeTextFile } from "./files.mjs";
import { fixApplier, fixText, unifiedDiff } from "./fix.mjs";
import { notJobLike } from "./job-like.mjs";
import { JSON_FORM_FIXES, lintText } from "./lint-text.mjs";
import { formatReport, formatRuleList, useColor } from "./report.mjs";
import { allRules, applyRuleSettings, parseRuleOverrides } from "./rules.mjs";
import { readStdin, readTextFile } from "./read.mjs";
import { lintInWorkers, MAX_JOBS, startWorker, workerCount } from "./pool.mjs";
import { DEFAULT_MAX_BYTES, FileProblem, MAX_MAX_BYTES } from "./text.mjs";

// One document's lint lives in cli/lint-text.mjs (the worker threads load it alone); the editor
// server and the tests import it from here, as before.
export { JSON_FORM_FIXES, lintText };

export const LINT_OPTIONS = {
  format: { type: "string", short: "f" },
  kind: { type: "string" },
  rule: { type: "string", multiple: true },
  warnings: { type: "boolean", negatable: true },
  "max-warnings": { type: "string" },
  quiet: { type: "boolean", short: "q" },
  color: { type: "boolean", negatable: true },
  "list-rules": { type: "boolean" },
  "stdin-filename": { type: "string" },
  "max-file-size": { type: "string" },
  fix: { type: "boolean" },
  "fix-dry-run": { type: "boolean" },
  ignore: { type: "string", multiple: true },
  gitignore: { type: "boolean", negatable: true },
  "all-files": { type: "boolean" },
  verbose: { type: "boolean", short: "v" },
  jobs: { type: "string", short: "j" },
  help: { type: "boolean", short: "h" },
};

export const EXIT = { ok: 0, problems: 1, trouble: 2 };

/**
 * Issues in source order, as the library lists them (stable: its order among equal positions; no
 * range last, where the library puts the `tooManyIssues` summary). JSON issues already come in this
 * order; YAML ones need it, their ranges being moved into the YAML text.
 */
const offsetOf = (issue) => issue.range?.start.offset ?? Number.MAX_SAFE_INTEGER;
const byPosition = (a, b) => offsetOf(a) - offsetOf(b);

/**
 * Runs `lint` and returns { stdout, stderr, exitCode } (the caller writes them), so that the
 * whole report is produced before anything is printed.
 */
export async function runLint(argv, lib, env) {
  const { values, positionals } = parseArgs(argv, LINT_OPTIONS);
  const format = choiceOption("format", values.format, ["human", "json", "github", "sarif"], "human");
  const rules = allRules(lib);
  if (values["list-rules"]) return { stdout: formatRuleList(rules, format), exitCode: EXIT.ok };
  const kind = choiceOption("kind", values.kind, ["auto", "job", "deployment"], "auto");
  const maxWarnings = integerOption("max-warnings", values["max-warnings"], 0);
  const jobs = integerOption("jobs", values.jobs, 1, MAX_JOBS);
  const maxBytes = sizeOption("max-file-size", values["max-file-size"], 1, MAX_MAX_BYTES, DEFAULT_MAX_BYTES);
  const overrides = parseRuleOverrides(values.rule, rules);
  if (positionals.length === 0)
    throw new UsageError("no files given: name files, directories or globs, or '-' for stdin");
  const fixMode = values["fix-dry-run"] ? "dry-run" : values.fix ? "write" : undefined;
  if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix and --fix-dry-run exclude each other");
  if (fixMode === "write" && positionals.includes("-"))
    throw new UsageError("--fix writes files and cannot write stdin back; use --fix-dry-run to see the diff");
  if (fixMode === "dry-run" && format !== "human")
    throw new UsageError("--fix-dry-run prints a diff; it takes no --format");

  const settle = (issues) =>
    applyRuleSettings(issues, overrides, { warnings: values.warnings !== false }).sort(byPosition);
  const options = { kind, lib, maxBytes };
  const files = [];
  const diffs = [];
  // Which files: the walks, globs and filters first (no file read), then the job-definition check
  // of walked files, which reads them: on the worker threads with the lint when there are any.
  // Worker threads start as soon as a walk or a glob has listed enough files, so that their start
  // overlaps the rest of the listing; those left unused are stopped below.
  const keepFixText = format === "sarif";
  const spares = [];
  const startEarly = (listed) => {
    const threads = fixMode ? 0 : workerCount(listed, jobs);
    const wanted = jobs === undefined ? threads - 1 : threads;
    while (threads > 1 && spares.length < wanted) spares.push(startWorker({ kind, maxBytes, keepFixText }));
  };
  const plan = planOperands(positionals, {
    ignore: values.ignore,
    gitignore: values.gitignore !== false,
    allFiles: Boolean(values["all-files"]),
    onListed: startEarly,
  });
  // Without --fix, many files are checked and linted on worker threads (cli/pool.mjs); --fix stays
  // serial (it writes the files, and a YAML file's fixes do not cross threads).
  // By default the main thread is one of the threads (one per core), taking its share of the
  // files between the workers' messages; `--jobs N` is N worker threads.
  const threads = fixMode ? 0 : workerCount(plan.checks.length, jobs);
  let inWorkers;
  try {
    if (threads > 1)
      inWorkers = await checkInWorkers(plan.checks, {
        ...options,
        workers: jobs === undefined ? threads - 1 : threads,
        mainLints: jobs === undefined,
        keepFixText,
        spares,
      });
  } finally {
    for (const { worker } of spares) worker.terminate();
  }
  const { entries, skipped } = settleOperands(
    plan,
    inWorkers ? (file) => inWorkers.get(resolve(file)).skip : (file) => notJobLike(file, maxBytes),
  );
  for (const entry of entries) {
    const name = entry.stdin ? (values["stdin-filename"] ?? "<stdin>") : entry.file;
    if (entry.problem) {
      files.push({ file: name, problem: entry.problem });
      continue;
    }
    const outcome = entry.stdin ? undefined : inWorkers?.get(resolve(entry.file))?.outcome;
    if (outcome) {
      // The worker named the file by the path it was sent; the report names it as its operand did.
      files.push(
        outcome.problem === undefined
          ? { ...outcome, file: name, issues: settle(outcome.issues) }
          : { file: name, ...outcome },
      );
      continue;
    }
    try {
      const text = entry.stdin ? await readStdin(maxBytes) : readTextFile(entry.file, maxBytes);
      let result = await lintText(text, { ...options, name });
      result.issues = settle(result.issues);
      if (fixMode) {
        result = await fixFile(result, text, { ...options, name, settle });
        if (result.fixedText !== undefined && fixMode === "write") writeTextFile(entry.file, result.fixedText);
        if (result.fixedText !== undefined) diffs.push(unifiedDiff(name, text, result.fixedText));
      }
      files.push(result);
    } catch (err) {
      if (!(err instanceof FileProblem)) throw err;
      files.push({ file: name, problem: err.message });
    }
  }

  const linted = files.filter((f) => !f.problem);
  const count = (severity) => linted.reduce((n, f) => n + f.issues.filter((i) => i.severity === severity).length, 0);
  const counts = {
    files: linted.length,
    filesWithProblems: linted.filter((f) => f.issues.length > 0).length,
    errors: count("error"),
    warnings: count("warning"),
    unreadable: files.length - linted.length,
  };
  const tooManyWarnings = maxWarnings !== undefined && counts.warnings > maxWarnings;
  // Precedence: 2 (a file could not be read or matched nothing) over 1 (errors, or too many warnings) over 0.
  const exitCode =
    counts.unreadable > 0 ? EXIT.trouble : counts.errors > 0 || tooManyWarnings ? EXIT.problems : EXIT.ok;
  const color = useColor(values.color, env);
  const report = formatReport(
    { files, counts, exitCode, maxWarnings, tooManyWarnings, version: lib.version?.(), rules },
    { format, color, quiet: Boolean(values.quiet) },
  );
  if (values.verbose) report.stderr = `${formatSkipped(skipped)}${report.stderr ?? ""}`;
  if (!fixMode) return { ...report, exitCode };
  // What changed: in the human report's place of honour, on stderr for machine-readable formats
  // (and for --fix-dry-run, whose stdout is the diff alone, ready for `git apply`).
  const changes = formatFixes(files, fixMode);
  if (fixMode === "dry-run")
    return { stdout: diffs.join(""), stderr: `${changes}${report.stdout}${report.stderr ?? ""}`, exitCode };
  if (format === "human") return { ...report, stdout: `${changes}${report.stdout}`, exitCode };
  return { ...report, stderr: `${changes}${report.stderr ?? ""}`, exitCode };
}

/** The checks of a plan run on worker threads: resolved path → `{ skip, outcome }` (see lintInWorkers). */
async function checkInWorkers(checks, { kind, lib, maxBytes, workers, mainLints, keepFixText, spares }) {
  const results = await lintInWorkers(checks, {
    workers,
    kind,
    maxBytes,
    keepFixText,
    spares,
    ...(mainLints ? { lib } : {}),
  });
  return new Map(checks.map((check, i) => [resolve(check.file), results[i]]));
}

/**
 * Applies the fixes of a linted file; the result then describes the fixed text (its issues are the
 * ones left), with `fixed` (what was fixed) and `fixedText` (undefined when nothing changed).
 */
async function fixFile(result, text, { settle, ...options }) {
  const check = async (candidate) => withJsonFormFixes(settle((await lintText(candidate, options)).issues));
  const { text: fixedText, fixed } = await fixText(
    text,
    check,
    await fixApplier(options.lib, result.language, options.maxBytes),
  );
  if (fixedText === text) return { ...result, fixed };
  const after = await lintText(fixedText, options);
  return { ...after, issues: settle(after.issues), fixed, fixedText };
}

/** Issues whose `fixes` are the ones to apply: a YAML issue's fixes of the JSON form (see fixApplier). */
export function withJsonFormFixes(issues) {
  return issues.map((issue) => (issue[JSON_FORM_FIXES] ? { ...issue, fixes: issue[JSON_FORM_FIXES] } : issue));
}

/** `--verbose`: the files a walk or a glob found and left out, with why (on stderr). */
function formatSkipped(skipped) {
  if (skipped.length === 0) return "";
  return `${skipped.map(({ file, reason }) => `skipped ${file}: ${reason}\n`).join("")}\n`;
}

function formatFixes(files, fixMode) {
  const verb = fixMode === "write" ? "fixed" : "would fix";
  const lines = [];
  for (const f of files) {
    if (!f.fixed?.length) continue;
    lines.push(`${f.file}: ${verb} ${f.fixed.length} problem${f.fixed.length === 1 ? "" : "s"}`);
    for (const x of f.fixed)
      lines.push(`  ${shortenMessage(x.title)} (${x.code} at ${shortenMessage(x.pointer || "/")})`);
  }
  if (lines.length === 0) lines.push(fixMode === "write" ? "nothing to fix" : "nothing would be fixed");
  return `${lines.join("\n")}\n\n`;
}
