import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { PHASES } from '@/lib/board/schema';
import { expect, test } from './fixtures';
import { BoardPage } from './pages/board-page';

async function remainingMs(person: BoardPage): Promise<number> {
  return Number(await person.page.getByTestId('timer-display').getAttribute('data-remaining-ms'));
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

test('the facilitator runs phases and the timer; a party member cannot; the timer agrees across skewed clocks and reconnects', async ({
  facilitator,
  alice,
  board,
  browser,
  baseURL,
  request,
}) => {
  // A party member has no controls, and the server refuses them too.
  await expect(alice.page.getByTestId('phase-next')).toHaveCount(0);
  await expect(alice.page.getByTestId('timer-start')).toHaveCount(0);
  await expect(alice.page.getByTestId('settings-open')).toHaveCount(0);
  await expect(alice.page.getByTestId('phase-timer')).toHaveCount(0);
  const refused = await request.post(`/api/boards/${board.id}/timer`, {
    headers: { authorization: `Bearer ${board.links.parties[0]!.token}` },
    data: { action: 'start', durationMs: 60_000 },
  });
  expect(refused.status()).toBe(403);

  await facilitator.page.getByTestId('phase-next').click();
  await alice.expectPhase('interests');

  // Sam's computer clock is two hours fast: his timer must still agree.
  const context = await browser.newContext({ baseURL });
  await context.addInitScript(() => {
    const real = Date.now.bind(Date);
    Date.now = () => real() + 2 * 3600_000;
  });
  const sam = new BoardPage(await context.newPage(), 'Sam');
  await sam.join(board.links.parties[1]!.url);

  await facilitator.page.getByTestId('timer-minutes').selectOption('5');
  await facilitator.page.getByTestId('timer-start').click();
  for (const person of [facilitator, alice, sam]) {
    await expect(person.page.getByTestId('phase-timer')).toHaveAttribute('data-state', 'running');
    await expect(person.page.getByTestId('timer-display')).toHaveText(/^[45]:\d\d$/);
  }
  const [f, s] = await Promise.all([remainingMs(facilitator), remainingMs(sam)]);
  expect(f).toBeGreaterThan(4 * 60_000);
  expect(f).toBeLessThanOrEqual(5 * 60_000);
  expect(Math.abs(f - s)).toBeLessThan(3_000);

  // Pause: everyone shows the same frozen time.
  await facilitator.page.getByTestId('timer-pause').click();
  for (const person of [facilitator, alice, sam]) await expect(person.page.getByTestId('phase-timer')).toHaveAttribute('data-state', 'paused');
  const paused = await remainingMs(facilitator);
  await expect.poll(() => remainingMs(sam)).toBe(paused);
  await expect.poll(() => remainingMs(alice)).toBe(paused);

  // Add time.
  await facilitator.page.getByTestId('timer-add').click();
  await expect.poll(() => remainingMs(alice)).toBe(paused + 60_000);

  // Reconnecting keeps the timer right.
  await alice.context.setOffline(true);
  await alice.expectStatus('offline');
  await alice.context.setOffline(false);
  await alice.expectSynced();
  await expect.poll(() => remainingMs(alice)).toBe(paused + 60_000);

  await facilitator.page.getByTestId('timer-resume').click();
  await expect(sam.page.getByTestId('phase-timer')).toHaveAttribute('data-state', 'running');
  await expect.poll(async () => Math.abs((await remainingMs(sam)) - (await remainingMs(facilitator)))).toBeLessThan(3_000);

  // Time is up: a visual cue and a polite announcement, no sound.
  const short = await request.post(`/api/boards/${board.id}/timer`, {
    headers: { authorization: `Bearer ${board.links.facilitator.token}` },
    data: { action: 'start', durationMs: 1_500 },
  });
  expect(short.status()).toBe(200);
  for (const person of [facilitator, alice, sam]) {
    await expect(person.page.getByTestId('phase-timer')).toHaveAttribute('data-state', 'done');
    await expect(person.page.getByTestId('timer-display')).toHaveText('Time’s up');
  }
  await expect(alice.page.getByTestId('announcer')).toHaveText('Time is up for this phase.');
  await expect(alice.page.locator('audio')).toHaveCount(0);
  await context.close();
});

test('an unfacilitated board gives party members the controls, and the settings panel says so', async ({ facilitator, alice, bob }) => {
  await facilitator.page.getByTestId('settings-open').click();
  const panel = facilitator.page.getByRole('dialog', { name: 'Board settings' });
  await panel.getByRole('switch', { name: 'Facilitated' }).uncheck();
  await expect(panel.getByTestId('unfacilitated-note')).toBeVisible();
  await panel.getByRole('button', { name: 'Done' }).click();

  await expect(alice.page.getByTestId('unfacilitated-badge')).toBeVisible();
  await alice.page.getByTestId('phase-next').click();
  for (const person of [facilitator, alice, bob]) await person.expectPhase('interests');
  await bob.page.getByTestId('timer-start').click();
  await expect(alice.page.getByTestId('phase-timer')).toHaveAttribute('data-state', 'running');

  await alice.page.getByTestId('settings-open').click();
  const alicePanel = alice.page.getByRole('dialog', { name: 'Board settings' });
  await expect(alicePanel.getByTestId('unfacilitated-note')).toContainText('every party member can move the phases');
  await expect(alicePanel.getByRole('switch', { name: 'Facilitated' })).toBeDisabled();
  // Opening blind scoring would publish the other party's ratings without its consent: a party alone cannot.
  await expect(alicePanel.getByRole('radio', { name: /^Open/ })).toBeDisabled();
  await expect(alicePanel.getByRole('radio', { name: /^Blind/ })).toBeChecked();
  await alice.page.keyboard.press('Escape');

  // The facilitator takes the controls back.
  await facilitator.page.getByTestId('settings-open').click();
  await facilitator.page.getByRole('dialog').getByRole('switch', { name: 'Facilitated' }).check();
  await expect(alice.page.getByTestId('phase-next')).toHaveCount(0);
  await expect(alice.page.getByTestId('settings-open')).toHaveCount(0);
  await expect(alice.page.getByTestId('unfacilitated-badge')).toHaveCount(0);
});

test('side-blind until the facilitator reveals who proposed each option', async ({ facilitator, alice, bob }) => {
  await alice.addOption('Deliver in two batches');
  await bob.expectOptionTitles(['Deliver in two batches']);
  await expect(bob.option('Deliver in two batches').getByTestId('option-author')).toHaveCount(0);
  await expect(alice.option('Deliver in two batches').getByTestId('option-author')).toHaveText(/Your side/);

  await facilitator.page.getByTestId('settings-open').click();
  await facilitator.page.getByTestId('reveal-authorship').click();
  await expect(facilitator.page.getByTestId('authorship-status')).toHaveText('Revealed to everyone.');
  await expect(bob.option('Deliver in two batches').getByTestId('option-author')).toHaveText(/Buyer/);
});

test('everyone sees who is looking at which area; the board’s phase stays the default view', async ({ facilitator, alice, bob }) => {
  await bob.showView('cluster');
  await expect(bob.page.getByTestId('looking-elsewhere')).toContainText('The board is in the Frame phase');
  await expect(alice.viewTab('cluster')).toHaveAttribute('data-viewers', '1');
  await expect(alice.viewTab('cluster')).toContainText('looking: Bob');
  // Alice sees the others (the facilitator here), not herself.
  await expect(alice.viewTab('frame')).toHaveAttribute('data-viewers', '1');

  // When the phase moves on, everyone's view follows it.
  await facilitator.page.getByTestId('phase-next').click();
  for (const person of [alice, bob]) await expect(person.workspace).toHaveAttribute('data-view', 'interests');
  await expect(alice.viewTab('interests')).toHaveAttribute('data-viewers', '2');
  await expect(bob.page.getByTestId('looking-elsewhere')).toHaveCount(0);

  // Looking elsewhere and coming back.
  await alice.showView('brainstorm');
  await alice.page.getByTestId('back-to-phase').click();
  await expect(alice.workspace).toHaveAttribute('data-view', 'interests');
});

test('every phase’s screen has no serious or critical accessibility violation', async ({ facilitator, alice, bob }) => {
  test.setTimeout(120_000);
  await alice.addOption('Deliver in two batches');
  await bob.addOption('Share the tooling cost');
  await alice.showView('frame');
  for (const [index, phase] of PHASES.entries()) {
    if (index > 0) await facilitator.page.getByTestId('phase-next').click();
    await alice.expectPhase(phase);
    await expect(alice.workspace).toHaveAttribute('data-view', phase);
    if (phase === 'interests') {
      await alice.page.getByLabel('New interest').fill('Predictable costs');
      await alice.page.getByLabel('New interest').press('Enter');
      await expect(alice.page.getByTestId('interest-card')).toHaveCount(1);
    }
    if (phase === 'cluster') {
      await alice.page.getByTestId('new-cluster-button').click();
      await alice.page.getByLabel('Cluster name').press('Enter');
      await expect(alice.page.getByTestId('cluster-column')).toHaveCount(2);
    }
    expect(await seriousViolations(alice.page), `${phase} (party)`).toEqual([]);
    expect(await seriousViolations(facilitator.page), `${phase} (facilitator)`).toEqual([]);
  }
});
