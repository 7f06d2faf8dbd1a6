// Builds the seed corpora in fuzz/corpus/<target>/ from the job definition corpus vendored in
// tests/fixtures/corpus plus hand-written cron expressions, bodies and API responses. Generated, never committed (fuzz/.gitignore): rerun any time, it only adds files.
//   node fuzz/seed.mjs
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const FUZZ = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(FUZZ, "..");
const CORPUS = join(ROOT, "tests", "fixtures", "corpus");

const counts = {};
function seed(target, data) {
  const dir = join(FUZZ, "corpus", target);
  mkdirSync(dir, { recursive: true });
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const name = `seed-${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}`;
  writeFileSync(join(dir, name), bytes);
  counts[target] = (counts[target] ?? 0) + 1;
}

// --- job definitions (the vendored corpus) ---
const jobs = [];
if (!existsSync(CORPUS)) throw new Error(`fuzz/seed.mjs: no corpus at ${CORPUS}`);
for (const file of readdirSync(CORPUS)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  jobs.push(readFileSync(join(CORPUS, file), "utf8"));
}
jobs.push(
  JSON.stringify({
    version: "0.1",
    type: "container",
    ops: [{ type: "container/run", id: "hello", args: { image: "ubuntu", cmd: ["echo", "hello"] } }],
  }),
);

const MARKET = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU";
const bodies = [];
for (const text of jobs) {
  seed("json_text", text);
  let job;
  try {
    job = JSON.parse(text);
  } catch {
    continue;
  }
  bodies.push({ name: "n", market: MARKET, replicas: 1, timeout: 60, strategy: "SIMPLE", job_definition: job });
}
const job = bodies.length ? bodies[0].job_definition : {};
bodies.push(
  {
    name: "s",
    market: MARKET,
    replicas: 2,
    timeout: 120,
    strategy: "SCHEDULED",
    schedule: "*/5 * * * *",
    job_definition: job,
  },
  {
    name: "i",
    market: MARKET,
    replicas: 1,
    timeout: 600,
    strategy: "INFINITE",
    rotation_time: 30,
    job_definition: job,
  },
  {
    name: "e",
    market: MARKET,
    replicas: 1,
    timeout: 60.5,
    strategy: "SIMPLE-EXTEND",
    vault: MARKET,
    new_vault: true,
    confidential: true,
    autostart: false,
    job_definition: job,
  },
  { name: "", market: "0OIl", replicas: 0, timeout: 1e300, strategy: "x", job_definition: null },
  { name: "x" },
  { replicas: 3 },
  { timeout: 90 },
  { schedule: "0 0 29 2 1" },
  { active_revision: 1 },
  [],
  "text",
);
for (const body of bodies) {
  seed("deployment_body", JSON.stringify(body));
  seed("json_text", JSON.stringify(body, null, 2));
}

// --- json_parse: every document above, plus the corners where parsers differ ---
for (const text of jobs) seed("json_parse", text);
for (const body of bodies) seed("json_parse", JSON.stringify(body, null, 2));
for (const text of [
  "null",
  "true",
  "false",
  "0",
  "-0",
  "1",
  "-1",
  "0.5",
  "1e5",
  "1E+5",
  "1e-5",
  "-0.0e-0",
  "9007199254740993",
  "18446744073709551615",
  "18446744073709551616",
  "-9223372036854775809",
  "123456789012345678901234567890",
  "1.7976931348623157e308",
  "1e308",
  "1e309",
  "1e400",
  "-1e400",
  "4.9e-324",
  "2.4703282292062327e-324",
  "1e-400",
  "0.1",
  "0.30000000000000004",
  "2.2250738585072011e-308",
  "01",
  "1.",
  ".5",
  "+1",
  "-",
  "1e",
  "1e+",
  "--1",
  "0x10",
  "NaN",
  "Infinity",
  '""',
  '"a"',
  '"\\u0000"',
  '"\\ud83d\\ude00"',
  '"\\ud800"',
  '"\\udc00"',
  '"\\ud800\\ud800\\udc00"',
  '"\\ud800\\u0041"',
  '"\\ud800\\n"',
  '"\\uD834\\uDD1E"',
  '"\\u00e9é😀"',
  '"\\x"',
  '"\\u12"',
  '"a\tb"',
  '"\\/\\b\\f\\n\\r\\t\\\\\\""',
  "[]",
  "{}",
  "[1,2,3]",
  "[1,]",
  "[,1]",
  '{"a":1,}',
  '{"a" 1}',
  "{a:1}",
  '{"a":1,"a":2}',
  '{"a":{"b":1},"a":[2],"b":3,"a":null}',
  ' \t\r\n[ 1 , { "k" : [ ] } ] \n',
  "[1] x",
  "\ufeff{}",
  "[".repeat(127) + "]".repeat(127),
  "[".repeat(128) + "]".repeat(128),
  `${'{"a":'.repeat(127)}1${"}".repeat(127)}`,
]) {
  seed("json_parse", text);
}

// --- ranges: [n][n bytes of probe data][JSON text] ---
let rng = 12345;
const rand = () => (rng = (rng * 1103515245 + 12345) & 0x7fffffff) & 0xff;
for (const text of [...jobs, ...bodies.map((b) => JSON.stringify(b, null, 2))]) {
  const probe = Buffer.from(Array.from({ length: 64 }, rand));
  seed("ranges", Buffer.concat([Buffer.from([64]), probe, Buffer.from(text)]));
}

// --- cron: the target's `Input` is (start: i64 LE, start_is_float: u8, count: u8, expr: rest) ---
const CRONS = [
  "* * * * *",
  "*/5 * * * *",
  "0 0 * * *",
  "0 0 29 2 *",
  "0 0 30 2 *",
  "0 0 31 * *",
  "0 0 L * *",
  "0 0 * * 5L",
  "0 0 * * 1#2",
  "0 0 1,15 * 1-5",
  "*/20 9-10 * JAN-MAR MON-FRI",
  "0 0 * * 0,7",
  "0 0 1 1 *",
  "59 23 31 12 *",
  "0 12 * * ?",
  "0 0 15 * 0-6",
  "@daily",
  "0 0 * jan,jul *",
  "0 0 29 2 1",
  "0 0 1,L * *",
  "0 0 * * 2-7/2",
  "1-59/7 */3 1-31/2 */4 *",
  "0 0 * * 1#6",
  "* * * *",
];
const STARTS = [0n, 1_700_000_000_000n, -62_135_596_800_000n, 8_640_000_000_000_000n - 60_000n, 951_782_400_000n];
for (const expr of CRONS) {
  for (const start of STARTS) {
    const head = Buffer.alloc(10);
    head.writeBigInt64LE(start, 0);
    head[8] = 0;
    head[9] = 5;
    seed("cron", Buffer.concat([head, Buffer.from(expr)]));
  }
}

// --- API responses and SSE frames (targets exist once the client has landed) ---
const deployment = {
  id: "d1",
  name: "n",
  status: "RUNNING",
  strategy: "SIMPLE",
  replicas: 1,
  timeout: 60,
  market: MARKET,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
};
for (const body of [
  deployment,
  [deployment],
  { error: "nope" },
  { message: "Deployment not found" },
  { statusCode: 500, message: "x" },
  {},
  [],
  null,
  "x",
]) {
  seed("api_response", JSON.stringify(body));
}
for (const frame of [
  'data: {"status":"RUNNING"}\n\n',
  'event: status\ndata: {"a":1}\nid: 3\nretry: 1000\n\n',
  ": comment\n\ndata: a\ndata: b\n\n",
  "data:x\r\n\r\ndata: y\r\rdata: z\n\n",
  "event: end\ndata:\n\n",
]) {
  seed("sse", frame);
}

for (const [t, n] of Object.entries(counts)) console.log(`fuzz/corpus/${t}: ${n} seeds`);
