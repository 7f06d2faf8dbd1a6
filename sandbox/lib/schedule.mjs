// Cron evaluation for the SCHEDULED strategy with cron-parser, the library the DM's worker uses,
// always in UTC whatever the machine's time zone.
import { CronExpressionParser } from "cron-parser";

/**
 * The next fire strictly after `afterMs`. Throws on an expression cron-parser refuses (e.g.
 * `61 * * * *`, `0 0 31 2 *`).
 * @param {string} expr @param {number} afterMs unix ms @returns {number} unix ms
 */
export function nextCronFire(expr, afterMs) {
  return CronExpressionParser.parse(String(expr), { currentDate: new Date(afterMs), tz: "UTC" })
    .next()
    .getTime();
}
