#!/usr/bin/env node
// nosana-deployments-lsp: the language server on stdin/stdout (`--stdio`, the default, is accepted
// for clients that pass it). See docs/editors.md.
import { startServer } from "./server.mjs";

startServer();
