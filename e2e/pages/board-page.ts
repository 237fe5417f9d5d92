import { expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

/**
 * One person on a board, in their own browser context. Waits on state
 * (data-sync-status, auto-retrying assertions, expect.poll), never on time.
 */
export class BoardPage {
  readonly root: Locator;

  constructor(
    readonly page: Page,
    readonly name: string,
  ) {
    this.root = page.getByTestId('board');
  }

  get context(): BrowserContext {
    return this.page.context();
  }

  /** First visit from a link: give a display name, wait until synced. */
  async join(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByLabel('Your name').fill(this.name);
    await this.page.getByRole('button', { name: 'Join the board' }).click();
    await this.expectSynced();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.expectSynced();
  }

  async expectSynced(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-sync-status', 'synced');
  }

  async expectStatus(status: 'connecting' | 'synced' | 'offline'): Promise<void> {
    await expect(this.root).toHaveAttribute('data-sync-status', status);
  }

  get syncBadge(): Locator {
    return this.page.getByTestId('sync-status');
  }

  /** The area this person is looking at (by default the board's phase). */
  get workspace(): Locator {
    return this.page.getByTestId('workspace');
  }

  viewTab(view: string): Locator {
    return this.page.getByTestId('view-tab').and(this.page.locator(`[data-view="${view}"]`));
  }

  /** Look at another area of the board, whatever the board's phase. */
  async showView(view: string): Promise<void> {
    await this.viewTab(view).click();
    await expect(this.workspace).toHaveAttribute('data-view', view);
  }

  /** Options live in the Options (brainstorm) area: go there when looking elsewhere. */
  async showOptions(): Promise<void> {
    if ((await this.workspace.getAttribute('data-view')) !== 'brainstorm') await this.showView('brainstorm');
  }

  get composerInput(): Locator {
    return this.page.getByLabel('New option');
  }

  optionCards(): Locator {
    return this.page.getByTestId('option-card');
  }

  option(title: string): Locator {
    return this.optionCards().filter({
      has: this.page.getByTestId('option-title').getByText(title, { exact: true }),
    });
  }

  /** Type, Enter: focus stays in the field for the next one. Details go through "Add details". */
  async addOption(title: string, description?: string): Promise<void> {
    await this.showOptions();
    if (description !== undefined) {
      const toggle = this.page.getByRole('button', { name: 'Add details' });
      if (await toggle.isVisible()) await toggle.click();
      await this.page.getByTestId('option-composer').getByLabel(/^Details/).fill(description);
    }
    await this.composerInput.fill(title);
    await this.composerInput.press('Enter');
    await expect(this.composerInput).toHaveValue('');
    await expect(this.composerInput).toBeFocused();
    await expect(this.option(title)).toHaveCount(1);
  }

  async editOption(from: string, to: string): Promise<void> {
    await this.showOptions();
    await this.option(from).getByRole('button', { name: `Edit option: ${from}` }).click();
    const field = this.page.getByLabel('Option title');
    await field.fill(to);
    await field.press('Enter');
    await expect(this.option(to)).toHaveCount(1);
  }

  async deleteOption(title: string): Promise<void> {
    await this.showOptions();
    await this.option(title).getByRole('button', { name: `Delete option: ${title}` }).click();
    await expect(this.option(title)).toHaveCount(0);
  }

  async optionTitles(): Promise<string[]> {
    return this.page.getByTestId('option-title').allTextContents();
  }

  /** The set of option titles converges to `titles` (order-independent). */
  async expectOptionTitles(titles: readonly string[]): Promise<void> {
    await this.showOptions();
    await expect
      .poll(async () => (await this.optionTitles()).sort(), { message: `${this.name}'s options` })
      .toEqual([...titles].sort());
  }

  /** Move focus out of any text field, so board shortcuts apply. */
  async focusBoard(): Promise<void> {
    await this.workspace.getByRole('heading', { level: 2 }).first().focus();
  }

  async undo(): Promise<void> {
    await this.focusBoard();
    await this.page.keyboard.press('ControlOrMeta+z');
  }

  async redo(): Promise<void> {
    await this.focusBoard();
    await this.page.keyboard.press('ControlOrMeta+Shift+z');
  }

  get phaseRail(): Locator {
    return this.page.getByRole('navigation', { name: 'Phases' });
  }

  async expectPhase(phase: string): Promise<void> {
    await expect(this.phaseRail).toHaveAttribute('data-phase', phase);
  }
}

/** The cluster board as seen on a page: each column's name and its option titles, in order. */
export async function clusterStructure(page: Page): Promise<{ name: string; options: string[] }[]> {
  return page.getByTestId('cluster-column').evaluateAll((columns) =>
    columns.map((column) => ({
      name: column.getAttribute('data-cluster-name') ?? '',
      options: [...column.querySelectorAll('[data-testid="cluster-option"] [data-testid="option-title"]')].map((t) => t.textContent ?? ''),
    })),
  );
}
