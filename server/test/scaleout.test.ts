/**
 * Scale-out: two or three server processes on one PostgreSQL and one Redis,
 * all started here (services.ts; skipped with the reason when PostgreSQL or
 * redis-server is not installed, but failing under CI=true).
 *
 *  - clients on different processes converge (updates, awareness, server writes);
 *  - kill -9 one process: its clients reconnect to another and lose nothing anyone saw;
 *  - Redis restart: updates still converge, by periodic catch-up while it is
 *    down and by catch-up on reconnect;
 *  - PostgreSQL outage: new rooms get 1013, nothing unstored is broadcast,
 *    writers past the backlog get 1013, and everything lands once it is back.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import * as Y from 'yjs';
import { optionsMap, stateMap } from '@/lib/board/schema';
import { startNodes } from './cluster';
import { addOption, burst, optionTitles, waitFor } from './harness';
import { scaleoutServices } from './services';

const services = scaleoutServices(after);

const titles = (doc: Y.Doc) => JSON.stringify(Object.entries(optionTitles(doc)).sort());

test('clients on different processes converge: updates, awareness, server writes', async (t) => {
  const found = await services.get(t);
  if (!found) return;
  const [a, b, c] = await startNodes(t, found, [{}, {}, {}]);
  const board = await a!.h.createBoard();
  const onA = await a!.h.provider(board.id, board.links.parties[0]!.token);
  const onB = await b!.h.provider(board.id, board.links.parties[1]!.token);
  const onC = await c!.h.provider(board.id, board.links.viewer.token);

  addOption(onA.doc, 'from-a', 'written on A');
  addOption(onB.doc, 'from-b', 'written on B');
  await waitFor(() => ['from-a', 'from-b'].every((id) => optionsMap(onC.doc).has(id)), { what: 'C to see A and B' });
  await waitFor(() => titles(onA.doc) === titles(onC.doc) && titles(onB.doc) === titles(onC.doc), { what: 'convergence' });

  // Awareness crosses processes (and its removal too).
  onA.provider.awareness.setLocalStateField('user', { name: 'Ana' });
  const anaId = onA.doc.clientID;
  await waitFor(() => (onC.provider.awareness.getStates().get(anaId) as { user?: { name: string } } | undefined)?.user?.name === 'Ana', {
    what: "C to see Ana's presence",
  });
  // A process that takes the room later asks the others for their presence.
  const lateOnB = await b!.h.provider(board.id, board.links.viewer.token);
  await waitFor(() => lateOnB.provider.awareness.getStates().has(anaId), { what: 'a late joiner on B to see Ana' });

  // A server write (phase) made on B reaches a client on C.
  const phase = await b!.h.fetch(`/api/boards/${board.id}/phase`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.links.facilitator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phase: 'brainstorm' }),
  });
  assert.equal(phase.status, 200);
  const stateOnC = await c!.h.provider(`${board.id}/state`, board.links.viewer.token);
  await waitFor(() => stateMap(stateOnC.doc).get('phase') === 'brainstorm', { what: 'the phase on C' });

  a!.h.destroyProvider(onA);
  await waitFor(() => !onC.provider.awareness.getStates().has(anaId), { what: "Ana's presence to go when she leaves" });
  assert.ok((await c!.server.metric('cg_fanout_messages_total', { direction: 'in', kind: 'update' })) > 0);
  assert.equal((await a!.h.fetch('/readyz')).status, 200);
});

test('kill -9 one process: its clients reconnect to another and nothing anyone saw is lost', async (t) => {
  const found = await services.get(t);
  if (!found) return;
  const [a, b] = await startNodes(t, found, [{}, {}]);
  const board = await a!.h.createBoard();
  const writer = await a!.h.provider(board.id, board.links.parties[0]!.token);
  const observer = await b!.h.provider(board.id, board.links.viewer.token);
  const writes = burst(writer, observer);
  await waitFor(() => writes.seen.size >= 100, { timeoutMs: 20_000, what: 'the observer on B to see 100 options' });
  a!.server.process.kill('SIGKILL');
  await a!.server.exited;
  await writes.stop();
  const observed = [...writes.seen];
  const written = writes.written();
  assert.ok(written > observed.length, 'the kill landed mid-burst');

  // The writer's client switches to B (what a load balancer does when A is gone).
  writer.provider.serverUrl = b!.server.wsUrl;
  await waitFor(() => writer.provider.wsconnected && writer.provider.synced, { what: 'the writer to reconnect to B' });
  const fresh = await b!.h.provider(board.id, board.links.facilitator.token);
  const present = new Set(optionsMap(fresh.doc).keys());
  assert.deepEqual(observed.filter((id) => !present.has(id)), [], `all ${observed.length} observed options survive`);
  // And what the writer had, including what A accepted but never stored, arrives by its resync.
  await waitFor(() => optionsMap(observer.doc).size === written, { what: `all ${written} options to reach B's observer` });
  assert.equal(titles(observer.doc), titles(writer.doc));
});

test('Redis restart: updates still converge, by periodic catch-up while it is down and catch-up on reconnect', async (t) => {
  const found = await services.get(t);
  if (!found) return;
  // B follows the log every 300 ms; C only on subscribe and on reconnect.
  const [a, b, c] = await startNodes(t, found, [{}, { CATCHUP_INTERVAL_MS: '300' }, { CATCHUP_INTERVAL_MS: '0' }]);
  const board = await a!.h.createBoard();
  const writer = await a!.h.provider(board.id, board.links.parties[0]!.token);
  const onB = await b!.h.provider(board.id, board.links.viewer.token);
  const onC = await c!.h.provider(board.id, board.links.viewer.token);
  addOption(writer.doc, 'before', 'before the outage');
  await waitFor(() => optionsMap(onB.doc).has('before') && optionsMap(onC.doc).has('before'), { what: 'fan-out' });

  await found.redis.stop();
  await waitFor(async () => (await c!.server.metric('cg_fanout_up')) === 0, { what: 'C to notice Redis is gone' });
  addOption(writer.doc, 'during', 'while Redis is down');
  await waitFor(() => optionsMap(onB.doc).has('during'), { what: 'B to catch up from PostgreSQL without Redis' });
  assert.ok((await b!.server.metric('cg_catchup_rows_total')) > 0, 'it came by catch-up');
  assert.equal(optionsMap(onC.doc).has('during'), false, 'C (no periodic catch-up) has not seen it yet');
  assert.equal((await a!.h.fetch('/readyz')).status, 200, 'Redis down is not "not ready"');

  await found.redis.start();
  await waitFor(() => optionsMap(onC.doc).has('during'), { timeoutMs: 10_000, what: 'C to catch up once Redis is back' });
  await waitFor(async () => (await a!.server.metric('cg_fanout_up')) === 1, { what: 'A to reconnect to Redis' });
  addOption(writer.doc, 'after', 'after the outage');
  await waitFor(() => optionsMap(onC.doc).has('after') && optionsMap(onB.doc).has('after'), { what: 'fan-out again' });
  assert.equal(titles(onB.doc), titles(writer.doc));
  assert.equal(titles(onC.doc), titles(writer.doc));
});

test('PostgreSQL outage: new rooms 1013, nothing unstored is broadcast, full backlog closes writers, all lands after', async (t) => {
  const found = await services.get(t);
  if (!found) return;
  const [a, b] = await startNodes(t, found, [{ MAX_UNSTORED_BYTES: '4096' }, { MAX_UNSTORED_BYTES: '4096' }]);
  const board = await a!.h.createBoard();
  const writer = await a!.h.provider(board.id, board.links.parties[0]!.token);
  const readerA = await a!.h.provider(board.id, board.links.viewer.token);
  const readerB = await b!.h.provider(board.id, board.links.viewer.token);
  addOption(writer.doc, 'before', 'before the outage');
  await waitFor(() => optionsMap(readerA.doc).has('before') && optionsMap(readerB.doc).has('before'), { what: 'sync' });

  let postgresUp = true;
  const earlyViews: string[] = [];
  for (const reader of [readerA, readerB]) {
    optionsMap(reader.doc).observe((event) => {
      for (const key of event.keysChanged) if (!postgresUp) earlyViews.push(key);
    });
  }
  await found.postgres.stop();
  postgresUp = false;

  const retriesBefore = await a!.server.metric('cg_store_retries_total');
  addOption(writer.doc, 'held', 'written while the database is away');
  await waitFor(async () => (await a!.server.metric('cg_store_retries_total')) >= retriesBefore + 2, {
    what: 'A to have failed to store it twice',
  });
  assert.ok((await a!.server.metric('cg_unstored_bytes')) > 0, 'held in memory');
  assert.deepEqual(earlyViews, [], 'nothing unstored reached any reader');

  const ready = await a!.h.fetch('/readyz');
  assert.equal(ready.status, 503);
  assert.equal(((await ready.json()) as { reason: string }).reason, 'database does not take writes');

  // A room no process holds cannot be loaded: 1013 (try later), on either process.
  const lane = b!.h.openProvider(`${board.id}/party/p1`, board.links.parties[0]!.token, new Y.Doc(), b!.server.wsUrl);
  await waitFor(() => lane.closeCodes.includes(1013), { what: 'a new room to be refused with 1013' });
  b!.h.destroyProvider(lane);
  const create = await b!.h.fetch('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'New', question: '', parties: ['A', 'B'] }),
  });
  assert.equal(create.status, 503);

  // Past MAX_UNSTORED_BYTES the writer is told to come back later.
  addOption(writer.doc, 'big', 'x'.repeat(6000));
  await waitFor(() => writer.closeCodes.includes(1013), { what: 'the writer to get 1013 when the backlog is full' });
  assert.deepEqual(earlyViews, [], 'still nothing unstored reached any reader');

  postgresUp = true;
  await found.postgres.start();
  await waitFor(() => ['held', 'big'].every((id) => optionsMap(readerA.doc).has(id) && optionsMap(readerB.doc).has(id)), {
    timeoutMs: 15_000,
    what: 'the held and the resent updates to reach every reader once the database is back',
  });
  await waitFor(async () => (await a!.h.fetch('/readyz')).status === 200, { what: 'A to be ready again' });
  const fresh = await b!.h.provider(board.id, board.links.facilitator.token);
  assert.equal(titles(fresh.doc), titles(writer.doc), 'and all of it is stored');
  assert.equal(await a!.server.metric('cg_unstored_bytes'), 0);
});
