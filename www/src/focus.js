// Keyboard focus across re-renders: a list or detail that is rebuilt must not drop the focus to
// <body> (Enter on a button would otherwise lose the user's place).

/** A selector for the focused element inside `root` that survives a rebuild, or null. */
function focusKey(root) {
  const el = document.activeElement;
  if (!el || el === document.body || !root.contains(el) || !el.dataset?.testid) return null;
  const row = el.closest("[data-id]");
  const scope = row && root.contains(row) ? `[data-id="${CSS.escape(row.dataset.id)}"] ` : "";
  return `${scope}[data-testid="${CSS.escape(el.dataset.testid)}"]`;
}

/** Runs `render()` (which replaces children of `root`) and puts the focus back where it was. */
export function keepFocus(root, render) {
  const key = focusKey(root);
  render();
  if (!key || root.contains(document.activeElement)) return;
  const again = root.querySelector(key);
  if (again && !again.disabled) again.focus({ preventScroll: true });
}
