// The nosana-deployments-lsp language server (lsp/index.mjs runs it on stdio) for Nosana job
// definitions and deployment bodies: diagnostics, hover and quick fixes (JSON and YAML), and for
// JSON also completion.
// Documents: *.nosana.json|yaml|yml and job-definition*.json|yaml|yml; every document the client
// sends with `initializationOptions: { allDocuments: true }`.
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { loadLibrary } from "../cli/library.mjs";
import { fixApplier, fixText } from "../cli/fix.mjs";
import { lintText, withJsonFormFixes } from "../cli/lint.mjs";
import { completionsAt, hoverAt } from "../js/editor-common.mjs";
import { codeActions, completionItems, toDiagnostic, toHover } from "./convert.mjs";
import { yamlHover } from "./yaml-hover.mjs";

export const FIX_ALL_KIND = "source.fixAll.nosana";

/** The file names the server looks after unless told to take every document. */
export function isNosanaFile(uri) {
  let name;
  try {
    name = basename(uri.startsWith("file:") ? fileURLToPath(uri) : new URL(uri).pathname);
  } catch {
    name = basename(uri);
  }
  return /\.nosana\.(json|ya?ml)$/i.test(name) || /^job-definition[^/]*\.(json|ya?ml)$/i.test(name);
}

const isYaml = (uri) => /\.ya?ml$/i.test(uri);

/** Starts the server on a connection (default: stdin/stdout). */
export function startServer(connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)) {
  const documents = new TextDocuments(TextDocument);
  /** uri → { version, issues } of the last validation (the issues code actions refer to). */
  const reports = new Map();
  let lib;
  let allDocuments = false;

  const wanted = (doc) => allDocuments || isNosanaFile(doc.uri);

  async function validate(doc) {
    if (!wanted(doc)) return;
    const text = doc.getText();
    // A YAML document's issues get the fixes of its JSON form (see the code actions below).
    const issues = withJsonFormFixes((await lintText(text, { name: doc.uri, kind: "auto", lib })).issues);
    // A newer version may have arrived while validating; its own validation publishes.
    if (documents.get(doc.uri)?.version !== doc.version) return;
    reports.set(doc.uri, { version: doc.version, issues });
    await connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: issues.map((issue, i) => toDiagnostic(doc, issue, i)),
    });
  }

  const reportError = (err) => connection.console.error(`nosana-deployments-lsp: ${err?.stack ?? err}`);

  connection.onInitialize(async (params) => {
    lib = await loadLibrary();
    allDocuments = params.initializationOptions?.allDocuments === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ":", "%", ".", " "] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: {
        name: "nosana-deployments-lsp",
        version: typeof lib.version === "function" ? lib.version() : undefined,
      },
    };
  });

  documents.onDidChangeContent(({ document }) => validate(document).catch(reportError));
  documents.onDidClose(({ document }) => {
    reports.delete(document.uri);
    connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }).catch(reportError);
  });

  // Completion works on JSON text; YAML documents get diagnostics, hover and fixes.
  const jsonDocument = (uri) => {
    const doc = documents.get(uri);
    return doc && wanted(doc) && !isYaml(uri) ? doc : undefined;
  };

  connection.onCompletion(({ textDocument, position }) => {
    const doc = jsonDocument(textDocument.uri);
    if (!doc) return [];
    return completionItems(doc, completionsAt(lib, doc.getText(), doc.offsetAt(position)));
  });

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc || !wanted(doc)) return null;
    const offset = doc.offsetAt(position);
    if (isYaml(doc.uri))
      return toHover(
        doc,
        yamlHover((json, at) => hoverAt(lib, json, at), doc.getText(), offset),
      );
    return toHover(doc, hoverAt(lib, doc.getText(), offset));
  });

  connection.onCodeAction(async ({ textDocument, range, context }) => {
    const doc = documents.get(textDocument.uri);
    const report = reports.get(textDocument.uri);
    if (!doc || !wanted(doc) || !report || report.version !== doc.version || typeof lib.applyFixes !== "function")
      return [];
    const text = doc.getText();
    // JSON: the fixes are edits of the text. YAML: they are edits of its JSON form, applied there
    // and carried back into the YAML (as `lint --fix` does).
    const apply = await fixApplier(lib, isYaml(doc.uri) ? "yaml" : "json");
    const fixedBy = isYaml(doc.uri) ? (fix, issue) => apply(text, [{ ...issue, fixes: [fix] }]) : undefined;
    const fixable = report.issues.some((i) => i.fixes?.length > 0);
    const wantsFixAll = !context.only || context.only.some((kind) => FIX_ALL_KIND.startsWith(kind));
    // Fix all = `lint --fix`: rounds of fixing and validating again.
    const check = async (candidate) =>
      withJsonFormFixes((await lintText(candidate, { name: doc.uri, kind: "auto", lib })).issues);
    const fixedText = wantsFixAll && fixable ? (await fixText(text, check, apply)).text : undefined;
    const actions = codeActions(doc, report.issues, range, { fixedBy, fixedText });
    return context.only
      ? actions.filter((a) => context.only.some((kind) => a.kind === kind || a.kind.startsWith(`${kind}.`)))
      : actions;
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
