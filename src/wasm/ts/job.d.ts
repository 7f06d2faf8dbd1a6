/**
 * A `%%ops.<id>.…%%` or `%%global.…%%` placeholder, filled in by the node when the job runs
 * (`invalidLiteral`/`invalidLiteralPath` check the rest of it).
 */
export type JobLiteral = `%%ops.${string}%%` | `%%global.${string}%%`;

/** `{ "__spread__": "%%ops.…%%" }`: a placeholder that expands to several entries. */
export interface SpreadMarker<L extends string = JobLiteral> {
  __spread__: L;
  chunked?: boolean;
}

/** An array element the node drops when it is alone (an empty list is then left out). */
export type RemoveIfEmptyMarker = "__remove-if-empty__";

/** A command: a string (run by `/bin/sh -c`) or the argument list itself. */
export type JobCommand = string | string[];

/** What a port serves. */
export type ServiceType = "web" | "api" | "websocket" | "webapi" | "none";

export interface HttpHealthCheck {
  type: "http";
  path: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  expected_status: number;
  headers?: Record<string, string>;
  body?: unknown;
  continuous: boolean;
}

export interface WebSocketHealthCheck {
  type: "websocket";
  expected_response: string;
  continuous: boolean;
}

export type HealthCheck = HttpHealthCheck | WebSocketHealthCheck;

/** A port (1–65535), with what it serves and how the node checks it. */
export interface ExposedPort {
  port: number;
  type?: ServiceType;
  health_checks?: HealthCheck[];
}

/** One exposed port: a number (1–65535), a described port, or a placeholder. */
export type ExposeEntry<L extends string = JobLiteral> = number | ExposedPort | L | SpreadMarker<L>;

/** `expose`: one entry or a list of them. Ports are numbers: `"8080"` is not a port. */
export type Expose<L extends string = JobLiteral> = ExposeEntry<L> | ExposeEntry<L>[];

export type RestartPolicy =
  | "no"
  | "always"
  | "unless-stopped"
  | "on-failure"
  | { policy: "on-failure"; restart_tries?: number };

/** S3 credentials. */
export interface S3Credentials {
  REGION: string;
  ACCESS_KEY_ID: string;
  SECRET_ACCESS_KEY: string;
}

export interface S3Resource {
  type: "S3";
  target: string;
  url?: string;
  allowWrite?: boolean;
  files?: string[];
  IAM?: S3Credentials;
}

export interface S3BucketResource {
  type: "S3";
  target: string;
  bucket: string;
  url?: string;
  allowWrite?: boolean;
  IAM?: S3Credentials;
}

export interface S3BucketsResource {
  type: "S3";
  target: string;
  buckets: Array<{ url: string; files?: string[] }>;
  url?: string;
  allowWrite?: boolean;
  IAM?: S3Credentials;
}

export interface HuggingFaceResource {
  type: "HF";
  target: string;
  repo: string;
  revision?: string;
  files?: string[];
  accessToken?: string;
}

export interface OllamaResource {
  type: "Ollama";
  model: string;
  target?: string;
}

/** A resource the node fetches into the container before it starts. */
export type JobResource = S3Resource | S3BucketResource | S3BucketsResource | HuggingFaceResource | OllamaResource;

/**
 * The arguments of a `container/run` op. `image` is the only required key.
 * `L` is the type of placeholders: `JobLiteral` here, any string in `JobDefinitionInput`.
 */
export interface ContainerRunArgs<L extends string = JobLiteral> {
  image: string;
  /** Network aliases: a string (split on ",") or a list. */
  aliases?: string | string[];
  cmd?: JobCommand;
  volumes?: Array<{ name: string; dest: string }>;
  expose?: Expose<L>;
  gpu?: boolean;
  work_dir?: string;
  entrypoint?: JobCommand;
  env?: Record<string, string>;
  restart_policy?: RestartPolicy;
  private?: boolean;
  resources?: Array<JobResource | SpreadMarker<L> | RemoveIfEmptyMarker>;
  authentication?: { docker?: { username?: string; password?: string; email?: string; server?: string } };
}

/** The arguments of a `container/create-volume` op. */
export interface CreateVolumeArgs {
  name: string;
}

/** The `args` of each op type. */
export interface OperationArgsMap<L extends string = JobLiteral> {
  "container/run": ContainerRunArgs<L>;
  "container/create-volume": CreateVolumeArgs;
}

export type OperationType = keyof OperationArgsMap;

/** A log stream a result extractor reads. */
export type LogStream = "stdin" | "stdout" | "stderr" | "nodeerr";

/** A value the op publishes for `%%ops.<id>.results.<name>%%`: a regex, or a regex and the streams to search. */
export type OperationResult = string | { regex: string; logType: LogStream[] };

/** When an op runs: its group (stage) and the ops it waits for. */
export interface OperationExecution {
  group?: string;
  depends_on?: string[];
  stop_if_dependent_stops?: boolean;
  timeout?: number;
}

/** One op of a given type: `args` is typed by `type`. */
export interface OperationOf<T extends OperationType, L extends string = JobLiteral> {
  /** Unique across `ops`, without spaces. */
  id: string;
  type: T;
  args: OperationArgsMap<L>[T];
  results?: Record<string, OperationResult>;
  execution?: OperationExecution;
}

/** One op: a discriminated union on `type` (narrow on it to get the `args` of that type). */
export type Operation = { [T in OperationType]: OperationOf<T> }[OperationType];

/** Settings shared by every `container/run` op. */
export interface JobGlobal {
  image?: string;
  gpu?: boolean;
  entrypoint?: JobCommand;
  env?: Record<string, string>;
  work_dir?: string;
  /** Values for `%%global.variables.<name>%%`. */
  variables?: Record<string, string>;
}

export interface JobLogistic {
  type: "api" | "api-listen";
  args: { endpoint?: string };
}

/** Where a confidential job definition is fetched from and its results sent to. */
export interface JobLogistics {
  send: JobLogistic;
  receive: JobLogistic;
}

type MetaScalar = string | number;
/** Free-form metadata: strings, numbers, lists of them and one level of objects. */
export interface JobMeta {
  trigger?: string;
  system_resources?: Record<string, MetaScalar>;
  [key: string]: MetaScalar | MetaScalar[] | Record<string, MetaScalar | MetaScalar[]> | undefined;
}

/**
 * A Nosana job definition (version "0.1"), as the validator's model describes it: a compile-time
 * check of the shape (keys, literal values, `args` by op type). Validation still judges what
 * types cannot (ids, literals, images, ports in range…) — use `validateJobDefinition`.
 */
export interface JobDefinition {
  version: "0.1";
  type: "container";
  /** At most 1,000. Empty only for a confidential stub (with `logistics`). */
  ops: Operation[];
  meta?: JobMeta;
  global?: JobGlobal;
  logistics?: JobLogistics;
  deployment_id?: string;
  ssh?: { public_keys?: string[] };
}

/**
 * A job definition as you may hand it in (the input type of the Standard Schema): a `JobDefinition`,
 * or one typed with `@nosana/types`, whose ops are not a discriminated union (`args` is either op's)
 * and whose placeholders are tagged strings — hence ops of any `OperationType` with either `args`,
 * and placeholders of type `string`. Validation reports what this lets through
 * (`argsDoNotMatchOpType`, `invalidLiteral`).
 */
export interface JobDefinitionInput extends Omit<JobDefinition, "ops"> {
  ops: OperationOf<OperationType, string>[];
}

/**
 * Validates a job definition: all problems at once. Pass JSON text to get source ranges
 * (and `invalidJson` issues for syntax errors), or an already-parsed object.
 * Limits, each reported as an issue: documents up to 10 MiB of UTF-8 (`documentTooLarge`; a longer
 * string is refused before it is copied), strings and keys up to 1 MiB (`stringTooLong`), nesting
 * below 128 levels (`nestingTooDeep`), up to 1,000 ops (`tooManyOps`); a report lists at most 1,000
 * issues, the last one then being `tooManyIssues`.
 * Throws only on misuse (an unknown option, a value that has no JSON form).
 */
export function validateJobDefinition(input: string | object, options?: ValidateOptions): ValidationResult;

/**
 * The job definition validator as a Standard Schema v1 object (errors only). Create it once.
 * A string is parsed as JSON text; on success `value` is the parsed object.
 * Each issue carries the rule's `code` next to `message` and `path`.
 */
export function jobDefinitionStandardSchema(): StandardSchemaV1<JobDefinitionInput, JobDefinition>;
