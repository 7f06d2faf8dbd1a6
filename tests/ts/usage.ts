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
