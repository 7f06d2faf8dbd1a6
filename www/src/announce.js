// The page's one polite live region: what a screen reader hears when something changes by itself
// (a status change on the live stream, an action accepted or rolled back, a deployment gone).
import { $ } from "./dom.js";

let last = "";
/** Says `message` once; the same sentence twice in a row is re-announced by clearing first. */
export function announce(message) {
  const region = $('[data-testid="announcer"]');
  if (!region) return;
  if (message === last) region.textContent = "";
  last = message;
  // A new text node (not the same one edited) is what screen readers reliably pick up.
  region.replaceChildren(document.createTextNode(message));
  region.dataset.count = String(Number(region.dataset.count ?? 0) + 1);
}
