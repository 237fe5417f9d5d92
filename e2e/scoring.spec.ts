import { expect, test } from './fixtures';
import { ScoreScreen, moveBoardTo, seriousViolations } from './pages/workspaces';

const MARKER = 'Phase the price rise over two years';
const OTHER = 'Share the tooling cost 50/50';

test('two parties score at once; blind until the facilitator reveals, then everyone sees the same figures', async ({
  board,
  request,
  facilitator,
  alice,
  bob,
}) => {
  await moveBoardTo(request, board, 'brainstorm');
  await alice.expectPhase('brainstorm');
  await alice.addOption(MARKER);
  await alice.addOption(OTHER);
  await bob.expectOptionTitles([MARKER, OTHER]);

  // Everything Bob's browser receives from now on, from a fresh connection.
  const frames: Buffer[] = [];
  bob.page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? Buffer.from(payload) : payload));
  });
  await bob.reload();

  await moveBoardTo(request, board, 'score');
  const [a, b, f] = [new ScoreScreen(alice), new ScoreScreen(bob), new ScoreScreen(facilitator)];
  for (const screen of [a, b, f]) await expect(screen.row(MARKER)).toBeVisible();
  await expect(f.row(MARKER).getByRole('radiogroup')).toHaveCount(0); // facilitators do not score

  const markerId = await a.optionId(MARKER);
  const aliceId = await alice.page.evaluate((key) => localStorage.getItem(key), `common-ground:participant:${board.id}`);
  expect(aliceId).toBeTruthy();

  // Concurrently: Alice by keyboard, Bob by pointer. Bob leaves OTHER unrated (nothing would reveal itself anyway: only the facilitator reveals).
  await Promise.all([
    (async () => {
      await a.rateByKeyboard(MARKER, [5, 1, 1]);
      await a.rateByKeyboard(OTHER, [3, 4, 4]);
    })(),
    b.rateByClick(MARKER, [4, 5, 5]),
  ]);

  // Everyone sees progress; nobody sees the other side's values.
  for (const screen of [a, b, f]) {
    await expect(screen.progress('p1')).toHaveAttribute('data-count', '6');
    await expect(screen.progress('p2')).toHaveAttribute('data-count', '3');
  }
  await expect(a.partyView(MARKER, 'p1')).toHaveAttribute('data-combined', '2.33'); // her own party's view
  await expect(a.partyView(MARKER, 'p2')).toHaveAttribute('data-state', 'hidden');
  await expect(b.partyView(MARKER, 'p1')).toHaveAttribute('data-state', 'hidden');
  await expect(b.partyView(MARKER, 'p1')).not.toHaveAttribute('data-combined');
  await expect(f.partyView(MARKER, 'p1')).toHaveAttribute('data-state', 'hidden');
  await expect(b.row(MARKER).getByTestId('score-figures')).toHaveCount(0);

  // Not in Bob's page, not in a single byte Bob's browser received.
  expect(await bob.page.content()).not.toContain(aliceId!);
  const received = () => Buffer.concat(frames).toString('latin1');
  expect(frames.length).toBeGreaterThan(0);
  expect(received()).not.toContain(aliceId!);

  await expect(bob.page.getByTestId('reveal-scores')).toHaveCount(0); // only the facilitator reveals
  await facilitator.page.getByTestId('reveal-scores').click();

  for (const screen of [a, b, f]) await expect(screen.root).toHaveAttribute('data-published', 'true');
  const expected = { p1: '2.33', p2: '4.67', worksForBoth: '2.33', gap: '2.33', overall: '3.50', raters: '2', contested: 'true' };
  for (const screen of [a, b, f]) {
    await expect.poll(() => screen.figures(MARKER), { message: `${screen.person.name}'s figures` }).toEqual(expected);
  }
  await expect(b.row(MARKER).getByTestId('contested-marker')).toBeVisible();
  // The positive control: once published, the same check does see Alice's ratings arrive.
  // (Her rater slot, `p1/<her id>`, comes with the published ratings: docs/schema.md, raterSlots.)
  await expect.poll(() => received().includes(`p1/${aliceId}`)).toBe(true);

  // The matrix has both options; "most contested" puts the marker first.
  await expect(b.root.getByTestId('matrix-point')).toHaveCount(2);
  await b.root.getByTestId('most-contested').click();
  await expect(b.root.getByTestId('score-row')).toHaveCount(1);
  await expect(b.root.getByTestId('score-row').first()).toHaveAttribute('data-option-id', markerId);
  await b.root.getByTestId('best-for-both').click();
  await expect(b.root.getByTestId('score-row')).toHaveCount(2);

  // Selecting a point in the matrix selects (and focuses) its option.
  await b.root.locator(`[data-testid="matrix-point"][data-option-id="${markerId}"]`).click();
  await expect(b.row(MARKER)).toHaveAttribute('data-selected', 'true');
  await expect(b.row(MARKER)).toBeFocused();
  // Hovering a point shows that option (one set of handlers on the chart serves every point).
  await b.root.locator(`[data-testid="matrix-point"][data-option-id="${markerId}"]`).hover();
  await expect(b.root.getByTestId('matrix-tooltip')).toContainText(MARKER);
  await bob.page.mouse.move(0, 0);
  await expect(b.root.getByTestId('matrix-tooltip')).toHaveCount(0);
  // By keyboard: the points are one tab stop; arrows move between them, focus shows the option, Enter selects it.
  await b.root.locator('[data-testid="matrix-point"][tabindex="0"]').focus();
  await expect(b.root.getByTestId('matrix-tooltip')).toBeVisible();
  const focusedPoint = () => bob.page.evaluate(() => document.activeElement?.getAttribute('data-option-id'));
  await bob.page.keyboard.press('End');
  const lastId = await focusedPoint();
  expect(lastId).toBeTruthy();
  await bob.page.keyboard.press('Home');
  const firstId = await focusedPoint();
  expect(firstId).toBeTruthy();
  expect(firstId).not.toBe(lastId);
  await expect(b.root.locator('[data-testid="matrix-point"][tabindex="0"]')).toHaveAttribute('data-option-id', firstId!);
  await bob.page.keyboard.press('ArrowRight');
  expect(await focusedPoint()).toBe(lastId);
  await bob.page.keyboard.press('Enter');
  await expect(b.root.locator(`[data-testid="score-row"][data-option-id="${lastId}"]`)).toHaveAttribute('data-selected', 'true');

  // Clearing a rating: Backspace on the focused criterion.
  await a.group(OTHER, 'fairness').locator('[tabindex="0"]').focus();
  await alice.page.keyboard.press('Backspace');
  await expect(a.group(OTHER, 'fairness')).toHaveAttribute('data-value', '');
  await expect(b.progress('p1')).toHaveAttribute('data-count', '5');

  expect(await seriousViolations(alice.page)).toEqual([]);
  expect(await seriousViolations(facilitator.page)).toEqual([]);
});

test('score screen before any rating: no serious accessibility violation for a party or a viewer', async ({ board, request, alice, viewer }) => {
  await moveBoardTo(request, board, 'brainstorm');
  await alice.expectPhase('brainstorm');
  await alice.addOption(MARKER);
  await moveBoardTo(request, board, 'score');
  await expect(new ScoreScreen(alice).row(MARKER)).toBeVisible();
  await expect(new ScoreScreen(viewer).row(MARKER)).toBeVisible();
  expect(await seriousViolations(alice.page)).toEqual([]);
  expect(await seriousViolations(viewer.page)).toEqual([]);
});

test('unfacilitated: scores are revealed only when every party is ready; one party can withdraw; everyone sees who is ready', async ({
  board,
  request,
  alice,
  bob,
  viewer,
}) => {
  await moveBoardTo(request, board, 'brainstorm');
  await alice.expectPhase('brainstorm');
  await alice.addOption(MARKER);
  await moveBoardTo(request, board, 'score');
  const off = await request.post(`/api/boards/${board.id}/settings`, {
    headers: { authorization: `Bearer ${board.links.facilitator.token}` },
    data: { facilitated: false },
  });
  expect(off.status(), await off.text()).toBe(200);
  const [a, b, v] = [new ScoreScreen(alice), new ScoreScreen(bob), new ScoreScreen(viewer)];
  for (const screen of [a, b, v]) await expect(screen.row(MARKER)).toBeVisible();
  await a.rateByClick(MARKER, [5, 1, 1]);
  await b.rateByClick(MARKER, [4, 5, 5]);
  for (const screen of [a, b, v]) await expect(screen.progress('p2')).toHaveAttribute('data-count', '3');
  // Everyone rated everything: still blind.
  for (const screen of [a, b, v]) await expect(screen.root.getByTestId('score-status')).toHaveAttribute('data-published', 'false');

  // Alice is ready (by keyboard); Bob and the viewer see it; nothing is revealed.
  await alice.page.getByTestId('ready-scores').focus();
  await alice.page.keyboard.press('Enter');
  const ready = (screen: ScoreScreen, party: string) => screen.root.locator(`[data-testid="reveal-readiness"] [data-party-id="${party}"]`);
  for (const screen of [a, b, v]) await expect(ready(screen, 'p1')).toHaveAttribute('data-ready', 'true');
  await expect(a.root.getByTestId('reveal-consent-status')).toHaveText('You are ready. Waiting for Supplier.');
  await expect(b.root.getByTestId('reveal-consent-status')).toHaveText('Buyer is ready to reveal the scores.');
  await expect(viewer.page.getByTestId('ready-scores')).toHaveCount(0); // a viewer cannot ask
  await expect(b.partyView(MARKER, 'p1')).toHaveAttribute('data-state', 'hidden');
  for (const [person, width, height] of [[alice, 1440, 900], [alice, 390, 844], [bob, 390, 844]] as const) {
    await person.page.setViewportSize({ width, height });
    await person.root.getByTestId('score-status').scrollIntoViewIfNeeded();
    await person.page.screenshot({ path: `/tmp/reveal-consent-${person.name.toLowerCase()}-${width}.png` });
  }
  expect(await seriousViolations(alice.page)).toEqual([]);

  // Withdrawn, then ready again; Bob's "Ready to reveal" completes it.
  await alice.page.getByTestId('withdraw-scores').click();
  await expect(ready(b, 'p1')).toHaveAttribute('data-ready', 'false');
  await alice.page.getByTestId('ready-scores').click();
  await expect(ready(b, 'p1')).toHaveAttribute('data-ready', 'true');
  await bob.page.getByTestId('ready-scores').click();
  for (const screen of [a, b, v]) await expect(screen.root.getByTestId('score-status')).toHaveAttribute('data-published', 'true');
  await expect(b.partyView(MARKER, 'p1')).toHaveAttribute('data-combined', '2.33');
  // Either party hides again.
  await alice.page.getByTestId('hide-scores').click();
  for (const screen of [a, b, v]) await expect(screen.root.getByTestId('score-status')).toHaveAttribute('data-published', 'false');

  // Authorship, in the settings: the same agreement; open scoring is the facilitator's.
  await alice.page.getByTestId('settings-open').click();
  const panel = alice.page.getByTestId('settings-panel');
  await expect(panel.getByRole('radio', { name: /Open:/ })).toBeDisabled();
  await panel.getByTestId('ready-authorship').click();
  await expect(panel.getByTestId('reveal-consent-status')).toHaveText('You are ready. Waiting for Supplier.');
  for (const [width, height] of [[1440, 900], [390, 844]] as const) {
    await alice.page.setViewportSize({ width, height });
    await alice.page.screenshot({ path: `/tmp/reveal-settings-alice-${width}.png` });
  }
  expect(await seriousViolations(alice.page)).toEqual([]);
});
