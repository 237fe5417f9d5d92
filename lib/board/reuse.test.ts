import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reuseList, reuseMap } from './reuse';

test('reuseMap keeps equal values, and the previous map only when keys and order are the same', () => {
  const previous = new Map([
    ['a', { n: 1 }],
    ['b', { n: 2 }],
  ]);
  const same = reuseMap(previous, new Map([['a', { n: 1 }], ['b', { n: 2 }]]));
  assert.equal(same, previous, 'all equal: the previous map');

  const changed = reuseMap(previous, new Map([['a', { n: 1 }], ['b', { n: 3 }]]));
  assert.notEqual(changed, previous);
  assert.equal(changed.get('a'), previous.get('a'), 'the equal value keeps its identity');
  assert.deepEqual(changed.get('b'), { n: 3 });

  const reordered = reuseMap(previous, new Map([['b', { n: 2 }], ['a', { n: 1 }]]));
  assert.notEqual(reordered, previous, 'a new order is a new map');
  assert.deepEqual([...reordered.keys()], ['b', 'a']);
  assert.equal(reordered.get('a'), previous.get('a'));
});

test('reuseList keeps equal items by id', () => {
  const previous = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }];
  assert.equal(reuseList(previous, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }]), previous);
  const next = reuseList(previous, [{ id: 'b', n: 2 }, { id: 'a', n: 5 }]);
  assert.equal(next[0], previous[1]);
  assert.notEqual(next[1], previous[0]);
});
