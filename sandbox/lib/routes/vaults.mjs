// Vault routes (§4.7): list, get-or-create, withdraw.
import { byCreated } from '../state.mjs';
import { fail } from '../http/errors.mjs';
import { withdrawTransaction } from '../withdraw.mjs';

/** @param {import('./types.mjs').Deps} deps */
export function vaultRoutes({ state, ser, newVaultBalance }) {
  return [
    { method: 'GET', url: '/deployments/vaults', handler: (ctx) => ({
      body: state.data.vaults.filter((v) => v.owner === ctx.user).sort(byCreated).map(ser.vault) }) },
    { method: 'POST', url: '/deployments/vaults/create', handler: (ctx) => ({
      body: ser.vault(state.oldestVault(ctx.user) ?? state.createVault(ctx.user, newVaultBalance)) }) },
    { method: 'POST', url: '/deployments/vaults/:vault/withdraw', async handler(ctx) {
      const v = state.vault(ctx.params.vault);
      if (!v || v.owner !== ctx.user) throw fail(404, 'Vault not found.');
      if (!(v.balance.SOL > 0) && !(v.balance.NOS > 0)) throw fail(500, 'Vault has no funds to withdraw.');
      return { body: { transaction: await withdrawTransaction(v, state.now()) } };
    } },
  ];
}
