// Command-line options, parsed by node:util parseArgs: `--name value`, `--name=value`, `-x` short
// aliases (also grouped, `-qf json`), `--` to end options, and `-` as an ordinary operand (stdin).
// parseArgs runs non-strict and its tokens are checked here, so that `--no-name` negates a boolean
// on every supported Node (its own `allowNegative` needs Node 22) and the messages stay ours.
import { parseArgs as parseTokens } from "node:util";
import { shorten } from "./echo.mjs";

/** A mistake on the command line: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * @param {string[]} argv
 * @param {Record<string, { type: "boolean" | "string", multiple?: boolean, short?: string, negatable?: boolean }>} spec
 * @returns {{ values: Record<string, unknown>, positionals: string[] }}
 */
export function parseArgs(argv, spec) {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, { type, short }]) => [name, short ? { type, short } : { type }]),
  );
  const { tokens } = parseTokens({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const values = {};
  const positionals = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const { name, rawName } = token;
    const def = Object.hasOwn(spec, name) ? spec[name] : undefined;
    // The whole argument for a short option (`-xq`), the name without its `=value` for a long one.
    const written = rawName.startsWith("--") ? rawName : argv[token.index];
    if (!def && name.startsWith("no-") && spec[name.slice(3)]?.negatable) {
      if (token.inlineValue) throw new UsageError(`option '--${name}' takes no value`);
      values[name.slice(3)] = false;
      continue;
    }
    if (!def) throw new UsageError(`unknown option '${shorten(written)}'`);
    if (def.type === "boolean" && token.inlineValue) throw new UsageError(`option '--${name}' takes no value`);
    if (def.type === "string" && token.value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    const value = def.type === "boolean" ? true : token.value;
    if (def.multiple) (values[name] ??= []).push(value);
    else values[name] = value;
  }
  return { values, positionals };
}

/** `--name N` as a whole number within [min, max]. */
export function integerOption(name, raw, min, max = Number.MAX_SAFE_INTEGER) {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}, got '${shorten(raw)}'`,
    );
  }
  return Number(raw);
}

/** `--name value` restricted to a fixed set of choices. */
export function choiceOption(name, raw, choices, fallback) {
  if (raw === undefined) return fallback;
  if (!choices.includes(raw))
    throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got '${shorten(raw)}'`);
  return raw;
}

const SIZE_UNITS = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };

/** `--name SIZE`: bytes, or with a K/KiB or M/MiB suffix (1024-based), within [min, max] bytes. */
export function sizeOption(name, raw, min, max, fallback) {
  if (raw === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
  const bytes = unit === undefined ? Number.NaN : Math.floor(Number(match[1]) * unit);
  if (!(bytes >= min && bytes <= max)) {
    throw new UsageError(
      `--${name} must be a size from ${min} byte${min === 1 ? "" : "s"} to ${max / 1024 ** 2} MiB (e.g. 16MiB, 512KiB, 1000000), got '${shorten(raw)}'`,
    );
  }
  return bytes;
}
