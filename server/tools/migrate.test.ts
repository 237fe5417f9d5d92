/**
 * `npm run migrate:sqlite-to-postgres`: a board store written by a real
 * SQLite server (a compacted snapshot plus a log) moves to PostgreSQL
 * whole; a server on PostgreSQL then serves it under the same links; the
 * command refuses to mix into a database that already holds boards.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { optionsMap, stateMap } from '@/lib/board/schema';
import { DB_FILE } from '../persistence/sqlite';
import { Harness, TEST_SECRET, addOption, optionTitles, waitFor } from '../test/harness';
import { scaleoutServices } from '../test/services';
import { migrateSqliteToPostgres } from './migrate-sqlite-to-postgres';

const services = scaleoutServices(after);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('a SQLite board store moves to PostgreSQL whole, and is served there under the same links', async (t) => {
  const found = await services.get(t);
  if (!found) return;
  // A store as a running server leaves it: boards, snapshots (after an unload) and log rows.
  const sqlite = await Harness.start(t, { COMPACT_AFTER_UPDATES: '5' });
  const board = await sqlite.createBoard();
  const second = await sqlite.createBoard({ title: 'Second', question: '', parties: ['North', 'South', 'East'] });
  const writer = await sqlite.provider(board.id, board.links.parties[0]!.token);
  for (let i = 0; i < 12; i++) addOption(writer.doc, `o${i}`, `option ${i}`);
  optionsMap(writer.doc).delete('o3');
  const lane = await sqlite.provider(`${board.id}/party/p2`, board.links.parties[1]!.token);
  addOption(lane.doc, 'secret', 'only p2 sees this');
  await sqlite.fetch(`/api/boards/${board.id}/phase`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.links.facilitator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phase: 'brainstorm' }),
  });
  const expected = optionTitles(writer.doc);
  await waitFor(async () => {
    const stored = await sqlite.server.store.loadRoom(board.id);
    return stored.updates.length > 0 || stored.snapshot !== null;
  });
  await sqlite.server.close(); // the migration runs with the server stopped

  const url = await found.postgres.newDatabase();
  const lines: string[] = [];
  const report = await migrateSqliteToPostgres(path.join(sqlite.dataDir, DB_FILE), url, (line) => lines.push(line));
  assert.equal(report.boards, 2);
  const source = new Database(path.join(sqlite.dataDir, DB_FILE), { readonly: true });
  const rooms = source
    .prepare<[], { room: string }>('SELECT room FROM updates UNION SELECT room FROM snapshots')
    .all()
    .map((row) => row.room);
  source.close();
  assert.ok(rooms.length >= 5, 'joint, state and a lane of the first board; joint and state of the second');
  assert.equal(report.rooms, rooms.length, 'every room');
  assert.ok(lines.some((line) => line.includes('verifying')));

  const onPostgres = await Harness.start(t, { DATABASE_URL: url });
  const reader = await onPostgres.provider(board.id, board.links.viewer.token);
  assert.deepEqual(optionTitles(reader.doc), expected);
  assert.equal(optionsMap(reader.doc).has('o3'), false, 'deletions came along');
  const laneAgain = await onPostgres.provider(`${board.id}/party/p2`, board.links.parties[1]!.token);
  assert.equal(optionTitles(laneAgain.doc).secret, 'only p2 sees this');
  const state = await onPostgres.provider(`${board.id}/state`, board.links.viewer.token);
  assert.equal(stateMap(state.doc).get('phase'), 'brainstorm');
  const info = await onPostgres.fetch(`/api/boards/${second.id}`, {
    headers: { authorization: `Bearer ${second.links.facilitator.token}` },
  });
  assert.equal(info.status, 200);
  assert.deepEqual(((await info.json()) as { parties: { name: string }[] }).parties.map((p) => p.name), ['North', 'South', 'East']);

  // The command line, as documented: it refuses a target that already holds boards.
  const cli = spawnSync(
    'npm',
    ['run', '--silent', 'migrate:sqlite-to-postgres', '--', '--from', path.join(sqlite.dataDir, DB_FILE), '--to', url],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(cli.status, 1, cli.stdout + cli.stderr);
  assert.match(cli.stderr, /already holds boards/);
});

test('the migration command copies into an empty database and says how to keep links valid', async (t) => {
  const found = await services.get(t);
  if (!found) return;
  const sqlite = await Harness.start(t);
  const board = await sqlite.createBoard();
  await sqlite.server.close();
  // A server without COMMON_GROUND_SECRET keeps its generated secret here.
  await fs.writeFile(path.join(sqlite.dataDir, 'secret'), TEST_SECRET, { mode: 0o600 });
  const url = await found.postgres.newDatabase();
  const cli = spawnSync(
    'npm',
    ['run', '--silent', 'migrate:sqlite-to-postgres', '--', '--from', path.join(sqlite.dataDir, DB_FILE), '--to', url],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(cli.status, 0, cli.stdout + cli.stderr);
  assert.match(cli.stdout, /done: 1 boards, 2 rooms/);
  assert.match(cli.stdout, /COMMON_GROUND_SECRET/);
  const onPostgres = await Harness.start(t, { DATABASE_URL: url });
  const res = await onPostgres.fetch(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.links.viewer.token}` } });
  assert.equal(res.status, 200);
});
