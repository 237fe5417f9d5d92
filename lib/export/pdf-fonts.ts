/**
 * The PDF's embedded fonts. DejaVu Sans (regular and bold, dejavu-fonts-ttf)
 * draws everything it has a glyph for: Latin, Greek, Cyrillic, Hebrew,
 * Arabic (with the joining tables fontkit needs), many symbols and some
 * emoticons. What it lacks falls back, per grapheme, to:
 * - Noto Sans Thai, Devanagari, Bengali and Tamil (@expo-google-fonts,
 *   TrueType, 47–221 KB a style), shaped by fontkit: Thai marks stacked,
 *   conjuncts and vowel signs in place; tried first, being small, so that
 *   such text does not read the CJK files (fontkit-guard.ts: a run fontkit
 *   cannot shape is drawn unshaped rather than failing the export);
 * - Noto Sans SC (@openfonts/noto-sans-sc_chinese-simplified): 7,300
 *   Chinese characters, simplified and the common traditional ones, and
 *   Japanese kana, so Chinese and Japanese;
 * - Noto Sans KR (@openfonts/noto-sans-kr_korean): the 2,350 Hangul
 *   syllables of KS X 1001, so Korean;
 * - Noto Emoji (@expo-google-fonts/noto-emoji): monochrome emoji (pdfkit
 *   cannot draw colour glyphs).
 * The two CJK files are WOFF (1): fontkit decompresses those tables
 * and pdfkit subsets them like an OpenType file; WOFF2 it reads but subsets
 * into empty glyphs, which rules out the fontsource packages.
 *
 * Read from node_modules at run time (nothing is downloaded). DejaVu's bytes
 * are cached, since every export embeds them; a fallback file is read only
 * when a text needs it, then kept for the process, so a board without CJK
 * never reads the 2 MB CJK files. Reading is synchronous because layout is
 * (writeText), and it runs in the PDF worker thread, off the event loop.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
// The ES module, as pdfkit imports it: its font objects must share our fonts' class (fontkit-guard.ts patches it)
import { create as createFont } from 'fontkit';
import { guardShaping, type ShapingFont } from './fontkit-guard';

const require = createRequire(import.meta.url);

/** A font's style: the two weights the PDF uses. */
export type FontName = 'regular' | 'bold';

/** The part of fontkit we use: pdfkit embeds with it, we only ask it which code points a font covers and its ascent. */
type CoverageFont = ShapingFont & { hasGlyphForCodePoint(codePoint: number): boolean; readonly ascent: number; readonly unitsPerEm: number };
const openFont = createFont as (buffer: Buffer) => CoverageFont;

export type Family = 'dejavu' | 'cjk' | 'hangul' | 'thai' | 'devanagari' | 'bengali' | 'tamil' | 'emoji';
/** Fallbacks in the order they are tried after DejaVu. */
const FALLBACKS = ['thai', 'devanagari', 'bengali', 'tamil', 'cjk', 'hangul', 'emoji'] as const satisfies readonly Family[];

const FILES: Record<Family, Record<FontName, string>> = {
  dejavu: { regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' },
  cjk: {
    regular: '@openfonts/noto-sans-sc_chinese-simplified/files/noto-sans-sc-chinese-simplified-400.woff',
    bold: '@openfonts/noto-sans-sc_chinese-simplified/files/noto-sans-sc-chinese-simplified-700.woff',
  },
  hangul: {
    regular: '@openfonts/noto-sans-kr_korean/files/noto-sans-kr-korean-400.woff',
    bold: '@openfonts/noto-sans-kr_korean/files/noto-sans-kr-korean-700.woff',
  },
  thai: {
    regular: '@expo-google-fonts/noto-sans-thai/400Regular/NotoSansThai_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-thai/700Bold/NotoSansThai_700Bold.ttf',
  },
  devanagari: {
    regular: '@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf',
  },
  bengali: {
    regular: '@expo-google-fonts/noto-sans-bengali/400Regular/NotoSansBengali_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-bengali/700Bold/NotoSansBengali_700Bold.ttf',
  },
  tamil: {
    regular: '@expo-google-fonts/noto-sans-tamil/400Regular/NotoSansTamil_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-tamil/700Bold/NotoSansTamil_700Bold.ttf',
  },
  emoji: {
    regular: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
    bold: '@expo-google-fonts/noto-emoji/700Bold/NotoEmoji_700Bold.ttf',
  },
};

export type PdfFonts = Readonly<Record<FontName, Uint8Array>>;

let cached: Promise<PdfFonts> | null = null;

/** DejaVu Sans, regular and bold: registered with every document under the plain names 'regular' and 'bold'. */
export function loadPdfFonts(): Promise<PdfFonts> {
  cached ??= Promise.all([readFile(require.resolve(FILES.dejavu.regular)), readFile(require.resolve(FILES.dejavu.bold))]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      cached = null;
      throw error;
    },
  );
  return cached;
}

/** Every font file the PDF may embed (for tests that check what the drawn glyphs are drawn with). */
export function fontFiles(): string[] {
  return Object.values(FILES).flatMap((styles) => Object.values(styles).map((file) => require.resolve(file)));
}

/** The name a family's style is registered under with pdfkit: DejaVu keeps the plain style names. */
export function fontKey(family: Family, style: FontName): string {
  return family === 'dejavu' ? style : `${family}-${style}`;
}

type Loaded = { readonly bytes: Buffer; readonly font: CoverageFont };
const loaded = new Map<string, Loaded>();

function load(family: Family, style: FontName): Loaded {
  const key = fontKey(family, style);
  let entry = loaded.get(key);
  if (!entry) {
    const bytes = readFileSync(require.resolve(FILES[family][style]));
    entry = { bytes, font: openFont(bytes) };
    // On the class pdfkit's fonts share, before a fallback's text is laid out (useFont loads it first); DejaVu's
    // text other than ASCII reaches here too (familyFor), and ASCII it shapes without marks
    guardShaping(entry.font);
    loaded.set(key, entry);
  }
  return entry;
}

// Joiners, variation selectors and skin-tone modifiers: part of an emoji sequence, drawn by no font of ours as a
// glyph of their own, so they do not decide the font (fontkit maps a missing one to nothing visible).
const ignorable = (c: number) =>
  c === 0x200c || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0x1f3fb && c <= 0x1f3ff) || (c >= 0xe0100 && c <= 0xe01ef);

const covers = (font: CoverageFont, grapheme: string) =>
  [...grapheme].map((c) => c.codePointAt(0)!).every((c) => ignorable(c) || font.hasGlyphForCodePoint(c));

const chosen = new Map<string, Family>();

/**
 * The family to draw a grapheme in: DejaVu when it has every glyph, else the
 * first fallback that has; DejaVu (its .notdef box) when none has.
 */
export function familyFor(grapheme: string, style: FontName): Family {
  // ASCII and whitespace are DejaVu's without asking
  if (/^[\s\x20-\x7E]*$/.test(grapheme)) return 'dejavu';
  const key = `${style}:${grapheme}`;
  let family = chosen.get(key);
  if (!family) {
    family = covers(load('dejavu', style).font, grapheme) ? 'dejavu' : (FALLBACKS.find((f) => covers(load(f, style).font, grapheme)) ?? 'dejavu');
    // fontkit's cmap lookups are slow next to layout; a board repeats its characters (bounded: CJK is ~10^5)
    if (chosen.size < 100_000) chosen.set(key, family);
  }
  return family;
}

/**
 * How far below the line's top to move a family's text, in thousandths of
 * the font size, so that it sits on DejaVu's baseline: pdfkit puts the
 * baseline at the font's own ascent below y, and the Noto fonts' ascent is
 * larger than DejaVu's.
 */
export function baselineShift(family: Family, style: FontName): number {
  const ascent = (f: Family) => (load(f, style).font.ascent / load(f, style).font.unitsPerEm) * 1000;
  return family === 'dejavu' ? 0 : ascent('dejavu') - ascent(family);
}

const registered = new WeakMap<PDFKit.PDFDocument, Set<string>>();

/** Select a family's style as the document's font, registering its file with this document the first time. */
export function useFont(doc: PDFKit.PDFDocument, family: Family, style: FontName): void {
  const key = fontKey(family, style);
  if (family !== 'dejavu') {
    const fonts = registered.get(doc) ?? new Set<string>();
    registered.set(doc, fonts);
    if (!fonts.has(key)) {
      doc.registerFont(key, load(family, style).bytes);
      fonts.add(key);
    }
  }
  doc.font(key);
}
