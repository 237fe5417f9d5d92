import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

test('home page: no serious or critical accessibility violation', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Create the board' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('board page (party, with options): no serious or critical accessibility violation', async ({ alice, bob }) => {
  await alice.addOption('Deliver in two batches');
  await bob.addOption('Share the tooling cost');
  await alice.expectOptionTitles(['Deliver in two batches', 'Share the tooling cost']);
  expect(await seriousViolations(alice.page)).toEqual([]);
});

test('board page (facilitator and viewer, empty): no serious or critical accessibility violation', async ({
  facilitator,
  viewer,
}) => {
  expect(await seriousViolations(facilitator.page)).toEqual([]);
  expect(await seriousViolations(viewer.page)).toEqual([]);
});
