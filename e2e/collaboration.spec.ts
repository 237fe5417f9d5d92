import { expect, test } from './fixtures';
import { BoardPage } from './pages/board-page';

test('two parties see each other’s options live; edits and deletes propagate', async ({ alice, bob }) => {
  await alice.addOption('Deliver in two batches');
  await bob.addOption('Share the tooling cost');
  await alice.addOption('Fix the price for two years');

  const all = ['Deliver in two batches', 'Share the tooling cost', 'Fix the price for two years'];
  await alice.expectOptionTitles(all);
  await bob.expectOptionTitles(all);

  await bob.editOption('Deliver in two batches', 'Deliver in three batches');
  await alice.expectOptionTitles(['Deliver in three batches', 'Share the tooling cost', 'Fix the price for two years']);

  await alice.deleteOption('Share the tooling cost');
  await bob.expectOptionTitles(['Deliver in three batches', 'Fix the price for two years']);
});

test('presence shows who is here, with their party', async ({ alice, bob }) => {
  await expect(alice.page.getByTestId('peer').filter({ hasText: 'Bob' })).toHaveAttribute('data-party', 'p2');
  await expect(bob.page.getByTestId('peer').filter({ hasText: 'Alice' })).toHaveAttribute('data-party', 'p1');
});

test('the question is edited in place and everyone sees it', async ({ alice, bob }) => {
  await alice.page.getByRole('button', { name: 'Edit the question' }).click();
  const field = alice.page.getByLabel('The question');
  await field.fill('How might we deliver on time and share the risk?');
  await field.press('Enter');
  await expect(bob.page.getByTestId('board-question')).toHaveText('How might we deliver on time and share the risk?');
});

test('reload keeps everything, and a newcomer loads it from the server', async ({ alice, browser, baseURL, board }) => {
  await alice.addOption('Deliver in two batches');
  await alice.addOption('Share the tooling cost');
  await alice.reload();
  await alice.expectOptionTitles(['Deliver in two batches', 'Share the tooling cost']);

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const carol = new BoardPage(page, 'Carol');
  await carol.join(board.links.parties[1]!.url);
  await carol.expectOptionTitles(['Deliver in two batches', 'Share the tooling cost']);
  await context.close();
});

test('one socket per room, on a first visit and when a returning visitor’s page connects before hydration', async ({ browser, baseURL, board }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const rooms: string[] = [];
  page.on('websocket', (socket) => rooms.push(decodeURIComponent(new URL(socket.url()).pathname.replace(/^\/sync\//, ''))));
  const dana = new BoardPage(page, 'Dana');
  const expected = [board.id, `${board.id}/party/p1`, `${board.id}/state`].sort();

  // First visit: the name comes from the join form, then the session opens.
  await dana.join(board.links.parties[0]!.url);
  await expect.poll(() => [...rooms].sort()).toEqual(expected);

  // Back again (link and name known): the board's code opens the session before React hydrates, and the page
  // adopts it — still one socket per room, and it is live.
  rooms.length = 0;
  await dana.reload();
  await dana.addOption('Opened before hydration');
  await dana.reload();
  await dana.expectOptionTitles(['Opened before hydration']);
  expect([...rooms].sort()).toEqual([...expected, ...expected].sort());
  await context.close();
});

test('undo removes only my own option, never the other party’s', async ({ alice, bob }) => {
  await bob.addOption('Bob’s option');
  await alice.addOption('Alice’s option');
  await alice.expectOptionTitles(['Alice’s option', 'Bob’s option']);

  // Inside a text field, Ctrl+Z is the browser's text undo, not the board's.
  await alice.composerInput.fill('half typed');
  await alice.composerInput.press('ControlOrMeta+z');
  await alice.expectOptionTitles(['Alice’s option', 'Bob’s option']);
  await alice.composerInput.fill('');

  await alice.undo();
  await alice.expectOptionTitles(['Bob’s option']);
  await bob.expectOptionTitles(['Bob’s option']);

  // Nothing left of Alice's to undo: Bob's option stays.
  await alice.undo();
  await bob.expectOptionTitles(['Bob’s option']);

  await alice.redo();
  await bob.expectOptionTitles(['Alice’s option', 'Bob’s option']);
});
