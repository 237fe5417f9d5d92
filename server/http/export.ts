/**
 * `GET /api/boards/:id/export?format=md|csv|json|pdf|ics&scope=shortlist|board`:
 * the board as a file, for any token of the board.
 *
 * Confidentiality is decided by what is loaded, then again by the renderer:
 * the server reads the joint room and the state room and, for a party token
 * only, that party's own lane — never another party's lane, never a lane for
 * a viewer or facilitator — and every renderer filters through visibleTo with
 * the token's audience (lib/export/audience.ts).
 *
 * PDFs are rendered in a worker thread (server/export/render-pdf.ts), never
 * on the event loop that serves every board's sync traffic.
 */
import { z } from 'zod';
import { readBoardData, type BoardData } from '@/lib/board/board-data';
import type { BoardId, PartyId } from '@/lib/board/ids';
import { jointRoom, laneRoom, stateRoom } from '@/lib/board/rooms';
import { toCsv, toIcs, toJson, toMarkdown, type Audience, type Scope } from '@/lib/export';
import { tokenFromRequest } from '../auth/authenticate';
import { assertKnownParty, authorizeBoard } from '../auth/authorize';
import type { Config } from '../config';
import { DomainError } from '../errors';
import { renderPdf } from '../export/render-pdf';
import type { Logger } from '../log';
import type { DocStore } from '../persistence/types';
import type { Room } from '../sync/room/room';
import type { RoomRegistry } from '../sync/rooms';
import { parse } from './parse';
import { SECURITY_HEADERS } from './respond';
import type { RouteContext, Router } from './router';

export type ExportDeps = {
  readonly config: Config;
  readonly store: DocStore;
  readonly registry: RoomRegistry;
  readonly log: Logger;
};

export const EXPORT_FORMATS = ['md', 'csv', 'json', 'pdf', 'ics'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
  ics: 'text/calendar; charset=utf-8',
};

export const exportQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` }),
  scope: z.enum(['shortlist', 'board'], { message: 'scope must be shortlist or board' }).default('shortlist'),
});

/** Export; its way back in, `POST /api/boards/import`, is import.ts (registered beside board creation: the same limits). */
export function registerExportRoutes(router: Router, deps: ExportDeps): void {
  router.add('GET', '/api/boards/:id/export', (ctx) => exportBoard(ctx, deps));
}

/**
 * What the file is named after: JSON and iCalendar always hold the whole
 * board (every option, every plan), whatever scope was asked for.
 */
export const fileScope = (format: ExportFormat, scope: Scope): Scope => (format === 'json' || format === 'ics' ? 'board' : scope);

async function exportBoard(ctx: RouteContext, deps: ExportDeps): Promise<void> {
  const { claims, board } = await authorizeBoard(ctx.params.id, tokenFromRequest(ctx.req.headers, ctx.url), deps);
  const query = parse(exportQuerySchema, {
    format: ctx.url.searchParams.get('format') ?? undefined,
    scope: ctx.url.searchParams.get('scope') ?? undefined,
  });
  const audience: Audience = { role: claims.r, partyId: claims.r === 'party' ? (claims.p ?? null) : null };
  assertKnownParty(claims, board);
  const data = await loadBoardData(deps.registry, board.id as BoardId, audience);
  const body = await render(data, query.format, query.scope, audience, board.id);
  const scope = fileScope(query.format, query.scope);
  ctx.res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[query.format],
    'Content-Length': body.byteLength,
    'Content-Disposition': contentDisposition(`${slugify(data.meta.title)}-${scope}.${query.format}`),
  });
  ctx.res.end(body);
  deps.log.info({ board: board.id, format: query.format, scope, role: audience.role }, 'board exported');
}

function assertReadable(room: Room): void {
  if (room.failed) throw new DomainError('unavailable', 'the board is unavailable; try again');
}

/**
 * The board as this audience may load it: joint + state, plus the party's own
 * lane for a party token. Read synchronously while the rooms are held.
 */
async function loadBoardData(registry: RoomRegistry, boardId: BoardId, audience: Audience): Promise<BoardData> {
  const data = await registry.withRoom(jointRoom(boardId), (joint) =>
    registry.withRoom(stateRoom(boardId), async (state) => {
      assertReadable(joint);
      assertReadable(state);
      const partyId = audience.role === 'party' ? audience.partyId : null;
      // Transient docs for encoded rooms (Room.read), read in one synchronous stretch.
      if (!partyId) return joint.read((jointDoc) => state.read((stateDoc) => readBoardData({ joint: jointDoc, state: stateDoc })));
      return registry.withRoom(laneRoom(boardId, partyId as PartyId), async (lane) => {
        assertReadable(lane);
        return joint.read((jointDoc) =>
          state.read((stateDoc) => lane.read((laneDoc) => readBoardData({ joint: jointDoc, state: stateDoc, lane: { doc: laneDoc, partyId } }))),
        );
      });
    }),
  );
  if (!data) throw new DomainError('unavailable', 'the board cannot be read right now; try again');
  return data;
}

async function render(data: BoardData, format: ExportFormat, scope: Scope, audience: Audience, boardId: string): Promise<Buffer> {
  switch (format) {
    case 'md':
      return Buffer.from(toMarkdown(data, { scope, audience }), 'utf8');
    case 'csv':
      return Buffer.from(toCsv(data, { scope, audience }), 'utf8');
    case 'json':
      return Buffer.from(`${JSON.stringify(toJson(data, { audience }), null, 2)}\n`, 'utf8');
    case 'ics':
      return Buffer.from(toIcs(data, { audience, boardId }), 'utf8');
    case 'pdf': {
      const bytes = await renderPdf(data, { scope, audience });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }
}

/**
 * A file name from the board's title: letters and digits of any script, runs
 * of anything else as one '-', at most 60 characters; 'board' when nothing
 * is left.
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = Array.from(slug).slice(0, 60).join('').replace(/-+$/, '');
  return cut || 'board';
}

/**
 * `attachment` with an ASCII `filename` for old clients and the exact name
 * as RFC 8187 `filename*` (RFC 6266 §4.3: clients that know it prefer it).
 */
export function contentDisposition(name: string): string {
  const ascii =
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+/, '') || 'board';
  // attr-char of RFC 8187: ALPHA DIGIT ! # $ & + - . ^ _ ` | ~ ; everything else percent-encoded
  const encoded = Array.from(new TextEncoder().encode(name), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9!#$&+\-.^_`|~]/.test(char) && byte < 0x80 ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
