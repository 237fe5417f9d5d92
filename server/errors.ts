/**
 * The server's domain errors: what went wrong, in the domain's words, with
 * no HTTP status. Domain modules (boards, facilitation, export, auth) throw
 * a DomainError; only server/http turns its kind into a status and an
 * error body (server/http/errors.ts), so the same code can serve the
 * websocket, a CLI tool or a room extension without knowing about HTTP.
 *
 * This module imports nothing, so any module may use it without a cycle.
 */

/**
 * What kind of refusal it is. Each kind has exactly one status and one
 * error code in the HTTP API (docs/api.md), so the kinds are as fine as
 * the API's codes, no finer:
 *  - `not-found`: no such board (the id is not one);
 *  - `unauthorized`: no token, or one that is not valid for any board we know;
 *  - `forbidden`: a valid token that may not do this;
 *  - `invalid`: input the domain refuses (`field` names it);
 *  - `read-only`: the board was written by a newer server version;
 *  - `unavailable`: the board, its storage or the server cannot serve now;
 *  - `busy`: too much of this work is already under way; try again soon;
 *  - `too-large`: the result would exceed a configured size limit.
 */
export type DomainErrorKind =
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'invalid'
  | 'read-only'
  | 'unavailable'
  | 'busy'
  | 'too-large';

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly kind: DomainErrorKind,
    /** shown to the caller as is (the API's `message`): say what to do, never leak a secret */
    message: string,
    /** the input at fault, for `invalid` (e.g. `durationMs`, `parties.1`) */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Whether `error` is a DomainError of one of `kinds` (all kinds when none are given). */
export function isDomainError(error: unknown, ...kinds: DomainErrorKind[]): error is DomainError {
  return error instanceof DomainError && (kinds.length === 0 || kinds.includes(error.kind));
}
