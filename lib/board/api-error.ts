/**
 * An error of the HTTP API (docs/api.md): the answer's status and its body's
 * `{ error: { code, message, field? } }`, `field` naming the input at fault
 * (e.g. `parties.1`). The server throws it (HttpError, server/http/respond.ts);
 * the browser's API client rebuilds it from an answer (ApiError, lib/sync/api.ts).
 */
export class StatusError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
