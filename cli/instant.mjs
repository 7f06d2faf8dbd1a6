// `--from` for `schedule`: a strict ISO-8601 date or date and time, read here rather than by
// Date.parse, which accepts almost anything ("0" is the year 2000, "Feb 30" rolls over into March)
// and reads a time without an offset in the machine's time zone. Here a time without an offset is
// UTC, as every time the command prints, and what does not exist in the calendar is refused.

/** The JavaScript Date range, in ms from the epoch: ±100,000,000 days (ECMA-262 § 21.4.1.1). */
export const DATE_LIMIT_MS = 8.64e15;

const ISO =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y, m) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y, m, d) {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * `text` → `{ ms }` (ms from the epoch, within the Date range) or `{ reason }` (why not, in a few
 * words). Fractions of a second beyond milliseconds are dropped.
 */
export function parseInstant(text) {
  const m = ISO.exec(text);
  if (!m && /^\d{5,}-/.test(text))
    return { reason: "a year of more than 4 digits is written with a sign and 6 digits (+YYYYYY)" };
  if (!m) return { reason: "not an ISO-8601 date or date and time" };
  const [, ys, mos, ds, hs = "0", mis = "0", ss = "0", frac = "", zone = "Z"] = m;
  if (ys === "-000000") return { reason: "the year -000000 is not allowed (write 0000)" };
  const [y, mo, d, h, mi, s] = [ys, mos, ds, hs, mis, ss].map(Number);
  if (mo < 1 || mo > 12) return { reason: `there is no month ${mos}` };
  if (d < 1 || d > daysIn(y, mo)) return { reason: `${MONTHS[mo - 1]} ${y} has no day ${ds}` };
  if (h > 23 || mi > 59 || s > 59) return { reason: `${hs}:${mis}${m[6] ? `:${ss}` : ""} is not a time of day` };
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || "0")];
    if (oh > 23 || om > 59) return { reason: `${zone} is not a time zone offset` };
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const millis = Number(frac.slice(0, 3).padEnd(3, "0"));
  const ms = daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi - offsetMinutes) * 60 + s) * 1000 + millis;
  if (Math.abs(ms) > DATE_LIMIT_MS) {
    return {
      reason: `outside the range of JavaScript dates (${new Date(-DATE_LIMIT_MS).toISOString()} to ${new Date(DATE_LIMIT_MS).toISOString()})`,
    };
  }
  return { ms };
}
