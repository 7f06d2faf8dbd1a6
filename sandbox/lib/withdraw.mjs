// The withdraw transaction (§4.7): a real Solana transaction, partially signed by the vault, with the
// owner as fee payer, built with @solana/kit (the library @nosana/kit itself uses, so the official client
// decodes it). It moves the vault's NOS (an SPL transfer into the owner's associated token account,
// created if missing) and its SOL to the owner. The sandbox has no chain: the blockhash is made up,
// and nothing is ever sent.
import { createHash, sign } from 'node:crypto';
import {
  AccountRole, address, appendTransactionMessageInstructions, compileTransaction, createTransactionMessage,
  getAddressEncoder, getBase64EncodedWireTransaction, getProgramDerivedAddress, pipe,
  setTransactionMessageFeePayer, setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';
import bs58 from 'bs58';
import { privateKeyObject } from './crypto.mjs';

export const NOS_MINT = address('nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7');
const TOKEN_PROGRAM = address('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
const ASSOCIATED_TOKEN_PROGRAM = address('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA1knL');
const SYSTEM_PROGRAM = address('11111111111111111111111111111111');

/** The associated token account of `owner` for `mint`. */
async function associatedTokenAccount(owner, mint) {
  const enc = getAddressEncoder();
  const [ata] = await getProgramDerivedAddress({ programAddress: ASSOCIATED_TOKEN_PROGRAM, seeds: [enc.encode(owner), enc.encode(TOKEN_PROGRAM), enc.encode(mint)] });
  return ata;
}

const u64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };

/**
 * @param {{ vault: string, owner: string, secret: string, balance: {SOL: number, NOS: number} }} v the vault record (secret: hex seed)
 * @param {number} nowMs simulated time (only seeds the made-up blockhash)
 * @returns {Promise<string>} the base64 wire transaction
 */
export async function withdrawTransaction(v, nowMs) {
  const vault = address(v.vault);
  const owner = address(v.owner);
  const instructions = [];
  const nos = BigInt(Math.round(v.balance.NOS * 1e6));
  if (nos > 0n) {
    const from = await associatedTokenAccount(vault, NOS_MINT);
    const to = await associatedTokenAccount(owner, NOS_MINT);
    instructions.push({ programAddress: ASSOCIATED_TOKEN_PROGRAM, data: new Uint8Array([1]), accounts: [ // CreateIdempotent
      { address: owner, role: AccountRole.WRITABLE_SIGNER }, { address: to, role: AccountRole.WRITABLE },
      { address: owner, role: AccountRole.READONLY }, { address: NOS_MINT, role: AccountRole.READONLY },
      { address: SYSTEM_PROGRAM, role: AccountRole.READONLY }, { address: TOKEN_PROGRAM, role: AccountRole.READONLY }] });
    instructions.push({ programAddress: TOKEN_PROGRAM, data: new Uint8Array(Buffer.concat([Buffer.from([3]), u64(nos)])), accounts: [ // Transfer
      { address: from, role: AccountRole.WRITABLE }, { address: to, role: AccountRole.WRITABLE }, { address: vault, role: AccountRole.READONLY_SIGNER }] });
  }
  const lamports = BigInt(Math.round(v.balance.SOL * 1e9));
  if (lamports > 0n) {
    const data = Buffer.alloc(12); data.writeUInt32LE(2); data.writeBigUInt64LE(lamports, 4); // SystemProgram Transfer
    instructions.push({ programAddress: SYSTEM_PROGRAM, data: new Uint8Array(data), accounts: [
      { address: vault, role: AccountRole.WRITABLE_SIGNER }, { address: owner, role: AccountRole.WRITABLE }] });
  }
  const blockhash = /** @type {any} */ (bs58.encode(createHash('sha256').update(`sandbox blockhash ${v.vault} ${nowMs}`).digest()));
  const message = pipe(
    createTransactionMessage({ version: 'legacy' }),
    (m) => setTransactionMessageFeePayer(owner, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash, lastValidBlockHeight: 0n }, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  const tx = compileTransaction(message);
  const signature = sign(null, Buffer.from(tx.messageBytes), privateKeyObject(Buffer.from(v.secret, 'hex')));
  return getBase64EncodedWireTransaction({ ...tx, signatures: { ...tx.signatures, [vault]: new Uint8Array(signature) } });
}
