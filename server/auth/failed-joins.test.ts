/** The failed-join budget (a token bucket per address) and address keys for per-address limits. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressKey } from './address';
import { FailedJoinLimiter, addressDigest, isAddressDigest, type FailedJoinSharing } from './failed-joins';

test('an address is blocked after its budget of failures and refills at the configured rate', () => {
  let now = 0;
  const limiter = new FailedJoinLimiter(6, () => now); // 6 a minute: one every 10 s
  for (let i = 0; i < 5; i++) assert.equal(limiter.fail('a'), false);
  assert.equal(limiter.blocked('a'), false);
  assert.equal(limiter.fail('a'), true, 'the sixth failure uses the budget up');
  assert.equal(limiter.blocked('a'), true);
  assert.equal(limiter.blocked('b'), false, 'other addresses are not affected');
  assert.equal(limiter.retryAfterSeconds('a'), 10);
  now = 9_000;
  assert.equal(limiter.blocked('a'), true);
  now = 10_000;
  assert.equal(limiter.blocked('a'), false, 'one attempt refilled');
  assert.equal(limiter.fail('a'), true);
  now = 70_000;
  assert.equal(limiter.blocked('a'), false);
  assert.equal(limiter.tracked, 0, 'a full bucket is forgotten');
});

test('shared failures: each process counts the others\' in the same bucket, keyed by a digest', () => {
  const digest = addressDigest(Buffer.from('s'.repeat(32)));
  const limiters: FailedJoinLimiter[] = [];
  const published: string[] = [];
  // What the Redis fan-out does, minus Redis: every other process counts the failure.
  const sharing = (self: number): FailedJoinSharing => ({
    key: digest,
    publish: (key) => {
      published.push(key);
      limiters.forEach((limiter, i) => i !== self && limiter.countRemote(key));
    },
  });
  limiters.push(new FailedJoinLimiter(4, () => 0, sharing(0)), new FailedJoinLimiter(4, () => 0, sharing(1)));
  const [a, b] = limiters as [FailedJoinLimiter, FailedJoinLimiter];
  assert.equal(a.fail('192.0.2.1'), false);
  assert.equal(b.fail('192.0.2.1'), false);
  assert.equal(a.fail('192.0.2.1'), false);
  assert.equal(b.fail('192.0.2.1'), true, 'four failures in all, over two processes, use the budget up');
  assert.ok(a.blocked('192.0.2.1') && b.blocked('192.0.2.1'));
  assert.ok(!a.blocked('192.0.2.2') && !b.blocked('192.0.2.2'));
  // What crosses Redis is a fixed-shape digest, not the address; another secret gives another digest.
  assert.deepEqual(new Set(published), new Set([digest('192.0.2.1')]));
  assert.ok(isAddressDigest(published[0]!) && !published[0]!.includes('192'));
  assert.notEqual(addressDigest(Buffer.from('t'.repeat(32)))('192.0.2.1'), published[0]);
  for (const bad of ['', '192.0.2.1', 'x'.repeat(23), `${'x'.repeat(21)}=`]) assert.equal(isAddressDigest(bad), false, bad);
});

test('address keys: IPv4 as is (also IPv4-mapped), IPv6 by /64', () => {
  assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
  assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(addressKey('2001:0db8:0000:0000:ffff::2'), '2001:db8:0:0::/64');
  assert.equal(addressKey('2001:db8:0:1::1'), '2001:db8:0:1::/64');
  assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
  assert.equal(addressKey('not:an:address:::'), 'not:an:address:::', 'unparseable: used as is');
});
