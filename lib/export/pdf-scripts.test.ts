/** The PDF export in scripts beyond DejaVu's: Chinese, Japanese, Korean, emoji, Thai and Indic (pdf.test.ts has the rest). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { OPS, getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { interestsMap, optionsMap } from '@/lib/board/schema';
import { toPdf } from './pdf';
import { layoutUnguarded, type ShapingFont } from './fontkit-guard';
import { fontFiles } from './pdf-fonts';
import { buildTestBoard, readAs, type TestBoard } from './test-board';
import { elements, pdfTags, pdfText } from './test-parsers';

const viewer = { role: 'viewer' } as const;
const revealed = (scope: 'shortlist' | 'board') => toPdf(readAs(buildTestBoard({ revealed: true }), null), { scope, audience: viewer, now: 0 });

const ZH = '分阶段涨价，價格穩定';
const JA = 'ひらがなとカタカナの漢字';
const KO = '한국어 관심사';
const EMOJI = '🤝🎉';

/** The test board with Chinese (simplified and traditional), Japanese and Korean titles and interests, and emoji. */
function cjkBoard(): TestBoard {
  const board = buildTestBoard({ revealed: true });
  board.joint.transact(() => {
    optionsMap(board.joint).get('o2')!.set('title', ZH);
    optionsMap(board.joint).get('o1')!.set('title', JA);
    interestsMap(board.joint).get('i1')!.set('text', `${KO} ${EMOJI}`);
  });
  return board;
}

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(buffer: Buffer): { postscriptName: string; hasGlyphForCodePoint(c: number): boolean } };

/** Every character drawn, with the PostScript name of the embedded font it is drawn in (pdf.js's operator list). */
async function drawnGlyphs(bytes: Uint8Array): Promise<{ char: string; font: string }[]> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false }).promise;
  const drawn: { char: string; font: string }[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const { fnArray, argsArray } = await page.getOperatorList();
    let font = '';
    fnArray.forEach((fn, i) => {
      const args = argsArray[i] as unknown[];
      // pdf.js keeps the font's BaseFont as name, with pdfkit's subset prefix (ABCDEF+)
      if (fn === OPS.setFont) font = (page.commonObjs.get(args[0] as string) as { name: string }).name.replace(/^[A-Z]{6}\+/, '');
      else if (fn === OPS.showText) {
        for (const g of args[0] as ({ unicode: string } | number)[]) if (typeof g !== 'number' && g.unicode.trim()) drawn.push({ char: g.unicode, font });
      }
    });
  }
  await pdf.destroy();
  return drawn;
}

/** The drawn characters whose font has no glyph for them (drawn as its .notdef, an empty box). */
function withoutGlyph(drawn: readonly { char: string; font: string }[]): { char: string; font: string }[] {
  const fonts = new Map(fontFiles().map((file) => {
    const font = fontkit.create(readFileSync(file));
    return [font.postscriptName, font] as const;
  }));
  return drawn.filter(({ char, font }) => ![...char].every((c) => fonts.get(font)?.hasGlyphForCodePoint(c.codePointAt(0)!)));
}

test('Chinese, Japanese, Korean and emoji come out in order, each character drawn in a font that has its glyph', async () => {
  const bytes = await toPdf(readAs(cjkBoard(), null), { scope: 'shortlist', audience: viewer, now: 0 });
  // CJK has no spaces; pdf.js separates the runs of different fonts with one, so compare without whitespace
  const text = (await pdfText(bytes)).text.replace(/\s+/g, '');
  const expected = [`1.${ZH}`, `2.${JA}`, `•Buyer(need):${KO}${EMOJI}`.replace(/\s+/g, '')];
  const at = expected.map((s) => text.indexOf(s));
  assert.ok(at.every((i) => i >= 0), `all found: ${JSON.stringify(at)}`);
  assert.deepEqual([...at].sort((a, b) => a - b), at, 'in order');

  const drawn = await drawnGlyphs(bytes);
  assert.deepEqual(withoutGlyph(drawn), [], 'no character is drawn as an empty box (.notdef)');
  for (const c of [...`${ZH}${JA}${KO}${EMOJI}`].filter((c) => c.trim())) assert.ok(drawn.some((d) => d.char === c), `${c} is drawn`);
  const used = new Set(drawn.map((d) => d.font));
  for (const name of ['NotoSansSC-Bold', 'NotoSansKR-Regular', 'NotoEmoji-Regular']) assert.ok(used.has(name), name);
});

/** The first option titled `title` in the shortlist PDF: page 1's text items matching `pattern`, and the page's width. */
async function titleOnPage(title: string, pattern: RegExp): Promise<{ items: { str: string; width: number; transform: number[] }[]; width: number }> {
  const board = buildTestBoard({ revealed: true });
  optionsMap(board.joint).get('o2')!.set('title', title);
  const pdf = await getDocument({ data: (await toPdf(readAs(board, null), { scope: 'shortlist', audience: viewer, now: 0 })).slice(), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false }).promise;
  const page = await pdf.getPage(1);
  const items = (await page.getTextContent()).items.filter((i) => 'str' in i && pattern.test(i.str)) as { str: string; width: number; transform: number[] }[];
  await pdf.destroy();
  return { items, width: page.view[2]! };
}

test('a long Chinese title wraps between characters within the page width, its first line filled', async () => {
  const title = '价格稳定方案分阶段实施'.repeat(12);
  const { items, width } = await titleOnPage(title, /[价格稳定方案分阶段实施]/);
  assert.equal(items.map((i) => i.str).join(''), title, 'every character, in order');
  const lines = [...new Set(items.map((i) => Math.round(i.transform[5]!)))];
  assert.ok(lines.length >= 3, `wrapped onto ${lines.length} lines`);
  for (const i of items) assert.ok(i.transform[4]! >= 49 && i.transform[4]! + i.width <= width - 49, `${i.str.slice(0, 5)}… inside the margins`);
  // the characters after "1. " on the title's first line reach the right margin (less than one 12 pt character short)
  const first = items[0]!;
  assert.ok(first.transform[4]! > 55, 'starts after the number, on the same line');
  assert.ok(first.transform[4]! + first.width > width - 50 - 12, `first line filled: ends at ${first.transform[4]! + first.width}`);
});

test('CJK line breaks keep punctuation in place: no line starts with 。、） or ends with （ (kinsoku)', async () => {
  // every other character is punctuation, so without the rule many a line would start with one
  const title = '价。格、稳（定）'.repeat(30);
  const { items } = await titleOnPage(title, /[价格稳定。、（）]/);
  assert.equal(items.map((i) => i.str).join('').replace(/\s/g, ''), title, 'every character, in order');
  const byLine = new Map<number, string>();
  for (const i of items) byLine.set(Math.round(i.transform[5]!), (byLine.get(Math.round(i.transform[5]!)) ?? '') + i.str.replace(/\s/g, ''));
  const lines = [...byLine.values()];
  assert.ok(lines.length >= 4, `wrapped onto ${lines.length} lines`);
  for (const line of lines.slice(1)) assert.doesNotMatch(line, /^[。、）]/, `a line starts with closing punctuation: ${line.slice(0, 6)}…`);
  for (const line of lines.slice(0, -1)) assert.doesNotMatch(line, /（$/, `a line ends with an opening bracket: …${line.slice(-6)}`);
});

test('a board without CJK text embeds no CJK font', async () => {
  const raw = Buffer.from(await revealed('board')).toString('latin1');
  assert.doesNotMatch(raw, /NotoSans(SC|KR)/);
  const cjk = Buffer.from(await toPdf(readAs(cjkBoard(), null), { scope: 'board', audience: viewer, now: 0 })).toString('latin1');
  assert.match(cjk, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular\b/, 'the check would see one');
});

const TH = 'ขึ้นราคาเป็นขั้นตอน น้ำใจ ผู้ซื้อ';
const HI = 'कीमतों को स्थिर रखने के लिए चरणबद्ध वृद्धि। क्षत्रिय द्वार श्री';
const BN = 'দাম স্থিতিশীল রাখতে কোম্পানি';
const TA = 'விலைகளை நிலையாக கொள்கை ஸ்ரீ';

test('Thai, Devanagari, Bengali and Tamil: every character drawn in a font that has its glyph, the typed text given as ActualText', async () => {
  const board = buildTestBoard({ revealed: true });
  board.joint.transact(() => {
    optionsMap(board.joint).get('o2')!.set('title', TH);
    optionsMap(board.joint).get('o1')!.set('title', HI);
    interestsMap(board.joint).get('i1')!.set('text', `${TH} ${HI}`);
    interestsMap(board.joint).get('i2')!.set('text', `${BN} ${TA}`);
  });
  const bytes = await toPdf(readAs(board, null), { scope: 'shortlist', audience: viewer, now: 0 });
  const drawn = await drawnGlyphs(bytes);
  assert.deepEqual(withoutGlyph(drawn), [], 'no character is drawn as an empty box (.notdef)');
  const used = new Set(drawn.map((d) => d.font));
  for (const name of ['NotoSansThai-Bold', 'NotoSansThai-Regular', 'NotoSansDevanagari-Bold', 'NotoSansDevanagari-Regular', 'NotoSansBengali-Regular', 'NotoSansTamil-Regular']) {
    assert.ok(used.has(name), name);
  }
  // shaping moves, splits and joins glyphs (the drawn glyphs of स्थिर read back as ि स्थ र), so readers get the typed text
  const alts = elements((await pdfTags(bytes)).roots).map((t) => t.alt ?? '');
  for (const typed of [`1. ${TH}`, `2. ${HI}`]) assert.ok(alts.includes(typed), `ActualText ${typed}`);
  assert.ok(alts.some((alt) => alt.endsWith(`${TH} ${HI}`)), 'the interest, both scripts');
  assert.ok(alts.some((alt) => alt.endsWith(`${BN} ${TA}`)), 'the other interest, Bengali and Tamil');
});

test('text fontkit cannot shape (a Tamil digit with a sign) is drawn unshaped: the export does not fail', async () => {
  const hostile = 'விலை ௫ஂ ௫ஂ௯';
  const tamil = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-tamil/700Bold/NotoSansTamil_700Bold.ttf');
  // the premise: fontkit 2.0.4 throws shaping it (a GPOS anchor read as null); if it stops, this test proves nothing new
  assert.throws(() => layoutUnguarded(fontkit.create(readFileSync(tamil)) as unknown as ShapingFont, '௫ஂ'));
  const board = buildTestBoard({ revealed: true });
  optionsMap(board.joint).get('o2')!.set('title', hostile);
  const bytes = await toPdf(readAs(board, null), { scope: 'shortlist', audience: viewer, now: 0 });
  const drawn = (await drawnGlyphs(bytes)).filter((d) => d.font === 'NotoSansTamil-Bold').map((d) => d.char).join('');
  for (const c of [...hostile].filter((c) => c.trim())) assert.ok(drawn.includes(c), `${c} is drawn`);
  assert.ok(elements((await pdfTags(bytes)).roots).some((t) => t.alt === `1. ${hostile}`), 'its typed text as ActualText');
});

test('a long Thai title, written without spaces, wraps between words', async () => {
  const title = 'ขึ้นราคาเป็นขั้นตอนเพื่อให้ราคามีเสถียรภาพ'.repeat(6);
  const { items, width } = await titleOnPage(title, /[\u0E00-\u0E7F]/);
  // a line's items, top to bottom (a mark the font lifts may come as an item of its own, a point or two higher)
  const lines: { y: number; text: string }[] = [];
  for (const i of items) {
    const line = lines.find((l) => Math.abs(l.y - i.transform[5]!) < 5);
    if (line) line.text += i.str;
    else lines.push({ y: i.transform[5]!, text: i.str });
  }
  assert.equal(lines.map((l) => l.text).join(''), title, 'every character, in order');
  assert.ok(lines.length >= 3, `wrapped onto ${lines.length} lines`);
  for (const i of items) assert.ok(i.transform[4]! >= 49 && i.transform[4]! + i.width <= width - 49, `${i.str.slice(0, 5)}… inside the margins`);
  const wordStarts = new Set([...new Intl.Segmenter('th', { granularity: 'word' }).segment(title)].map((w) => w.index));
  let at = 0;
  for (const line of lines.slice(0, -1)) {
    at += line.text.length;
    assert.ok(wordStarts.has(at), `a line ends inside a word: …${line.text.slice(-6)}`);
  }
});
