import { expect, test } from './fixtures';

test('a viewer sees everything live and is offered no edit controls', async ({ alice, viewer }) => {
  await expect(viewer.page.getByTestId('view-only')).toBeVisible();
  await viewer.showView('brainstorm');
  await expect(viewer.page.getByTestId('options-empty')).toBeVisible();

  await alice.addOption('Deliver in two batches');
  await viewer.expectOptionTitles(['Deliver in two batches']);
  await alice.editOption('Deliver in two batches', 'Deliver in three batches');
  await viewer.expectOptionTitles(['Deliver in three batches']);

  await expect(viewer.composerInput).toHaveCount(0);
  await expect(viewer.page.getByRole('button', { name: /^Edit option/ })).toHaveCount(0);
  await expect(viewer.page.getByRole('button', { name: /^Delete option/ })).toHaveCount(0);
  await expect(viewer.page.getByRole('button', { name: 'Edit the question' })).toHaveCount(0);
  await expect(viewer.page.getByRole('button', { name: /Undo/ })).toHaveCount(0);
  await expect(viewer.page.getByTestId('phase-next')).toHaveCount(0);

  // Keyboard undo does nothing for a viewer either.
  await viewer.undo();
  await alice.expectOptionTitles(['Deliver in three batches']);
});
