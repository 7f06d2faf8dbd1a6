// SSH public key lines for tests: a blob is an SSH string naming the algorithm, then key material.
import { createHash } from 'node:crypto';

/** `uint32 length ‖ bytes` */
export const sshString = (bytes) => { const b = Buffer.from(bytes); const l = Buffer.alloc(4); l.writeUInt32BE(b.length); return Buffer.concat([l, b]); };

/** A key line `<algorithm> <base64 blob>[ comment]`; the material is derived from `seed`, so lines are stable. */
export function sshKey(algorithm = 'ssh-ed25519', seed = 'a', comment) {
  const material = sshString(createHash('sha256').update(`${algorithm}:${seed}`).digest());
  const line = `${algorithm} ${Buffer.concat([sshString(algorithm), material]).toString('base64')}`;
  return comment === undefined ? line : `${line} ${comment}`;
}
