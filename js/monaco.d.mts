// Types of `nosana-deployments/monaco` (js/monaco.mjs). The `monaco` namespace is passed in; it is
// typed structurally so this file needs no monaco-editor types to compile.
import type { Issue, ValidationResult } from "../pkg/node/nosana_deployments.js";
import type { NosanaLanguageLibrary } from "./codemirror.mjs";

export type { NosanaLanguageLibrary };

/** The parts of a Monaco text model the adapter uses (monaco.editor.ITextModel fits). */
export interface MonacoModelLike {
  readonly uri: unknown;
  getValue(): string;
  getLanguageId(): string;
  getVersionId(): number;
  getPositionAt(offset: number): { lineNumber: number; column: number };
  getOffsetAt(position: { lineNumber: number; column: number }): number;
  onDidChangeContent(listener: (event: unknown) => void): { dispose(): void };
  isDisposed?(): boolean;
}

export interface AttachNosanaOptions {
  /** The library module, e.g. `import * as lib from "nosana-deployments"`. */
  lib: NosanaLanguageLibrary;
  /** What the documents are; `"auto"` (default) treats an object with `job_definition` as a deployment body. */
  kind?: "auto" | "job" | "deployment";
  /** The language of the models to serve (default `"json"`). */
  languageId?: string;
  /** Which models of that language to serve (default: all), e.g. by `model.uri`. */
  filter?(model: MonacoModelLike): boolean;
  /** Milliseconds of quiet after a change before validating (default 250); 0 validates at once. */
  delay?: number;
  /** Called with every validation result. */
  onResult?(result: ValidationResult, model: MonacoModelLike): void;
}

export interface NosanaMonacoAdapter {
  /** Validates a model now (its markers are replaced). */
  validate(model: MonacoModelLike): void;
  /** Unregisters the providers, clears the markers and stops watching models. */
  dispose(): void;
}

/**
 * Markers (owner `"nosana-deployments"`), a completion provider, a hover provider and quick-fix
 * code actions for the models of `languageId`. Pass the `monaco` namespace of monaco-editor.
 */
// biome-ignore lint/suspicious/noExplicitAny: the caller's own monaco-editor namespace, of whatever version they use.
export function attachNosana(monaco: any, options: AttachNosanaOptions): NosanaMonacoAdapter;

/** An issue as a Monaco marker (IMarkerData); the hint follows the message on its own line. */
export function toMarker(
  // biome-ignore lint/suspicious/noExplicitAny: the caller's own monaco-editor namespace, of whatever version they use.
  monaco: any,
  model: MonacoModelLike,
  issue: Issue,
): {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  severity: number;
  message: string;
  code: string;
  source: string;
};
