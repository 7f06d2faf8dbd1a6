import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The package finds its wasm next to itself (`new URL(…, import.meta.url)`): the dev server must
// serve it from node_modules as it is, not pre-bundled elsewhere. The build needs nothing.
export default defineConfig({ plugins: [react()], optimizeDeps: { exclude: ["nosana-deployments"] } });
