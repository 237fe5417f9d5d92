/**
 * Tagging for the PDF export (a tagged PDF, ISO 32000-1 §14.8), so screen
 * readers and reflow get headings, paragraphs, lists and a described figure
 * instead of loose glyphs. Every drawing goes through one of these: content
 * of a structure element (tagged), or an artifact (page furniture that
 * assistive technology skips). pdfkit does the bookkeeping (marked-content
 * ids, the parent tree, reopening marked content after a page break).
 */
type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;
type StructOptions = NonNullable<Parameters<Doc['struct']>[1]>;

export type TagOptions = StructOptions & {
  /** where a Figure sits on its page (left, top, right, bottom, from the top-left corner) */
  readonly bbox?: readonly [number, number, number, number];
};

/**
 * A structure element of `role` under `parent` whose content is everything
 * `draw` puts on the page, across page breaks (writeText breaks pages with
 * continueOnNewPage, which carries the marked content over).
 */
export function tagged(doc: Doc, parent: Struct, role: string, draw: () => void, options: TagOptions = {}): void {
  // pdfkit reads bbox (a Figure's layout attribute) though its typings leave it out
  const element = doc.struct(role, options as StructOptions);
  parent.add(element);
  const content = doc.markStructureContent(role);
  draw();
  doc.endMarkedContent();
  element.add(content);
  element.end();
}

/** A grouping element (Sect, L, LI) under `parent`: `fill` adds its children, then it is ended (and written out). */
export function group(doc: Doc, parent: Struct, role: string, fill: (element: Struct) => void): void {
  const element = doc.struct(role);
  parent.add(element);
  fill(element);
  element.end();
}

/** Drawing that is not content (a page footer): marked as an artifact, so it stays out of the structure tree. */
export function artifact(doc: Doc, type: 'Pagination' | 'Layout', draw: () => void): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}
