// Preloaded into a setup script under test (`node --import ./tests/setup/hide-rust.mjs …`): the
// script then runs as an unprivileged user on a machine without a Rust toolchain, wherever this
// machine keeps its own. The caller gives it an empty PATH and HOME; this hides what the scripts
// find without PATH: any rustc, cargo, rustup or wasm-ld named by its full path (Debian's live in
// /usr/bin) and any Rust library sources (`…/rustlib/…`).
import childProcess from "node:child_process";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const RUST = /(^|[/\\])(rustc|cargo|rustup|wasm-ld)(\.exe)?$|[/\\]rustlib([/\\]|$)/;
const isRust = (path) => RUST.test(String(path));

const { spawnSync, execFileSync } = childProcess;
const { existsSync } = fs;

function notFound(cmd, args) {
  return Object.assign(new Error(`spawnSync ${cmd} ENOENT`), {
    code: "ENOENT",
    errno: -2,
    syscall: `spawnSync ${cmd}`,
    path: cmd,
    spawnargs: args,
  });
}

childProcess.spawnSync = (cmd, args, ...rest) => {
  if (!isRust(cmd)) return spawnSync(cmd, args, ...rest);
  return {
    pid: 0,
    output: [null, "", ""],
    stdout: "",
    stderr: "",
    status: null,
    signal: null,
    error: notFound(cmd, args ?? []),
  };
};
childProcess.execFileSync = (cmd, args, ...rest) => {
  if (isRust(cmd)) throw notFound(cmd, args ?? []);
  return execFileSync(cmd, args, ...rest);
};
fs.existsSync = (path) => !isRust(path) && existsSync(path);
// Not root: the scripts install Debian packages only as root.
process.getuid = () => 65534;
process.geteuid = () => 65534;
// ES modules that import these by name see the wrapped functions too.
syncBuiltinESMExports();
