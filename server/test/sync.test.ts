/** Two parties edit the joint board and each sees the other's changes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metaMap, optionsMap } from '@/lib/board/schema';
import { Harness, addOption, optionTitles, waitFor } from './harness';

test('two parties sync options on the joint board both ways', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const [p1, p2] = board.links.parties;
  const a = await h.provider(board.id, p1!.token);
  const b = await h.provider(board.id, p2!.token);

  // The stored initial document arrives with the first sync.
  assert.equal(metaMap(a.doc).get('title'), 'Water rights');
  assert.equal(metaMap(b.doc).get('title'), 'Water rights');

  addOption(a.doc, 'opt-a', 'Shared reservoir');
  await waitFor(() => optionTitles(b.doc)['opt-a'] === 'Shared reservoir', { what: 'B to see A' });

  addOption(b.doc, 'opt-b', 'Seasonal quotas');
  await waitFor(() => optionTitles(a.doc)['opt-b'] === 'Seasonal quotas', { what: 'A to see B' });

  // Concurrent edits to different fields of one record both survive.
  const recA = optionsMap(a.doc).get('opt-a')!;
  const recB = optionsMap(b.doc).get('opt-a')!;
  recA.set('title', 'Shared reservoir (v2)');
  recB.set('description', 'built jointly');
  await waitFor(() => recA.get('description') === 'built jointly' && recB.get('title') === 'Shared reservoir (v2)', {
    what: 'field edits to converge',
  });
  assert.deepEqual(optionTitles(a.doc), optionTitles(b.doc));
});
