import { expect, test } from './fixtures';
import { BoardPage } from './pages/board-page';

/**
 * Attack 13 (script in option text) and attack 16 (content injection): the
 * page's Content-Security-Policy carries a fresh nonce, scripts without it do
 * not run, and user text is always shown as text.
 */

const nonceOf = (csp: string | undefined) => /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp ?? '')?.[1];

test('attack 16: every page carries a CSP with a fresh nonce on all its scripts, no framing, no plugins, no base moves', async ({ request, board }) => {
  for (const path of ['/', `/b/${board.id}`]) {
    const first = await request.get(path);
    const second = await request.get(path);
    const csp = first.headers()['content-security-policy'];
    const nonce = nonceOf(csp);
    expect(nonce, `${path}: a nonce in script-src`).toBeTruthy();
    expect(nonceOf(second.headers()['content-security-policy']), `${path}: a new nonce per request`).not.toBe(nonce);
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "default-src 'self'"]) {
      expect(csp, path).toContain(directive);
    }
    expect(csp, path).not.toContain("'unsafe-inline' 'strict-dynamic'");
    // Style elements need the same nonce; only style attributes are allowed inline.
    expect(csp, path).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp, path).toContain("style-src-attr 'unsafe-inline'");
    expect(first.headers()['referrer-policy']).toBe('no-referrer');

    const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, `${path}: the page has scripts`).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
});

test('attack 16: an injected inline script, handler or style element without the nonce does nothing, and the page still works', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) refused.push(message.text());
  });
  await page.route('/', async (route) => {
    const response = await route.fetch();
    const injected = (await response.text()).replace(
      '</body>',
      '<script>window.__injected = true</script><img src="/nowhere.png" onerror="window.__handler = true">' +
        '<style>body { background-color: rgb(255, 0, 0) !important }</style></body>',
    );
    await route.fulfill({ response, body: injected });
  });
  await page.goto('/');

  // Hydrated and interactive (our own nonce'd scripts ran).
  await page.getByRole('button', { name: 'Add a party' }).click();
  await expect(page.getByLabel('Party 3', { exact: true })).toBeFocused();
  await expect
    .poll(() => refused.length, { message: 'the browser reported the refused script, handler and style' })
    .toBeGreaterThanOrEqual(3);
  const ran = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      script: w.__injected ?? false,
      handler: w.__handler ?? false,
      styled: getComputedStyle(document.body).backgroundColor === 'rgb(255, 0, 0)',
    };
  });
  expect(ran).toEqual({ script: false, handler: false, styled: false });
});

test('attack 16: the real pages raise no CSP violation (home, and a board after joining, editing and opening a dialog)', async ({ browser, baseURL, board }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) refused.push(message.text());
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Create the board' })).toBeVisible();
  const person = new BoardPage(page, 'Carla');
  await person.join(board.links.parties[0]!.url);
  await person.addOption('Share the tooling cost');
  await person.reload();
  await person.expectOptionTitles(['Share the tooling cost']);
  // The card icons' mask rules are in place (a constructed sheet, no style element).
  const iconShape = await person
    .option('Share the tooling cost')
    .locator('.icon-pencil')
    .first()
    .evaluate((icon) => getComputedStyle(icon).getPropertyValue('--icon'));
  expect(iconShape).toContain('data:image/svg+xml');
  // A dialog locks the page's scroll with a style element of its own (it carries the nonce).
  await page.getByRole('button', { name: 'Change my name' }).click();
  await expect(page.getByRole('dialog', { name: 'Change your name' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).overflow)).toBe('hidden');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(refused).toEqual([]);
  await context.close();
});

test('attack 13: option text with markup or a javascript: link is shown as literal text and runs nothing', async ({ alice, bob }) => {
  const dialogs: string[] = [];
  for (const page of [alice.page, bob.page]) {
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }
  const markup = '<img src=x onerror=alert(1)>';
  const link = '[x](javascript:alert(1))';
  await alice.addOption(markup);
  await alice.addOption(link);
  await bob.expectOptionTitles([markup, link]);

  for (const person of [alice, bob]) {
    await expect(person.option(markup).getByTestId('option-title')).toHaveText(markup);
    await expect(person.option(link).getByTestId('option-title')).toHaveText(link);
    // No element was made from the text: no image whose error could fire, no javascript: link.
    await expect(person.page.locator('img[src="x"]')).toHaveCount(0);
    await expect(person.page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  }
  await bob.reload();
  await bob.expectOptionTitles([markup, link]);
  await expect(bob.option(markup).getByTestId('option-title')).toHaveText(markup);
  expect(dialogs).toEqual([]);
});
