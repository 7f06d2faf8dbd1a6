// How times and messages read on the page.
import { h } from "./dom.js";

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS = [
  ["year", 365 * 24 * 3600e3],
  ["month", 30 * 24 * 3600e3],
  ["day", 24 * 3600e3],
  ["hour", 3600e3],
  ["minute", 60e3],
  ["second", 1e3],
];

/** ISO string, unix seconds or ms → ms since epoch, or null. */
export function toMs(value) {
  if (value === null || value === undefined || value === "") return null;
  const ms = typeof value === "number" ? (value < 1e11 ? value * 1000 : value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** "3 minutes ago" / "in 2 hours", measured against `now` (the server's clock). */
export function relative(ms, now) {
  const diff = ms - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === "second") return RELATIVE.format(Math.round(diff / size), unit);
  }
  return "";
}

/** "2026-12-07 11:05:54 UTC". */
export function fullDate(ms) {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

/**
 * A <time> with the full date and the relative time ("2026-12-07 11:05 UTC · 3 minutes ago"); the
 * relative part is refreshed by `refreshTimes` against the same clock.
 */
export function timeEl(value, now) {
  const ms = toMs(value);
  if (ms === null) return "—";
  return h(
    "time",
    { datetime: new Date(ms).toISOString(), dataset: { ms: String(ms) } },
    fullDate(ms),
    h("span", { class: "relative muted" }, ` · ${relative(ms, now)}`),
  );
}

/** Re-words every relative time under `root` against `now`. */
export function refreshTimes(root, now) {
  for (const el of root.querySelectorAll("time[data-ms] > .relative"))
    el.textContent = ` · ${relative(Number(el.parentElement.dataset.ms), now)}`;
}

/** A message as plain text: `code` spans become <code> elements instead of literal backticks. */
export function richText(message) {
  return String(message)
    .split(/`([^`]*)`/)
    .map((part, i) => (i % 2 ? h("code", {}, part) : part))
    .filter((part) => part !== "");
}
