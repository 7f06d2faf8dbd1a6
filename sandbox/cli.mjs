#!/usr/bin/env node
// node sandbox/cli.mjs --port 8787 [--host 127.0.0.1] [--time-scale N] [--start-at ISO] [--strict] [--persist file] [--seed]
//                      [--job-run-seconds N] [--queue-delay-seconds N] [--dm-cors]
import { startSandbox, DEMO_API_KEY } from './server.mjs';

const args = process.argv.slice(2);
const opts = { port: 8787, seed: false, strict: false };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const val = () => { const v = args[++i]; if (v === undefined) { console.error(`missing value for ${a}`); process.exit(2); } return v; };
  switch (a) {
    case '--port': opts.port = Number(val()); break;
    case '--host': opts.host = val(); break;
    case '--time-scale': opts.timeScale = Number(val()); break;
    case '--start-at': opts.startAt = val(); break;
    case '--strict': opts.strict = true; break;
    case '--persist': opts.persistFile = val(); break;
    case '--seed': opts.seed = true; break;
    case '--job-run-seconds': opts.jobRunSeconds = Number(val()); break;
    case '--queue-delay-seconds': opts.queueDelaySeconds = Number(val()); break;
    case '--dm-cors': opts.corsAllowAllMethods = false; break;
    case '-h': case '--help':
      console.log('usage: node sandbox/cli.mjs [--port 8787] [--host 127.0.0.1] [--time-scale N] [--start-at ISO] [--strict] [--persist file] [--seed] [--job-run-seconds N] [--queue-delay-seconds N] [--dm-cors]');
      process.exit(0);
    default: console.error(`unknown option ${a}`); process.exit(2);
  }
}

const sb = await startSandbox(opts);
console.log(`Nosana Deployments sandbox listening on ${sb.url}`);
console.log(`  DM paths:      ${sb.url}/deployments/...`);
console.log(`  gateway paths: ${sb.url}/api/deployments/...`);
console.log(`  time scale: ${sb.clock.timeScale}x${opts.strict ? ', strict mode' : ''}${opts.persistFile ? `, persisting to ${opts.persistFile}` : ''}`);
if (sb.demoWallet) {
  console.log('Demo wallet (PUBLIC THROW-AWAY KEY, sandbox only, never fund it on a real network):');
  console.log(`  address:           ${sb.demoWallet.address}`);
  console.log(`  secret seed (hex): ${sb.demoWallet.secretHex}`);
  console.log(`  secret seed (b58): ${sb.demoWallet.secretBase58}`);
  console.log(`  solana keypair (64-byte, b58): ${sb.demoWallet.keypairBase58}`);
  console.log(`  API key (Authorization: Bearer): ${DEMO_API_KEY}`);
}
const shutdown = async () => { await sb.close(); process.exit(0); };
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
