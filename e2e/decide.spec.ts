import { expect, test } from './fixtures';
import { AgreeScreen, DecideScreen, moveBoardTo, seriousViolations } from './pages/workspaces';

const A = 'Deliver in two batches';
const B = 'Share the tooling cost';
const C = 'Fix the price for two years';

test('shortlist, stage order, a tradeoff with its confirmation, and a plan sync live between the parties', async ({
  board,
  request,
  alice,
  bob,
}) => {
  await moveBoardTo(request, board, 'brainstorm');
  await alice.expectPhase('brainstorm');
  for (const title of [A, B, C]) await alice.addOption(title);
  await bob.expectOptionTitles([A, B, C]);

  await moveBoardTo(request, board, 'decide');
  const [a, b] = [new DecideScreen(alice), new DecideScreen(bob)];
  await expect(a.root).toBeVisible();

  // Shortlist: Alice stars all three, Bob sees them.
  for (const title of [A, B, C]) {
    await a.star(title).click();
    await expect(a.star(title)).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(b.items()).toHaveCount(3);
  await expect(b.star(B)).toHaveAttribute('aria-pressed', 'true');

  // A suggested order in one click (nothing is scored yet: one stage, in the order starred).
  await a.root.getByTestId('suggest-sequence').click();
  await b.expectSequence([`1:${A}`, `1:${B}`, `1:${C}`]);

  // Keyboard drag: C to the top.
  await a.moveByKeyboard(C, -2);
  await a.expectSequence([`1:${C}`, `1:${A}`, `1:${B}`]);
  await b.expectSequence([`1:${C}`, `1:${A}`, `1:${B}`]);

  // Bob puts B in stage 2 with its selector; Alice sees the new stage and its heading.
  await b.item(B).getByLabel(`Stage for “${B}”`).selectOption('2');
  await a.expectSequence([`1:${C}`, `1:${A}`, `2:${B}`]);
  await expect(a.item(B).getByTestId('stage-heading')).toHaveText('Stage 2');

  // A tradeoff, recorded by Alice for her party, confirmed by Bob for his.
  const concedes = 'a 3% price rise in year one';
  await a.recordTradeoff({ party: 'Buyer', concedes, unlocks: 'a two-year volume commitment', benefit: 'Risk reduction', options: [C] });
  await expect(b.tradeoff(concedes)).toHaveAttribute('data-status', 'pending');
  await expect(b.tradeoff(concedes).getByTestId('tradeoff-option')).toHaveText([C]);
  await expect(a.tradeoff(concedes).getByTestId('confirm-tradeoff')).toHaveCount(0); // the conceding party does not confirm itself
  await b.tradeoff(concedes).getByTestId('confirm-tradeoff').click();
  await expect(a.tradeoff(concedes)).toHaveAttribute('data-status', 'confirmed');
  await expect(a.balance('p1')).toHaveAttribute('data-conceded', '1');
  await expect(a.balance('p2')).toHaveAttribute('data-gained', '1');
  await expect(a.balance('p2')).toContainText('1 confirmed');

  expect(await seriousViolations(alice.page)).toEqual([]);

  // Agree: Bob writes part of C's plan; Alice sees it.
  await moveBoardTo(request, board, 'agree');
  const [pa, pb] = [new AgreeScreen(alice), new AgreeScreen(bob)];
  await expect(pb.plan(C)).toBeVisible();
  const bobPlan = pb.plan(C);
  await bobPlan.getByLabel('Owner for Supplier').fill('Sam (logistics)');
  await bobPlan.getByLabel('Owner for Supplier').press('Enter');
  await bobPlan.getByLabel('Due').fill('2027-03-31');
  await bobPlan.getByLabel('Success metrics').fill('95% of orders on time');
  await bobPlan.getByLabel('Success metrics').blur();
  await bobPlan.getByLabel('Date', { exact: true }).fill('2027-01-15');
  await bobPlan.getByLabel('What to review').fill('First delivery review');
  await bobPlan.getByRole('button', { name: 'Add checkpoint' }).click();

  const alicePlan = pa.plan(C);
  await expect(alicePlan.getByLabel('Owner for Supplier')).toHaveValue('Sam (logistics)');
  await expect(alicePlan.getByLabel('Due')).toHaveValue('2027-03-31');
  await expect(alicePlan.getByLabel('Success metrics')).toHaveValue('95% of orders on time');
  await expect(alicePlan.getByTestId('checkpoint-label')).toHaveValue('First delivery review');
  await expect(alicePlan.getByTestId('checkpoint-date')).toHaveValue('2027-01-15');
  // The plans follow the sequence: C, A, then B (stage 2).
  await expect(pa.root.getByTestId('plan-card').first()).toContainText(C);
  expect(await seriousViolations(alice.page)).toEqual([]);
});

test('debrief: notes per party, relationship health and figures sync; no serious accessibility violation', async ({
  board,
  request,
  alice,
  bob,
  facilitator,
}) => {
  await moveBoardTo(request, board, 'brainstorm');
  await alice.expectPhase('brainstorm');
  await alice.addOption(A);
  await moveBoardTo(request, board, 'debrief');
  const root = (p: typeof alice) => p.page.getByTestId('debrief-workspace');
  await expect(root(alice)).toBeVisible();

  const worked = root(alice).locator('[data-testid="debrief-prompt"][data-prompt="worked"]');
  await worked.getByTestId('debrief-input').fill('Listing interests before options');
  await worked.getByRole('button', { name: 'Add note' }).click();
  await root(alice).getByTestId('health-rating').getByRole('radio', { name: '4', exact: true }).click();

  const bobWorked = root(bob).locator('[data-testid="debrief-prompt"][data-prompt="worked"]');
  await expect(bobWorked.getByTestId('debrief-note')).toContainText('Listing interests before options');
  await expect(bobWorked.getByTestId('debrief-note')).toHaveAttribute('data-party-id', 'p1');
  await expect(root(bob).locator('[data-testid="health-party"][data-party-id="p1"]')).toHaveAttribute('data-mean', '4.00');
  await expect(root(bob).locator('[data-testid="participation-row"][data-party-id="p1"]')).toContainText('4.0 / 5');
  await expect(root(bob).getByTestId('debrief-options').getByTestId('debrief-figure-value')).toHaveText('1');

  expect(await seriousViolations(bob.page)).toEqual([]);
  expect(await seriousViolations(facilitator.page)).toEqual([]);
});
