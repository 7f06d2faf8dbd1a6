import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidSshPublicKey, sshKeySetError, collapseSshKeys, sshKeyIdentity, withSsh, withoutSsh, sshKeysOf } from '../lib/ssh.mjs';
import { sshKey, sshString } from './sshkeys.mjs';

const ed = sshKey('ssh-ed25519', 'a');
const blobOf = (line) => line.split(' ')[1];
const b64 = (buf) => Buffer.from(buf).toString('base64');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** The same base64 with a non-zero unused bit in the last data character (decodes to the same bytes). */
const dirtyPadding = (text) => text.replace(/(.)(=+)$/, (_, c, pad) => ALPHABET[ALPHABET.indexOf(c) + 1] + pad);
/** A key whose blob holds `+` or `/`, so that the URL-safe alphabet differs. */
const withPlusOrSlash = (() => { for (let i = 0; ; i++) { const k = sshKey('ssh-ed25519', `u${i}`); if (/[+/]/.test(blobOf(k))) return k; } })();
const odd = b64(Buffer.concat([sshString('ssh-ed25519'), Buffer.from([1, 2])])); // 17 bytes: one `=`, 2 unused bits

// one row per rule of §6.1 (addendum), valid and invalid cases
const CASES = [
  ['trim: leading/trailing whitespace and a trailing newline', `  ${ed}\n`, true],
  ['non-empty', '   ', false],
  ['length: 8192 characters is the limit', `${ed} ${'c'.repeat(8192 - ed.length - 1)}`, true],
  ['length: 8193 characters', `${ed} ${'c'.repeat(8193 - ed.length - 1)}`, false],
  ['one line: CR inside', `${ed}\rsecond`, false],
  ['one line: LF inside', `ssh-ed25519\n${blobOf(ed)}`, false],
  ['fields: tabs and repeated spaces separate', `ssh-ed25519\t  ${blobOf(ed)}\tme@host`, true],
  ['fields: a single-word comment', `${ed} me@host`, true],
  ['fields: a comment with a space (4 fields)', `${ed} my laptop`, false],
  ['fields: an authorized_keys option prefix', `no-pty ${ed}`, false],
  ['fields: the algorithm alone', 'ssh-ed25519', false],
  ...['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com']
    .map((alg) => [`algorithm: ${alg}`, sshKey(alg), true]),
  ['algorithm: ssh-dss rejected', sshKey('ssh-dss'), false],
  ['algorithm: rsa-sha2-256 rejected', sshKey('rsa-sha2-256'), false],
  ['algorithm: a certificate rejected', sshKey('ssh-ed25519-cert-v01@openssh.com'), false],
  ['algorithm: case-sensitive', sshKey('ssh-ed25519').replace('ssh-ed25519 ', 'SSH-ED25519 '), false],
  ['base64: unpadded', `ssh-ed25519 ${odd.replace(/=+$/, '')}`, false],
  ['base64: URL-safe alphabet', `ssh-ed25519 ${blobOf(withPlusOrSlash).replace(/\+/g, '-').replace(/\//g, '_')}`, false],
  ['base64: padding inside', `ssh-ed25519 AAAA=AAA${blobOf(ed)}`, false],
  ['base64: non-zero unused bits before the padding', `ssh-ed25519 ${dirtyPadding(odd)}`, false],
  ['base64: zero unused bits (canonical)', `ssh-ed25519 ${odd}`, true],
  ['blob: the first string names another algorithm', `ssh-ed25519 ${blobOf(sshKey('ssh-rsa'))}`, false],
  ['blob: no key material after the name', `ssh-ed25519 ${b64(sshString('ssh-ed25519'))}`, false],
  ['blob: an empty name', `ssh-ed25519 ${b64(Buffer.concat([sshString(''), Buffer.from([1, 2, 3])]))}`, false],
  ['blob: a length beyond the blob', `ssh-ed25519 ${b64(Buffer.concat([Buffer.from([0, 0, 0, 200]), Buffer.from('ssh-ed25519')]))}`, false],
  ['not checked: the key material itself', `ecdsa-sha2-nistp256 ${b64(Buffer.concat([sshString('ecdsa-sha2-nistp256'), sshString('nistp384'), Buffer.from([4])]))}`, true],
];

for (const [name, key, valid] of CASES) {
  test(`ssh key rule — ${name}`, () => assert.equal(isValidSshPublicKey(key), valid, key));
}

test('ssh key set: first bad index, identities collapse, 10 keys, 65536 bytes, errors joined', () => {
  assert.equal(sshKeySetError([]), null, 'an empty set is valid');
  assert.equal(sshKeySetError([ed, 'nope', 'also bad']), 'public_keys[1] is not a valid OpenSSH public key (expected "<algorithm> <base64> [comment]").');
  const ten = Array.from({ length: 10 }, (_, i) => sshKey('ssh-ed25519', `k${i}`));
  assert.equal(sshKeySetError(ten), null);
  assert.equal(sshKeySetError([...ten, `${ten[0]} other-comment`]), null, 'same type and blob: collapsed, not an 11th key');
  assert.equal(sshKeySetError([...ten, sshKey('ssh-ed25519', 'k10')]), 'A job can contain at most 10 SSH public keys.');
  const big = (i) => `${sshKey('ssh-ed25519', `b${i}`)} ${'c'.repeat(8000)}`;
  assert.equal(sshKeySetError(Array.from({ length: 8 }, (_, i) => big(i))), null, '8 × ~8 KB ≤ 65536');
  const huge = Array.from({ length: 9 }, (_, i) => big(i));
  assert.equal(sshKeySetError(huge), 'SSH public keys can use at most 65536 bytes in total.');
  const both = [...huge, ...Array.from({ length: 2 }, (_, i) => sshKey('ssh-ed25519', `x${i}`))];
  assert.equal(sshKeySetError(both), 'A job can contain at most 10 SSH public keys. SSH public keys can use at most 65536 bytes in total.');
  assert.deepEqual(collapseSshKeys([` ${ed} a`, `${ed} b`, sshKey('ssh-rsa')]), [`${ed} a`, sshKey('ssh-rsa')]);
  assert.equal(sshKeyIdentity(`  ${ed}\tcomment `), ed);
});

test('ssh blocks: split off a definition, merged back, absent without keys', () => {
  const jd = { version: '0.1', type: 'container', ops: [], ssh: { public_keys: [` ${ed} `, ' '] } };
  assert.deepEqual(sshKeysOf(jd), [ed]);
  assert.equal(sshKeysOf({ ...jd, ssh: { public_keys: [' '] } }), null, 'only blanks: keep the current keys');
  assert.deepEqual(withoutSsh(jd), { version: '0.1', type: 'container', ops: [] });
  assert.deepEqual(withSsh(withoutSsh(jd), [ed]).ssh, { public_keys: [ed] });
  assert.equal('ssh' in withSsh(jd, []), false);
});
