/**
 * Export files are parsed, validated and built into documents in a worker
 * thread (./import-worker.ts), never on the event loop that serves every
 * board's sync traffic: JSON.parse of a 5 MiB file and building its
 * documents take up to seconds, and four at a time stalled other boards for
 * half a second (issue 20). One worker per process, one file at a time;
 * at most MAX_IMPORT_JOBS waiting or being built, more are refused (`busy`)
 * rather than queued without end. The worker starts on the first import,
 * keeps the process alive only while it has jobs, and a crashed or stuck
 * worker fails the jobs it held and is replaced on the next import
 * (server/workers/job-worker.ts, as for PDFs).
 */
import type { BuildResult } from './build';
import type { ImportRequest, ImportResponse } from './import-worker';
import { JobWorker } from '../workers/job-worker';

/** Imports waiting or being built in this process: one building, one waiting; more are `busy`. */
export const MAX_IMPORT_JOBS = 2;
/** A job that takes longer than this (from when it was queued) ends the worker. */
export const IMPORT_TIMEOUT_MS = 30_000;

const importWorker = new JobWorker<Omit<ImportRequest, 'id'>, ImportResponse, BuildResult>({
  module: new URL('./import-worker.ts', import.meta.url).href,
  what: 'import',
  maxJobs: MAX_IMPORT_JOBS,
  timeoutMs: IMPORT_TIMEOUT_MS,
  busyMessage: 'too many imports are under way right now; try again in a moment',
  timeoutMessage: 'reading the file took too long; try again',
  resultOf: (response) => ('result' in response ? response.result : null),
});

/** Whether another import would be refused now (checked before its body is read). */
export function importsBusy(): boolean {
  return importWorker.busy;
}

export const importsBusyError = () => importWorker.busyError();

/**
 * Parse and build an export file (the request body's bytes; transferred, so
 * the caller must not use them after) off the event loop. Refused (`busy`)
 * when MAX_IMPORT_JOBS are already waiting.
 */
export function runImport(bytes: Uint8Array, now: number): Promise<BuildResult> {
  return importWorker.run({ bytes, now }, [bytes.buffer as ArrayBuffer]);
}

/**
 * Tests: build imports with another worker module (one wrapping ./build.ts,
 * e.g. a worker that holds its job until told), or again with the real one
 * (null). A running worker is stopped, so the next import starts the module.
 */
export function useImportWorkerModule(replacement: string | null): void {
  importWorker.useModule(replacement);
}
