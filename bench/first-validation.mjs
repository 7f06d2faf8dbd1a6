// One fresh-process measurement of "time to first validation": from before the import of a
// validator to its first result, including compiling and instantiating the wasm (ours) or the
// module graph and schema compilation (the others). Prints one JSON line. Run by bench/run.mjs.
// `ours` is the whole package (`require("nosana-deployments")`), `ours-job` the job-definition entry
// (`require("nosana-deployments/job")`: a smaller wasm module, the same validator).
//   node bench/first-validation.mjs ours|ours-job|types|ajv <file.json>
// `createRequire` is imported statically, before the clock starts: it is how this ES module reaches
// our CommonJS Node build, not a cost of ours (the others are loaded with `import()`, which needs
// nothing); timed, it added ~2 ms to our figures only.
import { createRequire } from "node:module";

const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const [which, file] = process.argv.slice(2);
const { readFileSync } = await import("node:fs");
const text = readFileSync(file, "utf8");
const loaded = process.hrtime.bigint();
let result;
let imported;
const wasmMs = { read: 0, compile: 0, instantiate: 0 };
let secondCallMs = null;
let end;
let cpu;
// Ends the measured span: right after the first result.
const stop = () => {
  end = process.hrtime.bigint();
  cpu = process.cpuUsage(cpuStart);
};
if (which === "ours" || which === "ours-job") {
  const require = createRequire(import.meta.url);
  // Time the glue's synchronous WebAssembly.Module / Instance constructions inside the require.
  const timed = (Original, key) =>
    new Proxy(Original, {
      construct(target, args, newTarget) {
        const t0 = process.hrtime.bigint();
        const made = Reflect.construct(target, args, newTarget);
        wasmMs[key] += Number(process.hrtime.bigint() - t0) / 1e6;
        return made;
      },
    });
  const { Module, Instance } = WebAssembly;
  WebAssembly.Module = timed(Module, "compile");
  WebAssembly.Instance = timed(Instance, "instantiate");
  // And the glue's read of the .wasm file (`require("fs").readFileSync`, the object imported here).
  const fs = require("node:fs");
  const { readFileSync: read } = fs;
  fs.readFileSync = (...args) => {
    const t0 = process.hrtime.bigint();
    const bytes = read(...args);
    if (String(args[0]).endsWith(".wasm")) wasmMs.read += Number(process.hrtime.bigint() - t0) / 1e6;
    return bytes;
  };
  const { validateJobDefinition } = require(which === "ours" ? ".." : "nosana-deployments/job");
  fs.readFileSync = read;
  WebAssembly.Module = Module;
  WebAssembly.Instance = Instance;
  imported = process.hrtime.bigint();
  result = validateJobDefinition(text, { warnings: false }).success;
  stop();
  // Outside the measured span: the same call again, once every function on its path is compiled
  // (what the first call pays beyond this is V8's lazy compilation and one-time work).
  const again = process.hrtime.bigint();
  validateJobDefinition(text, { warnings: false });
  secondCallMs = Number(process.hrtime.bigint() - again) / 1e6;
} else if (which === "types") {
  const { validateJobDefinition } = await import("@nosana/types");
  imported = process.hrtime.bigint();
  result = validateJobDefinition(JSON.parse(text)).success;
  stop();
} else if (which === "ajv") {
  const { default: Ajv } = await import("ajv");
  const { SCHEMA_FILE } = await import("./corpus.mjs");
  const { compileAjv } = await import("./validators.mjs");
  imported = process.hrtime.bigint();
  const validate = compileAjv(Ajv, JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));
  result = validate(JSON.parse(text));
  stop();
} else {
  throw new Error(`unknown validator ${which}`);
}
// CPU time of the whole process (all threads, V8's background compilers included) over the same span:
// less sensitive than wall time to other load on the machine.
const cpuMs = (cpu.user + cpu.system) / 1000;
// The file read is not the validator's cost: subtract it.
const ms = Number(end - start - (loaded - start)) / 1e6;
const importMs = Number(imported - loaded) / 1e6;
const firstCallMs = Number(end - imported) / 1e6;
process.stdout.write(`${JSON.stringify({ which, ms, cpuMs, importMs, firstCallMs, secondCallMs, wasmMs, result })}\n`);
