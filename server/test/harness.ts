/**
 * Test harness: a real server on port 0 with a temporary DATA_DIR, boards
 * created through the real HTTP API, real y-websocket providers (over `ws`)
 * and raw sockets that record every byte. Everything a test opens is closed
 * by `t.after`, so node:test can exit. Nothing here sleeps: `waitFor` polls
 * state.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { TestContext } from 'node:test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TokenClaims } from '@/lib/board/access';
import { optionsMap } from '@/lib/board/schema';
import { createCommonGroundServer, type CommonGroundServer } from '../app';
import type { RoomExtension } from '../sync/room/extension';
import { boardKey, sign } from '../auth/tokens';
import { loadConfig, type Config } from '../config';
import { createLogger } from '../log';
import type { DocStore } from '../persistence/types';

export const TEST_SECRET = 'common-ground-test-secret-0123456789abcdef';

/**
 * Small limits and timers so the suite stays fast; generous rates so bursts
 * pass, and per-address limits off (every test client is 127.0.0.1): the
 * limit tests set their own.
 */
export const TEST_ENV: Readonly<Record<string, string>> = {
  COMMON_GROUND_SECRET: TEST_SECRET,
  LOG_LEVEL: 'silent',
  ROOM_UNLOAD_GRACE_MS: '50',
  KEEPALIVE_MS: '1000',
  MESSAGES_PER_SECOND: '100000',
  BYTES_PER_SECOND: String(256 * 1024 * 1024),
  MAX_CONNECTIONS_PER_IP: '100000',
  FAILED_JOINS_PER_MINUTE: '100000',
  BOARDS_PER_MINUTE_PER_IP: '100000',
  BOARDS_BURST_PER_IP: '100000',
  BOARDS_PER_MINUTE: '100000',
  BOARDS_PER_DAY_PER_IP: '100000',
  IMPORT_BYTES_PER_DAY_PER_IP: String(100 * 1024 * 1024 * 1024),
};

export type HarnessOptions = {
  /** wrap or replace the storage driver (built again on every restart) */
  readonly store?: (config: Config) => DocStore;
  /** collect every log line (JSON text) here; set LOG_LEVEL in env to see anything */
  readonly logLines?: string[];
  /** room extensions added after the server's own (server/sync/room/extension.ts) */
  readonly extensions?: readonly RoomExtension[];
};

export type CreatedBoard = {
  id: string;
  links: {
    facilitator: { url: string; token: string };
    viewer: { url: string; token: string };
    parties: { partyId: string; name: string; url: string; token: string }[];
  };
};

export type CloseInfo = { code: number; reason: string; httpStatus?: number };

/** A raw websocket that records every message it receives. */
export class RawSocket {
  readonly messages: Uint8Array[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<CloseInfo>;
  closeInfo: CloseInfo | null = null;

  constructor(readonly ws: WebSocket) {
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer) => this.messages.push(new Uint8Array(data)));
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('close', () => reject(new Error('closed before open')));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      ws.on('unexpected-response', (req, res) => {
        this.closeInfo = { code: -1, reason: 'http', httpStatus: res.statusCode };
        resolve(this.closeInfo);
        req.destroy();
      });
      ws.on('error', () => {});
      ws.on('close', (code, reason) => {
        this.closeInfo ??= { code, reason: reason.toString() };
        resolve(this.closeInfo);
      });
    });
  }

  send(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }
}

export type TestProvider = { doc: Y.Doc; provider: WebsocketProvider; closeCodes: (number | null)[] };

export class Harness {
  /** the in-process server (absent for `external`) */
  server!: CommonGroundServer;
  port = 0;
  private readonly providers = new Set<TestProvider>();
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    readonly dataDir: string,
    readonly env: Record<string, string>,
    private readonly options: HarnessOptions = {},
  ) {}

  /** Start a server on a fresh DATA_DIR; everything is cleaned up after the test. */
  static async start(t: TestContext, env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-test-'));
    const harness = new Harness(dataDir, { ...TEST_ENV, ...env, DATA_DIR: dataDir }, options);
    t.after(() => harness.cleanup());
    await harness.boot();
    return harness;
  }

  /** Client helpers only, against a server running elsewhere (a child process). */
  static external(t: TestContext, port: number): Harness {
    const harness = new Harness('', {});
    harness.port = port;
    t.after(() => harness.cleanup());
    return harness;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/sync`;
  }

  /**
   * Close the server gracefully and start a new one on the same DATA_DIR.
   * `samePort` keeps the address, so clients already running reconnect to it.
   */
  async restart({ samePort = false }: { samePort?: boolean } = {}): Promise<void> {
    if (this.server.httpServer.listening) await this.server.close();
    await this.boot(samePort ? this.port : 0);
  }

  fetch(pathname: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.httpUrl}${pathname}`, init);
  }

  async createBoard(
    body: unknown = { title: 'Water rights', question: 'How do we share the river?', parties: ['Farmers', 'City'] },
  ): Promise<CreatedBoard> {
    const res = await this.fetch('/api/boards', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`createBoard: ${res.status} ${await res.text()}`);
    return (await res.json()) as CreatedBoard;
  }

  /** A y-websocket provider on `room`; resolves once it is synced. */
  async provider(room: string, token: string, doc: Y.Doc = new Y.Doc()): Promise<TestProvider> {
    const entry = this.openProvider(room, token, doc);
    await waitFor(() => entry.provider.synced, { what: `provider on ${room} to sync` });
    return entry;
  }

  /** A provider that is not awaited (for refused or interrupted connections). */
  openProvider(room: string, token: string, doc: Y.Doc = new Y.Doc(), serverUrl = this.wsUrl): TestProvider {
    const provider = new WebsocketProvider(serverUrl, room, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      // Node 20 has BroadcastChannel: without this, providers in one process
      // would sync with each other directly and hide server bugs.
      disableBc: true,
      maxBackoffTime: 200,
    });
    const entry: TestProvider = { doc, provider, closeCodes: [] };
    provider.on('connection-close', (event) => entry.closeCodes.push(event?.code ?? null));
    this.providers.add(entry);
    return entry;
  }

  destroyProvider(entry: TestProvider): void {
    entry.provider.destroy();
    entry.doc.destroy();
    this.providers.delete(entry);
  }

  /** A raw socket on `/sync/<room>` (room is used as given: encode it yourself if needed). */
  raw(room: string, token?: string | null, headers: Record<string, string> = {}): RawSocket {
    const query = token === undefined || token === null ? '' : `?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(`${this.wsUrl}/${room}${query}`, { headers });
    this.sockets.add(ws);
    return new RawSocket(ws);
  }

  /**
   * Proof that a board is served: a write by one fresh client reaches another.
   * Limit tests call it on an unrelated board to show nothing else broke.
   */
  async roundTrip(board: CreatedBoard, what = 'a round trip on another board'): Promise<void> {
    const writer = await this.provider(board.id, board.links.parties[0]!.token);
    const reader = await this.provider(board.id, board.links.viewer.token);
    const id = `rt-${Math.random().toString(36).slice(2, 10)}`;
    addOption(writer.doc, id, 'round trip');
    await waitFor(() => optionTitles(reader.doc)[id] === 'round trip', { what });
    this.destroyProvider(writer);
    this.destroyProvider(reader);
  }

  /** A value from /metrics: `name` as it appears, labels included (`cg_ws_closes_total{code="1013"}`); 0 when absent. */
  async metric(name: string): Promise<number> {
    const text = await (await this.fetch('/metrics')).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.slice(name.length + 1)) : 0;
  }

  /** Mint a token with the test secret (for expired, other-epoch … cases). */
  mint(claims: TokenClaims): string {
    return sign(claims, boardKey(Buffer.from(TEST_SECRET, 'utf8'), claims.b, claims.e));
  }

  async cleanup(): Promise<void> {
    for (const entry of this.providers) this.destroyProvider(entry);
    for (const ws of this.sockets) ws.terminate();
    await this.server?.close();
    if (this.dataDir) await fs.rm(this.dataDir, { recursive: true, force: true });
  }

  private async boot(port = 0): Promise<void> {
    const config = loadConfig(this.env);
    const { logLines } = this.options;
    const logger = logLines
      ? createLogger(
          config.logLevel,
          new Writable({
            write(chunk, _encoding, done) {
              logLines.push(String(chunk));
              done();
            },
          }),
        )
      : undefined;
    this.server = createCommonGroundServer({ config, logger, store: this.options.store?.(config), extensions: this.options.extensions });
    ({ port: this.port } = await this.server.listen(port, '127.0.0.1'));
  }
}

/** Send sync step 1 and wait for step 2: the socket is admitted and served. */
export async function served(socket: RawSocket): Promise<void> {
  await socket.opened;
  socket.send(new Uint8Array([0, 0, 1, 0]));
  await waitFor(() => socket.messages.some((m) => m[0] === 0 && m[1] === 1), { what: 'sync step 2' });
}

/** Poll `predicate` until it holds (setTimeout 10 ms), or fail after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Add an option record to a joint doc (the test's stand-in for lib/board mutations). */
export function addOption(doc: Y.Doc, id: string, title: string): void {
  doc.transact(() => {
    const record = new Y.Map<unknown>();
    record.set('title', title);
    record.set('description', '');
    record.set('order', 'a0');
    record.set('createdAt', Date.now());
    optionsMap(doc).set(id, record);
  });
}

/**
 * A write burst for the kill tests: the writer adds one option per macrotask
 * (each its own message) until stopped; `seen` collects every option the
 * observer received.
 */
export function burst(writer: TestProvider, observer: TestProvider) {
  const seen = new Set<string>();
  optionsMap(observer.doc).observe((event) => {
    for (const key of event.keysChanged) seen.add(key);
  });
  let written = 0;
  let writing = true;
  const done = (async () => {
    while (writing) {
      addOption(writer.doc, `w${written}`, `burst ${written}`);
      written++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    seen,
    written: () => written,
    stop: async () => {
      writing = false;
      await done;
    },
  };
}

export function optionTitles(doc: Y.Doc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, record] of optionsMap(doc)) out[id] = record.get('title');
  return out;
}

/** The text of a room as a fresh reader sees it: load it through the store. */
export async function storedDoc(server: CommonGroundServer, room: string): Promise<Y.Doc> {
  const loaded = await server.store.loadRoom(room);
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const row of loaded.updates) Y.applyUpdate(doc, row.data);
  return doc;
}
