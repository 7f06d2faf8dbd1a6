// The type-level suite: tsc over tests/types/cases, as a user's project would see the package (its
// `exports`, `types` and `typesVersions`, under each `moduleResolution`), with `strict` and
// `exactOptionalPropertyTypes`. Valid documents must compile; each typical mistake carries a
// `// @ts-expect-error TS<code> <why>` line, so it must fail to compile — and, checked once with the
// directives removed, fail with that error code on that line and nowhere else.
// Needs a build (pkg/): `node scripts/build.mjs`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CASES = fileURLToPath(new URL("./cases", import.meta.url));
const TSC = join(ROOT, "node_modules/typescript/bin/tsc");
const DIRECTIVE = /^(\s*)\/\/ @ts-expect-error (TS\d+) .*$/;

const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  skipLibCheck: false,
  target: "es2022",
  lib: ["es2022", "dom"],
  jsx: "react-jsx",
  types: [],
};

// Which folders of cases each setup compiles. `forms` needs `exports` resolution (the form
// libraries publish their subpaths only there); `browser` only makes sense with that condition.
const SETUPS = [
  {
    name: "node10",
    options: { module: "commonjs", moduleResolution: "node10" },
    groups: ["common", "node", "web", "init"],
  },
  {
    name: "node16",
    esm: true,
    options: { module: "node16", moduleResolution: "node16" },
    groups: ["common", "node", "web", "init", "forms"],
  },
  {
    name: "nodenext",
    esm: true,
    options: { module: "nodenext", moduleResolution: "nodenext" },
    groups: ["common", "node", "web", "init", "forms"],
  },
  {
    name: "bundler",
    options: { module: "preserve", moduleResolution: "bundler" },
    groups: ["common", "node", "web", "init", "forms"],
  },
  {
    name: "bundler, browser condition",
    options: { module: "preserve", moduleResolution: "bundler", customConditions: ["browser"] },
    groups: ["common", "web", "init", "forms", "browser"],
  },
];

const dirs = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project that depends on the package: node_modules holds it and the repo's devDependencies. */
function project(setup, { stripDirectives = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "nosana-types-"));
  dirs.push(dir);
  const modules = join(dir, "node_modules");
  cpSync(CASES, join(dir, "cases"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: setup.esm ? "module" : "commonjs" }));
  // A real folder of links, so the package itself can sit beside its dependencies.
  mkdirSync(modules);
  for (const name of readdirSync(join(ROOT, "node_modules"))) {
    if (name !== ".bin" && name !== ".package-lock.json")
      symlinkSync(join(ROOT, "node_modules", name), join(modules, name));
  }
  symlinkSync(ROOT, join(modules, "nosana-deployments"), "dir");
  const include = setup.groups.map((group) => `cases/${group}/**/*.ts`);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { ...STRICT, ...setup.options }, include }, null, 2),
  );
  const expected = [];
  if (stripDirectives) {
    for (const group of setup.groups) {
      const folder = join(dir, "cases", group);
      for (const file of readdirSync(folder)) {
        const path = join(folder, file);
        const lines = readFileSync(path, "utf8").split("\n");
        lines.forEach((line, index) => {
          const match = DIRECTIVE.exec(line);
          if (!match) return;
          // Keep the line count: the directive becomes a plain comment, the next line must fail.
          lines[index] = `${match[1]}// (expected ${match[2]})`;
          expected.push(`cases/${group}/${file}:${index + 2} ${match[2]}`);
        });
        writeFileSync(path, lines.join("\n"));
      }
    }
  }
  return { dir, expected };
}

// @nosana/types 2.1.6 writes relative imports without extensions in ESM declarations: node16 and
// nodenext refuse them in its own files. Not ours to fix; its types still resolve under node10 and bundler.
const UPSTREAM = /node_modules\/@nosana\/types\/.*: error TS2834:/;

/** tsc's errors in the project at `dir`, one a line ("" when it compiles). */
async function tsc(dir) {
  let out = "";
  try {
    await promisify(execFile)(process.execPath, [TSC, "-p", "tsconfig.json", "--pretty", "false"], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    if (typeof error.stdout !== "string" || error.stdout === "") throw error;
    out = error.stdout;
  }
  return out
    .split("\n")
    .filter((line) => line !== "" && !UPSTREAM.test(line))
    .join("\n");
}

for (const setup of SETUPS) {
  test(`valid cases compile and every mistake fails (moduleResolution ${setup.name})`, async () => {
    const { dir } = project(setup);
    assert.equal(await tsc(dir), "");
  });
}

test("each mistake fails with the error code it names, on its own line (nodenext)", async () => {
  const setup = SETUPS.find((s) => s.name === "nodenext");
  const { dir, expected } = project(setup, { stripDirectives: true });
  assert.ok(expected.length >= 20, `at least 20 mistakes, found ${expected.length}`);
  const errors = new Map();
  for (const line of (await tsc(dir)).split("\n").filter(Boolean)) {
    const match = /^(cases\/[^(]+)\((\d+),\d+\): error (TS\d+):/.exec(line);
    if (match) errors.set(`${match[1]}:${match[2]}`, [...(errors.get(`${match[1]}:${match[2]}`) ?? []), match[3]]);
    else if (/error TS/.test(line)) assert.fail(`an error outside the cases: ${line}`);
  }
  const found = [...errors].map(([at, codes]) =>
    codes.includes(codeOf(at)) ? `${at} ${codeOf(at)}` : `${at} ${codes}`,
  );
  assert.deepEqual(found.sort(), expected.sort());

  function codeOf(at) {
    return expected.find((e) => e.startsWith(`${at} `))?.split(" ")[1];
  }
});
