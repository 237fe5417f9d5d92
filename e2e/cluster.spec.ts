import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { BoardPage, clusterStructure } from './pages/board-page';

const OPTIONS = [
  'Deliver in two batches',
  'Ship weekly instead of monthly',
  'Fix the price for two years',
  'Index the price to steel costs',
  'Share the tooling cost',
  'Supplier keeps safety stock',
];

function column(page: Page, name: string): Locator {
  return page.getByTestId('cluster-column').and(page.locator(`[data-cluster-name="${name}"]`));
}

function card(page: Page, title: string): Locator {
  return page.getByTestId('cluster-option').filter({ has: page.getByTestId('option-title').getByText(title, { exact: true }) });
}

async function newCluster(person: BoardPage, name: string) {
  await person.page.getByTestId('new-cluster-button').click();
  await nameNewCluster(person.page, name);
  await expect(column(person.page, name)).toHaveCount(1);
}

/** A cluster just created opens its name field, focused: type the name. */
async function nameNewCluster(page: Page, name: string) {
  const field = page.getByLabel('Cluster name');
  await expect(field).toBeFocused();
  await field.fill(name);
  await field.press('Enter');
}

/** A real mouse drag: press on the card, move in steps (past the activation distance), release over the target. */
async function mouseDrag(page: Page, from: Locator, to: Locator, options: { release?: boolean } = {}) {
  const a = (await from.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 4 });
  await expect(page.getByTestId('drag-overlay')).toHaveCount(1);
  const b = (await to.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  if (options.release === false) return;
  await page.mouse.up();
  // The drop (and its short animation) is over before anything else happens.
  await expect(page.getByTestId('drag-overlay')).toHaveCount(0);
}

/**
 * After a keyboard pick-up, @dnd-kit's KeyboardSensor starts listening for the
 * arrow keys in a zero-delay timer; on a busy machine a key sent as soon as
 * "Picked up" is heard can come first. Let the page's pending timers run.
 */
async function keyboardDragReady(page: Page) {
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

type Structure = { name: string; options: string[] }[];

/** Wait until every board shows the same cluster → option structure, with these members per cluster (any order); return it. */
async function converged(people: BoardPage[], members: Record<string, string[]>): Promise<Structure> {
  const sorted = (s: Structure) => Object.fromEntries(s.map((c) => [c.name, [...c.options].sort()]));
  let agreed: Structure = [];
  await expect
    .poll(async () => {
      const seen = await Promise.all(people.map((p) => clusterStructure(p.page)));
      if (!seen.every((s) => JSON.stringify(s) === JSON.stringify(seen[0]))) return { differ: seen };
      agreed = seen[0]!;
      return sorted(agreed);
    })
    .toEqual(Object.fromEntries(Object.entries(members).map(([name, titles]) => [name, [...titles].sort()])));
  return agreed;
}

/** Both boards converge to the same cluster → option structure, and it is `expected`. */
async function expectSameBoards(people: BoardPage[], expected: { name: string; options: string[] }[]) {
  await expect
    .poll(async () => {
      const seen = await Promise.all(people.map((p) => clusterStructure(p.page)));
      return seen.every((s) => JSON.stringify(s) === JSON.stringify(seen[0])) ? seen[0] : { differ: seen };
    })
    .toEqual(expected);
}

test('two people cluster at once by mouse and one by keyboard; both boards end identical', async ({ facilitator, alice, bob }) => {
  for (const title of OPTIONS) await alice.addOption(title);
  for (let i = 0; i < 3; i++) await facilitator.page.getByTestId('phase-next').click();
  for (const person of [alice, bob]) await expect(person.workspace).toHaveAttribute('data-view', 'cluster');

  await newCluster(alice, 'Delivery');
  await newCluster(bob, 'Price');
  for (const person of [alice, bob]) {
    await expect(column(person.page, 'Delivery')).toHaveCount(1);
    await expect(column(person.page, 'Price')).toHaveCount(1);
  }

  // While Alice holds a card mid-drag, Bob sees it in flight; the document has not changed.
  await mouseDrag(alice.page, card(alice.page, 'Deliver in two batches'), column(alice.page, 'Delivery'), { release: false });
  await expect(card(bob.page, 'Deliver in two batches').getByTestId('peer-dragging')).toHaveText('Alice is moving this');
  await expect(column(bob.page, 'Not grouped').getByText('Deliver in two batches')).toHaveCount(1);

  // Bob drags at the same time, then both drop.
  await mouseDrag(bob.page, card(bob.page, 'Fix the price for two years'), column(bob.page, 'Price'));
  await alice.page.mouse.up();
  await expect(alice.page.getByTestId('drag-overlay')).toHaveCount(0);
  await expect(card(bob.page, 'Deliver in two batches').getByTestId('peer-dragging')).toHaveCount(0);

  await Promise.all([
    mouseDrag(alice.page, card(alice.page, 'Ship weekly instead of monthly'), card(alice.page, 'Deliver in two batches')),
    mouseDrag(bob.page, card(bob.page, 'Index the price to steel costs'), column(bob.page, 'Price')),
  ]);

  // Bob by keyboard: grip handle, Space, arrows, Space.
  const handle = bob.page.getByRole('button', { name: 'Move option: Supplier keeps safety stock' });
  await handle.focus();
  await bob.page.keyboard.press('Space');
  await expect(bob.page.locator('[id^="DndLiveRegion"]')).toContainText('Picked up option “Supplier keeps safety stock”');
  await keyboardDragReady(bob.page);
  await bob.page.keyboard.press('ArrowRight');
  await expect(bob.page.locator('[id^="DndLiveRegion"]')).toContainText('cluster “Delivery”');
  await bob.page.keyboard.press('Space');
  await expect(bob.page.locator('[id^="DndLiveRegion"]')).toContainText('was dropped into cluster “Delivery”');
  await expect(handle).toBeFocused();
  const indexIn = async (name: string, title: string) =>
    (await clusterStructure(bob.page)).find((c) => c.name === name)!.options.indexOf(title);
  await expect.poll(() => indexIn('Delivery', 'Supplier keeps safety stock')).toBeGreaterThan(0);
  const dropped = await indexIn('Delivery', 'Supplier keeps safety stock');

  // Reorder within a cluster by keyboard: up one place.
  await handle.press('Space');
  await expect(bob.page.locator('[id^="DndLiveRegion"]')).toContainText('Picked up option “Supplier keeps safety stock” from cluster “Delivery”');
  await keyboardDragReady(bob.page);
  await bob.page.keyboard.press('ArrowUp');
  await expect(bob.page.locator('[id^="DndLiveRegion"]')).toContainText(`cluster “Delivery”, position ${dropped} of 3`);
  await bob.page.keyboard.press('Space');
  await expect(bob.page.locator('[id^="DndLiveRegion"]')).toContainText('was dropped into cluster “Delivery”');

  const after = await converged([alice, bob], {
    'Not grouped': ['Share the tooling cost'],
    Delivery: ['Deliver in two batches', 'Ship weekly instead of monthly', 'Supplier keeps safety stock'],
    Price: ['Fix the price for two years', 'Index the price to steel costs'],
  });
  const delivery = after.find((c) => c.name === 'Delivery')!.options;
  const price = after.find((c) => c.name === 'Price')!.options;
  // The keyboard reorder moved it one place up.
  expect(delivery.indexOf('Supplier keeps safety stock')).toBe(dropped - 1);

  // Drop on "new cluster" creates one, named in place.
  await mouseDrag(alice.page, card(alice.page, 'Share the tooling cost'), alice.page.getByTestId('new-cluster-drop'));
  await nameNewCluster(alice.page, 'Costs');
  await expectSameBoards(
    [alice, bob],
    [
      { name: 'Not grouped', options: [] },
      { name: 'Delivery', options: delivery },
      { name: 'Price', options: price },
      { name: 'Costs', options: ['Share the tooling cost'] },
    ],
  );
});

test('rename, merge and ungroup clusters; merge duplicate options', async ({ alice, bob }) => {
  for (const title of ['Deliver in two batches', 'Two deliveries instead of one', 'Share the tooling cost']) await alice.addOption(title);
  await alice.option('Two deliveries instead of one').getByRole('button', { name: /^Tags for/ }).click();
  await alice.page.getByRole('dialog', { name: 'Tags' }).getByRole('button', { name: 'timing' }).click();
  await alice.page.keyboard.press('Escape');
  await alice.showView('cluster');
  await bob.showView('cluster');

  await newCluster(alice, 'Delivery');
  await newCluster(alice, 'Money');
  await mouseDrag(alice.page, card(alice.page, 'Deliver in two batches'), column(alice.page, 'Delivery'));
  await mouseDrag(alice.page, card(alice.page, 'Two deliveries instead of one'), column(alice.page, 'Delivery'));
  await mouseDrag(alice.page, card(alice.page, 'Share the tooling cost'), column(alice.page, 'Money'));

  // Rename.
  await bob.page.getByRole('button', { name: 'Rename cluster: Money' }).click();
  await bob.page.getByLabel('Cluster name').fill('Costs');
  await bob.page.getByLabel('Cluster name').press('Enter');
  await expect(column(alice.page, 'Costs')).toHaveCount(1);

  // Merge duplicates: the kept one gains the duplicate's tags.
  await card(bob.page, 'Two deliveries instead of one').getByRole('button', { name: /^Merge a duplicate/ }).click();
  await bob.page.getByRole('dialog', { name: 'Merge a duplicate' }).getByRole('button', { name: /^Keep “Deliver in two batches”/ }).click();
  await expectSameBoards(
    [alice, bob],
    [
      { name: 'Not grouped', options: [] },
      { name: 'Delivery', options: ['Deliver in two batches'] },
      { name: 'Costs', options: ['Share the tooling cost'] },
    ],
  );
  await expect(card(alice.page, 'Deliver in two batches').getByTestId('option-tags')).toContainText('timing');

  // Merge two clusters.
  await alice.page.getByRole('button', { name: 'Merge cluster: Costs' }).click();
  await alice.page.getByRole('dialog', { name: 'Merge “Costs” into…' }).getByRole('button', { name: 'Delivery' }).click();
  await expectSameBoards(
    [alice, bob],
    [
      { name: 'Not grouped', options: [] },
      { name: 'Delivery', options: ['Deliver in two batches', 'Share the tooling cost'] },
    ],
  );

  // Ungroup: its options go back to "Not grouped", and Undo brings the cluster back.
  await bob.page.getByRole('button', { name: 'Ungroup cluster: Delivery' }).click();
  await expectSameBoards([alice, bob], [{ name: 'Not grouped', options: ['Deliver in two batches', 'Share the tooling cost'] }]);
  await bob.page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
  await expectSameBoards(
    [alice, bob],
    [
      { name: 'Not grouped', options: [] },
      { name: 'Delivery', options: ['Deliver in two batches', 'Share the tooling cost'] },
    ],
  );
});

test('on a phone, a long press picks an option up and a drag moves it into a cluster', async ({ board, browser, baseURL, alice }) => {
  await alice.addOption('Deliver in two batches');
  await alice.showView('cluster');
  await newCluster(alice, 'Delivery');

  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const pat = new BoardPage(await context.newPage(), 'Pat');
  await pat.join(board.links.parties[1]!.url);
  await pat.showView('cluster');
  const page = pat.page;
  const target = column(page, 'Delivery');
  await target.scrollIntoViewIfNeeded();
  const cdp = await context.newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  await card(page, 'Deliver in two batches').scrollIntoViewIfNeeded();
  const start = (await card(page, 'Deliver in two batches').boundingBox())!;
  await touch('touchStart', start.x + start.width / 2, start.y + 14);
  // The long press (not a scroll) picks it up.
  await expect(page.getByTestId('drag-overlay')).toHaveCount(1);
  // Re-aim at the column on every step: the page may scroll while dragging.
  for (let i = 1; i <= 10; i++) {
    const to = (await target.boundingBox())!;
    const y = start.y + 14 + ((to.y + Math.min(40, to.height / 2) - start.y - 14) * i) / 10;
    await touch('touchMove', start.x + start.width / 2, y);
  }
  await touch('touchEnd', 0, 0);
  await expect(page.getByTestId('drag-overlay')).toHaveCount(0);
  await converged([alice, pat], { 'Not grouped': [], Delivery: ['Deliver in two batches'] });
  await context.close();
});


test('"Move to…" moves an option without dragging, by keyboard, and the other side sees it', async ({ alice, bob }) => {
  for (const title of ['Deliver in two batches', 'Share the tooling cost']) await alice.addOption(title);
  await alice.showView('cluster');
  await bob.showView('cluster');
  await newCluster(alice, 'Delivery');
  await expect(column(bob.page, 'Delivery')).toHaveCount(1);

  // Keyboard only: focus the card's "Move to…" button, open it, pick a cluster.
  const page = alice.page;
  const moveButton = (title: string) => card(page, title).getByRole('button', { name: `Move to another cluster: ${title}` });
  await moveButton('Deliver in two batches').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Move “Deliver in two batches” to…' });
  await expect(dialog).toBeVisible();
  // Where it is now cannot be chosen; every cluster, "Not grouped" and "New cluster" are offered.
  await expect(dialog.getByRole('button', { name: /^Not grouped/ })).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'New cluster', exact: true })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Delivery', exact: true }).press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('announcer')).toHaveText('Option “Deliver in two batches” moved to cluster “Delivery”.');
  // Focus follows the option to its new column.
  await expect(moveButton('Deliver in two batches')).toBeFocused();
  await expect(column(page, 'Delivery').getByTestId('option-title')).toHaveText(['Deliver in two batches']);
  await expectSameBoards(
    [alice, bob],
    [
      { name: 'Not grouped', options: ['Share the tooling cost'] },
      { name: 'Delivery', options: ['Deliver in two batches'] },
    ],
  );

  // "New cluster" creates one with the option in it and opens its name field.
  await moveButton('Share the tooling cost').click();
  await page.getByRole('dialog', { name: 'Move “Share the tooling cost” to…' }).getByRole('button', { name: 'New cluster', exact: true }).click();
  await nameNewCluster(page, 'Costs');
  await expectSameBoards(
    [alice, bob],
    [
      { name: 'Not grouped', options: [] },
      { name: 'Delivery', options: ['Deliver in two batches'] },
      { name: 'Costs', options: ['Share the tooling cost'] },
    ],
  );

  // And back out of every cluster, from Bob's side.
  await card(bob.page, 'Deliver in two batches').getByRole('button', { name: 'Move to another cluster: Deliver in two batches' }).click();
  await bob.page.getByRole('dialog').getByRole('button', { name: 'Not grouped', exact: true }).click();
  await expectSameBoards(
    [alice, bob],
    [
      { name: 'Not grouped', options: ['Deliver in two batches'] },
      { name: 'Delivery', options: [] },
      { name: 'Costs', options: ['Share the tooling cost'] },
    ],
  );
});
