// Only in the builds with the `secret-key` feature (Node): the browser build refuses `secretKey`,
// so its typings do not offer it. Merges into the interface declared in client.d.ts.
export interface DeploymentsClientOptions {
  /**
   * Sign requests with a raw ed25519 key: a 32-byte seed or a 64-byte keypair, as bytes or base58.
   * For Node scripts only — never put a secret key in a web page. Never logged, never in an error.
   */
  secretKey?: Uint8Array | number[] | string;
}
