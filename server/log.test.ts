/** No token may appear in a log line. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, redactHeaders, redactUrl } from './log';

const TOKEN = 'eyJ2IjoxfQ.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlMTI';

test('redactUrl strips token values from query strings and fragments', () => {
  assert.equal(redactUrl(`/sync/B?token=${TOKEN}`), '/sync/B?token=[redacted]');
  assert.equal(redactUrl(`/sync/B?x=1&token=${TOKEN}&y=2`), '/sync/B?x=1&token=[redacted]&y=2');
  assert.equal(redactUrl(`https://h/b/B#t=${TOKEN}`), 'https://h/b/B#t=[redacted]');
  assert.equal(redactUrl(`/api?TOKEN=${TOKEN}`), '/api?TOKEN=[redacted]');
  assert.equal(redactUrl(undefined), '');
});

test('redactHeaders drops Authorization and cookies', () => {
  const out = redactHeaders({ authorization: `Bearer ${TOKEN}`, Cookie: 'a=b', host: 'h' });
  assert.deepEqual(out, { authorization: '[redacted]', Cookie: '[redacted]', host: 'h' });
});

test('the logger censors authorization headers and token fields', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('info', sink);
  logger.info({ req: { headers: { authorization: `Bearer ${TOKEN}` } }, token: TOKEN }, 'request');
  logger.info({ claims: { token: TOKEN }, url: redactUrl(`/sync/B?token=${TOKEN}`) }, 'upgrade');
  assert.equal(lines.length, 2);
  for (const line of lines) assert.ok(!line.includes(TOKEN), line);
  assert.match(lines[0]!, /\[redacted\]/);
});
