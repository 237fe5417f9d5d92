import fs from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Download, Page } from '@playwright/test';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { pdfText } from '../lib/export/test-parsers';
import { BoardPage } from './pages/board-page';
import { expect, test, type CreatedBoard } from './fixtures';

/**
 * Export and import in the browser: every format downloaded from the board's
 * Export menu (fetched with the token in a header, saved from a Blob) and
 * read back; a board file uploaded on the home page becomes a new board.
 */

const TITLE = 'Supply contract 2027';

/** A board file as Export → Board file writes it (docs/export-format.md): agree phase, scores revealed. */
function boardFile() {
  const rating = (optionId: string, partyId: string, participantId: string, value: number) =>
    (['impact', 'feasibility', 'fairness'] as const).map((criterion) => ({ optionId, partyId, participantId, criterion, value }));
  return {
    format: 'common-ground.board',
    version: 1,
    exportedAt: '2026-05-04T12:00:00.000Z',
    board: {
      title: TITLE,
      question: 'How might we keep prices stable and the plant busy?',
      createdAt: 1767225600000,
      settings: {
        phase: 'agree',
        facilitated: true,
        sideBlind: true,
        authorshipRevealed: false,
        scoring: 'blind',
        scoresRevealed: true,
        weights: { impact: 1, feasibility: 1, fairness: 1 },
        worksForBothThreshold: 3.5,
      },
      parties: [
        { id: 'p1', name: 'Buyer', color: '#0072B2' },
        { id: 'p2', name: 'Supplier', color: '#D55E00' },
      ],
      interests: [
        { id: 'i1', partyId: 'p1', text: 'Predictable prices', kind: 'need', importance: 3, private: false, createdAt: 1767225700000 },
        { id: 'i2', partyId: 'p2', text: 'A busy plant', kind: 'priority', importance: 2, private: false, createdAt: 1767225710000 },
      ],
      interestLinks: [{ a: 'i1', b: 'i2', relation: 'shared' }],
      clusters: [],
      options: [
        {
          id: 'o1', title: 'Phase the price rise over two years', description: 'Two equal steps', clusterId: null, tags: ['money'],
          interestIds: ['i1'], proposedBy: null, shortlist: { stage: 1, position: 1, at: 1767226000000 }, createdAt: 1767225800000,
        },
        {
          id: 'o2', title: 'Guaranteed minimum volume', description: '', clusterId: null, tags: [],
          interestIds: ['i2'], proposedBy: null, shortlist: { stage: 1, position: 2, at: 1767226100000 }, createdAt: 1767225810000,
        },
        {
          id: 'o3', title: 'Move to spot pricing', description: '', clusterId: null, tags: [],
          interestIds: [], proposedBy: null, shortlist: null, createdAt: 1767225820000,
        },
      ],
      tradeoffs: [],
      plans: [
        { optionId: 'o1', startDate: '2027-01-01', dueDate: '2027-06-30', metrics: 'Price index under 3%', escalation: '', owners: [{ partyId: 'p1', name: 'Ana' }] },
      ],
      checkpoints: [{ id: 'k1', optionId: 'o1', date: '2027-03-01', label: 'First review', createdAt: 1767225900000 }],
      debriefNotes: [],
      ratings: [...rating('o1', 'p1', 'u1', 4), ...rating('o1', 'p2', 'u2', 5), ...rating('o2', 'p1', 'u1', 3), ...rating('o2', 'p2', 'u2', 2)],
    },
  };
}

async function exportMenuDownload(page: Page, label: RegExp): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
  const path = await download.path();
  return { download, bytes: await fs.readFile(path) };
}

test('from the board, a viewer downloads every format of the shortlist and of the whole board', async ({ browser, baseURL, request }) => {
  const imported = await request.post('/api/boards/import', { data: boardFile() });
  expect(imported.status(), await imported.text()).toBe(201);
  const board = (await imported.json()) as CreatedBoard;

  const context = await browser.newContext({ baseURL, acceptDownloads: true });
  const viewer = new BoardPage(await context.newPage(), 'Vera');
  const exportRequests: string[] = [];
  viewer.page.on('request', (r) => {
    if (r.url().includes('/export')) exportRequests.push(r.url());
  });
  await viewer.join(board.links.viewer.url);
  const { page } = viewer;

  const trigger = page.getByRole('button', { name: 'Export' });
  await expect(trigger).toHaveAttribute('aria-expanded', 'false');
  await trigger.click();
  await expect(trigger).toHaveAttribute('aria-expanded', 'true');
  const panel = page.getByRole('group', { name: 'Export the board' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('radio', { name: 'The shortlist' })).toBeChecked();
  const axe = await new AxeBuilder({ page }).include('[role="group"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // The shortlist, as Markdown: shortlisted options only.
  const md = await exportMenuDownload(page, /^Markdown/);
  expect(md.download.suggestedFilename()).toBe('supply-contract-2027-shortlist.md');
  const mdText = md.bytes.toString('utf8');
  expect(mdText).toContain('Phase the price rise over two years');
  expect(mdText).toContain('Guaranteed minimum volume');
  expect(mdText).not.toContain('Move to spot pricing');
  await expect(panel.getByTestId('export-status')).toHaveText('Saved supply-contract-2027-shortlist.md');

  // The whole board, in every format.
  await panel.getByRole('radio', { name: 'The whole board' }).check();

  const csv = await exportMenuDownload(page, /^Spreadsheet \(CSV\)/);
  expect(csv.download.suggestedFilename()).toBe('supply-contract-2027-board.csv');
  const [header, ...rows] = parseCsv(csv.bytes, { bom: true, record_delimiter: '\r\n' }) as string[][];
  expect(header![0]).toBe('Option');
  expect(rows.map((r) => r[0]).sort()).toEqual(['Guaranteed minimum volume', 'Move to spot pricing', 'Phase the price rise over two years']);

  const pdf = await exportMenuDownload(page, /^PDF summary/);
  expect(pdf.download.suggestedFilename()).toBe('supply-contract-2027-board.pdf');
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = (await pdfText(new Uint8Array(pdf.bytes))).text;
  expect(text).toContain(TITLE);
  expect(text).toContain('Move to spot pricing');

  const json = await exportMenuDownload(page, /^Board file \(JSON\)/);
  expect(json.download.suggestedFilename()).toBe('supply-contract-2027-board.json');
  const file = JSON.parse(json.bytes.toString('utf8')) as ReturnType<typeof boardFile>;
  expect(file.format).toBe('common-ground.board');
  expect(file.board.title).toBe(TITLE);
  expect(file.board.options.map((o) => o.title)).toEqual(boardFile().board.options.map((o) => o.title));
  expect(file.board.ratings).toHaveLength(12);

  const ics = await exportMenuDownload(page, /^Calendar \(iCalendar\)/);
  expect(ics.download.suggestedFilename()).toBe('supply-contract-2027-board.ics');
  const events = new ICAL.Component(ICAL.parse(ics.bytes.toString('utf8')))
    .getAllSubcomponents('vevent')
    .map((c) => new ICAL.Event(c))
    .map((e) => [e.startDate.toString(), e.summary]);
  expect(events).toEqual([
    ['2027-03-01', 'First review: Phase the price rise over two years'],
    ['2027-06-30', 'Due: Phase the price rise over two years'],
  ]);

  // The token never went into a URL.
  expect(exportRequests.length).toBeGreaterThanOrEqual(5);
  for (const url of exportRequests) expect(url).not.toContain('token');

  // The last button keeps focus while its file is made; Escape closes the menu and gives focus back.
  await expect(panel.getByRole('button', { name: /^Calendar/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(trigger).toBeFocused();
  await context.close();
});

test('a refused export is explained in plain words', async ({ browser, baseURL, board }) => {
  const context = await browser.newContext({ baseURL });
  const party = new BoardPage(await context.newPage(), 'Pat');
  await party.join(board.links.parties[0]!.url);
  // As if the board's links had been replaced since this page was opened.
  await party.page.route('**/api/boards/*/export?*', (route) =>
    route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"code":"unauthorized","message":"the token is not valid"}}' }),
  );
  await party.page.getByRole('button', { name: 'Export' }).click();
  await party.page.getByRole('button', { name: /^Markdown/ }).click();
  await expect(party.page.getByTestId('export-error')).toHaveText(/^Your link no longer works/);
  await context.close();
});

test('New board from a file: a bad file is explained, a good one makes a new board to open', async ({ page }) => {
  await page.goto('/');
  const section = page.getByTestId('import-board');
  const picker = section.getByLabel('Board file');
  const submit = section.getByRole('button', { name: 'Make a board from this file' });
  const error = section.getByTestId('import-error');
  const upload = (name: string, content: string) => picker.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });

  await submit.click();
  await expect(error).toHaveText('Choose a board file (.json) first.');

  await upload('notes.json', '{ this is not json');
  await submit.click();
  await expect(error).toContainText('it is not JSON');
  await expect(picker).toHaveAttribute('aria-invalid', 'true');

  await upload('trello.json', JSON.stringify({ format: 'trello', cards: [] }));
  await submit.click();
  await expect(error).toContainText('not a Common Ground board file');

  const broken = boardFile();
  broken.board.checkpoints[0]!.optionId = 'gone';
  await upload('broken.json', JSON.stringify(broken));
  await submit.click();
  await expect(error).toContainText('cannot be imported: one thing is wrong with it');
  await expect(error.getByRole('listitem')).toHaveText([/board\.checkpoints\[0\]\.optionId: refers to option "gone", which is not in the file/]);

  await upload('supply.json', JSON.stringify(boardFile()));
  await submit.click();
  const links = page.getByTestId('board-links');
  await expect(links.getByRole('heading', { name: `Your board is ready: ${TITLE}` })).toBeVisible();
  await expect(links.getByTestId('link-party-p1')).toContainText('Buyer link');
  await expect(links.getByTestId('link-party-p2')).toContainText('Supplier link');
  await expect(page.getByTestId('remembered-boards').getByRole('link', { name: TITLE })).toBeVisible();

  // Open the new board as facilitator: it has the file's title and content.
  await links.getByRole('link', { name: 'Open the board as facilitator' }).click();
  const facilitator = new BoardPage(page, 'Fiona');
  await page.getByLabel('Your name').fill('Fiona');
  await page.getByRole('button', { name: 'Join the board' }).click();
  await facilitator.expectSynced();
  await expect(page.getByTestId('board-title')).toHaveText(TITLE);
  await facilitator.expectPhase('agree');

  await page.getByRole('button', { name: 'Export' }).click();
  const json = await exportMenuDownload(page, /^Board file \(JSON\)/);
  const file = JSON.parse(json.bytes.toString('utf8')) as ReturnType<typeof boardFile>;
  expect(file.board.options.map((o) => [o.title, o.shortlist?.position ?? null])).toEqual([
    ['Phase the price rise over two years', 1],
    ['Guaranteed minimum volume', 2],
    ['Move to spot pricing', null],
  ]);
  expect(file.board.checkpoints.map((c) => [c.date, c.label])).toEqual([['2027-03-01', 'First review']]);
  expect(file.board.ratings).toHaveLength(12);
});
