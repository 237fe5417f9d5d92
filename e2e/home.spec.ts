import { expect, test } from '@playwright/test';

test('creating a board on the home page shows one link per role and remembers the board', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Board title').fill('Night shift rota');
  await page.getByLabel('The question you will answer together').fill('How might we staff nights fairly?');
  await page.getByLabel('Party 1', { exact: true }).fill('Management');
  await page.getByLabel('Party 2', { exact: true }).fill('Union');

  // Parties can be added and removed, between 2 and 6.
  await expect(page.getByRole('button', { name: /^Remove party 1/ })).toBeDisabled();
  await page.getByRole('button', { name: 'Add a party' }).click();
  await expect(page.getByLabel('Party 3', { exact: true })).toBeFocused();
  await page.getByLabel('Party 3', { exact: true }).fill('HR');
  await page.getByRole('button', { name: 'Remove party 3 (HR)' }).click();
  await expect(page.getByLabel('Party 3', { exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Create the board' }).click();

  const links = page.getByTestId('board-links');
  await expect(links.getByRole('heading', { name: /Your board is ready/ })).toBeVisible();
  for (const testId of ['link-facilitator', 'link-party-p1', 'link-party-p2', 'link-viewer']) {
    const row = links.getByTestId(testId);
    await expect(row).toBeVisible();
    await expect(row.getByRole('textbox')).toHaveValue(/\/b\/[A-Za-z0-9_-]{22}#t=/);
    await expect(row.getByRole('button', { name: /^Copy the / })).toBeVisible();
  }
  await expect(links.getByTestId('link-party-p1')).toContainText('Management link');
  await expect(links.getByTestId('link-party-p2')).toContainText('Union link');

  // The board is listed under "Your boards", and still after a reload.
  const remembered = page.getByTestId('remembered-boards');
  await expect(remembered.getByRole('link', { name: 'Night shift rota' })).toBeVisible();
  await page.reload();
  await expect(remembered.getByRole('link', { name: 'Night shift rota' })).toBeVisible();
});

test('the server’s refusal is shown next to the field it names', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Board title').fill('Refused board');
  await page.getByLabel('The question you will answer together').fill('How might we test errors?');
  await page.getByLabel('Party 1', { exact: true }).fill('Buyer');
  await page.getByLabel('Party 2', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Create the board' }).click();

  // Whatever field the server names, the form marks it and says why; nothing is created.
  await expect(page.locator('form [aria-invalid="true"]').first()).toBeVisible();
  await expect(page.locator('form [aria-invalid="true"]').first()).toBeFocused();
  await expect(page.getByTestId('board-links')).toHaveCount(0);
});

test('a board link without its token explains that a link is needed', async ({ page }) => {
  await page.goto('/b/AAAAAAAAAAAAAAAAAAAAAA');
  await expect(page.getByRole('heading', { name: 'You need a link to open this board' })).toBeVisible();
});

test('a malformed board id is a 404', async ({ page }) => {
  const response = await page.goto('/b/not-a-board');
  expect(response?.status()).toBe(404);
});
