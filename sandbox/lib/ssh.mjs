// SSH public keys as the DM checks them (§6.1 of the addendum, @nosana/ssh `isValidSshPublicKey` and
// `requireSshPublicKeySet`): the sandbox plays the server, so it answers with the server's messages.

export const SSH_ALGORITHMS = new Set(['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com']);
export const MAX_SSH_KEYS = 10;
export const MAX_SSH_BYTES = 65536;
const MAX_LINE = 8192;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict canonical standard base64 → bytes, or null (unused bits before the padding must be zero). */
function decodeCanonicalBase64(text) {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** Whether one key line is a valid OpenSSH public key (`algorithm base64 [comment]`). */
export function isValidSshPublicKey(key) {
  if (typeof key !== 'string') return false;
  const line = key.trim();
  if (line === '' || line.length > MAX_LINE || /[\r\n]/.test(line)) return false;
  const fields = line.split(/\s+/);
  if (fields.length < 2 || fields.length > 3) return false;
  const [algorithm, blob] = fields;
  if (!SSH_ALGORITHMS.has(algorithm)) return false;
  const bytes = decodeCanonicalBase64(blob);
  if (!bytes || bytes.length < 4) return false;
  const nameLength = bytes.readUInt32BE(0);
  // the first SSH string must be non-empty, fit, be followed by key material, and name the algorithm
  if (nameLength === 0 || 4 + nameLength >= bytes.length) return false;
  return bytes.subarray(4, 4 + nameLength).toString('utf8') === algorithm;
}

/** A key's identity: its first two fields (the comment is ignored). */
export function sshKeyIdentity(key) {
  return String(key).trim().split(/\s+/).slice(0, 2).join(' ');
}

/** Keys trimmed, with later keys of an identity already seen dropped. */
export function collapseSshKeys(keys) {
  const seen = new Set();
  const out = [];
  for (const k of keys) {
    const line = String(k).trim();
    const id = sshKeyIdentity(line);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(line);
  }
  return out;
}

/**
 * The DM's answer to a key set: null when valid, else the error message (per key first, then the set caps).
 * @param {string[]} keys @param {string} [field] the name in the per-key message
 */
export function sshKeySetError(keys, field = 'public_keys') {
  const bad = keys.findIndex((k) => !isValidSshPublicKey(k));
  if (bad >= 0) return `${field}[${bad}] is not a valid OpenSSH public key (expected "<algorithm> <base64> [comment]").`;
  return sshKeyCapsError(collapseSshKeys(keys));
}

/** The set caps on distinct keys: count, then total UTF-8 bytes. Null when within them. */
export function sshKeyCapsError(distinct) {
  const errors = [];
  if (distinct.length > MAX_SSH_KEYS) errors.push(`A job can contain at most ${MAX_SSH_KEYS} SSH public keys.`);
  if (distinct.reduce((n, k) => n + Buffer.byteLength(k, 'utf8'), 0) > MAX_SSH_BYTES) errors.push(`SSH public keys can use at most ${MAX_SSH_BYTES} bytes in total.`);
  return errors.length ? errors.join(' ') : null;
}

/** `extractSsh`: the keys of a definition's ssh block, trimmed, blanks dropped (null when none remain). */
export function sshKeysOf(jobDefinition) {
  const list = jobDefinition?.ssh?.public_keys;
  if (!Array.isArray(list)) return null;
  const keys = list.map((k) => String(k).trim()).filter(Boolean);
  return keys.length ? keys : null;
}

/** A definition without its ssh block (revisions never hold keys). */
export function withoutSsh(jobDefinition) {
  if (!jobDefinition || typeof jobDefinition !== 'object' || !('ssh' in jobDefinition)) return jobDefinition;
  const { ssh, ...rest } = jobDefinition;
  return rest;
}

/** `injectSsh`: the definition with the keys merged in (no ssh block without keys). */
export function withSsh(jobDefinition, keys) {
  const bare = withoutSsh(jobDefinition);
  return keys?.length ? { ...bare, ssh: { public_keys: [...keys] } } : bare;
}
