// Preloaded (NODE_OPTIONS=--require) by tests/cli/parallel.test.mjs: in a worker thread, opening a
// file whose path contains NOSANA_TEST_CRASH_ON ends the thread (exit code 70), as a crash would.
// The main thread is left alone, so a serial run lints the same files normally.
"use strict";
const fs = require("node:fs");
const { syncBuiltinESMExports } = require("node:module");
const { isMainThread } = require("node:worker_threads");

const marker = process.env.NOSANA_TEST_CRASH_ON;
if (!isMainThread && marker) {
  const openSync = fs.openSync;
  fs.openSync = function crashingOpenSync(path, ...rest) {
    if (String(path).includes(marker)) process.exit(70);
    return openSync.call(this, path, ...rest);
  };
  syncBuiltinESMExports();
}
