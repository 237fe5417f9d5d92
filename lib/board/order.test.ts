import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyAfterLast, keyBetween } from './order';

test('keyBetween gives a key strictly between ordered neighbours', () => {
  const a = keyBetween(null, null);
  const c = keyBetween(a, null);
  const b = keyBetween(a, c);
  assert.ok(a < b && b < c, `${a} < ${b} < ${c}`);
});

test('keyBetween falls back to a key after `before` when the neighbours are out of order', () => {
  // Different integer parts ('a1' > 'Zz'): the library swaps these instead of throwing.
  const key = keyBetween('a1', 'Zz');
  assert.ok(key > 'a1', `${key} sorts after a1`);
});

test('keyBetween falls back when the neighbours are equal or malformed', () => {
  assert.ok(keyBetween('a0', 'a0') > 'a0');
  const fromMalformed = keyBetween('not a key', 'a0');
  assert.equal(typeof fromMalformed, 'string');
  assert.ok(fromMalformed.length > 0);
});

test('keyAfterLast sorts after every key in the list', () => {
  const items = [
    { id: 'x', order: 'a3' },
    { id: 'y', order: 'a1' },
  ];
  assert.ok(keyAfterLast(items) > 'a3');
});
