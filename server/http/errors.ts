/**
 * Domain errors → HTTP answers: the one place that knows which status and
 * error code each DomainErrorKind has in the API (docs/api.md). The handler
 * answers every error a route throws through `httpErrorOf`, so a domain
 * module never picks a status and the API's answers stay as documented.
 */
import { DomainError, type DomainErrorKind } from '../errors';
import { HttpError } from './respond';

/** Each kind's status and `error.code`. */
export const DOMAIN_ERROR_STATUS: Readonly<Record<DomainErrorKind, { readonly status: number; readonly code: string }>> = {
  'not-found': { status: 404, code: 'not_found' },
  unauthorized: { status: 401, code: 'unauthorized' },
  forbidden: { status: 403, code: 'forbidden' },
  invalid: { status: 422, code: 'invalid_field' },
  'read-only': { status: 409, code: 'document_newer' },
  unavailable: { status: 503, code: 'unavailable' },
  busy: { status: 503, code: 'busy' },
  'too-large': { status: 413, code: 'document_too_large' },
};

/** The answer for an error a route threw, or null when it is not one we answer as such (→ 500). */
export function httpErrorOf(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof DomainError) {
    const { status, code } = DOMAIN_ERROR_STATUS[error.kind];
    return new HttpError(status, code, error.message, error.field);
  }
  return null;
}
