/**
 * The room core's extension seam, through the real server: an extension's
 * `beforeApply` judges who may change what (the shape a write policy takes),
 * a refused update is neither stored, applied nor broadcast and its sender
 * is closed with 1008; the lifecycle hooks run in order; extensions are
 * closed on shutdown.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import type { BoardId } from '@/lib/board/ids';
import { jointRoom } from '@/lib/board/rooms';
import { optionsMap } from '@/lib/board/schema';
import type { RoomExtension } from '../sync/room/extension';
import { Harness, addOption, optionTitles, storedDoc, waitFor } from './harness';

/** Refuses a party's update that creates an option titled "forbidden" — judged on the decoded update, before it is applied. */
function forbidTitle(events: string[]): RoomExtension {
  return {
    name: 'forbid-title',
    attach(room) {
      events.push(`attach ${room.ref.kind}`);
      return {
        onLoad: () => void events.push(`load ${room.ref.kind}`),
        beforeApply(incoming) {
          assert.equal(incoming.origin.source, 'peer');
          // The document as it was before this update is readable without waking the room.
          incoming.read((doc) => optionsMap(doc).size);
          const probe = new Y.Doc();
          incoming.read((doc) => Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc)));
          Y.applyUpdate(probe, incoming.update);
          const titles = Object.values(optionTitles(probe));
          probe.destroy();
          return titles.includes('forbidden') ? { reason: 'no forbidden options' } : null;
        },
        onDestroy: () => void events.push(`destroy ${room.ref.kind}`),
      };
    },
    close: () => void events.push('close'),
  };
}

test('an extension refuses an update before it is applied: closed with 1008, nothing stored or broadcast; others pass', async (t) => {
  const events: string[] = [];
  const h = await Harness.start(t, {}, { extensions: [forbidTitle(events)] });
  const board = await h.createBoard();
  const reader = await h.provider(board.id, board.links.parties[1]!.token);
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  assert.deepEqual(events.slice(0, 2), ['attach joint', 'load joint'], 'attached before the load, loaded before anyone synced');

  // Positive control: an ordinary edit passes the judge and reaches the other party.
  addOption(writer.doc, 'ok', 'fine');
  await waitFor(() => optionTitles(reader.doc).ok === 'fine', { what: 'the allowed edit to reach the reader' });

  const refused = await h.provider(board.id, board.links.parties[0]!.token);
  addOption(refused.doc, 'bad', 'forbidden');
  await waitFor(() => refused.closeCodes.length > 0, { what: 'the refused writer to be closed' });
  assert.equal(refused.closeCodes[0], 1008);
  h.destroyProvider(refused); // it would resend the refused update on every reconnect

  // The room goes on: a later edit arrives, and the refused one never did.
  addOption(writer.doc, 'after', 'later');
  await waitFor(() => optionTitles(reader.doc).after === 'later', { what: 'a later edit to reach the reader' });
  assert.equal(optionTitles(reader.doc).bad, undefined, 'not broadcast');
  await h.server.registry.withRoom(jointRoom(board.id as BoardId), (room) => room.flush());
  const stored = optionTitles(await storedDoc(h.server, board.id));
  assert.equal(stored.bad, undefined, 'not stored');
  assert.equal(stored.after, 'later');

  await h.server.close();
  assert.ok(events.includes('destroy joint'), 'rooms are destroyed on shutdown');
  assert.equal(events.at(-1), 'close', 'extensions are closed last');
});
