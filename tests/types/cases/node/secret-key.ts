// The Node typings (the package's `node` condition, and `types`) offer `secretKey`.
import { DeploymentsClient } from "nosana-deployments";

export const client = new DeploymentsClient({ secretKey: new Uint8Array(32), network: "devnet" });
