/**
 * PDFs are rendered in a worker thread, one at a time: pdfkit lays out and
 * subsets fonts synchronously (≈0.1 s for a small board, ≈3 s for 500
 * options on this hardware), and on the server's event loop that would stall
 * every board's sync traffic for as long. The worker starts on the first PDF,
 * is shared by every server in the process, and keeps the process alive
 * only while it has jobs. A crashed or stuck worker fails the jobs it held and is replaced on
 * the next PDF.
 */
import type { BoardData } from '@/lib/board/board-data';
import type { PdfOptions } from '@/lib/export/pdf';
import { JobWorker } from '../workers/job-worker';
import type { PdfRequest, PdfResponse } from './pdf-worker';

/** PDFs waiting or being made; more are refused (`busy`) rather than queued without end. */
export const MAX_PDF_JOBS = 8;
/** A job that takes longer than this (from when it was queued) ends the worker. */
export const PDF_TIMEOUT_MS = 60_000;

const pdfWorker = new JobWorker<Omit<PdfRequest, 'id'>, PdfResponse, Uint8Array>({
  module: new URL('./pdf-worker.ts', import.meta.url).href,
  what: 'PDF rendering',
  maxJobs: MAX_PDF_JOBS,
  timeoutMs: PDF_TIMEOUT_MS,
  busyMessage: 'too many PDFs are being made right now; try again in a moment',
  timeoutMessage: 'making the PDF took too long; try again',
  resultOf: (response) => ('bytes' in response ? response.bytes : null),
});

/** Render a PDF off the event loop. Refused (`busy`) when MAX_PDF_JOBS are already waiting. */
export function renderPdf(data: BoardData, options: PdfOptions): Promise<Uint8Array> {
  return pdfWorker.run({ data, options });
}
