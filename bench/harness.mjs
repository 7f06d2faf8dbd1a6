// Timing primitives: calibrated, warmed-up, interleaved rounds; median and spread.
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full collection before each case's round, so that a case does not pay for the garbage the case
// before it left (JSON.parse and typia allocate a tree per document; measured in one order, two of
// our rows doing the same work differed by 20% depending on which case ran before them).
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc");

/** Results are folded in here so no call can be optimised away; printed at the end of a run. */
export const sink = { value: 0 };

export function now() {
  return process.hrtime.bigint();
}

// On-CPU time of this process's main thread in nanoseconds (Linux: /proc/…/schedstat, the
// scheduler's own accounting). Unlike wall time it does not count time spent waiting for a CPU
// when the machine is busy, and unlike process.cpuUsage() it leaves out V8's background threads.
// Elsewhere: process.cpuUsage() (user + system, all threads).
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
let schedstatWorks = false;
try {
  schedstatWorks = Number(readFileSync(SCHEDSTAT, "utf8").split(" ")[0]) > 0;
} catch {}
export const CPU_CLOCK = schedstatWorks ? "main-thread schedstat" : "process.cpuUsage";
export function cpuNs() {
  if (schedstatWorks) return Number(readFileSync(SCHEDSTAT, "utf8").split(" ")[0]);
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/** Median, min, max, interquartile range, and the IQR as a fraction of the median. */
export function summarize(xs) {
  const med = median(xs);
  const q1 = quantile(xs, 0.25);
  const q3 = quantile(xs, 0.75);
  return {
    median: med,
    min: Math.min(...xs),
    max: Math.max(...xs),
    iqr: q3 - q1,
    spread: med > 0 ? (q3 - q1) / med : 0,
    samples: xs,
  };
}

/**
 * The ratio `numerator / denominator` of two cases measured in the same rounds, taken round by
 * round and then summarised: the median of per-round ratios. This machine's speed moves in phases
 * that last about as long as a round of all cases, and it does not slow every kind of code alike, so
 * a ratio of two medians can pair a case's fast rounds with another's slow ones (ours/JSON.parse
 * came out anywhere from 1.25× to 1.63× that way, at the same commit). Adjacent cases in short
 * rounds see the same phase; their per-round ratio is stable (docs/benchmarks.md, "Timing method").
 * `basis`: "wall" or "cpu".
 */
export function pairedRatio(timings, numerator, denominator, basis) {
  const series = (name) => (basis === "cpu" ? timings[name].cpu.samples : timings[name].samples);
  const top = series(numerator);
  const bottom = series(denominator);
  // A round whose clock did not move for either case (CPU time is accounted at scheduler events,
  // so a round that got almost no CPU can read 0) says nothing about the ratio: it is left out
  // and counted, instead of turning the median into 0 or Infinity.
  const kept = top.map((t, i) => [t, bottom[i]]).filter(([t, b]) => t > 0 && b > 0);
  if (kept.length === 0) throw new Error(`pairedRatio: no round timed both ${numerator} and ${denominator}`);
  const ratios = kept.map(([t, b]) => t / b);
  const { median: med, min, max, iqr, spread } = summarize(ratios);
  return {
    numerator,
    denominator,
    basis,
    median: med,
    q1: quantile(ratios, 0.25),
    q3: quantile(ratios, 0.75),
    min,
    max,
    iqr,
    spread,
    samples: ratios,
    droppedRounds: top.length - kept.length,
  };
}

/** Runs `fn` once over every input; returns elapsed nanoseconds. */
function pass(fn, inputs) {
  let acc = 0;
  const t0 = now();
  for (let i = 0; i < inputs.length; i++) acc += fn(inputs[i]);
  const t1 = now();
  sink.value += acc;
  return Number(t1 - t0);
}

/**
 * Measures every case in interleaved rounds (case A, B, C, then A, B, C again …) so a slow phase of
 * the machine hits all cases of a round; cases compared by `pairedRatio` should sit next to each
 * other, in rounds short enough that one phase covers both.
 * Each case: `{ name, fn, inputs }`, where `fn(input)` returns a number (folded into the sink).
 * Per case: warm-up for `warmupMs`, then `passes` chosen so that one round holds about `roundMs`
 * of work (on-CPU time; on a loaded machine its wall time is longer).
 * Result per case: nanoseconds per input (per call), one sample per round, by wall clock
 * (`process.hrtime.bigint()`) and by main-thread CPU time (`cpuNs`) over the same round: on a
 * machine busy with other work, wall time also measures the scheduler.
 */
export function measureCases(cases, { rounds, roundMs, warmupMs }) {
  const plan = cases.map((c) => {
    const start = now();
    const cpuStart = cpuNs();
    let runs = 0;
    let elapsed = 0;
    do {
      elapsed += pass(c.fn, c.inputs);
      runs++;
    } while (Number(now() - start) < warmupMs * 1e6 || runs < 2);
    // Calibrated on CPU time when the clock moved: on an overloaded machine wall time also counts
    // the wait for a CPU, and rounds sized by it held so little work that their CPU time often
    // read 0 (seen at load 11 on 2 cores: a per-document median of 0 µs). Idle, the two agree.
    const cpuElapsed = cpuNs() - cpuStart;
    const perPass = (cpuElapsed > 0 ? Math.min(elapsed, cpuElapsed) : elapsed) / runs;
    return { ...c, passes: Math.max(1, Math.round((roundMs * 1e6) / Math.max(perPass, 1))), samples: [] };
  });
  for (let r = 0; r < rounds; r++) {
    for (const c of plan) {
      collectGarbage();
      let elapsed = 0;
      const cpu0 = cpuNs();
      for (let p = 0; p < c.passes; p++) elapsed += pass(c.fn, c.inputs);
      const cpu = cpuNs() - cpu0;
      const calls = c.passes * c.inputs.length;
      c.samples.push(elapsed / calls);
      (c.cpuSamples ??= []).push(cpu / calls);
    }
  }
  const out = {};
  for (const c of plan) {
    const cpu = summarize(c.cpuSamples);
    out[c.name] = {
      ...summarize(c.samples),
      cpu: { median: cpu.median, spread: cpu.spread, samples: cpu.samples },
      callsPerRound: c.passes * c.inputs.length,
    };
  }
  return out;
}
