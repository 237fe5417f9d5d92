/**
 * A worker thread that runs jobs off the event loop (the PDF renderer, the
 * import builder): one worker per kind and process, started on the first
 * job, keeping the process alive only while it has jobs; at most `maxJobs`
 * waiting or running, more are refused (`busy`) rather than queued without
 * end; a job that takes longer than `timeoutMs` from when it was queued ends
 * the worker; a crashed or stuck worker fails the jobs it held and is
 * replaced on the next job. The worker module answers `{ id, ...result }` or
 * `{ id, error }` to each `{ id, ...request }`.
 */
import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors';
import { workerEntry } from '../worker-entry';

export type JobWorkerOptions<Response, Result> = {
  /** the worker's TypeScript module (server/worker-entry.ts finds its compiled form) */
  readonly module: string;
  /** how the errors name the work, e.g. 'PDF rendering' */
  readonly what: string;
  readonly maxJobs: number;
  readonly timeoutMs: number;
  /** what a refused job is told (`busy`) and a job that took too long (`unavailable`) */
  readonly busyMessage: string;
  readonly timeoutMessage: string;
  /** the result in a worker's answer, or null when it is an error answer */
  readonly resultOf: (response: Response) => Result | null;
};

type Job<Result> = { resolve: (result: Result) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

export class JobWorker<Request extends object, Response extends { id: number; error?: string }, Result> {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job<Result>>();
  private nextId = 1;
  private module: string;

  constructor(private readonly options: JobWorkerOptions<Response, Result>) {
    this.module = options.module;
  }

  /** Whether another job would be refused now. */
  get busy(): boolean {
    return this.jobs.size >= this.options.maxJobs;
  }

  busyError(): DomainError {
    return new DomainError('busy', this.options.busyMessage);
  }

  /** Run one job (`transfer`: buffers moved to the worker, not copied; the caller must not use them after). */
  run(request: Request, transfer: ArrayBuffer[] = []): Promise<Result> {
    if (this.busy) return Promise.reject(this.busyError());
    const current = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.failAll(current, new DomainError('unavailable', this.options.timeoutMessage));
        void current.terminate();
      }, this.options.timeoutMs);
      timer.unref();
      this.jobs.set(id, { resolve, reject, timer });
      current.ref();
      current.postMessage({ id, ...request }, transfer);
    });
  }

  /** Tests: run jobs with another module (null: the real one); a running worker is stopped. */
  useModule(replacement: string | null): void {
    this.module = replacement ?? this.options.module;
    const current = this.worker;
    this.worker = null;
    void current?.terminate();
  }

  private start(): Worker {
    const created = new Worker(workerEntry(this.module), { workerData: { module: this.module } });
    created.on('message', (response: Response) => {
      const job = this.jobs.get(response.id);
      if (!job) return;
      this.jobs.delete(response.id);
      clearTimeout(job.timer);
      if (this.jobs.size === 0) created.unref();
      const result = this.options.resultOf(response);
      if (result !== null) job.resolve(result);
      else job.reject(new Error(`${this.options.what} failed: ${response.error}`));
    });
    created.on('error', (error) => this.failAll(created, error));
    created.on('exit', (code) => this.failAll(created, new Error(`the ${this.options.what} worker stopped (exit code ${code})`)));
    // Idle until a job comes (after the listeners: adding one refs the worker again).
    created.unref();
    return created;
  }

  private failAll(current: Worker, error: Error): void {
    if (this.worker !== current) return;
    this.worker = null;
    for (const job of this.jobs.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.jobs.clear();
  }
}
