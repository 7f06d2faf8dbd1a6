// Compiled with `tsc --noEmit` against the package's own .d.ts: the JS surface must stay typed.
import {
  jobDefinitionStandardSchema,
  listRules,
  validateJobDefinition,
  version,
  type Issue,
  type RuleInfo,
  type ValidationResult,
} from "nosana-deployments";

const result: ValidationResult = validateJobDefinition('{"version":"0.1"}', { warnings: false });
const first: Issue | undefined = result.issues[0];
const line: number | undefined = first?.range?.start.line;
const severity: "error" | "warning" | undefined = first?.severity;
const path: (string | number)[] | undefined = first?.path;
const rules: RuleInfo[] = listRules();
const v: string = version();
const schema = jobDefinitionStandardSchema();
const standardVersion: 1 = schema["~standard"].version;

// @ts-expect-error options are typed: a misspelt option does not compile
validateJobDefinition("{}", { warnigns: false });
// @ts-expect-error the input must be text or an object
validateJobDefinition(42);

export { line, severity, path, rules, v, standardVersion };

// Deployment bodies, schedules and the state machine.
import {
  canPerform,
  describeSchedule,
  nextScheduleTimes,
  nextStatus,
  transitionTable,
  validateDeployment,
  validateDeploymentUpdate,
  type DeploymentAction,
  type DeploymentStatus,
  type TransitionTable,
} from "nosana-deployments";

const status: DeploymentStatus = "INSUFFICIENT_FUNDS";
const action: DeploymentAction = "start";
const next: DeploymentStatus | null = nextStatus(status, action);
const allowed: boolean = canPerform("STARTING", "stop");
const table: TransitionTable = transitionTable();
const times: string[] = nextScheduleTimes("*/15 * * * *", { from: new Date(), count: 3 });
const description: string = describeSchedule("0 2 * * *");
const body = validateDeployment({ name: "x" });
const update = validateDeploymentUpdate("updateTimeout", { timeout: 60 });

// @ts-expect-error statuses are a closed set
canPerform("PAUSED", "start");
// @ts-expect-error actions are a closed set
nextStatus("DRAFT", "explode");

export { next, allowed, table, times, description, body, update };
