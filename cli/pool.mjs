// Linting many files on every core: worker threads (cli/lint-worker.mjs), and by default the main
// thread between their messages, take files from a work queue in small batches, and each result
// lands at its file's place, so the report is the one a serial run makes. Only file names wait in the queue: each worker has at most two batches in
// flight, so no more than that is read at once however many files there are.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { checkFile } from "./check-file.mjs";
import { LineExcerpt, LineIndex } from "./source.mjs";

/** Files per message: enough to keep a worker busy while the next batch travels, few enough to share. */
const BATCH = 16;
const IN_FLIGHT = 2;
/**
 * Without --jobs, a thread per this many files. A thread takes ~50-130 ms of wall time to start
 * (more on a loaded machine) and ~0.16 s of CPU over a long run (its start, its own JIT warm-up and
 * garbage collection), while a small file lints in ~0.06 ms: with 2 threads, a run gains on its
 * start-up from ~1,700 files on, so a thread is worth it from about 1,000 files.
 */
export const MIN_FILES_PER_WORKER = 1000;
/** `--jobs` at most this: each worker holds its own copy of the library (a few MB). */
export const MAX_JOBS = 256;

/**
 * How many workers lint `files` files: `jobs` when given (`--jobs N`), otherwise one per core,
 * never more than the files (nor, without --jobs, than MIN_FILES_PER_WORKER allows). 0 or 1 means
 * lint in the main thread.
 */
export function workerCount(files, jobs) {
  if (jobs !== undefined) return Math.min(jobs, files);
  return Math.min(availableParallelism(), Math.floor(files / MIN_FILES_PER_WORKER));
}

/**
 * Checks and lints `jobs` on `workers` threads: a job with `sniff` is first asked whether it looks
 * like a job definition (cli/job-like.mjs), and linted when it does or when it has `lint`.
 * Resolves to one entry per job, in order: `{ skip, outcome }`, `skip` being why it does not look
 * like one (undefined when it does, or was not asked), `outcome` a lint result (as lintText's, with
 * `lines` able to show the issues' lines), `{ problem }`, or undefined when it was not linted.
 * A worker that dies takes only the file it was on with it (a problem saying so, the file counted
 * as a job definition: it could not be told); the files it still held go back to the queue, to a
 * new worker. A bug in a worker rejects, as it would throw in a serial run.
 * With `lib` (the library), the main thread takes batches from the same queue between the
 * workers' messages: its own core is not left idle while the threads lint, and when threads keep
 * dying it finishes the work alone.
 * @param {Array<{ file: string, sniff?: boolean, lint?: boolean }>} jobs
 * `spares` (from startWorker, started while the files were listed) are used before new threads.
 * @param {{ workers: number, kind: string, maxBytes: number, keepFixText: boolean, lib?: object,
 *   spares?: Array<ReturnType<typeof startWorker>> }} options
 */
export function lintInWorkers(jobs, { workers, kind, maxBytes, keepFixText, lib, spares = [] }) {
  if (jobs.length === 0) return Promise.resolve([]);
  const results = new Array(jobs.length);
  const retry = []; // files a dead worker held but had not started: they go first
  let next = 0; // jobs[next…] have not been sent yet
  let done = 0;
  let suspectDeaths = 0;
  let finished = false;
  let mainBusy = false;
  const running = new Set();

  return new Promise((resolve, reject) => {
    const finish = (error) => {
      finished = true;
      for (const worker of running) worker.terminate();
      running.clear();
      if (error) reject(error);
      else resolve(results);
    };
    const record = (index, entry) => {
      results[index] = entry;
      done += 1;
      if (done === jobs.length) finish();
    };
    /** A checkFile answer → its file's entry. */
    const accept = (index, { skip, result, problem }) =>
      record(index, { skip, outcome: problem !== undefined ? { problem } : result && withLines(result) });
    /** The main thread's share: batches from the queue until it is empty, yielding between them. */
    const lintHere = async () => {
      if (lib === undefined || mainBusy) return;
      mainBusy = true;
      const options = { kind, lib, maxBytes, keepFixText };
      for (let batch = takeBatch(); batch.length > 0 && !finished; batch = takeBatch()) {
        for (const index of batch) {
          const answer = await checkFile(jobs[index], options);
          if (finished) return;
          if (answer.internal !== undefined) return finish(new Error(answer.internal));
          accept(index, answer);
        }
        await new Promise((resume) => setImmediate(resume)); // the workers' messages come in here
      }
      mainBusy = false;
    };
    const takeBatch = () => {
      const batch = [];
      while (batch.length < BATCH && (retry.length > 0 || next < jobs.length))
        batch.push(retry.length > 0 ? retry.shift() : next++);
      return batch;
    };
    const start = () => {
      let spare = spares.shift();
      while (spare?.exited) spare = spares.shift(); // one that died waiting is not used
      const { worker, progress } = spare ?? startWorker({ kind, maxBytes, keepFixText });
      worker.ref();
      const held = new Set(); // indexes sent and not answered
      let failure;
      const feed = () => {
        while (held.size < IN_FLIGHT * BATCH) {
          const batch = takeBatch();
          if (batch.length === 0) return;
          for (const index of batch) held.add(index);
          worker.postMessage(batch.map((index) => ({ index, ...jobs[index] })));
        }
      };
      running.add(worker);
      worker.on("message", (answers) => {
        for (const { index, internal, ...answer } of answers) {
          held.delete(index);
          if (internal !== undefined) return finish(new Error(internal));
          accept(index, answer);
        }
        feed();
      });
      worker.on("error", (err) => {
        failure = err;
      });
      worker.on("exit", (code) => {
        if (!running.delete(worker) || held.size === 0) return;
        const why = failure ? `${failure.name ?? "Error"}: ${failure.message}` : `exit code ${code}`;
        const lost = Atomics.load(progress, 0); // -1: between files, none to blame
        // A thread that died on its first file, or on none, says little about one file: past three
        // of those, every thread would (the library cannot load there, say): the run stops, or
        // the main thread, when it takes a share, finishes alone.
        const suspect = lost === -1 || Atomics.load(progress, 1) === 0;
        const giveUp = suspect && ++suspectDeaths >= 3;
        if (giveUp && lib === undefined)
          return finish(new PoolError(`worker threads keep stopping (${why}); try --jobs 1`));
        // It died on `lost`; the other files it held (unstarted, or done but unheard) go back first.
        // With the main thread linting too, a first file is not blamed either: it goes back.
        const blame = lost !== -1 && !(suspect && lib !== undefined);
        if (blame) held.delete(lost);
        retry.unshift(...held);
        if (blame)
          record(lost, { outcome: { problem: `the worker linting it stopped unexpectedly (${why}); not linted` } });
        if (done < jobs.length && !giveUp) start();
        if (done < jobs.length) lintHere().catch(finish);
      });
      feed();
    };
    for (let i = 0; i < Math.min(workers, jobs.length); i++) start();
    lintHere().catch(finish);
  });
}

/**
 * A worker thread, started before it has work (while the main thread lists the files, its start
 * overlaps the listing). It does not keep the process alive until lintInWorkers uses it; `exited`
 * says whether it died waiting.
 */
export function startWorker({ kind, maxBytes, keepFixText }) {
  // The worker writes here the index of the file it is on, and how many it finished: messages it
  // sent just before dying may never arrive, so this (not the answers) says what happened.
  const progress = new Int32Array(new SharedArrayBuffer(8)).fill(-1, 0, 1);
  const worker = new Worker(new URL("./lint-worker.mjs", import.meta.url), {
    workerData: { kind, maxBytes, keepFixText, progress },
    stdout: true, // a worker has nothing to print; whatever it does print must not reach the report
  });
  worker.stdout.resume();
  worker.unref();
  const spare = { worker, progress, exited: false };
  worker.on("error", () => {}); // one that fails waiting is not used; lintInWorkers hears the others'
  worker.once("exit", () => {
    spare.exited = true;
  });
  return spare;
}

/** The workers cannot lint at all: exit code 2 with this message (no stack: it is not a bug here). */
export class PoolError extends Error {
  constructor(message) {
    super(message);
    this.name = "PoolError";
  }
}

/** A worker's result with `lines` again: the whole text when it came along, else the lines shown. */
function withLines({ excerpt, text, ...result }) {
  return { ...result, lines: text === undefined ? new LineExcerpt(excerpt) : new LineIndex(text) };
}
