// Compiled with `tsc --noEmit` against the `.d.ts` of `nosana-deployments/job`: the job-definition
// entry is typed like the whole package, and declares nothing of the client or deployments.
import {
  jobDefinitionStandardSchema,
  listRules,
  validateJobDefinition,
  version,
  type Issue,
  type JobDefinition,
  type RuleInfo,
  type ValidationResult,
} from "nosana-deployments/job";
import type * as whole from "nosana-deployments";

const result: ValidationResult = validateJobDefinition('{"version":"0.1"}', { warnings: false });
const first: Issue | undefined = result.issues[0];
const pointer: string | undefined = first?.pointer;
const rules: RuleInfo[] = listRules();
const v: string = version();
const schema = jobDefinitionStandardSchema();
const standardVersion: 1 = schema["~standard"].version;
// The same types as the whole package's: a report from one is a report of the other.
const same: whole.ValidationResult = result;
const job: JobDefinition = { version: "0.1", type: "container", ops: [] };
validateJobDefinition(job);

// @ts-expect-error options are typed: a misspelt option does not compile
validateJobDefinition("{}", { warnigns: false });
// @ts-expect-error the deployment functions are not in the job entry
import { validateDeployment } from "nosana-deployments/job";
// @ts-expect-error nor is the API client
import type { DeploymentsClient } from "nosana-deployments/job";

export { pointer, rules, v, standardVersion, same, validateDeployment };
export type { DeploymentsClient };
