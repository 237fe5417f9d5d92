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
 * glyphs gets them reversed or as other code points: reorders() tells the
 * tagging (pdf.ts) when to give a structure element the logical text as its
 * ActualText.
 */
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]|\uD802[\uDC00-\uDFFF]|\uD83A[\uDD00-\uDFFF]/;

export type FontName = 'regular' | 'bold';
export type TextStyle = { readonly font: FontName; readonly size: number; readonly color?: string };

type Token = { text: string; level: number; space: boolean; width: number };

/** The document side we need: pdfkit's PDFDocument. */
type Doc = PDFKit.PDFDocument;

function measure(doc: Doc, text: string): number {
  return doc.widthOfString(text);
}

/** Split a paragraph into words and spaces, also breaking where the embedding level changes. */
function tokenize(doc: Doc, paragraph: string, levels: Uint8Array): Token[] {
  const tokens: Token[] = [];
  let start = 0;
  for (let i = 1; i <= paragraph.length; i++) {
    const boundary =
      i === paragraph.length ||
      /\s/.test(paragraph[i]!) !== /\s/.test(paragraph[i - 1]!) ||
      levels[i] !== levels[i - 1];
    // never split a surrogate pair
    if (!boundary || (i < paragraph.length && /[\uDC00-\uDFFF]/.test(paragraph[i]!))) continue;
    const text = paragraph.slice(start, i);
    tokens.push({ text, level: levels[start]!, space: /^\s+$/.test(text), width: 0 });
    start = i;
  }
  for (const t of tokens) t.width = t.space ? measure(doc, ' ') * t.text.length : measure(doc, t.text);
  return tokens;
}

/** Break a word wider than the line into pieces that fit, at grapheme boundaries. */
function splitLongWord(doc: Doc, token: Token, width: number): Token[] {
  const pieces: Token[] = [];
  let current = '';
  for (const { segment } of graphemes.segment(token.text)) {
    if (current && measure(doc, current + segment) > width) {
      pieces.push({ ...token, text: current, width: measure(doc, current) });
      current = '';
    }
    current += segment;
  }
  if (current) pieces.push({ ...token, text: current, width: measure(doc, current) });
  return pieces;
}

function wrap(doc: Doc, tokens: Token[], width: number): Token[][] {
  const lines: Token[][] = [];
  let line: Token[] = [];
  let used = 0;
  for (const token of tokens.flatMap((t) => (!t.space && t.width > width ? splitLongWord(doc, t, width) : [t]))) {
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

/** Whether writeText draws some of the text out of typed order (any right-to-left run: reversed, shaped or mirrored). */
export function reorders(text: string, direction: TextBox['direction'] = 'auto'): boolean {
  return bidi.getEmbeddingLevels(text, direction).levels.some((level) => level % 2 === 1);
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
    const lines = wrap(doc, tokenize(doc, clean, levels.levels), box.width);
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
        doc.text(glyphs, x, y, { lineBreak: false });
      }
      if (lineEnd) doc.text(' ', base % 2 === 1 ? start - measure(doc, ' ') : start + total, y, { lineBreak: false });
      doc.y = y + lineHeight;
    });
  });
  doc.x = box.x;
}
