/**
 * Scale-out, attack 3: the failed-join budget is shared over Redis. Two
 * server processes on one PostgreSQL and one Redis (services.ts; skipped
 * with the reason when they are not installed, failing under CI=true), each
 * allowing 4 failed joins a minute per address: a guesser who spreads his
 * attempts over both (as a load balancer would) is refused on both after 4
 * failures in all, not 8. A message on the channel that is not a process id
 * and an address digest is ignored. While Redis is away the budget is per
 * process again (best effort), and shared again once it is back.
 */
import assert from 'node:assert/strict';
import { after, test, type TestContext } from 'node:test';
import { Redis } from 'ioredis';
import * as encoding from 'lib0/encoding';
import { FAILED_JOINS_CHANNEL } from '../scaleout/fanout';
import { startNodes, type Node } from './cluster';
import { served, waitFor, type CreatedBoard } from './harness';
import { scaleoutServices } from './services';

const services = scaleoutServices(after);

const LIMITED = { FAILED_JOINS_PER_MINUTE: '4', TRUST_PROXY: '1' };
const from = (address: string) => ({ 'X-Forwarded-For': address });

/** Failed-join messages a node took from the other processes (`in`) or refused as malformed (`ignored`). */
const received = (node: Node, direction: 'in' | 'ignored') =>
  node.server.metric('cg_fanout_messages_total', { direction, kind: 'failed_join' });

/** A client of the test's own on the Redis the nodes share; both nodes are listening on the channel once it resolves. */
async function listeningRedis(t: TestContext, url: string, nodes: number): Promise<Redis> {
  const redis = new Redis(url);
  t.after(() => redis.quit());
  // Pub/sub keeps nothing for late subscribers: publish only once both nodes hear it.
  await waitFor(async () => Number(((await redis.pubsub('NUMSUB', FAILED_JOINS_CHANNEL)) as unknown[])[1]) === nodes, {
    what: `${nodes} subscribers on ${FAILED_JOINS_CHANNEL}`,
  });
  return redis;
}

const boardInfo = (node: Node, board: CreatedBoard, token: string, address: string) =>
  node.h.fetch(`/api/boards/${board.id}`, { headers: { authorization: `Bearer ${token}`, ...from(address) } });

/** Two limited nodes, both listening on the channel, and a board with a party's good token (null: skipped). */
async function twoLimitedNodes(t: TestContext) {
  const found = await services.get(t);
  if (!found) return null;
  const [a, b] = (await startNodes(t, found, [LIMITED, LIMITED])) as [Node, Node];
  const redis = await listeningRedis(t, found.redis.url, 2);
  const board = await a.h.createBoard();
  return { found, a, b, redis, board, good: board.links.parties[0]!.token };
}

test('attack 3 over two processes: 4 failures in all refuse the address on both, even with a good token', async (t) => {
  const setup = await twoLimitedNodes(t);
  if (!setup) return;
  const { a, b, board, good } = setup;
  const attacker = '192.0.2.66';

  // Positive control: the attacker's address may join on both processes, by websocket and HTTP.
  for (const node of [a, b]) {
    await served(node.h.raw(board.id, good, from(attacker)));
    assert.equal((await boardInfo(node, board, good, attacker)).status, 200);
  }

  // Two failures on A, then one on B: each process has counted all three.
  for (const token of ['junk', `${good}x`]) assert.equal((await a.h.raw(board.id, token, from(attacker)).closed).code, 4401);
  await waitFor(async () => (await received(b, 'in')) >= 2, { what: "B to count A's two failures" });
  assert.equal((await boardInfo(b, board, 'junk', attacker)).status, 401);
  await waitFor(async () => (await received(a, 'in')) >= 1, { what: "A to count B's failure" });
  // Three of four: still admitted, on both (the budget is 4, not 3).
  for (const node of [a, b]) await served(node.h.raw(board.id, good, from(attacker)));

  // The fourth, on B, uses up the budget everywhere; with a budget per process, each would have 2 left.
  assert.equal((await b.h.raw(board.id, 'junk', from(attacker)).closed).code, 4401);
  await waitFor(async () => (await received(a, 'in')) >= 2, { what: "A to count B's second failure" });
  for (const node of [a, b]) {
    const refused = await node.h.raw(board.id, good, from(attacker)).closed;
    assert.deepEqual([refused.code, refused.reason], [1013, 'too many failed attempts'], `websocket on ${node.server.name}`);
    assert.equal((await boardInfo(node, board, good, attacker)).status, 429, `HTTP on ${node.server.name}`);
    // Everyone else is unaffected.
    await served(node.h.raw(board.id, good, from('192.0.2.99')));
  }
});

test('a malformed failed-join message is ignored and counted: it refuses no one', async (t) => {
  const setup = await twoLimitedNodes(t);
  if (!setup) return;
  const { a, b, redis, board, good } = setup;
  const victim = '192.0.2.5';

  // Not our encoding at all; and a well-formed message naming an address in clear instead of its digest.
  const inClear = encoding.createEncoder();
  encoding.writeVarString(inClear, 'stranger');
  encoding.writeVarString(inClear, victim);
  const messages = [Buffer.from([0xff, 0xff, 0xff]), Buffer.from(encoding.toUint8Array(inClear))];
  for (let i = 0; i < 4; i++) for (const message of messages) await redis.publish(FAILED_JOINS_CHANNEL, message);

  for (const node of [a, b]) {
    await waitFor(async () => (await received(node, 'ignored')) === 8, { what: `${node.server.name} to ignore 8 messages` });
    assert.equal(await received(node, 'in'), 0);
    await served(node.h.raw(board.id, good, from(victim)));
    assert.equal((await boardInfo(node, board, good, victim)).status, 200);
  }
});

test('while Redis is away each process still counts its own failures; sharing resumes when it is back', async (t) => {
  const setup = await twoLimitedNodes(t);
  if (!setup) return;
  const { found, a, b, board, good } = setup;

  await found.redis.stop();
  await waitFor(async () => (await a.server.metric('cg_fanout_up')) === 0, { what: 'A to notice Redis is gone' });
  for (let i = 0; i < 4; i++) assert.equal((await a.h.raw(board.id, 'junk', from('192.0.2.7')).closed).code, 4401);
  assert.equal((await a.h.raw(board.id, good, from('192.0.2.7')).closed).code, 1013, 'the local budget still applies');
  assert.ok((await a.server.metric('cg_fanout_messages_total', { direction: 'dropped', kind: 'failed_join' })) >= 4);
  // Best effort: B never heard of them.
  await served(b.h.raw(board.id, good, from('192.0.2.7')));

  await found.redis.start();
  await listeningRedis(t, found.redis.url, 2);
  // Both subscribers are back; A's publishing connection reconnects on its own (until then A drops what it would share).
  await waitFor(async () => (await a.server.metric('cg_fanout_up')) === 1, { what: 'A to publish again' });
  for (let i = 0; i < 4; i++) assert.equal((await a.h.raw(board.id, 'junk', from('192.0.2.8')).closed).code, 4401);
  await waitFor(async () => (await received(b, 'in')) >= 4, { what: "B to count A's failures again" });
  assert.equal((await b.h.raw(board.id, good, from('192.0.2.8')).closed).code, 1013);
});
