/**
 * Degraded states: a document newer than the server is served read-only, and
 * a database that stops taking writes never lets an unstored update reach
 * anyone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import { META_KEYS, metaMap, stateMap } from '@/lib/board/schema';
import { createCommonGroundServer } from '../app';
import { loadConfig } from '../config';
import { DB_FILE, SqliteDocStore } from '../persistence/sqlite';
import type { BoardRow, DocStore } from '../persistence/types';
import { updateMessage } from '../sync/protocol';
import { Harness, TEST_ENV, addOption, optionTitles, storedDoc, waitFor } from './harness';

/** Store an update that stamps a room with a future schema version (before anyone loads it). */
async function stampFutureVersion(h: Harness, room: string): Promise<void> {
  const doc = await storedDoc(h.server, room);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  metaMap(doc).set(META_KEYS.schemaVersion, 99);
  await h.server.store.append(room, updates);
}

test('a document newer than the server is served read-only', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  await stampFutureVersion(h, board.id);
  await stampFutureVersion(h, `${board.id}/state`);

  const party = await h.provider(board.id, board.links.parties[0]!.token);
  assert.equal(metaMap(party.doc).get(META_KEYS.schemaVersion), 99, 'served as stored');
  const write = new Y.Doc();
  addOption(write, 'x', 'should not land');
  const socket = h.raw(board.id, board.links.parties[0]!.token);
  await socket.opened;
  socket.send(updateMessage(Y.encodeStateAsUpdate(write)));
  assert.equal((await socket.closed).code, 1008, 'writers are readers on a newer document');

  const phase = await h.fetch(`/api/boards/${board.id}/phase`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.links.facilitator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phase: 'score' }),
  });
  assert.equal(phase.status, 409);
  assert.equal(stateMap(await storedDoc(h.server, `${board.id}/state`)).get('phase'), 'frame');
});

test('attack 17: when the database stops taking writes, nothing unstored is broadcast and clients get 1013', async (t) => {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);
  addOption(writer.doc, 'stored', 'before the failure');
  await waitFor(() => optionTitles(reader.doc).stored !== undefined, { what: 'the first edit' });

  await h.server.store.close(); // every write now throws
  reader.provider.shouldReconnect = () => false; // keep its doc as it was when the room failed
  addOption(writer.doc, 'lost', 'after the failure');
  await waitFor(() => reader.closeCodes.includes(1013) && writer.closeCodes.includes(1013), { what: '1013 closes' });
  assert.equal(optionTitles(reader.doc).lost, undefined, 'an unstored update reached nobody');
  assert.equal((await h.fetch('/readyz')).status, 503);
});

/** SQLite underneath, with writes that fail on demand the way a full disk or a read-only file makes them fail. */
class FailingStore implements DocStore {
  failure: Error | null = null;
  constructor(private readonly inner: SqliteDocStore) {}
  private check(): void {
    if (this.failure) throw this.failure;
  }
  loadRoom(name: string) {
    return this.inner.loadRoom(name);
  }
  async append(name: string, updates: readonly Uint8Array[]) {
    this.check();
    return this.inner.append(name, updates);
  }
  readSince(name: string, afterId: number, known?: readonly number[]) {
    return this.inner.readSince(name, afterId, known);
  }
  lastIds(names: readonly string[]) {
    return this.inner.lastIds(names);
  }
  async compact(name: string) {
    this.check();
    return this.inner.compact(name);
  }
  async createBoard(row: BoardRow, updates: readonly { room: string; data: Uint8Array }[]) {
    this.check();
    return this.inner.createBoard(row, updates);
  }
  getBoard(id: string) {
    return this.inner.getBoard(id);
  }
  async rotateEpoch(id: string) {
    this.check();
    return this.inner.rotateEpoch(id);
  }
  async isWritable() {
    return this.failure === null && (await this.inner.isWritable());
  }
  close() {
    return this.inner.close();
  }
}

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

for (const [what, failure] of [
  ['a full disk', sqliteError('SQLITE_FULL', 'database or disk is full')],
  ['a read-only database', sqliteError('SQLITE_READONLY', 'attempt to write a readonly database')],
] as const) {
  test(`attack 17: with ${what}, writes stop, nothing unsaved is broadcast, /readyz is 503, the log says why; it recovers`, async (t) => {
    const lines: string[] = [];
    let store!: FailingStore;
    const h = await Harness.start(
      t,
      { LOG_LEVEL: 'info' },
      { logLines: lines, store: (config) => (store = new FailingStore(new SqliteDocStore({ dataDir: config.dataDir, synchronous: 'NORMAL' }))) },
    );
    const board = await h.createBoard();
    const writer = await h.provider(board.id, board.links.parties[0]!.token);
    const reader = await h.provider(board.id, board.links.viewer.token);
    addOption(writer.doc, 'stored', 'before the failure');
    await waitFor(() => optionTitles(reader.doc).stored !== undefined, { what: 'the first edit' });

    store.failure = failure;
    addOption(writer.doc, 'unsaved', 'while the disk fails');
    await waitFor(() => writer.closeCodes.includes(1013) && reader.closeCodes.includes(1013), { what: '1013 closes' });
    assert.equal(optionTitles(reader.doc).unsaved, undefined, 'an unstored update reached nobody');
    const ready = await h.fetch('/readyz');
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { ok: false, reason: 'database does not take writes' });
    const said = (text: string) => lines.some((line) => line.includes(text));
    assert.ok(said(failure.message), `a log line names the storage error (${failure.message})`);
    assert.ok(said('not ready: database does not take writes'));

    // Reading still works: a newcomer sees what was stored, and nothing else.
    const newcomer = await h.provider(board.id, board.links.facilitator.token);
    assert.deepEqual(Object.keys(optionTitles(newcomer.doc)), ['stored']);
    assert.equal((await h.fetch('/api/boards', { method: 'POST', body: '{"title":"x","question":"","parties":["a","b"]}' })).status, 500);

    // The disk is fixed: ready again, and the writer's edit (kept by its client) arrives and is stored.
    store.failure = null;
    assert.equal((await h.fetch('/readyz')).status, 200);
    assert.ok(said('ready again'));
    await waitFor(() => optionTitles(newcomer.doc).unsaved !== undefined, { what: 'the kept edit to arrive', timeoutMs: 10_000 });
    await h.restart();
    assert.equal(optionTitles(await storedDoc(h.server, board.id)).unsaved, 'while the disk fails');
  });
}

test('attack 17: a corrupt database file fails closed at start with a clear message', async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-corrupt-'));
  t.after(() => fs.rm(dataDir, { recursive: true, force: true }));
  await fs.writeFile(path.join(dataDir, DB_FILE), Buffer.alloc(8192, 0x5a));
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: dataDir });
  assert.throws(() => createCommonGroundServer({ config }), /file is not a database/);
});

test('attack 17: a room whose stored data cannot be read is refused (1011) and logged; other rooms are served', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(t, { LOG_LEVEL: 'error' }, { logLines: lines });
  const board = await h.createBoard();
  const other = await h.createBoard();
  await h.server.store.append(board.id, [Uint8Array.from([1, 9, 9, 9, 9, 9, 9, 9])]);
  const socket = h.raw(board.id, board.links.viewer.token);
  assert.equal((await socket.closed).code, 1011);
  assert.equal(socket.messages.length, 0, 'nothing of a half-read document was sent');
  assert.ok(lines.some((line) => line.includes('stored data cannot be read')));
  await h.roundTrip(other);
});
