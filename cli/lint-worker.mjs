// A worker thread of cli/pool.mjs: reads and lints the files it is sent, in the order received,
// and answers each batch with one message. What the report needs travels back, not the text: the
// lines the code frames show (and the whole text only when a SARIF report needs it to place a JSON
// file's fixes).
import { parentPort, workerData } from "node:worker_threads";
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
  for (const { index, file, name } of batch) {
    Atomics.store(progress, 0, index); // read by the pool if this thread dies on this file
    try {
      const text = readTextFile(file, maxBytes);
      const { lines, ...result } = await lintText(text, { name, kind, lib, maxBytes });
      const shown = new Set(result.issues.flatMap((issue) => (issue.range ? [issue.range.start.line] : [])));
      result.excerpt = [...shown].map((line) => [line, lines.lineText(line)]);
      const hasFixes = result.issues.some((issue) => Array.isArray(issue.fixes) && issue.fixes.length > 0);
      if (keepFixText && result.language === "json" && hasFixes) result.text = text;
      answers.push({ index, result });
    } catch (err) {
      if (err instanceof FileProblem) answers.push({ index, problem: err.message });
      // Anything else is a bug, as in a serial run: the main thread ends the run with it.
      else answers.push({ index, internal: String(err?.stack ?? err) });
    }
    Atomics.add(progress, 1, 1);
    Atomics.store(progress, 0, -1);
  }
  // One message per batch, not per file: fewer wake-ups of the main thread.
  parentPort.postMessage(answers);
}
