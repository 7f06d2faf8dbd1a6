// Compiled with `tsc --noEmit`: the validation surface of today's service fields stays typed.
import {
  validateDeployment,
  validateSshPublicKeys,
  type DeploymentCreateBody,
  type DeploymentRequirements,
  type ValidationResult,
} from "nosana-deployments";

const keys: readonly string[] = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21"];
const checked: ValidationResult = validateSshPublicKeys(keys, { warnings: false });
const requirements: DeploymentRequirements = { gpu: "RTX 4090", vram: 24, cuda: true };
const body: DeploymentCreateBody = {
  name: "web",
  market: "DfJJiNU3siRQUz2a67tqoY72fUzwR8MhBEMBGK85SwAr",
  replicas: 1,
  timeout: 120,
  strategy: "INFINITE",
  job_definition: { version: "0.1", type: "container", ops: [] },
  idempotency_key: "app:1",
  ssh_public_keys: [...keys],
  startup_timeout: 5,
  requirements,
};
const result: ValidationResult = validateDeployment(body);

// @ts-expect-error requirement values are scalars
const nested: DeploymentRequirements = { gpu: { model: "A100" } };
// @ts-expect-error keys are strings
validateSshPublicKeys([42]);

export { checked, result, nested };
