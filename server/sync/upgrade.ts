/**
 * HTTP upgrade → authorized sync socket.
 *
 * Order: path → Origin (HTTP 403, before upgrading: a cross-site page must
 * not even get a socket) → socket caps (process, address: 1013) → room name
 * (4400) → failed-join limit (1013) → token (4401/4403). Refusals after the
 * Origin check ACCEPT the socket and close it at once, because a browser only
 * ever sees the close code, never an HTTP status; the close comes before any
 * document byte could be sent, since the room is not touched until then.
 *
 * Attack 3: a token for a board that does not exist is refused exactly like
 * a forged token for one that does (4401 "unauthorized"), so board ids cannot
 * be probed; each refused token counts against its address's failed-join
 * budget.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { roomAccess } from '@/lib/board/access';
import { parseRoomName } from '@/lib/board/rooms';
import { clientAddress } from '../auth/address';
import { authenticate } from '../auth/authenticate';
import type { FailedJoinLimiter } from '../auth/failed-joins';
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
  readonly failedJoins: FailedJoinLimiter;
  /** non-/sync upgrades (Next.js dev HMR); destroyed when absent */
  readonly fallback?: UpgradeHandler;
};

export type SyncUpgrade = {
  readonly handle: UpgradeHandler;
  readonly wss: WebSocketServer;
  /** shutdown: refuse new sync sockets with HTTP 503 */
  readonly stopAccepting: () => void;
  /** sync sockets being upgraded or open (what MAX_CONNECTIONS counts) */
  readonly socketCount: () => number;
};

export function createUpgradeHandler(deps: UpgradeDeps): SyncUpgrade {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.config.limits.maxMessageBytes });
  const { limits } = deps.config;
  let accepting = true;
  // Sockets counted from the moment they pass the caps until the TCP socket
  // closes, so a burst of simultaneous upgrades (still authenticating) cannot
  // overshoot the caps.
  let sockets = 0;
  const perAddress = new Map<string, number>();

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const acceptAndClose = (req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) => {
    deps.metrics.closes.inc({ code: String(code) });
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => ws.close(code, reason));
  };
  const overLimit = (req: IncomingMessage, socket: Duplex, head: Buffer, limit: string, address: string, reason: string) => {
    deps.metrics.limitRefusals.inc({ limit });
    deps.log.warn({ limit, address, url: redactUrl(req.url), code: CLOSE.tryLater }, `websocket refused: ${reason}`);
    acceptAndClose(req, socket, head, CLOSE.tryLater, reason);
  };
  const track = (socket: Duplex, address: string) => {
    sockets++;
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    socket.once('close', () => {
      sockets--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
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
    const address = clientAddress(req, deps.config.trustProxy);
    if (sockets >= limits.maxConnections) {
      return overLimit(req, socket, head, 'connections', address, 'server busy');
    }
    if ((perAddress.get(address) ?? 0) >= limits.maxConnectionsPerIp) {
      return overLimit(req, socket, head, 'connections_per_ip', address, 'too many connections from this address');
    }
    track(socket, address);
    // y-websocket appends the room unencoded (/sync/B/party/p1); other clients may encode it.
    const ref = parseRoomName(safeDecode(url.pathname.slice(SYNC_PREFIX.length)) ?? '');
    if (!ref) return acceptAndClose(req, socket, head, CLOSE.badRoom, 'invalid room');
    if (deps.failedJoins.blocked(address)) {
      return overLimit(req, socket, head, 'failed_joins', address, 'too many failed attempts');
    }

    const refusedJoin = (code: number, reason: string, detail: string) => {
      deps.metrics.authFailures.inc({ reason: detail });
      const exhausted = deps.failedJoins.fail(address);
      deps.log.info({ url: redactUrl(req.url), address, reason: detail, code }, 'websocket refused: token');
      if (exhausted) deps.log.warn({ address, limit: 'failed_joins' }, 'failed-join budget used up; refusing this address for now');
      acceptAndClose(req, socket, head, code, reason);
    };

    void authenticate(url.searchParams.get('token'), deps.store, deps.config.secret).then(
      (auth) => {
        if (socket.destroyed) return;
        // An unknown board is refused exactly like a forged token (same code, same reason).
        if (!auth.ok) return refusedJoin(CLOSE.unauthorized, 'unauthorized', auth.reason);
        const access = roomAccess(auth.claims, ref);
        if (access === 'none') return refusedJoin(CLOSE.forbidden, 'forbidden', 'no-access');
        wss.handleUpgrade(req, socket, head, (ws) => {
          deps.log.debug({ url: redactUrl(req.url), address, role: auth.claims.r, access }, 'websocket accepted');
          deps.registry.connect(ref, ws, access, auth.claims);
        });
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
    socketCount: () => sockets,
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
