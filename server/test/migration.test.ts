/**
 * A board stored by an older version is migrated by the real server when its
 * rooms load — before anyone syncs — and works on: schema v1 kept one rating
 * entry per criterion; v2 keeps one per option and rater
 * (lib/board/rating-entries.ts, lib/board/migrations.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ROOT, SCHEMA_VERSION, flatMap, readSchemaVersion } from '@/lib/board/schema';
import { ok, plain, publishedByCriterion } from './facilitation-helpers';
import { Harness, addOption, storedDoc, waitFor } from './harness';

/** The v1 lane the unit tests use: Ann rated opt1 on all three criteria, Bob opt1 (fairness) and opt2 (impact). */
const V1_LANE = readFileSync(new URL('../../lib/board/__fixtures__/v1-lane.bin', import.meta.url));

test('a lane stored at schema v1 is migrated on load: stored as v2 before anyone syncs, counted, published at reveal', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const p1 = board.links.parties[0]!.token;
  const laneRoom = `${board.id}/party/p1`;
  const joint = await h.provider(board.id, p1);
  addOption(joint.doc, 'opt1', 'One');
  addOption(joint.doc, 'opt2', 'Two');
  // The lane as an older server stored it; nothing has loaded it yet.
  await h.server.store.append(laneRoom, [V1_LANE]);

  const lane = await h.provider(laneRoom, p1);
  assert.equal(readSchemaVersion(lane.doc), SCHEMA_VERSION);
  assert.deepEqual(flatMap(lane.doc, ROOT.ratings).toJSON(), { 'opt1/ann': 425, 'opt1/bob': 1, 'opt2/bob': 300 });
  assert.equal(lane.doc.getMap('scores').size, 0);
  const stored = await storedDoc(h.server, laneRoom);
  assert.equal(readSchemaVersion(stored), SCHEMA_VERSION, 'the migration itself is stored');
  assert.equal(stored.getMap('scores').size, 0);

  // The publisher reads the migrated lane: five ratings cast; at reveal, every one of them.
  const state = await h.provider(`${board.id}/state`, board.links.viewer.token);
  await waitFor(() => plain(state.doc, ROOT.scoreProgress).p1 === 5, { what: 'progress 5 from the migrated lane' });
  await ok(h, board.id, 'reveal', board.links.facilitator.token, { scores: true });
  await waitFor(() => Object.keys(publishedByCriterion(state.doc)).length === 5, { what: 'the reveal' });
  assert.deepEqual(publishedByCriterion(state.doc), {
    'opt1/p1/ann/impact': 4,
    'opt1/p1/ann/feasibility': 2,
    'opt1/p1/ann/fairness': 5,
    'opt1/p1/bob/fairness': 1,
    'opt2/p1/bob/impact': 3,
  });

  // After a restart the room is current: nothing runs twice, nothing is lost.
  h.destroyProvider(lane);
  h.destroyProvider(state);
  h.destroyProvider(joint);
  await h.restart();
  const again = await h.provider(laneRoom, p1);
  assert.equal(flatMap(again.doc, ROOT.ratings).get('opt1/ann'), 425);
});
