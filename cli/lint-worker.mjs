// A worker thread of cli/pool.mjs: checks and lints the files it is sent (cli/check-file.mjs), in
// the order received, and answers each batch with one message.
import { parentPort, workerData } from "node:worker_threads";
import { checkFile } from "./check-file.mjs";
import { loadLibrary } from "./library.mjs";

const { kind, maxBytes, keepFixText, progress } = workerData;
const lib = await loadLibrary();
const options = { kind, lib, maxBytes, keepFixText };

// Batches are linted one after the other (a YAML lint awaits), so results leave in the order the
// files came.
let queue = Promise.resolve();
parentPort.on("message", (batch) => {
  queue = queue.then(() => lintBatch(batch));
});

async function lintBatch(batch) {
  const answers = [];
  for (const job of batch) {
    Atomics.store(progress, 0, job.index); // read by the pool if this thread dies on this file
    answers.push({ index: job.index, ...(await checkFile(job, options)) });
    Atomics.add(progress, 1, 1);
    Atomics.store(progress, 0, -1);
  }
  // One message per batch, not per file: fewer wake-ups of the main thread.
  parentPort.postMessage(answers);
}
