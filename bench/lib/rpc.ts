/**
 * A tiny request/response protocol over Node's IPC channel, so the
 * orchestrator can drive servers and client pools that run in their own
 * processes (the server under test must not share a process with its load).
 * Messages use the "advanced" serialization: typed arrays cross as-is.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');

type Request = { id: number; cmd: string; args: unknown };
type Response = { id: number; ok: boolean; value?: unknown; error?: string };
type Handlers = Record<string, (args: never) => unknown>;

export class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.on('message', (message: Response) => {
      const entry = this.waiting.get(message.id);
      if (!entry) return;
      this.waiting.delete(message.id);
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(`${name}: ${message.error}`));
    });
    this.exited = new Promise((resolve) =>
      proc.on('exit', (code) => {
        for (const entry of this.waiting.values()) entry.reject(new Error(`${name} exited (${code})`));
        this.waiting.clear();
        resolve(code);
      }),
    );
  }

  /** Fork a TypeScript module (run through tsx) from bench/. */
  static fork(
    name: string,
    script: string,
    { nodeArgs = [], env = {} }: { nodeArgs?: string[]; env?: Record<string, string> } = {},
  ): Child {
    const proc = fork(path.join(BENCH_DIR, script), [], {
      cwd: ROOT_DIR,
      execArgv: ['--import', 'tsx', ...nodeArgs],
      env: { ...process.env, ...env },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    pinIfAsked(name, proc);
    return new Child(name, proc);
  }

  call<T = unknown>(cmd: string, args: unknown = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ id, cmd, args } satisfies Request);
    });
  }

  /** Ask nicely (the `exit` command), then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    this.call('exit').catch(() => {});
    await this.exited;
    clearTimeout(timer);
  }
}

/** Child side: answer requests with `handlers`; `exit` runs `onExit` then leaves. */
export function serve(handlers: Handlers, onExit: () => Promise<void> | void = () => {}): void {
  process.on('message', (message: Request) => {
    const reply = (response: Omit<Response, 'id'>) => process.send?.({ id: message.id, ...response });
    if (message.cmd === 'exit') {
      Promise.resolve(onExit())
        .catch(() => {})
        .finally(() => {
          reply({ ok: true });
          setTimeout(() => process.exit(0), 20);
        });
      return;
    }
    const handler = handlers[message.cmd];
    if (!handler) {
      reply({ ok: false, error: `unknown command ${message.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args as never))
      .then(
        (value) => reply({ ok: true, value }),
        (error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The orchestrator died: do not linger.
  process.on('disconnect', () => process.exit(0));
}

/** The children BENCH_PIN names, e.g. `ours-server=0,reference-server=0,clients-1=0,clients-2=1`. */
const PINS: ReadonlyMap<string, string> = new Map(
  (process.env.BENCH_PIN ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => entry.split('=') as [string, string]),
);

/**
 * BENCH_PIN (a diagnostic, off by default): keep a child on some cores
 * (`taskset`, every thread; threads it starts later inherit the mask). On
 * 2 cores the scheduler decides where a woken receiver runs, which moved
 * the latency figures by tenths of a millisecond between servers; with
 * both servers on one core and the receivers on the other, that is taken
 * out (docs/benchmarks.md, "What to change next", Latency).
 */
function pinIfAsked(name: string, proc: ChildProcess): void {
  const cpus = PINS.get(name);
  if (cpus === undefined || proc.pid === undefined) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', cpus, String(proc.pid)], { encoding: 'utf8' });
  if (result.status !== 0) {
    proc.kill('SIGKILL');
    throw new Error(`BENCH_PIN: taskset could not pin ${name} to ${cpus}: ${result.error?.message ?? result.stderr}`);
  }
}
