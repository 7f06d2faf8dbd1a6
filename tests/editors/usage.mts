// Type-checks the editor adapters' declarations as a consumer writes against them (tsc -p tests/editors).
import { EditorState } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import * as lib from "nosana-deployments";
import * as jobLib from "nosana-deployments/job";
import { nosana, codeMirrorSnippet } from "nosana-deployments/codemirror";
import { attachNosana, type MonacoModelLike } from "nosana-deployments/monaco";

const state = EditorState.create({
  doc: "{}",
  extensions: [
    nosana({
      lib,
      kind: "job",
      delay: 100,
      onResult: (result, view: EditorView) => result.issues.length + view.state.doc.length,
    }),
  ],
});
const jobState = EditorState.create({ extensions: nosana({ lib: jobLib }) });
// biome-ignore lint/suspicious/noTemplateCurlyInString: a snippet placeholder, not a template literal.
const template: string = codeMirrorSnippet('"image": "${1:ubuntu}"');

declare const monaco: unknown;
const adapter = attachNosana(monaco, {
  lib,
  filter: (model: MonacoModelLike) => String(model.uri).endsWith(".nosana.json"),
  delay: 0,
});
adapter.validate({} as MonacoModelLike);
adapter.dispose();

// @ts-expect-error the library is required
nosana({});

export { state, jobState, template };
