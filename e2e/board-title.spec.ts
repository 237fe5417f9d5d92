import { expect, test } from './fixtures';

const TITLE = '2026 supply agreement';
const RENAMED = 'Supply contract 2027';

test('a party renames the board in the Frame phase; the other party, the top bar and the tab follow; a viewer cannot', async ({
  alice,
  bob,
  viewer,
}) => {
  for (const person of [alice, bob, viewer]) {
    await person.expectPhase('frame');
    await expect(person.page).toHaveTitle(`${TITLE} · Common Ground`);
  }
  await expect(viewer.page.getByTestId('frame-board-title')).toHaveText(TITLE);
  await expect(viewer.page.getByRole('button', { name: /^Rename the board/ })).toHaveCount(0);

  // Escape leaves the title as it was, and focus back on the button.
  const rename = alice.page.getByRole('button', { name: `Rename the board: ${TITLE}` });
  await rename.click();
  const field = alice.page.getByRole('textbox', { name: 'Board title' });
  await field.fill('Not this one');
  await field.press('Escape');
  await expect(field).toHaveCount(0);
  await expect(rename).toBeFocused();

  await rename.click();
  await field.fill(RENAMED);
  await field.press('Enter');
  await expect(alice.page.getByRole('button', { name: `Rename the board: ${RENAMED}` })).toBeFocused();

  for (const person of [alice, bob, viewer]) {
    await expect(person.page.getByTestId('board-title')).toHaveText(RENAMED);
    await expect(person.page.getByTestId('frame-board-title')).toHaveText(RENAMED);
    await expect(person.page).toHaveTitle(`${RENAMED} · Common Ground`);
  }
  // Still read-only for the viewer after the change.
  await expect(viewer.page.getByRole('button', { name: /^Rename the board/ })).toHaveCount(0);

  // A reload reads the stored title.
  await bob.reload();
  await expect(bob.page.getByTestId('board-title')).toHaveText(RENAMED);
});
