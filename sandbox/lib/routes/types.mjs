// Shared shapes of the route modules (types only).

/**
 * What route handlers get to work with.
 * @typedef {object} Deps
 * @property {import('../state.mjs').SandboxState} state
 * @property {ReturnType<typeof import('../http/serialize.mjs').serializers>} ser
 * @property {{SOL: number, NOS: number}} newVaultBalance
 * @property {ReturnType<typeof import('../streams.mjs').createStreams>} streams
 */

/**
 * One API route. `load`: resolve `ctx.deployment` from the `:deployment` param (404 for another
 * owner's); `active`: refuse an ARCHIVED deployment; `stream`: the SSE route (sse-reset faults apply);
 * `defaultEmptyBody`: a missing body is validated and handled as `{}`.
 * @typedef {{ method: string, url: string, load?: boolean, active?: boolean, stream?: boolean, defaultEmptyBody?: boolean,
 *   handler: (ctx: any) => ({ status?: number, body: any } | undefined) }} RouteDef
 */

export {};
