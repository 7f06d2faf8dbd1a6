// Form libraries take our Standard Schema objects as they take zod's: the input and output types
// flow through (TanStack Form, react-hook-form with @hookform/resolvers/standard-schema, Conform).
import { useForm as useConformForm } from "@conform-to/react/future";
import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import type { StandardSchemaV1 as Spec } from "@standard-schema/spec";
import { FormApi } from "@tanstack/form-core";
import {
  type DeploymentCreateBody,
  type DeploymentCreateBodyInput,
  deploymentStandardSchema,
  type JobDefinition,
  type JobDefinitionInput,
  jobDefinitionStandardSchema,
} from "nosana-deployments";
import { type Resolver, useForm } from "react-hook-form";

const jobSchema = jobDefinitionStandardSchema();
const deploymentSchema = deploymentStandardSchema();

// The spec's own interface sees our input and output types.
export const specJob: Spec<JobDefinitionInput, JobDefinition> = jobSchema;
export type JobOutput = Spec.InferOutput<typeof jobSchema>;
export const output: JobOutput = { version: "0.1", type: "container", ops: [] } satisfies JobDefinition;
export const specInput: Spec.InferInput<typeof deploymentSchema> = {} as DeploymentCreateBodyInput;
// @ts-expect-error TS2322 not `unknown`: the output is a typed job definition
export const notUnknown: Spec.InferOutput<typeof jobSchema> = 42;

const emptyJob: JobDefinitionInput = { version: "0.1", type: "container", ops: [] };

// TanStack Form: a form-level validator.
export const tanstack = new FormApi({ defaultValues: emptyJob, validators: { onChange: jobSchema } });
// @ts-expect-error TS2322 the schema's input must match the form's values
export const tanstackWrong = new FormApi({ defaultValues: { name: "x" }, validators: { onChange: jobSchema } });

// react-hook-form: the resolver carries input and output types.
export const resolver: Resolver<JobDefinitionInput, unknown, JobDefinition> = standardSchemaResolver(jobSchema);
export function useDeploymentForm() {
  return useForm<DeploymentCreateBodyInput, unknown, DeploymentCreateBody>({
    resolver: standardSchemaResolver(deploymentSchema),
  });
}
const jobResolver = standardSchemaResolver(jobSchema);
export function useWrongForm() {
  // @ts-expect-error TS2322 a job definition resolver is not a deployment form's
  return useForm<DeploymentCreateBodyInput, unknown, DeploymentCreateBody>({ resolver: jobResolver });
}

// Conform (future API): the submitted value is typed by the schema's output.
export function useConformJob() {
  return useConformForm(jobSchema, {
    onSubmit(_event, { value }) {
      const def: JobDefinition = value;
      console.log(def.ops.length);
    },
  });
}
