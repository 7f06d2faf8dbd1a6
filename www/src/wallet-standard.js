// Browser wallets (Phantom, Solflare, Backpack, …) through the Wallet Standard: the wallets that
// registered with the page, `standard:connect`, then `solana:signMessage`, adapted to the shape the
// library's DeploymentsClient signs with: `{ address, signMessage(bytes) → signature bytes }`.
import { getWallets } from "@wallet-standard/app";
import { StandardConnect } from "@wallet-standard/features";
import { SolanaSignMessage } from "@solana/wallet-standard-features";

/** Whether a registered wallet can do what the API's sign-in needs. */
export const usable = (wallet) =>
  Boolean(wallet?.features?.[StandardConnect] && wallet.features[SolanaSignMessage]) &&
  (wallet.chains ?? []).some((chain) => String(chain).startsWith("solana:"));

/**
 * Calls `onChange(wallets)` with the usable wallets now and whenever one registers or leaves.
 * @returns {() => void} stop listening
 */
export function watchWallets(onChange) {
  const registry = getWallets();
  const emit = () => onChange(registry.get().filter(usable));
  const offs = [registry.on("register", emit), registry.on("unregister", emit)];
  emit();
  return () => {
    for (const off of offs) off();
  };
}

/**
 * Asks the wallet for an account (`standard:connect`; the wallet may show its own prompt) and returns
 * the client's signer. The signature is of the bytes the client passes (the message
 * `NosanaApiAuthentication`), made by the wallet with `solana:signMessage`.
 */
export async function connectWallet(wallet) {
  const { accounts } = await wallet.features[StandardConnect].connect();
  const account = accounts.find((a) => (a.features ?? []).includes(SolanaSignMessage)) ?? accounts[0];
  if (!account) throw new Error(`${wallet.name} gave no account.`);
  const feature = wallet.features[SolanaSignMessage];
  return {
    address: account.address,
    name: wallet.name,
    async signMessage(bytes) {
      const [output] = await feature.signMessage({ account, message: bytes });
      if (!(output?.signature instanceof Uint8Array)) throw new Error(`${wallet.name} returned no signature.`);
      return output.signature;
    },
  };
}
