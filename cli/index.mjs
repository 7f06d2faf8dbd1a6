#!/usr/bin/env node
// nosana-deployments: lint Nosana job definitions and deployment files, explain cron schedules.
// Exit codes: 0 no errors · 1 errors (or more warnings than --max-warnings) · 2 usage or I/O problem.
import { UsageError } from "./args.mjs";
import { shorten } from "./echo.mjs";
import { LibraryError, loadLibrary } from "./library.mjs";
import { EXIT, runLint } from "./lint.mjs";
import { PoolError } from "./pool.mjs";
import { runSchedule } from "./schedule.mjs";

const HELP = `Usage: nosana-deployments <command> [options]

Commands:
  lint <files, directories or globs…>   check job definitions and deployment files (JSON or YAML)
  schedule "<cron>"                     describe a cron schedule and list its next fire times (UTC)

Options:
  --list-rules        print every rule code with its severity and description
  -h, --help          show help (also: nosana-deployments <command> --help)
  --version           print the version

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O problem. See docs/cli.md.
`;

const LINT_HELP = `Usage: nosana-deployments lint [options] <files, directories or globs…>

Checks Nosana job definitions and deployment create bodies (an object with "job_definition").
JSON, or YAML for .yaml/.yml files. A directory is searched for .json, .yaml and .yml files
that look like job definitions (top-level "ops", "type" and "version", or "job_definition");
package.json, tsconfig and lock files are never linted from a directory or a glob, nor what
.gitignore or --ignore excludes; files named explicitly are always linted. Quote globs to let the CLI expand them ("jobs/**/*.json"; *, ? and ** are supported);
'-' reads stdin (JSON, or YAML with --stdin-filename x.yaml).

Options:
  -f, --format <human|json|github|sarif>
                                     output format (default human; github = workflow annotations,
                                     sarif = SARIF 2.1.0 for code scanning)
  --kind <auto|job|deployment>       what the files are (default auto: by shape)
  --rule <CODE=off|warning|error>    change a rule's severity or turn it off (repeatable)
  --no-warnings                      do not report warnings
  --max-warnings <N>                 exit 1 when there are more than N warnings
  -q, --quiet                        print errors only
  --color, --no-color                force colour on or off (default: on for a terminal, unless NO_COLOR is set)
  --stdin-filename <name>            name for '-' in the report (.yaml/.yml makes it YAML)
  --max-file-size <size>             refuse inputs larger than this (default 10MiB; bytes, or
                                     with a KiB or MiB suffix; at most 256MiB)
  --fix                              apply the available fixes to the files (JSON files), then
                                     report what is left
  --fix-dry-run                      print the fixes as a unified diff instead (nothing written)
  --ignore <pattern>                 leave out what matches (gitignore syntax, relative to the
                                     current directory; repeatable)
  --no-gitignore                     do not read .gitignore files
  --all-files                        lint every .json/.yaml/.yml file a directory holds, not only
                                     those that look like job definitions
  -v, --verbose                      say which files were skipped, and why (on stderr)
  -j, --jobs <N>                     lint on N worker threads, 1 to 256 (default: one thread
                                     per core, the main thread among them, once there are 1000
                                     files per thread; --fix uses one); the report is the same
                                     whatever N
  --list-rules                       print every rule (with --format json: as JSON)
  -h, --help                         show this help

Exit codes: 0 no errors, 1 errors (or more than --max-warnings warnings),
2 usage problem or a file that could not be read (this wins over 1).
`;

const SCHEDULE_HELP = `Usage: nosana-deployments schedule "<cron expression>" [options]

Describes the schedule of a SCHEDULED deployment and lists when it fires next, in UTC.
Exit code 1 when the expression is invalid (the reasons are printed).

Options:
  -n, --count <N>            how many fire times (default 5, at most 1000)
  --from <ISO-8601>          list fire times after this instant (default now), e.g.
                             2026-01-01, 2026-01-01T09:30Z or 2026-01-01T09:30:00+02:00;
                             without an offset the time is UTC
  -f, --format <human|json>  output format (default human)
  --color, --no-color        force colour on or off
  -h, --help                 show this help
`;

async function main(argv, env) {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes("--help") || rest.includes("-h");
  if (command === undefined) return { stderr: HELP, exitCode: EXIT.trouble };
  if (command === "--help" || command === "-h" || command === "help") return { stdout: HELP, exitCode: EXIT.ok };
  if (command === "lint" && wantsHelp) return { stdout: LINT_HELP, exitCode: EXIT.ok };
  if (command === "schedule" && wantsHelp) return { stdout: SCHEDULE_HELP, exitCode: EXIT.ok };
  if (command === "--version" || command === "-V") {
    const lib = await loadLibrary();
    return { stdout: `${lib.version()}\n`, exitCode: EXIT.ok };
  }
  if (command === "--list-rules") return runLint(argv, await loadLibrary(), env);
  if (command === "lint") return runLint(rest, await loadLibrary(), env);
  if (command === "schedule") return runSchedule(rest, await loadLibrary(), env);
  const shown = shorten(command);
  if (command.startsWith("-"))
    throw new UsageError(
      `unknown option '${shown}' (options go after the command: nosana-deployments lint ${shown} …)`,
    );
  throw new UsageError(
    `unknown command '${shown}'${/\.(json|ya?ml)$/i.test(command) ? ` (did you mean: nosana-deployments lint ${shown}?)` : ""}`,
  );
}

function write(stream, text) {
  return text ? new Promise((resolve) => stream.write(text, resolve)) : Promise.resolve();
}

// `nosana-deployments lint … | head`: a closed pipe is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

try {
  const { stdout = "", stderr = "", exitCode } = await main(process.argv.slice(2), process.env);
  await write(process.stdout, stdout);
  await write(process.stderr, stderr);
  process.exitCode = exitCode;
} catch (err) {
  if (err instanceof UsageError) {
    await write(process.stderr, `nosana-deployments: ${err.message}\nRun 'nosana-deployments --help' for usage.\n`);
  } else if (err instanceof LibraryError || err instanceof PoolError) {
    await write(process.stderr, `nosana-deployments: ${err.message}\n`);
  } else {
    await write(process.stderr, `nosana-deployments: internal error: ${err?.stack ?? err}\n`);
  }
  process.exitCode = EXIT.trouble;
}
