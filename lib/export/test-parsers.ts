/**
 * Real parsers for the export tests, so tests check what a reader's program
 * would see: PDF text through pdf.js (the engine of Firefox's viewer).
 */
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfTextItem = { readonly str: string; readonly x: number; readonly y: number; readonly page: number };
export type PdfText = { readonly pages: readonly string[]; readonly items: readonly PdfTextItem[]; readonly text: string };

/** Text of each page; items on one baseline are joined with a space, lines with \n. */
export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false }).promise;
  const pages: string[] = [];
  const items: PdfTextItem[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const lines: { y: number; parts: string[] }[] = [];
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const [x, y] = [item.transform[4] as number, item.transform[5] as number];
      items.push({ str: item.str, x, y, page: n });
      const line = lines.find((l) => Math.abs(l.y - y) < 2);
      if (line) line.parts.push(item.str);
      else lines.push({ y, parts: [item.str] });
    }
    pages.push(lines.map((l) => l.parts.join(' ')).join('\n'));
  }
  await pdf.destroy();
  return { pages, items, text: pages.join('\n') };
}
