// A worker thread of cli/pool.mjs: reads the files it is sent, in the order received, tells
// whether a walked one looks like a job definition, lints it, and answers each batch with one
// message. What the report needs travels back, not the text: the lines the code frames show (and
// the whole text only when a SARIF report needs it to place a JSON file's fixes).
import { parentPort, workerData } from "node:worker_threads";
import { notJobLikeText } from "./job-like.mjs";
import { loadLibrary } from "./library.mjs";
import { lintText } from "./lint-text.mjs";
import { readTextFile } from "./read.mjs";
import { FileProblem } from "./text.mjs";

const { kind, maxBytes, keepFixText, progress } = workerData;
const lib = await loadLibrary();

// Batches are linted one after the other (a YAML lint awaits), so results leave in the order the
// files came.
let queue = Promise.resolve();
parentPort.on("message", (batch) => {
  queue = queue.then(() => lintBatch(batch));
});

async function lintBatch(batch) {
  const answers = [];
  for (const { index, file, sniff, lint } of batch) {
    Atomics.store(progress, 0, index); // read by the pool if this thread dies on this file
    answers.push(await checkFile(index, file, sniff, lint));
    Atomics.add(progress, 1, 1);
    Atomics.store(progress, 0, -1);
  }
  // One message per batch, not per file: fewer wake-ups of the main thread.
  parentPort.postMessage(answers);
}

/**
 * One file, read once: when `sniff`, whether it looks like a job definition (`skip`: why not, as
 * notJobLike says); then its lint, when `lint` or it looks like one. Named by its path: the main
 * thread names it as its operand did.
 */
async function checkFile(index, file, sniff, lint) {
  let text;
  try {
    text = readTextFile(file, maxBytes);
  } catch (err) {
    // Unreadable: the walk keeps it (notJobLike says so), and the lint reports why.
    if (err instanceof FileProblem) return { index, problem: err.message };
    return { index, internal: String(err?.stack ?? err) };
  }
  const skip = sniff ? notJobLikeText(text, file) : undefined;
  if (skip !== undefined && !lint) return { index, skip };
  try {
    const { lines, ...result } = await lintText(text, { name: file, kind, lib, maxBytes });
    const shown = new Set(result.issues.flatMap((issue) => (issue.range ? [issue.range.start.line] : [])));
    result.excerpt = [...shown].map((line) => [line, lines.lineText(line)]);
    const hasFixes = result.issues.some((issue) => Array.isArray(issue.fixes) && issue.fixes.length > 0);
    if (keepFixText && result.language === "json" && hasFixes) result.text = text;
    return { index, skip, result };
  } catch (err) {
    if (err instanceof FileProblem) return { index, skip, problem: err.message };
    // Anything else is a bug, as in a serial run: the main thread ends the run with it.
    return { index, internal: String(err?.stack ?? err) };
  }
}
