import path from 'node:path';
import { expect, test } from './fixtures';

/**
 * A picture of the real product. With UPDATE_SCREENSHOT=1 it refreshes
 * docs/screenshot.png (embedded in the README); otherwise it goes to
 * test-results/, so ordinary runs leave the work tree clean.
 */
const target = process.env.UPDATE_SCREENSHOT === '1' ? path.join('docs', 'screenshot.png') : path.join('test-results', 'screenshot.png');

test('screenshot of a board with two parties and a few options', async ({ facilitator, alice, bob }) => {
  await alice.page.setViewportSize({ width: 1280, height: 820 });
  await facilitator.page.getByTestId('phase-next').click();
  await facilitator.page.getByTestId('phase-next').click();
  await alice.expectPhase('brainstorm');

  await alice.addOption('Deliver in two batches: half in March, the rest in May');
  await bob.addOption('Share the cost of the new tooling 50/50');
  await alice.addOption(
    'Supplier keeps a two-week safety stock near the plant',
    'Buyer pays for the storage; stock is rotated monthly so nothing ages on the shelf.',
  );
  await bob.addOption('Fix the unit price for two years, review volumes each quarter');
  await alice.expectOptionTitles([
    'Deliver in two batches: half in March, the rest in May',
    'Share the cost of the new tooling 50/50',
    'Supplier keeps a two-week safety stock near the plant',
    'Fix the unit price for two years, review volumes each quarter',
  ]);
  await expect(alice.page.getByTestId('peer')).toHaveCount(3);
  await alice.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await alice.page.screenshot({ path: target });
});
