// A confirmation dialog for destructive actions (archive, delete): a native modal <dialog>, so
// focus is trapped while it is open, Escape cancels, and the focus returns to the button after.
import { $ } from "./dom.js";

/**
 * @param {{ title: string, body: string, confirm: string }} o
 * @returns {Promise<boolean>} true once the user confirmed
 */
export function confirmAction({ title, body, confirm }) {
  const dialog = $('[data-testid="confirm-dialog"]');
  $('[data-testid="confirm-title"]', dialog).textContent = title;
  $('[data-testid="confirm-body"]', dialog).textContent = body;
  $('[data-testid="confirm-ok"]', dialog).textContent = confirm;
  const opener = document.activeElement;
  dialog.returnValue = "";
  dialog.showModal();
  // The safe choice has the focus: Enter by habit must not delete anything.
  $('[data-testid="confirm-cancel"]', dialog).focus();
  return new Promise((resolve) => {
    dialog.addEventListener(
      "close",
      () => {
        if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
        resolve(dialog.returnValue === "confirm");
      },
      { once: true },
    );
  });
}
