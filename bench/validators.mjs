// The validators compared, set up the way their users set them up.

/**
 * ajv over the OpenAPI 3.0 components dump of @nosana/types' schemas: the whole components object is
 * added under an $id and `#/components/schemas/JobDefinition` is compiled. `strict: false` because the
 * dump carries OpenAPI keywords (`nullable` is understood by ajv; others are ignored); `allErrors`
 * so it reports every problem, as the other validators do.
 */
export function compileAjv(Ajv, spec) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: "nosana-job-definition", components: spec.components });
  return ajv.compile({ $ref: "nosana-job-definition#/components/schemas/JobDefinition" });
}
