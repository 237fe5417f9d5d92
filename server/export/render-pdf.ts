/**
 * PDFs are rendered in a worker thread, one at a time: pdfkit lays out and
 * subsets fonts synchronously (≈0.1 s for a small board, ≈3 s for 500
 * options on this hardware), and on the server's event loop that would stall
 * every board's sync traffic for as long. The worker starts on the first PDF,
 * is shared by every server in the process, and keeps the process alive
 * only while it has jobs. A crashed or stuck worker fails the jobs it held and is replaced on
 * the next PDF.
 */
import { Worker } from 'node:worker_threads';
import type { BoardData } from '@/lib/board/board-data';
import type { PdfOptions } from '@/lib/export/pdf';
import { DomainError } from '../errors';
import { workerEntry } from '../worker-entry';
import type { PdfRequest, PdfResponse } from './pdf-worker';

/** PDFs waiting or being made; more are refused (`busy`) rather than queued without end. */
export const MAX_PDF_JOBS = 8;
/** A job that takes longer than this (from when it was queued) ends the worker. */
export const PDF_TIMEOUT_MS = 60_000;

const MODULE = new URL('./pdf-worker.ts', import.meta.url).href;

type Job = { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

let worker: Worker | null = null;
const jobs = new Map<number, Job>();
let nextId = 1;

function failAll(current: Worker, error: Error): void {
  if (worker !== current) return;
  worker = null;
  for (const job of jobs.values()) {
    clearTimeout(job.timer);
    job.reject(error);
  }
  jobs.clear();
}

function start(): Worker {
  const created = new Worker(workerEntry(MODULE), { workerData: { module: MODULE } });
  created.on('message', (response: PdfResponse) => {
    const job = jobs.get(response.id);
    if (!job) return;
    jobs.delete(response.id);
    clearTimeout(job.timer);
    if (jobs.size === 0) created.unref();
    if ('bytes' in response) job.resolve(response.bytes);
    else job.reject(new Error(`PDF rendering failed: ${response.error}`));
  });
  created.on('error', (error) => failAll(created, error));
  created.on('exit', (code) => failAll(created, new Error(`the PDF worker stopped (exit code ${code})`)));
  // Idle until a job comes (after the listeners: adding one refs the worker again).
  created.unref();
  return created;
}

/** Render a PDF off the event loop. Refused (`busy`) when MAX_PDF_JOBS are already waiting. */
export function renderPdf(data: BoardData, options: PdfOptions): Promise<Uint8Array> {
  if (jobs.size >= MAX_PDF_JOBS) {
    return Promise.reject(new DomainError('busy', 'too many PDFs are being made right now; try again in a moment'));
  }
  const current = (worker ??= start());
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      failAll(current, new DomainError('unavailable', 'making the PDF took too long; try again'));
      void current.terminate();
    }, PDF_TIMEOUT_MS);
    timer.unref();
    jobs.set(id, { resolve, reject, timer });
    current.ref();
    current.postMessage({ id, data, options } satisfies PdfRequest);
  });
}
