import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ROOT, clustersMap, compositeKey, flatMap, interestsMap, optionsMap } from '@/lib/board/schema';
import { expect, test } from './fixtures';
import { BoardPage } from './pages/board-page';

/**
 * Hostile but valid ids (issue 20, finding 4; docs/security.md attack 23):
 * options, an interest and a cluster whose ids are `toString`, `__proto__`,
 * `constructor` …, written by a real y-websocket client, and party 1's
 * proposals of two of them. The board page renders (server and client), every
 * option shows with its author mark, and nothing throws in the page.
 */

const IDS = ['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty'] as const;

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

const record = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));

test('attack 23: options, interests and clusters with ids like toString and __proto__ render on the board page', async ({ board, browser, baseURL, request }) => {
  const party = board.links.parties[0]!;
  const joint = await connect(baseURL!, board.id, party.token);
  const lane = await connect(baseURL!, `${board.id}/party/${party.partyId}`, party.token);
  joint.doc.transact(() => {
    IDS.forEach((id, i) =>
      optionsMap(joint.doc).set(id, record({ title: `Option ${id}`, description: '</script><b>x</b>', order: `a${i}`, createdAt: i, clusterId: i < 2 ? 'constructor' : '' })),
    );
    clustersMap(joint.doc).set('constructor', record({ name: 'Cluster constructor', order: 'a0', createdAt: 1 }));
    interestsMap(joint.doc).set('__proto__', record({ partyId: 'p1', text: 'Interest __proto__', kind: 'need', importance: 2, order: 'a0', createdAt: 1 }));
    flatMap(joint.doc, ROOT.optionInterests).set(compositeKey('toString', '__proto__'), true);
    flatMap(joint.doc, ROOT.plans).set(compositeKey('__proto__', 'dueDate'), '2027-06-30');
  });
  lane.doc.transact(() => {
    flatMap(lane.doc, ROOT.proposals).set('toString', 1);
    flatMap(lane.doc, ROOT.proposals).set('__proto__', 2);
  });
  // Stored: a fresh client reads every option back.
  const check = await connect(baseURL!, board.id, party.token);
  await expect.poll(() => IDS.filter((id) => optionsMap(check.doc).has(id)).length, { message: 'stored' }).toBe(IDS.length);
  check.close();
  joint.close();
  lane.close();

  // Server render.
  const html = await request.get(`/b/${board.id}`);
  expect(html.status()).toBe(200);

  // Client render, for party 1 (its own proposals are marked) and a viewer.
  for (const url of [party.url, board.links.viewer.url]) {
    const context = await browser.newContext({ baseURL });
    const person = new BoardPage(await context.newPage(), 'Alice');
    const errors: string[] = [];
    person.page.on('pageerror', (error) => errors.push(error.message));
    await person.join(url);
    await person.showOptions();
    await person.expectOptionTitles(IDS.map((id) => `Option ${id}`));
    if (url === party.url) {
      for (const id of ['toString', '__proto__']) await expect(person.option(`Option ${id}`).getByTestId('option-author')).toHaveCount(1);
      for (const id of ['constructor', 'valueOf', 'hasOwnProperty']) await expect(person.option(`Option ${id}`).getByTestId('option-author')).toHaveCount(0);
    }
    await person.showView('cluster');
    await expect(person.page.getByTestId('cluster-column').filter({ hasText: 'Cluster constructor' })).toHaveCount(1);
    expect(errors, 'no error in the page').toEqual([]);
    await context.close();
  }
});
