// Finds a Rust toolchain that can build for wasm32-unknown-unknown:
//  1. rustup's, with its wasm32 standard library (added with `rustup target add` under a time limit);
//  2. Debian's Rust (>= 1.96) with its library sources, compiling `std` for wasm32 with -Zbuild-std.
// NOSANA_WASM_TOOLCHAIN=rustup|debian forces one route (both are tested).
import { existsSync } from "node:fs";
import { aptInstall, capture, isDebian, isRoot, log, SetupError } from "./util.mjs";

export const WASM_TARGET = "wasm32-unknown-unknown";
const DEBIAN_PACKAGES = ["rustc-web", "cargo-web", "rust-web-src", "lld"];
const RUSTUP_ADD_TIMEOUT_MS = 180_000;

/** @returns {{ name: string, cargo: string, env: Record<string,string>, buildArgs: string[] }} */
export function wasmToolchain() {
  const forced = process.env.NOSANA_WASM_TOOLCHAIN;
  if (forced && forced !== "rustup" && forced !== "debian") {
    throw new SetupError(`NOSANA_WASM_TOOLCHAIN must be "rustup" or "debian", not "${forced}".`);
  }
  if (forced !== "debian") {
    const rustup = rustupRoute();
    if (rustup) return rustup;
    if (forced === "rustup")
      throw new SetupError("NOSANA_WASM_TOOLCHAIN=rustup, but rustup cannot provide the wasm32 target.");
  }
  return debianRoute();
}

function rustupRoute() {
  const installed = capture("rustup", ["target", "list", "--installed"]);
  if (installed === null) return null;
  if (!installed.split("\n").includes(WASM_TARGET)) {
    log(`adding the ${WASM_TARGET} target with rustup (at most ${RUSTUP_ADD_TIMEOUT_MS / 1000} s)`);
    if (capture("rustup", ["target", "add", WASM_TARGET], { timeoutMs: RUSTUP_ADD_TIMEOUT_MS }) === null) {
      log("rustup could not add the target (its download server may be unreachable); trying Debian's Rust");
      return null;
    }
  }
  return { name: "rustup", cargo: "cargo", env: {}, buildArgs: [] };
}

function debianRustReady() {
  const version = capture("/usr/bin/rustc", ["--version"]);
  const match = version && /^rustc 1\.(\d+)/.exec(version);
  return Boolean(
    match &&
      Number(match[1]) >= 96 &&
      existsSync("/usr/lib/rustlib/src/rust/library") &&
      existsSync("/usr/bin/wasm-ld"),
  );
}

function debianRoute() {
  if (!debianRustReady()) {
    if (!isDebian() || !isRoot()) {
      throw new SetupError(
        `No Rust toolchain here can build for ${WASM_TARGET}. Either run \`rustup target add ${WASM_TARGET}\`, ` +
          `or (Debian, as root) \`apt-get install -y ${DEBIAN_PACKAGES.join(" ")}\`, then run again.`,
      );
    }
    aptInstall(DEBIAN_PACKAGES, `building for ${WASM_TARGET} with Debian's Rust`);
    if (!debianRustReady())
      throw new SetupError(
        `Installed ${DEBIAN_PACKAGES.join(" ")}, but /usr/bin/rustc is older than 1.96 or has no library sources.`,
      );
  }
  return {
    name: "debian",
    cargo: "/usr/bin/cargo",
    env: {
      PATH: `/usr/bin:${process.env.PATH}`,
      RUSTC: "/usr/bin/rustc",
      RUSTC_BOOTSTRAP: "1",
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER: "wasm-ld",
      // A separate target dir: switching compilers in one dir would rebuild everything each time.
      CARGO_TARGET_DIR: "target/debian",
    },
    // panic_immediate_abort fails on 1.96 (TOOLCHAIN.md); panic_abort is enough.
    buildArgs: ["-Zbuild-std=std,panic_abort"],
  };
}
