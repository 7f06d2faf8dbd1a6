// §2.1 wallet auth: x-user-id + authorization, checked like @nosana/authorization `validate`.
import { validateAuthorization } from '../crypto.mjs';
import { HttpError, internalError } from './errors.mjs';

/**
 * The caller's address, or an HttpError with the DM's answer. Expiry uses real time, not simulated time.
 * A registered API key (`Authorization: Bearer <key>`) stands for its owner, as the client manager does
 * when it swaps the key before forwarding (addendum §2); an unknown key falls through to wallet auth.
 * @param {Record<string, any>} headers @param {(why: string) => void} refused called with the reason of a refusal
 * @param {Map<string, string>} [apiKeys] API key → owner address
 * @returns {string}
 */
export function authenticate(headers, refused, apiKeys) {
  const id = headers['x-user-id'];
  const auth = headers.authorization;
  const bearer = /^Bearer (\S+)$/.exec(String(auth ?? ''));
  if (bearer && apiKeys?.has(bearer[1])) return /** @type {string} */ (apiKeys.get(bearer[1]));
  if (!id || !auth) {
    refused('missing x-user-id or authorization');
    throw new HttpError(401, 'Unauthorized, missing or invalid headers');
  }
  let ok;
  try { ok = validateAuthorization(auth, String(id), Date.now(), 300); } catch (err) {
    refused(`${err.message} (the DM answers 500)`);
    throw internalError();
  }
  if (!ok) {
    refused('signature does not match x-user-id');
    throw new HttpError(401, 'Unauthorized');
  }
  return String(id);
}
