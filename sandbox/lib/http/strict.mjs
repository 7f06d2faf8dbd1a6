// Strict mode: refused requests and responses off the OpenAPI document are recorded as violations.
import { formatAjvErrors } from '../openapi.mjs';

// Known places where the real DM's output does not match its own OpenAPI document.
const KNOWN_MISMATCH = [
  (op, e) => op.endsWith('/jobs/{job}') && e.instancePath === '/node', // system program id for "no node"
];

/**
 * @param {{ strict: boolean, state: import('../state.mjs').SandboxState, oas: import('../openapi.mjs').OpenApi,
 *   log: (m: string) => void, onStrictViolation?: (v: any) => void }} o
 */
export function createStrict({ strict, state, oas, log, onStrictViolation }) {
  /** Record a violation; in strict mode also log it and pass it on. */
  const violation = (v) => {
    state.strictViolations.push(v);
    if (strict) {
      log(`sandbox strict: ${v.kind} ${v.route}: ${v.message}`);
      onStrictViolation?.(v);
    }
  };
  /** Validate a JSON response against its declared schema (strict mode only). */
  const checkResponse = (op, status, body, contentType) => {
    // text/plain 401s ("Unauthorized, missing or invalid headers") are a known mismatch too
    if (!strict || status === 401 || !contentType.startsWith('application/json')) return;
    const v = oas.responseValidator(op, status);
    if (!v || v(structuredClone(body))) return;
    const errs = (v.errors ?? []).filter((e) => !KNOWN_MISMATCH.some((k) => k(op, e)));
    if (errs.length) violation({ kind: 'response', route: op, status, message: formatAjvErrors(errs, 'response'), body });
  };
  let frameValidator = null;
  /** Validate one SSE frame against DeploymentStreamEvent (strict mode only). */
  const checkFrame = (frame) => {
    if (!strict) return;
    frameValidator ??= oas.validator({ $ref: 'oas.json#/components/schemas/DeploymentStreamEvent' }, 'DeploymentStreamEvent');
    if (!frameValidator(structuredClone(frame))) {
      violation({ kind: 'response', route: 'GET /deployments/{deployment}/stream', message: formatAjvErrors(frameValidator.errors, 'frame'), body: frame });
    }
  };
  return { violation, checkResponse, checkFrame };
}
