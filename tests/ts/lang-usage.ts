// Compiled with `tsc --noEmit`: the language service is typed alike from the main entry and
// `/editor`; `/job` has the fixes in issues, not applyFixes, completion, hover or the schemas.
import {
  applyFixes,
  completionsAt,
  deploymentJsonSchema,
  hoverAt,
  jobDefinitionJsonSchema,
  validateJobDefinition,
  type Completion,
  type CompletionKind,
  type Fix,
  type HoverInfo,
  type JsonSchema,
  type TextEdit,
} from "nosana-deployments/editor";
import * as whole from "nosana-deployments";
import * as job from "nosana-deployments/job";

const text = '{"version":"0.1","type":"container","ops":[{"id":"a","type":"container/run","args":{"imgae":"x"}}]}';
const issues = validateJobDefinition(text).issues;
const fixes: Fix[] = issues[0]?.fixes ?? [];
const edit: TextEdit | undefined = fixes[0]?.edits[0];
const start: number | undefined = edit?.range.start.offset;
const fixed: string = applyFixes(text, issues);
const items: Completion[] = completionsAt(text, 10);
const kind: CompletionKind | undefined = items[0]?.kind;
const snippet: boolean | undefined = items[0]?.snippet;
const hover: HoverInfo | null = hoverAt(text, 3);
const contents: string | undefined = hover?.contents;
const schemas: JsonSchema[] = [jobDefinitionJsonSchema(), deploymentJsonSchema(), whole.jobDefinitionJsonSchema()];
const again: string = whole.applyFixes(fixed, whole.validateJobDefinition(fixed).issues);
const jobFixes: Fix[] = job.validateJobDefinition(text).issues[0]?.fixes ?? [];
// @ts-expect-error applyFixes is in /editor, not in /job
job.applyFixes(text, issues);
// @ts-expect-error completion is in /editor, not in /job
job.completionsAt(text, 10);

// @ts-expect-error the offset is a number
completionsAt(text, "10");
// @ts-expect-error fixes are required on issues passed to applyFixes
applyFixes(text, [{ code: "x" }]);

export { start, kind, snippet, contents, schemas, again, jobFixes };
