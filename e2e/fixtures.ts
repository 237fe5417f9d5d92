import { test as base, expect, type APIRequestContext, type Browser } from '@playwright/test';
import { BoardPage } from './pages/board-page';

export type Link = { url: string; token: string };
export type CreatedBoard = {
  id: string;
  links: { facilitator: Link; viewer: Link; parties: (Link & { partyId: string; name: string })[] };
};

export const PARTIES = ['Buyer', 'Supplier'] as const;

export async function createBoardViaApi(
  request: APIRequestContext,
  input: { title?: string; question?: string; parties?: string[] } = {},
): Promise<CreatedBoard> {
  const response = await request.post('/api/boards', {
    data: {
      title: input.title ?? '2026 supply agreement',
      question: input.question ?? 'How might we deliver on time without raising the unit price?',
      parties: input.parties ?? [...PARTIES],
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as CreatedBoard;
}

type Fixtures = {
  /** A fresh board created through the HTTP API. */
  board: CreatedBoard;
  /** Each person gets their own browser context (same-origin tabs would hide server bugs). */
  alice: BoardPage;
  bob: BoardPage;
  viewer: BoardPage;
  facilitator: BoardPage;
};

async function person(browser: Browser, baseURL: string | undefined, name: string, url: string) {
  const context = await browser.newContext({ baseURL });
  const board = new BoardPage(await context.newPage(), name);
  await board.join(url);
  return board;
}

export const test = base.extend<Fixtures>({
  board: async ({ request }, use) => {
    await use(await createBoardViaApi(request));
  },
  alice: async ({ browser, baseURL, board }, use) => {
    const alice = await person(browser, baseURL, 'Alice', board.links.parties[0]!.url);
    await use(alice);
    await alice.context.close();
  },
  bob: async ({ browser, baseURL, board }, use) => {
    const bob = await person(browser, baseURL, 'Bob', board.links.parties[1]!.url);
    await use(bob);
    await bob.context.close();
  },
  viewer: async ({ browser, baseURL, board }, use) => {
    const viewer = await person(browser, baseURL, 'Vera', board.links.viewer.url);
    await use(viewer);
    await viewer.context.close();
  },
  facilitator: async ({ browser, baseURL, board }, use) => {
    const facilitator = await person(browser, baseURL, 'Fiona', board.links.facilitator.url);
    await use(facilitator);
    await facilitator.context.close();
  },
});

export { expect };
