// Preloaded (NODE_OPTIONS=--require) by tests/cli/parallel.test.mjs: in a worker thread, opening a
// file whose path contains NOSANA_TEST_CRASH_ON ends the thread (exit code 70), as a crash would.
// The main thread is left alone, so a serial run lints the same files normally.
// NOSANA_TEST_MAIN_NEVER_OPENS does the same in the main thread (exit code 71): the files a run on
// worker threads must leave to the workers.
"use strict";
const fs = require("node:fs");
const { syncBuiltinESMExports } = require("node:module");
const { isMainThread } = require("node:worker_threads");

const marker = isMainThread ? process.env.NOSANA_TEST_MAIN_NEVER_OPENS : process.env.NOSANA_TEST_CRASH_ON;
if (marker) {
  const code = isMainThread ? 71 : 70;
  const openSync = fs.openSync;
  fs.openSync = function crashingOpenSync(path, ...rest) {
    if (String(path).includes(marker)) process.exit(code);
    return openSync.call(this, path, ...rest);
  };
  syncBuiltinESMExports();
}
