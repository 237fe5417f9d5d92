/**
 * kill -9 during a write burst, in the middle of a compaction and during a
 * room load loses nothing another client saw: the server stores an update
 * before it broadcasts it, so whatever reached the observer is on disk when
 * the process dies, and a compaction is one transaction. Each time the
 * database then opens cleanly (integrity_check) and the next server serves
 * everything.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { optionsMap } from '@/lib/board/schema';
import { DB_FILE } from '../persistence/sqlite';
import { spawnServe, type ServeProcess } from './cluster';
import { Harness, burst, waitFor, type CreatedBoard } from './harness';

async function spawnServer(t: TestContext, dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  return spawnServe(t, { ...env, DATA_DIR: dataDir });
}

test('kill -9 during a write burst loses nothing an observer saw', async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-crash-'));
  t.after(() => fs.rm(dataDir, { recursive: true, force: true }));
  const first = await spawnServer(t, dataDir);
  const h = Harness.external(t, first.port);
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const observer = await h.provider(board.id, board.links.viewer.token);

  // Write until the observer has seen a good number; then kill the server mid-burst.
  const writes = burst(writer, observer);
  await waitFor(() => writes.seen.size >= 150, { timeoutMs: 20_000, what: 'the observer to see 150 options' });
  first.process.kill('SIGKILL');
  await first.exited;
  await writes.stop();
  const observed = [...writes.seen];
  assert.ok(writes.written() > observed.length, 'the kill landed mid-burst (writes were still in flight)');
  h.destroyProvider(writer);
  h.destroyProvider(observer);
  await assertNothingLost(t, h, dataDir, board, observed);
});

/** After the crash: a clean server serves every observed option, stops cleanly, and the file checks out. */
async function assertNothingLost(
  t: TestContext,
  h: Harness,
  dataDir: string,
  board: CreatedBoard,
  observed: string[],
  more: () => Promise<void> = async () => {},
) {
  const next = await spawnServer(t, dataDir);
  h.port = next.port;
  const fresh = await h.provider(board.id, board.links.facilitator.token);
  const present = new Set(optionsMap(fresh.doc).keys());
  const missing = observed.filter((id) => !present.has(id));
  assert.deepEqual(missing, [], `all ${observed.length} observed options survive (${present.size} present)`);
  h.destroyProvider(fresh);
  await more();
  next.process.kill('SIGTERM');
  assert.equal(await next.exited, 0, 'SIGTERM exits cleanly');
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    return { snapshot: db.prepare('SELECT count(*) AS n FROM snapshots WHERE room = ?').get(board.id) as { n: number } };
  } finally {
    db.close();
  }
}

test('kill -9 in the middle of a compaction, then again during the next start\'s room load: nothing an observer saw is lost; the database opens cleanly', async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-crash-'));
  t.after(() => fs.rm(dataDir, { recursive: true, force: true }));
  // The first compaction (after 60 rows) kills the server between its deletes and its commit.
  const first = await spawnServer(t, dataDir, { COMPACT_AFTER_UPDATES: '60', CG_TEST_CRASH: 'compact' });
  const h = Harness.external(t, first.port);
  const board = await h.createBoard();
  const lane = await h.provider(`${board.id}/party/p1`, board.links.parties[0]!.token);
  lane.doc.getMap('notes').set('walk-away', 'north field');
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const observer = await h.provider(board.id, board.links.viewer.token);
  for (const client of [lane, writer, observer]) client.provider.shouldReconnect = () => false;
  const writes = burst(writer, observer);
  assert.equal(await first.exited, null, 'the server killed itself mid-compaction');
  await writes.stop();
  const observed = [...writes.seen];
  assert.ok(observed.length >= 40, `the observer saw ${observed.length} options before the crash`);
  for (const client of [lane, writer, observer]) h.destroyProvider(client);

  // The next start dies while loading the first room a client asks for (after WAL recovery).
  const second = await spawnServer(t, dataDir, { CG_TEST_CRASH: 'load' });
  h.port = second.port;
  const doomed = h.openProvider(board.id, board.links.facilitator.token);
  assert.equal(await second.exited, null, 'the server killed itself during the load');
  h.destroyProvider(doomed);

  const { snapshot } = await assertNothingLost(t, h, dataDir, board, observed, async () => {
    const laneAgain = await h.provider(`${board.id}/party/p1`, board.links.parties[0]!.token);
    assert.equal(laneAgain.doc.getMap('notes').get('walk-away'), 'north field');
    h.destroyProvider(laneAgain);
  });
  assert.equal(snapshot.n, 1, 'the clean server then compacted the room for real');
});
