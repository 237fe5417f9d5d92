/** Everything written survives a graceful restart on the same DATA_DIR. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stateMap } from '@/lib/board/schema';
import { Harness, addOption, optionTitles, waitFor } from './harness';

test('data survives a server restart', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const p1 = board.links.parties[0]!.token;
  const joint = await h.provider(board.id, p1);
  const lane = await h.provider(`${board.id}/party/p1`, p1);
  for (let i = 0; i < 20; i++) addOption(joint.doc, `o${i}`, `Option ${i}`);
  lane.doc.getMap('notes').set('bottom-line', 'keep the north field');
  const phase = await h.fetch(`/api/boards/${board.id}/phase`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.links.facilitator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phase: 'brainstorm' }),
  });
  assert.equal(phase.status, 200);
  // Another client has seen the options, so they are stored.
  const watcher = await h.provider(board.id, board.links.viewer.token);
  await waitFor(() => Object.keys(optionTitles(watcher.doc)).length === 20, { what: 'watcher to see 20 options' });
  h.destroyProvider(joint);
  h.destroyProvider(lane);
  h.destroyProvider(watcher);

  await h.restart();

  const joint2 = await h.provider(board.id, board.links.parties[1]!.token);
  const expected = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`o${i}`, `Option ${i}`]));
  assert.deepEqual(optionTitles(joint2.doc), expected);
  const lane2 = await h.provider(`${board.id}/party/p1`, p1);
  assert.equal(lane2.doc.getMap('notes').get('bottom-line'), 'keep the north field');
  const state = await h.provider(`${board.id}/state`, board.links.viewer.token);
  assert.equal(stateMap(state.doc).get('phase'), 'brainstorm');
  // And links keep working: the secret and the board row came back too.
  const info = await h.fetch(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${p1}` } });
  assert.equal(info.status, 200);
});
