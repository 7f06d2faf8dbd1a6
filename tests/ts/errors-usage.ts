// Compiled with `tsc --noEmit`: the error classes narrow with `instanceof` and with their guards,
// carry their fields, and the client declares `[Symbol.dispose]` (even without the esnext.disposable
// lib, which `using` itself needs).
import {
  type ApiError,
  DeploymentsClient,
  InvalidStateError,
  isApiError,
  isNosanaError,
  isScheduleError,
  isValidationError,
  type NosanaError,
  NotFoundError,
  ScheduleError,
  ValidationError,
} from "nosana-deployments";

export async function usage(client: DeploymentsClient, id: string): Promise<string> {
  try {
    await client.get(id);
  } catch (err: unknown) {
    if (err instanceof NotFoundError) return `${err.code} ${err.httpStatus ?? 0}`;
    if (isValidationError(err)) return err.issues?.map((i) => i.code).join(",") ?? err.serverMessage ?? "";
    if (err instanceof InvalidStateError) return `${err.status} ${err.action}`;
    if (isApiError(err)) {
      const api: ApiError = err;
      return api.name + api.code;
    }
    if (isScheduleError(err)) return err.field ?? "";
    if (isNosanaError(err)) return err.code;
  }
  const made = new ValidationError("bad", { code: "INVALID_REQUEST", cause: new Error("x") });
  const base: NosanaError = made;
  const schedule: NosanaError = new ScheduleError("bad cron");
  // @ts-expect-error a ValidationError is not a NotFoundError
  const notFound: NotFoundError = made;
  // @ts-expect-error a ValidationError's name is its own
  const wrongName: "NotFoundError" = made.name;
  return base.message + schedule.message + String(notFound) + wrongName;
}

export function disposes(): string {
  const client = new DeploymentsClient({ baseUrl: "http://localhost:3001" });
  const url = client.baseUrl;
  client[Symbol.dispose]();
  return url;
}
