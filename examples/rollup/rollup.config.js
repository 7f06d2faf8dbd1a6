import { nodeResolve } from "@rollup/plugin-node-resolve";
import url from "@rollup/plugin-url";

// The worker is a second entry; @rollup/plugin-url copies the imported wasm files into the output
// (limit 0: never inline them) and gives their file names.
export default {
  input: ["src/main.js", "src/worker.js"],
  output: { dir: "dist", format: "es" },
  plugins: [
    nodeResolve({ browser: true }),
    url({ include: ["**/*.wasm"], limit: 0, fileName: "[name]-[hash][extname]" }),
  ],
};
