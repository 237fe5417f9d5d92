/**
 * Child process: a pool of real y-websocket clients (WebsocketProvider over
 * `ws`, disableBc) driven by the orchestrator over IPC. It runs apart from the
 * server under test, so the server's process is measured alone.
 *
 * Writers edit their own option's title with lib/board's `updateOption`,
 * embedding a sequence number and the send time from the system-wide
 * monotonic clock (CLOCK_MONOTONIC via process.hrtime, identical in every
 * process on the machine); every other client in the room records
 * receive time − send time when the edit reaches its document.
 */
import crypto from 'node:crypto';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addOption, updateOption } from '@/lib/board/mutations';
import { ROOT, flatMap, optionsMap } from '@/lib/board/schema';
import { setRating } from '@/lib/board/scoring';
import { cpuNow } from './process-probes';
import { serve } from './rpc';

// Every WebsocketProvider adds a process 'exit' listener in Node.
process.setMaxListeners(0);

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export type ClientSpec = {
  readonly url: string;
  readonly room: string;
  readonly token?: string;
  /** content applied to the client's document before it connects (pushed in the handshake) */
  readonly content?: Uint8Array;
  /** a writer: the option it edits (created if missing), and its rate in updates per second */
  readonly writer?: { readonly optionId: string; readonly rate: number };
  /** latencies and counts are kept per group (e.g. per server under test); default 'default' */
  readonly group?: string;
  /**
   * false: no awareness state (y-websocket's default is an empty one, renewed
   * every 15 s). Clients opened together renew in the same seconds, and each
   * renewal is relayed to every client: at N = 250, bursts of ~62,000 sends
   * that swamp whichever server's slice they fall in.
   */
  readonly awareness?: boolean;
};

type Client = {
  readonly spec: ClientSpec;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  seq: number;
  timer: NodeJS.Timeout | null;
};

const clients: Client[] = [];
/** `updates[i]`: which update (the writer's sequence number) `latencies[i]` was measured on. */
type Tally = { latencies: number[]; updates: number[]; received: number; sent: number };
const tallies = new Map<string, Tally>();
const tally = (group = 'default'): Tally => {
  let t = tallies.get(group);
  if (!t) tallies.set(group, (t = { latencies: [], updates: [], received: 0, sent: 0 }));
  return t;
};

const onOptionsChanged = (group: Tally) => (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction): void => {
  if (transaction.local) return;
  const at = nowMs();
  for (const event of events) {
    if (!(event.target instanceof Y.Map) || !(event instanceof Y.YMapEvent) || !event.keysChanged.has('title')) continue;
    const title = event.target.get('title');
    if (typeof title !== 'string' || !title.startsWith('b ')) continue;
    const [, seq, sentAt] = title.split(' ');
    group.latencies.push(at - Number(sentAt));
    group.updates.push(Number(seq));
    group.received++;
  }
};

function open(spec: ClientSpec): Client {
  const doc = new Y.Doc();
  if (spec.content) Y.applyUpdate(doc, spec.content);
  const provider = new WebsocketProvider(spec.url, spec.room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: spec.token ? { token: spec.token } : {},
    disableBc: true,
  });
  optionsMap(doc).observeDeep(onOptionsChanged(tally(spec.group)));
  if (spec.awareness === false) provider.awareness.setLocalState(null);
  const client: Client = { spec, doc, provider, seq: 0, timer: null };
  clients.push(client);
  return client;
}

async function waitUntil(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function writeOnce(client: Client): void {
  const writer = client.spec.writer!;
  client.seq++;
  updateOption(client.doc, writer.optionId, { title: `b ${client.seq} ${nowMs().toFixed(3)}` });
  tally(client.spec.group).sent++;
}

function startWriter(client: Client, durationMs: number | null): Promise<void> {
  const writer = client.spec.writer;
  if (!writer || client.timer) return Promise.resolve();
  const interval = 1000 / writer.rate;
  const until = durationMs === null ? Infinity : performance.now() + durationMs;
  return new Promise((resolve) => {
    // A random phase, so that many 1/s writers do not all fire in the same tick.
    const first = durationMs === null ? Math.random() * interval : 0;
    const tick = () => {
      if (performance.now() >= until) {
        client.timer = null;
        resolve();
        return;
      }
      writeOnce(client);
      client.timer = setTimeout(tick, nextDelay());
    };
    // Self-correcting schedule: the n-th write is due at start + n × interval.
    const start = performance.now() + first;
    let n = 0;
    const nextDelay = () => Math.max(0, start + ++n * interval - performance.now());
    client.timer = setTimeout(tick, first);
  });
}

serve(
  {
    cpu: () => cpuNow(),

    /** Open clients; resolves when every one is synced and every writer's option exists. */
    open: async ({ specs, timeoutMs = 60_000 }: { specs: ClientSpec[]; timeoutMs?: number }) => {
      const started = performance.now();
      const opened = specs.map(open);
      await waitUntil(() => opened.every((c) => c.provider.synced), timeoutMs, `${opened.length} clients to sync`);
      for (const client of opened) {
        const writer = client.spec.writer;
        if (writer && !optionsMap(client.doc).has(writer.optionId)) {
          addOption(client.doc, { id: writer.optionId, title: 'bench writer' });
        }
      }
      return { ms: performance.now() - started, count: opened.length };
    },

    /** Wait until every open client's document holds at least `count` options. */
    waitOptions: async ({ count, timeoutMs = 30_000 }: { count: number; timeoutMs?: number }) => {
      await waitUntil(() => clients.every((c) => optionsMap(c.doc).size >= count), timeoutMs, `${count} options everywhere`);
      return clients.map((c) => optionsMap(c.doc).size);
    },

    /** Writers (of `group`, or all) write for `durationMs` (resolves when done), or until `stop` when null (resolves at once). */
    write: async ({ durationMs, group }: { durationMs: number | null; group?: string }) => {
      const runs = clients.filter((c) => group === undefined || (c.spec.group ?? 'default') === group).map((c) => startWriter(c, durationMs));
      if (durationMs !== null) await Promise.all(runs);
    },

    /**
     * Every client of `group` makes `count` ordinary edits, one update each,
     * of what its room holds: joint rooms retitle existing options, lanes
     * change an existing rater's ratings. Returns the edits made.
     */
    edit: ({ group, count }: { group: string; count: number }) => {
      let made = 0;
      for (const client of clients) {
        if ((client.spec.group ?? 'default') !== group) continue;
        const optionIds = [...optionsMap(client.doc).keys()];
        const ratingKeys = [...flatMap(client.doc, ROOT.ratings).keys()];
        for (let i = 0; i < count; i++) {
          if (optionIds.length > 0) updateOption(client.doc, optionIds[(i * 7) % optionIds.length]!, { title: `Edited while loaded (${i + 1})` });
          else if (ratingKeys.length > 0) {
            const [optionId, participantId] = ratingKeys[(i * 7) % ratingKeys.length]!.split('/') as [string, string];
            setRating(client.doc, { optionId, participantId, criterion: 'impact', value: 1 + (i % 5) });
          } else continue;
          made++;
        }
      }
      return made;
    },

    /**
     * Every client of `group` (party lanes) changes one of its raters'
     * ratings `hz` times a second for `durationMs`, as people rating the
     * board do; resolves when done with the ratings made.
     */
    rate: async ({ group, hz, durationMs }: { group: string; hz: number; durationMs: number }) => {
      const raters = clients.filter((c) => (c.spec.group ?? 'default') === group);
      let made = 0;
      await Promise.all(
        raters.map(async (client, k) => {
          const keys = [...flatMap(client.doc, ROOT.ratings).keys()];
          if (keys.length === 0) return;
          const start = performance.now() + (k * 1000) / hz / raters.length; // spread the clients over the interval
          for (let n = 0; ; n++) {
            const due = start + (n * 1000) / hz;
            if (due - start >= durationMs) return;
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
            const [optionId, participantId] = keys[(n * 7919 + k) % keys.length]!.split('/') as [string, string];
            setRating(client.doc, { optionId, participantId, criterion: 'fairness', value: 1 + ((n + k) % 5) });
            made++;
          }
        }),
      );
      return made;
    },

    /** Stop writers (of `group`, or all). */
    stop: ({ group }: { group?: string } = {}) => {
      for (const client of clients) {
        if (group !== undefined && (client.spec.group ?? 'default') !== group) continue;
        if (client.timer) clearTimeout(client.timer);
        client.timer = null;
      }
    },

    /** Latencies and counts of `group` since its previous collect, then reset. */
    collect: ({ group }: { group?: string } = {}) => {
      const t = tally(group);
      const out = { latencies: Float64Array.from(t.latencies), updates: Float64Array.from(t.updates), received: t.received, sent: t.sent };
      // reset in place: the documents' observers hold this tally
      t.latencies = [];
      t.updates = [];
      t.received = 0;
      t.sent = 0;
      return out;
    },

    /** Received so far in `group` (for waiting on stragglers). */
    received: ({ group }: { group?: string } = {}) => tally(group).received,

    /** Writes sent so far in `group`. */
    sent: ({ group }: { group?: string } = {}) => tally(group).sent,

    /** Close the clients of `group`, or all. */
    closeAll: async ({ group }: { group?: string } = {}) => {
      for (let i = clients.length - 1; i >= 0; i--) {
        const client = clients[i]!;
        if (group !== undefined && (client.spec.group ?? 'default') !== group) continue;
        clients.splice(i, 1);
        if (client.timer) clearTimeout(client.timer);
        client.provider.destroy();
        client.doc.destroy();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    },

    /**
     * Cold load, provider: one WebsocketProvider to "synced"; then its option count.
     * Times: when sync step 2 arrived on the socket, and when the provider reported synced.
     */
    loadWithProvider: async ({ url, room, token, timeoutMs = 60_000 }: { url: string; room: string; token?: string; timeoutMs?: number }) => {
      let step2At = 0;
      const started = nowMs();
      class TimedSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols);
          this.on('message', (data: Buffer | ArrayBuffer) => {
            const bytes = data instanceof ArrayBuffer ? new Uint8Array(data, 0, 2) : data;
            if (!step2At && bytes[0] === 0 && bytes[1] === 1) step2At = nowMs();
          });
        }
      }
      const doc = new Y.Doc();
      let syncedAt = 0;
      const provider = new WebsocketProvider(url, room, doc, {
        WebSocketPolyfill: TimedSocket as unknown as typeof globalThis.WebSocket,
        params: token ? { token } : {},
        disableBc: true,
      });
      provider.on('sync', (synced: boolean) => {
        if (synced && !syncedAt) syncedAt = nowMs();
      });
      try {
        await waitUntil(() => syncedAt > 0, timeoutMs, 'provider to sync');
        return { step2Ms: step2At - started, syncedMs: syncedAt - started, options: optionsMap(doc).size };
      } finally {
        provider.destroy();
        doc.destroy();
      }
    },

    /**
     * Cold load, many clients at once, speaking the y-websocket protocol on raw
     * sockets: send sync step 1 with an empty state vector, time the arrival of
     * sync step 2. Decoding a multi-megabyte document 50 times in one process
     * would measure this process, not the server, so the check is: every
     * answer is byte-identical (sha256), and `decodeOne` of them is applied to a
     * document whose options are counted (off the clock).
     */
    loadRaw: async ({ url, count, timeoutMs = 120_000 }: { url: string; count: number; timeoutMs?: number }) => {
      const emptyStep1 = Uint8Array.of(0, 0, 1, 0); // sync, step1, state vector of length 1: zero clients
      const started = nowMs();
      const results = await Promise.all(
        Array.from({ length: count }, () =>
          new Promise<{ ms: number; bytes: Buffer }>((resolve, reject) => {
            const ws = new WebSocket(url);
            const timer = setTimeout(() => reject(new Error('raw load timed out')), timeoutMs);
            ws.on('open', () => ws.send(emptyStep1));
            ws.on('error', reject);
            ws.on('message', (data: Buffer) => {
              if (data[0] === 0 && data[1] === 1) {
                clearTimeout(timer);
                resolve({ ms: nowMs() - started, bytes: data });
                ws.terminate();
              }
            });
          }),
        ),
      );
      const hashes = [...new Set(results.map((r) => crypto.createHash('sha256').update(r.bytes).digest('hex')))];
      // message: varuint 0 (sync), varuint 1 (step2), varUint8Array(update)
      const first = results[0]!.bytes;
      const doc = new Y.Doc();
      let offset = 2;
      let len = 0;
      let shift = 0;
      for (;;) {
        const byte = first[offset++]!;
        len += (byte & 0x7f) * 2 ** shift;
        shift += 7;
        if (byte < 0x80) break;
      }
      Y.applyUpdate(doc, new Uint8Array(first.buffer, first.byteOffset + offset, len));
      const options = optionsMap(doc).size;
      doc.destroy();
      return { ms: results.map((r) => r.ms), hashes, bytes: first.byteLength, options };
    },
  },
  async () => {
    for (const client of clients.splice(0)) {
      client.provider.destroy();
      client.doc.destroy();
    }
  },
);
