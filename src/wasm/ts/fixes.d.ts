/**
 * Applies the first fix of each issue to `text` and returns the new text. A fix that overlaps or
 * touches one already applied is left out (validate again and apply the rest); the result of
 * fixes made by `validate*` for this text is always valid JSON. Pass the issues of a `validate*`
 * call on this same `text`. Throws a `TypeError` on an argument of the wrong shape.
 */
export function applyFixes(text: string, issues: ReadonlyArray<Pick<Issue, "fixes">>): string;
