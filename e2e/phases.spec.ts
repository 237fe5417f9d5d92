import { expect, test } from './fixtures';

test('the facilitator moves the phase and every party follows; parties have no controls', async ({
  facilitator,
  alice,
  bob,
}) => {
  for (const person of [facilitator, alice, bob]) await person.expectPhase('frame');
  await expect(alice.page.getByTestId('phase-next')).toHaveCount(0);
  await expect(alice.page.getByTestId('phase-previous')).toHaveCount(0);
  await expect(alice.phaseRail.getByRole('button')).toHaveCount(0);

  await facilitator.page.getByTestId('phase-next').click();
  for (const person of [facilitator, alice, bob]) await person.expectPhase('interests');
  await expect(bob.phaseRail.locator('[aria-current="step"]')).toHaveAttribute('data-phase', 'interests');

  await facilitator.phaseRail.getByRole('button', { name: 'Move the board to the Brainstorm phase' }).click();
  for (const person of [alice, bob]) await person.expectPhase('brainstorm');

  await facilitator.page.getByTestId('phase-previous').click();
  for (const person of [alice, bob]) await person.expectPhase('interests');
});
