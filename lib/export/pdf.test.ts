import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPS, getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as Y from 'yjs';
import { optionsMap } from '@/lib/board/schema';
import { toPdf } from './pdf';
import { HOSTILE, buildTestBoard, readAs, type TestBoard } from './test-board';
import { elements, pdfTags, pdfText, withRole } from './test-parsers';

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

test('tagged PDF: marked, with a structure tree, language, the board title shown as the window title', async () => {
  const bytes = await revealed('shortlist');
  const tags = await pdfTags(bytes);
  assert.equal(tags.marked, true, 'MarkInfo /Marked true');
  assert.equal(tags.info.PDFFormatVersion, '1.7');
  assert.equal(tags.info.Language, 'en');
  assert.equal(tags.info.Title, 'Supply 2027 [x](javascript:alert(1))');
  assert.equal(tags.displayTitle, true);
  assert.deepEqual(tags.roots[0]!.children.map((t) => t.role), ['Document']);
  const h1 = withRole(tags, 'H1');
  assert.deepEqual(h1.map((t) => [t.text, t.page]), [['Supply 2027 [x](javascript:alert(1))', 1]], 'one H1: the board title');
  const document = tags.roots[0]!.children[0]!;
  assert.equal(document.children[0], h1[0], 'the title is the first thing read');
  assert.deepEqual([document.children[1]!.role, document.children[1]!.text], ['P', `How might we ${HOSTILE.img} keep prices stable? ${HOSTILE.formula}`]);
});

test('tagged PDF: sections are H2, stages H3, option titles H4 and their parts H5, without skipping a level', async () => {
  const tags = await pdfTags(await revealed('board'));
  const text = (role: string) => withRole(tags, role).map((t) => t.text);
  assert.deepEqual(text('H2'), ['Shortlist', 'Impact × feasibility', 'Other options', 'Debrief']);
  assert.deepEqual(text('H4'), ['1. =HYPERLINK("http://x")', '2. Phase the price rise', `3. ${HOSTILE.hebrew} ${HOSTILE.arabic}`, '4. -2+3']);
  assert.ok(text('H3').includes('Stage 2') && text('H3').includes('Not in a cluster') && text('H3').includes('What worked'));
  assert.ok(['Scores', 'Serves interests', 'Tradeoffs', 'Agreement plan'].every((part) => text('H5').includes(part)));
  const levels = elements(tags.roots).flatMap((t) => (/^H[1-6]$/.test(t.role) ? [Number(t.role[1])] : []));
  assert.ok(levels.every((level, i) => i === 0 ? level === 1 : level <= levels[i - 1]! + 1), `heading levels ${levels.join(' ')}`);
  // each shortlisted option is a section of its own, its title first
  const options = withRole(tags, 'Sect').filter((t) => t.children[0]?.role === 'H4');
  assert.equal(options.length, 4);
});

test('tagged PDF: bulleted and numbered lines are lists, a tradeoff one item with all its lines', async () => {
  const tags = await pdfTags(await revealed('shortlist'));
  const items = withRole(tags, 'LI');
  assert.ok(items.every((li) => li.children.length === 1 && li.children[0]!.role === 'LBody'));
  const bodies = withRole(tags, 'LBody').map((t) => t.text);
  assert.ok(bodies.includes(`• Supplier (priority): Busy plant ${HOSTILE.greek}`));
  assert.ok(bodies.some((b) => b.startsWith('• Buyer concedes: A longer term, "10 years", +1 to unlock: A lower price, fixed (benefit: cost)')));
  assert.ok(bodies.includes('2. Phase the price rise (impact 3.7, feasibility 3.7)'), 'the matrix legend is a list');
  assert.ok(withRole(tags, 'L').every((l) => l.children.length > 0 && l.children.every((c) => c.role === 'LI')));
});

test('tagged PDF: the matrix is a Figure whose alt text names each option with its impact and feasibility', async () => {
  const tags = await pdfTags(await revealed('shortlist'));
  const [figure, ...more] = withRole(tags, 'Figure');
  assert.ok(figure && !more.length);
  assert.ok(figure.text.includes('Feasibility →'), 'the drawing, its labels included, is the figure’s content');
  assert.equal(figure.bbox?.length, 4);
  for (const part of [
    'Impact × feasibility chart',
    'Plotted: 1. =HYPERLINK("http://x"): impact 2.0, feasibility 2.5; 2. Phase the price rise: impact 3.7, feasibility 3.7; 3. ',
    'Not plotted (not rated yet): 4. -2+3.',
  ]) {
    assert.ok(figure.alt?.includes(part), `alt text has ${part}: ${figure.alt}`);
  }
  const data = readAs(buildTestBoard({ revealed: false }), 'p1');
  const [blind] = withRole(await pdfTags(await toPdf(data, { scope: 'shortlist', audience: viewer })), 'Figure');
  assert.ok(blind?.alt?.includes('No option is plotted.'), 'a viewer of a blind board: nothing plotted, and the alt text says so');
});

test('tagged PDF: the page footer is an artifact, and no text is outside the tagging, even across page breaks', async () => {
  const board: TestBoard = buildTestBoard({ revealed: true });
  const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);
  optionsMap(board.joint).get('o1')!.set('description', lines.join('\n'));
  const tags = await pdfTags(await toPdf(readAs(board, null), { scope: 'board', audience: viewer }));
  assert.deepEqual(tags.untagged, []);
  tags.roots.forEach((_, i) => assert.ok(tags.artifacts.includes(`Page ${i + 1} of ${tags.roots.length} · Supply 2027 [x](javascript:alert(1))`), `footer of page ${i + 1}`));
  assert.ok(elements(tags.roots).every((t) => !t.text.includes('Page 1 of')), 'the footer is not in the structure tree');
  // the 100-line description is one P that goes on over the page break
  const parts = withRole(tags, 'P').filter((t) => t.text.startsWith('line '));
  assert.ok(parts.length >= 2 && new Set(parts.map((p) => p.page)).size === parts.length, `one P on each of ${parts.map((p) => p.page)}`);
  assert.equal(parts.map((p) => p.text).join(' '), lines.join(' '));
});

test('tagged PDF: right-to-left text carries its typed text as ActualText; left-to-right text needs none', async () => {
  const bytes = await revealed('board');
  const tags = await pdfTags(bytes);
  const withAlt = (alt: string) => elements(tags.roots).filter((t) => t.alt === alt);
  for (const [typed, drawnStart] of [[`Owner for Supplier: ${HOSTILE.hebrew}`, 'Owner for Supplier:'], [`Review 2027-04-01: ${HOSTILE.arabic}`, 'Review 2027-04-01:']] as const) {
    const [body, ...more] = withAlt(typed);
    assert.ok(body && !more.length, typed);
    assert.ok(body.role === 'LBody' && body.text.startsWith(drawnStart), `the element drawing ${drawnStart}`);
  }
  assert.equal(withRole(tags, 'H4')[2]!.alt, `3. ${HOSTILE.hebrew} ${HOSTILE.arabic}`);
  assert.ok(withRole(tags, 'H4')[1]!.alt === undefined && withRole(tags, 'H1')[0]!.alt === undefined);
  assert.match(Buffer.from(bytes).toString('latin1'), /\/ActualText /, 'as /ActualText, not /Alt');
});

test('tagged PDF: the drawn text of an element has its spaces, between words and where a line wraps', async () => {
  // what a reader gets that strings together the characters of a marked-content sequence, ignoring where the glyphs sit
  const pdf = await getDocument({ data: (await revealed('shortlist')).slice(), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false }).promise;
  const { fnArray, argsArray } = await (await pdf.getPage(1)).getOperatorList();
  const drawn = new Map<number, string>();
  let mcid: number | null = null;
  fnArray.forEach((fn, i) => {
    const args = argsArray[i] as unknown[];
    if (fn === OPS.beginMarkedContentProps) mcid = typeof args[1] === 'number' ? args[1] : null;
    else if (fn === OPS.endMarkedContent) mcid = null;
    else if (fn === OPS.showText && mcid !== null) {
      const glyphs = (args[0] as ({ unicode: string } | number)[]).map((g) => (typeof g === 'number' ? '' : g.unicode)).join('');
      drawn.set(mcid, (drawn.get(mcid) ?? '') + glyphs);
    }
  });
  await pdf.destroy();
  const texts = [...drawn.values()];
  assert.equal(texts[0], 'Supply 2027 [x](javascript:alert(1))');
  assert.equal(texts[1], `How might we ${HOSTILE.img} keep prices stable? ${HOSTILE.formula}`, 'a space stands for the line break');
});
