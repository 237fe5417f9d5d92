import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { META_KEYS, SCHEMA_VERSION, metaMap, readSchemaVersion } from '@/lib/board/schema';
import { expect, test } from './fixtures';
import { BoardPage } from './pages/board-page';

/**
 * A browser whose app is older than the board's documents (lib/board/migrations.ts):
 * a newer app has stamped the rooms with a higher schema version. The page must
 * say so, offer a reload, and write nothing — not an edit, not even the party
 * member entry a party page writes into its lane when it joins.
 */

/** A real y-websocket client on the e2e server, synced. */
async function connect(baseURL: string, room: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseURL.replace(/^http/, 'ws')}/sync`, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  await expect.poll(() => provider.synced, { message: `${room} synced` }).toBe(true);
  return { doc, provider, close: () => (provider.destroy(), doc.destroy()) };
}

test('an outdated client shows the banner, is read-only, and leaves the newer documents as they are', async ({ board, browser, baseURL }) => {
  const party = board.links.parties[0]!;
  const rooms = [board.id, `${board.id}/party/${party.partyId}`];
  const newer = SCHEMA_VERSION + 1;

  // What a newer app would have done: stamp the joint board and the party's lane.
  const stamped = new Map<string, Uint8Array>();
  for (const room of rooms) {
    const writer = await connect(baseURL!, room, party.token);
    metaMap(writer.doc).set(META_KEYS.schemaVersion, newer);
    stamped.set(room, Y.encodeStateVector(writer.doc));
    // Stored by the server: a fresh client reads it back.
    const check = await connect(baseURL!, room, party.token);
    await expect.poll(() => readSchemaVersion(check.doc), { message: `${room} stamped` }).toBe(newer);
    check.close();
    writer.close();
  }

  const context = await browser.newContext({ baseURL });
  const alice = new BoardPage(await context.newPage(), 'Alice');
  await alice.join(party.url); // waits until every room is synced: the lane's join handler has run by then
  const banner = alice.page.getByTestId('outdated-banner');
  await expect(banner).toContainText('updated by a newer version of Common Ground');
  await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();

  // No edit control: not the question, the title, the parties, undo; a view with a composer neither.
  await alice.expectPhase('frame');
  for (const name of [/^Edit the question/, /^Rename the board/, /^Rename party/]) {
    await expect(alice.page.getByRole('button', { name })).toHaveCount(0);
  }
  await expect(alice.page.getByRole('group', { name: 'History' })).toHaveCount(0);
  await alice.showView('brainstorm');
  await expect(alice.composerInput).toHaveCount(0);
  // Undo from the keyboard does nothing either.
  await alice.focusBoard();
  await alice.page.keyboard.press('Control+z');

  // The stored documents hold exactly what the newer app wrote: no update from this page.
  for (const room of rooms) {
    const check = await connect(baseURL!, room, party.token);
    expect(readSchemaVersion(check.doc), room).toBe(newer);
    expect(Y.decodeStateVector(Y.encodeStateVector(check.doc)), `${room} state vector`).toEqual(Y.decodeStateVector(stamped.get(room)!));
    check.close();
  }
  await context.close();
});
