// Typical mistakes that must not compile. Each `@ts-expect-error` fails the build (TS2578) if its
// line compiles; tests/types/types.test.mjs also checks each one fails for the reason given.
import type {
  ContainerRunArgs,
  DeploymentAction,
  DeploymentCreateBody,
  DeploymentStatus,
  DeploymentsClientOptions,
  Expose,
  HttpHealthCheck,
  Issue,
  JobDefinition,
  JobDefinitionInput,
  Operation,
  RuleCode,
  Severity,
} from "nosana-deployments";
import { canPerform, validateJobDefinition } from "nosana-deployments";

const job = (ops: JobDefinition["ops"]): JobDefinition => ({ version: "0.1", type: "container", ops });
const input = (ops: JobDefinitionInput["ops"]): JobDefinitionInput => ({ version: "0.1", type: "container", ops });
declare const issue: Issue;

// @ts-expect-error TS2322 version is the literal "0.1"
export const m1: JobDefinition = { version: "1.0", type: "container", ops: [] };
// @ts-expect-error TS2322 version is a string, not a number
export const m2: JobDefinition = { version: 0.1, type: "container", ops: [] };
// @ts-expect-error TS2322 the job type is "container"
export const m3: JobDefinition = { version: "0.1", type: "docker", ops: [] };
// @ts-expect-error TS2741 ops is required
export const m4: JobDefinition = { version: "0.1", type: "container" };
// @ts-expect-error TS2561 misspelled top-level key
export const m5: JobDefinition = { version: "0.1", type: "container", ops: [], globals: {} };
// @ts-expect-error TS2820 unknown op type
export const m6: Operation = { id: "a", type: "container/runn", args: { image: "x" } };
// @ts-expect-error TS2322 a container/run op needs args.image, not create-volume args
export const m7: Operation = { id: "a", type: "container/run", args: { name: "v" } };
// @ts-expect-error TS2322 a create-volume op takes { name }
export const m8: Operation = { id: "a", type: "container/create-volume", args: { image: "x" } };
// @ts-expect-error TS2322 args is an object, not a string
export const m9: Operation = { id: "a", type: "container/run", args: "ubuntu" };
// @ts-expect-error TS2322 args is required
export const m10: Operation = { id: "a", type: "container/run" };
// @ts-expect-error TS2322 a port is a number, not a string
export const m11: Expose = "8080";
// @ts-expect-error TS2322 a port is a number, also inside an exposed port
export const m12: Expose = { port: "8080" };
// @ts-expect-error TS2322 a port list holds numbers
export const m13: Expose = ["8080", 9000];
// @ts-expect-error TS2322 service types are literals
export const m14: Expose = { port: 80, type: "http" };
// @ts-expect-error TS2820 health check method is a literal union
export const m15: HttpHealthCheck = { type: "http", path: "/", method: "GETT", expected_status: 200, continuous: true };
// @ts-expect-error TS2741 an HTTP health check needs `continuous`
export const m16: HttpHealthCheck = { type: "http", path: "/", method: "GET", expected_status: 200 };
// @ts-expect-error TS2561 misspelled args key (imgae)
export const m17: ContainerRunArgs = { imgae: "ubuntu" };
// @ts-expect-error TS2353 misspelled args key (enviroment)
export const m18: ContainerRunArgs = { image: "ubuntu", enviroment: { A: "1" } };
// @ts-expect-error TS2322 env values are strings
export const m19: ContainerRunArgs = { image: "ubuntu", env: { PORT: 8080 } };
// @ts-expect-error TS2322 gpu is a boolean
export const m20: ContainerRunArgs = { image: "ubuntu", gpu: "true" };
// @ts-expect-error TS2322 restart policies are literals
export const m21: ContainerRunArgs = { image: "ubuntu", restart_policy: "sometimes" };
// @ts-expect-error TS2322 resource types are literals ("HF", not "hf")
export const m22: ContainerRunArgs = { image: "ubuntu", resources: [{ type: "hf", target: "/m", repo: "r" }] };
// @ts-expect-error TS2322 log streams are literals
export const m23: Operation["results"] = { r: { regex: "x", logType: ["stdlog"] } };
// @ts-expect-error TS2322 depends_on lists op ids
export const m24: Operation = { id: "a", type: "container/run", args: { image: "x" }, execution: { depends_on: "b" } };
// @ts-expect-error TS2322 an op id is a string
export const m25 = job([{ id: 1, type: "container/run", args: { image: "x" } }]);
// @ts-expect-error TS2820 wrong strategy
export const m26: DeploymentCreateBody["strategy"] = "SCHEDULE";
// @ts-expect-error TS2820 wrong status literal
export const m27: DeploymentStatus = "RUNING";
// @ts-expect-error TS2820 wrong action literal
export const m28: DeploymentAction = "restart";
// @ts-expect-error TS2345 canPerform takes a status first, then an action
canPerform("start", "DRAFT");
// @ts-expect-error TS2367 rule codes are literals: this one does not exist
export const m29 = issue.code === "unknwonKey";
// @ts-expect-error TS2322 a string is not a rule code
export const m30: RuleCode = "someRule" as string;
// @ts-expect-error TS2322 severities are "error" | "warning"
export const m31: Severity = "info";
// @ts-expect-error TS2561 misspelled validate option
validateJobDefinition("{}", { warning: false });
// @ts-expect-error TS2322 replicas is a number
export const m32: DeploymentCreateBody["replicas"] = "2";
// @ts-expect-error TS2561 misspelled client option
export const m33: DeploymentsClientOptions = { baseURL: "https://x" };
// @ts-expect-error TS2322 network is "mainnet" | "devnet"
export const m34: DeploymentsClientOptions = { network: "testnet" };
// @ts-expect-error TS2322 an input is still a job definition: wrong op type
export const m35 = input([{ id: "a", type: "run", args: { image: "x" } }]);
// @ts-expect-error TS2353 an input still refuses a misspelled args key
export const m36 = input([{ id: "a", type: "container/run", args: { imgae: "x" } }]);
