import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { BoardPage } from './pages/board-page';

/** Collect every websocket frame a page receives, as text (Yjs strings are UTF-8). */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? payload : payload.toString('utf8')));
  });
  return frames;
}

async function addInterest(person: BoardPage, text: string, options: { kind?: string; importance?: string; private?: boolean } = {}) {
  const lane = person.page.getByTestId('interest-lane').filter({ has: person.page.getByTestId('interest-composer') });
  const composer = lane.getByTestId('interest-composer');
  if (options.kind) await composer.getByLabel('Kind').selectOption(options.kind);
  if (options.importance) await composer.getByLabel('Importance').selectOption(options.importance);
  await composer.getByLabel('Keep private').setChecked(options.private ?? false);
  await composer.getByLabel('New interest').fill(text);
  await composer.getByLabel('New interest').press('Enter');
  await expect(composer.getByLabel('New interest')).toHaveValue('');
  await expect(composer.getByLabel('New interest')).toBeFocused();
  await expect(interest(person, text)).toHaveCount(1);
}

function interest(person: BoardPage, text: string) {
  return person.page.getByTestId('interest-card').filter({ has: person.page.getByTestId('interest-text').getByText(text, { exact: true }) });
}

test('private interests never reach the other party: not on its page, not in its websocket frames', async ({
  alice,
  board,
  browser,
  baseURL,
}) => {
  // Bob's socket frames are recorded from his very first connection.
  const context = await browser.newContext({ baseURL });
  const bobPage = await context.newPage();
  const frames = recordFrames(bobPage);
  const bob = new BoardPage(bobPage, 'Bob');
  await bob.join(board.links.parties[1]!.url);
  expect(frames.length).toBeGreaterThan(0);

  const marker = 'ZQX-private-walk-away-price-41000';
  await alice.showView('interests');
  await bob.showView('interests');
  await addInterest(alice, `Our ${marker} floor`, { kind: 'constraint', importance: '3', private: true });
  await addInterest(alice, 'Predictable costs for next year', { kind: 'need' });

  const privateCard = interest(alice, `Our ${marker} floor`);
  await expect(privateCard).toHaveAttribute('data-private', 'true');
  await expect(privateCard.getByTestId('private-badge')).toBeVisible();
  // Editing it stays in the lane too.
  await privateCard.getByRole('button', { name: /^Edit interest/ }).click();
  const field = alice.page.getByLabel('Interest', { exact: true });
  await field.fill(`Our ${marker} floor, firm`);
  await field.press('Enter');
  await expect(interest(alice, `Our ${marker} floor, firm`)).toHaveCount(1);

  // Bob sees the shared interest (so everything Alice wrote before it has had its chance to leak) …
  await expect(interest(bob, 'Predictable costs for next year')).toHaveCount(1);
  // … and a second one, written after the edit.
  await addInterest(alice, 'On-time delivery', { kind: 'priority', importance: '3' });
  await expect(interest(bob, 'On-time delivery')).toHaveCount(1);
  await bob.reload();
  await bob.showView('interests');
  await expect(interest(bob, 'On-time delivery')).toHaveCount(1);

  // … but never the private one: not in his page, not in a single frame he received.
  await expect(bob.page.locator('body')).not.toContainText(marker);
  expect(frames.length).toBeGreaterThan(5);
  expect(frames.filter((f) => f.includes(marker))).toEqual([]);
  expect(frames.some((f) => f.includes('On-time delivery'))).toBe(true);

  // Sharing it later is a deliberate act: then Bob sees it.
  await interest(alice, `Our ${marker} floor, firm`).getByRole('button', { name: 'Share with the board' }).click();
  await expect(interest(alice, `Our ${marker} floor, firm`)).toHaveAttribute('data-private', 'false');
  await expect(interest(bob, `Our ${marker} floor, firm`)).toHaveCount(1);
  await context.close();
});

test('linking interests builds common ground and flags tensions on both screens; options serving interests are counted', async ({
  facilitator,
  alice,
  bob,
}) => {
  await facilitator.page.getByTestId('phase-next').click();
  for (const person of [alice, bob]) await expect(person.workspace).toHaveAttribute('data-view', 'interests');

  // Lanes side by side, each with its own composer only.
  await expect(alice.page.getByTestId('interest-lane')).toHaveCount(2);
  await expect(alice.page.getByTestId('interest-composer')).toHaveCount(1);
  await expect(alice.page.getByTestId('interest-lane').first()).toHaveAttribute('data-party', 'p1');

  await addInterest(alice, 'Predictable costs for next year', { kind: 'need', importance: '3' });
  await addInterest(alice, 'Pay suppliers in 60 days', { kind: 'priority' });
  await addInterest(bob, 'Stable, predictable volumes', { kind: 'need' });
  await addInterest(bob, 'Paid within 30 days', { kind: 'constraint', importance: '3' });
  await expect(interest(alice, 'Paid within 30 days')).toHaveCount(1);

  // Select an interest, "Link to…", choose the other side's interest and the relation: no dragging.
  await interest(alice, 'Predictable costs for next year').getByRole('button', { name: /^Link to…/ }).click();
  const dialog = alice.page.getByRole('dialog', { name: 'Link to another side’s interest' });
  await dialog.getByRole('button', { name: 'Shared with: Stable, predictable volumes' }).click();
  await expect(dialog.getByRole('button', { name: 'Shared with: Stable, predictable volumes' })).toHaveAttribute('aria-pressed', 'true');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expect(interest(alice, 'Predictable costs for next year').getByRole('button', { name: /^Link to…/ })).toBeFocused();

  await interest(bob, 'Paid within 30 days').getByRole('button', { name: /^Link to…/ }).click();
  const bobDialog = bob.page.getByRole('dialog');
  await bobDialog.getByRole('button', { name: 'In tension with: Pay suppliers in 60 days' }).click();
  await bob.page.keyboard.press('Escape');

  for (const person of [alice, bob]) {
    const ground = person.page.getByTestId('common-ground-pair');
    await expect(ground).toHaveCount(1);
    await expect(ground).toContainText('Predictable costs for next year');
    await expect(ground).toContainText('Stable, predictable volumes');
    const tension = person.page.getByTestId('tension-pair');
    await expect(tension).toHaveCount(1);
    await expect(tension).toContainText('Paid within 30 days');
    await expect(tension).toContainText('Pay suppliers in 60 days');
    // Common ground leads the page, above the lanes.
    const groundBox = (await person.page.getByTestId('common-ground').boundingBox())!;
    const laneBox = (await person.page.getByTestId('interest-lane').first().boundingBox())!;
    expect(groundBox.y).toBeLessThan(laneBox.y);
  }

  // No option serves anything yet: every shared interest stands out.
  await expect(interest(bob, 'Stable, predictable volumes')).toHaveAttribute('data-served', '0');
  await expect(interest(bob, 'Stable, predictable volumes').getByTestId('served-count')).toHaveText('No option serves this yet');

  await alice.addOption('Fix the unit price for two years, with quarterly volume reviews');
  await alice.option('Fix the unit price for two years, with quarterly volume reviews')
    .getByRole('button', { name: /^Interests served by/ })
    .click();
  const serves = alice.page.getByRole('dialog', { name: 'Interests it serves' });
  await serves.getByLabel('Predictable costs for next year').check();
  await serves.getByLabel('Stable, predictable volumes').check();
  await serves.getByRole('button', { name: 'Done' }).click();
  await expect(alice.option('Fix the unit price for two years, with quarterly volume reviews').getByTestId('option-serves')).toContainText(
    'Stable, predictable volumes',
  );

  await expect(interest(bob, 'Stable, predictable volumes')).toHaveAttribute('data-served', '1');
  await expect(interest(bob, 'Stable, predictable volumes').getByTestId('served-count')).toHaveText('Served by 1 option');
  await expect(interest(bob, 'Paid within 30 days')).toHaveAttribute('data-served', '0');
});

test('brainstorm: prompts from the interests, tags with a filter, delete with undo, own options marked, no scores', async ({
  alice,
  bob,
}) => {
  await alice.showView('interests');
  await addInterest(alice, 'Predictable costs for next year', { importance: '3' });
  await bob.showView('interests');
  await addInterest(bob, 'Fewer rush orders', { kind: 'concern' });

  await alice.showView('brainstorm');
  await expect(alice.page.getByTestId('hmw-prompt').first()).toBeVisible();
  await expect(alice.page.getByTestId('hmw-prompts')).toContainText('How might we address');
  await expect(alice.page.getByTestId('hmw-prompts')).toContainText('Predictable costs for next year');
  await expect(alice.page.getByTestId('hmw-prompts')).toContainText('Fewer rush orders');

  await alice.addOption('Deliver in two batches');
  await alice.addOption('Share the tooling cost');
  await bob.addOption('Fix the price for two years');

  // Side-blind: each side sees which options are its own, and nothing about the other's.
  await expect(alice.option('Deliver in two batches').getByTestId('option-author')).toHaveText(/Your side/);
  await expect(alice.option('Fix the price for two years').getByTestId('option-author')).toHaveCount(0);
  await expect(bob.option('Fix the price for two years').getByTestId('option-author')).toHaveText(/Your side/);
  await expect(bob.option('Deliver in two batches').getByTestId('option-author')).toHaveCount(0);
  await expect(alice.workspace.getByText(/score/i)).toHaveCount(0);

  // Tags and the filter.
  await alice.option('Deliver in two batches').getByRole('button', { name: /^Tags for/ }).click();
  const tags = alice.page.getByRole('dialog', { name: 'Tags' });
  await tags.getByRole('button', { name: 'timing' }).click();
  await tags.getByLabel('Custom tag').fill('Logistics');
  await tags.getByRole('button', { name: 'Add tag' }).click();
  await expect(tags.getByRole('button', { name: 'logistics' })).toHaveAttribute('aria-pressed', 'true');
  await tags.getByRole('button', { name: 'Done' }).click();
  await bob.option('Fix the price for two years').getByRole('button', { name: /^Tags for/ }).click();
  await bob.page.getByRole('dialog', { name: 'Tags' }).getByRole('button', { name: 'money' }).click();
  await bob.page.keyboard.press('Escape');

  await expect(alice.option('Deliver in two batches').getByTestId('option-tags')).toContainText('timing');
  await expect(alice.option('Fix the price for two years').getByTestId('option-tags')).toContainText('money');
  const filter = alice.page.getByTestId('tag-filter');
  await filter.getByRole('button', { name: /^timing/ }).click();
  await expect(alice.optionCards()).toHaveCount(1);
  await expect(alice.option('Deliver in two batches')).toHaveCount(1);
  await filter.getByRole('button', { name: 'All' }).click();
  await expect(alice.optionCards()).toHaveCount(3);

  // Delete, then Undo from the notice: it comes back for everyone, tags included.
  await alice.deleteOption('Deliver in two batches');
  await bob.expectOptionTitles(['Share the tooling cost', 'Fix the price for two years']);
  await alice.page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
  await bob.expectOptionTitles(['Deliver in two batches', 'Share the tooling cost', 'Fix the price for two years']);
  await expect(bob.option('Deliver in two batches').getByTestId('option-tags')).toContainText('timing');

  // Someone editing a card is shown to the others.
  await bob.option('Share the tooling cost').getByRole('button', { name: /^Edit option/ }).click();
  await expect(alice.option('Share the tooling cost').getByTestId('peer-editing')).toHaveText('Bob is editing');
  await bob.page.getByLabel('Option title').press('Escape');
  await expect(alice.option('Share the tooling cost').getByTestId('peer-editing')).toHaveCount(0);
});

test('a long option list: cards off screen are not rendered, yet the keyboard reaches them and scrolls them into view', async ({ alice }) => {
  // A short window, so that the last cards lie beyond Chromium's margin around the viewport.
  await alice.page.setViewportSize({ width: 1280, height: 400 });
  const titles = Array.from({ length: 36 }, (_, i) => `Option number ${i + 1}`);
  for (const title of titles) await alice.addOption(title);
  const last = alice.option(titles.at(-1)!);

  // content-visibility: auto skips the far card's contents while it is off screen.
  await expect(last).toHaveCSS('content-visibility', 'auto');
  const rendered = () => last.getByTestId('option-title').evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }));
  await expect.poll(rendered, { message: 'the last card is skipped off screen' }).toBe(false);

  // Tab from the composer through every card's buttons to the last card's Delete.
  const target = `Delete option: ${titles.at(-1)}`;
  const focused = () => alice.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
  await alice.composerInput.focus();
  for (let presses = 0; presses < 6 * titles.length && (await focused()) !== target; presses++) await alice.page.keyboard.press('Tab');
  const remove = last.getByRole('button', { name: target });
  await expect(remove).toBeFocused();
  await expect(remove).toBeInViewport();
  await expect.poll(rendered, { message: 'the focused card is rendered' }).toBe(true);

  // Its edit form opens by keyboard, in view; Escape closes it and focus returns to Edit.
  await alice.page.keyboard.press('Shift+Tab');
  await alice.page.keyboard.press('Enter');
  const field = alice.page.getByLabel('Option title');
  await expect(field).toBeFocused();
  await expect(field).toBeInViewport();
  await field.press('Escape');
  await expect(last.getByRole('button', { name: `Edit option: ${titles.at(-1)}` })).toBeFocused();
});
