/** LogCursor: the watermark moves only by reading the log; ids seen above it are remembered, then pruned. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogCursor } from './cursor';

test('ids delivered out of order are known, but the watermark waits for a read of the log', () => {
  const cursor = new LogCursor(10);
  assert.equal(cursor.has(10), true);
  assert.equal(cursor.has(11), false);
  cursor.add([14, 12, 9]);
  assert.deepEqual(cursor.knownAbove().sort(), [12, 14], 'ids at or below the watermark are not kept');
  assert.equal(cursor.watermark, 10, 'Redis delivering 14 says nothing about 11 and 13');
  assert.equal(cursor.has(13), false);
  cursor.advance(13);
  assert.equal(cursor.watermark, 13);
  assert.deepEqual(cursor.knownAbove(), [14], 'pruned as the watermark passes');
  assert.equal(cursor.size, 1);
  cursor.advance(5);
  assert.equal(cursor.watermark, 13, 'never moves back');
});
