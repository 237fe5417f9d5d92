import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DailyQuota, TokenBuckets } from './rate-limit';

test('token buckets: a burst, then tokens at the refill rate; a full bucket is forgotten; keys are apart', () => {
  let now = 0;
  const buckets = new TokenBuckets(3, 2, () => now); // burst 3, 2 a minute: one every 30 s
  for (let i = 0; i < 3; i++) {
    assert.equal(buckets.wait('a'), 0);
    buckets.take('a');
  }
  assert.equal(buckets.wait('a'), 30);
  assert.equal(buckets.wait('b'), 0, 'another key has its own bucket');
  now = 20_000;
  assert.equal(buckets.wait('a'), 10);
  now = 30_000;
  assert.equal(buckets.wait('a'), 0);
  buckets.take('a');
  assert.equal(buckets.wait('a'), 30);
  now = 30_000 + 90_000; // full again
  assert.equal(buckets.wait('a'), 0);
  assert.equal(buckets.tracked, 0);
});

test('daily quota: reservations up to the amount per day, released ones come back, the day ends 24 h after its first use', () => {
  let now = 1_000;
  const quota = new DailyQuota(10, () => now);
  assert.equal(quota.wait('a', 10), 0);
  quota.reserve('a', 8);
  assert.equal(quota.wait('a', 2), 0);
  assert.equal(quota.wait('a', 3), 86_400);
  assert.equal(quota.wait('b', 10), 0, 'another key has its own day');
  quota.release('a', 5);
  assert.equal(quota.used('a'), 3);
  quota.reserve('a', 7);
  now += 3_600_000;
  assert.equal(quota.wait('a', 1), 82_800);
  now = 1_000 + 86_400_000;
  assert.equal(quota.wait('a', 10), 0);
  assert.equal(quota.used('a'), 0);
});
