/** How bad an issue is: `"error"` makes a document invalid, `"warning"` is advice. */
export type Severity = "error" | "warning";

/** A place in source text. `line` and `column` are 1-based; `column` and `offset` count UTF-16 code units (JS string indexes). */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A span of source text; `end` is exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

// RULE CODES BEGIN (written by `node scripts/rule-codes.mjs` from `listRules()`; a test compares them)
/** Every rule code this library reports: the `code` of an `Issue` (see `listRules()`). */
export type RuleCode =
  | "argsDoNotMatchOpType"
  | "bodyNotObject"
  | "confidentialUnset"
  | "conflictingFields"
  | "cronFieldCount"
  | "cronNeverFires"
  | "cronTooRare"
  | "dependencyCycle"
  | "dependsOnOtherGroup"
  | "dependsOnSelf"
  | "dependsOnUnknownOp"
  | "documentTooLarge"
  | "duplicateExposedPort"
  | "duplicateOpId"
  | "duplicateSshKey"
  | "emptyOps"
  | "gpuNotRequested"
  | "healthCheckMissingContinuous"
  | "invalidActiveRevision"
  | "invalidCron"
  | "invalidEnumValue"
  | "invalidIdempotencyKey"
  | "invalidImageReference"
  | "invalidJobType"
  | "invalidJson"
  | "invalidLiteral"
  | "invalidLiteralPath"
  | "invalidLogType"
  | "invalidMarket"
  | "invalidOpId"
  | "invalidRequirementKey"
  | "invalidRequirementValue"
  | "invalidSshKeyBase64"
  | "invalidStrategy"
  | "invalidType"
  | "invalidVault"
  | "invalidVersion"
  | "literalOpIdHasDot"
  | "literalPortNotExposed"
  | "literalUnknownOp"
  | "literalUnknownResult"
  | "literalUnknownVariable"
  | "missingField"
  | "nameEmpty"
  | "nestingTooDeep"
  | "opIdHasDot"
  | "plainTextSecret"
  | "portOutOfRange"
  | "portRangeNotSupported"
  | "replicasNotInteger"
  | "replicasOutOfRange"
  | "requirementsEmpty"
  | "rotationTimeIgnored"
  | "rotationTimeNotPositive"
  | "rotationTimeTooLarge"
  | "scheduleIgnored"
  | "scheduleRequired"
  | "sshBlockReplaced"
  | "sshKeyEmpty"
  | "sshKeyFieldCount"
  | "sshKeyMultiline"
  | "sshKeyTooLong"
  | "sshKeyTypeMismatch"
  | "sshKeysTooLarge"
  | "startupTimeoutIgnored"
  | "startupTimeoutTooShort"
  | "startupTimeoutWithoutPort"
  | "stringTooLong"
  | "timeoutFractionalSeconds"
  | "timeoutTooLarge"
  | "timeoutTooShort"
  | "tooManyIssues"
  | "tooManyOps"
  | "tooManySshKeys"
  | "unexpectedBody"
  | "unknownField"
  | "unknownKey"
  | "unknownVolume"
  | "unsupportedSshKeyType"
  | "vaultConflict";
// RULE CODES END

/** One problem found in a job definition, a deployment body or a schedule. */
export interface Issue {
  /** Stable rule code, e.g. `"unknownKey"`. See `listRules()`. */
  code: RuleCode;
  severity: Severity;
  /** One sentence. */
  message: string;
  /** Keys and indexes from the document root, e.g. `["ops", 0, "args", "image"]`. */
  path: (string | number)[];
  /** RFC 6901 JSON Pointer of `path`; `""` is the document itself. */
  pointer: string;
  /** Where in the text, when the input was a string. */
  range?: Range;
  /** How to fix it, where there is something useful to say. */
  hint?: string;
  /**
   * Quick fixes as text edits, best first: always present, `[]` when there is none (no mechanical
   * fix, or no source text: issues of an object input have no `range`, hence no fixes).
   * Apply with `applyFixes(text, issues)` (main and `/editor` entries), or apply the edits yourself.
   */
  fixes: Fix[];
}

/** One edit of a fix: replace the text in `range` (UTF-16 offsets) with `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A mechanical fix: its edits, applied together, keep the document valid JSON. */
export interface Fix {
  /** What it does, e.g. "Rename `imgae` to `image`". */
  title: string;
  edits: TextEdit[];
}

/** What every `validate*` function returns. `success` is false exactly when an issue has severity `"error"`. */
export interface ValidationResult {
  success: boolean;
  issues: Issue[];
}

export interface ValidateOptions {
  /** Report warnings (good-practice rules) too. Default `true`. */
  warnings?: boolean;
}

/** A rule: its stable code, default severity and a one-line description. */
export interface RuleInfo {
  code: RuleCode;
  severity: Severity;
  description: string;
}

/** Standard Schema v1 (https://standardschema.dev), as zod, valibot and arktype implement it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}
export declare namespace StandardSchemaV1 {
  type Result<Output> =
    | { readonly value: Output; readonly issues?: undefined }
    | { readonly issues: ReadonlyArray<Issue> };
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }
}

/** The package version. */
export function version(): string;

/** Every rule code this library reports, with its default severity and description. */
export function listRules(): RuleInfo[];
