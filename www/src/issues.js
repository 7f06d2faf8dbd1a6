// How an Issue reads in a form: its code, message and hint, next to the field it belongs to.
import { h } from "./dom.js";
import { richText } from "./format.js";

export function issueItem(issue, { testid = "issue-item" } = {}) {
  return h(
    "li",
    { class: `issue ${issue.severity}`, testid, dataset: { code: issue.code, severity: issue.severity } },
    h("code", {}, issue.code),
    " ",
    h("span", { class: "msg" }, richText(issue.message)),
    issue.hint ? h("span", { class: "hint", testid: "issue-hint" }, "Hint: ", richText(issue.hint)) : null,
  );
}

/** A problem the page finds itself before the library can look (e.g. text that is not JSON). */
export const pageIssue = (code, message) => ({ code, severity: "error", message, path: [], pointer: "" });
