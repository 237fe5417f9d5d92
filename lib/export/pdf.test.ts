import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { optionsMap } from '@/lib/board/schema';
import { toPdf } from './pdf';
import { HOSTILE, buildTestBoard, readAs, type TestBoard } from './test-board';
import { pdfText } from './test-parsers';

const viewer = { role: 'viewer' } as const;
const p1 = { role: 'party', partyId: 'p1' } as const;
const revealed = (scope: 'shortlist' | 'board') => toPdf(readAs(buildTestBoard({ revealed: true }), null), { scope, audience: viewer, now: 0 });

test('a valid PDF with DejaVu Sans embedded (no standard font needed)', async () => {
  const bytes = await revealed('shortlist');
  const raw = Buffer.from(bytes).toString('latin1');
  assert.ok(raw.startsWith('%PDF-'));
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
  assert.match(raw, /\/FontFile2 /, 'TrueType font program embedded');
  assert.doesNotMatch(raw, /Helvetica/);
  const { pages } = await pdfText(bytes);
  assert.ok(pages.length >= 2);
  pages.forEach((page, i) => assert.ok(page.includes(`Page ${i + 1} of ${pages.length}`)));
});

test('agreement summary: shortlist in stage order with scores, tradeoffs and the plan', async () => {
  const { text } = await pdfText(await revealed('shortlist'));
  const order = ['1. =HYPERLINK("http://x")', '2. Phase the price rise', `3. ${HOSTILE.hebrew} ${HOSTILE.arabic}`, '4. -2+3'];
  const at = order.map((t) => text.indexOf(t));
  assert.ok(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]!)), `in order: ${at}`);
  for (const line of [
    'Buyer: impact 2.0 · feasibility 2.0 · fairness 2.0 · combined 2.0',
    'Supplier: impact 4.5 · feasibility 4.5 · fairness 4.5 · combined 4.5',
    'Gap 2.5 · works for both 2.0 (below the threshold)',
    '• Buyer concedes: A longer term, "10 years", +1',
    'to unlock: A lower price, fixed (benefit: cost)',
    'Owner for Buyer: Ana Müller',
    'Due: 2027-06-30',
    'Review 2027-03-01: First review, "price"',
    'Escalation: +1 call both CEOs',
    `• Supplier (priority): Busy plant ${HOSTILE.greek}`,
    `• Supplier (concern): ${HOSTILE.cyrillic}`,
  ]) {
    assert.ok(text.includes(line), `missing: ${line}`);
  }
  assert.ok(!text.includes('Other options'), 'scope shortlist');
  assert.ok(!text.includes(`${HOSTILE.link} ${HOSTILE.img}`), 'option 5 is not on the shortlist');
});

test('accented, Greek, Cyrillic text come out exactly; Hebrew and Arabic in reading order', async () => {
  const { text } = await pdfText(await revealed('board'));
  for (const s of [HOSTILE.accents, HOSTILE.greek, HOSTILE.cyrillic, 'Ana Müller']) assert.ok(text.includes(s), s);
  assert.ok(text.includes(`Owner for Supplier: ${HOSTILE.hebrew}`), 'Hebrew words in logical order after an LTR label');
  assert.ok(text.includes(`Review 2027-04-01: ${HOSTILE.arabic}`), 'Arabic words in logical order');
  assert.ok(text.includes(`3. ${HOSTILE.hebrew} ${HOSTILE.arabic}`));
});

test('right-to-left paragraphs are right-aligned and their words placed right to left', async () => {
  const board = buildTestBoard({ revealed: true });
  optionsMap(board.joint).get('o5')!.set('description', `${HOSTILE.hebrew} ${HOSTILE.arabic}`);
  const { items } = await pdfText(await toPdf(readAs(board, null), { scope: 'shortlist', audience: viewer }));
  const words = [...HOSTILE.hebrew.split(' '), ...HOSTILE.arabic.split(' ')];
  const lines = new Map<string, typeof items[number][]>();
  for (const item of items) lines.set(`${item.page}/${item.y}`, [...(lines.get(`${item.page}/${item.y}`) ?? []), item]);
  const rtl = [...lines.values()]
    .map((line) => line.filter((i) => words.includes(i.str)))
    .filter((line) => line.map((i) => i.str).join(' ') === words.join(' '));
  assert.equal(rtl.length, 3, 'title, description and matrix legend, each with the words in typed order in the file');
  for (const line of rtl) {
    assert.ok(line.every((item, i) => i === 0 || item.x < line[i - 1]!.x), 'each next word is placed further left');
  }
  const description = rtl.find((line) => line[0]!.x > 400);
  assert.ok(description, 'the right-to-left paragraph is right-aligned');
});

test('impact × feasibility matrix: axes, labels, and points placed by their ratings', async () => {
  const { items, text } = await pdfText(await revealed('shortlist'));
  assert.ok(text.includes('Impact × feasibility') && text.includes('Feasibility →') && text.includes('Impact →'));
  assert.ok(text.includes('1. =HYPERLINK("http://x") (impact 2.0, feasibility 2.5)'));
  assert.ok(text.includes('2. Phase the price rise (impact 3.7, feasibility 3.7)'));
  assert.ok(text.includes('4. -2+3 (not rated yet)'));
  const title = items.find((i) => i.str.startsWith('Feasibility'))!;
  // tick labels sit on the axes; point numbers are the digits inside the plot (above the x axis, right of the y axis)
  const ticks = items.filter((i) => i.page === title.page && /^[1-5]$/.test(i.str) && Math.abs(i.y - title.y) < 20);
  const left = Math.min(...ticks.map((t) => t.x));
  const inside = items.filter((i) => i.page === title.page && /^[1-9]$/.test(i.str) && i.y > title.y + 20 && i.x > left + 20);
  const point = (n: string) => inside.find((i) => i.str === n)!;
  const [p1Point, p2Point, p3Point] = [point('1'), point('2'), point('3')];
  assert.ok(p1Point && p2Point && p3Point, 'three rated options are plotted');
  assert.ok(p3Point.y > p2Point.y && p2Point.y > p1Point.y, 'higher impact is higher up');
  assert.ok(p2Point.x > p1Point.x && p1Point.x > p3Point.x, 'higher feasibility is further right');
  assert.equal(inside.filter((i) => i.str === '4').length, 0, 'an unrated option is not plotted');
});

test('scope board adds the other options by cluster and the debrief', async () => {
  const { text } = await pdfText(await revealed('board'));
  const rest = text.slice(text.indexOf('Other options'));
  assert.ok(rest.indexOf(`5. ${HOSTILE.link} ${HOSTILE.img}`) > 0);
  assert.ok(rest.indexOf(HOSTILE.quotes) < rest.indexOf('5. ') && rest.indexOf('Not in a cluster') < rest.indexOf('6. @SUM(1)'));
  assert.ok(rest.includes('• Buyer: Crème brûlée à la façon de Zoë'));
});

test('blind scoring: the matrix and the scores show only the audience party', async () => {
  const data = readAs(buildTestBoard({ revealed: false }), 'p1');
  const { text } = await pdfText(await toPdf(data, { scope: 'shortlist', audience: p1 }));
  assert.ok(text.includes('Supplier: hidden until reveal'));
  assert.ok(text.includes('Your party’s ratings only: the other parties’ are hidden until reveal.'));
  assert.ok(text.includes('2. Phase the price rise (impact 2.0, feasibility 2.0)'));
  const { text: viewerText } = await pdfText(await toPdf(data, { scope: 'shortlist', audience: viewer }));
  assert.ok(viewerText.includes('2. Phase the price rise (not rated yet)'), 'a viewer sees no point at all');
});

test('long unbroken words, many options and odd text do not break the layout', async () => {
  const board: TestBoard = buildTestBoard({ revealed: true });
  board.joint.transact(() => {
    for (let i = 0; i < 40; i++) {
      const title = i % 2 ? 'x'.repeat(280) : `${HOSTILE.arabic}(1) [a] ${'ש'.repeat(60)} 123 ${HOSTILE.emoji}`;
      const record = new Y.Map<unknown>(Object.entries({ title, order: `b${i}`, shortlisted: true, stage: 3 }));
      optionsMap(board.joint).set(`n${i}`, record);
    }
  });
  const bytes = await toPdf(readAs(board, null), { scope: 'board', audience: viewer });
  const { pages, text } = await pdfText(bytes);
  assert.ok(pages.length > 5);
  assert.ok(text.includes('x'.repeat(40)), 'a long word is split across lines, not dropped');
});
