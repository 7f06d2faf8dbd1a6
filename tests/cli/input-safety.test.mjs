// What `lint` refuses to read, and how fast: only regular files are read, never more than
// --max-file-size. FIFOs, devices, sockets and directories get a message naming the path and exit
// 2, never a hang: each run has a child-process timeout as its hang guard (a FIFO with no writer
// blocks a plain open or read forever).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, copyFileSync, existsSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { cli, cliJson, FIXTURES, tempDir } from "./helpers.mjs";

const POSIX = process.platform !== "win32";
/** Every run here must end well within this; a hang fails the test instead of stalling the suite. */
const HANG_GUARD_MS = 20_000;

function mkfifo(path) {
  execFileSync("mkfifo", [path]);
  return path;
}

test("a FIFO named as a file: refused with its path and exit 2, never a hang; the other files are linted", {
  skip: !POSIX && "no mkfifo on Windows",
}, (t) => {
  const dir = tempDir(t);
  mkfifo(join(dir, "pipe.json"));
  copyFileSync(`${FIXTURES}/jobs/hello.json`, join(dir, "good.json"));
  const run = cli(["lint", "pipe.json", "good.json"], { cwd: dir, timeout: HANG_GUARD_MS });
  assert.equal(run.code, 2);
  assert.equal(run.stderr, "pipe.json: cannot lint: is a named pipe (FIFO), not a regular file\n");
  assert.match(run.stdout, /✔ 1 file, no problems; 1 file could not be linted/);
});

test("a FIFO reached through a symlink in a directory walk or a glob: refused, never a hang", {
  skip: !POSIX && "no mkfifo on Windows",
}, (t) => {
  const dir = tempDir(t);
  mkfifo(join(dir, "pipe"));
  copyFileSync(`${FIXTURES}/jobs/hello.json`, join(dir, "good.json"));
  symlinkSync("pipe", join(dir, "linked.json"));
  // The walk looks inside each file it finds (does it look like a job definition?): that read too
  // must not wait on the FIFO.
  for (const operand of [".", "*.json"]) {
    const run = cliJson(["lint", operand], { cwd: dir, timeout: HANG_GUARD_MS });
    assert.equal(run.code, 2, operand);
    assert.deepEqual(
      run.report.files.map((f) => [f.file.replace(/^\.\//, ""), f.error]),
      [
        ["good.json", undefined],
        ["linked.json", "is a named pipe (FIFO), not a regular file"],
      ],
      operand,
    );
  }
});

test("a .gitignore that is a FIFO is not waited on", { skip: !POSIX && "no mkfifo on Windows" }, (t) => {
  const dir = tempDir(t); // outside a repository: the .gitignore files from the walked folder down apply
  mkfifo(join(dir, ".gitignore"));
  copyFileSync(`${FIXTURES}/jobs/hello.json`, join(dir, "good.json"));
  const run = cliJson(["lint", "."], { cwd: dir, timeout: HANG_GUARD_MS });
  assert.equal(run.code, 0);
  assert.deepEqual(
    run.report.files.map((f) => f.file),
    ["good.json"],
  );
});

test("/dev/zero, /dev/null and a socket: refused as not regular files, exit 2", {
  skip: !(POSIX && existsSync("/dev/zero")) && "needs /dev/zero and Unix sockets",
}, async (t) => {
  const dir = tempDir(t);
  const server = createServer();
  await new Promise((resolve) => server.listen(join(dir, "sock.json"), resolve));
  t.after(() => server.close());
  const run = cliJson(["lint", "/dev/zero", "/dev/null", join(dir, "sock.json")], { timeout: HANG_GUARD_MS });
  assert.equal(run.code, 2);
  assert.deepEqual(
    run.report.files.map((f) => f.error),
    [
      "is a character device, not a regular file",
      "is a character device, not a regular file",
      "is a socket or a device with nothing behind it, not a regular file",
    ],
  );
});

test("--max-file-size: a file at the limit is read, one byte more is refused; K/KiB/M/MiB suffixes", (t) => {
  const dir = tempDir(t);
  const text = `${JSON.stringify({ version: "0.1", type: "container", ops: [] })}\n`;
  writeFileSync(join(dir, "job.json"), text);
  const size = Buffer.byteLength(text);
  const at = cliJson(["lint", "job.json", "--max-file-size", String(size)], { cwd: dir });
  assert.equal(at.report.counts.unreadable, 0);
  const over = cliJson(["lint", "job.json", "--max-file-size", String(size - 1)], { cwd: dir });
  assert.equal(over.code, 2);
  assert.equal(
    over.report.files[0].error,
    `is ${size} bytes, over the ${size - 1} bytes limit (--max-file-size); not read`,
  );
  writeFileSync(join(dir, "big.json"), Buffer.alloc(1536, 0x20));
  for (const [limit, refused] of [
    ["1k", true],
    ["1KiB", true],
    ["1.5KiB", false],
    ["2K", false],
    ["1M", false],
    ["1mib", false],
  ]) {
    const run = cliJson(["lint", "big.json", "--max-file-size", limit], { cwd: dir });
    assert.equal(run.report.counts.unreadable, refused ? 1 : 0, limit);
  }
});

test("--max-file-size out of range or malformed is a usage error (exit 2), not a crash", () => {
  for (const value of ["0", "-1", "1e3", "abc", "", "257MiB", "1GiB", "99999999999999999999"]) {
    const run = cli(["lint", `${FIXTURES}/jobs/hello.json`, `--max-file-size=${value}`]);
    assert.equal(run.code, 2, value);
    assert.match(run.stderr, /^nosana-deployments: --max-file-size must be a size from 1 byte to 256 MiB/, value);
  }
});

test("stdin is bounded by the same limit: /dev/zero as stdin stops at the limit", {
  skip: !existsSync("/dev/zero") && "needs /dev/zero",
}, () => {
  const zero = openSync("/dev/zero", "r");
  try {
    const run = cli(["lint", "-", "--max-file-size", "1MiB"], { stdin: zero, timeout: HANG_GUARD_MS });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "<stdin>: cannot lint: is over the 1 MiB limit (--max-file-size); not read\n");
  } finally {
    closeSync(zero);
  }
});

test("stdin redirected from a directory: 'is a directory', exit 2", { skip: !POSIX && "POSIX only" }, (t) => {
  const dir = tempDir(t);
  const fd = openSync(dir, "r");
  try {
    const run = cli(["lint", "-"], { stdin: fd, timeout: HANG_GUARD_MS });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, "<stdin>: cannot lint: is a directory\n");
  } finally {
    closeSync(fd);
  }
});

test("stdin piped within the limit is linted; a pipe over a small limit is refused", () => {
  const ok = cli(["lint", "-", "--max-file-size", "64KiB"], { input: Buffer.alloc(60 * 1024, 0x20) });
  assert.equal(ok.code, 1); // read, then an invalidJson issue (only spaces)
  assert.match(ok.stdout, /invalidJson/);
  const over = cli(["lint", "-", "--max-file-size", "64KiB"], { input: Buffer.alloc(64 * 1024 + 1, 0x20) });
  assert.equal(over.code, 2);
  assert.match(over.stderr, /is over the 64 KiB limit/);
});
