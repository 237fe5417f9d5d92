/**
 * Export files are parsed, validated and built into documents in a worker
 * thread (./import-worker.ts), never on the event loop that serves every
 * board's sync traffic: JSON.parse of a 5 MiB file and building its
 * documents take up to seconds, and four at a time stalled other boards for
 * half a second (issue 20). One worker per process, one file at a time;
 * at most MAX_IMPORT_JOBS waiting or being built, more are refused (`busy`)
 * rather than queued without end. The worker starts on the first import,
 * keeps the process alive only while it has jobs, and a crashed or stuck
 * worker fails the jobs it held and is replaced on the next import (the
 * shape of server/export/render-pdf.ts).
 */
import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors';
import { workerEntry } from '../worker-entry';
import type { BuildResult } from './build';
import type { ImportRequest, ImportResponse } from './import-worker';

/** Imports waiting or being built in this process: one building, one waiting; more are `busy`. */
export const MAX_IMPORT_JOBS = 2;
/** A job that takes longer than this (from when it was queued) ends the worker. */
export const IMPORT_TIMEOUT_MS = 30_000;

const MODULE = new URL('./import-worker.ts', import.meta.url).href;

type Job = { resolve: (result: BuildResult) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

let module = MODULE;
let worker: Worker | null = null;
const jobs = new Map<number, Job>();
let nextId = 1;

/** Whether another import would be refused now (checked before its body is read). */
export function importsBusy(): boolean {
  return jobs.size >= MAX_IMPORT_JOBS;
}

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
  const created = new Worker(workerEntry(module), { workerData: { module } });
  created.on('message', (response: ImportResponse) => {
    const job = jobs.get(response.id);
    if (!job) return;
    jobs.delete(response.id);
    clearTimeout(job.timer);
    if (jobs.size === 0) created.unref();
    if ('result' in response) job.resolve(response.result);
    else job.reject(new Error(`import failed: ${response.error}`));
  });
  created.on('error', (error) => failAll(created, error));
  created.on('exit', (code) => failAll(created, new Error(`the import worker stopped (exit code ${code})`)));
  // Idle until a job comes (after the listeners: adding one refs the worker again).
  created.unref();
  return created;
}

export const importsBusyError = () => new DomainError('busy', 'too many imports are under way right now; try again in a moment');

/**
 * Parse and build an export file (the request body's bytes; transferred, so
 * the caller must not use them after) off the event loop. Refused (`busy`)
 * when MAX_IMPORT_JOBS are already waiting.
 */
export function runImport(bytes: Uint8Array, now: number): Promise<BuildResult> {
  if (importsBusy()) return Promise.reject(importsBusyError());
  const current = (worker ??= start());
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      failAll(current, new DomainError('unavailable', 'reading the file took too long; try again'));
      void current.terminate();
    }, IMPORT_TIMEOUT_MS);
    timer.unref();
    jobs.set(id, { resolve, reject, timer });
    current.ref();
    current.postMessage({ id, bytes, now } satisfies ImportRequest, [bytes.buffer as ArrayBuffer]);
  });
}

/**
 * Tests: build imports with another worker module (one wrapping ./build.ts,
 * e.g. a worker that holds its job until told), or again with the real one
 * (null). A running worker is stopped, so the next import starts the module.
 */
export function useImportWorkerModule(replacement: string | null): void {
  module = replacement ?? MODULE;
  const current = worker;
  worker = null;
  void current?.terminate();
}
