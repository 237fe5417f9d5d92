import { expect, test } from './fixtures';

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
