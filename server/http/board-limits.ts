/**
 * Limits on the unauthenticated routes that make boards (attack 18):
 * `POST /api/boards` and `POST /api/boards/import` share
 *
 *   board_rate          per address: a token bucket (BOARDS_BURST_PER_IP,
 *                       refilled at BOARDS_PER_MINUTE_PER_IP);
 *   board_rate_process  all addresses together (BOARDS_PER_MINUTE, burst
 *                       the same): per process, also with scale-out;
 *   board_quota         boards per address per day (BOARDS_PER_DAY_PER_IP);
 *
 * and imports also count their bytes against
 *
 *   import_bytes_quota  bytes imported per address per day (IMPORT_BYTES_PER_DAY_PER_IP).
 *
 * Rates count attempts (a refused file still cost us a read); the daily
 * quotas count what was made: a request that ends without a board gives
 * its reservation back. Refusals answer 429 with Retry-After (seconds) and
 * `rate_limited` or `quota_exceeded`, are counted in
 * cg_limit_refusals_total{limit} and logged at warn with the address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../auth/address';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { DailyQuota, TokenBuckets } from './rate-limit';
import { MAX_BODY_BYTES, sendJson } from './respond';

export type BoardLimitName = 'board_rate' | 'board_rate_process' | 'board_quota' | 'import_bytes_quota';

export type BoardLimitDeps = { readonly config: Config; readonly metrics: Metrics; readonly log: Logger };

/** One admitted request's reservations: `release` them unless it made a board. */
export type BoardTicket = {
  readonly address: string;
  /** Count `bytes` of a file against the address's daily import bytes; false when refused (answered). */
  addBytes(bytes: number): boolean;
  /** The board was made: keep what was reserved. */
  done(): void;
  /** Nothing was made: give the reservations back (no-op after done). */
  release(): void;
};

const PROCESS_KEY = '';

/**
 * Whether the refused request declares a body larger than a creation form
 * (an import file, up to 5 MiB). Such a body is not read: the answer closes
 * the connection. Read and discarded instead (as Node does to keep a
 * connection alive), a flood of refused 4.5 MiB files cost the event loop
 * seconds of garbage collection (bench/flood.ts); a client still sending
 * may then see the connection reset rather than the 429.
 */
function largeBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES || req.headers['transfer-encoding'] !== undefined;
}

export class BoardLimits {
  private readonly perAddress: TokenBuckets;
  private readonly perProcess: TokenBuckets;
  private readonly boards: DailyQuota;
  private readonly bytes: DailyQuota;
  /** when each `limit address` was last logged */
  private readonly logged = new Map<string, number>();

  constructor(
    private readonly deps: BoardLimitDeps,
    now: () => number = Date.now,
  ) {
    const limits = deps.config.limits;
    this.perAddress = new TokenBuckets(limits.boardsBurstPerIp, limits.boardsPerMinutePerIp, now);
    this.perProcess = new TokenBuckets(limits.boardsPerMinute, limits.boardsPerMinute, now);
    this.boards = new DailyQuota(limits.boardsPerDayPerIp, now);
    this.bytes = new DailyQuota(limits.importBytesPerDayPerIp, now);
  }

  /**
   * Admit one board-making request, or answer it 429 and return null.
   * The caller must `done()` or `release()` the ticket.
   */
  admit(req: IncomingMessage, res: ServerResponse): BoardTicket | null {
    const address = clientAddress(req, this.deps.config.trustProxy);
    const refusal =
      this.refusal(res, address, 'board_rate', this.perAddress.wait(address)) ||
      this.refusal(res, address, 'board_quota', this.boards.wait(address, 1)) ||
      this.refusal(res, address, 'board_rate_process', this.perProcess.wait(PROCESS_KEY));
    if (refusal) return null;
    this.perAddress.take(address);
    this.perProcess.take(PROCESS_KEY);
    this.boards.reserve(address, 1);
    let bytes = 0;
    let settled = false;
    return {
      address,
      addBytes: (count) => {
        if (this.refusal(res, address, 'import_bytes_quota', this.bytes.wait(address, count))) return false;
        this.bytes.reserve(address, count);
        bytes += count;
        return true;
      },
      done: () => {
        settled = true;
      },
      release: () => {
        if (settled) return;
        settled = true;
        this.boards.release(address, 1);
        if (bytes > 0) this.bytes.release(address, bytes);
      },
    };
  }

  /** Answer 429 when `retryAfter` > 0 (true: answered). */
  private refusal(res: ServerResponse, address: string, limit: BoardLimitName, retryAfter: number): boolean {
    if (retryAfter <= 0) return false;
    this.deps.metrics.limitRefusals.inc({ limit });
    // Logged once a minute per address and limit: a flood of refusals must not become a flood of log lines.
    const key = `${limit} ${address}`;
    const now = Date.now();
    if ((this.logged.get(key) ?? -Infinity) <= now - 60_000) {
      if (this.logged.size >= 10_000) this.logged.clear();
      this.logged.set(key, now);
      this.deps.log.warn({ address, limit, retryAfter }, 'request refused: board creation limit');
    }
    const quota = limit === 'board_quota' || limit === 'import_bytes_quota';
    sendJson(
      res,
      429,
      {
        error: quota
          ? { code: 'quota_exceeded', message: `this address has made as many ${limit === 'board_quota' ? 'boards' : 'imports'} as it may today; try again later` }
          : { code: 'rate_limited', message: 'too many boards are being made right now; try again in a moment' },
      },
      { 'Retry-After': String(retryAfter), ...(largeBody(res.req) ? { Connection: 'close' } : {}) },
    );
    return true;
  }
}
