// The official client as a second judge of the sandbox: @nosana/kit (pinned, what Nosana's users run)
// drives every deployment operation it offers against a sandbox, and every answer is checked against
// the OpenAPI document (openapi-judge.mjs). @nosana/kit 2.1.8 talks to the dashboard gateway: paths
// under /api/deployments/..., its base URL set by `api.backend_url`, wallet auth per request.
// Not the sandbox's: vault.getBalance and vault.topup read and write the chain through the Solana RPC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { verify } from 'node:crypto';
import bs58 from 'bs58';
import { createNosanaClient, NosanaNetwork, createHash, getExposeIdHash } from '@nosana/kit';
import { createKeyPairSignerFromBytes, decompileTransactionMessage, getBase64Encoder, getCompiledTransactionMessageDecoder, getTransactionDecoder } from '@solana/kit';
import { startSandbox } from '../../sandbox/server.mjs';
import { waitFor } from '../../sandbox/testkit.mjs';
import { walletFromSeed, publicKeyObject } from '../../sandbox/lib/crypto.mjs';
import { nginxJobDefinition, batchJobDefinition, DEFAULT_MARKET } from '../../sandbox/lib/jobdef.mjs';
import { createJudge } from './openapi-judge.mjs';

const START = Date.parse('2026-03-02T10:07:00.000Z');
const MINUTE = 60_000;

/** A Solana JSON-RPC stand-in: a blockhash for the kit's deserializeTransaction, and sendTransaction refused after recording it. */
async function startRpc(t) {
  const sent = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => { text += c; });
    req.on('end', () => {
      const { id, method, params } = JSON.parse(text);
      const reply = (o) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ jsonrpc: '2.0', id, ...o })); };
      if (method === 'getLatestBlockhash') return reply({ result: { context: { slot: 1 }, value: { blockhash: '11111111111111111111111111111111', lastValidBlockHeight: 100 } } });
      if (method === 'sendTransaction') { sent.push(params[0]); return reply({ error: { code: -32000, message: 'test RPC: recorded, not sent' } }); }
      return reply({ error: { code: -32601, message: `test RPC: no ${method}` } });
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${server.address().port}`, sent };
}

/** Record every answer the sandbox gives the kit (openapi-fetch takes globalThis.fetch when the client is made). */
function recordAnswers(t, base) {
  const answers = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const res = await realFetch(request);
    if (request.url.startsWith(base)) {
      const text = await res.clone().text();
      const contentType = res.headers.get('content-type');
      let body = text;
      if (contentType?.startsWith('application/json') && text) body = JSON.parse(text);
      answers.push({ method: request.method, path: new URL(request.url).pathname, status: res.status, contentType, body: text ? body : undefined });
    }
    return res;
  };
  t.after(() => { globalThis.fetch = realFetch; });
  return answers;
}

test('@nosana/kit drives every deployment operation against the sandbox; every answer matches the OpenAPI document', async (t) => {
  const sb = await startSandbox({ port: 0, timeScale: 0, startAt: START, strict: true, tickMs: 5, log: () => {} });
  t.after(() => sb.close());
  const rpc = await startRpc(t);
  const answers = recordAnswers(t, sb.url);
  const owner = walletFromSeed(Buffer.alloc(32, 7));
  const signer = await createKeyPairSignerFromBytes(bs58.decode(owner.keypairBase58));
  const client = createNosanaClient(NosanaNetwork.MAINNET, { api: { backend_url: sb.url }, solana: { rpcEndpoint: rpc.url }, wallet: signer, logLevel: 'none' });
  const api = client.api.deployments;
  const done = new Set();
  const op = async (name, fn) => { const out = await fn(); done.add(name); return out; };
  // the clock is frozen: only `sb.advance` moves it; work due "now" runs at the next worker tick
  const statusOf = (id, status) => waitFor(() => sb.state.deployment(id)?.status === status, 4000, `${id} ${status}`);

  // vaults
  const vault = await op('vaults.create', () => api.vaults.create());
  const vaults = await op('vaults.list', () => api.vaults.list());
  assert.deepEqual(vaults.map((v) => v.address), [vault.address]);

  // create, get, list (with its pagination), pipe
  const body = { name: 'kit web', market: DEFAULT_MARKET, replicas: 1, timeout: 60, strategy: 'SIMPLE', confidential: false, job_definition: nginxJobDefinition() };
  const web = await op('create', () => api.create(body));
  assert.equal(web.status, 'DRAFT');
  assert.equal(web.vault.address, vault.address);
  // the endpoint URL as the official @nosana/endpoints computes it
  assert.equal(web.endpoints[0].url, `https://${getExposeIdHash(createHash(`${web.id}:${vault.address}`, 45), 'nginx', 0)}.node.k8s.prd.nos.ci`);
  assert.equal((await op('get', () => api.get(web.id))).name, 'kit web');
  for (let i = 0; i < 10; i++) await api.create({ ...body, name: `kit batch ${i}`, job_definition: batchJobDefinition() });
  const page1 = await op('list', () => api.list({ limit: 10 }));
  assert.equal(page1.total_items, 11);
  const page2 = await page1.nextPage();
  assert.equal(page2.deployments.length, 1);
  await op('pipe', () => api.pipe(web.id, async (d) => assert.equal(d.id, web.id)));

  // start → RUNNING with a job; jobs, job detail (RUNNING), tasks, events, revisions, header
  await op('start', () => web.start());
  await statusOf(web.id, 'RUNNING');
  sb.advance(31_000); // the queue delay: the job gets a node
  const running = await api.get(web.id);
  assert.equal(running.status, 'RUNNING');
  const jobs = await op('getJobs', () => running.getJobs());
  assert.equal(jobs.jobs.length, 1);
  assert.equal((await op('getJob', () => running.getJob(jobs.jobs[0].job))).state, 1);
  await op('getTasks', () => running.getTasks());
  assert.ok((await op('getEvents', () => running.getEvents())).events.some((e) => e.type === 'JOB_LIST_CONFIRMED'));
  assert.equal((await op('getRevisions', () => running.getRevisions())).revisions.length, 1);
  assert.match(await op('generateAuthHeader', () => running.generateAuthHeader()), /^DEPLOYMENT_HEADER:/);
  await op('updateReplicaCount', () => running.updateReplicaCount(2));
  await op('updateTimeout', () => running.updateTimeout(90));
  await op('createRevision', () => running.createRevision(nginxJobDefinition('web2')));
  assert.equal(running.active_revision, 2);
  await op('updateActiveRevision', () => running.updateActiveRevision(1));

  // a SIMPLE job that ran to its end: the COMPLETED detail carries opStates[].diagnostics
  const batch = await api.create({ ...body, name: 'kit batch done', job_definition: batchJobDefinition(), timeout: 5 });
  await batch.start();
  await statusOf(batch.id, 'RUNNING');
  sb.advance(31_000);
  sb.advance(6 * MINUTE); // past its 5-minute timeout
  const finished = (await batch.getJobs()).jobs[0];
  assert.equal(finished.state, 'COMPLETED');
  const detail = await batch.getJob(finished.job);
  assert.deepEqual(detail.jobResult.opStates[0].diagnostics, { reason: { hostShutDown: false, jobStopped: false, jobExpired: false } });

  // a schedule change, then stop, archive and delete
  const cron = await api.create({ ...body, name: 'kit cron', strategy: 'SCHEDULED', schedule: '*/15 * * * *', job_definition: batchJobDefinition() });
  await op('updateSchedule', () => cron.updateSchedule('*/30 * * * *'));
  assert.equal(cron.schedule, '*/30 * * * *');
  const live = await api.get(web.id);
  await op('stop', () => live.stop());
  await statusOf(web.id, 'STOPPED');
  const stopped = await api.get(web.id);
  assert.equal(stopped.status, 'STOPPED');
  await op('archive', () => stopped.archive());
  const gone = await api.get(batch.id); // STOPPED once its only job completed
  assert.equal(gone.status, 'STOPPED');
  await op('delete', () => gone.delete());
  await assert.rejects(api.get(gone.id), /Deployment not found/);

  // withdraw: the kit decodes the sandbox's transaction, checks the fee payer, adds the owner's signature and sends it
  await assert.rejects(op('vault.withdraw', () => vault.withdraw()), (err) => {
    assert.match(String(err.details?.message ?? err.message), /Failed to send transaction/, 'failed only at the (test) RPC, after decoding and signing');
    return true;
  });
  done.add('vault.withdraw');
  assert.equal(rpc.sent.length, 1);
  const tx = getTransactionDecoder().decode(getBase64Encoder().encode(rpc.sent[0]));
  const message = decompileTransactionMessage(getCompiledTransactionMessageDecoder().decode(tx.messageBytes));
  assert.equal(message.feePayer.address, owner.address);
  for (const who of [owner.address, vault.address]) {
    assert.equal(verify(null, Buffer.from(tx.messageBytes), publicKeyObject(bs58.decode(who)), Buffer.from(tx.signatures[who])), true, `${who} signed`);
  }

  // every operation the kit offers for deployments and vaults, except the two that only touch the chain
  assert.deepEqual([...done].sort(), ['archive', 'create', 'createRevision', 'delete', 'generateAuthHeader', 'get', 'getEvents', 'getJob', 'getJobs',
    'getRevisions', 'getTasks', 'list', 'pipe', 'start', 'stop', 'updateActiveRevision', 'updateReplicaCount', 'updateSchedule', 'updateTimeout',
    'vault.withdraw', 'vaults.create', 'vaults.list']);

  // the judge: every answer the kit got, against the document
  const judge = createJudge();
  const verdicts = answers.map((a) => ({ ...judge.check(a.method, a.path, a.status, a.contentType, a.body), status: a.status }));
  const wrong = verdicts.filter((v) => v.errors.length);
  assert.deepEqual(wrong, [], JSON.stringify(wrong, null, 1));
  const operations = new Set(verdicts.map((v) => `${v.operation} ${v.status}`));
  assert.ok(operations.size >= 22, [...operations].join('\n'));
  assert.ok(operations.has('GET /deployments/{deployment}/jobs/{job} 200') && operations.has('GET /deployments/{deployment} 404'));
  assert.deepEqual(sb.state.strictViolations, []);
});
