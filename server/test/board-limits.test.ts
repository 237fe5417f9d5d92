/**
 * Attack 21: flooding the unauthenticated routes that make boards
 * (POST /api/boards, POST /api/boards/import). Each limit answers 429 with
 * Retry-After and its error code, is counted in cg_limit_refusals_total,
 * and leaves everyone else alone: another address still creates, another
 * board keeps syncing. Imports are built in a worker thread, so a file
 * being built cannot hold up the event loop.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BroadcastChannel } from 'node:worker_threads';
import { useImportWorkerModule } from '../import/run-import';
import { Harness, waitFor, type CreatedBoard } from './harness';

const BOARD = { title: 'Water', question: 'How do we share the river?', parties: ['Upstream', 'Downstream'] };

/** Board creation and import from `address` (TRUST_PROXY=1: the last X-Forwarded-For entry). */
const create = (h: Harness, address: string, body: unknown = BOARD) =>
  h.fetch('/api/boards', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify(body) });
const importFile = (h: Harness, address: string, file: string) =>
  h.fetch('/api/boards/import', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: file });

/** A valid export file (of `board`), padded with trailing whitespace (still valid JSON) to `bytes` when given. */
async function exportFile(h: Harness, board: CreatedBoard, bytes?: number): Promise<string> {
  const res = await h.fetch(`/api/boards/${board.id}/export?format=json&scope=board`, { headers: { authorization: `Bearer ${board.links.facilitator.token}` } });
  assert.equal(res.status, 200);
  const text = await res.text();
  if (bytes === undefined) return text;
  assert.ok(Buffer.byteLength(text) <= bytes, `the export is ${Buffer.byteLength(text)} bytes`);
  return text + ' '.repeat(bytes - Buffer.byteLength(text));
}

async function assertRefused(res: Response, code: 'rate_limited' | 'quota_exceeded', minRetry = 1, maxRetry = Infinity): Promise<void> {
  const body = (await res.json()) as { error?: { code?: string; message?: string } };
  assert.equal(res.status, 429, JSON.stringify(body));
  assert.equal(body.error?.code, code);
  assert.ok(body.error?.message);
  const retryAfter = res.headers.get('retry-after');
  assert.match(retryAfter ?? '', /^\d+$/, 'Retry-After in whole seconds');
  assert.ok(Number(retryAfter) >= minRetry && Number(retryAfter) <= maxRetry, `Retry-After ${retryAfter}`);
}

test('attack 21: a creation burst from one address is refused (429 rate_limited, Retry-After) after its burst; other addresses create', async (t) => {
  const h = await Harness.start(t, { TRUST_PROXY: '1', BOARDS_BURST_PER_IP: '3', BOARDS_PER_MINUTE_PER_IP: '1' });
  const other = await h.createBoard();
  // Positive control: the burst is admitted.
  for (let i = 0; i < 3; i++) assert.equal((await create(h, '203.0.113.7')).status, 201);
  const refused = await Promise.all(Array.from({ length: 20 }, () => create(h, '203.0.113.7')));
  // One token a minute: the next one is at most 60 s away.
  for (const res of refused) await assertRefused(res, 'rate_limited', 1, 60);
  assert.equal(await h.metric('cg_limit_refusals_total{limit="board_rate"}'), 20);
  // IPv6 counts per /64: another host of the same /64 shares the budget… (its own burst first)
  for (let i = 0; i < 3; i++) assert.equal((await create(h, '2001:db8:1:2::a')).status, 201);
  await assertRefused(await create(h, '2001:db8:1:2::b'), 'rate_limited');
  // …while a fresh address has a fresh bucket, and the other board still syncs.
  assert.equal((await create(h, '203.0.113.8')).status, 201);
  await h.roundTrip(other);
});

test('attack 21: boards per address per day (429 quota_exceeded); failed requests do not count', async (t) => {
  const h = await Harness.start(t, { TRUST_PROXY: '1', BOARDS_PER_DAY_PER_IP: '2' });
  const other = await h.createBoard();
  // A refused form (422) makes no board and uses none of the quota.
  assert.equal((await create(h, '198.51.100.1', { ...BOARD, title: '' })).status, 422);
  assert.equal((await create(h, '198.51.100.1')).status, 201);
  assert.equal((await create(h, '198.51.100.1')).status, 201);
  // The day started with the first board: more than an hour to wait, at most a day.
  await assertRefused(await create(h, '198.51.100.1'), 'quota_exceeded', 3600, 86_400);
  assert.equal(await h.metric('cg_limit_refusals_total{limit="board_quota"}'), 1);
  assert.equal((await create(h, '198.51.100.2')).status, 201, 'another address has its own quota');
  await h.roundTrip(other);
});

test('attack 21: imports count against the same budget and against bytes imported per address per day', async (t) => {
  const h = await Harness.start(t, { TRUST_PROXY: '1', IMPORT_BYTES_PER_DAY_PER_IP: '5000', BOARDS_BURST_PER_IP: '3', BOARDS_PER_MINUTE_PER_IP: '1' });
  const other = await h.createBoard();
  const file = await exportFile(h, other, 3000);
  // Positive control: a 3,000-byte file fits the 5,000-byte quota.
  const first = await importFile(h, '192.0.2.1', file);
  assert.equal(first.status, 201, await first.clone().text());
  // A bad file gives its bytes back (422: nothing was made)…
  assert.equal((await importFile(h, '192.0.2.1', '{"format": "nope"}')).status, 422);
  // …but a second 3,000 bytes would pass 5,000 today.
  await assertRefused(await importFile(h, '192.0.2.1', file), 'quota_exceeded', 3600, 86_400);
  assert.equal(await h.metric('cg_limit_refusals_total{limit="import_bytes_quota"}'), 1);
  // Three attempts used the address's burst of three: creating is refused too, for now…
  const small = await create(h, '192.0.2.1');
  assert.notEqual(small.headers.get('connection'), 'close');
  await assertRefused(small, 'rate_limited');
  // …and a refused file over 64 KiB is not read: the answer closes the connection (a small one kept it).
  const large = await importFile(h, '192.0.2.1', await exportFile(h, other, 200_000));
  assert.equal(large.headers.get('connection'), 'close');
  await assertRefused(large, 'rate_limited');
  // Another address imports the same file.
  assert.equal((await importFile(h, '192.0.2.2', file)).status, 201);
  await h.roundTrip(other);
});

test('attack 21: all addresses together are limited per process (429 rate_limited)', async (t) => {
  const h = await Harness.start(t, { TRUST_PROXY: '1', BOARDS_PER_MINUTE: '4' });
  const other = await h.createBoard(); // the process's first of four
  const file = await exportFile(h, other);
  assert.equal((await create(h, '10.0.0.1')).status, 201);
  assert.equal((await create(h, '10.0.0.2')).status, 201);
  assert.equal((await importFile(h, '10.0.0.3', file)).status, 201);
  // A fifth address, fresh in every per-address limit, meets the process's.
  await assertRefused(await create(h, '10.0.0.4'), 'rate_limited', 1, 15);
  await assertRefused(await importFile(h, '10.0.0.5', file), 'rate_limited', 1, 15);
  assert.equal(await h.metric('cg_limit_refusals_total{limit="board_rate_process"}'), 2);
  assert.equal(await h.metric('cg_limit_refusals_total{limit="board_rate"}'), 0);
  await h.roundTrip(other);
});

test('attack 21: an import is built in the worker thread: while it is held there, another board syncs; beyond two, imports are busy (503)', async (t) => {
  const h = await Harness.start(t, { TRUST_PROXY: '1' });
  const other = await h.createBoard();
  const file = await exportFile(h, other);
  useImportWorkerModule(new URL('./fixtures/held-import-worker.ts', import.meta.url).href);
  t.after(() => useImportWorkerModule(null));
  const channel = new BroadcastChannel('held-import');
  t.after(() => channel.close());
  const held: { held: number; threadId: number }[] = [];
  channel.onmessage = (event) => held.push((event as { data: { held: number; threadId: number } }).data);

  let answered = 0;
  const imports = [importFile(h, '10.1.0.1', file), importFile(h, '10.1.0.2', file)].map((p) => p.finally(() => answered++));
  await waitFor(() => held.length === 2, { what: 'both imports to be held in the worker' });
  assert.ok(held.every((job) => job.threadId !== 0), 'in a worker thread, not the main one');
  // The event loop is free: another board syncs, a third import is refused at once, nothing answered yet.
  await h.roundTrip(other, 'a round trip while two imports are held');
  const third = await importFile(h, '10.1.0.3', file);
  assert.equal(third.status, 503);
  assert.equal(((await third.json()) as { error: { code: string } }).error.code, 'busy');
  assert.equal(await h.metric('cg_limit_refusals_total{limit="import_busy"}'), 1);
  assert.equal(answered, 0, 'the held imports have not answered');
  // Released, both are built and stored as usual.
  channel.postMessage('release');
  for (const res of await Promise.all(imports)) {
    const body = (await res.json()) as CreatedBoard;
    assert.equal(res.status, 201, JSON.stringify(body));
    const read = await h.fetch(`/api/boards/${body.id}`, { headers: { authorization: `Bearer ${body.links.facilitator.token}` } });
    assert.equal(read.status, 200);
  }
});
