/**
 * The PDF worker thread: renders one export at a time with toPdf, off the
 * server's event loop (render-pdf.ts sends the jobs).
 */
import { parentPort } from 'node:worker_threads';
import type { BoardData } from '@/lib/board/board-data';
import { toPdf, type PdfOptions } from '@/lib/export/pdf';

export type PdfRequest = { readonly id: number; readonly data: BoardData; readonly options: PdfOptions };
export type PdfResponse = { readonly id: number; readonly bytes: Uint8Array } | { readonly id: number; readonly error: string };

const port = parentPort;
if (!port) throw new Error('pdf-worker.ts runs as a worker thread (render-pdf.ts)');

port.on('message', (request: PdfRequest) => {
  toPdf(request.data, request.options).then(
    (rendered) => {
      // Transfer a buffer of our own (a Buffer may be a view into a shared pool).
      const bytes = new Uint8Array(rendered);
      port.postMessage({ id: request.id, bytes } satisfies PdfResponse, [bytes.buffer]);
    },
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies PdfResponse),
  );
});
