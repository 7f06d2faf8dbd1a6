// The sandbox's simulated clock. Everything the worker does is timed by it, so a test that starts it
// at a fixed instant with `timeScale: 0` (frozen) and moves it only with `advance` never depends on
// the wall clock.

/**
 * @typedef {object} ClockOptions
 * @property {number} [timeScale] simulated ms per real ms (default 1); 0 freezes the clock between `advance` calls
 * @property {number|string|Date} [startAt] the simulated instant to start at (default: the real time now)
 * @property {() => number} [realNow] the real time source, unix ms (default Date.now)
 */

/**
 * `now()` = startAt + elapsed real time × timeScale + everything `advance`d.
 * @param {ClockOptions|number} [options] a number is taken as the time scale (the old signature)
 */
export function createClock(options = {}) {
  const o = typeof options === "number" ? { timeScale: options } : options;
  const realNow = o.realNow ?? Date.now;
  const scale0 = o.timeScale ?? 1;
  if (!(scale0 >= 0)) throw new RangeError(`timeScale must be a number >= 0, got ${scale0}`);
  const start = o.startAt === undefined ? realNow() : toMs(o.startAt);
  let simAnchor = start; // simulated time at realAnchor, advances included
  let realAnchor = realNow();
  let scale = scale0;
  const clock = {
    get timeScale() {
      return scale;
    },
    /** simulated unix ms */
    now() {
      return Math.floor(simAnchor + (realNow() - realAnchor) * scale);
    },
    /** jump simulated time forward (never back) */
    advance(ms) {
      simAnchor += Math.max(0, Number(ms) || 0);
      return clock.now();
    },
    /** change speed without jumping */
    setTimeScale(s) {
      if (!(s >= 0)) throw new RangeError(`timeScale must be a number >= 0, got ${s}`);
      simAnchor = clock.now();
      realAnchor = realNow();
      scale = s;
    },
  };
  return clock;
}

/** @param {number|string|Date} v */
function toMs(v) {
  const ms = v instanceof Date ? v.getTime() : typeof v === "string" ? Date.parse(v) : v;
  if (!Number.isFinite(ms)) throw new RangeError(`startAt must be a date, an ISO string or unix ms, got ${String(v)}`);
  return ms;
}
