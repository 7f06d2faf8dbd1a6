// Differential test: our schedule engine against the one the Deployments service runs,
// cron-parser@5 (the exact version pinned in package.json), in UTC. A seeded generator writes a few
// thousand expressions in every form our validator accepts (numbers, ranges, steps, lists, names,
// `?`, `L`, `nL`, `n#k`, 7 = Sunday); for each one it accepts, both engines compute the next fire
// times from fixed and from seeded start instants, and the times must be identical. An expression
// we accept and cron-parser throws on is a disagreement too: the service would fail on it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CronExpressionParser } from "cron-parser";
import { nextScheduleTimes, validateSchedule } from "nosana-deployments";

const EXPRESSIONS = 3000;
const COUNT = 6;

// Month ends, leap days (2024, 2000) and a non-leap century (2100), US and EU DST changes (no
// effect in UTC, which is the point), sub-minute and sub-second offsets, dates before 1970, and
// years beyond the usual ones (400-year calendar cycles on both sides of year 0). Not year 0
// itself: cron-parser 5.10.7 skips 0000-02-29, the last Tuesday of February 1 BC, for `0 0 * * 2L`
// (its years 400 and -400, the same calendar, are right).
const FIXED_STARTS = [
  "1970-01-01T00:00:00.000Z",
  "1969-12-31T23:59:59.999Z",
  "1900-02-28T23:59:00.000Z",
  "1999-12-31T23:59:59.999Z",
  "2000-02-28T23:00:00.000Z",
  "2023-02-28T23:59:00.000Z",
  "2024-02-28T23:59:30.500Z",
  "2024-02-29T12:00:00.000Z",
  "2026-01-31T03:00:00.000Z",
  "2026-03-08T01:59:59.999Z",
  "2026-03-29T00:59:00.000Z",
  "2026-04-30T23:59:59.000Z",
  "2026-10-25T00:30:00.000Z",
  "2026-11-01T05:59:00.000Z",
  "2026-12-31T23:59:00.000Z",
  "2099-12-31T23:59:00.000Z",
  "2100-02-28T23:59:00.000Z",
  "2399-12-31T23:00:00.000Z",
  "4999-12-31T23:00:00.000Z",
  "+012345-06-30T23:59:00.000Z",
  "0400-02-28T00:00:00.000Z",
  "-000400-02-28T00:00:00.000Z",
  "-001234-02-28T00:00:00.000Z",
].map((s) => Date.parse(s));

// A small deterministic PRNG (mulberry32), so a failure names a reproducible case.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function generator(random) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const casing = (name) => pick([name, name.toUpperCase(), name[0].toUpperCase() + name.slice(1)]);
  // A value written as a number or, in month and day-of-week, sometimes as a name.
  const value = (lo, hi, names, base) => {
    const v = int(lo, hi);
    const name = names?.[v - base];
    return name !== undefined && chance(0.4) ? casing(name) : String(v);
  };
  // One list item: a value, a range, a step over `*`, a value or a range.
  const item = (lo, hi, names, base) => {
    const kind = int(0, 9);
    if (kind <= 3) return value(lo, hi, names, base);
    const a = int(lo, hi);
    const b = int(a, hi);
    const name = (v) => (names?.[v - base] !== undefined && chance(0.3) ? casing(names[v - base]) : String(v));
    const step = pick([1, 2, 2, 3, 4, 5, 6, 7, 10, 15, 20, 30, 45]);
    if (kind <= 5) return `${name(a)}-${name(b)}`;
    if (kind === 6) return `*/${step}`;
    if (kind === 7) return `${name(a)}/${step}`;
    return `${a}-${b}/${step}`;
  };
  const list = (lo, hi, names, base, max = 3) =>
    Array.from({ length: chance(0.6) ? 1 : int(2, max) }, () => item(lo, hi, names, base)).join(",");
  const plain = (lo, hi, names, base) => (chance(0.25) ? "*" : list(lo, hi, names, base));

  const dayOfMonth = () => {
    const kind = int(0, 9);
    if (kind <= 2) return pick(["*", "*", "?"]);
    if (kind === 3) return "L";
    if (kind === 4) return `${list(1, 28)},L`;
    if (kind === 5) return list(20, 31);
    return list(1, 31);
  };
  const dayOfWeek = () => {
    const kind = int(0, 11);
    if (kind <= 3) return pick(["*", "*", "*", "?"]);
    if (kind === 4) return `${value(0, 7, [...DAYS, "sun"], 0)}L`;
    if (kind === 5) return `${list(0, 6, DAYS, 0, 2)},${int(0, 7)}L`;
    if (kind === 6) return `${value(0, 7, [...DAYS, "sun"], 0)}#${int(1, 5)}`;
    if (kind === 7) return `${int(0, 7)}-7${chance(0.5) ? `/${int(1, 4)}` : ""}`;
    return list(0, 7, DAYS, 0);
  };
  return () => {
    const minute = chance(0.5) ? String(int(0, 59)) : plain(0, 59);
    const hour = chance(0.5) ? String(int(0, 23)) : plain(0, 23);
    const month = chance(0.6) ? "*" : list(1, 12, MONTHS, 1);
    return `${minute} ${hour} ${dayOfMonth()} ${month} ${dayOfWeek()}`;
  };
}

function theirs(expr, from) {
  try {
    const it = CronExpressionParser.parse(expr, { currentDate: new Date(from), tz: "UTC" });
    return Array.from({ length: COUNT }, () => it.next().toDate().toISOString());
  } catch (error) {
    return `throws: ${error.message}`;
  }
}

function ours(expr, from) {
  try {
    return nextScheduleTimes(expr, { from, count: COUNT });
  } catch (error) {
    return `throws: ${error.message}`;
  }
}

test("next fire times equal cron-parser 5's for generated schedules (UTC)", () => {
  const random = rng(20261207);
  const next = generator(random);
  const seen = new Set();
  const disagreements = [];
  let accepted = 0;
  let compared = 0;
  for (let i = 0; seen.size < EXPRESSIONS && i < EXPRESSIONS * 20; i++) {
    const expr = next();
    if (seen.has(expr)) continue;
    seen.add(expr);
    if (!validateSchedule(expr).success) continue;
    accepted++;
    const randomStart = Date.UTC(1960, 0, 1) + Math.floor(random() * 240 * 365.25 * 86_400_000);
    const starts = [FIXED_STARTS[i % FIXED_STARTS.length], randomStart];
    for (const from of starts) {
      compared++;
      const expected = theirs(expr, from);
      const actual = ours(expr, from);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        disagreements.push({ expr, from: new Date(from).toISOString(), ours: actual, cronParser: expected });
      }
    }
  }
  // The generator has to reach the forms it is meant to test, or the comparison proves little.
  assert.ok(accepted >= EXPRESSIONS / 2, `only ${accepted} of ${seen.size} generated schedules are valid`);
  for (const form of [/L/, /#/, /\?/, /[a-z]{3}/i, /\//, /-/, /,/, /(^|[ ,-])7([ ,L#/-]|$)/]) {
    const count = [...seen].filter(
      (e) => validateSchedule(e).success && form.test(e.split(" ").slice(2).join(" ")),
    ).length;
    assert.ok(count >= 20, `only ${count} valid schedules with ${form} in the day and month fields`);
  }
  assert.deepEqual(
    disagreements.slice(0, 15),
    [],
    `${disagreements.length} of ${compared} comparisons (${accepted} valid schedules) disagree; the first ones are shown`,
  );
});
