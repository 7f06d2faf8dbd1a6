// Types of `nosana-deployments/codemirror` (js/codemirror.mjs).
import type { Extension, Text } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import type { Diagnostic } from "@codemirror/lint";
import type { Completion, HoverInfo, Issue, ValidationResult } from "../pkg/node/nosana_deployments.js";

/**
 * What the extension needs of the library: the main entry and the `/editor` entry both fit
 * (`/job` too, without completion and hover).
 * `completionsAt`, `hoverAt` and `validateDeployment` are used when present.
 */
export interface NosanaLanguageLibrary {
  validateJobDefinition(input: string, options?: { warnings?: boolean }): ValidationResult;
  validateDeployment?(input: string, options?: { warnings?: boolean }): ValidationResult;
  completionsAt?(text: string, offset: number): Completion[];
  hoverAt?(text: string, offset: number): HoverInfo | null;
}

export interface NosanaExtensionOptions {
  /** The library module, e.g. `import * as lib from "nosana-deployments/editor"`. */
  lib: NosanaLanguageLibrary;
  /** What the document is; `"auto"` (default) treats an object with `job_definition` as a deployment body. */
  kind?: "auto" | "job" | "deployment";
  /** Milliseconds of quiet before linting (default 250). */
  delay?: number;
  /** Called with every validation result (for an issue list beside the editor, say). */
  onResult?(result: ValidationResult, view: EditorView): void;
  /** Offer completions (default true). */
  completion?: boolean;
  /** Show hover tooltips (default true). */
  hover?: boolean;
}

/**
 * One extension: lint diagnostics (the hint shown apart from the message, quick fixes as actions),
 * autocompletion (also installs `autocompletion()`) and hover tooltips.
 */
export function nosana(options: NosanaExtensionOptions): Extension;

/** Where an issue goes in a document: its range, or the first line when it has none. */
export function issueSpan(issue: Issue, doc: Text): { from: number; to: number };

/** An issue as a CodeMirror diagnostic (`actions` apply its fixes). */
export function toDiagnostic(issue: Issue, doc: Text): Diagnostic;

/** LSP snippet syntax (`${1:name}`, `$0`) → CodeMirror's snippet template. */
export function codeMirrorSnippet(template: string): string;

/** The hover text's small Markdown (paragraphs, `code`, **bold**) as DOM nodes, never as HTML. */
export function renderMarkdown(markdown: string): HTMLElement;
