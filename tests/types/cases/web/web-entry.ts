// The browser build refuses `secretKey`, and its typings do not offer it.
import { DeploymentsClient, type DeploymentsClientOptions, validateJobDefinition } from "nosana-deployments/web";
import { type JobDefinition, jobDefinitionStandardSchema } from "nosana-deployments/job";

export const client = new DeploymentsClient({ apiKey: "nos_x" });
// @ts-expect-error TS2353 no secretKey in a web page
export const options: DeploymentsClientOptions = { secretKey: "base58" };
export const result = validateJobDefinition({ version: "0.1", type: "container", ops: [] } satisfies JobDefinition);
export const schema = jobDefinitionStandardSchema();
