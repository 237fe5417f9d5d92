/**
 * Operations: no capability token in any log line (attack 15), the metrics
 * an operator needs, and a graceful drain on SIGTERM of the real entry point
 * (server/main.ts): clients get 1012, what they wrote is stored, exit 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { SqliteDocStore } from '../persistence/sqlite';
import { Harness, TEST_ENV, addOption, optionTitles, waitFor } from './harness';
import { tamperedToken } from './hostile';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

test('attack 15: no token appears in any log line (upgrades accepted and refused, HTTP by header and by query)', async (t) => {
  const lines: string[] = [];
  const h = await Harness.start(t, { LOG_LEVEL: 'trace', MAX_CONNECTIONS_PER_ROOM: '3' }, { logLines: lines });
  const board = await h.createBoard();
  const tokens = [board.links.facilitator.token, board.links.viewer.token, ...board.links.parties.map((p) => p.token)];
  const [party, viewer] = [board.links.parties[0]!.token, board.links.viewer.token];
  const tampered = tamperedToken(party);
  tokens.push(tampered);

  // Accepted upgrades (logged at debug), a full room, a tampered token, a foreign Origin, a bad room.
  const writer = await h.provider(board.id, party);
  await h.provider(`${board.id}/party/p1`, party);
  await h.provider(board.id, viewer);
  await h.raw(board.id, viewer).opened;
  assert.equal((await h.raw(board.id, viewer).closed).code, 1013);
  assert.equal((await h.raw(board.id, tampered).closed).code, 4401);
  assert.equal((await h.raw(board.id, party, { Origin: 'https://evil.example' }).closed).httpStatus, 403);
  assert.equal((await h.raw('..%2Fx', party).closed).code, 4400);
  addOption(writer.doc, 'o1', 'logged activity');

  // HTTP: by header, by query, refused, and a rotation (which logs).
  await h.fetch(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${viewer}` } });
  await h.fetch(`/api/boards/${board.id}?token=${party}`);
  await h.fetch(`/api/boards/${board.id}?token=${tampered}`);
  await h.fetch(`/api/boards/${board.id}/rotate?token=${board.links.facilitator.token}`, { method: 'POST' });
  await waitFor(() => lines.some((l) => l.includes('board links rotated')), { what: 'the rotation log line' });

  assert.ok(lines.length >= 10, `${lines.length} lines logged`);
  assert.ok(lines.some((l) => l.includes('token=[redacted]')), 'URLs are logged, redacted');
  for (const token of tokens) {
    const [claims, mac] = token.split('.') as [string, string];
    for (const line of lines) {
      assert.ok(!line.includes(mac) && !line.includes(claims), `a token part leaked: ${line}`);
    }
  }
});

test('/metrics has rooms, connections, messages, bytes, persistence latency, closes by code and limit refusals', async (t) => {
  const h = await Harness.start(t, { MAX_CONNECTIONS_PER_ROOM: '2' });
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);
  addOption(writer.doc, 'm1', 'counted');
  await waitFor(() => optionTitles(reader.doc).m1 !== undefined, { what: 'the edit' });
  assert.equal((await h.raw(board.id, board.links.viewer.token).closed).code, 1013);
  assert.equal((await h.raw(board.id, 'nope').closed).code, 4401);

  assert.equal(await h.metric('cg_rooms_loaded'), 1);
  assert.equal(await h.metric('cg_connections'), 2);
  assert.ok((await h.metric('cg_messages_in_total{type="sync"}')) >= 3);
  assert.ok((await h.metric('cg_bytes_in_total')) > 0);
  assert.ok((await h.metric('cg_bytes_out_total')) > 0);
  assert.ok((await h.metric('cg_persist_seconds_count')) >= 1);
  assert.ok((await h.metric('cg_sqlite_write_seconds_count{op="append",thread="main"}')) + (await h.metric('cg_sqlite_write_seconds_count{op="append",thread="writer"}')) >= 1, 'appends are timed, on either thread');
  assert.equal(await h.metric('cg_ws_closes_total{code="1013"}'), 1);
  assert.equal(await h.metric('cg_ws_closes_total{code="4401"}'), 1);
  assert.equal(await h.metric('cg_limit_refusals_total{limit="connections_per_room"}'), 1);
  assert.equal(await h.metric('cg_auth_failures_total{reason="malformed"}'), 1);
  const text = await (await h.fetch('/metrics')).text();
  for (const name of ['cg_compactions_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']) {
    assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
  }
});

test('SIGTERM on server/main.ts drains: clients get 1012, their writes are stored, the process exits 0', async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-sigterm-'));
  t.after(() => fs.rm(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--no-next'], {
    env: { ...process.env, ...TEST_ENV, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"http:\/\/[^"]*:(\d+)"/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`main.ts exited early (${code})`)));
  });

  const h = Harness.external(t, port);
  const board = await h.createBoard();
  const client = await h.provider(board.id, board.links.parties[0]!.token);
  const raw = h.raw(board.id, board.links.viewer.token);
  await raw.opened;
  addOption(client.doc, 'last', 'written just before SIGTERM');
  await waitFor(() => raw.messages.length >= 2, { what: 'the raw socket to be greeted' });

  child.kill('SIGTERM');
  await waitFor(() => client.closeCodes.includes(1012), { what: 'the provider to get 1012' });
  assert.equal((await raw.closed).code, 1012);
  assert.equal(await exited, 0);
  assert.match(out, /"signal":"SIGTERM".*"msg":"shutting down"/);
  assert.match(out, /"msg":"server closed"/);
  h.destroyProvider(client);

  const store = new SqliteDocStore({ dataDir, synchronous: 'NORMAL' });
  t.after(() => store.close());
  const stored = await store.loadRoom(board.id);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const row of stored.updates) Y.applyUpdate(doc, row.data);
  assert.equal(optionTitles(doc).last, 'written just before SIGTERM');
});
