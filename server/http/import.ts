/**
 * `POST /api/boards/import`: a JSON export file (docs/export-format.md) →
 * a NEW board with the same content and fresh links. No token: like
 * `POST /api/boards`, anyone may start a board, within the same limits
 * (./board-limits.ts, attack 18), and an import's bytes also count against
 * its address's daily import quota. The file is read here, then parsed,
 * validated (parseBoardExport) and built into fresh encoded documents
 * (importIntoDocs, seedLanes) in the import worker thread
 * (server/import/run-import.ts), off the event loop; at most two files are
 * there at a time per process (more: 503 busy). The result is stored
 * through the same path as board creation (server/boards/create.ts): board
 * row and initial documents in one transaction.
 */
import { storeEncodedBoard } from '../boards/create';
import { isDomainError } from '../errors';
import type { Config } from '../config';
import { importsBusy, importsBusyError, runImport } from '../import/run-import';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { DocStore } from '../persistence/types';
import type { BoardLimits } from './board-limits';
import { publicOrigin } from './origin';
import { readBody, sendJson } from './respond';
import type { RouteContext, Router } from './router';
import type { ExportError } from '@/lib/export';

export type ImportDeps = {
  readonly config: Config;
  readonly store: DocStore;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly boardLimits: BoardLimits;
};

/** An export file may be much larger than a creation form. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Problems listed in a 422 answer (the count says how many there were). */
export const MAX_LISTED_ERRORS = 20;

export function registerImportRoute(router: Router, deps: ImportDeps): void {
  router.add('POST', '/api/boards/import', (ctx) => importBoard(ctx, deps));
}

function refuse(ctx: RouteContext, errors: readonly ExportError[]): void {
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  sendJson(ctx.res, 422, {
    error: {
      code: 'invalid_export',
      message: `${first!.path}: ${first!.message}${more}`,
      field: first!.path,
      errors: errors.slice(0, MAX_LISTED_ERRORS),
      errorCount: errors.length,
    },
  });
}

/** Count (and log) an import refused because the worker is full; returns the error to throw. */
function countBusy(deps: ImportDeps, error: Error): Error {
  deps.metrics.limitRefusals.inc({ limit: 'import_busy' });
  deps.log.warn({ limit: 'import_busy' }, 'import refused: the import worker is full');
  return error;
}

async function importBoard(ctx: RouteContext, deps: ImportDeps): Promise<void> {
  // Checked first, so a bad Host cannot leave a board nobody has links to.
  const origin = publicOrigin(ctx.req, deps.config);
  const ticket = deps.boardLimits.admit(ctx.req, ctx.res);
  if (!ticket) return;
  try {
    // Refused before the file is read when the worker is full anyway.
    if (importsBusy()) throw countBusy(deps, importsBusyError());
    const bytes = await readBody(ctx.req, MAX_IMPORT_BYTES);
    if (!ticket.addBytes(bytes.byteLength)) return;
    const now = Date.now();
    const built = await runImport(bytes, now).catch((error: unknown) => {
      throw isDomainError(error, 'busy') ? countBusy(deps, error) : error;
    });
    if (!built.ok) return refuse(ctx, built.errors);
    const { board } = built;
    const stored = await storeEncodedBoard(deps, origin, { ...board, createdAt: now });
    ticket.done();
    deps.log.info({ board: stored.id, options: board.options, parties: board.parties.length }, 'board imported');
    sendJson(ctx.res, 201, stored);
  } finally {
    ticket.release();
  }
}
