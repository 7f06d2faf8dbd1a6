// With the `browser` condition (a bundler targeting browsers), the main entry resolves to the web
// build, and its typings do not offer `secretKey` either.
import { DeploymentsClient } from "nosana-deployments";

// @ts-expect-error TS2353 no secretKey in a web page
export const client = new DeploymentsClient({ secretKey: "base58" });
