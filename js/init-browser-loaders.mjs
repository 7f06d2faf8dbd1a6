// How the browser init entries load the wasm: whatever the caller gives goes to the glue as is
// (it fetches URLs and strings, streams Responses, instantiates bytes and modules); with nothing,
// the glue fetches the file next to itself (`new URL(…, import.meta.url)`, which webpack 5 and Vite
// follow). initSync cannot fetch, so it needs the bytes.
export const browserLoaders = {
  source: (input) => input,
  bytes(input) {
    if (input === undefined) {
      throw new TypeError(
        "nosana-deployments: initSync(bytes) needs the wasm bytes or a WebAssembly.Module; use `await init(url)` to fetch it",
      );
    }
    return input;
  },
};
