import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { CreatedBoard } from '../fixtures';
import type { BoardPage } from './board-page';

/**
 * Page objects for the Score, Decide, Agree and Debrief screens
 * (components/scoring, decide, agree, debrief). They find things by role,
 * label and the data-testid / data-* contract those components document.
 */

/** Move the board to a phase through the HTTP API, as the facilitator. */
export async function moveBoardTo(request: APIRequestContext, board: CreatedBoard, phase: string): Promise<void> {
  const response = await request.post(`/api/boards/${board.id}/phase`, {
    headers: { authorization: `Bearer ${board.links.facilitator.token}` },
    data: { phase },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** Serious or critical axe violations on the page (WCAG 2.1 A/AA). */
export async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** What every phase screen has: its workspace (found by test id) and the page it is on. */
abstract class WorkspaceScreen {
  readonly root: Locator;
  constructor(
    readonly person: BoardPage,
    testId: string,
  ) {
    this.root = person.page.getByTestId(testId);
  }

  get page(): Page {
    return this.person.page;
  }
}

export class ScoreScreen extends WorkspaceScreen {
  constructor(person: BoardPage) {
    super(person, 'score-workspace');
  }

  row(title: string): Locator {
    return this.root.getByTestId('score-row').filter({ has: this.page.getByTestId('score-option-title').getByText(title, { exact: true }) });
  }

  async optionId(title: string): Promise<string> {
    return (await this.row(title).getAttribute('data-option-id'))!;
  }

  /** The 1–5 radio group of one criterion of one option. */
  group(title: string, criterion: 'impact' | 'feasibility' | 'fairness'): Locator {
    return this.row(title).getByTestId(`rate-${criterion}`);
  }

  async rateByClick(title: string, ratings: [number, number, number]): Promise<void> {
    const criteria = ['impact', 'feasibility', 'fairness'] as const;
    for (const [i, criterion] of criteria.entries()) {
      await this.group(title, criterion).getByRole('radio', { name: String(ratings[i]), exact: true }).click();
      await expect(this.group(title, criterion)).toHaveAttribute('data-value', String(ratings[i]));
    }
  }

  /** Focus the option's first criterion, then type the three digits (focus moves on by itself). */
  async rateByKeyboard(title: string, ratings: [number, number, number]): Promise<void> {
    await this.group(title, 'impact').locator('[tabindex="0"]').focus();
    for (const value of ratings) await this.page.keyboard.press(String(value));
    await expect(this.group(title, 'fairness')).toHaveAttribute('data-value', String(ratings[2]));
  }

  partyView(title: string, partyId: string): Locator {
    return this.row(title).locator(`[data-testid="party-view"][data-party-id="${partyId}"]`);
  }

  figure(title: string, key: 'works-for-both' | 'overall' | 'gap' | 'spread' | 'raters'): Locator {
    return this.row(title).getByTestId(`figure-${key}`);
  }

  /** What this person's page shows for one option, as comparable data. */
  async figures(title: string) {
    const row = this.row(title);
    const attr = (l: Locator, name: string) => l.getAttribute(name);
    return {
      p1: await attr(this.partyView(title, 'p1'), 'data-combined'),
      p2: await attr(this.partyView(title, 'p2'), 'data-combined'),
      worksForBoth: await attr(this.figure(title, 'works-for-both'), 'data-value'),
      gap: await attr(this.figure(title, 'gap'), 'data-value'),
      overall: await attr(this.figure(title, 'overall'), 'data-value'),
      raters: await this.figure(title, 'raters').textContent(),
      contested: await row.getAttribute('data-contested'),
    };
  }

  progress(partyId: string): Locator {
    return this.root.locator(`[data-testid="party-progress"][data-party-id="${partyId}"]`);
  }
}

export class DecideScreen extends WorkspaceScreen {
  constructor(person: BoardPage) {
    super(person, 'decide-workspace');
  }

  star(title: string): Locator {
    return this.root.getByRole('button', { name: `Shortlist “${title}”` });
  }

  items(): Locator {
    return this.root.getByTestId('shortlist-item');
  }

  item(title: string): Locator {
    return this.items().filter({ has: this.page.getByTestId('shortlist-title').getByText(title, { exact: true }) });
  }

  /** The shortlist as shown: "stage:title" in order. */
  async sequence(): Promise<string[]> {
    const items = await this.items().all();
    return Promise.all(
      items.map(async (item) => `${await item.getAttribute('data-stage')}:${await item.getByTestId('shortlist-title').textContent()}`),
    );
  }

  async expectSequence(expected: string[]): Promise<void> {
    await expect.poll(() => this.sequence(), { message: `${this.person.name}'s shortlist` }).toEqual(expected);
  }

  /** Keyboard drag with @dnd-kit: Space picks up, arrows move, Space drops. */
  async moveByKeyboard(title: string, steps: number): Promise<void> {
    const handle = this.item(title).getByTestId('drag-handle');
    const from = Number(await this.item(title).getAttribute('data-position'));
    // dnd-kit announces every step in its live region: wait on it, not on time.
    const live = this.page.locator('[id^="DndLiveRegion"]');
    await handle.focus();
    await this.page.keyboard.press('Space');
    await expect(handle).toHaveAttribute('aria-pressed', 'true');
    await expect(live).toContainText(`is over position ${from} of`);
    for (let i = 1; i <= Math.abs(steps); i++) {
      await this.page.keyboard.press(steps < 0 ? 'ArrowUp' : 'ArrowDown');
      await expect(live).toContainText(`is over position ${from + Math.sign(steps) * i} of`);
    }
    await this.page.keyboard.press('Space');
    await expect(live).toContainText(`${title} dropped at position ${from + steps}`);
  }

  tradeoffs(): Locator {
    return this.root.getByTestId('tradeoff');
  }

  tradeoff(concedes: string): Locator {
    return this.tradeoffs().filter({ has: this.page.getByTestId('tradeoff-concedes').getByText(concedes, { exact: true }) });
  }

  async recordTradeoff(input: { party: string; concedes: string; unlocks: string; benefit: string; options: string[] }): Promise<void> {
    const form = this.root.getByTestId('tradeoff-form').first();
    await form.getByLabel('Who concedes').selectOption({ label: input.party });
    await form.getByLabel('Concedes', { exact: true }).fill(input.concedes);
    await form.getByLabel('Unlocks', { exact: true }).fill(input.unlocks);
    await form.getByLabel('Benefit').selectOption({ label: input.benefit });
    for (const title of input.options) await form.getByRole('checkbox', { name: title, exact: true }).check();
    await form.getByRole('button', { name: 'Record tradeoff' }).click();
    await expect(this.tradeoff(input.concedes)).toHaveCount(1);
  }

  balance(partyId: string): Locator {
    return this.root.locator(`[data-testid="balance-row"][data-party-id="${partyId}"]`);
  }
}

export class AgreeScreen extends WorkspaceScreen {
  constructor(person: BoardPage) {
    super(person, 'agree-workspace');
  }

  plan(title: string): Locator {
    return this.root.getByTestId('plan-card').filter({ has: this.page.getByRole('heading', { name: title }) });
  }
}
