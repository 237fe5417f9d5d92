/** A live room compacts once its log passes COMPACT_AFTER_UPDATES, without changing what clients see. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Harness, addOption, optionTitles, storedDoc, waitFor } from './harness';

test('a busy room compacts its log and content stays identical', async (t) => {
  const h = await Harness.start(t, { COMPACT_AFTER_UPDATES: '10' });
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);
  for (let i = 0; i < 30; i++) {
    addOption(writer.doc, `o${i}`, `Option ${i}`);
    // One message per macrotask, so each lands in its own row.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await waitFor(() => Object.keys(optionTitles(reader.doc)).length === 30, { what: 'reader to see 30 options' });
  // Rows logged while a compaction merges are left for the next one, which
  // follows at once when they reach the threshold (the writer has gone quiet).
  await waitFor(
    async () => {
      const stored = await h.server.store.loadRoom(board.id);
      return stored.snapshot !== null && stored.updates.length < 10;
    },
    { what: 'the log to be compacted below the threshold' },
  );
  const compactions = (await (await h.fetch('/metrics')).text()).match(/^cg_compactions_total (\d+)/m);
  assert.ok(Number(compactions?.[1]) >= 1);
  assert.deepEqual(optionTitles(await storedDoc(h.server, board.id)), optionTitles(reader.doc));

  await h.restart();
  const fresh = await h.provider(board.id, board.links.facilitator.token);
  assert.deepEqual(optionTitles(fresh.doc), optionTitles(reader.doc));
});
