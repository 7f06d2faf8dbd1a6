// Bitcoin-alphabet base58 (the one Solana uses). Small, dependency-free.
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** @param {Uint8Array} bytes @returns {string} */
export function base58Encode(bytes) {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  /** @type {number[]} little-endian base-58 digits */
  const digits = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i];
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j] << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) { digits.push(carry % 58); carry = (carry / 58) | 0; }
  }
  let out = '1'.repeat(zeros);
  for (let i = digits.length - 1; i >= 0; i--) out += ALPHABET[digits[i]];
  return out;
}

/** @param {string} str @returns {Uint8Array} throws on a character outside the alphabet */
export function base58Decode(str) {
  if (typeof str !== 'string') throw new TypeError('base58: expected a string');
  let zeros = 0;
  while (zeros < str.length && str[zeros] === '1') zeros++;
  /** @type {number[]} little-endian bytes */
  const bytes = [];
  for (let i = zeros; i < str.length; i++) {
    const v = INDEX.get(str[i]);
    if (v === undefined) throw new Error(`base58: invalid character ${JSON.stringify(str[i])}`);
    let carry = v;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) { bytes.push(carry & 0xff); carry >>= 8; }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let i = 0; i < bytes.length; i++) out[zeros + i] = bytes[bytes.length - 1 - i];
  return out;
}
