// Errors a handler throws to answer with the DM's status and body.

export class HttpError extends Error {
  /** @param {number} status @param {any} body a string is sent as text/plain */
  constructor(status, body) {
    super(typeof body === "string" ? body : JSON.stringify(body));
    this.status = status;
    this.body = body;
  }
}

/** `{"error": message}` with this status, the DM's usual error body. */
export const fail = (status, error) => new HttpError(status, { error });
export const internalError = () => fail(500, "Internal Server Error");
export const incorrectState = () => fail(500, "Deployment is in the incorrect state.");
export const archived = () => fail(500, "Cannot modify an archived deployment.");
