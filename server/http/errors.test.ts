/** Domain errors get the statuses and codes docs/api.md gives them; HttpErrors pass as they are; anything else is not ours. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError, isDomainError } from '../errors';
import { httpErrorOf } from './errors';
import { HttpError } from './respond';

test('each domain error kind answers with its documented status and code, message and field kept', () => {
  const cases = [
    ['not-found', 404, 'not_found'],
    ['unauthorized', 401, 'unauthorized'],
    ['forbidden', 403, 'forbidden'],
    ['invalid', 422, 'invalid_field'],
    ['read-only', 409, 'document_newer'],
    ['unavailable', 503, 'unavailable'],
    ['busy', 503, 'busy'],
    ['too-large', 413, 'document_too_large'],
  ] as const;
  for (const [kind, status, code] of cases) {
    const answer = httpErrorOf(new DomainError(kind, `a ${kind} refusal`, kind === 'invalid' ? 'durationMs' : undefined));
    assert.ok(answer instanceof HttpError, kind);
    assert.equal(answer.status, status, kind);
    assert.equal(answer.code, code, kind);
    assert.equal(answer.message, `a ${kind} refusal`, kind);
    assert.equal(answer.field, kind === 'invalid' ? 'durationMs' : undefined, kind);
  }
});

test('an HttpError is answered as it is; any other error is not mapped (the handler answers 500)', () => {
  const own = new HttpError(400, 'bad_host', 'the Host header is not a host name');
  assert.equal(httpErrorOf(own), own);
  assert.equal(httpErrorOf(new Error('boom')), null);
  assert.equal(httpErrorOf('not even an error'), null);
});

test('isDomainError narrows by kind', () => {
  const error = new DomainError('read-only', 'newer');
  assert.ok(isDomainError(error));
  assert.ok(isDomainError(error, 'read-only', 'unavailable'));
  assert.ok(!isDomainError(error, 'unavailable'));
  assert.ok(!isDomainError(new Error('x')));
});
