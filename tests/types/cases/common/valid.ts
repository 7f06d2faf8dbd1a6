// Documents that must compile: precise types accept what the validator accepts.
import type { JobDefinition as KitJobDefinition } from "@nosana/types";
import {
  type DeploymentAction,
  type DeploymentCreateBody,
  type DeploymentCreateBodyInput,
  type DeploymentStatus,
  type Issue,
  type JobDefinition,
  type JobDefinitionInput,
  type Operation,
  type RuleCode,
  allowedActions,
  nextStatus,
  validateDeployment,
  validateJobDefinition,
} from "nosana-deployments";

export const minimal: JobDefinition = { version: "0.1", type: "container", ops: [] };

export const full: JobDefinition = {
  version: "0.1",
  type: "container",
  meta: { trigger: "cli", system_resources: { required_vram: 6 }, tags: ["llm", 1], extra: { a: "b", n: [1, "x"] } },
  global: { image: "ubuntu", gpu: true, env: { A: "1" }, variables: { PORT: "8080" }, entrypoint: ["sh"] },
  logistics: { send: { type: "api", args: { endpoint: "https://a" } }, receive: { type: "api-listen", args: {} } },
  deployment_id: "d1",
  ssh: { public_keys: ["ssh-ed25519 AAAA"] },
  ops: [
    { id: "vol", type: "container/create-volume", args: { name: "models" } },
    {
      id: "app",
      type: "container/run",
      args: {
        image: "docker.io/nginx:1.27",
        aliases: "web,api",
        cmd: ["nginx", "-g", "daemon off;", "__remove-if-empty__"],
        entrypoint: "/bin/sh",
        volumes: [{ name: "models", dest: "/models" }],
        expose: [
          8080,
          {
            port: 9000,
            type: "websocket",
            health_checks: [{ type: "websocket", expected_response: "ok", continuous: true }],
          },
          {
            port: 9001,
            type: "api",
            health_checks: [{ type: "http", path: "/health", method: "GET", expected_status: 200, continuous: false }],
          },
          "%%ops.other.port%%",
          { __spread__: "%%global.variables.PORTS%%", chunked: true },
        ],
        gpu: true,
        work_dir: "/app",
        env: { TOKEN: "%%global.variables.TOKEN%%" },
        restart_policy: { policy: "on-failure", restart_tries: 3 },
        private: false,
        resources: [
          { type: "S3", target: "/data", url: "s3://b", files: ["a"] },
          {
            type: "S3",
            target: "/data",
            bucket: "b",
            IAM: { REGION: "r", ACCESS_KEY_ID: "k", SECRET_ACCESS_KEY: "s" },
          },
          { type: "S3", target: "/data", buckets: [{ url: "s3://b", files: ["x"] }] },
          { type: "HF", target: "/hf", repo: "org/model", revision: "main" },
          { type: "Ollama", model: "llama3" },
          { __spread__: "%%ops.vol.results.files%%" },
          "__remove-if-empty__",
        ],
        authentication: { docker: { username: "u", password: "p", server: "ghcr.io" } },
      },
      results: { url: "https?://\\S+", log: { regex: "ready", logType: ["stdout", "stderr"] } },
      execution: { group: "serve", depends_on: ["vol"], stop_if_dependent_stops: true, timeout: 60 },
    },
  ],
};

// A single port and a single placeholder are fine too.
export const onePort: JobDefinition["ops"][number] = {
  id: "a",
  type: "container/run",
  args: { image: "x", expose: 80 },
};
export const oneLiteral: Operation = { id: "a", type: "container/run", args: { image: "x", expose: "%%ops.b.port%%" } };
export const restart: Operation = {
  id: "a",
  type: "container/run",
  args: { image: "x", restart_policy: "unless-stopped" },
};

// `type` narrows `args`.
export function images(def: JobDefinition): string[] {
  return def.ops.flatMap((op) => (op.type === "container/run" ? [op.args.image] : [op.args.name]));
}

// A job definition typed with @nosana/types 2.1.6 is a valid input everywhere one is taken.
declare const fromKit: KitJobDefinition;
export const input: JobDefinitionInput = fromKit;
validateJobDefinition(fromKit);
export const kitBody: DeploymentCreateBodyInput = {
  name: "n",
  market: "m",
  replicas: 1,
  timeout: 60,
  strategy: "SIMPLE",
  job_definition: fromKit,
};
// A precise job definition is an input as well.
export const strictAsInput: JobDefinitionInput = full;

export const body: DeploymentCreateBody = {
  name: "llm",
  market: "7AtiXMSH6R1jjBxrcYjehCkkSF7zvYWte63gwEDBcGHq",
  replicas: 2,
  timeout: 60,
  strategy: "SCHEDULED",
  schedule: "0 2 * * *",
  job_definition: full,
  requirements: { vram: 16, region: "eu", tee: false },
};
validateDeployment(body);

// Literal unions: statuses, actions and rule codes are checked names.
const status: DeploymentStatus = "RUNNING";
const action: DeploymentAction = "updateReplicaCount";
export const after: DeploymentStatus | null = nextStatus(status, action);
export const actions: DeploymentAction[] = allowedActions("DRAFT");
export function isUnknownKey(issue: Issue): boolean {
  const code: RuleCode = issue.code;
  return code === "unknownKey";
}
