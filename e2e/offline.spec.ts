import { PHASES } from '@/lib/board/schema';
import { expect, test } from './fixtures';
import { BoardPage } from './pages/board-page';

test('an option added offline reaches the other party after reconnecting', async ({ alice, bob }) => {
  await alice.context.setOffline(true);
  await alice.expectStatus('offline');

  await alice.addOption('Written offline');
  await expect(alice.syncBadge).toContainText(/unsynced change/);
  await expect
    .poll(async () => Number(await alice.syncBadge.getAttribute('data-unsynced')))
    .toBeGreaterThan(0);
  await bob.expectOptionTitles([]);

  await alice.context.setOffline(false);
  await alice.expectSynced();
  await expect(alice.syncBadge).toHaveAttribute('data-unsynced', '0');
  await bob.expectOptionTitles(['Written offline']);
});

test('once the board is open, every view works offline: the code of every workspace was fetched ahead', async ({ browser, baseURL, board }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  // The workspaces are chunks of their own (not in the first load): the view's own is fetched at once, the
  // others once the board has synced; the page says when all of them are in.
  const alice = new BoardPage(page, 'Alice');
  await alice.join(board.links.parties[0]!.url);
  await expect(page.getByTestId('phase-workspace')).toHaveAttribute('data-all-fetched', 'true');

  await context.setOffline(true);
  await alice.expectStatus('offline');
  const workspace = page.getByTestId('phase-workspace');
  for (const view of PHASES) {
    await alice.showView(view);
    await expect(workspace).toHaveAttribute('data-shown', view);
    await expect(workspace).toHaveAttribute('aria-busy', 'false');
    await expect(page.getByTestId('load-failed')).toHaveCount(0);
  }
  await context.close();
});
