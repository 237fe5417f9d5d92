/**
 * Convergence under faults, server in the loop: real y-websocket providers,
 * each behind its own fault proxy (fixtures/proxy.ts), against the real
 * server. A seeded PRNG drives board mutations (lib/board), delays, pauses,
 * cuts and one server restart. After healing, every client, a fresh client
 * and the database (after another restart) agree, and the board's invariants
 * hold. A failing seed is printed: rerun it with CG_FAULT_SEED=<seed>.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type * as Y from 'yjs';
import { createCluster, mergeClusters, moveOption, optionsInCluster, renameCluster, setOptionTag, ungroupCluster } from '@/lib/board/clusters';
import { addInterest } from '@/lib/board/interests';
import { addOption, deleteOption, updateOption } from '@/lib/board/mutations';
import { ROOTS_BY_KIND } from '@/lib/board/schema';
import { BoardStore } from '@/lib/board/store';
import { prng } from '@/lib/board/test-utils';
import { FaultProxy } from './fixtures/proxy';
import { Harness, storedDoc, waitFor, type TestProvider } from './harness';

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const ids = (doc: Y.Doc, root: string) => [...doc.getMap(root).keys()];

/** The named operations, as the UI would call them. */
/** What a client may do; `party`: the client's own party (null: the facilitator, who may record for any). */
const operations: Record<string, (doc: Y.Doc, rand: Rand, party: string | null) => void> = {
  add: (doc, rand) => void addOption(doc, { title: `option ${Math.floor(rand() * 1e6)}` }),
  edit: (doc, rand) => {
    const options = ids(doc, 'options');
    if (options.length) updateOption(doc, pick(rand, options), { title: `edited ${Math.floor(rand() * 1e6)}` });
  },
  describe: (doc, rand) => {
    const options = ids(doc, 'options');
    if (options.length) updateOption(doc, pick(rand, options), { description: `because ${Math.floor(rand() * 1e6)}` });
  },
  remove: (doc, rand) => {
    const options = ids(doc, 'options');
    if (options.length) deleteOption(doc, pick(rand, options));
  },
  move: (doc, rand) => {
    const options = ids(doc, 'options');
    if (!options.length) return;
    const clusterId = pick(rand, ['', ...ids(doc, 'clusters')]);
    const siblings = optionsInCluster(doc, clusterId);
    moveOption(doc, pick(rand, options), { clusterId, beforeId: siblings.length && rand() < 0.5 ? pick(rand, siblings) : null });
  },
  cluster: (doc, rand) =>
    void createCluster(doc, { name: `cluster ${Math.floor(rand() * 100)}`, optionIds: ids(doc, 'options').filter(() => rand() < 0.3) }),
  merge: (doc, rand) => {
    const clusters = ids(doc, 'clusters');
    if (clusters.length >= 2) mergeClusters(doc, pick(rand, clusters), pick(rand, clusters));
  },
  ungroup: (doc, rand) => {
    const clusters = ids(doc, 'clusters');
    if (clusters.length) ungroupCluster(doc, pick(rand, clusters));
  },
  rename: (doc, rand) => {
    const clusters = ids(doc, 'clusters');
    if (clusters.length) renameCluster(doc, pick(rand, clusters), `renamed ${Math.floor(rand() * 100)}`);
  },
  tag: (doc, rand) => {
    const options = ids(doc, 'options');
    if (options.length) setOptionTag(doc, pick(rand, options), pick(rand, ['timing', 'money', 'risk']), rand() < 0.7);
  },
  interest: (doc, rand, party) => {
    // A party speaks only for itself (the write policy); the pick is drawn either way, so a seed replays the same steps.
    const picked = pick(rand, ['p1', 'p2']);
    addInterest(doc, { partyId: party ?? picked, text: `interest ${Math.floor(rand() * 100)}` });
  },
};

/** The joint board's content with object keys sorted (replicas may hold map entries in different orders). */
function content(doc: Y.Doc): string {
  const sort = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sort)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sort(v)]))
        : value;
  return JSON.stringify(Object.fromEntries(ROOTS_BY_KIND.joint.map((root) => [root, sort(doc.getMap(root).toJSON())])));
}

function checkInvariants(doc: Y.Doc, label: string): void {
  const problems: unknown[] = [];
  const store = new BoardStore({ joint: doc }, (p) => problems.push(p));
  try {
    assert.deepEqual(problems, [], `${label}: every record is valid`);
    const options = store.getOptionIds();
    assert.equal(new Set(options).size, options.length, `${label}: no option listed twice`);
    const places = ['', ...ids(doc, 'clusters')].flatMap((c) => optionsInCluster(doc, c));
    assert.equal(places.length, doc.getMap('options').size, `${label}: every option in exactly one place`);
    assert.equal(new Set(places).size, places.length, `${label}: no option in two clusters`);
  } finally {
    store.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(t: TestContext, seed: number, steps: number): Promise<void> {
  const rand = prng(seed);
  const log: string[] = [];
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const tokens = [board.links.parties[0]!.token, board.links.parties[1]!.token, board.links.facilitator.token, board.links.parties[0]!.token];
  const parties = ['p1', 'p2', null, 'p1'];
  const proxies = await Promise.all(tokens.map(() => FaultProxy.start(() => h.port)));
  t.after(() => Promise.all(proxies.map((p) => p.close())));
  const clients: TestProvider[] = tokens.map((token, i) => h.openProvider(board.id, token, undefined, `ws://127.0.0.1:${proxies[i]!.port}/sync`));
  await waitFor(() => clients.every((c) => c.provider.synced), { what: 'every client to sync' });
  const restartAt = 20 + Math.floor(rand() * (steps - 40));

  try {
    for (let step = 0; step < steps; step++) {
      const i = Math.floor(rand() * clients.length);
      const roll = rand();
      if (step === restartAt) {
        log.push('restart');
        await h.restart({ samePort: true });
      } else if (roll < 0.6) {
        const name = pick(rand, Object.keys(operations));
        log.push(`${i}:${name}`);
        operations[name]!(clients[i]!.doc, rand, parties[i] ?? null);
      } else if (roll < 0.7) {
        log.push(`${i}:${proxies[i]!.paused ? 'resume' : 'pause'}`);
        if (proxies[i]!.paused) proxies[i]!.resume();
        else proxies[i]!.pause();
      } else if (roll < 0.77) {
        log.push(`${i}:cut`);
        proxies[i]!.cut();
      } else if (roll < 0.85) {
        const ms = pick(rand, [0, 0, 5, 25]);
        log.push(`${i}:delay ${ms}`);
        proxies[i]!.setDelay(ms);
      }
      await sleep(Math.floor(rand() * 6));
    }

    // Heal: no more faults; everyone reconnects and catches up.
    log.push('heal');
    for (const proxy of proxies) {
      proxy.setDelay(0);
      proxy.resume();
    }
    await waitFor(() => clients.every((c) => c.provider.synced && content(c.doc) === content(clients[0]!.doc)), {
      what: 'every client to converge',
      timeoutMs: 30_000,
    });
    const expected = content(clients[0]!.doc);
    clients.forEach((c, n) => checkInvariants(c.doc, `client ${n}`));

    const fresh = await h.provider(board.id, board.links.viewer.token);
    assert.equal(content(fresh.doc), expected, 'a fresh client agrees');

    for (const c of [...clients, fresh]) h.destroyProvider(c);
    await h.restart();
    assert.equal(content(await storedDoc(h.server, board.id)), expected, 'the database agrees');
    const afterRestart = await h.provider(board.id, board.links.viewer.token);
    assert.equal(content(afterRestart.doc), expected, 'a fresh client after a restart agrees');
    checkInvariants(afterRestart.doc, 'after restart');
  } catch (error) {
    console.error(`convergence under faults failed: rerun with CG_FAULT_SEED=${seed}\nlast steps: ${log.slice(-40).join(' ')}`);
    throw error;
  }
}

const seeds = process.env.CG_FAULT_SEED ? [Number(process.env.CG_FAULT_SEED)] : [1103];

for (const seed of seeds) {
  test(`convergence under faults (seed ${seed}): delays, pauses, cuts and a restart; clients, a fresh client and the database agree`, { timeout: 90_000 }, async (t) => {
    await run(t, seed, 200);
  });
}
