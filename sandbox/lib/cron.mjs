// A tiny 5-field cron evaluator (minute hour day-of-month month day-of-week), UTC,
// enough for the sandbox's SCHEDULED strategy. Supports *, lists, ranges, steps,
// month/day names, and 7 = Sunday. Not supported (throws): L, W, #, ?, H.
// Vixie semantics: when both day-of-month and day-of-week are restricted, either may match.
const NAMES = {
  month: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  dow: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dom', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: NAMES.month, offset: 1 },
  { name: 'dow', min: 0, max: 7, names: NAMES.dow, offset: 0 },
];

function parseValue(v, f) {
  const lower = v.toLowerCase();
  if (f.names) {
    const i = f.names.indexOf(lower);
    if (i >= 0) return i + f.offset;
  }
  if (!/^\d+$/.test(v)) throw new Error(`cron: invalid ${f.name} value ${JSON.stringify(v)}`);
  const n = Number(v);
  if (n < f.min || n > f.max) throw new Error(`cron: ${f.name} value ${n} out of range`);
  return n;
}

function parseField(text, f) {
  const set = new Set();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron: invalid step in ${JSON.stringify(part)}`);
    let lo, hi;
    if (range === '*') { lo = f.min; hi = f.max; }
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = parseValue(a, f); hi = parseValue(b, f);
      if (lo > hi) throw new Error(`cron: inverted range ${JSON.stringify(range)}`);
    } else { lo = parseValue(range, f); hi = stepText === undefined ? lo : f.max; }
    for (let v = lo; v <= hi; v += step) set.add(f.name === 'dow' && v === 7 ? 0 : v);
  }
  return { set, star: text === '*' || text.startsWith('*/') };
}

/** @param {string} expr @returns {{minute:Set<number>,hour:Set<number>,dom:Set<number>,month:Set<number>,dow:Set<number>,domStar:boolean,dowStar:boolean}} */
export function parseCron(expr) {
  const parts = String(expr).trim().split(/\s+/);
  if (parts.length !== 5) throw new Error('cron: expected 5 fields');
  const r = /** @type {any} */ ({});
  FIELDS.forEach((f, i) => {
    const { set, star } = parseField(parts[i], f);
    r[f.name] = set;
    if (f.name === 'dom') r.domStar = star;
    if (f.name === 'dow') r.dowStar = star;
  });
  return r;
}

/**
 * Next fire strictly after `afterMs` (UTC). Throws if the expression is invalid or never fires
 * within ~5 years (e.g. `0 0 31 2 *`).
 * @param {string} expr @param {number} afterMs @returns {number} ms
 */
export function nextCronFire(expr, afterMs) {
  const c = parseCron(expr);
  const d = new Date(Math.floor(afterMs / 60000) * 60000 + 60000);
  const limit = afterMs + 5 * 366 * 24 * 3600 * 1000;
  while (d.getTime() < limit) {
    if (!c.month.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1); d.setUTCHours(0, 0, 0, 0); continue;
    }
    const domOk = c.dom.has(d.getUTCDate());
    const dowOk = c.dow.has(d.getUTCDay());
    const dayOk = c.domStar && c.dowStar ? true : c.domStar ? dowOk : c.dowStar ? domOk : domOk || dowOk;
    if (!dayOk) { d.setUTCDate(d.getUTCDate() + 1); d.setUTCHours(0, 0, 0, 0); continue; }
    if (!c.hour.has(d.getUTCHours())) { d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0); continue; }
    if (!c.minute.has(d.getUTCMinutes())) { d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0); continue; }
    return d.getTime();
  }
  throw new Error('cron: expression never fires');
}
