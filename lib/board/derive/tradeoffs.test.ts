import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TradeoffResponse } from '../schema';
import { tradeoffBalance, tradeoffStatus } from './tradeoffs';

const said = (status: TradeoffResponse['status']): TradeoffResponse => ({ status, note: '', at: 1 });
const entry = (partyId: string, responses: Record<string, TradeoffResponse> = {}) => ({ partyId, responses });

test('status: one question is enough; confirmed needs every other party', () => {
  const three = ['p1', 'p2', 'p3'];
  assert.equal(tradeoffStatus(entry('p1'), three), 'pending');
  assert.equal(tradeoffStatus(entry('p1', { p2: said('confirmed') }), three), 'pending');
  assert.equal(tradeoffStatus(entry('p1', { p2: said('confirmed'), p3: said('confirmed') }), three), 'confirmed');
  assert.equal(tradeoffStatus(entry('p1', { p2: said('confirmed'), p3: said('questioned') }), three), 'questioned');
  // the conceding party's own response does not count
  assert.equal(tradeoffStatus(entry('p1', { p1: said('confirmed') }), ['p1', 'p2']), 'pending');
});

test('balance per party, by hand', () => {
  const entries = [
    entry('p1', { p2: said('confirmed') }), // p1 concedes, p2 confirmed
    entry('p1', { p2: said('questioned') }), // p1 concedes, p2 questioned
    entry('p2'), // p2 concedes, pending
    entry('p9'), // a party not on the board: ignored as a gain
  ];
  assert.deepEqual(tradeoffBalance(entries, ['p1', 'p2']), [
    { partyId: 'p1', conceded: { total: 2, confirmed: 1, questioned: 1 }, gained: { total: 1, confirmed: 0, questioned: 0 } },
    { partyId: 'p2', conceded: { total: 1, confirmed: 0, questioned: 0 }, gained: { total: 2, confirmed: 1, questioned: 1 } },
  ]);
});
