// §2.1 wallet auth: x-user-id + authorization, checked like @nosana/authorization `validate`.
import { validateAuthorization } from '../crypto.mjs';
import { HttpError, internalError } from './errors.mjs';

/**
 * The caller's address, or an HttpError with the DM's answer. Expiry uses real time, not simulated time.
 * @param {Record<string, any>} headers @param {(why: string) => void} refused called with the reason of a refusal
 * @returns {string}
 */
export function authenticate(headers, refused) {
  const id = headers['x-user-id'];
  const auth = headers.authorization;
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
