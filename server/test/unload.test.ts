/** Rooms load once, unload after the grace period when empty, and reload intact. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, addOption, optionTitles, waitFor } from './harness';

async function metric(h: Harness, name: string): Promise<number> {
  const text = await (await h.fetch('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

test('an empty room unloads after the grace period (flushed and compacted) and reloads correctly', async (t) => {
  const h = await Harness.start(t, { ROOM_UNLOAD_GRACE_MS: '100' });
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  for (let i = 0; i < 5; i++) addOption(writer.doc, `o${i}`, `Option ${i}`);
  const reader = await h.provider(board.id, board.links.viewer.token);
  await waitFor(() => Object.keys(optionTitles(reader.doc)).length === 5, { what: 'reader to see 5 options' });
  assert.ok(h.server.stats().roomNames.includes(board.id));
  assert.equal(await metric(h, 'cg_rooms_loaded'), 1);

  h.destroyProvider(writer);
  h.destroyProvider(reader);
  await waitFor(() => h.server.stats().connections === 0, { what: 'the sockets to close' });
  await waitFor(() => h.server.stats().rooms === 0, { what: 'the room to unload' });
  assert.equal(h.server.stats().unloads, 1);
  assert.equal(await metric(h, 'cg_rooms_loaded'), 0);
  assert.equal(await metric(h, 'cg_connections'), 0);
  // Unloading compacted the log into a snapshot.
  const stored = await h.server.store.loadRoom(board.id);
  assert.ok(stored.snapshot, 'a snapshot was written');
  assert.equal(stored.updates.length, 0, 'the merged rows were deleted');

  const again = await h.provider(board.id, board.links.parties[1]!.token);
  assert.equal(Object.keys(optionTitles(again.doc)).length, 5);
  assert.equal(h.server.stats().loads, 2);
  addOption(again.doc, 'after', 'after reload');
  const check = await h.provider(board.id, board.links.viewer.token);
  await waitFor(() => optionTitles(check.doc).after === 'after reload', { what: 'edits after reload to sync' });
});

test('a room is loaded once when many clients arrive together, and not unloaded while in use', async (t) => {
  const h = await Harness.start(t, { ROOM_UNLOAD_GRACE_MS: '20' });
  const board = await h.createBoard();
  const tokens = [...board.links.parties.map((p) => p.token), board.links.viewer.token, board.links.facilitator.token];
  const providers = tokens.flatMap((token) => [h.openProvider(board.id, token), h.openProvider(board.id, token)]);
  await waitFor(() => providers.every((p) => p.provider.synced), { what: 'all providers to sync' });
  assert.equal(h.server.stats().loads, 1, 'one load for eight simultaneous clients');
  assert.equal(h.server.stats().connections, providers.length);

  // Held by its clients, the room has no unload scheduled.
  assert.equal(h.server.stats().unloadsScheduled, 0);
  assert.equal(h.server.stats().unloads, 0);
  addOption(providers[0]!.doc, 'x', 'still live');
  await waitFor(() => providers.every((p) => optionTitles(p.doc).x === 'still live'), { what: 'fan-out' });
});
