// §3.1 keyset pagination on created_at + an ObjectId-like _id, and the list filters' helpers.
import { byCreated } from "../state.mjs";
import { internalError } from "./errors.mjs";

/**
 * @param {any[]} items @param {Record<string, any>} query validated query (limit, sort_order, cursor)
 * @param {string} name the list's key in the body @param {(x: any) => any} ser
 */
export function paginate(items, query, name, ser) {
  const limit = Number(query.limit ?? 10);
  const dir = query.sort_order === "asc" ? 1 : -1;
  const sorted = [...items].sort((a, b) => dir * byCreated(a, b));
  const keyOf = (x) => ({ sort_field_value: x.created_at, _id: x._id });
  const cmp = (x, k) => dir * byCreated(x, { created_at: k.sort_field_value, _id: k._id });
  let page, hasBefore, hasAfter;
  if (query.cursor) {
    let c;
    try {
      c = JSON.parse(Buffer.from(String(query.cursor), "base64").toString("utf8"));
      if (!c || typeof c._id !== "string" || typeof c.sort_field_value !== "string") throw new Error("bad cursor");
    } catch {
      throw internalError();
    }
    if (c.direction === "prev") {
      const before = sorted.filter((x) => cmp(x, c) < 0);
      page = before.slice(Math.max(0, before.length - limit));
      hasBefore = before.length > page.length;
      hasAfter = true;
    } else {
      const after = sorted.filter((x) => cmp(x, c) > 0);
      page = after.slice(0, limit);
      hasAfter = after.length > page.length;
      hasBefore = true;
    }
  } else {
    page = sorted.slice(0, limit);
    hasBefore = false;
    hasAfter = sorted.length > limit;
  }
  const enc = (x, direction) => Buffer.from(JSON.stringify({ ...keyOf(x), direction })).toString("base64");
  return {
    [name]: page.map(ser),
    pagination: {
      cursor_next: hasAfter && page.length ? enc(page[page.length - 1], "next") : null,
      cursor_prev: hasBefore && page.length ? enc(page[0], "prev") : null,
      total_items: items.length,
    },
  };
}

/** A CSV filter value as a list (null when absent). */
export const csv = (v) =>
  v === undefined
    ? null
    : String(v)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
/** Inclusive date bounds on an ISO timestamp. */
export const inRange = (value, after, before) =>
  (!after || value >= new Date(after).toISOString()) && (!before || value <= new Date(before).toISOString());
