// One file of a parallel run, read once: whether a walked file looks like a job definition, then
// its lint, in the shape that crosses threads (the lines the code frames show, not the text). What
// the worker threads (cli/lint-worker.mjs) and the main thread's share of the work (cli/pool.mjs)
// both run, so a file's result is the same whichever thread linted it.
import { notJobLikeText } from "./job-like.mjs";
import { lintText } from "./lint-text.mjs";
import { readTextFile } from "./read.mjs";
import { FileProblem } from "./text.mjs";

/**
 * `{ file, sniff, lint }` → `{ skip, result }` or `{ skip, problem }` or `{ skip }` (not linted: it
 * does not look like a job definition, `skip` says why) or `{ internal }` (a bug: the run stops).
 * When `sniff`, `skip` is notJobLike's verdict; the file is linted when `lint` or it looks like one.
 * Named by its path: the main thread names it as its operand did.
 */
export async function checkFile({ file, sniff, lint }, { kind, lib, maxBytes, keepFixText }) {
  let text;
  try {
    text = readTextFile(file, maxBytes);
  } catch (err) {
    // Unreadable: the walk keeps it (notJobLike says so), and the lint reports why.
    if (err instanceof FileProblem) return { problem: err.message };
    return { internal: String(err?.stack ?? err) };
  }
  const skip = sniff ? notJobLikeText(text, file) : undefined;
  if (skip !== undefined && !lint) return { skip };
  try {
    const { lines, ...result } = await lintText(text, { name: file, kind, lib, maxBytes });
    const shown = new Set(result.issues.flatMap((issue) => (issue.range ? [issue.range.start.line] : [])));
    result.excerpt = [...shown].map((line) => [line, lines.lineText(line)]);
    const hasFixes = result.issues.some((issue) => Array.isArray(issue.fixes) && issue.fixes.length > 0);
    if (keepFixText && result.language === "json" && hasFixes) result.text = text;
    return { skip, result };
  } catch (err) {
    if (err instanceof FileProblem) return { skip, problem: err.message };
    // Anything else is a bug, as in a serial run: the main thread ends the run with it.
    return { internal: String(err?.stack ?? err) };
  }
}
