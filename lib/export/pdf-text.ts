/**
 * Paragraph layout for the PDF: line wrapping and right-to-left text.
 *
 * pdfkit shapes each space-separated word with fontkit (which joins Arabic
 * letters and reverses a right-to-left word's glyphs) but then places the
 * words of a line left to right in typed order, so a Hebrew or Arabic
 * sentence comes out with its words reversed. So we wrap lines ourselves,
 * resolve embedding levels with the Unicode Bidirectional Algorithm
 * (bidi-js), reorder the line's words visually (UBA rule L2, at word
 * granularity), and draw each word at its position. Words stay in typed order
 * inside, so fontkit can still shape them; neutral runs inside right-to-left
 * text (punctuation, emoji) that fontkit would not reverse are reversed and
 * mirrored here. Words are drawn in typed order, with the spaces between
 * them and a space at each line's end, so copy-paste and text extraction
 * give the logical text. A paragraph whose first strong letter is
 * right-to-left is right-aligned.
 *
 * Inside a right-to-left word, though, the glyphs are in visual order and
 * Arabic letters are joined presentation forms, so a reader of the drawn
 * glyphs gets them reversed or as other code points; Thai and the Indic
 * scripts come out of the font's shaping the same way (a Devanagari vowel
 * sign drawn before its consonant, conjuncts as one glyph, Thai sara am
 * split in two): needsActualText() tells the tagging (pdf.ts) when to give a
 * structure element the logical text as its ActualText.
 */
import bidiFactory from 'bidi-js';
import { baselineShift, familyFor, useFont, type Family, type FontName } from './pdf-fonts';

const bidi = bidiFactory();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Thai writes no spaces between words: ICU's dictionary finds them (Node ships full ICU), and a line may break there
const words = new Intl.Segmenter('th', { granularity: 'word' });
const THAI = /[\u0E00-\u0E7F]/;
// Han (with the CJK radicals, symbols and punctuation before it), kana, Hangul, compatibility ideographs, CJK
// compatibility and fullwidth forms, and the supplementary ideograph planes: a line may break between any two
const BREAKABLE = /[\u2E80-\u9FFF\uA960-\uA97F\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]|[\uD840-\uD8BF][\uDC00-\uDFFF]/;
// Kinsoku (after JIS X 4051, its common core): closing punctuation, small kana and the prolonged sound mark never
// start a line, opening brackets never end one, so a break between two CJK characters is not taken beside them
const NO_BREAK_BEFORE = /^[、。，．：；！？）］｝〕〉》」』】〙〗〟｠»ー・ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ…‥]$/;
const NO_BREAK_AFTER = /^[（［｛〔〈《「『【〘〖〝｟«]$/;
const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|\uD802[\uDC00-\uDFFF]|\uD83A[\uDD00-\uDFFF]/;

export type TextStyle = { readonly font: FontName; readonly size: number; readonly color?: string };

type Token = { text: string; level: number; space: boolean; width: number; family: Family };

/** The document side we need: pdfkit's PDFDocument. */
type Doc = PDFKit.PDFDocument;

/** Width of text in a family's style at the current size; leaves the style's DejaVu selected. */
function measure(doc: Doc, text: string, family: Family, style: FontName): number {
  if (family === 'dejavu') return doc.widthOfString(text);
  useFont(doc, family, style);
  const width = doc.widthOfString(text);
  doc.font(style);
  return width;
}

/**
 * Split a paragraph into words and spaces, also breaking where the embedding
 * level or the font (pdf-fonts.ts: DejaVu, else a fallback that has the
 * glyph) changes, and around every Chinese, Japanese or Korean character:
 * those scripts do not put spaces between words, so a line may break between
 * any two of their characters — except before closing punctuation and after
 * an opening bracket (kinsoku), which stay with their neighbour. Thai,
 * written without spaces too, may break between two of its words.
 */
function tokenize(doc: Doc, paragraph: string, levels: Uint8Array, style: FontName): Token[] {
  const tokens: Token[] = [];
  // Latin up to U+02FF, before the combining marks, has one grapheme per character and no CJK: skip the segmenter,
  // which costs a quarter of a large board's rendering, and for ASCII the font lookup too
  const simple = /^[\x20-\u02FF]*$/.test(paragraph);
  const ascii = simple && /^[\x20-\x7E]*$/.test(paragraph);
  const units = simple ? [...paragraph].map((segment, index) => ({ segment, index })) : graphemes.segment(paragraph);
  const thaiWordStarts = !simple && THAI.test(paragraph) ? new Set([...words.segment(paragraph)].map((word) => word.index)) : null;
  let start = 0;
  let previous: { space: boolean; level: number; family: Family; breakable: boolean; segment: string } | null = null;
  const close = (end: number) => {
    if (previous) tokens.push({ text: paragraph.slice(start, end), level: previous.level, space: previous.space, width: 0, family: previous.family });
    start = end;
  };
  for (const { segment, index } of units) {
    const space = /^\s+$/.test(segment);
    const current = {
      space,
      level: levels[index]!,
      family: ascii || space ? ('dejavu' as const) : familyFor(segment, style),
      breakable: !simple && segment.charCodeAt(0) >= 0x2e80 && BREAKABLE.test(segment),
      segment,
    };
    const joins =
      previous !== null &&
      previous.space === current.space &&
      previous.level === current.level &&
      previous.family === current.family &&
      (current.space ||
        !(previous.breakable || current.breakable || (thaiWordStarts?.has(index) && THAI.test(previous.segment) && THAI.test(segment))) ||
        (!simple && (NO_BREAK_BEFORE.test(segment) || NO_BREAK_AFTER.test(previous.segment))));
    if (!joins) close(index);
    previous = current;
  }
  close(paragraph.length);
  for (const t of tokens) t.width = t.space ? measure(doc, ' ', 'dejavu', style) * t.text.length : measure(doc, t.text, t.family, style);
  return tokens;
}

/** Break a word wider than the line into pieces that fit, at grapheme boundaries. */
function splitLongWord(doc: Doc, token: Token, width: number, style: FontName): Token[] {
  const pieces: Token[] = [];
  let current = '';
  const measured = (text: string) => measure(doc, text, token.family, style);
  for (const { segment } of graphemes.segment(token.text)) {
    if (current && measured(current + segment) > width) {
      pieces.push({ ...token, text: current, width: measured(current) });
      current = '';
    }
    current += segment;
  }
  if (current) pieces.push({ ...token, text: current, width: measured(current) });
  return pieces;
}

function wrap(doc: Doc, tokens: Token[], width: number, style: FontName): Token[][] {
  const lines: Token[][] = [];
  let line: Token[] = [];
  let used = 0;
  for (const token of tokens.flatMap((t) => (!t.space && t.width > width ? splitLongWord(doc, t, width, style) : [t]))) {
    if (!token.space && line.length && used + token.width > width) {
      while (line.length && line[line.length - 1]!.space) line.pop();
      lines.push(line);
      line = [];
      used = 0;
    }
    if (token.space && !line.length) continue;
    line.push(token);
    used += token.width;
  }
  while (line.length && line[line.length - 1]!.space) line.pop();
  if (line.length || !lines.length) lines.push(line);
  return lines;
}

/**
 * Join the characters that tokenize split apart only so the line could break
 * between them (Chinese, Japanese, Korean) back into one run per font: one
 * text call for a run instead of one per character. Left-to-right runs only,
 * where typed order is drawing order.
 */
function mergeRuns(line: Token[]): Token[] {
  const merged: Token[] = [];
  for (const token of line) {
    const last = merged[merged.length - 1];
    if (last && !last.space && !token.space && last.level === token.level && token.level % 2 === 0 && last.family === token.family) {
      merged[merged.length - 1] = { ...last, text: last.text + token.text, width: last.width + token.width };
    } else merged.push(token);
  }
  return merged;
}

/** UBA rule L2 at token granularity: visual order of the line's tokens. */
function visualOrder(line: Token[]): number[] {
  const order = line.map((_, i) => i);
  const max = Math.max(0, ...line.map((t) => t.level));
  const minOdd = Math.min(...line.map((t) => t.level).filter((l) => l % 2 === 1), Number.MAX_SAFE_INTEGER);
  for (let level = max; level >= minOdd && level > 0; level--) {
    for (let i = 0; i < order.length; ) {
      if (line[order[i]!]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && line[order[j]!]!.level >= level) j++;
      order.splice(i, j - i, ...order.slice(i, j).reverse());
      i = j;
    }
  }
  return order;
}

/** What to hand pdfkit for a token so that it ends up in visual order. */
function glyphText(token: Token): string {
  if (token.level % 2 === 0) return token.text;
  const mirrored = [...token.text].map((c) => bidi.getMirroredCharacter(c) ?? c);
  // fontkit reverses a run it detects as right-to-left script; anything else we reverse
  if (STRONG_RTL.test(token.text)) return mirrored.join('');
  return [...graphemes.segment(mirrored.join(''))].map((g) => g.segment).reverse().join('');
}

// The Indic blocks (Devanagari … Sinhala) and Thai: shaped by fontkit into glyphs that do not read back as typed
const SHAPED = /[\u0900-\u0DFF\u0E00-\u0E7F]/;

/**
 * Whether the glyphs writeText draws do not read back as the typed text: a
 * right-to-left run (reversed, shaped or mirrored), or Thai or Indic text
 * (reordered, split or joined by the font's shaping).
 */
export function needsActualText(text: string, direction: TextBox['direction'] = 'auto'): boolean {
  return SHAPED.test(text) || bidi.getEmbeddingLevels(text, direction).levels.some((level) => level % 2 === 1);
}

export type TextBox = {
  readonly x: number;
  readonly width: number;
  readonly bottom: number;
  readonly lineGap?: number;
  /** 'auto' (default): from the paragraph's first strong letter; 'ltr' for our own numbered labels */
  readonly direction?: 'ltr' | 'rtl' | 'auto';
};

/**
 * Write text at doc.y inside the box, adding pages as needed; leaves doc.y
 * below the text. Line breaks in the text start new paragraphs.
 */
export function writeText(doc: Doc, text: string, style: TextStyle, box: TextBox): void {
  doc.font(style.font).fontSize(style.size).fillColor(style.color ?? '#1a1a1a');
  const lineHeight = doc.currentLineHeight(true) + (box.lineGap ?? 1);
  const paragraphs = text.split(/\r\n|\r|\n|\u2028|\u2029/);
  paragraphs.forEach((paragraph, p) => {
    const clean = paragraph.replace(/\t/g, ' ');
    const levels = bidi.getEmbeddingLevels(clean, box.direction ?? 'auto');
    const base = levels.paragraphs[0]?.level ?? 0;
    const lines = wrap(doc, tokenize(doc, clean, levels.levels, style.font), box.width, style.font).map(mergeRuns);
    lines.forEach((line, l) => {
      if (doc.y + lineHeight > box.bottom) {
        // not addPage: this closes the open marked content (the tagging) and reopens it on the new page
        doc.continueOnNewPage();
        doc.font(style.font).fontSize(style.size).fillColor(style.color ?? '#1a1a1a');
      }
      const y = doc.y;
      const total = line.reduce((sum, t) => sum + t.width, 0);
      const start = base % 2 === 1 ? box.x + box.width - total : box.x;
      let cursor = start;
      const xs = new Array<number>(line.length);
      for (const index of visualOrder(line)) {
        xs[index] = cursor;
        cursor += line[index]!.width;
      }
      // Spaces are drawn too, though invisible, and one after every line but the last: a reader that takes the
      // text from the tagging (not from where the glyphs sit) would otherwise run the words together. A
      // left-to-right word takes the space after it into the same call (half the calls, a smaller file).
      let lineEnd = p < paragraphs.length - 1 || l < lines.length - 1;
      for (let i = 0; i < line.length; i++) {
        const token = line[i]!;
        let glyphs = token.space ? token.text : glyphText(token);
        const x = xs[i]!;
        if (!token.space && token.level % 2 === 0) {
          const next = line[i + 1];
          if (next?.space && next.level === token.level) {
            glyphs += next.text;
            i++;
          } else if (!next && lineEnd) {
            glyphs += ' ';
            lineEnd = false;
          }
        }
        useFont(doc, token.family, style.font);
        doc.text(glyphs, x, y + (baselineShift(token.family, style.font) * style.size) / 1000, { lineBreak: false });
      }
      doc.font(style.font);
      if (lineEnd) doc.text(' ', base % 2 === 1 ? start - measure(doc, ' ', 'dejavu', style.font) : start + total, y, { lineBreak: false });
      doc.y = y + lineHeight;
    });
  });
  doc.x = box.x;
}
