/**
 * Helpers for the facilitation and score-secrecy tests: calling the
 * facilitation endpoints, and y-websocket providers whose every received
 * frame is recorded (to check what bytes reach whom).
 */
import type { TestContext } from 'node:test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readPublishedRatings } from '@/lib/board/board-data';
import { type Harness, type RawSocket, waitFor } from './harness';
import { syncStep1Message } from '../sync/protocol';

export type ApiAnswer = { status: number; body: Record<string, unknown> & { error?: { code: string; field?: string; message: string } } };

/** POST /api/boards/:id/<action> with a bearer token (null: none). */
export async function act(h: Harness, boardId: string, action: string, token: string | null, body: unknown): Promise<ApiAnswer> {
  const res = await h.fetch(`/api/boards/${boardId}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ApiAnswer['body'] };
}

/** Like `act`, but the answer must be 200. */
export async function ok(h: Harness, boardId: string, action: string, token: string, body: unknown): Promise<ApiAnswer['body']> {
  const answer = await act(h, boardId, action, token, body);
  if (answer.status !== 200) throw new Error(`${action} ${JSON.stringify(body)}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

function toBytes(data: WebSocket.RawData | ArrayBuffer): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}

export type TappedProvider = { doc: Y.Doc; provider: WebsocketProvider; frames: Uint8Array[] };

/**
 * A synced y-websocket provider that records every frame its sockets
 * receive (across reconnects) into `frames`.
 */
export async function tappedProvider(
  t: TestContext,
  h: Harness,
  room: string,
  token: string,
  frames: Uint8Array[] = [],
): Promise<TappedProvider> {
  class TappedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: WebSocket.RawData) => frames.push(toBytes(data)));
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(h.wsUrl, room, doc, {
    WebSocketPolyfill: TappedWebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  t.after(() => {
    provider.destroy();
    doc.destroy();
  });
  await waitFor(() => provider.synced, { what: `tapped provider on ${room} to sync` });
  return { doc, provider, frames };
}

/** A raw socket that asks for the whole document (sync step 1 from an empty doc) and records everything. */
export async function rawReader(h: Harness, room: string, token: string): Promise<RawSocket> {
  const socket = h.raw(room, token);
  await socket.opened;
  socket.send(syncStep1Message(new Y.Doc()));
  return socket;
}

/** Whether any frame contains the UTF-8 bytes of `text`. */
export function framesContain(frames: readonly Uint8Array[], text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  return frames.some((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).includes(needle));
}

/** A Y.Map root as a plain object. */
export function plain(doc: Y.Doc, root: string): Record<string, unknown> {
  return doc.getMap(root).toJSON();
}

/** The state room's published ratings, one key per criterion (`option/party/participant/criterion` → value), as readers see them. */
export function publishedByCriterion(doc: Y.Doc): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const r of readPublishedRatings(doc)) flat[`${r.optionId}/${r.partyId}/${r.participantId}/${r.criterion}`] = r.value;
  return flat;
}
