/** Graceful shutdown: every socket gets 1012, pending writes are stored, and the data is there after. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, addOption, optionTitles, waitFor } from './harness';

test('close() sends 1012 to every client and stores what was written', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const joint = await h.provider(board.id, board.links.parties[0]!.token);
  const state = await h.provider(`${board.id}/state`, board.links.viewer.token);
  const lane = await h.provider(`${board.id}/party/p2`, board.links.parties[1]!.token);
  const raw = h.raw(board.id, board.links.viewer.token);
  await raw.opened;

  addOption(joint.doc, 'last', 'written just before shutdown');
  await h.server.close();

  for (const client of [joint, state, lane]) {
    await waitFor(() => client.closeCodes.includes(1012), { what: 'a 1012 close' });
  }
  assert.equal((await raw.closed).code, 1012);
  for (const client of [joint, state, lane]) h.destroyProvider(client);

  await h.restart();
  const fresh = await h.provider(board.id, board.links.viewer.token);
  assert.equal(optionTitles(fresh.doc).last, 'written just before shutdown');
});

test('close() resolves after every client got 1012 and the listener is gone', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const client = await h.provider(board.id, board.links.parties[0]!.token);
  const closing = h.server.close();
  await waitFor(() => client.closeCodes.includes(1012), { what: '1012' });
  await closing;
  h.destroyProvider(client);
  await assert.rejects(h.fetch('/readyz'), 'the listener is gone');
});
