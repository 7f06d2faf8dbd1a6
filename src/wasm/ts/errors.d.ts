/** Options of the error constructors (for tests and wrappers; the library builds its own). */
export interface NosanaErrorOptions {
  /** The stable code; each class has a default. */
  code?: string;
  cause?: unknown;
}

/** The base class of every error the package throws, except misuse (a wrong argument type, an unknown
 *  option), which is a built-in `TypeError` with `code: "INVALID_ARGUMENT"`. The classes are shared
 *  by every entry (main, `/job`, Node and browser builds), so `instanceof` holds across them. */
export class NosanaError extends Error {
  constructor(message?: string, options?: NosanaErrorOptions);
  /** Stable, SCREAMING_SNAKE_CASE or a rule code: branch on it rather than on the message. */
  code: string;
  cause?: unknown;
}

/** `value instanceof NosanaError`. */
export function isNosanaError(value: unknown): value is NosanaError;
