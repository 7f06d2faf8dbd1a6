// A small argument parser: `--name value`, `--name=value`, `--no-name` for negatable booleans,
// `-x` short aliases, `--` to end options, and `-` as an ordinary operand (stdin).
// node:util parseArgs is not used: it lacks `--no-…` negation before Node 22 and this keeps
// the error messages ours.

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
  const values = {};
  const positionals = [];
  const shorts = new Map(Object.entries(spec).filter(([, d]) => d.short).map(([name, d]) => [d.short, name]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    let name;
    let inline;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else if (arg.length === 2 && shorts.has(arg[1])) {
      name = shorts.get(arg[1]);
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
    let def = spec[name];
    if (!def && name.startsWith("no-") && spec[name.slice(3)]?.negatable) {
      if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);
      values[name.slice(3)] = false;
      continue;
    }
    if (!def) throw new UsageError(`unknown option '--${name}'`);
    let value;
    if (def.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`option '--${name}' takes no value`);
      value = true;
    } else if (inline !== undefined) {
      value = inline;
    } else if (i + 1 < argv.length) {
      value = argv[++i];
    } else {
      throw new UsageError(`option '--${name}' needs a value`);
    }
    if (def.multiple) (values[name] ??= []).push(value);
    else values[name] = value;
  }
  return { values, positionals };
}

/** `--name N` as a whole number within [min, max]. */
export function integerOption(name, raw, min, max = Number.MAX_SAFE_INTEGER) {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}, got '${raw}'`);
  }
  return Number(raw);
}

/** `--name value` restricted to a fixed set of choices. */
export function choiceOption(name, raw, choices, fallback) {
  if (raw === undefined) return fallback;
  if (!choices.includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(", ")}, got '${raw}'`);
  return raw;
}
