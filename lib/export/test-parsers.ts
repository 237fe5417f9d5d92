/**
 * Real parsers for the export tests, so tests check what a reader's program
 * would see: PDF text and tags through pdf.js (the engine of Firefox's viewer).
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

/** A structure element as pdf.js reports it (alt is /Alt, else /ActualText), with the text of its marked content. */
export type Tag = { readonly role: string; readonly alt?: string; readonly bbox?: number[]; readonly text: string; readonly children: readonly Tag[]; readonly page: number };
export type PdfTags = {
  readonly marked: boolean;
  readonly info: Record<string, unknown>;
  readonly displayTitle: boolean;
  /** each page's structure tree (an element with content on two pages is in both) */
  readonly roots: readonly Tag[];
  /** text shown as artifacts, and text in no marked content at all (which a tagged PDF must not have) */
  readonly artifacts: readonly string[];
  readonly untagged: readonly string[];
};

/** What assistive technology reading the PDF through pdf.js gets: the structure tree with the text it points at. */
export async function pdfTags(bytes: Uint8Array): Promise<PdfTags> {
  const pdf = await getDocument({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS, isEvalSupported: false }).promise;
  const [markInfo, { info }, preferences] = await Promise.all([pdf.getMarkInfo(), pdf.getMetadata(), pdf.getViewerPreferences()]);
  const roots: Tag[] = [];
  const artifacts: string[] = [];
  const untagged: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const texts = new Map<string, string[]>();
    const open: { id: string | null; tag: string | null }[] = [];
    for (const item of (await page.getTextContent({ includeMarkedContent: true })).items) {
      if ('type' in item) {
        if (item.type === 'endMarkedContent') open.pop();
        // pdf.js reports the tag (Artifact, P, …) though its typings leave it out
        else open.push({ id: item.id ?? null, tag: (item as { tag?: string }).tag ?? null });
        continue;
      }
      if (!item.str.trim()) continue;
      const id = open.findLast((m) => m.id)?.id;
      if (id) texts.set(id, [...(texts.get(id) ?? []), item.str]);
      else (open.some((m) => m.tag === 'Artifact') ? artifacts : untagged).push(item.str);
    }
    type Node = { role?: string; alt?: string; bbox?: number[]; type?: string; id?: string; children?: Node[] };
    const convert = (node: Node): Tag => {
      const children = (node.children ?? []).filter((c) => c.role).map(convert);
      const own = (node.children ?? []).filter((c) => c.type === 'content').flatMap((c) => texts.get(c.id!) ?? []);
      const text = [...own, ...children.map((c) => c.text)].filter(Boolean).join(' ');
      return { role: node.role ?? 'Root', alt: node.alt, bbox: node.bbox, text, children, page: n };
    };
    roots.push(convert((await page.getStructTree()) as Node));
  }
  await pdf.destroy();
  return { marked: markInfo?.Marked === true, info: info as Record<string, unknown>, displayTitle: (preferences as { DisplayDocTitle?: boolean } | null)?.DisplayDocTitle === true, roots, artifacts, untagged };
}

/** Every element of these trees in reading order. */
export const elements = (roots: readonly Tag[]): Tag[] => roots.flatMap((t) => [t, ...elements(t.children)]);
export const withRole = (tags: PdfTags, role: string): Tag[] => elements(tags.roots).filter((t) => t.role === role);
