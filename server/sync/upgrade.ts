/**
 * HTTP upgrade → authorized sync socket.
 *
 * Order: path → Origin (HTTP 403, before upgrading: a cross-site page must
 * not even get a socket) → room name → token. Auth failures ACCEPT the
 * socket and close it at once with 4401/4403, because a browser only ever
 * sees the close code, never an HTTP status; the close comes before any
 * document byte could be sent, since the room is not touched until then.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { roomAccess } from '@/lib/board/access';
import { parseRoomName } from '@/lib/board/rooms';
import { authenticate } from '../auth/authenticate';
import type { Config } from '../config';
import { redactUrl, type Logger } from '../log';
import type { Metrics } from '../metrics';
import type { DocStore } from '../persistence/types';
import { CLOSE } from './protocol';
import type { RoomRegistry } from './rooms';

export const SYNC_PREFIX = '/sync/';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export type UpgradeDeps = {
  readonly config: Config;
  readonly store: DocStore;
  readonly registry: RoomRegistry;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** non-/sync upgrades (Next.js dev HMR); destroyed when absent */
  readonly fallback?: UpgradeHandler;
};

export type SyncUpgrade = {
  readonly handle: UpgradeHandler;
  readonly wss: WebSocketServer;
  /** shutdown: refuse new sync sockets with HTTP 503 */
  readonly stopAccepting: () => void;
};

export function createUpgradeHandler(deps: UpgradeDeps): SyncUpgrade {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.limits.maxMessageBytes });
  let accepting = true;

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const acceptAndClose = (req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) => {
    deps.metrics.closes.inc({ code: String(code) });
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => ws.close(code, reason));
  };

  const handle: UpgradeHandler = (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(SYNC_PREFIX)) {
      if (deps.fallback) return deps.fallback(req, socket, head);
      socket.destroy();
      return;
    }
    socket.on('error', () => socket.destroy());
    if (!accepting) return refuse(socket, 503, 'Service Unavailable');
    if (!originAllowed(req.headers.origin, req.headers.host, deps.config.allowedOrigins)) {
      deps.log.warn({ origin: req.headers.origin, url: redactUrl(req.url) }, 'websocket refused: origin');
      return refuse(socket, 403, 'Forbidden');
    }
    if (deps.registry.connectionCount >= deps.config.limits.maxConnections) {
      return acceptAndClose(req, socket, head, CLOSE.tryLater, 'server busy');
    }
    // y-websocket appends the room unencoded (/sync/B/party/p1); other clients may encode it.
    const ref = parseRoomName(safeDecode(url.pathname.slice(SYNC_PREFIX.length)) ?? '');
    if (!ref) return acceptAndClose(req, socket, head, CLOSE.badRoom, 'invalid room');

    void authenticate(url.searchParams.get('token'), deps.store, deps.config.secret).then(
      (auth) => {
        if (socket.destroyed) return;
        if (!auth.ok) {
          deps.log.info({ url: redactUrl(req.url), reason: auth.reason }, 'websocket refused: token');
          // An unknown board looks like a forbidden one, never like "no such board".
          const code = auth.reason === 'unknown-board' ? CLOSE.forbidden : CLOSE.unauthorized;
          return acceptAndClose(req, socket, head, code, code === CLOSE.forbidden ? 'forbidden' : 'unauthorized');
        }
        const access = roomAccess(auth.claims, ref);
        if (access === 'none') return acceptAndClose(req, socket, head, CLOSE.forbidden, 'forbidden');
        wss.handleUpgrade(req, socket, head, (ws) => deps.registry.connect(ref, ws, access));
      },
      (error: unknown) => {
        deps.log.error({ err: error, url: redactUrl(req.url) }, 'websocket auth failed');
        acceptAndClose(req, socket, head, CLOSE.tryLater, 'try again later');
      },
    );
  };

  return {
    handle: (req, socket, head) => {
      try {
        handle(req, socket, head);
      } catch (error) {
        deps.log.error({ err: error }, 'upgrade failed');
        socket.destroy();
      }
    },
    wss,
    stopAccepting: () => {
      accepting = false;
    },
  };
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * No Origin header: a non-browser client (which could forge one anyway), allowed.
 * Otherwise exact match against the allowlist, or, with no list, same origin:
 * the Origin's host must equal the Host the request was sent to.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[] | null,
): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const parsed = new URL(origin);
  if (allowed) return allowed.includes(parsed.origin);
  return host !== undefined && parsed.host === host.toLowerCase();
}
