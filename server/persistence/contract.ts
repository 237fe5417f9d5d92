/**
 * The storage contract as tests: the SAME cases, run against every driver
 * (SQLite and PostgreSQL; see contract.test.ts). A driver passes when a room
 * always replays to exactly what was appended, whatever compactions ran
 * alongside, and when its log can be followed by id from another process.
 *
 * `open` gives a fresh, empty store and `another` a second instance on the
 * same database (what another server process would have); both are closed by
 * the harness. `open` returns null when the driver cannot run here (the test
 * has then been skipped with the reason).
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import * as Y from 'yjs';
import type { BoardRow, DocStore, LoadedRoom } from './types';

export type ContractHandle = {
  readonly store: DocStore;
  /** another instance on the same database (a second process) */
  another(): Promise<DocStore>;
};

export type ContractDriver = {
  readonly name: string;
  open(t: TestContext): Promise<ContractHandle | null>;
};

export function replay(loaded: { snapshot: Uint8Array | null; updates: readonly { data: Uint8Array | null }[] }): Y.Doc {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const row of loaded.updates) if (row.data) Y.applyUpdate(doc, row.data);
  return doc;
}

/** Edits as a client makes them: one update per change, including deletions; `tag` keeps clients apart. */
export function edits(count: number, tag = 'o'): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const text = doc.getText('notes');
  for (let i = 0; i < count; i++) {
    doc.getMap('options').set(`${tag}${i}`, `option ${i}`);
    text.insert(text.length, `line ${i}\n`);
    if (i % 3 === 0) text.delete(0, 2);
  }
  return out;
}

/** What a set of updates adds up to, as JSON plus state vector. */
function contentOf(doc: Y.Doc): unknown {
  return { json: doc.toJSON(), sv: [...Y.encodeStateVector(doc)] };
}

function expected(updates: readonly Uint8Array[]): unknown {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return contentOf(doc);
}

const ascending = (ids: readonly number[]) => ids.every((id, i) => i === 0 || id > ids[i - 1]!);

export function storageContract(driver: ContractDriver): void {
  const name = (what: string) => `storage contract (${driver.name}): ${what}`;

  test(name('an unknown room loads empty'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    assert.deepEqual(await h.store.loadRoom('nobody-here'), { snapshot: null, updates: [], lastId: 0 });
    assert.deepEqual(await h.store.readSince('nobody-here', 0), { snapshot: null, updates: [], lastId: 0 });
    assert.deepEqual(await h.store.lastIds(['nobody-here']), new Map([['nobody-here', 0]]));
    assert.deepEqual(await h.store.append('nobody-here', []), []);
  });

  test(name('append returns ascending ids in order; load replays exactly what was appended, per room'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    const a = edits(12, 'a');
    const b = edits(5, 'b');
    const idsA1 = await h.store.append('room-a', a.slice(0, 7));
    const idsB = await h.store.append('room-b', b);
    const idsA2 = await h.store.append('room-a', a.slice(7));
    const idsA = [...idsA1, ...idsA2];
    assert.equal(idsA.length, a.length);
    assert.ok(ascending(idsA) && ascending(idsB), 'ids ascend');
    assert.equal(new Set([...idsA, ...idsB]).size, idsA.length + idsB.length, 'ids are unique across rooms');
    const loaded = await h.store.loadRoom('room-a');
    assert.equal(loaded.snapshot, null);
    assert.deepEqual(loaded.updates.map((u) => u.id), idsA);
    assert.deepEqual(
      loaded.updates.map((u) => [...u.data]),
      a.map((u) => [...u]),
      'bytes come back as stored',
    );
    assert.equal(loaded.lastId, idsA.at(-1));
    assert.deepEqual(contentOf(replay(loaded)), expected(a));
    assert.deepEqual(contentOf(replay(await h.store.loadRoom('room-b'))), expected(b));
    assert.deepEqual(await h.store.lastIds(['room-a', 'room-b']), new Map([['room-a', idsA.at(-1)!], ['room-b', idsB.at(-1)!]]));
  });

  test(name('compaction keeps content identical and deletes exactly the merged rows'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    const updates = edits(40);
    for (let i = 0; i < updates.length; i += 7) await h.store.append('room-a', updates.slice(i, i + 7));
    await h.store.append('room-b', edits(3));
    const before = await h.store.loadRoom('room-a');
    const otherBefore = await h.store.loadRoom('room-b');

    const result = await h.store.compact('room-a');
    assert.deepEqual(result.mergedIds, before.updates.map((u) => u.id), 'exactly the rows that existed');
    assert.ok(result.snapshotBytes > 0);
    const after = await h.store.loadRoom('room-a');
    assert.ok(after.snapshot);
    assert.equal(after.updates.length, 0);
    assert.equal(after.lastId, before.lastId, 'the snapshot remembers the last id it merged');
    assert.deepEqual(contentOf(replay(after)), expected(updates));
    assert.deepEqual(await h.store.loadRoom('room-b'), otherBefore, 'other rooms untouched');

    // Later appends land after the snapshot; a second compaction merges both.
    const more = replay(after);
    const extra: Uint8Array[] = [];
    more.on('update', (u: Uint8Array) => extra.push(u));
    more.getMap('options').set('late', 'after compaction');
    const [lateId] = await h.store.append('room-a', extra);
    assert.ok(lateId! > before.lastId, 'ids are never reused');
    const mixed = await h.store.loadRoom('room-a');
    assert.deepEqual(mixed.updates.map((u) => u.id), [lateId]);
    assert.equal(mixed.lastId, lateId);
    assert.deepEqual((await h.store.compact('room-a')).mergedIds, [lateId]);
    assert.equal(replay(await h.store.loadRoom('room-a')).getMap('options').get('late'), 'after compaction');
    assert.deepEqual(await h.store.compact('room-a'), { mergedIds: [], snapshotBytes: 0 }, 'nothing to merge');
  });

  test(name('compaction keeps updates whose dependencies are missing'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    const all = edits(4);
    await h.store.append('gappy', all.slice(1)); // everything but the first: cannot integrate yet
    await h.store.compact('gappy');
    await h.store.append('gappy', all.slice(0, 1));
    assert.deepEqual(contentOf(replay(await h.store.loadRoom('gappy'))), expected(all));
  });

  test(name('compaction concurrent with appends (and with another compaction) loses and duplicates nothing'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    const other = await h.another();
    const first = edits(60, 'x');
    await h.store.append('busy', first);
    const second = edits(60, 'y');
    // Appends from both "processes", one update per append, while both compact.
    const appended: number[] = [];
    const appends = second.map((u, i) =>
      (i % 2 === 0 ? h.store : other).append('busy', [u]).then((ids) => appended.push(...ids)),
    );
    const [c1, c2] = await Promise.all([h.store.compact('busy'), other.compact('busy'), ...appends]);
    const merged = [...c1!.mergedIds, ...c2!.mergedIds];
    assert.equal(new Set(merged).size, merged.length, 'no row merged twice');
    const loaded = await h.store.loadRoom('busy');
    const left = loaded.updates.map((u) => u.id);
    for (const id of merged) assert.ok(!left.includes(id), `merged row ${id} was deleted`);
    const allIds = new Set([...merged, ...left]);
    for (const id of appended) assert.ok(allIds.has(id), `appended row ${id} is merged or still in the log`);
    assert.deepEqual(contentOf(replay(loaded)), expected([...first, ...second]), 'content is everything appended');
    // And once more, quietly: the log folds into the snapshot.
    await h.store.compact('busy');
    const final = await h.store.loadRoom('busy');
    assert.equal(final.updates.length, 0);
    assert.deepEqual(contentOf(replay(final)), expected([...first, ...second]));
  });

  test(name('a reopened store (a restarted process) reads what was written'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    const updates = edits(10);
    await h.store.append('kept', updates.slice(0, 5));
    await h.store.compact('kept');
    await h.store.append('kept', updates.slice(5));
    const before = await h.store.loadRoom('kept');
    const reopened = await h.another();
    const after: LoadedRoom = await reopened.loadRoom('kept');
    assert.deepEqual(after, before);
    assert.deepEqual(contentOf(replay(after)), expected(updates));
  });

  test(name('readSince follows the log by id: rows after it, known ones without data, the snapshot once compacted past it'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    const updates = edits(9);
    const ids = await h.store.append('log', updates.slice(0, 3));
    const seen = ids.at(-1)!;
    const later = await h.store.append('log', updates.slice(3, 6));
    const tail = await h.store.readSince('log', seen, [later[1]!]);
    assert.equal(tail.snapshot, null);
    assert.deepEqual(tail.updates.map((u) => u.id), later);
    assert.deepEqual(
      tail.updates.map((u) => (u.data ? [...u.data] : null)),
      [[...updates[3]!], null, [...updates[5]!]],
    );
    assert.equal(tail.lastId, later.at(-1));
    assert.deepEqual(await h.store.readSince('log', later.at(-1)!), { snapshot: null, updates: [], lastId: later.at(-1) });

    // Another process compacts rows this reader never saw: the snapshot carries them.
    const other = await h.another();
    await other.compact('log');
    const more = await other.append('log', updates.slice(6));
    const afterCompaction = await h.store.readSince('log', seen);
    assert.ok(afterCompaction.snapshot, 'rows merged after `seen` come back as the snapshot');
    assert.deepEqual(afterCompaction.updates.map((u) => u.id), more);
    assert.equal(afterCompaction.lastId, more.at(-1));
    const caughtUp = replay(await h.store.readSince('log', 0));
    for (const u of updates.slice(0, 3)) Y.applyUpdate(caughtUp, u);
    assert.deepEqual(contentOf(caughtUp), expected(updates), 'what was seen + the tail = everything');
    // A reader already past the compaction gets no snapshot.
    const upToDate = await h.store.readSince('log', later.at(-1)!);
    assert.equal(upToDate.snapshot, null);
    assert.deepEqual(await h.store.lastIds(['log']), new Map([['log', more.at(-1)!]]));
  });

  test(name('boards table: a board and its first updates commit together or not at all'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    const row: BoardRow = {
      id: 'b'.repeat(22),
      title: 'Water rights',
      createdAt: 1_795_640_314_224,
      epoch: 3,
      parties: [
        { id: 'p1', name: 'Farmers', color: '#0072B2' },
        { id: 'p2', name: 'City', color: '#D55E00' },
      ],
    };
    await h.store.createBoard(row, [
      { room: row.id, data: edits(1)[0]! },
      { room: `${row.id}/state`, data: edits(1, 's')[0]! },
    ]);
    assert.deepEqual(await h.store.getBoard(row.id), row);
    assert.deepEqual(await (await h.another()).getBoard(row.id), row, 'seen by another process');
    assert.equal(await h.store.getBoard('c'.repeat(22)), null);
    assert.equal((await h.store.loadRoom(row.id)).updates.length, 1);
    assert.equal((await h.store.loadRoom(`${row.id}/state`)).updates.length, 1);
    await assert.rejects(h.store.createBoard(row, [{ room: 'x', data: new Uint8Array([0, 0]) }]), 'the id is taken');
    assert.equal((await h.store.loadRoom('x')).updates.length, 0, 'a failed createBoard stores nothing');
  });

  test(name('isWritable is a real write; false once closed'), async (t) => {
    const h = await driver.open(t);
    if (!h) return;
    const other = await h.another();
    assert.equal(await h.store.isWritable(), true);
    await other.close();
    assert.equal(await other.isWritable(), false);
  });
}
