/**
 * The PDF's embedded fonts: DejaVu Sans (regular and bold) from the
 * dejavu-fonts-ttf package. One font file covers Latin, Greek, Cyrillic,
 * Hebrew, Arabic (with the joining tables fontkit needs) and many symbols and
 * emoticons, so no per-script fallback is needed; CJK is not covered.
 *
 * Read from node_modules at run time (nothing is downloaded); the bytes are
 * cached, since every export embeds them.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FontName } from './pdf-text';

const require = createRequire(import.meta.url);
const FILES: Record<FontName, string> = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

export type PdfFonts = Readonly<Record<FontName, Uint8Array>>;

let cached: Promise<PdfFonts> | null = null;

export function loadPdfFonts(): Promise<PdfFonts> {
  cached ??= Promise.all([readFile(require.resolve(FILES.regular)), readFile(require.resolve(FILES.bold))]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      cached = null;
      throw error;
    },
  );
  return cached;
}
